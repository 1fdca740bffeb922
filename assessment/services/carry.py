"""Writing answers carried over: a draft moved to a newer framework version, a new cycle begun from the
last one's answers, and members confirming what was carried.

What each old answer becomes is worked out by ``assessment.versions`` (pure); this module writes it. Every
carried answer is marked (``Answer.carry``) until a member confirms or changes it, and the lead cannot
submit while any is marked: nothing is carried silently.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from assessment.framework.spec import ChangeType, Framework
from assessment.kinds import AnswerValue
from assessment.models import Answer, Assessment, AuditEvent, Centre, FrameworkVersion, Indicator
from assessment.models.assessment import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from assessment.scales import Size
from assessment.selectors.assessments import answer_values
from assessment.services.assessments import AssessmentError, assessment_start
from assessment.services.audit import answer_event, audit_event_save
from assessment.versions import Carry, carry_answers, changes_between


def carry_plan(*, old: Framework, new: Framework, answers: dict[str, AnswerValue], centre: Centre) -> Carry:
    """What ``answers`` given on ``old`` by ``centre`` become on ``new`` (numbers read against the centre's
    size); ``AssessmentError`` when ``new`` declares no mapping from ``old``."""
    changes = changes_between(old, new)
    if changes is None:
        raise AssessmentError(
            _("框架版本 %(new)s 没有说明与版本 %(old)s 的指标对应关系，无法沿用答案。") % {"new": new.version, "old": old.version}
        )
    return carry_answers(old, new, changes, answers, size=Size.of(centre))


def _carried_answers(*, assessment: Assessment, carry: Carry, mark: str, source: str, user) -> list[Answer]:
    """Write ``carry``'s answers into ``assessment`` (which has none on these indicators), each marked
    ``mark``, with an audit event each. ``source`` names where they came from ("2023.2" or "2025 年度")."""
    indicator_ids = dict(Indicator.objects.filter(framework_id=assessment.framework_id).values_list("code", "id"))
    answers, events = [], []
    for code, carried in carry.carried.items():
        value = carried.value
        fields = {name: getattr(value, name) for name in AnswerValue.__dataclass_fields__}
        fields["evidence_note"] = fields["evidence_note"][:NOTE_MAX_LENGTH]
        fields["na_reason"] = fields["na_reason"][:REASON_MAX_LENGTH]
        carried_from = f"{source} {'、'.join(carried.sources)}"
        if carried.change.type == ChangeType.MERGED:
            carried_from += _("（合并，取等级最高的答案）")
        carried_from = carried_from[:200]
        answers.append(
            Answer(
                assessment=assessment,
                indicator_id=indicator_ids[code],
                carry=mark,
                carried_from=carried_from,
                updated_by=user,
                **fields,
            )
        )
        events.append(
            answer_event(
                actor=user,
                assessment=assessment,
                code=code,
                new=value.as_json(),
                comment=_("沿用自 %(source)s（%(type)s），待确认") % {"source": carried_from, "type": carried.change.type_label},
            )
        )
    Answer.objects.bulk_create(answers)
    AuditEvent.objects.bulk_create(events)
    return answers


def assessment_move_version(*, assessment: Assessment, framework: FrameworkVersion, user) -> Carry:
    """Move a draft assessment to ``framework`` (a newer version that declares the mapping from the
    assessment's version), in one transaction: the answers are carried by the mapping and each marked
    "由旧版本沿用，请确认"; answers the mapping does not carry are removed, each recorded in the audit log
    with its value. Returns what was carried and what was not.

    Refused (``AssessmentError``) for a submitted assessment (it keeps its version and snapshot), for the
    version it is already on, and for a version without a mapping from its own.
    """
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().select_related("framework", "centre").get(pk=assessment.pk)
        if locked.status != Assessment.Status.DRAFT:
            raise AssessmentError(_("已提交的自评保留原框架版本和评分快照，不能更换版本。"))
        old_version = locked.framework
        if old_version.pk == framework.pk:
            raise AssessmentError(_("该自评已在框架版本 %(version)s 上。") % {"version": framework.version})
        old, new = old_version.spec, framework.spec
        if new.previous != old.version:
            raise AssessmentError(
                _("框架版本 %(new)s 没有说明与版本 %(old)s 的指标对应关系，无法迁移。") % {"new": new.version, "old": old.version}
            )
        stored = list(Answer.objects.select_for_update().filter(assessment=locked).select_related("indicator"))
        values = {a.indicator.code: AnswerValue.of(a) for a in stored}
        carry = carry_plan(old=old, new=new, answers=values, centre=locked.centre)
        left = {item.code: item.reason for item in carry.left}
        AuditEvent.objects.bulk_create(
            answer_event(
                actor=user,
                assessment=locked,
                code=code,
                old=values[code].as_json(),
                comment=_("迁移到框架版本 %(version)s：%(reason)s") % {"version": new.version, "reason": left[code]},
            )
            for code in left
        )
        Answer.objects.filter(assessment=locked).delete()
        locked.framework = framework
        locked.save(update_fields=["framework", "updated_at"])
        # Recorded between the events of the old codes (above) and those of the new (below): the audit log
        # reads an answer event's code in the version that was current when it was written.
        audit_event_save(
            actor=user,
            centre=locked.centre,
            assessment=locked,
            kind=AuditEvent.Kind.FRAMEWORK,
            subject="framework",
            old=old.version,
            new=new.version,
            comment=_("沿用 %(carried)d 项答案（待确认），%(left)d 项未沿用，%(new)d 个新指标待作答。")
            % {"carried": len(carry.carried), "left": len(carry.left), "new": len(carry.new)},
        )
        _carried_answers(assessment=locked, carry=carry, mark=Answer.Carry.VERSION, source=old.version, user=user)
    assessment.framework = framework
    return carry


def assessment_start_carried(*, centre, cycle: int, framework: FrameworkVersion, previous: Assessment, user) -> Assessment:
    """Start the centre's assessment for ``cycle`` on ``framework`` from the answers of ``previous`` (an
    earlier cycle's assessment of the same centre), carried through the mapping when the versions differ,
    each marked "沿用上年，待确认". An assessment already started for ``cycle`` is returned unchanged."""
    if previous.centre_id != centre.pk or previous.cycle >= cycle:
        raise AssessmentError(_("只能沿用本中心以前年度的答案。"))
    with transaction.atomic():
        assessment = assessment_start(centre=centre, cycle=cycle, framework=framework)
        locked = Assessment.objects.select_for_update().select_related("framework").get(pk=assessment.pk)
        if locked.status != Assessment.Status.DRAFT or locked.answers.exists():
            return locked  # started (and answered) by someone else meanwhile: leave their work alone
        framework = locked.framework
        carry = carry_plan(
            old=previous.framework.spec, new=framework.spec, answers=answer_values(assessment=previous), centre=centre
        )
        source = _("%(cycle)s 年度") % {"cycle": previous.cycle}
        if previous.framework_id != framework.pk:
            source = f"{source}（{previous.framework.version}）"
        _carried_answers(assessment=locked, carry=carry, mark=Answer.Carry.CYCLE, source=source, user=user)
    return locked


def answers_confirm(*, assessment: Assessment, user, codes: list[str]) -> list[str]:
    """Confirm the carried answers of ``codes`` as they stand (those still waiting; others are ignored).
    Returns the codes confirmed; each confirmation is in the audit log."""
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != Assessment.Status.DRAFT:
            raise AssessmentError(_("该自评已提交，不能再修改。"))
        waiting = list(
            Answer.objects.select_for_update(of=("self",))
            .select_related("indicator")
            .filter(assessment=locked, indicator__code__in=codes)
            .exclude(carry="")
        )
        for answer in waiting:
            answer.carry = ""
            answer.updated_by = user
        Answer.objects.bulk_update(waiting, ["carry", "updated_by"])
        AuditEvent.objects.bulk_create(
            answer_event(
                actor=user,
                assessment=locked,
                code=answer.indicator.code,
                old=AnswerValue.of(answer).as_json(),
                new=AnswerValue.of(answer).as_json(),
                comment=_("确认沿用的答案（%(source)s）") % {"source": answer.carried_from},
            )
            for answer in waiting
        )
    return [answer.indicator.code for answer in waiting]
