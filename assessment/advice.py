"""Recommendations: the gaps of a scoring result turned into advice. Pure; the rules are data in the
framework document (``recommendations``: strategies by resource tier and section-five themes; each
indicator's ``next_step`` and ``tier_advice``).

Priority of an indicator below the top level is ``weight × max(1, target − level)``: one step to the next
level at least, and the whole gap to the exemplar frontier where the report documents one (to level 4
where it does not).
"""

from assessment.benchmark import frontier_levels
from assessment.scoring import MAX_LEVEL, indicators_of

TOP_COUNT = 5


def _exemplar_names(document: dict, codes) -> list[str]:
    names = {e["code"]: e["short_name"] for e in document["exemplars"]}
    return [names[code] for code in codes if code in names]


def _practising_exemplars(document: dict, code: str, above: int) -> list[str]:
    return [
        e["short_name"]
        for e in document["exemplars"]
        if any(code in p["indicators"] and p["level"] > above for p in e["practices"])
    ]


def recommend(document: dict, result: dict, *, tier: str) -> dict:
    """Advice for a result. Returns ``{"strategy", "themes", "pillars", "top"}``:

    - ``strategy``: the report's "因地制宜" strategy for the centre's resource tier;
    - ``themes``: the section-five themes whose indicators score below the theme's threshold;
    - ``pillars``: per pillar, the indicators below the top level, highest priority first, each with the
      next step, the tier's advice, the exemplars to learn from and the report sentences behind it;
    - ``top``: the ``TOP_COUNT`` highest-priority items over all pillars.
    """
    rules = document.get("recommendations") or {"tier_advice": {}, "strategies": [], "themes": []}
    advice_key = rules["tier_advice"].get(tier, "under_resourced")
    frontier = frontier_levels(document)
    indicators = {i["code"]: i for i in indicators_of(document)}
    rows = {row["code"]: row for p in result["pillars"] for d in p["dimensions"] for row in d["indicators"]}

    pillars, everything = [], []
    for pillar in result["pillars"]:
        items = []
        for dimension in pillar["dimensions"]:
            for row in dimension["indicators"]:
                if row["not_applicable"] or (row["level"] or 0) >= MAX_LEVEL:
                    continue
                level = row["level"] or 0
                indicator = indicators[row["code"]]
                target = max(frontier.get(row["code"], MAX_LEVEL), level + 1)
                items.append(
                    {
                        "code": row["code"],
                        "title": indicator["title"],
                        "pillar": pillar["code"],
                        "level": level,
                        "target": target,
                        "weight": indicator["weight"],
                        "gap": target - level,
                        "priority": round(indicator["weight"] * (target - level), 2),
                        "next_step": indicator["next_step"],
                        "tier_advice": indicator["tier_advice"].get(advice_key, ""),
                        "exemplars": _practising_exemplars(document, row["code"], level),
                        "quotes": indicator["source_quotes"],
                    }
                )
        items.sort(key=lambda item: (-item["priority"], item["code"]))
        everything += items
        if items:
            pillars.append({"code": pillar["code"], "title": pillar["title"], "items": items})

    strategy = next((s for s in rules["strategies"] if tier in s["tiers"]), None)
    themes = []
    for theme in rules["themes"]:
        scored = [
            (indicators[c]["weight"], rows[c]["score"]) for c in theme["indicators"] if c in rows and rows[c]["score"] is not None
        ]
        total = sum(w for w, _ in scored)
        score = sum(w * s for w, s in scored) / total if total else None
        if score is not None and score < theme["below"]:
            themes.append({**theme, "score": score, "exemplar_names": _exemplar_names(document, theme["exemplars"])})
    return {
        "strategy": strategy and {**strategy, "exemplar_names": _exemplar_names(document, strategy["exemplars"])},
        "themes": themes,
        "pillars": pillars,
        "top": sorted(everything, key=lambda item: (-item["priority"], item["code"]))[:TOP_COUNT],
    }
