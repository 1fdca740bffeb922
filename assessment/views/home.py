from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.access import membership_of
from assessment.models import AdminScope, Membership
from assessment.selectors.assessments import centre_assessments
from assessment.selectors.framework import framework_current
from assessment.services.assessments import assessment_start


def current_cycle() -> int:
    return timezone.localdate().year


@login_required
def home(request):
    membership = Membership.objects.select_related("centre").filter(user=request.user).first()
    if membership is None:
        scope = AdminScope.objects.filter(user=request.user).first()
        return render(request, "assessment/home.html", {"framework": framework_current(), "scope": scope})
    assessments = centre_assessments(centre=membership.centre)
    return render(
        request,
        "assessment/centre_home.html",
        {
            "membership": membership,
            "centre": membership.centre,
            "assessments": assessments,
            "cycle": current_cycle(),
            "has_current": any(a.cycle == current_cycle() for a in assessments),
        },
    )


@login_required
@require_POST
def assessment_start_view(request):
    membership = membership_of(request.user)
    framework = framework_current()
    if framework is None:
        messages.error(request, _("评估框架尚未准备好，暂时无法开始自评。请联系平台管理员。"))
        return redirect("assessment:home")
    assessment = assessment_start(centre=membership.centre, cycle=current_cycle(), framework=framework)
    return redirect("assessment:assessment_overview", pk=assessment.pk)


@login_required
def framework_detail(request):
    framework = framework_current()
    pillars = framework.spec.pillars if framework else ()
    return render(request, "assessment/framework_detail.html", {"framework": framework, "pillars": pillars})
