"""Scoring: a pure function of a framework specification and a set of answers. No database.

Indicator level (0–4) → indicator score (level / 4 × 100) → dimension score (weighted mean of its
applicable indicators) → pillar score (weighted mean of its dimensions) → overall score (weighted mean of
the pillars), all 0–100, and the maturity stage whose band holds the overall score.

Not-applicable indicators drop out and their weight is shared by the rest of their dimension (a
weighted mean over what remains). A dimension or pillar with nothing applicable drops out the same way.
Unanswered indicators count as level 0, so a draft's score is a floor; ``answered`` says how complete
it is. Scores are kept unrounded here; presentation rounds.

A number indicator's thresholds apply to its raw figure read on its scale against the county's size
(assessment/scales.py). A number whose scale needs a size figure the centre's profile lacks (or holds as
0) is answered but has no level (it scores 0 in a draft, and cannot be submitted) until the profile is
filled; its row says why (``unscored``).
"""

from collections.abc import Iterator, Mapping

from assessment.framework.spec import Framework
from assessment.kinds import MAX_LEVEL, AnswerValue, answer_level
from assessment.scales import Size, normalise


def result_rows(result: dict) -> Iterator[dict]:
    """The indicator rows of a scoring result, in framework order."""
    for pillar in result["pillars"]:
        for dimension in pillar["dimensions"]:
            yield from dimension["indicators"]


def is_answered(indicator, answer: AnswerValue | None) -> bool:
    """Whether the answer holds a value of the indicator's kind or is marked not applicable (a number
    that cannot be read against the county's size yet is answered all the same: the profile is missing,
    not the answer)."""
    return answer is not None and (answer.not_applicable or getattr(answer, indicator.kind_spec.column) is not None)


def _weighted_mean(parts: list[tuple[float, float | None]]) -> float | None:
    scored = [(weight, score) for weight, score in parts if score is not None]
    total = sum(weight for weight, _ in scored)
    return sum(weight * score for weight, score in scored) / total if total else None


def score_assessment(framework: Framework, answers: Mapping[str, AnswerValue], *, size: Size | None = None) -> dict:
    """Score ``answers`` (keyed by indicator code) against ``framework`` for a county of ``size`` (the
    centre's size profile, ``Size.of(centre)``; None: nothing known, so only absolute numbers get a level).

    Returns a plain, JSON-serialisable dict::

        {"overall": float | None, "stage": {code, name, name_en, interpretation} | None,
         "answered": int, "total": int, "size": {population, towns, villages, staff},
         "pillars": [{code, title, short_title, weight, score, answered, total,
                      "dimensions": [{code, title, weight, score,
                                      "indicators": [{code, title, kind, weight, level, score,
                                                      not_applicable, answered,
                                                      value, scale, normalised, unscored}]}]}]}

    ``value`` is a number's raw figure, ``normalised`` the figure its thresholds were applied to (None
    where it could not be computed, and then ``unscored`` holds the ``scales.Unscored`` code saying why);
    ``scale`` is the number's scale ("" for other kinds). ``size`` is kept so that a stored result shows
    the figures it was scored with.
    """
    size = size or Size()
    rows = {}
    for indicator in framework.indicators:
        answer = answers.get(indicator.code)
        not_applicable = bool(answer and answer.not_applicable)
        level = answer_level(indicator, answer, size)
        is_number = indicator.kind_spec.column == "number"
        number = answer.number if answer and is_number and not not_applicable else None
        measured = None if number is None else normalise(number, indicator.scale, size)
        rows[indicator.code] = {
            "level": level,
            "not_applicable": not_applicable,
            "answered": is_answered(indicator, answer),
            "value": None if number is None else float(number),
            "scale": str(indicator.scale) if is_number else "",
            "normalised": None if measured is None or measured.value is None else float(measured.value),
            "unscored": measured.reason if measured else "",
            # Unanswered counts as level 0; not applicable drops out.
            "score": None if not_applicable else (level or 0) / MAX_LEVEL * 100,
        }
    return {**_aggregate(framework, rows), "size": size.as_json()}


