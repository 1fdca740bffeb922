"""Small builders for test data."""

import copy
import csv
import functools
import io
from types import SimpleNamespace

import yaml
from django.conf import settings

from assessment.framework.schema import framework_parse
from assessment.framework.spec import Framework, Indicator, Scale
from assessment.kinds import AnswerValue

REPORT_SENTENCE = "截至2022年8月，全国共建成运行2585个县级融媒体中心。"


def framework_document(**overrides) -> dict:
    """A minimal valid framework document: one pillar, one dimension, three indicators (one per kind)
    and one exemplar. Tests copy and break it."""
    document = {
        "version": "test-1",
        "title": "测试框架",
        "title_en": "Test framework",
        "source": "测试来源",
        "stages": [
            {"code": "S1", "name": "起步", "name_en": "Initial", "min_score": 0, "interpretation": "刚起步。"},
            {"code": "S2", "name": "成熟", "name_en": "Mature", "min_score": 50, "interpretation": "较成熟。"},
        ],
        "pillars": [
            {
                "code": "P1",
                "title": "支柱一",
                "short_title": "一",
                "title_en": "Pillar one",
                "weight": 1,
                "description": "说明。",
                "dimensions": [
                    {
                        "code": "P1.D1",
                        "title": "维度一",
                        "title_en": "Dimension one",
                        "weight": 1,
                        "indicators": [
                            {
                                "code": "P1.D1.I1",
                                "title": "等级题",
                                "title_en": "Level",
                                "help": "说明",
                                "weight": 2,
                                "kind": "level",
                                "evidence_prompt": "佐证",
                                "next_step": "下一步",
                                "levels": ["零", "一", "二", "三", "四"],
                                "source_quotes": [REPORT_SENTENCE],
                            },
                            {
                                "code": "P1.D1.I2",
                                "title": "数值题",
                                "title_en": "Number",
                                "help": "说明",
                                "weight": 1,
                                "kind": "number",
                                "evidence_prompt": "佐证",
                                "next_step": "下一步",
                                "unit": "个",
                                "thresholds": [1, 10, 30, 80],
                                "per_capita": True,
                                "source_quotes": [REPORT_SENTENCE],
                            },
                            {
                                "code": "P1.D1.I3",
                                "title": "是否题",
                                "title_en": "Yes/no",
                                "help": "说明",
                                "weight": 1,
                                "kind": "boolean",
                                "evidence_prompt": "佐证",
                                "next_step": "下一步",
                                "area": "technology",
                                "tier_advice": {"well_resourced": "自建", "under_resourced": "接入省级平台"},
                                "source_quotes": [REPORT_SENTENCE],
                            },
                        ],
                    }
                ],
            }
        ],
        "exemplars": [
            {
                "code": "jiangyin",
                "name": "江阴市融媒体中心",
                "short_name": "江阴",
                "type": "centre",
                "province": "江苏",
                "region": "east",
                "practices": [{"indicators": ["P1.D1.I1"], "level": 4, "summary": "做法", "quote": REPORT_SENTENCE}],
                "figures": [
                    {
                        "label": "部门",
                        "value": 80,
                        "unit": "个",
                        "display": "80多个",
                        "indicator": "P1.D1.I2",
                        "quote": REPORT_SENTENCE,
                    }
                ],
            }
        ],
    }
    document.update(overrides)
    return copy.deepcopy(document)


def write_framework(path, document: dict) -> str:
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def two_pillar_document() -> dict:
    """Two pillars for hand-computed scores.

    P1 (weight 1): P1.D1 (weight 1) = I1 level (w2), I2 number (w1, thresholds 1/10/30/80), I3 boolean (w1).
    P2 (weight 3): P2.D1 (weight 1) = I1 level (w1); P2.D2 (weight 2) = I1 level (w1), I2 level (w1).
    """
    document = framework_document()
    level = document["pillars"][0]["dimensions"][0]["indicators"][0]

    def level_indicator(code):
        return {**copy.deepcopy(level), "code": code, "title": f"题 {code}", "weight": 1}

    document["pillars"].append(
        {
            "code": "P2",
            "title": "支柱二",
            "short_title": "二",
            "title_en": "Pillar two",
            "weight": 3,
            "description": "说明。",
            "dimensions": [
                {
                    "code": "P2.D1",
                    "title": "维度二一",
                    "title_en": "D21",
                    "weight": 1,
                    "indicators": [level_indicator("P2.D1.I1")],
                },
                {
                    "code": "P2.D2",
                    "title": "维度二二",
                    "title_en": "D22",
                    "weight": 2,
                    "indicators": [level_indicator("P2.D2.I1"), level_indicator("P2.D2.I2")],
                },
            ],
        }
    )
    return document


