"""Who may see a centre, asked of the one rule directly: ``visible_to`` (read) and ``editable_by`` (write)
on centres and assessments, and ``AdminScope.covers``, for every kind of user.

Centre A is in 甘肃, centre B in 浙江; each has an assessment. The URL-by-URL walk of the same rule through
the pages is tests/test_access.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from assessment.models import AdminScope, Assessment, Centre, ReportBundle, ResultSnapshot
from tests.builders import make_admin, make_centre, make_member

# role -> (centres read, centres written), by name
EXPECTED = {
    "editor of A": ({"A"}, {"A"}),
    "lead of A": ({"A"}, {"A"}),
    "admin of 甘肃 (A's province)": ({"A"}, set()),
    "admin of 浙江 (another province)": ({"B"}, set()),
    "national admin": ({"A", "B"}, set()),
    "user with nothing": (set(), set()),
    "anonymous": (set(), set()),
    # Both at once: reads the union, still writes only their own centre.
    "editor of A and admin of 浙江": ({"A", "B"}, {"A"}),
}


@pytest.fixture
def world(mini_framework):
    from assessment.services.assessments import assessment_start

    centres = {"A": make_centre("甲县融媒体中心", province="甘肃"), "B": make_centre("乙县融媒体中心", province="浙江")}
    for centre in centres.values():
        assessment_start(centre=centre, cycle=2026, framework=mini_framework)
    both = make_member(centres["A"], "editor-and-admin")
    AdminScope.objects.create(user=both, province="浙江")
    users = {
        "editor of A": make_member(centres["A"], "editor"),
        "lead of A": make_member(centres["A"], "lead", role="lead"),
        "admin of 甘肃 (A's province)": make_admin("gansu-admin", "甘肃"),
        "admin of 浙江 (another province)": make_admin("zhejiang-admin", "浙江"),
        "national admin": make_admin("national-admin"),
        "user with nothing": get_user_model().objects.create_user(username="nobody", password="x-test-password"),
        "anonymous": AnonymousUser(),
        "editor of A and admin of 浙江": both,
    }
    return centres, users


def names(centres: dict, ids) -> set[str]:
    return {name for name, centre in centres.items() if centre.pk in set(ids)}


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED)
def test_centres_visible_to_and_editable_by(world, role):
    centres, users = world
    user = users[role]
    read, write = EXPECTED[role]
    assert names(centres, Centre.objects.visible_to(user).values_list("pk", flat=True)) == read
    assert names(centres, Centre.objects.editable_by(user).values_list("pk", flat=True)) == write


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED)
def test_assessments_follow_their_centre(world, role):
    centres, users = world
    user = users[role]
    read, write = EXPECTED[role]
    assert names(centres, Assessment.objects.visible_to(user).values_list("centre_id", flat=True)) == read
    assert names(centres, Assessment.objects.editable_by(user).values_list("centre_id", flat=True)) == write


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in EXPECTED if "admin" in role])
def test_covers_agrees_with_the_querysets(world, role):
    """The rule's three statements (a loaded centre, a loaded scope, a scope still in the database) agree."""
    centres, users = world
    user = users[role]
    scope = AdminScope.objects.get(user=user)
    covered = {name for name, centre in centres.items() if scope.covers(centre)}
    assert covered == names(centres, Centre.objects.in_scope(scope).values_list("pk", flat=True))
    assert covered == names(centres, Assessment.objects.in_scope(scope).values_list("centre_id", flat=True))
    if not role.startswith("editor"):
        assert covered == EXPECTED[role][0]  # an administrator who is no member reads exactly their scope


@pytest.mark.django_db
def test_scope_filter_reaches_snapshots_through_their_assessment(world, mini_framework):
    centres, _users = world
    for assessment in Assessment.objects.all():
        ResultSnapshot.objects.create(
            assessment=assessment, framework=mini_framework, overall_score=50, stage_code="S1", result={}
        )
    for province, expected in (("甘肃", {"A"}), ("浙江", {"B"}), ("", {"A", "B"})):
        scope = AdminScope(province=province)
        snapshots = ResultSnapshot.objects.filter(scope.centre_filter("assessment__centre"))
        assert names(centres, snapshots.values_list("assessment__centre_id", flat=True)) == expected


@pytest.mark.django_db
def test_a_bundle_covers_the_scope_it_was_asked_for(world):
    centres, _users = world
    assert ReportBundle(province="甘肃", cycle=2026).scope.covers(centres["A"])
    assert not ReportBundle(province="甘肃", cycle=2026).scope.covers(centres["B"])
    assert all(ReportBundle(province="", cycle=2026).scope.covers(centre) for centre in centres.values())


@pytest.mark.django_db
def test_anonymous_users_cost_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(Centre.objects.visible_to(AnonymousUser())) == []
        assert list(Assessment.objects.editable_by(AnonymousUser())) == []
