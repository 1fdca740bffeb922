"""The project's URLs plus one that fails, for the test of the 500 page (tests/test_error_pages.py)."""

from django.urls import include, path


def fail(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("test-only/fail/", fail), path("", include("rongmei_assess.urls"))]
