"""Writes on an assessment: starting it, saving answers without losing anyone's work, submitting it."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.kinds import AnswerValue
from assessment.models import (
    Answer,
    Assessment,
    AuditEvent,
    Centre,
    FrameworkVersion,
    Indicator,
    IndicatorReview,
    Membership,
    ResultSnapshot,
)
from assessment.scales import Size
from assessment.scoring import is_counted, score_assessment, unscored
from assessment.selectors.assessments import answer_values, carried_waiting
from assessment.services.audit import answer_event, audit_event_save
from assessment.services.notifications import notify


class AssessmentError(Exception):
    """An action the assessment's state does not allow; the message is for the user."""


def answer_token(answer: Answer | None) -> str:
    """The token a page carries for each answer it shows: the version and content it was loaded with."""
    return f"{answer.version if answer else 0}:{AnswerValue.of(answer).fingerprint()}"


@dataclass(frozen=True)
class AnswerEntry:
    code: str
    value: AnswerValue
    loaded_token: str  # answer_token() of the answer as the member's page loaded it


@dataclass(frozen=True)
class Conflict:
    code: str
    theirs: AnswerValue
    by: str
    at: object


@dataclass
class SaveOutcome:
    saved: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)  # code -> current token, for every entry


def assessment_start(*, centre: Centre, cycle: int, framework: FrameworkVersion) -> Assessment:
    """The centre's assessment for ``cycle``, created on ``framework`` if it does not exist yet."""
    try:
        with transaction.atomic():
            assessment, _created = Assessment.objects.get_or_create(centre=centre, cycle=cycle, defaults={"framework": framework})
    except IntegrityError:  # two members started it at the same moment
        assessment = Assessment.objects.get(centre=centre, cycle=cycle)
    return assessment


def answers_save(*, assessment: Assessment, user, entries: list[AnswerEntry]) -> SaveOutcome:
    """Save the answers a member changed, in one transaction.

    An entry the member did not change (its content equals what the page loaded) is left alone. An
    entry changed by the member whose answer someone else has changed since the page loaded is not
    written: it comes back as a ``Conflict`` with the other side, so the member can see both and decide.
    """
    outcome = SaveOutcome()
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != Assessment.Status.DRAFT:
            raise AssessmentError(_("该自评已提交，不能再修改。"))
        codes = [entry.code for entry in entries]
        events: list[AuditEvent] = []
        existing = {
            a.indicator.code: a
            for a in Answer.objects.select_for_update(of=("self",))
            .select_related("indicator", "updated_by")
            .filter(assessment=locked, indicator__code__in=codes)
        }
        indicator_ids = dict(Indicator.objects.filter(framework_id=locked.framework_id, code__in=codes).values_list("code", "id"))
        for entry in entries:
            current = existing.get(entry.code)
            current_token = answer_token(current)
            loaded_version, _sep, loaded_fingerprint = entry.loaded_token.partition(":")
            mine = entry.value.fingerprint()
            if mine == loaded_fingerprint or mine == AnswerValue.of(current).fingerprint():
                outcome.tokens[entry.code] = current_token  # nothing new to write
                continue
            if current_token.partition(":")[0] != loaded_version:
                outcome.conflicts.append(
                    Conflict(
                        code=entry.code,
                        theirs=AnswerValue.of(current),
                        by=current.updated_by.get_full_name() or current.updated_by.get_username()
                        if current and current.updated_by
                        else "",
                        at=current.updated_at if current else None,
                    )
                )
                outcome.tokens[entry.code] = current_token
                continue
            # The old value is read before the row is changed below (``answer`` may be ``current`` itself).
            old = AnswerValue.of(current).as_json() if current else None
            answer = current or Answer(assessment=locked, indicator_id=indicator_ids[entry.code], version=0)
            for name, value in vars(entry.value).items():
                setattr(answer, name, value)
            answer.version += 1
            answer.carry = ""  # changed by a member: no longer only carried over
            answer.updated_by = user
            answer.save()
            events.append(
                answer_event(
                    actor=user,
                    assessment=locked,
                    code=entry.code,
                    old=old,
                    new=entry.value.as_json(),
                )
            )
            outcome.saved.append(entry.code)
            outcome.tokens[entry.code] = answer_token(answer)
        if outcome.saved:
            AuditEvent.objects.bulk_create(events)
            locked.save(update_fields=["updated_at"])
    return outcome


def snapshot_fields(result: dict) -> dict:
    """A snapshot's figures from a scoring result: the overall score, the stage and the flat per-pillar,
    per-dimension and per-indicator columns. Submission and the demo cohort both build snapshots with it."""
    dimensions = [d for p in result["pillars"] for d in p["dimensions"]]
    return {
        "overall_score": round(result["overall"] or 0, 1),
        "stage_code": result["stage"]["code"] if result["stage"] else "",
        "pillar_scores": {p["code"]: p["score"] for p in result["pillars"]},
        "dimension_scores": {d["code"]: d["score"] for d in dimensions},
        "indicator_levels": {i["code"]: i["level"] if is_counted(i) else None for d in dimensions for i in d["indicators"]},
    }


