"""The main pages of the product, as (name, login, path) for the accessibility and HTML checks."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MainPage:
    name: str
    user: str | None  # demo login, or None for a page seen logged out
    path: str


def main_pages(cycle: int) -> list[MainPage]:
    """Every main page once, in the order a person would meet them; ids come from the demo data."""
    from assessment.models import Assessment, Centre
    from assessment.selectors.framework import framework_current

    east = Centre.objects.get(name="东澜县融媒体中心（演示）")
    east_now = Assessment.objects.get(centre=east, cycle=cycle)
    central_now = Assessment.objects.get(centre__name="中岭县融媒体中心（演示）", cycle=cycle)
    west_now = Assessment.objects.get(centre__name="西川县融媒体中心（演示）", cycle=cycle)
    exemplar = min(framework_current().spec.exemplars, key=lambda e: e.code)
    lead, editor, admin = "demo-east-lead", "demo-central-editor", "demo-gansu-admin"
    return [
        MainPage("login", None, reverse("login")),
        MainPage("home-member", lead, reverse("assessment:home")),
        MainPage("framework", lead, reverse("assessment:framework_detail")),
        MainPage("exemplars", lead, reverse("assessment:exemplar_list")),
        MainPage("exemplar-detail", lead, reverse("assessment:exemplar_detail", kwargs={"code": exemplar.code})),
        MainPage("result", lead, reverse("assessment:assessment_result", kwargs={"pk": east_now.pk})),
        MainPage("action-plan", lead, reverse("assessment:action_plan", kwargs={"pk": east_now.pk})),
        MainPage(
            "what-if", lead, reverse("assessment:assessment_what_if", kwargs={"pk": east_now.pk}) + "?P1.D1.I1=4&P2.D1.I1=4"
        ),
        MainPage("members", lead, reverse("assessment:members")),
        MainPage("confirm-remove", lead, reverse("assessment:member_remove", kwargs={"membership_id": _editor_of(east).pk})),
        MainPage("audit", lead, reverse("assessment:centre_audit", kwargs={"centre_id": east.pk})),
        MainPage("overview", editor, reverse("assessment:assessment_overview", kwargs={"pk": central_now.pk})),
        MainPage("pillar", editor, reverse("assessment:assessment_pillar", kwargs={"pk": central_now.pk, "code": "P4"})),
        MainPage("home-admin", admin, reverse("assessment:home")),
        MainPage("cohort", admin, reverse("assessment:cohort_dashboard")),
        MainPage(
            "compare",
            admin,
            reverse("assessment:cohort_compare")
            + f"?cycle={cycle}&"
            + "&".join(f"centre={pk}" for pk in _gansu_centres(cycle, west_now.centre_id)),
        ),
        MainPage("bundles", admin, reverse("assessment:bundle_list")),
        MainPage("import", admin, reverse("assessment:centres_import")),
        MainPage("result-admin", admin, reverse("assessment:assessment_result", kwargs={"pk": west_now.pk})),
        MainPage("confirm-reopen", admin, reverse("assessment:assessment_reopen", kwargs={"pk": west_now.pk})),
    ]


def _editor_of(centre):
    from assessment.models import Membership

    return Membership.objects.get(centre=centre, role=Membership.Role.EDITOR)


def _gansu_centres(cycle: int, first: int) -> list[int]:
    from assessment.models import Assessment

    others = (
        Assessment.objects.filter(centre__province="甘肃", cycle=cycle, status=Assessment.Status.SUBMITTED)
        .exclude(centre_id=first)
        .order_by("centre__name")
        .values_list("centre_id", flat=True)[:2]
    )
    return [first, *others]


def pillar_with_error(page, cycle: int):
    """As the central editor, send the P4 page with a negative number through its own Save button; the
    page comes back (400) with the error beside the question. Returns the response of that POST."""
    from assessment.models import Assessment
    from tests.e2e.conftest import login

    assessment = Assessment.objects.get(centre__name="中岭县融媒体中心（演示）", cycle=cycle)
    page.context.clear_cookies()
    login(page, "demo-central-editor")
    page.goto(reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": "P4"}))
    page.locator("fieldset.question input[type=number]").first.fill("-3")
    with page.expect_response(lambda r: r.request.method == "POST" and r.request.resource_type == "document") as posted:
        page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    assert posted.value.status == 400
    return posted.value
