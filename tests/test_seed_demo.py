"""seed_demo builds a demo in which every demo login sees the cohort figures of the product: the
administrators' dashboard charts and a lead's percentiles, not the sentence for groups too small."""

import io
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from assessment.demo.answers import DEMO_NOTE
from assessment.demo.cohort import DEMO_COHORT_CENTRES, DEMO_COHORT_PROVINCES
from assessment.demo.seed import DEMO_CENTRES
from assessment.models import AdminScope, Answer, Assessment, Centre, Indicator, Membership, ResultSnapshot
from assessment.regions import Region
from assessment.views.home import current_cycle
from tests.pages import client_for, section

SMALL_GROUP = "推算出单个中心的得分"  # in every sentence that stands for figures withheld


def dashboard(username: str, **filters) -> str:
    user = get_user_model().objects.get(username=username)
    response = client_for(user).get(reverse("assessment:cohort_dashboard"), filters)
    assert response.status_code == 200
    return response.content.decode()


def heat_rows(html: str) -> dict[str, list[str]]:
    """The heatmap's rows: label (with its number of submitted centres in brackets) -> the cells' texts."""
    rows = {}
    for chunk in section(html, "heat-heading").split('<text x="0" ')[1:]:
        label, *cells = re.findall(r">([^<]*)</text>", chunk)
        rows[label] = cells
    return rows


def assert_charts_with_figures(html: str) -> None:
    assert 'id="summary-heading"' not in html  # the sentence that stands for all the charts of a small group
    assert "总分 中位数" in section(html, "box-heading")
    assert 'aria-labelledby="stages-title stages-desc"' in section(html, "stage-heading")
    assert "<svg" in section(html, "heat-heading") and "%</td>" in section(html, "weak-heading")


