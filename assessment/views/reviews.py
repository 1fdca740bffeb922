"""A province reviews what it receives: the review page of a submitted assessment (one verdict per
indicator) and 完成审核. Only an administrator whose scope holds the centre; anyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment.access import assessment_for_administrator
from assessment.forms import ReviewForm
from assessment.models import IndicatorReview
from assessment.presenters.reviews import review_counts, review_rows
from assessment.services.assessments import AssessmentError
from assessment.services.reviews import ReviewEntry, assessment_review_finish, indicator_review_save
from assessment.views.confirm import Confirmation, confirm_first


def _review_url(assessment, code: str = "") -> str:
    url = reverse("assessment:assessment_review", kwargs={"pk": assessment.pk})
    return f"{url}#r-{code}" if code else url


@login_required
@require_http_methods(["GET", "POST"])
def assessment_review(request, pk):
    """GET: every indicator with the centre's answer and the verdict given. POST: one indicator's verdict;
    refused input changes nothing and comes back with its message (400)."""
    assessment = assessment_for_administrator(request.user, pk)
    error, failed_code = "", ""
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            entry = ReviewEntry(
                code=data["code"],
                verdict=data["verdict"],
                comment=data["comment"],
                reading=data["reading"],
                admin_level=data["admin_level"],
            )
            try:
                indicator_review_save(assessment=assessment, user=request.user, entry=entry)
            except AssessmentError as exc:
                error = str(exc)
            else:
                messages.success(request, _("已保存 %(code)s 的核实结论。") % {"code": entry.code})
                return redirect(_review_url(assessment, entry.code))
        else:
            error = "；".join(" ".join(errors) for errors in form.errors.values())
        failed_code = request.POST.get("code", "")[:24]
    pillars = review_rows(assessment=assessment)
    for row in (row for p in pillars for row in p["indicators"]):
        # What each form shows: the refused input for the indicator it was posted for, else the verdict given.
        review = row["review"]
        if error and failed_code == row["indicator"].code:
            row["values"] = {name: request.POST.get(name, "") for name in ("verdict", "comment", "reading", "admin_level")}
        elif review is not None:
            level = "" if review.admin_level is None else str(review.admin_level)
            row["values"] = {"verdict": review.verdict, "comment": "", "reading": review.reading, "admin_level": level}
        else:
            row["values"] = {}
    return render(
        request,
        "assessment/review.html",
        {
            "assessment": assessment,
            "pillars": pillars,
            "counts": review_counts(pillars),
            "error": error,
            "failed_code": failed_code,
            "verdicts": IndicatorReview.Verdict,
            "readings": IndicatorReview.Reading,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_review_finish_view(request, pk):
    assessment = assessment_for_administrator(request.user, pk)
    asked = confirm_first(
        request,
        Confirmation(
            title=_("完成对 %(centre)s %(cycle)s 年度自评的核实？")
            % {"centre": assessment.centre.name, "cycle": assessment.cycle},
            consequence=_(
                "尚未给出结论的指标将全部记为“已核实”，该自评标记为核实完成。之后仍可修改单个指标的结论；"
                "如需中心修改，请使用“退回中心修改”。"
            ),
            confirm_label=_("确认完成审核"),
            cancel_url=_review_url(assessment),
            button_class="btn-primary",
        ),
    )
    if asked is not None:
        return asked
    try:
        count = assessment_review_finish(assessment=assessment, user=request.user)
    except AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("核实已完成；%(count)d 个尚未给出结论的指标记为已核实。") % {"count": count})
    return redirect(_review_url(assessment))
