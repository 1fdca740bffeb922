"""The audit log of a centre (read-only), and administrators returning an assessment to its centre."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment.access import assessment_for_administrator, centre_for_audit
from assessment.forms import ReopenForm
from assessment.presenters.questionnaire import audit_rows
from assessment.presenters.reviews import return_comment
from assessment.selectors.reviews import queried_summary
from assessment.services.assessments import AssessmentError, assessment_reopen
from assessment.views.confirm import Confirmation, confirm_first

PAGE_SIZE = 100


@login_required
def centre_audit(request, centre_id):
    centre = centre_for_audit(request.user, centre_id)
    events = centre.audit_events.select_related("assessment").order_by("-at", "-id")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessment/audit.html", {"centre": centre, "page": page, "rows": audit_rows(list(page))})


@login_required
@require_http_methods(["GET", "POST"])
def assessment_reopen_view(request, pk):
    assessment = assessment_for_administrator(request.user, pk)
    # The reason starts as the queried indicators' comments of the review, for the administrator to edit.
    form = ReopenForm(request.POST or None, initial={"comment": return_comment(queried_summary(assessment=assessment))})
    asked = confirm_first(
        request,
        Confirmation(
            title=_("退回 %(centre)s 的 %(cycle)s 年度自评？") % {"centre": assessment.centre.name, "cycle": assessment.cycle},
            consequence=_(
                "退回后，该自评恢复为草稿：中心成员可以再次修改答案，由中心负责人重新提交。"
                "本次提交的评分结果保留在提交历史中；您填写的退回原因会显示在该中心的自评页面上，并通知中心负责人。"
            ),
            confirm_label=_("确认退回"),
            cancel_url=reverse("assessment:assessment_result", kwargs={"pk": assessment.pk}),
        ),
        form=form,
    )
    if asked is not None:
        return asked
    try:
        assessment_reopen(assessment=assessment, user=request.user, comment=form.cleaned_data["comment"])
    except AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已退回该中心修改，原评分快照保留在历史中。"))
    return redirect("assessment:assessment_result", pk=assessment.pk)