# The autouse settings fixture of conftest.py comes after setUpTestData: its fast hasher is set here too.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class SeedDemoTests(TestCase):
    """One seed_demo run (some seconds) shared by the tests, each in its own rolled-back transaction."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", cycle=current_cycle(), allow_production=True, stdout=io.StringIO())

    def test_the_national_demo_administrator_sees_every_chart_with_figures(self):
        html = dashboard("demo-national-admin")
        assert_charts_with_figures(html)
        rows = heat_rows(html)
        # Every province shown has its means: at least five submitted centres each.
        assert {label.split("（")[0] for label in rows} == set(DEMO_COHORT_PROVINCES)
        assert all(cells and "—" not in cells for cells in rows.values()), rows
        assert SMALL_GROUP not in html
        for label in rows:
            assert int(label.split("（")[1].rstrip("）")) >= 5
        for region in Region.values:
            assert_charts_with_figures(dashboard("demo-national-admin", region=region))
        for province in DEMO_COHORT_PROVINCES:
            assert_charts_with_figures(dashboard("demo-national-admin", province=province))
        previous = dashboard("demo-national-admin", compare_cycle=current_cycle() - 1)
        assert "年度进展" in previous and "不显示进展数字" not in previous

    def test_the_gansu_demo_administrator_sees_every_chart_and_a_prefecture_heatmap(self):
        html = dashboard("demo-gansu-admin")
        assert_charts_with_figures(html)
        assert "各地市平均得分" in html
        rows = heat_rows(html)
        generated = {label: cells for label, cells in rows.items() if label.startswith("演示市")}
        assert len(generated) >= 3 and all("—" not in cells for cells in generated.values()), rows
        # The hand-made centre's prefecture alone is a group of one: shown without figures.
        assert rows["定西市（1）"] == ["—"] * 6

    def test_the_demo_leads_see_their_percentiles(self):
        users = get_user_model().objects
        for username, cycle in (
            ("demo-east-lead", current_cycle()),
            ("demo-east-lead", current_cycle() - 1),
            ("demo-west-lead", current_cycle()),
        ):
            user = users.get(username=username)
            assessment = Assessment.objects.get(centre__memberships__user=user, cycle=cycle)
            html = client_for(user).get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
            cohort = section(html, "cohort-heading").split("</table>")[0]
            assert SMALL_GROUP not in cohort
            # Province, region, resource tier and nation, each with its overall and five pillar percentiles.
            assert cohort.count("<tr>") == 1 + 4 and cohort.count("%</td>") == 4 * 6, (username, cycle)

    def test_the_demo_shows_both_framework_versions_at_work(self):
        users = get_user_model().objects
        east = users.get(username="demo-east-lead")
        now = Assessment.objects.get(centre__memberships__user=east, cycle=current_cycle())
        html = client_for(east).get(reverse("assessment:assessment_result", kwargs={"pk": now.pk})).content.decode()
        assert "两个年度使用的框架版本不同（2023.2 → 2024.1）" in html
        west = users.get(username="demo-west-lead")
        draft = Assessment.objects.get(centre__memberships__user=west, cycle=current_cycle() - 1)
        html = client_for(west).get(reverse("assessment:assessment_overview", kwargs={"pk": draft.pk})).content.decode()
        assert reverse("assessment:assessment_move", kwargs={"pk": draft.pk}) in html and "迁移到版本 2024.1" in html

    def test_the_demo_is_marked_and_a_second_run_changes_nothing(self):
        centres = Centre.objects.all()
        assert centres.count() == 3 + DEMO_COHORT_CENTRES
        assert all(c.is_demo and "演示" in c.name for c in centres)
        assert {c.province for c in centres} == set(DEMO_COHORT_PROVINCES)
        assert set(Assessment.objects.values_list("cycle", flat=True)) == {current_cycle() - 1, current_cycle()}
        assert all(note == DEMO_NOTE for note in Answer.objects.values_list("evidence_note", flat=True).distinct())
        hand_made = Assessment.objects.filter(centre__name__in=[c[1] for c in DEMO_CENTRES])
        assert sorted(hand_made.values_list("centre__memberships__user__username", "cycle", "status").distinct()) == [
            *[(f"demo-central-{r}", current_cycle(), "draft") for r in ("editor", "lead")],
            *[(f"demo-east-{r}", current_cycle() - n, "submitted") for r in ("editor", "lead") for n in (1, 0)],
            *[
                (f"demo-west-{r}", current_cycle() - n, status)
                for r in ("editor", "lead")
                for n, status in ((1, "draft"), (0, "submitted"))
            ],
        ]
        # The current cycle on the current framework version; last cycle's hand-made assessments on the one
        # before, with the western centre's draft left for its lead to move.
        assert set(hand_made.filter(cycle=current_cycle()).values_list("framework__version", flat=True)) == {"2024.1"}
        assert set(hand_made.filter(cycle=current_cycle() - 1).values_list("framework__version", flat=True)) == {"2023.2"}
        for draft in Assessment.objects.filter(status="draft"):  # both part-way through
            assert 0 < draft.answers.count() < Indicator.objects.filter(framework=draft.framework).count()

        models = (Centre, Membership, get_user_model(), AdminScope, Assessment, Answer, ResultSnapshot)
        before = {m: sorted(m.objects.values_list("pk", flat=True)) for m in models}
        out = io.StringIO()
        call_command("seed_demo", cycle=current_cycle(), allow_production=True, stdout=out)
        assert {m: sorted(m.objects.values_list("pk", flat=True)) for m in models} == before
        assert f"已有生成的演示中心 {DEMO_COHORT_CENTRES} 个，保持不变" in out.getvalue()
        assert re.search(r"演示数据已生成：.*用时 [\d.]+ 秒", out.getvalue())


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class SeedDemoCampaignTests(TestCase):
    def test_the_demo_campaign_is_running_with_an_overdue_centre_and_seeding_again_changes_nothing(self):
        from django.utils import timezone

        from assessment.models import Campaign
        from assessment.selectors.campaigns import overdue_centres

        call_command("seed_demo", cycle=current_cycle(), allow_production=True, stdout=io.StringIO())
        call_command("seed_demo", cycle=current_cycle(), allow_production=True, stdout=io.StringIO())
        campaign = Campaign.objects.get()
        assert campaign.is_demo and "演示" in campaign.name and campaign.cycle == current_cycle()
        overdue = [c.name for c in overdue_centres(campaign=campaign, today=timezone.localdate())]
        assert "中岭县融媒体中心（演示）" in overdue
