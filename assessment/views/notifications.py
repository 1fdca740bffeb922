"""The bell's page: a user's own notifications; opening one marks it read."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from assessment.models import Notification
from assessment.services.notifications import notification_open, notifications_read_all

PAGE_SIZE = 100  # the newest notifications the page lists


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user).select_related("centre")
    return render(
        request,
        "assessment/notifications.html",
        {"notifications": notifications[:PAGE_SIZE], "unread": notifications.filter(read_at=None).count()},
    )


@login_required
def notification_detail(request, notification_id):
    """Open one of the user's own notifications: marked read, then on to where it points (or back to the list)."""
    try:
        notification = Notification.objects.get(pk=notification_id, user=request.user)
    except Notification.DoesNotExist:
        raise Http404 from None
    notification_open(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("assessment:notifications")


@login_required
@require_POST
def notifications_read_all_view(request):
    notifications_read_all(user=request.user)
    return redirect("assessment:notifications")
