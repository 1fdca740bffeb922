"""The administrators' dashboard: scope, hand-computed figures, the minimum-group rule, exports, queries."""

import copy
import datetime
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from assessment.forms import CohortFilterForm
from assessment.models import AdminScope, Assessment, ResultSnapshot
from assessment.presenters.dashboard import dashboard_page
from assessment.selectors.dashboard import CohortFilters
from assessment.services.assessments import assessment_start
from assessment.services.framework import framework_load
from tests.builders import framework_document, make_centre, submitted_with_scores, write_framework
from tests.pages import client_for, section


@pytest.fixture
def cohort(mini_framework):
    """甘肃: five submitted centres in two prefectures, one in progress, one not started; 浙江: one submitted."""
    gansu = []
    figures = [(40, 30, 50, 0), (50, 40, 60, 1), (60, 50, 70, 1), (70, 60, 80, 3), (80, 90, 70, 4)]
    for n, (overall, p1, p2, level) in enumerate(figures):
        centre = make_centre(f"甘肃{n}县融媒体中心", province="甘肃")
        centre.prefecture = "兰州市" if n < 3 else "天水市"
        centre.save()
        gansu.append(
            submitted_with_scores(centre, mini_framework, overall, p1, p2, {"P1.D1.I1": level, "P1.D1.I2": 4, "P1.D1.I3": None})
        )
    assessment_start(centre=make_centre("甘肃草稿县融媒体中心", province="甘肃"), cycle=2026, framework=mini_framework)
    make_centre("甘肃未开始县融媒体中心", province="甘肃")
    zhejiang = submitted_with_scores(
        make_centre("浙江某县融媒体中心", province="浙江"),
        mini_framework,
        90,
        90,
        90,
        {"P1.D1.I1": 4, "P1.D1.I2": 4, "P1.D1.I3": 4},
    )
    return gansu, zhejiang


def dashboard(scope, **filters):
    from assessment.selectors.framework import framework_current

    return dashboard_page(scope=scope, filters=CohortFilters(cycle=2026, **filters), framework=framework_current().spec)


def test_provincial_figures_by_hand(cohort, province_admin):
    scope = AdminScope.objects.get(user=province_admin)
    data = dashboard(scope, province="甘肃")
    assert data["completion"] == {"not_started": 1, "in_progress": 1, "submitted": 5}
    assert data["size"] == 7 and data["submitted_count"] == 5 and not data["too_small"]
    assert {row["name"] for row in data["rows"]} == {f"甘肃{n}县融媒体中心" for n in range(5)} | {
        "甘肃草稿县融媒体中心",
        "甘肃未开始县融媒体中心",
    }  # nothing from 浙江
    assert data["rows"][0]["name"] == "甘肃4县融媒体中心"  # ranked by overall, highest first
    assert data["heat_by"] == "prefecture"
    # 兰州: 3 centres (< 5) hidden; 天水: 2 hidden as well: every heat cell is blank
    assert "—" in data["heat_svg"] and "兰州市（3）" in data["heat_svg"]
    # P1.D1.I1 levels 0 1 1 3 4: three of five at 0–1 = 60 %; P1.D1.I2 all at 4; P1.D1.I3 not applicable
    assert data["weakest"][0]["code"] == "P1.D1.I1" and data["weakest"][0]["share"] == pytest.approx(60)
    assert data["weakest"][0]["exemplars"] == ["江阴"]
    assert [w["code"] for w in data["weakest"]] == ["P1.D1.I1", "P1.D1.I2"]


def test_box_plot_and_stage_figures(cohort, national_admin):
    scope = AdminScope.objects.get(user=national_admin)
    data = dashboard(scope)
    assert data["submitted_count"] == 6
    # overall 40 50 60 70 80 90: median 65
    assert "总分 中位数 65.0" in data["box_svg"]
    assert 'aria-labelledby="stages-title stages-desc"' in data["stage_svg"] and "起步 1" in data["stage_svg"]
    heat = data["heat_svg"]
    assert "甘肃（5）" in heat and "浙江（1）" in heat


def test_groups_below_the_minimum_show_no_figures(cohort, national_admin, settings):
    settings.COHORT_MIN_GROUP_SIZE = 7
    data = dashboard(AdminScope.objects.get(user=national_admin))
    assert data["too_small"] and data["box_svg"] is None and data["stage_svg"] is None and data["weakest"] == []
    html = client_for(national_admin).get(reverse("assessment:cohort_dashboard")).content.decode()
    assert "只有 6 个已提交自评，少于 7 个" in section(html, "summary-heading")


