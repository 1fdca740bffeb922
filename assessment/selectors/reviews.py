"""Reads on the province's review of submitted assessments: what waits for review in a scope, each
indicator's verdict, and the queried indicators' comments a return starts from."""

from django.db.models import QuerySet

from assessment.models import AdminScope, Assessment, Comment, IndicatorReview


def reviews_waiting_assessments(*, scope: AdminScope) -> QuerySet:
    """The submitted assessments of ``scope`` whose review is not finished (no 完成审核 yet), oldest
    submission first, with their centres."""
    return (
        Assessment.objects.in_scope(scope)
        .filter(status=Assessment.Status.SUBMITTED, reviewed_at__isnull=True)
        .select_related("centre")
        .order_by("submitted_at", "id")
    )


def reviews_waiting(*, scope: AdminScope) -> int:
    """How many submitted assessments in ``scope`` wait for their review to be finished (one query); the
    administrator's home page shows it."""
    return reviews_waiting_assessments(scope=scope).count()


def reviews_by_code(*, assessment: Assessment) -> dict[str, IndicatorReview]:
    """The verdicts given on ``assessment``, by indicator code (one query)."""
    return {r.indicator_code: r for r in IndicatorReview.objects.filter(assessment=assessment).select_related("reviewer")}


def query_comments(*, assessment: Assessment) -> dict[str, list[Comment]]:
    """The administrators' query comments (存疑) on ``assessment``, by indicator code, oldest first (one query)."""
    comments: dict[str, list[Comment]] = {}
    for comment in Comment.objects.filter(assessment=assessment, query=True).order_by("created_at", "id"):
        comments.setdefault(comment.indicator_code, []).append(comment)
    return comments


def queried_summary(*, assessment: Assessment) -> list[dict]:
    """The indicators queried in the current review, in framework order, each with its verdict and the
    latest query comment: ``[{code, title, review, comment}]`` (two queries)."""
    reviews = reviews_by_code(assessment=assessment)
    comments = query_comments(assessment=assessment)
    rows = []
    for indicator in assessment.framework.spec.indicators:
        review = reviews.get(indicator.code)
        if review is not None and review.verdict == IndicatorReview.Verdict.QUERIED:
            latest = comments.get(indicator.code, [])
            rows.append(
                {"code": indicator.code, "title": indicator.title, "review": review, "comment": latest[-1] if latest else None}
            )
    return rows
