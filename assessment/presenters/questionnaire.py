"""The questionnaire, autosave and audit log: stored answers, progress and changes in words for templates."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.framework.spec import Framework, Indicator
from assessment.kinds import AnswerValue, answer_words
from assessment.models import Assessment, AuditEvent, Centre, FrameworkVersion, IndicatorReview, Membership
from assessment.numbers import number_display
from assessment.scales import PROFILE_FIELDS, SIZE_LABELS, Size, measure_of, scale_words, unscored_text
from assessment.scoring import result_rows, score_assessment, unscored
from assessment.selectors.framework import framework_specs


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def progress_of(result: dict) -> dict:
    """Answered/total per pillar and overall, from a scoring result."""
    return {
        "answered": result["answered"],
        "total": result["total"],
        "percent": percent(result["answered"], result["total"]),
        "pillars": [
            {
                "code": p["code"],
                "title": p["title"],
                "short_title": p["short_title"],
                "answered": p["answered"],
                "total": p["total"],
                "percent": percent(p["answered"], p["total"]),
            }
            for p in result["pillars"]
        ],
    }


def answer_check(indicator: Indicator, answer, centre) -> str:
    """请核实 beside a stored answer that looks implausible for the centre's size ("" otherwise)."""
    if answer is None:
        return ""
    return indicator.kind_spec.check(indicator, AnswerValue.of(answer), Size.of(centre))


def measures_of(framework: Framework, result: dict) -> dict[str, str]:
    """Each number indicator's scale, raw and normalised figure in one line, by code (its scale alone when
    unanswered)."""
    measures = {}
    for row in result_rows(result):
        if row["kind"] == "number":
            measure = measure_of(row, framework.indicator(row["code"]).unit)
            measures[row["code"]] = measure.text if measure else scale_words(row["scale"])
    return measures


def unscored_rows(result: dict) -> list[dict]:
    """``scoring.unscored`` with ``why`` in words, for the overview's list."""
    return [{**row, "why": unscored_text(row["scale"], row["unscored"])} for row in unscored(result)]


def stored_state(*, framework: Framework, indicators: list[Indicator], answers: dict, centre: Centre) -> dict:
    """What autosave tells the page after a save, from the answers as stored: each saved question's
    stored answer, whether it counts as answered, its 请核实 note, (a number) its figures read against the
    county's size, whether it still waits to be confirmed as carried over, and the progress of the whole
    assessment."""
    result = score_assessment(framework, {code: AnswerValue.of(a) for code, a in answers.items()}, size=Size.of(centre))
    codes = {indicator.code for indicator in indicators}
    measures = measures_of(framework, result)
    return {
        "stored": {i.code: AnswerValue.of(answers.get(i.code)).as_json() for i in indicators},
        "answered": {row["code"]: row["answered"] for row in result_rows(result) if row["code"] in codes},
        "checks": {i.code: answer_check(i, answers.get(i.code), centre) for i in indicators if i.kind_spec.has_check},
        "measures": {code: text for code, text in measures.items() if code in codes},
        # Whether each saved question's answer still waits to be confirmed (carried over, not yet changed).
        "carried": {i.code: bool(answers.get(i.code) and answers[i.code].carry) for i in indicators},
        "progress": progress_of(result),
    }


def audit_rows(events: list[AuditEvent]) -> list[dict]:
    """Audit events with their subject, old and new value in words: an answer as the questionnaire
    says it ("等级 0：……", "否", "12,000 个", with its evidence), a status or role by its name."""
    answer_events = [e for e in events if e.kind == AuditEvent.Kind.ANSWER and e.assessment]
    frameworks = framework_specs(
        ids={
            e.assessment.framework_id
            for e in events
            if e.kind in (AuditEvent.Kind.ANSWER, AuditEvent.Kind.REVIEW) and e.assessment
        }
    )
    version_at = _versions_before_moves(answer_events)
    rows = []
    for event in events:
        subject, old, new = event.subject, _value_words(event.old), _value_words(event.new)
        if event.kind == AuditEvent.Kind.ANSWER:
            framework = frameworks.get(event.assessment.framework_id) if event.assessment else None
            framework = version_at.get(event.pk, framework)
            indicator = framework and framework.indicator(event.subject)
            if indicator:
                subject = f"{indicator.code} {indicator.title}"
                old, new = _answer_words(event.old, indicator), _answer_words(event.new, indicator)
        elif event.kind == AuditEvent.Kind.PROFILE:
            subject = _("中心规模")
            old, new = _profile_words(event.old), _profile_words(event.new)
            if event.old == event.new:
                new = _("%(profile)s（确认无变化）") % {"profile": new}
        elif event.kind == AuditEvent.Kind.FRAMEWORK:
            subject = _("框架版本")
        elif event.kind == AuditEvent.Kind.REVIEW:
            framework = frameworks.get(event.assessment.framework_id) if event.assessment else None
            indicator = framework and framework.indicator(event.subject)
            subject = f"{indicator.code} {indicator.title}" if indicator else _("核实")
            old, new = _review_words(event.old), _review_words(event.new)
        elif event.kind == AuditEvent.Kind.STATUS:
            subject = _("自评状态")
            old, new = _choice_words(Assessment.Status, event.old), _choice_words(Assessment.Status, event.new)
        rows.append({"event": event, "subject": subject, "old": old, "new": new})
    return rows


