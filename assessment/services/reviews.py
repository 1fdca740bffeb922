"""A province reviews what it receives: an administrator in scope gives each indicator of a submitted
assessment a verdict (已核实 / 存疑), and the 核实后 reading of the score follows from the queried ones.

The administrator's reading of a queried indicator is a level 0–4 whatever the indicator's kind (the
product's design, the simplest rule that keeps scoring one scale): for a level indicator, the level they
judge the evidence supports; for a number, the level band they judge the true figure reaches (the
thresholds on the indicator's scale); for a yes/no, 是 (level 4) or 否 (level 0) only. Or they exclude the
indicator from the 核实后 score.

The review is finished by an explicit 完成审核: every indicator still without a verdict is then
已核实, and the assessment is marked reviewed. Verdicts may still be changed afterwards while it stays
submitted. Returning the assessment clears the mark (``assessment_reopen``); submitting it again starts a
new review (``assessment_submit``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.kinds import MAX_LEVEL, BooleanKind
from assessment.models import Assessment, AuditEvent, Comment, IndicatorReview, ResultSnapshot
from assessment.models.assessment import NOTE_MAX_LENGTH
from assessment.scoring import rescore
from assessment.services.assessments import AssessmentError, snapshot_fields
from assessment.services.audit import actor_name, audit_event, audit_event_save

Verdict, Reading = IndicatorReview.Verdict, IndicatorReview.Reading


@dataclass(frozen=True)
class ReviewEntry:
    """One indicator's verdict as the administrator gives it (already parsed, not yet judged)."""

    code: str
    verdict: str
    comment: str = ""
    reading: str = ""
    admin_level: int | None = None


def review_state(review: IndicatorReview | None) -> dict | None:
    """A review as the audit log stores it."""
    if review is None:
        return None
    return {"verdict": review.verdict, "reading": review.reading, "admin_level": review.admin_level}


def _checked(framework, entry: ReviewEntry) -> ReviewEntry:
    """``entry`` normalised, or ``AssessmentError`` saying what is wrong with it."""
    indicator = framework.indicator(entry.code)
    if indicator is None:
        raise AssessmentError(_("没有编码为“%(code)s”的指标。") % {"code": entry.code[:40]})
    if entry.verdict not in Verdict.values:
        raise AssessmentError(_("请选择“已核实”或“存疑”。"))
    if entry.verdict == Verdict.VERIFIED:
        return ReviewEntry(code=entry.code, verdict=entry.verdict, comment=entry.comment.strip())
    comment = entry.comment.strip()
    if not comment:
        raise AssessmentError(_("%(code)s：标为存疑时请写明存疑的理由，中心将看到这条意见。") % {"code": entry.code})
    if len(comment) > NOTE_MAX_LENGTH:
        raise AssessmentError(
            _("意见最多 %(limit)d 字（现有 %(count)d 字）。") % {"limit": NOTE_MAX_LENGTH, "count": len(comment)}
        )
    if entry.reading not in Reading.values:
        raise AssessmentError(_("%(code)s：请选择存疑指标在核实后得分中如何计分。") % {"code": entry.code})
    level = None
    if entry.reading == Reading.ADMIN:
        level = entry.admin_level
        if level is None or not 0 <= level <= MAX_LEVEL:
            raise AssessmentError(_("%(code)s：按核实人的判断计分时，请选择 0–4 级之一。") % {"code": entry.code})
        if indicator.kind == BooleanKind.code and level not in (0, MAX_LEVEL):
            raise AssessmentError(
                _("%(code)s 是“是/否”题：核实人的判断只能是“是”（4 级）或“否”（0 级）。") % {"code": entry.code}
            )
    return ReviewEntry(code=entry.code, verdict=entry.verdict, comment=comment, reading=entry.reading, admin_level=level)


