from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.access import can_write, writer_of
from assessment.models import AdminScope, Membership
from assessment.selectors.assessments import assessment_to_carry_from, centre_assessments
from assessment.selectors.campaigns import centre_campaign, scope_campaigns
from assessment.selectors.framework import framework_current
from assessment.selectors.home import draft_progress, last_result
from assessment.services.assessments import AssessmentError, assessment_start
from assessment.services.carry import assessment_start_carried
from assessment.versions import changes_between


def current_cycle() -> int:
    return timezone.localdate().year


@login_required
def home(request):
    membership = Membership.objects.select_related("centre").filter(user=request.user).first()
    if membership is None:
        scope = AdminScope.objects.filter(user=request.user).first()
        campaigns = scope_campaigns(scope=scope, cycle=current_cycle(), today=timezone.localdate()) if scope else []
        return render(
            request,
            "assessment/home.html",
            {"framework": framework_current(), "scope": scope, "cycle": current_cycle(), "scope_campaigns": campaigns},
        )
    centre = membership.centre
    assessments = centre_assessments(centre=centre)
    current = next((a for a in assessments if a.cycle == current_cycle()), None)
    return render(
        request,
        "assessment/centre_home.html",
        {
            "membership": membership,
            "centre": centre,
            "is_lead": membership.role == Membership.Role.LEAD,
            "can_write": can_write(membership),
            "assessments": assessments,
            "cycle": current_cycle(),
            "current": current,
            "progress": draft_progress(assessment=current) if current else None,
            "last": last_result(centre=centre),
            "carry_from": _carry_from(centre) if current is None and can_write(membership) else None,
            "current_framework": framework_current(),
            "campaign_status": centre_campaign(centre=centre, cycle=current_cycle(), today=timezone.localdate()),
        },
    )


def _carry_from(centre):
    """The earlier assessment a new cycle may begin from, when answers can be carried from it to the
    current framework (same version, or a mapping declared); else None."""
    previous = assessment_to_carry_from(centre=centre, cycle=current_cycle())
    framework = framework_current()
    if previous is None or framework is None or changes_between(previous.framework.spec, framework.spec) is None:
        return None
    return previous


@login_required
@require_POST
def assessment_start_view(request):
    membership = writer_of(request.user)
    framework = framework_current()
    if framework is None:
        messages.error(request, _("评估框架尚未准备好，暂时无法开始自评。请联系平台管理员。"))
        return redirect("assessment:home")
    previous = _carry_from(membership.centre) if request.POST.get("carry") == "1" else None
    if request.POST.get("carry") == "1" and previous is None:
        messages.error(request, _("没有可沿用的以前年度答案；请从空白答卷开始。"))
        return redirect("assessment:home")
    if previous is None:
        assessment = assessment_start(centre=membership.centre, cycle=current_cycle(), framework=framework)
        return redirect("assessment:assessment_overview", pk=assessment.pk)
    try:
        assessment = assessment_start_carried(
            centre=membership.centre, cycle=current_cycle(), framework=framework, previous=previous, user=request.user
        )
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:home")
    messages.success(
        request,
        _("已从 %(cycle)s 年度的答案开始。每项沿用的答案都标注“沿用上年，待确认”，请逐项确认或修改后再提交。")
        % {"cycle": previous.cycle},
    )
    return redirect("assessment:assessment_overview", pk=assessment.pk)


@login_required
def framework_detail(request):
    framework = framework_current()
    pillars = framework.spec.pillars if framework else ()
    return render(request, "assessment/framework_detail.html", {"framework": framework, "pillars": pillars})
