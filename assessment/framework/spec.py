"""The framework as the product reads it: one frozen, typed specification.

``framework_parse`` (schema.py) checks a framework file into a normalised document, the form that is
stored (``FrameworkVersion.document``) and fingerprinted; ``Framework.of(document)`` turns a document
into this specification, and ``FrameworkVersion.spec`` gives it for a stored version. Scoring, advice,
benchmarking, forms, pages and the PDF all read the specification; none walks the document.

Also here, declared once: the vocabularies the framework file and the models share.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessment.kinds import KINDS, MAX_LEVEL, Kind
from assessment.regions import Region


class ResourceTier(models.TextChoices):
    """Declared by the centre; drives the report's "因地制宜" advice (section 5)."""

    WELL_RESOURCED = "well_resourced", _("资源较充足")
    DEVELOPING = "developing", _("发展中")
    UNDER_RESOURCED = "under_resourced", _("资源欠缺")


class AdviceTier(models.TextChoices):
    """The two kinds of advice an indicator's ``tier_advice`` gives; each resource tier gets one of them."""

    WELL_RESOURCED = "well_resourced", _("资源较充足")
    UNDER_RESOURCED = "under_resourced", _("资源欠缺")


class Area(models.TextChoices):
    """The four areas the report names to optimise (体制机制、服务模式、技术平台、人才培养)."""

    MECHANISM = "mechanism", _("体制机制")
    SERVICE_MODEL = "service_model", _("服务模式")
    TECHNOLOGY = "technology", _("技术平台")
    TALENT = "talent", _("人才培养")


class Scale(models.TextChoices):
    """How a number indicator's raw figure is read against the county's size before its thresholds apply
    (absent in the file: absolute). ``assessment.scales`` does the normalising."""

    ABSOLUTE = "absolute", _("绝对数")
    PER_10K_RESIDENTS = "per_10k_residents", _("每万常住人口")
    SHARE_OF_TOWNS = "share_of_towns", _("占乡镇/街道的比例")
    SHARE_OF_VILLAGES = "share_of_villages", _("占行政村/社区的比例")
    PER_STAFF = "per_staff", _("每名员工")


class ExemplarType(models.TextChoices):
    CENTRE = "centre", _("区县融媒体中心")
    PROVINCIAL = "provincial", _("省级平台/项目")


class ChangeType(models.TextChoices):
    """What became of an indicator of the previous framework version (a version's ``changes``)."""

    SAME = "same", _("不变")
    RENAMED = "renamed", _("改名")
    MERGED = "merged", _("合并")
    SPLIT = "split", _("拆分")
    RESCALED = "rescaled", _("改变计分口径")
    DROPPED = "dropped", pgettext_lazy("what became of an indicator", "删除")
    NEW = "new", _("新增")


# How many previous (``sources``) and new (``targets``) indicators each type of change joins: (least, most),
# most None for "any number".
CHANGE_ARITY: dict[str, tuple[tuple[int, int | None], tuple[int, int | None]]] = {
    ChangeType.SAME: ((1, 1), (1, 1)),
    ChangeType.RENAMED: ((1, 1), (1, 1)),
    ChangeType.RESCALED: ((1, 1), (1, 1)),
    ChangeType.MERGED: ((2, None), (1, 1)),
    ChangeType.SPLIT: ((1, 1), (2, None)),
    ChangeType.DROPPED: ((1, 1), (0, 0)),
    ChangeType.NEW: ((0, 0), (1, 1)),
}
# The types whose ``rule`` says how an old answer maps, so the file must give it.
CHANGE_NEEDS_RULE = (ChangeType.RESCALED, ChangeType.MERGED)