def test_the_small_group_note_is_said_once_with_the_charts_and_not_over_the_ranking(cohort, national_admin, settings):
    settings.COHORT_MIN_GROUP_SIZE = 7
    client = client_for(national_admin)
    html = client.get(reverse("assessment:cohort_dashboard")).content.decode()
    summary = section(html, "summary-heading")
    assert "汇总图表" in summary and "从汇总数字就能推算出单个中心的得分" in summary
    assert "不显示得分分布、成熟度阶段分布、平均得分热力图和共性短板指标。" in summary
    gansu, _zhejiang = cohort
    submitted_with_scores(gansu[0].centre, gansu[0].framework, 30, 30, 30, {}, cycle=2025)
    html = client.get(reverse("assessment:cohort_dashboard"), {"compare_cycle": "2025"}).content.decode()
    assert "共性短板指标和两个年度的进展。" in section(html, "summary-heading")
    assert html.count("推算出单个中心的得分") == 1  # not again by a heatmap of dashes or the progress
    assert 'id="heat-heading"' not in html and "<svg" not in html
    ranking = section(html, "ranking-heading")
    # The ranking shows each centre's own scores, and says so; the note is not over it.
    assert "每个中心自己的总分和各方面得分" in ranking and "80.0" in ranking and "少于 7 个" not in ranking
    assert html.index('id="summary-heading"') < html.index('id="ranking-heading"')


def test_the_heatmap_explains_dashes_only_when_a_group_has_them(cohort, mini_framework, national_admin):
    client = client_for(national_admin)
    heat = section(client.get(reverse("assessment:cohort_dashboard")).content.decode(), "heat-heading")
    assert "浙江（1）" in heat and "少于 5 个中心的组不显示平均分（“—”），以免从中推算出单个中心的得分" in heat
    for n in range(4):
        submitted_with_scores(make_centre(f"浙江{n}县融媒体中心", province="浙江"), mini_framework, 60, 60, 60, {"P1.D1.I1": 2})
    heat = section(client.get(reverse("assessment:cohort_dashboard")).content.decode(), "heat-heading")
    assert "浙江（5）" in heat and "括号内为已提交自评的中心数" in heat and "不显示平均分" not in heat and "—" not in heat


def test_an_empty_filter_result_says_there_is_no_such_centre(cohort, province_admin):
    client = client_for(province_admin)
    html = client.get(reverse("assessment:cohort_dashboard"), {"region": "east"}).content.decode()  # 甘肃 is western
    assert "没有符合条件的中心" in html and "查看全部中心" in html
    assert "<svg" not in html and "中心总数" not in html and 'id="ranking-heading"' not in html and "汇总图表" not in html
    html = client.get(reverse("assessment:cohort_dashboard"), {"status": "not_started"}).content.decode()
    assert "筛选出的中心还没有提交自评，暂无汇总图表" in section(html, "summary-heading")
    assert "甘肃未开始县融媒体中心" in section(html, "ranking-heading")


def test_progress_between_two_cycles(cohort, mini_framework, national_admin):
    gansu, _zhejiang = cohort
    for assessment in gansu:  # the same centres a cycle earlier, 10 points lower
        snap = assessment.snapshots.get()
        submitted_with_scores(assessment.centre, mini_framework, snap.overall_score - 10, 0, 0, {}, cycle=2025)
    data = dashboard(AdminScope.objects.get(user=national_admin), compare_cycle=2025)
    overall = next(row for row in data["progress"]["rows"] if row["column"] == "overall")
    assert data["progress"]["n"] == 5 and overall["change"] == pytest.approx(10) and data["progress"]["improved"] == 5


def test_a_provincial_administrator_cannot_reach_another_province(cohort, province_admin):
    _gansu, zhejiang = cohort
    client = client_for(province_admin)
    html = client.get(reverse("assessment:cohort_dashboard"), {"province": "浙江"}).content.decode()
    assert "浙江某县" not in html
    assert client.get(reverse("assessment:assessment_result", kwargs={"pk": zhejiang.pk})).status_code == 404
    gansu_ids = [a.centre_id for a in cohort[0][:2]]
    response = client.get(reverse("assessment:cohort_compare"), {"centre": [gansu_ids[0], zhejiang.centre_id]})
    assert response.status_code == 404


