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
def action_item_add(*, assessment: Assessment, **fields) -> tuple[ActionItem, bool]:
    """Add an item to the plan unless it is already there: ``(item, created)``.

    "Already there" is the same indicator code and title on the same assessment, which is what a
    recommendation's button sends each time it is pressed (twice by a double click, or once from the
    优先事项 and once from its pillar). The assessment row is locked so two members pressing at the same
    moment still make one item.
    """
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    existing = ActionItem.objects.filter(
        assessment=assessment, indicator_code=fields.get("indicator_code", ""), title=fields["title"]
    ).first()
    if existing is not None:
        return existing, False
    return action_item_save(assessment=assessment, **fields), True


@transaction.atomic
def action_item_delete(*, item: ActionItem) -> None:
    item.delete()
