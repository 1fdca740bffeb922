"""Creating centres and their members."""

from django.contrib.auth import get_user_model
from django.db import transaction

from assessment.models import AuditEvent, Centre, Membership
from assessment.regions import region_of
from assessment.services.audit import audit_record


@transaction.atomic
def centre_create(
    *,
    name: str,
    province: str,
    prefecture: str,
    resource_tier: str,
    population: int | None = None,
    staff_count: int | None = None,
    is_demo: bool = False,
) -> Centre:
    """Create a centre; its region is derived from the province (KeyError for an unknown province)."""
    return Centre.objects.create(
        name=name,
        province=province,
        prefecture=prefecture,
        region=region_of(province),
        resource_tier=resource_tier,
        population=population,
        staff_count=staff_count,
        is_demo=is_demo,
    )


@transaction.atomic
def member_create(
    *, centre: Centre, username: str, email: str, role: str, full_name: str = "", password: str | None = None, by=None
) -> Membership:
    """Create a user and make them a member of ``centre`` (recorded in the audit log as done ``by``); without
    a password the account cannot log in until the person sets one through the password-reset link."""
    user = get_user_model().objects.create_user(username=username, email=email, password=password, first_name=full_name)
    membership = Membership.objects.create(user=user, centre=centre, role=role)
    audit_record(
        actor=by,
        centre=centre,
        kind=AuditEvent.Kind.MEMBERSHIP,
        subject=username,
        new={"username": username, "name": full_name, "role": role},
    )
    return membership