@dataclass(frozen=True)
class Change:
    """One item of a version's ``changes``: the previous version's indicators ``sources`` became this
    version's ``targets`` (the file's ``from`` and ``to``)."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    type: str
    rule: str = ""

    @property
    def type_label(self) -> str:
        return ChangeType(self.type).label


def english_active() -> bool:
    return not (translation.get_language() or "zh").startswith("zh")


@dataclass(frozen=True)
class Stage:
    code: str
    name: str
    name_en: str
    min_score: float
    interpretation: str


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    title_en: str
    help: str
    weight: float
    kind: str
    evidence_prompt: str
    next_step: str
    source_quotes: tuple[str, ...]
    pillar: str  # the codes of the pillar and dimension it belongs to
    dimension: str
    area: str | None = None
    levels: tuple[str, ...] = ()
    unit: str = ""
    thresholds: tuple[float, ...] = ()
    per_capita: bool = False
    scale: Scale = Scale.ABSOLUTE
    tier_advice: Mapping[str, str] = field(default_factory=dict)
    # English help and level descriptors ("" / () where the framework has none: 2023.2).
    help_en: str = ""
    levels_en: tuple[str, ...] = ()
    # quote -> the report's words naming its speaker or document, for quoted speech among source_quotes.
    quote_attributions: Mapping[str, str] = field(default_factory=dict)

    def attribution_of(self, quote: str) -> str:
        return self.quote_attributions.get(quote, "")

    @property
    def quotes(self) -> tuple[tuple[str, str], ...]:
        """The source quotes with their attribution ("" where the quote is the report's own words)."""
        return tuple((q, self.attribution_of(q)) for q in self.source_quotes)

    # The wording for the active language: the framework's English where the user chose English and the
    # framework has it, the Chinese otherwise.
    @property
    def title_local(self) -> str:
        return self.title_en if self.title_en and english_active() else self.title

    @property
    def help_local(self) -> str:
        return self.help_en if self.help_en and english_active() else self.help

    @property
    def levels_local(self) -> tuple[str, ...]:
        return self.levels_en if self.levels_en and english_active() else self.levels

    @property
    def kind_spec(self) -> Kind:
        return KINDS[self.kind]

    @property
    def kind_label(self) -> str:
        return self.kind_spec.label

    @property
    def threshold_words(self) -> str:
        """A number indicator's thresholds in words on its scale (see ``NumberKind.threshold_words``)."""
        return self.kind_spec.threshold_words(self)


@dataclass(frozen=True)
class Dimension:
    code: str
    title: str
    title_en: str
    weight: float
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Pillar:
    code: str
    title: str
    short_title: str
    title_en: str
    weight: float
    description: str
    dimensions: tuple[Dimension, ...]

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for d in self.dimensions for i in d.indicators)


@dataclass(frozen=True)
class Practice:
    """A practice the report documents for an exemplar and the indicators it shows. ``level`` is the
    product's reading of the report's words against the level descriptors ("本平台据报告描述评定"), None
    where the quote does not support a rating (and always for provincial platforms from 2024.1);
    ``summary`` is the product's; ``quote`` is the report's, with ``attribution`` for quoted speech."""

    indicators: tuple[Indicator, ...]
    level: int | None
    summary: str
    quote: str
    attribution: str = ""

    @property
    def rated(self) -> bool:
        return self.level is not None

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.indicators)


@dataclass(frozen=True)
class Figure:
    """A figure the report gives for an exemplar, quoted; ``indicator`` is the number indicator it
    measures, if any."""

    label: str
    value: float
    unit: str
    display: str
    quote: str
    indicator: Indicator | None = None
    year: int | None = None
    # Who the report gives the figure for, when not the exemplar itself (龙岗区融媒集团), and the
    # report's words defining it where that differs from the indicator's definition (总营收).
    attribution: str = ""
    definition: str = ""


@dataclass(frozen=True)
class Exemplar:
    code: str
    name: str
    short_name: str
    type: str
    province: str
    region: str
    practices: tuple[Practice, ...]
    figures: tuple[Figure, ...]
    # The report's words that place it in its province; "" when the report does not say (frameworks
    # loaded before 2023.2 have none).
    province_quote: str = ""

    @property
    def type_label(self) -> str:
        return ExemplarType(self.type).label

    @property
    def region_label(self) -> str:
        return Region(self.region).label