def versioned_documents() -> tuple[dict, dict]:
    """Two versions of a small framework, the second declaring what became of each indicator of the first.

    Old "old-1": P1.D1.I1 level, P1.D1.I2 number (1/10/30/80), P1.D1.I3 boolean, P1.D1.I4 level;
    P2.D1.I1 level; P2.D2.I1 level, P2.D2.I2 level.
    New "new-2": P1.D1.I1 same; P1.D1.I2 rescaled (thresholds 2/20/60/160); P1.D1.I3 dropped;
    P1.D1.I4 renamed to P1.D1.I3; P2.D1.I1 split into P2.D1.I1 and P2.D1.I2; P2.D1.I3 new;
    P2.D2.I1 and P2.D2.I2 merged into P2.D2.I1.
    """
    old = two_pillar_document()
    old["version"] = "old-1"
    p1 = old["pillars"][0]["dimensions"][0]["indicators"]
    p1.append({**copy.deepcopy(p1[0]), "code": "P1.D1.I4", "title": "旧题四"})

    new = copy.deepcopy(old)
    new["version"] = "new-2"
    level = copy.deepcopy(p1[0])
    n1 = new["pillars"][0]["dimensions"][0]
    n1["indicators"] = [
        n1["indicators"][0],
        {**n1["indicators"][1], "thresholds": [2, 20, 60, 160], "title": "数值题（新口径）"},
        {**copy.deepcopy(level), "code": "P1.D1.I3", "title": "新题三（原 I4）"},
    ]
    d21, d22 = new["pillars"][1]["dimensions"]
    d21["indicators"] = [
        {**copy.deepcopy(level), "code": code, "title": title, "weight": 1}
        for code, title in (("P2.D1.I1", "拆分甲"), ("P2.D1.I2", "拆分乙"), ("P2.D1.I3", "全新题"))
    ]
    d22["indicators"] = [{**copy.deepcopy(level), "code": "P2.D2.I1", "title": "合并题", "weight": 1}]
    new["previous"] = "old-1"
    new["previous_file"] = "old.yaml"
    new["changes"] = [
        {"from": ["P1.D1.I1"], "to": ["P1.D1.I1"], "type": "same"},
        {"from": ["P1.D1.I2"], "to": ["P1.D1.I2"], "type": "rescaled", "rule": "原数值不变，按新阈值重新评定等级"},
        {"from": ["P1.D1.I3"], "to": [], "type": "dropped"},
        {"from": ["P1.D1.I4"], "to": ["P1.D1.I3"], "type": "renamed"},
        {"from": ["P2.D1.I1"], "to": ["P2.D1.I1", "P2.D1.I2"], "type": "split"},
        {"from": [], "to": ["P2.D1.I3"], "type": "new"},
        {"from": ["P2.D2.I1", "P2.D2.I2"], "to": ["P2.D2.I1"], "type": "merged", "rule": "取各原指标中的最高等级"},
    ]
    return old, new


def write_versions(folder, old: dict | None = None, new: dict | None = None) -> tuple[str, str]:
    """``versioned_documents`` (or the given ones) written as old.yaml and new.yaml in ``folder``."""
    default_old, default_new = versioned_documents()
    return (
        write_framework(folder / "old.yaml", default_old if old is None else old),
        write_framework(folder / "new.yaml", default_new if new is None else new),
    )


def two_pillar_framework() -> Framework:
    """``two_pillar_document`` as the specification scoring and advice read."""
    return Framework.of(two_pillar_document())


@functools.cache
def shipped_framework() -> Framework:
    """The shipped framework file, checked (every quote against the report) and as a specification."""
    return Framework.of(framework_parse(settings.FRAMEWORK_FILE))


def number_indicator(unit: str, thresholds=(1, 10, 30, 80), scale: str = "absolute") -> Indicator:
    """A number indicator in ``unit`` read on ``scale``, for the tests of numbers, kinds and scales."""
    return Indicator(
        code="P1.D1.I2",
        title="数",
        title_en="Number",
        help="说明。",
        weight=1,
        kind="number",
        evidence_prompt="佐证。",
        next_step="下一步。",
        source_quotes=(REPORT_SENTENCE,),
        pillar="P1",
        dimension="P1.D1",
        unit=unit,
        thresholds=tuple(thresholds),
        scale=Scale(scale),
    )


