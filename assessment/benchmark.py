"""Benchmarking against the report's exemplars. Pure: a framework specification, a scoring result and a
centre profile in, plain data out; no database.

Everything said about an exemplar comes from the framework, where each practice and figure
carries the report sentence it is quoted from. Where the report documents no practice for an indicator,
these functions return nothing for it.
"""

from dataclasses import dataclass

from assessment.framework.spec import Exemplar, ExemplarType, Framework, Practice, ResourceTier
from assessment.kinds import MAX_LEVEL
from assessment.numbers import number_display
from assessment.regions import Region
from assessment.scales import Size
from assessment.scoring import result_rows, score_levels
from assessment.versions import changes_between, levels_through, result_values

PER_POPULATION = 10_000  # per-capita figures are per 10,000 residents


@dataclass(frozen=True)
class Profile:
    """What benchmarking needs to know about a centre."""

    province: str
    region: str
    tier: str  # well_resourced | developing | under_resourced
    population: int | None = None


def frontier_levels(framework: Framework) -> dict[str, int]:
    """For each indicator some exemplar's rated practice shows, the best level: the product's reading of
    the report (practices without a level, and so provincial platforms, do not count)."""
    best: dict[str, int] = {}
    for exemplar in framework.exemplars:
        for practice in exemplar.practices:
            if practice.level is None:  # the report's words support no rating
                continue
            for code in practice.codes:
                best[code] = max(best.get(code, 0), practice.level)
    return best


def frontier_result(framework: Framework) -> dict:
    """The "exemplar frontier": the framework scored at the best documented level of every indicator the
    report documents (the others drop out). Same shape as a scoring result."""
    return score_levels(framework, frontier_levels(framework))


def _affinity(exemplar: Exemplar, profile: Profile) -> tuple:
    """How close an exemplar is to the centre's own situation, for sorting (larger is closer).

    Same province first, then same region; then the report's resource logic (section 五): less-developed
    centres, often in central and western China, learn from peers in a similar position, well-resourced
    ones from the eastern centres that built their own technology.
    """
    east = exemplar.region == Region.EAST
    similar = east if profile.tier == ResourceTier.WELL_RESOURCED else not east
    return (exemplar.province == profile.province, exemplar.region == profile.region, similar)


def _exemplar_ref(exemplar: Exemplar) -> dict:
    return {key: getattr(exemplar, key) for key in ("code", "name", "short_name", "type", "province", "region", "province_quote")}


def _practices(practices: list[Practice]) -> list[dict]:
    return [{"summary": p.summary, "quote": p.quote, "level": p.level, "attribution": p.attribution} for p in practices]


def _best_level(practices: list[Practice]) -> int | None:
    """The highest rated level among ``practices``; None when none is rated."""
    return max((p.level for p in practices if p.level is not None), default=None)


def _rank(level: int | None) -> int:
    return -1 if level is None else level


FIGURE_KEYS = ("label", "display", "value", "unit", "quote", "attribution", "definition")


def learn_from(framework: Framework, result: dict, profile: Profile) -> list[dict]:
    """The "learn from" panels of a result, by pillar and dimension.

    For each indicator below the top level (not applicable ones excepted): the exemplars whose documented
    practice is above the centre's level, closest to the centre first, with what they do and the quoted
    sentence; for number indicators the centre's value beside the exemplars' figures (and per 10,000
    residents when the population is known). Dimensions and pillars with nothing to learn are left out.
    """
    order = {e.code: n for n, e in enumerate(framework.exemplars)}
    pillars = []
    for pillar in result["pillars"]:
        dimensions = []
        for dimension in pillar["dimensions"]:
            panels = []
            for row in dimension["indicators"]:
                if row["not_applicable"]:
                    continue
                level = row["level"] or 0
                if level >= MAX_LEVEL:
                    continue
                panel = _indicator_panel(framework, framework.indicator(row["code"]), row, level, profile, order)
                if panel["exemplars"]:
                    panels.append(panel)
            if panels:
                dimensions.append(
                    {"code": dimension["code"], "title": dimension["title"], "score": dimension["score"], "indicators": panels}
                )
        if dimensions:
            pillars.append({"code": pillar["code"], "title": pillar["title"], "dimensions": dimensions})
    return pillars


