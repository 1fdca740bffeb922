"""The questionnaire on a weak connection: the service worker's script, and a logout that clears the device."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.views.decorators.cache import never_cache

# What a logout asks the browser to forget: its HTTP cache and every store of the site (the service
# worker's caches of questionnaire pages, the answers kept in IndexedDB, the service worker itself).
CLEAR_SITE_DATA = '"cache", "storage"'


@never_cache
def service_worker(request):
    """``/sw.js``: served from the site's root (not /static/) so that its scope covers the questionnaire;
    never cached, so that a new version reaches the phones on their next visit. It holds no data."""
    response = render(request, "offline/sw.js", content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


class SignOutView(auth_views.LogoutView):
    """Django's logout, which also clears what this browser holds of the member (Clear-Site-Data); the
    page's script (static/js/offline.js) clears the same for browsers that ignore the header."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
