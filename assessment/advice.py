"""Recommendations: the gaps of a scoring result turned into advice. Pure; the rules are data in the
framework (``recommendations``: strategies by resource tier and section-five themes; each
indicator's ``next_step`` and ``tier_advice``).

Priority of an indicator below the top level is ``weight × max(1, target − level)``: one step to the next
level at least, and the whole gap to the exemplar frontier where the report documents one (to level 4
where it does not).
"""

from dataclasses import asdict

from assessment.benchmark import frontier_levels
from assessment.framework.spec import AdviceTier, Framework
from assessment.kinds import MAX_LEVEL
from assessment.scoring import result_rows

TOP_COUNT = 5


def _practising_exemplars(framework: Framework, code: str, above: int) -> list[str]:
    return [
        e.short_name
        for e in framework.exemplars
        if any(code in p.codes and p.level is not None and p.level > above for p in e.practices)
    ]


def recommend(framework: Framework, result: dict, *, tier: str) -> dict:
    """Advice for a result. Returns ``{"strategy", "themes", "pillars", "top"}``:

    - ``strategy``: the report's "因地制宜" strategy for the centre's resource tier;
    - ``themes``: the section-five themes whose indicators score below the theme's threshold;
    - ``pillars``: per pillar, the indicators below the top level, highest priority first, each with the
      next step, the tier's advice, the exemplars to learn from and the report sentences behind it;
    - ``top``: the ``TOP_COUNT`` highest-priority items over all pillars.
    """
    rules = framework.recommendations
    advice_key = rules.tier_advice.get(tier, AdviceTier.UNDER_RESOURCED)
    frontier = frontier_levels(framework)
    rows = {row["code"]: row for row in result_rows(result)}

    pillars, everything = [], []
    for pillar in result["pillars"]:
        items = []
        for dimension in pillar["dimensions"]:
            for row in dimension["indicators"]:
                if row["not_applicable"] or (row["level"] or 0) >= MAX_LEVEL:
                    continue
                level = row["level"] or 0
                indicator = framework.indicator(row["code"])
                target = max(frontier.get(row["code"], MAX_LEVEL), level + 1)
                items.append(
                    {
                        "code": row["code"],
                        "title": indicator.title,
                        "pillar": pillar["code"],
                        "level": level,
                        "target": target,
                        "weight": indicator.weight,
                        "gap": target - level,
                        "priority": round(indicator.weight * (target - level), 2),
                        "next_step": indicator.next_step,
                        "tier_advice": indicator.tier_advice.get(advice_key, ""),
                        "exemplars": _practising_exemplars(framework, row["code"], level),
                        "quotes": list(indicator.source_quotes),
                        "attributed_quotes": list(indicator.quotes),
                    }
                )
        items.sort(key=lambda item: (-item["priority"], item["code"]))
        everything += items
        if items:
            pillars.append({"code": pillar["code"], "title": pillar["title"], "items": items})

    strategy = rules.strategy_for(tier)
    themes = []
    for theme in rules.themes:
        scored = [
            (framework.indicator(c).weight, rows[c]["score"])
            for c in theme.indicators
            if c in rows and rows[c]["score"] is not None
        ]
        total = sum(w for w, _ in scored)
        score = sum(w * s for w, s in scored) / total if total else None
        if score is not None and score < theme.below:
            themes.append({**asdict(theme), "score": score, "exemplar_names": framework.exemplar_names(theme.exemplars)})
    return {
        "strategy": strategy and {**asdict(strategy), "exemplar_names": framework.exemplar_names(strategy.exemplars)},
        "themes": themes,
        "pillars": pillars,
        "top": sorted(everything, key=lambda item: (-item["priority"], item["code"]))[:TOP_COUNT],
    }