def _locked_submitted(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().select_related("framework", "centre").get(pk=assessment.pk)
    if locked.status != Assessment.Status.SUBMITTED:
        raise AssessmentError(_("该自评尚未提交或已退回中心修改，提交后才能核实。"))
    return locked


def indicator_review_save(*, assessment: Assessment, user, entry: ReviewEntry) -> IndicatorReview:
    """Record an administrator's verdict on one indicator of a submitted assessment, with its audit record;
    a queried indicator's comment is added to the indicator's thread (``Comment`` with ``query``) unless it
    repeats the latest query comment there. The 核实后 reading is brought up to date. Refused
    (``AssessmentError``, nothing changed) for a draft, an unknown indicator or an incomplete verdict."""
    with transaction.atomic():
        locked = _locked_submitted(assessment)
        entry = _checked(locked.framework.spec, entry)
        review = IndicatorReview.objects.filter(assessment=locked, indicator_code=entry.code).first()
        old = review_state(review)
        review = review or IndicatorReview(assessment=locked, indicator_code=entry.code)
        review.verdict, review.reading, review.admin_level = entry.verdict, entry.reading, entry.admin_level
        review.reviewer = user
        review.save()
        if entry.verdict == Verdict.QUERIED:
            _query_comment_save(locked, user=user, code=entry.code, text=entry.comment)
        audit_event_save(
            actor=user,
            centre=locked.centre,
            assessment=locked,
            kind=AuditEvent.Kind.REVIEW,
            subject=entry.code,
            old=old,
            new=review_state(review),
            comment=entry.comment,
        )
        verified_reading_refresh(assessment=locked)
    return review


def _query_comment_save(assessment: Assessment, *, user, code: str, text: str) -> None:
    latest = Comment.objects.filter(assessment=assessment, indicator_code=code, query=True).order_by("-created_at", "-id").first()
    if latest is None or latest.text != text or latest.resolved_at is not None:
        Comment.objects.create(
            assessment=assessment, indicator_code=code, author=user, author_name=actor_name(user), text=text, query=True
        )


def assessment_review_finish(*, assessment: Assessment, user) -> int:
    """Finish the review of a submitted assessment: every indicator without a verdict becomes 已核实 (one
    audit record each) and the assessment is marked reviewed by ``user``. Returns how many indicators
    were verified by it. Refused (``AssessmentError``) for a draft."""
    with transaction.atomic():
        locked = _locked_submitted(assessment)
        reviewed = set(IndicatorReview.objects.filter(assessment=locked).values_list("indicator_code", flat=True))
        rest = [i.code for i in locked.framework.spec.indicators if i.code not in reviewed]
        IndicatorReview.objects.bulk_create(
            IndicatorReview(assessment=locked, indicator_code=code, verdict=Verdict.VERIFIED, reviewer=user) for code in rest
        )
        new = {"verdict": Verdict.VERIFIED, "reading": "", "admin_level": None}
        AuditEvent.objects.bulk_create(
            audit_event(
                actor=user,
                centre_id=locked.centre_id,
                assessment=locked,
                kind=AuditEvent.Kind.REVIEW,
                subject=code,
                new=new,
                comment=_("完成审核时核实"),
            )
            for code in rest
        )
        locked.reviewed_at, locked.reviewed_by = timezone.now(), user
        locked.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
        audit_event_save(
            actor=user,
            centre=locked.centre,
            assessment=locked,
            kind=AuditEvent.Kind.REVIEW,
            subject="reviewed",
            new="reviewed",
            comment=_("完成审核"),
        )
    return len(rest)


def review_overrides(reviews) -> dict[str, int | None]:
    """How the queried indicators of ``reviews`` count in the 核实后 reading: code -> the administrator's
    level, or None (excluded)."""
    return {
        r.indicator_code: (r.admin_level if r.reading == Reading.ADMIN else None) for r in reviews if r.verdict == Verdict.QUERIED
    }


def verified_reading_refresh(*, assessment: Assessment) -> ResultSnapshot | None:
    """Store the 核实后 reading on the assessment's current snapshot: rescored from the snapshot's result
    with the queried indicators read as the administrator chose, or None when no indicator is read
    differently (then 核实后 equals 自评). Also moves the assessment's ``updated_at``, which the dashboard's
    cache follows."""
    snapshot = ResultSnapshot.objects.filter(assessment=assessment, is_current=True).select_related("framework").first()
    if snapshot is None or not snapshot.result:  # some hand-made test snapshots hold figures only
        return None
    overrides = review_overrides(IndicatorReview.objects.filter(assessment=assessment))
    if overrides:
        verified = rescore(snapshot.framework.spec, snapshot.result, overrides)
        snapshot.verified_result, snapshot.verified_figures = verified, snapshot_fields(verified)
    else:
        snapshot.verified_result = snapshot.verified_figures = None
    snapshot.save(update_fields=["verified_result", "verified_figures"])
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return snapshot