@dataclass(frozen=True)
class Strategy:
    """The report's "因地制宜" strategy for some resource tiers."""

    tiers: tuple[str, ...]
    title: str
    text: str
    quote: str
    exemplars: tuple[str, ...]
    attribution: str = ""


@dataclass(frozen=True)
class Theme:
    """A section-five theme, shown where its indicators score below ``below``."""

    code: str
    title: str
    indicators: tuple[str, ...]
    below: float
    text: str
    quote: str
    exemplars: tuple[str, ...]
    attribution: str = ""


def _default_tier_advice() -> dict[str, str]:
    return {
        tier: AdviceTier.WELL_RESOURCED if tier == ResourceTier.WELL_RESOURCED else AdviceTier.UNDER_RESOURCED
        for tier in ResourceTier.values
    }


@dataclass(frozen=True)
class Recommendations:
    tier_advice: Mapping[str, str] = field(default_factory=_default_tier_advice)  # resource tier -> advice tier
    strategies: tuple[Strategy, ...] = ()
    themes: tuple[Theme, ...] = ()

    def strategy_for(self, tier: str) -> Strategy | None:
        return next((s for s in self.strategies if tier in s.tiers), None)


@dataclass(frozen=True)
class Framework:
    version: str
    title: str
    title_en: str
    source: str
    stages: tuple[Stage, ...]
    pillars: tuple[Pillar, ...]
    exemplars: tuple[Exemplar, ...]
    recommendations: Recommendations = field(default_factory=Recommendations)
    # Where the framework comes from beyond the report, and how its weights were chosen ("" in 2023.2).
    provenance: str = ""
    weights_note: str = ""
    # The version this one follows and, for each of its indicators, what became of it; empty for a first
    # version (2023.2 and earlier).
    previous: str = ""
    changes: tuple[Change, ...] = ()

    @cached_property
    def _change_of_source(self) -> dict[str, Change]:
        return {code: change for change in self.changes for code in change.sources}

    @cached_property
    def _change_of_target(self) -> dict[str, Change]:
        return {code: change for change in self.changes for code in change.targets}

    def became_of(self, previous_code: str) -> Change | None:
        """What became of the previous version's indicator ``previous_code`` (None if the version declares
        no changes)."""
        return self._change_of_source.get(previous_code)

    def came_from(self, code: str) -> Change | None:
        """Where this version's indicator ``code`` came from (None if the version declares no changes)."""
        return self._change_of_target.get(code)

    @cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator, in framework order."""
        return tuple(i for p in self.pillars for i in p.indicators)

    @cached_property
    def _indicators_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    def indicator(self, code: str) -> Indicator | None:
        return self._indicators_by_code.get(code)

    def pillar(self, code: str) -> Pillar | None:
        return next((p for p in self.pillars if p.code == code), None)

    def exemplar(self, code: str) -> Exemplar | None:
        return next((e for e in self.exemplars if e.code == code), None)

    def exemplar_names(self, codes) -> list[str]:
        """The short names of the exemplars with these codes, in the given order."""
        names = {e.code: e.short_name for e in self.exemplars}
        return [names[code] for code in codes if code in names]

    def stage_for(self, score: float | None) -> Stage | None:
        """The stage whose band holds ``score`` (stages are ordered by ``min_score``, the first at 0)."""
        if score is None:
            return None
        return [stage for stage in self.stages if score >= stage.min_score][-1]

    def walk(self) -> Iterator[tuple[Pillar, Dimension, Indicator]]:
        for pillar in self.pillars:
            for dimension in pillar.dimensions:
                for indicator in dimension.indicators:
                    yield pillar, dimension, indicator

    @classmethod
    def of(cls, document: dict) -> "Framework":
        """The specification of a normalised framework document (see ``schema.framework_parse``)."""
        indicators: dict[str, Indicator] = {}
        pillars = []
        for p in document["pillars"]:
            dimensions = []
            for d in p["dimensions"]:
                members = []
                for i in d["indicators"]:
                    indicator = Indicator(
                        code=i["code"],
                        title=i["title"],
                        title_en=i["title_en"],
                        help=i["help"],
                        weight=i["weight"],
                        kind=i["kind"],
                        evidence_prompt=i["evidence_prompt"],
                        next_step=i["next_step"],
                        source_quotes=tuple(i["source_quotes"]),
                        pillar=p["code"],
                        dimension=d["code"],
                        area=i.get("area"),
                        levels=tuple(i.get("levels") or ()),
                        unit=i.get("unit") or "",
                        thresholds=tuple(i.get("thresholds") or ()),
                        per_capita=bool(i.get("per_capita")),
                        scale=Scale(i.get("scale", Scale.ABSOLUTE)),
                        tier_advice=dict(i.get("tier_advice") or {}),
                        help_en=i.get("help_en", ""),
                        levels_en=tuple(i.get("levels_en") or ()),
                        quote_attributions=dict(i.get("quote_attributions") or {}),
                    )
                    indicators[indicator.code] = indicator
                    members.append(indicator)
                dimensions.append(Dimension(d["code"], d["title"], d["title_en"], d["weight"], tuple(members)))
            pillars.append(
                Pillar(p["code"], p["title"], p["short_title"], p["title_en"], p["weight"], p["description"], tuple(dimensions))
            )
        exemplars = tuple(
            Exemplar(
                code=e["code"],
                name=e["name"],
                short_name=e["short_name"],
                type=e["type"],
                province=e["province"],
                region=e["region"],
                province_quote=e.get("province_quote", ""),
                practices=tuple(
                    Practice(
                        tuple(indicators[c] for c in pr["indicators"]),
                        pr.get("level"),
                        pr["summary"],
                        pr["quote"],
                        pr.get("attribution", ""),
                    )
                    for pr in e["practices"]
                ),
                figures=tuple(
                    Figure(
                        label=f["label"],
                        value=f["value"],
                        unit=f["unit"],
                        display=f["display"],
                        quote=f["quote"],
                        indicator=indicators[f["indicator"]] if f.get("indicator") else None,
                        year=f.get("year"),
                        attribution=f.get("attribution", ""),
                        definition=f.get("definition", ""),
                    )
                    for f in e.get("figures", ())
                ),
            )
            for e in document["exemplars"]
        )
        rules = document.get("recommendations")
        recommendations = (
            Recommendations(
                tier_advice=dict(rules["tier_advice"]),
                strategies=tuple(
                    Strategy(
                        tuple(s["tiers"]), s["title"], s["text"], s["quote"], tuple(s["exemplars"]), s.get("attribution", "")
                    )
                    for s in rules["strategies"]
                ),
                themes=tuple(
                    Theme(
                        t["code"],
                        t["title"],
                        tuple(t["indicators"]),
                        t["below"],
                        t["text"],
                        t["quote"],
                        tuple(t["exemplars"]),
                        t.get("attribution", ""),
                    )
                    for t in rules["themes"]
                ),
            )
            if rules
            else Recommendations()
        )
        return cls(
            version=document["version"],
            title=document["title"],
            title_en=document.get("title_en", ""),
            source=document["source"],
            stages=tuple(
                Stage(**{k: s[k] for k in ("code", "name", "name_en", "min_score", "interpretation")}) for s in document["stages"]
            ),
            pillars=tuple(pillars),
            exemplars=exemplars,
            recommendations=recommendations,
            provenance=document.get("provenance", ""),
            weights_note=document.get("weights_note", ""),
            previous=document.get("previous", ""),
            changes=tuple(
                Change(tuple(c["from"]), tuple(c["to"]), c["type"], c.get("rule", "")) for c in document.get("changes", ())
            ),
        )


__all__ = ["MAX_LEVEL", "Framework"]
