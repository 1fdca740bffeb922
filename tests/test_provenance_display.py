"""What the report says and what is the product's reading, on every page that shows an exemplar and in
the PDF: levels labelled as the product's rating beside the quote, quotes with their speaker, region
caveats, provincial platforms as platforms to connect to, figure definitions, the framework's provenance
and weights note; English mode shows the framework's English help and level descriptors."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessment.reports.render import report_html
from tests.builders import submitted_cohort
from tests.pages import client_for

READING = "本平台据报告描述评定："
REGION_CAVEAT = "（本平台按行政区划划分，报告未写明）"


@pytest.fixture
def low_result(framework):
    """A submitted assessment of a 甘肃 centre at level 0 everywhere: every learn-from panel shows."""
    ((assessment, lead),) = submitted_cohort(framework, 1)
    return assessment, lead


@pytest.mark.django_db
def test_result_page_labels_the_product_s_reading(low_result):
    assessment, lead = low_result
    html = client_for(lead).get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
    learn = html.split('id="learn-heading"')[1]
    assert READING + "3 级" in learn  # e.g. 西固 on P1.D4.I1, beside its quote
    assert "报告的描述不足以评级，只列原文" in learn or "没有等级的" in learn
    assert "省级平台，区县中心可对接使用" in learn  # 新甘肃云 on P4.D1.I1
    assert "体现 4 级" not in html and "报告记载的最高水平" not in html
    assert "前沿是本平台的综合" in html
    # The centre's revenue is defined differently from 安吉's 总营收 and 龙岗区融媒集团's 收入（不含网络）.
    assert "口径不同：报告所记为“总营收”" in learn and "龙岗区融媒集团 1.6亿元（不含网络）" in learn
    # Quoted documents keep their source; the exemplar choice is labelled as the product's.
    assert "《加强县级融媒体中心建设的意见》明确提出，要“深化机构" in html
    assert "可借鉴（案例由本平台选取）" in html
    peers = html.split('id="peers-heading"')[1].split("</section>")[0]
    assert "做法摘要是本平台的概括" in peers and "所列做法均摘自报告原文" not in peers


@pytest.mark.django_db
def test_the_pdf_carries_the_same_labels_and_the_region_caveat(low_result):
    assessment, _lead = low_result
    html = report_html(assessment=assessment)
    assert READING in html and REGION_CAVEAT in html
    assert "虚线为典型案例前沿：本平台的综合" in html and "报告所记载做法在各方面达到的最高水平" not in html
    assert "口径不同" in html and "评估框架由本平台设计" in html


@pytest.mark.django_db
def test_exemplar_pages_say_what_is_whose(editor, framework):
    client = client_for(editor)
    longgang = client.get(reverse("assessment:exemplar_detail", kwargs={"code": "longgang"})).content.decode()
    assert READING + "4 级" in longgang and "报告所记主体：龙岗区融媒集团" in longgang
    assert "口径：“收入达到1.6亿元（不含网络）”" in longgang and REGION_CAVEAT in longgang
    assert "本平台摘要：" in longgang
    gansu = client.get(reverse("assessment:exemplar_detail", kwargs={"code": "xingansu_yun"})).content.decode()
    assert "不按区县中心的等级对它评定" in gansu and READING not in gansu
    assert "86个区县和8个地市" in gansu
    dunhuang = client.get(reverse("assessment:exemplar_detail", kwargs={"code": "dunhuang"})).content.decode()
    assert "报告的描述不足以评级，只列原文" in dunhuang and READING not in dunhuang
    listing = client.get(reverse("assessment:exemplar_list")).content.decode()
    assert "所有做法和数据均逐字摘自报告原文" not in listing and "做法摘要（本平台概括）" in listing
    assert listing.count(REGION_CAVEAT) == len(framework.spec.exemplars)


@pytest.mark.django_db
def test_framework_page_states_provenance_weights_and_speakers(editor, framework):
    client = client_for(editor)
    html = client.get(reverse("assessment:framework_detail")).content.decode()
    spec = framework.spec
    assert spec.provenance[:30] in html and spec.weights_note[:30] in html
    assert "习近平总书记强调，“媒体融合发展不仅仅是新闻单位的事" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("assessment:framework_detail")).content.decode()
    indicator = spec.indicator("P1.D1.I1")
    assert escape(indicator.help_en[:40]) in english and escape(indicator.levels_en[2][:30]) in english
    assert indicator.help[:20] not in english
    assert escape(indicator.title_en) in english


@pytest.mark.django_db
def test_the_questionnaire_in_english_shows_the_framework_s_english(editor, assessment):
    client = client_for(editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": "P1"})).content.decode()
    indicator = assessment.framework.spec.indicator("P1.D1.I1")
    assert escape(indicator.title_en) in html and escape(indicator.help_en[:40]) in html
    assert indicator.title not in html
