from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from assessment.selectors.framework import framework_current, framework_pillars


@login_required
def home(request):
    framework = framework_current()
    return render(request, "assessment/home.html", {"framework": framework})


@login_required
def framework_detail(request):
    framework = framework_current()
    pillars = framework_pillars(framework=framework) if framework else []
    return render(request, "assessment/framework_detail.html", {"framework": framework, "pillars": pillars})
