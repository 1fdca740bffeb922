"""Bulk onboarding: creating many centres and their members from one checked spreadsheet."""

import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from assessment.importer import ImportDeadline, ImportFileError, ImportPlan, RowError, SheetRow, plan_import
from assessment.models import AdminScope, Centre
from assessment.services.centres import centre_create, member_create
from assessment.services.members import invitation_send

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    centres: int = 0
    members: int = 0
    invitations: int = 0  # invitation e-mails that went out; the rest can use "忘记密码" on the login page

    @property
    def ok(self) -> bool:
        return not self.errors


def centres_import(
    *,
    rows: list[SheetRow],
    scope: AdminScope,
    request=None,
    domain: str = "localhost:8000",
    protocol: str = "http",
    deadline: ImportDeadline | None = None,
) -> ImportResult:
    """Create the centres and members of ``rows`` (from :func:`assessment.importer.read_rows`) and invite the members.

    All or nothing: if any row is bad, the result lists every problem and nothing is written. Otherwise
    everything is created in one transaction and, once it is committed, each new member is e-mailed the
    link to set their password. The link uses the request's host, or ``protocol`` and ``domain`` without one.
    ``deadline`` is the budget the reading of the file started (see :func:`assessment.importer.read_rows`):
    checking the rows spends what is left of it, and a file that runs out is refused like a bad row.
    """
    try:
        plan = plan_import(
            rows,
            existing_centres=_existing_centres(rows),
            existing_usernames=_existing_usernames(rows),
            scope=scope,
            deadline=deadline,
        )
    except ImportFileError as exc:
        return ImportResult(errors=[RowError(None, str(exc))])
    if plan.errors:
        return ImportResult(errors=plan.errors)
    try:
        users = _create(plan, by=scope.user if scope.user_id else None)  # the command imports as no one
    except IntegrityError:
        # Someone added the same centre or username between our check and our writes.
        return ImportResult(errors=[RowError(None, _("导入期间有人添加了相同的中心或登录名，未写入任何数据，请重新上传。"))])
    if request is not None:
        protocol, domain = ("https" if request.is_secure() else "http"), request.get_host()
    return ImportResult(
        centres=len(plan.centres),
        members=len(users),
        invitations=_invite(users, protocol=protocol, domain=domain),
    )


def _existing_centres(rows: list[SheetRow]) -> set[tuple[str, str, str]]:
    names = {row.get("name") for row in rows}
    return set(Centre.objects.filter(name__in=names).values_list("name", "province", "prefecture"))


def _existing_usernames(rows: list[SheetRow]) -> set[str]:
    # Case-insensitive, like the member form: "Wang" and "wang" would confuse the people logging in.
    wanted = {row.get("username").lower() for row in rows}
    users = get_user_model().objects.annotate(lowered=Lower("username")).filter(lowered__in=wanted)
    return set(users.values_list("lowered", flat=True))


@transaction.atomic
def _create(plan: ImportPlan, *, by) -> list:
    users = []
    for spec in plan.centres:
        centre = centre_create(
            name=spec.name,
            province=spec.province,
            prefecture=spec.prefecture,
            resource_tier=spec.resource_tier,
            population=spec.population,
            staff_count=spec.staff_count,
        )
        for member in spec.members:
            membership = member_create(
                centre=centre,
                username=member.username,
                email=member.email,
                role=member.role,
                full_name=member.full_name,
                by=by,
            )
            users.append(membership.user)
    return users


def _invite(users: list, *, protocol: str, domain: str) -> int:
    sent = 0
    try:
        # One connection for the whole batch rather than one SMTP handshake per member.
        with get_connection() as connection:
            for user in users:
                sent += invitation_send(user=user, protocol=protocol, domain=domain, connection=connection)
    except OSError:
        logger.exception("mail connection for %d import invitations failed", len(users))
    return sent
