"""Small builders for test data."""

import copy

import yaml

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


def make_centre(name: str, *, province: str = "甘肃", tier: str = "under_resourced"):
    from assessment.services.centres import centre_create

    return centre_create(name=name, province=province, prefecture="某市", resource_tier=tier, population=200_000)


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