def _review_words(stored) -> str:
    """A verdict as the audit log stores it, in words: "存疑 · 按核实人的判断计分（2 级）", "已核实", "核实完成"."""
    if not stored:
        return "—"
    if not isinstance(stored, dict):
        return _("核实完成") if stored == "reviewed" else str(stored)
    words = [_choice_words(IndicatorReview.Verdict, stored.get("verdict"))]
    if stored.get("reading"):
        reading = _choice_words(IndicatorReview.Reading, stored["reading"])
        if stored.get("admin_level") is not None:
            reading += _("（%(level)s 级）") % {"level": stored["admin_level"]}
        words.append(reading)
    return " · ".join(words)


def _profile_words(stored: dict | None) -> str:
    """A size profile as the audit log stores it, in words: "常住人口：300,000（2023 年）；……"."""
    if not stored:
        return "—"
    parts = []
    for (figure, year), label in zip(PROFILE_FIELDS, SIZE_LABELS.values(), strict=True):
        value = stored.get(figure)
        shown = "—" if value is None else number_display(value)
        if stored.get(year):
            shown = _("%(value)s（%(year)s 年）") % {"value": shown, "year": stored[year]}
        parts.append(f"{label}：{shown}")
    return _("；").join(parts)


def _versions_before_moves(answer_events: list[AuditEvent]) -> dict[int, Framework]:
    """For each answer event recorded before its assessment was moved to another framework version, the
    specification of the version its indicator code belongs to (the ``old`` of the first move after it).
    Two queries, none when no assessment on the page was moved."""
    moves = list(
        AuditEvent.objects.filter(kind=AuditEvent.Kind.FRAMEWORK, assessment_id__in={e.assessment_id for e in answer_events})
        .order_by("at", "id")
        .values("assessment_id", "at", "id", "old")
    )
    if not moves:
        return {}
    specs = {v.version: v.spec for v in FrameworkVersion.objects.filter(version__in={m["old"] for m in moves})}
    out = {}
    for event in answer_events:
        move = next(
            (m for m in moves if m["assessment_id"] == event.assessment_id and (m["at"], m["id"]) > (event.at, event.pk)), None
        )
        if move is not None and move["old"] in specs:
            out[event.pk] = specs[move["old"]]
    return out


def _choice_words(choices, value) -> str:
    if value is None:
        return "—"
    return str(choices(value).label) if value in choices.values else str(value)


def _answer_words(stored: dict | None, indicator: Indicator) -> str:
    if stored is None:
        return _("未作答")
    value = AnswerValue.from_json(stored)
    parts = [answer_words(indicator, value)]
    if value.evidence_note:
        parts.append(_("佐证说明：%(note)s") % {"note": value.evidence_note})
    if value.evidence_url:
        parts.append(_("佐证链接：%(url)s") % {"url": value.evidence_url})
    return _("；").join(parts)


MEMBER_FIELDS = (("name", gettext_lazy("姓名")), ("username", gettext_lazy("登录名")), ("role", gettext_lazy("角色")))


def _value_words(value) -> str:
    """A membership change ({"username", "name", "role"}) or any other stored value in words."""
    if value is None:
        return "—"
    if not isinstance(value, dict):
        return str(value)
    shown = []
    for key, label in MEMBER_FIELDS:
        item = value.get(key)
        if item in (None, ""):
            continue
        if key == "role":
            item = _choice_words(Membership.Role, item)
        shown.append(f"{label}：{item}")
    return _("；").join(shown) or "—"
