"""Bulk onboarding: creating many centres and their members from one checked spreadsheet."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from assessment.importer import ImportDeadline, ImportFileError, ImportPlan, RowError, SheetRow, plan_import
from assessment.models import AdminScope, Centre
from assessment.services.centres import centres_create_with_members
from assessment.tasks import send_invitations

# Members per background task: a task that dies loses at most this many invitations, and the queue
# gets twenty rows for the largest file rather than ten thousand.
INVITATIONS_PER_TASK = 500


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    centres: int = 0
    members: int = 0
    invitations: int = 0  # invitation e-mails queued for the background worker, sent once the import is committed

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
    everything is created in one transaction, with bulk INSERTs, and once it is committed the invitations
    (the link to set a password) are queued: the background worker sends them, a few hundred per task.
    The link uses the request's host, or ``protocol`` and ``domain`` without one.
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
    if request is not None:
        protocol, domain = ("https" if request.is_secure() else "http"), request.get_host()
    try:
        # The command imports as no one.
        users = _create(plan, by=scope.user if scope.user_id else None, protocol=protocol, domain=domain)
    except IntegrityError:
        # Someone added the same centre or username between our check and our writes.
        return ImportResult(errors=[RowError(None, _("导入期间有人添加了相同的中心或登录名，未写入任何数据，请重新上传。"))])
    return ImportResult(centres=len(plan.centres), members=len(users), invitations=len(users))


def _existing_centres(rows: list[SheetRow]) -> set[tuple[str, str, str]]:
    names = {row.get("name") for row in rows}
    return set(Centre.objects.filter(name__in=names).values_list("name", "province", "prefecture"))


def _existing_usernames(rows: list[SheetRow]) -> set[str]:
    # Case-insensitive, like the member form: "Wang" and "wang" would confuse the people logging in.
    wanted = {row.get("username").lower() for row in rows}
    users = get_user_model().objects.annotate(lowered=Lower("username")).filter(lowered__in=wanted)
    return set(users.values_list("lowered", flat=True))


def _create(plan: ImportPlan, *, by, protocol: str, domain: str) -> list:
    with transaction.atomic():
        users = centres_create_with_members(centres=plan.centres, by=by)
        # Queued only once the members exist for good: a rolled-back import invites no one. Robust: the
        # import is committed by then, and a queue that fails is logged rather than shown as a failed import.
        for start in range(0, len(users), INVITATIONS_PER_TASK):
            ids = [user.pk for user in users[start : start + INVITATIONS_PER_TASK]]
            transaction.on_commit(lambda ids=ids: send_invitations.enqueue(ids, protocol, domain), robust=True)
    return users
