from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessment.forms import LoginForm, MemberPasswordResetForm
from assessment.views.offline import SignOutView, service_worker

urlpatterns = [
    path("admin/", admin.site.urls),
    # Django's own view, with a form that also reaches invited members who have not set a password yet.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=MemberPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/login/", auth_views.LoginView.as_view(form_class=LoginForm), name="login"),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    # At the root, so that the service worker's scope is the whole site (questionnaire pages included).
    path("sw.js", service_worker, name="service_worker"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("assessment.urls")),
]
