"""The audit log of a centre (read-only), and administrators returning an assessment to its centre."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.access import assessment_for_administrator, centre_for_audit
from assessment.services.assessments import AssessmentError, assessment_reopen
from assessment.views.presenters import audit_rows

PAGE_SIZE = 100


@login_required
def centre_audit(request, centre_id):
    centre = centre_for_audit(request.user, centre_id)
    events = centre.audit_events.select_related("assessment").order_by("-at", "-id")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessment/audit.html", {"centre": centre, "page": page, "rows": audit_rows(list(page))})


@login_required
@require_POST
def assessment_reopen_view(request, pk):
    assessment = assessment_for_administrator(request.user, pk)
    try:
        assessment_reopen(assessment=assessment, user=request.user, comment=request.POST.get("comment", "")[:1000])
    except AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已退回该中心修改，原评分快照保留在历史中。"))
    return redirect("assessment_result", pk=assessment.pk)
