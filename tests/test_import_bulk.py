"""The bulk import writes with bulk INSERTs and invites in the background, yet leaves exactly what creating the
members one by one (the member form's path) leaves: the same centres, accounts, memberships, audit log and
invitation e-mails. Its number of queries does not grow with the number of rows."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assessment.importer import plan_import, read_rows
from assessment.management.commands.bench_import import good_rows
from assessment.models import AdminScope, AuditEvent, Centre, Membership
from assessment.services import imports
from assessment.services.centres import centre_create, member_create
from assessment.services.imports import centres_import
from assessment.services.mail_quota import mail_quota_take
from assessment.services.members import invitation_send
from tests.builders import GOOD_ROWS, csv_bytes

ROWS = [
    *GOOD_ROWS,
    # An address whose domain is in capitals: the account keeps it as create_user would (domain lowered).
    ["达拉特旗融媒体中心", "内蒙古", "鄂尔多斯市", "developing", "", "", "钱多多", "qiandd", "QDD@Example.COM", "填报人"],
]


def stored():
    """What an administrator, a member or the audit page would see of the import; not ids nor timestamps."""
    users = get_user_model().objects.filter(membership__isnull=False).order_by("id")
    return {
        "centres": list(
            Centre.objects.order_by("id").values_list(
                "name", "province", "prefecture", "region", "resource_tier", "population", "staff_count", "is_demo"
            )
        ),
        "users": [
            (u.username, u.email, u.first_name, u.last_name, u.is_active, u.is_staff, u.is_superuser, u.has_usable_password())
            for u in users
        ],
        "memberships": list(Membership.objects.order_by("id").values_list("user__username", "centre__name", "role")),
        "audit": list(
            AuditEvent.objects.order_by("id").values_list(
                "actor__username", "actor_name", "centre__name", "assessment", "kind", "subject", "old", "new", "comment"
            )
        ),
        "mails": sorted(
            (m.to, m.from_email, m.subject, re.sub(r"/accounts/reset/\S+", "/accounts/reset/…", m.body)) for m in mail.outbox
        ),
    }


def one_by_one(rows, *, by):
    """The import as it was written before the bulk path: each centre, member and invitation in turn."""
    plan = plan_import(read_rows(csv_bytes(rows)), existing_centres=set(), existing_usernames=set())
    assert not plan.errors
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
                centre=centre, username=member.username, email=member.email, role=member.role, full_name=member.full_name, by=by
            )
            invitation_send(user=membership.user, protocol="https", domain="zipin.example.cn")


@pytest.mark.parametrize("as_command", [False, True], ids=["administrator", "command"])
def test_the_bulk_import_leaves_what_creating_members_one_by_one_leaves(
    national_admin, django_capture_on_commit_callbacks, as_command
):
    by = None if as_command else national_admin
    with transaction.atomic():
        one_by_one(ROWS, by=by)
        expected = stored()
        transaction.set_rollback(True)
    mail.outbox.clear()
    cache.clear()  # the invitation quota counted the rolled-back invitations
    scope = AdminScope(province="") if as_command else AdminScope.objects.get(user=national_admin)
    with django_capture_on_commit_callbacks(execute=True):
        result = centres_import(rows=read_rows(csv_bytes(ROWS)), scope=scope, protocol="https", domain="zipin.example.cn")
    assert (result.ok, result.centres, result.members, result.invitations) == (True, 2, 4, 4)
    assert stored() == expected
    assert len(expected["audit"]) == 4 and expected["audit"][0][1] == ("系统" if as_command else "national-admin")
    assert [user[1] for user in expected["users"]][-1] == "QDD@example.com"


def import_queries(rows, *, scope, django_capture_on_commit_callbacks) -> int:
    """Queries of one import of ``rows``, its background invitations included (run at once in tests); undone after."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            result = centres_import(rows=read_rows(csv_bytes(rows)), scope=scope)
        assert result.ok and Membership.objects.count() == len(rows) and len(mail.outbox) == len(rows)
        transaction.set_rollback(True)
    mail.outbox.clear()
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(national_admin, django_capture_on_commit_callbacks):
    counted = [
        import_queries(
            good_rows(rows),
            scope=AdminScope.objects.select_related("user").get(user=national_admin),
            django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
        )
        for rows in (10, 50)
    ]
    # 1 centres already there, 2 usernames already taken, 3-4 savepoints, 5 INSERT centres, 6 INSERT users,
    # 7 INSERT memberships, 8 INSERT audit events, 9-10 release savepoints, 11 the task loads the members to
    # invite. (One INSERT holds up to 1000 rows, fewer on SQLite: 90 users, for its 999 parameters.)
    assert counted == [11, 11]


def test_invitations_go_out_after_the_commit_in_tasks_of_a_few_members(
    national_admin, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "INVITATIONS_PER_TASK", 3)
    scope = AdminScope.objects.get(user=national_admin)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        result = centres_import(rows=read_rows(csv_bytes(good_rows(7))), scope=scope)
    assert result.invitations == 7 and len(queued) == 3 and not mail.outbox  # 3 + 3 + 1, nothing sent yet
    for enqueue in queued:
        enqueue()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"bench-{n}@example.com" for n in range(7))


def test_the_hourly_invitation_limit_still_applies_to_imported_members(national_admin, django_capture_on_commit_callbacks):
    for _ in range(3):  # PASSWORD_MAILS_PER_HOUR: Lina's address has had its invitations this hour
        mail_quota_take(purpose="invitation", email="lina@example.com", user_id=0)
    with django_capture_on_commit_callbacks(execute=True):
        result = centres_import(rows=read_rows(csv_bytes(GOOD_ROWS)), scope=AdminScope.objects.get(user=national_admin))
    assert result.ok and Membership.objects.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["wxm@example.com", "zg@example.com"]


class DroppingBackend(EmailBackend):
    """Like an SMTP server that hangs up: after one failure the connection stays broken until closed."""

    opened = 0

    def open(self):
        if getattr(self, "broken", None) is None:
            DroppingBackend.opened += 1
            self.broken = False
        return True

    def close(self):
        self.broken = None

    def send_messages(self, messages):
        self.open()
        if self.broken or messages[0].to == ["lina@example.com"]:
            self.broken = True
            raise OSError("connection closed by the server")
        return super().send_messages(messages)


def test_after_a_failed_invitation_the_next_ones_go_out_on_a_new_connection(
    national_admin, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_import_bulk.DroppingBackend"
    DroppingBackend.opened = 0
    with django_capture_on_commit_callbacks(execute=True):
        result = centres_import(rows=read_rows(csv_bytes(GOOD_ROWS)), scope=AdminScope.objects.get(user=national_admin))
    assert result.ok
    assert sorted(m.to[0] for m in mail.outbox) == ["wxm@example.com", "zg@example.com"]
    assert DroppingBackend.opened == 2  # one for the batch, one more after Lina's failed