def score_levels(framework: Framework, levels: Mapping[str, int]) -> dict:
    """Score a set of indicator levels directly; indicators absent from ``levels`` drop out as if not
    applicable. Used for the exemplar frontier and for comparisons on the indicators two cycles share.
    Same return shape as ``score_assessment``."""
    rows = {
        i.code: {
            "level": levels.get(i.code),
            "not_applicable": i.code not in levels,
            "answered": i.code in levels,
            "value": None,
            "scale": "",
            "normalised": None,
            "unscored": "",
            "score": levels[i.code] / MAX_LEVEL * 100 if i.code in levels else None,
        }
        for i in framework.indicators
    }
    return _aggregate(framework, rows)


def rescore(framework: Framework, result: dict, overrides: Mapping[str, int | None]) -> dict:
    """``result`` (as ``score_assessment`` returned it, or as a snapshot stored it) scored again with the
    indicators of ``overrides`` read differently: a level 0–4 counts as that level (an indicator the
    centre marked not applicable counts too), None excludes the indicator (it drops out as a
    not-applicable one does, its weight shared by the rest of its dimension). Codes the framework does not
    hold are ignored.

    Same shape as ``result`` (its other keys, such as ``size``, kept); each overridden row also carries
    ``override`` ("level" or "excluded") and ``own_level``, the level as scored before."""
    own = {row["code"]: row for row in result_rows(result)}
    rows = {}
    for indicator in framework.indicators:
        row = {k: v for k, v in own[indicator.code].items() if k not in ("code", "title", "kind", "weight")}
        if indicator.code in overrides:
            level = overrides[indicator.code]
            row.update(override="excluded" if level is None else "level", own_level=row["level"])
            if level is not None:
                row.update(level=level, not_applicable=False, score=level / MAX_LEVEL * 100)
            else:
                row["score"] = None
        rows[indicator.code] = row
    return {**result, **_aggregate(framework, rows)}


def is_counted(row: dict) -> bool:
    """Whether an indicator row of a result counts in its score: neither not applicable nor excluded."""
    return not row["not_applicable"] and row.get("override") != "excluded"


def _aggregate(framework: Framework, rows: Mapping[str, dict]) -> dict:
    pillars = []
    for pillar in framework.pillars:
        dimensions = []
        for dimension in pillar.dimensions:
            indicators = [
                {"code": i.code, "title": i.title, "kind": i.kind, "weight": i.weight, **rows[i.code]}
                for i in dimension.indicators
            ]
            dimensions.append(
                {
                    "code": dimension.code,
                    "title": dimension.title,
                    "weight": dimension.weight,
                    "score": _weighted_mean([(row["weight"], row["score"]) for row in indicators]),
                    "indicators": indicators,
                }
            )
        flat = [row for d in dimensions for row in d["indicators"]]
        pillars.append(
            {
                "code": pillar.code,
                "title": pillar.title,
                "short_title": pillar.short_title,
                "weight": pillar.weight,
                "answered": sum(row["answered"] for row in flat),
                "total": len(flat),
                "score": _weighted_mean([(d["weight"], d["score"]) for d in dimensions]),
                "dimensions": dimensions,
            }
        )
    overall = _weighted_mean([(p["weight"], p["score"]) for p in pillars])
    stage = framework.stage_for(overall)
    return {
        "overall": overall,
        "stage": stage and {key: getattr(stage, key) for key in ("code", "name", "name_en", "interpretation")},
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


def unscored(result: dict) -> list[dict]:
    """The number indicators of a scoring result answered but without a level because the county's size
    profile lacks (or holds as 0) the figure their scale needs: ``[{code, title, pillar, scale, unscored}]``."""
    return [
        {"code": row["code"], "title": row["title"], "pillar": pillar["code"], "scale": row["scale"], "unscored": row["unscored"]}
        for pillar in result["pillars"]
        for dimension in pillar["dimensions"]
        for row in dimension["indicators"]
        if row["unscored"]
    ]
