"""Scoring: a pure function of a framework document and a set of answers. No database.

Indicator level (0–4) → indicator score (level / 4 × 100) → dimension score (weighted mean of its
applicable indicators) → pillar score (weighted mean of its dimensions) → overall score (weighted mean of
the pillars), all 0–100, and the maturity stage whose band holds the overall score.

Not-applicable indicators drop out and their weight is shared by the rest of their dimension (a
weighted mean over what remains). A dimension or pillar with nothing applicable drops out the same way.
Unanswered indicators count as level 0, so a draft's score is a floor; ``answered`` says how complete
it is. Scores are kept unrounded here; presentation rounds.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

MAX_LEVEL = 4


@dataclass(frozen=True)
class AnswerValue:
    """One indicator's answer as scoring sees it. Only the field of the indicator's kind is read."""

    level: int | None = None
    number: float | Decimal | None = None
    boolean: bool | None = None
    not_applicable: bool = False


def indicators_of(document: dict) -> Iterator[dict]:
    """The indicators of a framework document, or the indicator rows of a scoring result (same shape)."""
    for pillar in document["pillars"]:
        for dimension in pillar["dimensions"]:
            yield from dimension["indicators"]


def number_level(value: float | Decimal, thresholds: list[float]) -> int:
    """The level a number reaches: the count of thresholds it meets or passes."""
    return sum(1 for threshold in thresholds if value >= threshold)


def indicator_level(indicator: dict, answer: AnswerValue | None) -> int | None:
    """Level 0–4 of one answer, or None when the answer is missing or not applicable."""
    if answer is None or answer.not_applicable:
        return None
    kind = indicator["kind"]
    if kind == "level":
        return answer.level
    if kind == "number":
        return None if answer.number is None else number_level(answer.number, indicator["thresholds"])
    return None if answer.boolean is None else (MAX_LEVEL if answer.boolean else 0)


def is_answered(indicator: dict, answer: AnswerValue | None) -> bool:
    return answer is not None and (answer.not_applicable or indicator_level(indicator, answer) is not None)


def _weighted_mean(parts: list[tuple[float, float | None]]) -> float | None:
    scored = [(weight, score) for weight, score in parts if score is not None]
    total = sum(weight for weight, _ in scored)
    return sum(weight * score for weight, score in scored) / total if total else None


def stage_for(document: dict, score: float | None) -> dict | None:
    """The stage whose band holds ``score`` (stages are ordered by ``min_score``, the first at 0)."""
    if score is None:
        return None
    return [stage for stage in document["stages"] if score >= stage["min_score"]][-1]


def score_assessment(document: dict, answers: Mapping[str, AnswerValue]) -> dict:
    """Score ``answers`` (keyed by indicator code) against the framework ``document``.

    Returns a plain, JSON-serialisable dict::

        {"overall": float | None, "stage": {code, name, name_en, interpretation} | None,
         "answered": int, "total": int,
         "pillars": [{code, title, short_title, weight, score, answered, total,
                      "dimensions": [{code, title, weight, score,
                                      "indicators": [{code, title, kind, weight, level, score,
                                                      not_applicable, answered}]}]}]}
    """
    rows = {}
    for indicator in indicators_of(document):
        answer = answers.get(indicator["code"])
        not_applicable = bool(answer and answer.not_applicable)
        level = indicator_level(indicator, answer)
        rows[indicator["code"]] = {
            "level": level,
            "not_applicable": not_applicable,
            "answered": is_answered(indicator, answer),
            "value": float(answer.number) if indicator["kind"] == "number" and answer and answer.number is not None else None,
            # Unanswered counts as level 0; not applicable drops out.
            "score": None if not_applicable else (level or 0) / MAX_LEVEL * 100,
        }
    return _aggregate(document, rows)


def score_levels(document: dict, levels: Mapping[str, int]) -> dict:
    """Score a set of indicator levels directly; indicators absent from ``levels`` drop out as if not
    applicable. Used for the exemplar frontier and for comparisons on the indicators two cycles share.
    Same return shape as ``score_assessment``."""
    rows = {
        i["code"]: {
            "level": levels.get(i["code"]),
            "not_applicable": i["code"] not in levels,
            "answered": i["code"] in levels,
            "value": None,
            "score": levels[i["code"]] / MAX_LEVEL * 100 if i["code"] in levels else None,
        }
        for i in indicators_of(document)
    }
    return _aggregate(document, rows)


def _aggregate(document: dict, rows: Mapping[str, dict]) -> dict:
    pillars = []
    for pillar in document["pillars"]:
        dimensions = []
        for dimension in pillar["dimensions"]:
            indicators = [
                {"code": i["code"], "title": i["title"], "kind": i["kind"], "weight": i["weight"], **rows[i["code"]]}
                for i in dimension["indicators"]
            ]
            dimensions.append(
                {
                    "code": dimension["code"],
                    "title": dimension["title"],
                    "weight": dimension["weight"],
                    "score": _weighted_mean([(row["weight"], row["score"]) for row in indicators]),
                    "indicators": indicators,
                }
            )
        flat = [row for d in dimensions for row in d["indicators"]]
        pillars.append(
            {
                "code": pillar["code"],
                "title": pillar["title"],
                "short_title": pillar["short_title"],
                "weight": pillar["weight"],
                "answered": sum(row["answered"] for row in flat),
                "total": len(flat),
                "score": _weighted_mean([(d["weight"], d["score"]) for d in dimensions]),
                "dimensions": dimensions,
            }
        )
    overall = _weighted_mean([(p["weight"], p["score"]) for p in pillars])
    stage = stage_for(document, overall)
    return {
        "overall": overall,
        "stage": stage and {key: stage[key] for key in ("code", "name", "name_en", "interpretation")},
        "answered": sum(p["answered"] for p in pillars),
        "total": sum(p["total"] for p in pillars),
        "pillars": pillars,
    }


def unanswered(result: dict) -> list[dict]:
    """The indicators of a scoring result neither answered nor marked not applicable, in framework order:
    ``[{code, title, pillar}]`` (``pillar`` is the pillar's code, whose page holds the question)."""
    return [
        {"code": row["code"], "title": row["title"], "pillar": pillar["code"]}
        for pillar in result["pillars"]
        for dimension in pillar["dimensions"]
        for row in dimension["indicators"]
        if not row["answered"]
    ]
