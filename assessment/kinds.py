"""The kinds of indicator, and the one shape of an answer that passes between them.

An indicator asks one kind of question: a maturity level chosen from five descriptions, a number scored
against four thresholds, or a yes/no. Each kind is one class here and owns everything that differs by
kind: the keys its framework entry carries and how they are checked, the level (0–4) an answer reaches,
the form field a member answers with, how an answer is said in words, and a demo answer at a given level.
Everything else (scoring, forms, pages, the PDF, demo data) asks the indicator's kind and never switches
on its name. Adding a kind is one class here, registered in ``KINDS``, and at most one ``Answer`` column.

Pure apart from Django's form fields and translations: no database.
"""

import hashlib
from dataclasses import asdict, dataclass
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.numbers import COUNT_UNITS, NUMBER_MAX, number_check, number_display, number_text, number_words

LEVEL_COUNT = 5  # maturity levels 0..4
MAX_LEVEL = LEVEL_COUNT - 1


@dataclass(frozen=True)
class AnswerValue:
    """One indicator's answer: what a member sets, what is stored, what scoring reads, what the audit
    log records. Only the value field of the indicator's kind (``Kind.column``) is read."""

    level: int | None = None
    number: Decimal | None = None
    boolean: bool | None = None
    not_applicable: bool = False
    na_reason: str = ""
    evidence_note: str = ""
    evidence_url: str = ""

    @classmethod
    def of(cls, answer) -> "AnswerValue":
        """The value of a stored ``Answer`` (or of nothing: the empty answer)."""
        if answer is None:
            return cls()
        return cls(**{name: getattr(answer, name) for name in cls.__dataclass_fields__})

    @classmethod
    def from_json(cls, stored: dict) -> "AnswerValue":
        """The value as ``as_json`` wrote it (the audit log)."""
        number = stored.get("number")
        return cls(**{**stored, "number": None if number is None else Decimal(number)})

    def as_json(self) -> dict:
        """The value as the audit log stores it."""
        return {**asdict(self), "number": None if self.number is None else number_text(self.number)}

    def fingerprint(self) -> str:
        number = None if self.number is None else Decimal(self.number).normalize()
        raw = repr(
            (self.level, str(number), self.boolean, self.not_applicable, self.na_reason, self.evidence_note, self.evidence_url)
        )
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


class Kind:
    """What differs between kinds of indicator. Subclasses set the class attributes and override the
    methods their kind needs."""

    code: ClassVar[str]
    label: ClassVar[Any]  # shown beside the indicator, e.g. on the framework page
    column: ClassVar[str]  # the AnswerValue / Answer field holding this kind's value
    keys: ClassVar[tuple[str, ...]] = ()  # framework keys an indicator of this kind must have
    optional_keys: ClassVar[tuple[str, ...]] = ()
    has_check: ClassVar[bool] = False  # whether a stored answer may be flagged 请核实 (see ``check``)
    template: ClassVar[str] = ""  # what the framework page shows of the question beyond its help text

    def spec(self, raw: dict, path: tuple, check) -> dict:
        """The kind's own keys of a framework entry, normalised; problems are reported through ``check``
        (the framework checker: ``fail``, ``text``, ``number``)."""
        return {}

    def level(self, indicator, value, size=None) -> int | None:
        """Level 0–4 the value reaches in a county of ``size`` (``scales.Size``; None: not known), or None
        when it holds no answer or, for a number read against the county's size, when the size profile
        lacks the figure it needs."""
        raise NotImplementedError

    def form_field(self, indicator) -> forms.Field:
        raise NotImplementedError

    def initial(self, value: AnswerValue):
        """The form field's initial value for a stored value."""
        return getattr(value, self.column)

    def clean(self, indicator, data):
        """The value to store from the form field's cleaned data; raises ``forms.ValidationError`` with a
        message for the member."""
        return data

    def describe(self, indicator, value: AnswerValue) -> str | None:
        """The answer in words, or None when it holds no answer of this kind."""
        raise NotImplementedError

    def demo(self, indicator, level: int, fraction: float, size=None):
        """A demo value of this kind that scores ``level`` (0–4) in a county of ``size`` (``scales.Size``);
        ``fraction`` (0 ≤ f < 1) says where in the level's range it lies, for kinds whose levels are ranges."""
        raise NotImplementedError

    def check(self, indicator, value: AnswerValue, size) -> str:
        """Why a stored answer should be looked at again for a county of ``size`` (a ``scales.Size``; ""
        when it looks plausible)."""
        return ""


