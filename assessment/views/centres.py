"""The centre's own pages: its size profile, filled or confirmed by the lead."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment.access import lead_centre_of
from assessment.forms import CentreSizeForm
from assessment.scales import profile_of
from assessment.services.centres import centre_size_save
from assessment.views.pages import form_render


@login_required
@require_http_methods(["GET", "POST"])
def centre_size(request):
    """GET shows the size profile; POST stores it (all of it, or nothing when any field is refused)."""
    centre = lead_centre_of(request.user)
    this_year = timezone.localdate().year
    form = CentreSizeForm(request.POST or None, initial=profile_of(centre), this_year=this_year)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    if request.method == "POST" and form.is_valid():
        centre_size_save(centre=centre, user=request.user, profile=form.cleaned_data)
        messages.success(request, _("已保存本中心规模资料。按规模折算的数值指标将据此评级。"))
        return redirect(back or "assessment:centre_size")
    return form_render(
        request, "assessment/centre_size.html", {"centre": centre, "form": form, "next": back}, refused=form.errors
    )