def answers_at(framework: Framework, level: int, size=None) -> dict:
    """Answers putting every indicator of ``framework`` at ``level`` (0–4): the lowest value of each kind
    that reaches it, a number read on its scale for a county of ``size`` (default: ``SIZE``)."""
    size = SIZE if size is None else size
    return {i.code: AnswerValue(**{i.kind_spec.column: i.kind_spec.demo(i, level, 0.0, size)}) for i in framework.indicators}


# A county's size profile as a lead fills it in: what the shipped framework's size-scaled numbers read.
SIZE_PROFILE = {
    "population": 200_000,
    "staff_count": 40,
    "towns": 12,
    "villages": 180,
    "population_year": 2025,
    "staff_year": 2025,
    "towns_year": 2025,
    "villages_year": 2025,
}


def _size():
    from assessment.scales import Size

    return Size.of(SimpleNamespace(**SIZE_PROFILE))


SIZE = _size()  # the Size of SIZE_PROFILE, for scoring without a centre


def make_centre(name: str, *, province: str = "甘肃", tier: str = "under_resourced", profile: bool = True):
    """A centre with a filled size profile (``profile=False``: its population only)."""
    from assessment.services.centres import centre_create

    size = SIZE_PROFILE if profile else {"population": SIZE_PROFILE["population"]}
    return centre_create(name=name, province=province, prefecture="某市", resource_tier=tier, **size)


def make_member(centre, username: str, *, role: str = "editor"):
    from assessment.services.centres import member_create

    return member_create(
        centre=centre,
        username=username,
        email=f"{username}@example.com",
        role=role,
        full_name=username,
        password="x-test-password",
    ).user


def make_admin(username: str, province: str = ""):
    """An administrator of ``province`` (of the whole country when empty)."""
    from django.contrib.auth import get_user_model

    from assessment.models import AdminScope

    user = get_user_model().objects.create_user(username=username, password="x-test-password")
    AdminScope.objects.create(user=user, province=province)
    return user


def submitted_cohort(framework, size, *, province="甘肃"):
    """``size`` submitted centres of one province answering every indicator at level i % 5."""
    from assessment.demo.seed import demo_answer
    from assessment.services.assessments import assessment_start, assessment_submit

    assessments = []
    for n in range(size):
        centre = make_centre(f"测试{n}县融媒体中心", province=province)
        lead = make_member(centre, f"lead{n}", role="lead")
        assessment = assessment_start(centre=centre, cycle=2026, framework=framework)
        demo_answer(assessment=assessment, user=lead, typical=n % 5)
        assessment_submit(assessment=assessment, user=lead)
        assessments.append((assessment, lead))
    return assessments


def submitted_with_scores(centre, framework, overall, p1, p2, levels, cycle=2026):
    """A submitted assessment whose snapshot holds the given figures (hand-made, not scored)."""
    from assessment.models import Assessment, ResultSnapshot

    assessment = Assessment.objects.create(centre=centre, cycle=cycle, framework=framework, status="submitted")
    ResultSnapshot.objects.create(
        assessment=assessment,
        framework=framework,
        overall_score=overall,
        stage_code="S2" if overall >= 50 else "S1",
        pillar_scores={"P1": p1, "P2": p2},
        indicator_levels=levels,
        result={},
    )
    return assessment


def saved(assessment) -> dict:
    """The stored answers of ``assessment`` by indicator code."""
    from assessment.models import Answer

    return {a.indicator.code: a for a in Answer.objects.filter(assessment=assessment).select_related("indicator")}


# Import files ---------------------------------------------------------------------------------------------

GOOD_ROWS = [
    ["临泽县融媒体中心", "甘肃省", "张掖市", "资源欠缺", "150000", "30", "王小明", "wangxm", "wxm@example.com", "中心负责人"],
    ["临泽县融媒体中心", "甘肃", "张掖市", "资源欠缺", "150000", "30", "李娜", "lina", "lina@example.com", "填报人"],
    ["达拉特旗融媒体中心", "内蒙古自治区", "鄂尔多斯市", "developing", "", "", "赵刚", "zhaog", "zg@example.com", "lead"],
]


def csv_bytes(rows, header=None, bom=True) -> bytes:
    """An import file as CSV (UTF-8, with the BOM Excel writes unless ``bom`` is false)."""
    from assessment.importer import HEADER

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER if header is None else header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows, header=None) -> bytes:
    """An import file as an Excel workbook."""
    from openpyxl import Workbook

    from assessment.importer import HEADER

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER if header is None else header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_file(tmp_path, data: bytes, name="centres.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)
