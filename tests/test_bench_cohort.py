"""The benchmark command measures the database it is given and leaves it as it was."""

import io

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command

from assessment.models import AdminScope
from tests.builders import make_centre, submitted_with_scores


def test_bench_cohort_leaves_no_administrator_or_session_behind(mini_framework, national_admin):
    for n in range(5):
        submitted_with_scores(
            make_centre(f"测速{n}县融媒体中心", province="甘肃"), mini_framework, 40 + 10 * n, 50, 60, {"P1.D1.I1": n % 5}
        )
    users = list(get_user_model().objects.order_by("pk").values_list("pk", "username", "last_login"))
    scopes = list(AdminScope.objects.order_by("pk").values_list("pk", "user_id", "province"))
    sessions = Session.objects.count()

    out = io.StringIO()
    call_command("bench_cohort", "--runs", "1", stdout=out)

    last = out.getvalue().strip().splitlines()[-1]
    assert "queries=" in last and "xlsx_s=" in last  # it did measure, the export included
    assert list(get_user_model().objects.order_by("pk").values_list("pk", "username", "last_login")) == users
    assert list(AdminScope.objects.order_by("pk").values_list("pk", "user_id", "province")) == scopes
    assert Session.objects.count() == sessions