def test_side_by_side_comparison(cohort, national_admin):
    gansu, zhejiang = cohort
    client = client_for(national_admin)
    response = client.get(
        reverse("assessment:cohort_compare"), {"centre": [gansu[0].centre_id, zhejiang.centre_id], "cycle": 2026}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "甘肃0县融媒体中心" in html and "浙江某县融媒体中心" in html and "<svg" in html
    assert client.get(reverse("assessment:cohort_compare"), {"centre": [gansu[0].centre_id]}).status_code == 400
    assert client.get(reverse("assessment:cohort_compare"), {"centre": ["x", "y"]}).status_code == 404


def test_bad_filters_fall_back_with_a_message(cohort, national_admin):
    response = client_for(national_admin).get(reverse("assessment:cohort_dashboard"), {"cycle": "1999", "region": "north"})
    assert response.status_code == 200 and "部分筛选条件无效" in response.content.decode()


def test_exports_are_readable(cohort, national_admin):
    gansu, _zhejiang = cohort
    # Submitted late in the evening of 1 May, UTC: already 2 May in China.
    Assessment.objects.filter(pk=gansu[4].pk).update(submitted_at=datetime.datetime(2026, 5, 1, 17, 30, tzinfo=datetime.UTC))
    client = client_for(national_admin)
    xlsx = client.get(reverse("assessment:cohort_export", kwargs={"fmt": "xlsx"}), {"province": "甘肃"})
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    scores, levels, numbers = workbook.worksheets
    assert (scores.title, levels.title, numbers.title) == ("中心得分", "指标等级", "数值指标")
    rows = list(scores.iter_rows(values_only=True))
    words = ("中心", "省份", "地市", "地区", "资源类型", "状态", "提交日期", "总分", "成熟度阶段", "一", "二", "维度一")
    assert rows[0][: len(words)] == words
    assert rows[0][-5:] == ("中心编号", "地区代码", "资源类型代码", "状态代码", "阶段代码")
    assert rows[1][:12] == (
        "centre",
        "province",
        "prefecture",
        "region_label",
        "resource_tier_label",
        "status_label",
        "submitted_on",
        "overall",
        "stage_label",
        "P1",
        "P2",
        "P1.D1",
    )
    assert rows[1][-5:] == ("centre_id", "region", "resource_tier", "status", "stage")
    assert len(rows) == 9 and {r[0] for r in rows[2:]} >= {"甘肃4县融媒体中心", "甘肃未开始县融媒体中心"}
    top = next(r for r in rows if r[0] == "甘肃4县融媒体中心")
    assert top[3:9] == ("西部", "资源欠缺", "已提交", datetime.datetime(2026, 5, 2), 80, "成熟")
    assert top[-5:] == (gansu[4].centre_id, "west", "under_resourced", "submitted", "S2")
    not_started = next(r for r in rows if r[0] == "甘肃未开始县融媒体中心")
    assert not_started[5:9] == ("未开始", None, None, None) and not_started[-2:] == ("not_started", None)
    date_cell = scores.cell(row=rows.index(top) + 1, column=7)
    assert date_cell.is_date and date_cell.number_format == "yyyy-mm-dd"
    assert scores.freeze_panes == "B3" and levels.freeze_panes == "B3"
    assert scores.column_dimensions["A"].width >= 22  # 甘肃未开始县融媒体中心: 11 Chinese characters
    level_rows = list(levels.iter_rows(values_only=True))
    assert level_rows[0][:5] == ("中心", "省份", "等级题", "数值题", "是否题") and level_rows[0][-1] == "中心编号"
    assert level_rows[1][:5] == ("centre", "province", "P1.D1.I1", "P1.D1.I2", "P1.D1.I3") and len(level_rows) == 7

    csv = client.get(reverse("assessment:cohort_export", kwargs={"fmt": "csv"})).content.decode("utf-8-sig").splitlines()
    assert csv[0].startswith("中心,省份,地市,地区,资源类型,状态,提交日期,总分,成熟度阶段,一,二")
    assert csv[1].startswith("centre,province,prefecture,region_label,resource_tier_label,status_label,submitted_on,overall")
    top_line = f"甘肃4县融媒体中心,甘肃,天水市,西部,资源欠缺,已提交,2026-05-02,80.0,成熟,90.0,70.0,,,,自评,{gansu[4].centre_id}"
    assert f"{top_line},west,under_resourced,submitted,S2" in csv
    assert any(line.startswith("浙江某县融媒体中心,浙江") for line in csv)
    assert client.get(reverse("assessment:cohort_export", kwargs={"fmt": "pdf"})).content.startswith(b"%PDF")
    assert client.get(reverse("assessment:cohort_export", kwargs={"fmt": "doc"})).status_code == 404


def test_exports_speak_english_to_a_user_who_chose_it(cohort, national_admin, settings):
    client = client_for(national_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    csv = client.get(reverse("assessment:cohort_export", kwargs={"fmt": "csv"})).content.decode("utf-8-sig").splitlines()
    assert csv[0].startswith("Centre,Province,City,Region,Resource tier,Status,")
    assert ",Overall score,Maturity stage,Pillar one,Pillar two,Dimension one," in csv[0]
    assert csv[1].startswith("centre,province,prefecture,region_label")  # the keys do not change
    assert any(line.startswith("甘肃4县融媒体中心,甘肃,天水市,Western,Under-resourced,Submitted,,80.0,Mature,") for line in csv)
    aggregate = client.get(reverse("assessment:cohort_export", kwargs={"fmt": "aggregate.csv"})).content.decode("utf-8-sig")
    assert "Region,Western,7,5,Yes" in aggregate and "Resource tier,Under-resourced,8,6,No,65.0" in aggregate


def test_a_failed_summary_pdf_is_explained_on_the_dashboard(cohort, national_admin, caplog):
    from unittest import mock

    with mock.patch("assessment.reports.render.html_to_pdf", side_effect=OSError("pango exploded")):
        response = client_for(national_admin).get(
            reverse("assessment:cohort_export", kwargs={"fmt": "pdf"}), {"cycle": "2026"}, follow=True
        )
    assert response.status_code == 200 and response.redirect_chain[-1][0].endswith("?cycle=2026")
    assert "报告生成失败" in response.content.decode()
    assert "pango exploded" in caplog.text


def test_the_anonymised_aggregate_names_no_centre_and_hides_small_groups(cohort, national_admin):
    client = client_for(national_admin)
    body = client.get(reverse("assessment:cohort_export", kwargs={"fmt": "json"})).content.decode()
    assert "县融媒体中心" not in body
    groups = {(g["grouping"], g["group"]): g for g in json.loads(body)["groups"]}
    assert groups[("province", "浙江")]["suppressed"] and groups[("province", "浙江")]["mean_overall"] is None
    # 甘肃 (5) is hidden too: the resource tier's six centres are published, and six times their mean minus
    # five times 甘肃's would be 浙江's one centre.
    assert groups[("province", "甘肃")]["suppressed"] and groups[("province", "甘肃")]["submitted"] == 5
    tier = next(g for (by, _key), g in groups.items() if by == "resource_tier")
    assert tier["submitted"] == 6 and tier["mean_overall"] == pytest.approx(65) and not tier["suppressed"]
    # The dashboard's other filters do not narrow it (overlapping files would give centres away).
    filtered = client.get(
        reverse("assessment:cohort_export", kwargs={"fmt": "json"}), {"province": "甘肃", "status": "submitted"}
    )
    assert filtered.content.decode() == body
    csv = client.get(reverse("assessment:cohort_export", kwargs={"fmt": "aggregate.csv"})).content.decode("utf-8-sig")
    lines = csv.splitlines()
    assert "县融媒体中心" not in csv
    assert lines[0] == "分组方式,组,中心数,已提交,数字已隐藏,平均总分,平均分：一,平均分：二,分组方式代码,组代码"
    # The second row holds the JSON's keys, for machines.
    assert lines[1] == "grouping_label,group_label,centres,submitted,suppressed,mean_overall,mean_P1,mean_P2,grouping,group"
    assert "省份,甘肃,7,5,是,,,,province,甘肃" in lines and "地区,西部,7,5,是,,,,region,west" in lines
    assert "资源类型,资源欠缺,8,6,否,65.0,60.0,70.0,resource_tier,under_resourced" in lines


def test_dashboard_query_count_does_not_grow_with_the_cohort(cohort, mini_framework, national_admin, django_assert_num_queries):
    client = client_for(national_admin)
    # session, user, scope, current framework, cycles, cache stamp (assessments, centres),
    # then on a cache miss: centres, assessments, snapshots; and the navigation bar
    with django_assert_num_queries(11):
        client.get(reverse("assessment:cohort_dashboard"))
    with django_assert_num_queries(8):  # served from the cache
        client.get(reverse("assessment:cohort_dashboard"))
    for n in range(10):
        submitted_with_scores(make_centre(f"新增{n}县融媒体中心", province="四川"), mini_framework, 55, 50, 60, {"P1.D1.I1": 2})
    with django_assert_num_queries(11):  # the new submissions moved the stamp: computed again, same queries
        response = client.get(reverse("assessment:cohort_dashboard"))
    assert response.context["submitted_count"] == 16


def test_the_filter_form_offers_a_provincial_administrator_only_their_province(province_admin):
    scope = AdminScope.objects.get(user=province_admin)
    form = CohortFilterForm({"cycle": "2026", "province": "浙江"}, scope=scope, cycles=[2026], stages=[], pillars=[])
    assert not form.is_valid() and "province" in form.errors


def test_create_admin_command(db, capsys):
    from django.core.management import CommandError, call_command

    call_command("create_admin", "sichuan", "--province", "四川", "--password", "x-Long-pass-1")
    call_command("create_admin", "nation", "--national")
    assert AdminScope.objects.get(user__username="sichuan").province == "四川"
    assert AdminScope.objects.get(user__username="nation").is_national
    call_command("create_admin", "sichuan", "--national")
    assert AdminScope.objects.get(user__username="sichuan").is_national
    with pytest.raises(CommandError, match="未知的省份"):
        call_command("create_admin", "x", "--province", "火星")


def test_sort_and_page_links_do_not_repeat_their_parameters(cohort, national_admin):
    html = (
        client_for(national_admin)
        .get(reverse("assessment:cohort_dashboard"), {"sort": "name", "page": "1", "region": "west"})
        .content.decode()
    )
    assert "sort=name&amp;sort=" not in html and "page=1&amp;page=" not in html
    assert "region=west&amp;sort=province" in html


def six_pillar_document() -> dict:
    """The builders' one-pillar framework with five more pillars like it, P2 to P6."""
    document = framework_document(version="six-pillars-1")
    first = document["pillars"][0]
    for n in range(2, 7):
        pillar = copy.deepcopy(first)
        pillar.update(code=f"P{n}", title=f"支柱{n}", short_title=f"方面{n}", title_en=f"Pillar {n}")
        for dimension in pillar["dimensions"]:
            dimension["code"] = dimension["code"].replace("P1", f"P{n}")
            for indicator in dimension["indicators"]:
                indicator["code"] = indicator["code"].replace("P1", f"P{n}")
        document["pillars"].append(pillar)
    return document


def test_the_sort_choices_are_the_pillars_the_form_is_given(national_admin):
    scope = AdminScope.objects.get(user=national_admin)
    six = [(f"P{n}", f"方面{n}") for n in range(1, 7)]
    form = CohortFilterForm({"cycle": "2026", "sort": "-P6"}, scope=scope, cycles=[2026], stages=[], pillars=six)
    assert form.is_valid() and form.cleaned_data["sort"] == "-P6"
    form = CohortFilterForm({"cycle": "2026", "sort": "-P6"}, scope=scope, cycles=[2026], stages=[], pillars=six[:5])
    assert form.errors == {"sort": ["没有“-P6”这一选项"]}


def test_the_ranking_sorts_by_a_sixth_pillar_of_the_current_framework(national_admin, tmp_path):
    version, _ = framework_load(path=write_framework(tmp_path / "six.yaml", six_pillar_document()))
    for name, p6 in (("低分", 20), ("高分", 90), ("中分", 55)):
        assessment = submitted_with_scores(make_centre(f"{name}县融媒体中心"), version, 50, 50, 50, {})
        ResultSnapshot.objects.filter(assessment=assessment).update(pillar_scores={f"P{n}": 50 for n in range(1, 6)} | {"P6": p6})
    client = client_for(national_admin)
    for sort, names in (("-P6", ["高分", "中分", "低分"]), ("P6", ["低分", "中分", "高分"])):
        response = client.get(reverse("assessment:cohort_dashboard"), {"sort": sort})
        assert "部分筛选条件无效" not in response.content.decode()
        assert [row["name"] for row in response.context["rows"]] == [f"{name}县融媒体中心" for name in names]


def test_a_sort_by_a_pillar_the_framework_lacks_is_refused_with_a_message(cohort, national_admin):
    html = client_for(national_admin).get(reverse("assessment:cohort_dashboard"), {"sort": "-P5"}).content.decode()
    assert "部分筛选条件无效，已忽略：排序：没有“-P5”这一选项" in html  # the test framework has two pillars
