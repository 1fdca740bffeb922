"""Creating centres and their members, one at a time or many at once (the bulk import)."""

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.db import transaction

from assessment.models import AuditEvent, Centre, Membership
from assessment.regions import region_of
from assessment.scales import profile_of
from assessment.services.audit import audit_event, audit_event_save

if TYPE_CHECKING:  # only the shape of the plan; creating members does not need the file reader
    from assessment.importer import CentreSpec

# Rows per INSERT in the bulk path: PostgreSQL takes at most 65,535 parameters a statement (a user has 11
# columns); on SQLite Django lowers it further to its own limit of 999 parameters.
BULK_BATCH_SIZE = 1000


def centre_build(
    *,
    name: str,
    province: str,
    prefecture: str,
    resource_tier: str,
    population: int | None = None,
    staff_count: int | None = None,
    is_demo: bool = False,
    **profile,
) -> Centre:
    """An unsaved centre; its region is derived from the province (KeyError for an unknown province).
    ``profile``: any other field of its size profile (``scales.PROFILE_FIELDS``: towns, villages, the years)."""
    unknown = set(profile) - set(profile_of(Centre()))
    if unknown:
        raise TypeError(f"centre_build() got unexpected keyword arguments {sorted(unknown)}")
    return Centre(
        name=name,
        province=province,
        prefecture=prefecture,
        region=region_of(province),
        resource_tier=resource_tier,
        population=population,
        staff_count=staff_count,
        is_demo=is_demo,
        **profile,
    )


@transaction.atomic
def centre_create(**fields) -> Centre:
    """Create a centre from the fields ``centre_build`` takes; its region is derived from the province
    (KeyError for an unknown province)."""
    centre = centre_build(**fields)
    centre.save(force_insert=True)
    return centre


def member_user_build(*, username: str, email: str, full_name: str = "", password: str | None = None):
    """An unsaved user, normalised as ``create_user`` does; without a password it cannot log in until the
    person sets one through the password-reset link (and no time is spent hashing)."""
    user_model = get_user_model()
    user = user_model(
        username=user_model.normalize_username(username), email=BaseUserManager.normalize_email(email), first_name=full_name
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    return user


def membership_audit_event(*, centre: Centre, username: str, full_name: str, role: str, by) -> AuditEvent:
    """The unsaved audit event that records ``username`` joining ``centre`` as ``role``, done ``by``
    (None: the system). Every way of adding a member records it through this one function."""
    return audit_event(
        actor=by,
        centre_id=centre.pk,
        kind=AuditEvent.Kind.MEMBERSHIP,
        subject=username,
        new={"username": username, "name": full_name, "role": role},
    )


@transaction.atomic
def member_create(
    *, centre: Centre, username: str, email: str, role: str, full_name: str = "", password: str | None = None, by=None
) -> Membership:
    """Create a user and make them a member of ``centre`` (recorded in the audit log as done ``by``); without
    a password the account cannot log in until the person sets one through the password-reset link."""
    user = member_user_build(username=username, email=email, full_name=full_name, password=password)
    user.save(force_insert=True)
    membership = Membership.objects.create(user=user, centre=centre, role=role)
    membership_audit_event(centre=centre, username=username, full_name=full_name, role=role, by=by).save(force_insert=True)
    return membership


@transaction.atomic
def centres_create_with_members(*, centres: list["CentreSpec"], by=None) -> list:
    """Create the centres of an import plan and their members with a few INSERTs per thousand rows, rather
    than four per member. Members get no usable password (they set one through the invitation link) and the
    audit log records every membership as :func:`member_create` does. Returns the new users, in order."""
    saved = Centre.objects.bulk_create(
        [
            centre_build(
                name=spec.name,
                province=spec.province,
                prefecture=spec.prefecture,
                resource_tier=spec.resource_tier,
                population=spec.population,
                staff_count=spec.staff_count,
            )
            for spec in centres
        ],
        batch_size=BULK_BATCH_SIZE,
    )
    pending = [(centre, member) for centre, spec in zip(saved, centres, strict=True) for member in spec.members]
    users = [member_user_build(username=m.username, email=m.email, full_name=m.full_name) for _centre, m in pending]
    # Django 5.2 reads the new primary keys back on PostgreSQL and SQLite (RETURNING), so the memberships
    # and audit events below can point at these users and centres without another query.
    get_user_model().objects.bulk_create(users, batch_size=BULK_BATCH_SIZE)
    Membership.objects.bulk_create(
        [Membership(user=user, centre=centre, role=m.role) for user, (centre, m) in zip(users, pending, strict=True)],
        batch_size=BULK_BATCH_SIZE,
    )
    AuditEvent.objects.bulk_create(
        [
            membership_audit_event(centre=centre, username=m.username, full_name=m.full_name, role=m.role, by=by)
            for centre, m in pending
        ],
        batch_size=BULK_BATCH_SIZE,
    )
    return users


def centre_size_save(*, centre: Centre, user, profile: dict) -> Centre:
    """Store the centre's size profile (``profile``: every field of ``scales.PROFILE_FIELDS`` by name) and
    record it in the audit log, old → new; saving it unchanged records that the lead confirmed it."""
    with transaction.atomic():
        locked = Centre.objects.select_for_update().get(pk=centre.pk)
        old = profile_of(locked)
        new = {name: profile[name] for name in old}
        for name, value in new.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(new))
        audit_event_save(
            actor=user,
            centre=locked,
            kind=AuditEvent.Kind.PROFILE,
            subject="size",
            old=old,
            new=new,
        )
    return locked
