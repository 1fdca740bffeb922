"""The exemplar library: every centre and provincial platform the report cites, with what it says."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from assessment.models import Exemplar, ExemplarFigure, ExemplarPractice, Indicator
from assessment.selectors.framework import framework_current


def _exemplars(framework):
    return Exemplar.objects.filter(framework=framework).prefetch_related(
        Prefetch(
            "practices",
            queryset=ExemplarPractice.objects.prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.only("code", "title"))
            ),
        ),
        Prefetch(
            "figures",
            queryset=ExemplarFigure.objects.select_related("indicator").only(
                "exemplar_id", "label", "display", "year", "quote", "position", "indicator__code", "indicator__title"
            ),
        ),
    )


@login_required
def exemplar_list(request):
    framework = framework_current()
    exemplars = list(_exemplars(framework)) if framework else []
    return render(request, "assessment/exemplar_list.html", {"framework": framework, "exemplars": exemplars})


@login_required
def exemplar_detail(request, code):
    framework = framework_current()
    exemplar = _exemplars(framework).filter(code=code).first() if framework else None
    if exemplar is None:
        raise Http404
    return render(request, "assessment/exemplar_detail.html", {"framework": framework, "exemplar": exemplar})
