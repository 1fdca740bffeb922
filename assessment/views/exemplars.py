"""The exemplar library: every centre and provincial platform the report cites, with what it says."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from assessment.selectors.framework import framework_current


@login_required
def exemplar_list(request):
    framework = framework_current()
    exemplars = framework.spec.exemplars if framework else ()
    return render(request, "assessment/exemplar_list.html", {"framework": framework, "exemplars": exemplars})


@login_required
def exemplar_detail(request, code):
    framework = framework_current()
    exemplar = framework.spec.exemplar(code) if framework else None
    if exemplar is None:
        raise Http404
    return render(request, "assessment/exemplar_detail.html", {"framework": framework, "exemplar": exemplar})