def assessment_submit(*, assessment: Assessment, user) -> ResultSnapshot:
    """Score the assessment, store the result snapshot and make the assessment read-only.

    Refused (``AssessmentError``) when it is already submitted or when any indicator is neither
    answered nor marked not applicable.
    """
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().select_related("framework", "centre").get(pk=assessment.pk)
        if locked.status != Assessment.Status.DRAFT:
            raise AssessmentError(_("该自评已经提交过了。"))
        result = score_assessment(locked.framework.spec, answer_values(assessment=locked), size=Size.of(locked.centre))
        missing = result["total"] - result["answered"]
        if missing:
            raise AssessmentError(_("还有 %(count)d 个指标未作答（或未标注不适用），全部完成后才能提交。") % {"count": missing})
        carried = carried_waiting(assessment=locked)
        if carried:
            raise AssessmentError(
                _("还有 %(count)d 项沿用的答案未确认：%(codes)s。请逐项确认或修改后再提交。")
                % {"count": len(carried), "codes": "、".join(a["code"] for a in carried)}
            )
        waiting = unscored(result)
        if waiting:
            raise AssessmentError(
                _(
                    "%(codes)s 按县域规模折算后评级，但本中心规模资料缺少所需数字（或为 0）："
                    "请先在“中心规模”页填写，或将确不适用的指标标为不适用，再提交。"
                )
                % {"codes": "、".join(row["code"] for row in waiting)}
            )
        if result["overall"] is None:  # every indicator marked not applicable: there is nothing to score
            raise AssessmentError(_("所有指标都标注为不适用，无法评分。请至少如实作答一个指标后再提交。"))
        # The advice follows from the frozen framework, these scores and the resource tier; the tier is kept
        # so that the report's advice stays as it was at submission if the centre's profile changes later.
        result["advice_tier"] = locked.centre.resource_tier
        ResultSnapshot.objects.filter(assessment=locked, is_current=True).update(is_current=False)
        snapshot = ResultSnapshot.objects.create(
            assessment=locked,
            framework=locked.framework,
            **snapshot_fields(result),
            result=result,
        )
        locked.status = Assessment.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = user
        # A new submission is reviewed afresh: the verdicts on the one returned no longer apply (they stay
        # in the audit log, the query comments in the indicators' threads).
        IndicatorReview.objects.filter(assessment=locked).delete()
        locked.returned_at = locked.reviewed_at = locked.reviewed_by = None
        locked.save(
            update_fields=["status", "submitted_at", "submitted_by", "returned_at", "reviewed_at", "reviewed_by", "updated_at"]
        )
        _status_audit_save(locked, user=user, old=Assessment.Status.DRAFT)
    return snapshot


def _status_audit_save(assessment: Assessment, *, user, old: str, comment: str = "") -> None:
    audit_event_save(
        actor=user,
        centre=assessment.centre,
        assessment=assessment,
        kind=AuditEvent.Kind.STATUS,
        subject="status",
        old=old,
        new=assessment.status,
        comment=comment,
    )


def assessment_reopen(*, assessment: Assessment, user, comment: str) -> Assessment:
    """An administrator returns a submitted assessment to its centre with a comment (on the review page it
    starts as the queried indicators' comments). Its snapshots stay in the history; the next submission
    adds a new current one. The centre's leads are notified (kind "returned")."""
    if not comment.strip():
        raise AssessmentError(_("退回时请说明原因。"))
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().select_related("centre").get(pk=assessment.pk)
        if locked.status != Assessment.Status.SUBMITTED:
            raise AssessmentError(_("只有已提交的自评可以退回。"))
        locked.status = Assessment.Status.DRAFT
        locked.submitted_at = None
        locked.returned_at = timezone.now()
        locked.reviewed_at = locked.reviewed_by = None
        locked.save(update_fields=["status", "submitted_at", "returned_at", "reviewed_at", "reviewed_by", "updated_at"])
        _status_audit_save(locked, user=user, old=Assessment.Status.SUBMITTED, comment=comment.strip())
        leads = [
            m.user
            for m in locked.centre.memberships.filter(role=Membership.Role.LEAD, user__is_active=True).select_related("user")
        ]
        notify(
            users=leads,
            kind="returned",
            text=_("%(cycle)s 年度自评已被退回修改：%(comment)s") % {"cycle": locked.cycle, "comment": comment.strip()},
            url=reverse("assessment:assessment_overview", kwargs={"pk": locked.pk}),
            centre=locked.centre,
        )
    return locked
