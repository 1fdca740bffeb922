"""Reading a number indicator's raw figure against the county's size. Pure: no database.

A number indicator declares a ``Scale`` (assessment/framework/spec.py); its thresholds apply to the
normalised value ``normalise`` gives:

- absolute: the raw figure itself (only where size really does not matter);
- per_10k_residents: raw / (resident population / 10,000);
- share_of_towns: raw / towns and streets (乡镇/街道), a fraction 0–1 (thresholds are written as fractions);
- share_of_villages: raw / administrative villages and communities (行政村/社区), a fraction 0–1;
- per_staff: raw / staff.

Where the centre's size profile lacks the figure a scale needs, or the figure is 0, there is no
normalised value and the result says why (``Unscored``); the indicator then has no level.
"""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.framework.spec import Scale
from assessment.numbers import number_display


@dataclass(frozen=True)
class Size:
    """The size figures of a county that scoring reads (None: not in the centre's profile)."""

    population: int | None = None
    towns: int | None = None
    villages: int | None = None
    staff: int | None = None

    @classmethod
    def of(cls, centre) -> "Size":
        """The size profile of a centre (a ``Centre`` or anything with the same attributes)."""
        return cls(population=centre.population, towns=centre.towns, villages=centre.villages, staff=centre.staff_count)

    @classmethod
    def from_json(cls, stored: dict | None) -> "Size":
        return cls(**(stored or {}))

    def as_json(self) -> dict:
        return asdict(self)


# What each scale divides by: the Size field and how many of it make one unit (10,000 residents).
DIVISORS: dict[Scale, tuple[str, int]] = {
    Scale.PER_10K_RESIDENTS: ("population", 10_000),
    Scale.SHARE_OF_TOWNS: ("towns", 1),
    Scale.SHARE_OF_VILLAGES: ("villages", 1),
    Scale.PER_STAFF: ("staff", 1),
}
SHARES = frozenset({Scale.SHARE_OF_TOWNS, Scale.SHARE_OF_VILLAGES})
# The words of each size figure, as the size page labels them.
SIZE_LABELS = {
    "population": gettext_lazy("常住人口"),
    "towns": gettext_lazy("乡镇/街道数"),
    "villages": gettext_lazy("行政村/社区数"),
    "staff": gettext_lazy("员工人数"),
}


# The centre's size profile as stored on ``Centre``: each figure's field and the field of its year.
PROFILE_FIELDS = (
    ("population", "population_year"),
    ("towns", "towns_year"),
    ("villages", "villages_year"),
    ("staff_count", "staff_year"),
)


def profile_of(centre) -> dict:
    """The centre's size profile as the audit log stores it: every figure and year field by name."""
    return {name: getattr(centre, name) for pair in PROFILE_FIELDS for name in pair}


def profile_missing(centre) -> bool:
    """Whether the centre's size profile lacks a figure or the year of one (the size page asks for it)."""
    return any(value is None for value in profile_of(centre).values())


# The reason offered for "不适用" on an indicator read as a share of villages and communities, in a county
# whose size profile has none of them (a member may edit it before ticking 不适用).
NO_VILLAGES_REASON = gettext_lazy(
    "本区（县）无行政村/社区（中心规模资料中行政村/社区数为 0），按行政村/社区覆盖比例评分的此项无从计算。"
)


class Unscored(models.TextChoices):
    """Why a number has no normalised value (stored in results by its code)."""

    MISSING = "missing", gettext_lazy("规模资料缺少所需数字")
    ZERO = "zero", gettext_lazy("所需规模数字为 0")


@dataclass(frozen=True)
class Normalised:
    """A raw figure read against the county's size: ``value`` when it can be computed, else ``reason``."""

    value: Decimal | None
    reason: str = ""  # an ``Unscored`` code, "" when ``value`` is set


def size_field(scale: Scale) -> str | None:
    """The Size field ``scale`` divides by (None for absolute)."""
    return DIVISORS[scale][0] if scale in DIVISORS else None


def normalise(raw: Decimal | float | int, scale: Scale, size: Size) -> Normalised:
    """The value of ``raw`` on ``scale`` for a county of ``size``: the raw figure for absolute, else the
    raw figure divided by the size figure the scale names (see the module's docstring)."""
    raw = Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw)
    if scale not in DIVISORS:
        return Normalised(raw)
    name, per = DIVISORS[scale]
    figure = getattr(size, name)
    if figure is None:
        return Normalised(None, Unscored.MISSING)
    if figure == 0:
        return Normalised(None, Unscored.ZERO)
    return Normalised(raw * per / Decimal(figure))


