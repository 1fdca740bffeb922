from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from assessment.access import assessment_for, can_write
from assessment.presenters.results import result_page
from assessment.presenters.reviews import reading_of
from assessment.selectors.actions import advice_with_plan
from assessment.selectors.reviews import queried_summary


@login_required
def assessment_result_view(request, pk):
    assessment, membership = assessment_for(request.user, pk)
    context = result_page(assessment=assessment, reading=reading_of(request.GET.get("reading")))
    context["queried"] = queried_summary(assessment=assessment)
    if membership is not None:  # members add recommendations to their plan; administrators only read them
        context["advice"] = advice_with_plan(assessment=assessment, advice=context["advice"])
    return render(
        request,
        "assessment/result.html",
        {
            "assessment": assessment,
            "membership": membership,
            "can_write": can_write(membership),
            "action_plan_url": reverse("assessment:action_plan", kwargs={"pk": assessment.pk}) if membership else None,
            **context,
        },
    )