class LevelKind(Kind):
    code = "level"
    label = gettext_lazy("成熟度等级")
    column = "level"
    keys = ("levels",)
    template = "assessment/kinds/level.html"

    def spec(self, raw, path, check):
        levels = raw.get("levels")
        if not isinstance(levels, list) or len(levels) != LEVEL_COUNT:
            check.fail(path + ("levels",), f"等级型指标须有恰好 {LEVEL_COUNT} 条等级描述（0–{MAX_LEVEL}）")
            return {"levels": []}
        return {"levels": [check.text(text, path + ("levels", n)) for n, text in enumerate(levels)]}

    def level(self, indicator, value, size=None):
        return value.level

    def form_field(self, indicator):
        return forms.TypedChoiceField(
            label=_("成熟度等级"),
            required=False,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            choices=[
                (n, _("%(level)d 级：%(text)s") % {"level": n, "text": text}) for n, text in enumerate(indicator.levels_local)
            ],
            error_messages={"invalid_choice": _("等级只能是 0–4 之一。")},
        )

    def describe(self, indicator, value):
        if value.level is None:
            return None
        return _("等级 %(level)d：%(text)s") % {"level": value.level, "text": indicator.levels_local[value.level]}

    def demo(self, indicator, level, fraction, size=None):
        return level


def number_level(value, thresholds) -> int:
    """The level a number reaches: the count of thresholds it meets or passes. A threshold is compared as
    it is written (0.1, not the binary float nearest to it), so a share of exactly 3 in 30 meets 0.1."""
    return sum(1 for threshold in thresholds if value >= Decimal(str(threshold)))


class NumberKind(Kind):
    code = "number"
    label = gettext_lazy("数值")
    column = "number"
    keys = ("unit", "thresholds")
    optional_keys = ("per_capita", "scale")  # scale: checked by the schema against spec.Scale
    has_check = True
    template = "assessment/kinds/number.html"

    def spec(self, raw, path, check):
        unit = check.text(raw.get("unit"), path + ("unit",))
        thresholds = raw.get("thresholds")
        numbers = (
            [check.number(t, path + ("thresholds", n)) for n, t in enumerate(thresholds)] if isinstance(thresholds, list) else []
        )
        if len(numbers) != MAX_LEVEL or any(a >= b for a, b in zip(numbers, numbers[1:], strict=False)):
            check.fail(path + ("thresholds",), f"数值型指标须有 {MAX_LEVEL} 个严格递增的阈值（对应等级 1–{MAX_LEVEL}）")
        if "per_capita" in raw and not isinstance(raw["per_capita"], bool):
            check.fail(path + ("per_capita",), "per_capita 应为 true 或 false")
        return {
            "unit": unit,
            "thresholds": numbers,
            "per_capita": bool(raw.get("per_capita", False)),
        }

    def level(self, indicator, value, size=None):
        if value.number is None:
            return None
        normalised = _scales().normalise(value.number, indicator.scale, size or _scales().Size())
        return None if normalised.value is None else number_level(normalised.value, indicator.thresholds)

    def form_field(self, indicator):
        count = is_count(indicator)
        too_large = _("数值不能超过 %(limit)s。") % {"limit": number_words(NUMBER_MAX)}
        return forms.DecimalField(
            label=_("数值（%(unit)s）") % {"unit": indicator.unit},
            required=False,
            min_value=0,
            max_value=NUMBER_MAX,
            max_digits=14,
            decimal_places=2,
            help_text=_("填写整数。") if count else "",
            widget=forms.NumberInput(
                attrs={"inputmode": "numeric" if count else "decimal", "step": "1" if count else "any", "min": "0"}
            ),
            error_messages={
                "invalid": _("请输入数字。"),
                "min_value": _("数量不能为负数。"),
                "max_value": too_large,
                "max_decimal_places": _("最多保留 2 位小数。"),
                "max_digits": too_large,
                "max_whole_digits": too_large,
            },
        )

    def initial(self, value):
        return number_text(value.number)

    def clean(self, indicator, data):
        if data is None:
            return None
        if is_count(indicator) and data != data.to_integral_value():
            raise forms.ValidationError(_("这一项是计数，请填写整数（不带小数）。"))
        return Decimal(0) if data == 0 else Decimal(data)  # "-0" is stored and shown as 0

    def describe(self, indicator, value):
        return None if value.number is None else f"{number_display(value.number)} {indicator.unit}"

    def check(self, indicator, value, size):
        return number_check(indicator, value.number, size.population) or _scales().share_check(indicator, value.number, size)

    def threshold_words(self, indicator) -> str:
        """The thresholds of levels 1–4 as the framework page says them, on the indicator's scale: a share
        as a percentage ("10% · 30% · …"), a rate with its unit ("100 人/万人 · …")."""
        scales = _scales()
        return " · ".join(scales.normalised_display(t, indicator.scale, indicator.unit) for t in indicator.thresholds)

    def demo(self, indicator, level, fraction, size=None):
        """A raw figure that, read on the indicator's scale for a county of ``size``, lies ``fraction`` of the
        way through the band of thresholds that gives ``level`` (from 0 below the first; above the top one,
        up to twice it, a share at most 1): whole for a count or an absolute number with whole-number
        thresholds, else to two decimals, rounded down so that it stays in its band (the band's smallest
        such figure where rounding would leave it). None when ``size`` lacks the figure the scale needs."""
        scales = _scales()
        top = indicator.thresholds[-1] * 2
        if indicator.scale in scales.SHARES:
            top = max(min(top, 1), indicator.thresholds[-1])
        bounds = [0, *indicator.thresholds, top]
        low, high = (scales.raw_for(bounds[n], indicator.scale, size or scales.Size()) for n in (level, level + 1))
        if low is None:
            return None
        low, high = Decimal(str(low)), Decimal(str(high))
        whole = is_count(indicator) or (
            indicator.scale == scales.Scale.ABSOLUTE and all(float(t).is_integer() for t in indicator.thresholds)
        )
        step = Decimal(1) if whole else Decimal("0.01")
        value = (low + Decimal(str(fraction)) * (high - low)).quantize(step, ROUND_DOWN)
        if self.level(indicator, AnswerValue(number=value), size) == level:
            return value
        return low.quantize(step, ROUND_UP)