def raw_for(normalised: float, scale: Scale, size: Size) -> float | None:
    """The raw figure that ``normalise`` turns into ``normalised`` for this size (demo data draws a
    practice on the normalised scale and turns it into a county's figure); None where it cannot."""
    if scale not in DIVISORS:
        return normalised
    name, per = DIVISORS[scale]
    figure = getattr(size, name)
    return None if not figure else normalised * figure / per


def share_check(indicator, raw: Decimal | None, size: Size) -> str:
    """请核实 for a count of towns or villages covered that is larger than the county has (a share above
    100%); "" otherwise, and where the profile lacks the figure."""
    if raw is None or indicator.scale not in SHARES:
        return ""
    name = size_field(indicator.scale)
    figure = getattr(size, name)
    if not figure or Decimal(raw) <= figure:
        return ""
    return _("请核实：该数字超过本中心规模资料中的%(label)s（%(figure)s）。") % {
        "label": SIZE_LABELS[name],
        "figure": number_display(figure),
    }


def unscored_text(scale: Scale | str, reason: str) -> str:
    """Why a number indicator has no level, in words for the centre."""
    label = SIZE_LABELS[size_field(Scale(scale))]
    if reason == Unscored.ZERO:
        return _(
            "本中心规模资料中的%(figure)s为 0，无法按“%(scale)s”折算，暂不评级；如本地确无此类单位，请将此项标为不适用。"
        ) % {
            "figure": label,
            "scale": Scale(scale).label,
        }
    return _("本中心规模资料尚未填写%(figure)s，此项按“%(scale)s”折算后评级，暂不评级；请中心负责人在“中心规模”页填写。") % {
        "figure": label,
        "scale": Scale(scale).label,
    }


def normalised_display(value: Decimal | float | None, scale: Scale | str, unit: str) -> str:
    """A normalised value for reading: ``12.5 个/万人``, ``40%`` (a share), ``3.2 人次/人``; "—" for None.
    Absolute values read as the raw figure does."""
    if value is None:
        return "—"
    scale = Scale(scale)
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if scale in SHARES:
        return f"{number_display((value * 100).quantize(Decimal('0.1')))}%"
    if scale == Scale.PER_10K_RESIDENTS:
        return _("%(value)s %(unit)s/万人") % {"value": number_display(value.quantize(Decimal("0.01"))), "unit": unit}
    if scale == Scale.PER_STAFF:
        return _("%(value)s %(unit)s/人") % {"value": number_display(value.quantize(Decimal("0.01"))), "unit": unit}
    return f"{number_display(value)} {unit}"


@dataclass(frozen=True)
class Measure:
    """A number indicator's figures as the page, the PDF and the exports show them side by side: the
    scale, the raw figure and the normalised one (or why there is none)."""

    scale: str  # the scale in words
    raw: str  # e.g. "1,200 人次"; "—" when unanswered
    normalised: str  # e.g. "40 人次/万人"; "—" when it cannot be computed
    why: str = ""  # why there is no normalised figure (the size profile lacks one), "" otherwise

    scaled: bool = True  # False for an absolute number, whose raw figure is the one scored

    @property
    def text(self) -> str:
        """The three in one line (the questionnaire, the PDF's appendix, exports)."""
        if not self.scaled:
            return _("评分口径：%(scale)s（不按县域规模折算）；填报值：%(raw)s。") % {"scale": self.scale, "raw": self.raw}
        text = _("评分口径：%(scale)s；填报值：%(raw)s；折算值：%(normalised)s。") % {
            "scale": self.scale,
            "raw": self.raw,
            "normalised": self.normalised,
        }
        return f"{text}{self.why}"


def scale_words(scale: Scale | str) -> str:
    """What a number question says before it is answered: how it is scored."""
    scale = Scale(scale)
    if scale == Scale.ABSOLUTE:
        return _("评分口径：%(scale)s（不按县域规模折算）。") % {"scale": scale.label}
    return _("评分口径：%(scale)s（按本中心规模资料折算后对照阈值），填写后显示折算值。") % {"scale": scale.label}


def measure_of(row: dict, unit: str) -> Measure | None:
    """The figures of one number row of a scoring result (``score_assessment``), None for another kind or
    a row not answered with a number. Reads only what the row stores, so a stored snapshot shows the
    figures it was scored with (one stored before numbers had scales reads as absolute)."""
    if row.get("kind") != "number" or row.get("value") is None:
        return None
    scale = Scale(row.get("scale") or Scale.ABSOLUTE)
    raw = f"{number_display(Decimal(str(row['value'])))} {unit}"
    if scale == Scale.ABSOLUTE:
        return Measure(scale.label, raw, raw, scaled=False)
    return Measure(
        scale=scale.label,
        raw=raw,
        normalised=normalised_display(row["normalised"], scale, unit),
        why=unscored_text(scale, row["unscored"]) if row.get("unscored") else "",
    )
