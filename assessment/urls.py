from django.urls import path

from assessment import views

urlpatterns = [
    path("", views.home, name="home"),
    path("framework/", views.framework_detail, name="framework_detail"),
]