def is_count(indicator) -> bool:
    """Whether the indicator's number counts whole things, so only whole numbers are accepted."""
    return indicator.kind == NumberKind.code and indicator.unit in COUNT_UNITS


BOOLEAN_CHOICES = [("yes", gettext_lazy("是")), ("no", gettext_lazy("否"))]


class BooleanKind(Kind):
    code = "boolean"
    label = gettext_lazy("是/否")
    column = "boolean"
    # Demo data answers "yes" from this level: a centre well established on the scale has the facility (a
    # yes/no item asks about a 4K/XR studio or the like, which a centre at level 2 would not claim).
    # Product design.
    DEMO_YES_FROM = 3

    def level(self, indicator, value, size=None):
        return None if value.boolean is None else (MAX_LEVEL if value.boolean else 0)

    def form_field(self, indicator):
        return forms.ChoiceField(
            label=_("是否具备"),
            required=False,
            choices=BOOLEAN_CHOICES,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("请选择“是”或“否”。")},
        )

    def initial(self, value):
        return None if value.boolean is None else ("yes" if value.boolean else "no")

    def clean(self, indicator, data):
        return None if not data else data == "yes"

    def describe(self, indicator, value):
        return None if value.boolean is None else (_("是") if value.boolean else _("否"))

    def demo(self, indicator, level, fraction, size=None):
        return level >= self.DEMO_YES_FROM


KINDS: dict[str, Kind] = {kind.code: kind for kind in (LevelKind(), NumberKind(), BooleanKind())}
# The Answer columns that hold a kind's value, in the order forms show them.
VALUE_COLUMNS = tuple(dict.fromkeys(kind.column for kind in KINDS.values()))


def kind_of(indicator) -> Kind:
    return KINDS[indicator.kind]


def answer_level(indicator, value: AnswerValue | None, size=None) -> int | None:
    """Level 0–4 of one answer in a county of ``size`` (``scales.Size``; None: not known), or None when the
    answer is missing or not applicable, or is a number whose scale needs a size figure that is missing."""
    if value is None or value.not_applicable:
        return None
    return kind_of(indicator).level(indicator, value, size)


def _scales():
    """assessment.scales, imported when first needed: it reads ``Scale`` from the framework specification,
    which itself imports this module for ``KINDS``."""
    from assessment import scales

    return scales


def answer_words(indicator, value: AnswerValue) -> str:
    """One answer in words, e.g. "等级 3：……", "12 个", "是", "不适用（原因）", "未作答"."""
    if value.not_applicable:
        return _("不适用（%(reason)s）") % {"reason": value.na_reason}
    return kind_of(indicator).describe(indicator, value) or _("未作答")