def _indicator_panel(framework, indicator, row, level, profile, order) -> dict:
    found = []
    for exemplar in framework.exemplars:
        # Rated practices above the centre's level, and unrated ones (shown with the quote only: the
        # report's words, no rating); provincial platforms are never rated and show as platforms to connect to.
        practices = [p for p in exemplar.practices if indicator.code in p.codes and (p.level is None or p.level > level)]
        if not practices:
            continue
        figures = [f for f in exemplar.figures if f.indicator is indicator]
        best = _best_level(practices)
        found.append(
            (
                (_affinity(exemplar, profile), _rank(best), -order[exemplar.code]),
                {
                    **_exemplar_ref(exemplar),
                    "level": best,
                    "practices": _practices(practices),
                    "figures": [{key: getattr(f, key) for key in FIGURE_KEYS} for f in figures],
                },
            )
        )
    found.sort(key=lambda pair: pair[0], reverse=True)
    value = row.get("value")
    per_capita = (
        value / profile.population * PER_POPULATION if indicator.per_capita and value is not None and profile.population else None
    )
    return {
        "code": indicator.code,
        "title": indicator.title,
        "kind": indicator.kind,
        "level": level,
        "unit": indicator.unit,
        "value": value,
        "value_display": number_display(value),
        "value_per_10k": per_capita,
        "scale": indicator.scale,
        "exemplars": [entry for _key, entry in found],
    }


def peer_exemplars(framework: Framework, profile: Profile) -> list[dict]:
    """For each pillar, the exemplar centre closest to the centre's own situation among those the report
    credits with a practice in that pillar, and the provincial platforms of the centre's own province."""
    order = {e.code: n for n, e in enumerate(framework.exemplars)}
    out = []
    for pillar in framework.pillars:
        codes = {i.code for i in pillar.indicators}
        candidates = []
        platforms = []
        for exemplar in framework.exemplars:
            practices = [p for p in exemplar.practices if codes & p.codes]
            if not practices:
                continue
            entry = {**_exemplar_ref(exemplar), "practices": _practices(practices)}
            if exemplar.type == ExemplarType.PROVINCIAL:
                if exemplar.province == profile.province:
                    platforms.append(entry)
            else:
                candidates.append(
                    (
                        (
                            _affinity(exemplar, profile),
                            _rank(_best_level(practices)),
                            len(practices),
                            -order[exemplar.code],
                        ),
                        entry,
                    )
                )
        peer = max(candidates, key=lambda c: c[0])[1] if candidates else None
        out.append(
            {
                "code": pillar.code,
                "title": pillar.title,
                "short_title": pillar.short_title,
                "peer": peer,
                "platforms": platforms,
            }
        )
    return out


def year_over_year(
    current: dict, previous: dict, framework: Framework, previous_framework: Framework | None = None
) -> dict | None:
    """Change per pillar and overall between two results, compared on the indicators both answered, both
    scored with the current framework's weights.

    When the earlier result was given on another framework version (``previous_framework``), its answers are
    first carried through the mapping the current version declares (``assessment.versions``), as a draft
    moved to the new version would be: ``through`` then names the two versions. None when nothing can be
    compared, and when the versions differ without a declared mapping (codes of unrelated versions need not
    mean the same question)."""

    def levels(result):
        return {
            row["code"]: row["level"] for row in result_rows(result) if not row["not_applicable"] and row["level"] is not None
        }

    now, before, through = levels(current), levels(previous), None
    if previous_framework is not None and previous_framework.version != framework.version:
        changes = changes_between(previous_framework, framework)
        if changes is None:
            return None
        # The earlier answers read against the size they were scored with (stored with the result).
        before = levels_through(
            previous_framework,
            framework,
            changes,
            result_values(previous_framework, previous),
            size=Size.from_json(previous.get("size")),
        )
        through = {"from": previous_framework.version, "to": framework.version}
    common = now.keys() & before.keys()
    if not common:
        return None
    a = score_levels(framework, {c: before[c] for c in common})
    b = score_levels(framework, {c: now[c] for c in common})

    def delta(x, y):
        return None if x is None or y is None else y - x

    return {
        "common": len(common),
        "through": through,
        "overall": {"before": a["overall"], "now": b["overall"], "change": delta(a["overall"], b["overall"])},
        "pillars": [
            {
                "code": pa["code"],
                "title": pa["title"],
                "before": pa["score"],
                "now": pb["score"],
                "change": delta(pa["score"], pb["score"]),
            }
            for pa, pb in zip(a["pillars"], b["pillars"], strict=True)
        ],
    }
