"""What answers given on one framework version become on another. Pure: no database.

A version declares, for each indicator of the version before it, what became of it (``Framework.changes``):

- same, renamed, rescaled: the answer is carried as it is. A number keeps its raw figure, so its level is
  worked out again under the new indicator's thresholds and scale;
- merged: the old answers are combined into one. The product implements one rule whatever the file's
  ``rule`` text says: the answer that reaches the highest level is taken (``MERGE_RULE``);
- split: the old answer is copied to each new indicator;
- dropped: the answer is not carried; it is listed so that nobody loses it unawares;
- new: nothing to carry; the indicator starts unanswered.

An answer is carried as a value only into an indicator that asks the same kind of question (a number in
the same unit); into a maturity-level question any answer carries the level it reached. Otherwise it is
not carried and is listed with the reason. Not applicable is carried with its reason.

Everything carried is a proposal: the services mark each carried answer for a person to confirm.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.framework.spec import Change, ChangeType, Framework, Indicator
from assessment.kinds import MAX_LEVEL, AnswerValue, answer_level
from assessment.scales import Size
from assessment.scoring import is_answered, result_rows

MERGE_RULE = gettext_lazy("合并的指标取各原指标答案中等级最高的一项（等级相同取排在前面的）。")


@dataclass(frozen=True)
class Carried:
    """The answer proposed for a new indicator, and where it came from."""

    code: str
    value: AnswerValue
    sources: tuple[str, ...]  # the old codes whose answers it was made from
    change: Change


@dataclass(frozen=True)
class Left:
    """An old answer that is not carried, and why."""

    code: str
    title: str
    reason: str


@dataclass
class Carry:
    carried: dict[str, Carried] = field(default_factory=dict)  # new code -> proposal
    left: list[Left] = field(default_factory=list)  # old answers not carried
    new: list[str] = field(default_factory=list)  # new indicators with nothing to carry


def changes_between(old: Framework, new: Framework) -> tuple[Change, ...] | None:
    """The changes that lead from ``old`` to ``new``: every indicator the same when they are one version,
    ``new.changes`` when ``new`` declares ``old`` as its previous version, else None (no mapping known)."""
    if old.version == new.version:
        return tuple(Change((i.code,), (i.code,), ChangeType.SAME) for i in new.indicators)
    if new.previous == old.version and new.changes:
        return new.changes
    return None


def carry_answers(
    old: Framework, new: Framework, changes: tuple[Change, ...], answers: Mapping[str, AnswerValue], *, size: Size | None = None
) -> Carry:
    """What the ``answers`` given on ``old`` (keyed by its codes) become on ``new`` through ``changes``, for a
    county of ``size`` (a number read against size has a level only with it: merging and carrying into a
    maturity level read that level).

    Unanswered old indicators are skipped silently (there is nothing to lose); every old answer that is not
    carried is in ``left``; new indicators that receive nothing are in ``new``."""
    out = Carry()
    for change in changes:
        given = [(code, answers[code]) for code in change.sources if code in answers and _holds(old, code, answers[code])]
        if change.type == ChangeType.NEW:
            out.new.extend(change.targets)
            continue
        if change.type == ChangeType.DROPPED:
            out.left.extend(Left(code, _title(old, code), _("该指标在新版本中已删除。")) for code, _v in given)
            continue
        if not given:
            out.new.extend(change.targets)
            continue
        if change.type == ChangeType.MERGED:
            code, value = _highest(old, given, size)
        else:
            code, value = given[0]
        for target in change.targets:
            indicator = new.indicator(target)
            carried = _convert(old.indicator(code), value, indicator, size)
            if carried is None:
                reason = _("新指标 %(code)s 的题型不同，原答案无法沿用。") % {"code": target}
                out.left.extend(Left(c, _title(old, c), reason) for c, _v in given)
                out.new.append(target)
                continue
            if change.type == ChangeType.MERGED:
                carried = replace(carried, evidence_note=_merged_notes(given), evidence_url=_first_url(given))
            out.carried[target] = Carried(target, carried, tuple(c for c, _v in given), change)
    return out


def result_values(framework: Framework, result: dict) -> dict[str, AnswerValue]:
    """The answers a stored scoring result (a snapshot's) records, as values: the raw figure of a number,
    the level of a maturity level, yes for a boolean at the top level. Unanswered rows are left out."""
    values = {}
    for row in result_rows(result):
        indicator = framework.indicator(row["code"])
        if indicator is None or not row.get("answered", row["level"] is not None or row["not_applicable"]):
            continue
        if row["not_applicable"]:
            values[row["code"]] = AnswerValue(not_applicable=True)
        elif indicator.kind_spec.column == "number" and row.get("value") is not None:
            values[row["code"]] = AnswerValue(number=Decimal(str(row["value"])))
        elif indicator.kind_spec.column == "boolean" and row["level"] is not None:
            values[row["code"]] = AnswerValue(boolean=row["level"] == MAX_LEVEL)
        elif row["level"] is not None:
            values[row["code"]] = AnswerValue(level=row["level"])
    return values


def levels_through(
    old: Framework, new: Framework, changes: tuple[Change, ...], answers: Mapping[str, AnswerValue], *, size: Size | None = None
) -> dict:
    """The level each of ``new``'s indicators reaches from ``answers`` given on ``old`` carried through
    ``changes`` in a county of ``size`` (not applicable, unanswered and numbers that cannot be read against
    size left out): what a comparison across versions compares."""
    carry = carry_answers(old, new, changes, answers, size=size)
    levels = {}
    for code, carried in carry.carried.items():
        level = answer_level(new.indicator(code), carried.value, size)
        if level is not None:
            levels[code] = level
    return levels


def _holds(framework: Framework, code: str, value: AnswerValue) -> bool:
    """Whether ``value`` holds an answer (a value of the indicator's kind, or not applicable; a number is
    held whether or not the county's size lets it be read)."""
    indicator = framework.indicator(code)
    return indicator is not None and is_answered(indicator, value)


def _title(framework: Framework, code: str) -> str:
    indicator = framework.indicator(code)
    return indicator.title if indicator else ""


def _highest(old: Framework, given: list[tuple[str, AnswerValue]], size: Size | None) -> tuple[str, AnswerValue]:
    """The answer of the highest level among ``given`` in a county of ``size`` (the first on a tie; a number
    that cannot be read against size counts below level 0); not applicable only when every one is, with
    their reasons joined."""
    applicable = [(code, value) for code, value in given if not value.not_applicable]
    if not applicable:
        reasons = "；".join(dict.fromkeys(v.na_reason for _c, v in given if v.na_reason))
        return given[0][0], AnswerValue(not_applicable=True, na_reason=reasons[:500])
    return max(applicable, key=lambda item: _level_or_below(answer_level(old.indicator(item[0]), item[1], size)))


def _level_or_below(level: int | None) -> int:
    return -1 if level is None else level


def _convert(old: Indicator, value: AnswerValue, new: Indicator, size: Size | None = None) -> AnswerValue | None:
    """``value`` (an answer to ``old``) as an answer to ``new``; None when it cannot be carried (also a number
    read against size carried into a maturity level, when ``size`` does not let it be read)."""
    kept = {"na_reason": value.na_reason, "evidence_note": value.evidence_note, "evidence_url": value.evidence_url}
    if value.not_applicable:
        return AnswerValue(not_applicable=True, **kept)
    column = new.kind_spec.column
    if old.kind == new.kind and (column != "number" or old.unit == new.unit):
        return AnswerValue(**{column: getattr(value, column)}, **kept)
    if column == "level":
        level = answer_level(old, value, size)
        return None if level is None else AnswerValue(level=level, **kept)
    return None


def _merged_notes(given: list[tuple[str, AnswerValue]]) -> str:
    notes = [f"[{code}] {value.evidence_note}" for code, value in given if value.evidence_note]
    return "\n".join(notes)


def _first_url(given: list[tuple[str, AnswerValue]]) -> str:
    return next((value.evidence_url for _c, value in given if value.evidence_url), "")
