"""The framework file shipped with the product: complete, well-formed and faithful to the report."""

import re
from collections import Counter

from django.conf import settings

from assessment.kinds import number_level
from assessment.models import Indicator
from tests.builders import shipped_framework

DOCUMENT = shipped_framework()  # validates, including every quote against the report
REPORT = (settings.FRAMEWORK_FILE.parent / "source" / "report.txt").read_text(encoding="utf-8")


def test_five_pillars_are_the_reports_five_sections():
    titles = [p.title for p in DOCUMENT.pillars]
    assert len(titles) == 5
    for title in titles:
        assert f"、{title}\n" in REPORT


def test_indicator_count_and_kinds():
    indicators = DOCUMENT.indicators
    assert 40 <= len(indicators) <= 70
    assert set(Counter(i.kind for i in indicators)) == {"level", "number", "boolean"}
    for indicator in indicators:
        assert indicator.source_quotes, indicator.code
        assert all(quote in REPORT for quote in indicator.source_quotes)


def test_the_reports_eighteen_exemplars_are_all_there():
    exemplars = {e.short_name: e for e in DOCUMENT.exemplars}
    centres = [e for e in DOCUMENT.exemplars if e.type == "centre"]
    provincial = [e for e in DOCUMENT.exemplars if e.type == "provincial"]
    assert (len(centres), len(provincial)) == (15, 3)
    names = ["敦煌", "南漳", "番禺", "昆山", "西固", "古蔺", "江阴", "龙岗"]
    names += ["枞阳", "尤溪", "海淀", "安吉", "分宜", "长兴", "红山"]
    for name in names:
        assert name in exemplars, name
        assert name in REPORT


def test_every_exemplar_fact_is_quoted_from_the_report():
    for exemplar in DOCUMENT.exemplars:
        assert exemplar.practices, exemplar.code
        for fact in exemplar.practices + exemplar.figures:
            assert fact.quote in REPORT, exemplar.code


def test_figures_the_report_gives_are_carried_with_their_numbers():
    figures = {(e.short_name, f.display) for e in DOCUMENT.exemplars for f in e.figures}
    displays = " ".join(d for _, d in figures)
    for number in ["80", "2000", "15", "250", "30万", "60", "38", "4.87亿", "1.6亿", "37", "69", "86", "84"]:
        assert number in displays, number
    for exemplar in DOCUMENT.exemplars:
        for figure in exemplar.figures:
            number = re.search(r"[\d.]+", figure.display)
            # the figure as shown is the one the sentence gives
            assert (number.group() if number else figure.display) in figure.quote, figure


def test_linked_exemplar_figures_reach_a_high_level_on_their_indicator():
    # Only where the indicator counts absolutely: a scaled one needs the exemplar's size, which the
    # report does not give.
    for exemplar in DOCUMENT.exemplars:
        for figure in exemplar.figures:
            if figure.indicator and figure.indicator.scale == "absolute":
                assert number_level(figure.value, figure.indicator.thresholds) >= 3, figure


def test_the_shipped_file_loads(framework):
    assert framework.version == DOCUMENT.version
    codes = list(Indicator.objects.filter(framework=framework).values_list("code", flat=True))
    assert codes == [i.code for i in DOCUMENT.indicators]  # one row per indicator, in framework order
    assert framework.spec == DOCUMENT
    assert len(framework.spec.exemplars) == 18
    assert any(f.indicator for f in framework.spec.exemplar("jiangyin").figures)
