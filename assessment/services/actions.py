"""The centre's action plan."""

from django.db import transaction

from assessment.models import ActionItem, Assessment


@transaction.atomic
def action_item_save(*, assessment: Assessment, item: ActionItem | None = None, **fields) -> ActionItem:
    """Create an item on ``assessment`` (``item`` None) or update ``item`` with ``fields``."""
    item = item or ActionItem(assessment=assessment)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_item_delete(*, item: ActionItem) -> None:
    item.delete()
