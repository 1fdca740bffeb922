"""Administrators download the reports of their whole scope as one ZIP, built in the background."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.access import scope_of
from assessment.models import ReportBundle
from assessment.services.bundles import bundle_request
from assessment.views.downloads import file_attachment
from assessment.views.home import current_cycle
from assessment.views.pages import form_render


class BundleForm(forms.Form):
    cycle = forms.IntegerField(
        label=gettext_lazy("年度"),
        min_value=2018,
        max_value=2100,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"), gettext_lazy("请填写 2018 年到 2100 年之间的年度，例如 2026。")
        ),
    )


def _bundle(user, bundle_id) -> ReportBundle:
    try:
        return ReportBundle.objects.get(pk=bundle_id, requested_by=user)
    except ReportBundle.DoesNotExist:
        raise Http404 from None


@login_required
def bundle_list(request):
    scope = scope_of(request.user)
    form = BundleForm(request.POST or None, initial={"cycle": current_cycle()})
    if request.method == "POST" and form.is_valid():
        bundle = bundle_request(scope=scope, cycle=form.cleaned_data["cycle"])
        return redirect("assessment:bundle_detail", bundle_id=bundle.pk)
    bundles = ReportBundle.objects.filter(requested_by=request.user)[:20]
    return form_render(
        request,
        "assessment/bundle_list.html",
        {"scope": scope, "form": form, "bundles": bundles},
        refused=form.errors,
    )


@login_required
def bundle_detail(request, bundle_id):
    scope_of(request.user)
    bundle = _bundle(request.user, bundle_id)
    return render(
        request,
        "assessment/bundle_detail.html",
        {"bundle": bundle, "refresh": bundle.status in (ReportBundle.Status.QUEUED, ReportBundle.Status.RUNNING)},
    )


@login_required
def bundle_download(request, bundle_id):
    scope_of(request.user)
    bundle = _bundle(request.user, bundle_id)
    if bundle.status != ReportBundle.Status.DONE:
        raise Http404
    name = _("%(scope)s%(cycle)s年度自评报告.zip") % {"scope": bundle.province or _("全国"), "cycle": bundle.cycle}
    return file_attachment(bundle.file.open("rb"), name, "application/zip")
