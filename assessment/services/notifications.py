"""Telling people: the in-app notifications behind the bell. Every notification of the product is made
here; for the events that also call for an e-mail (``EMAIL_KINDS``) the mail is queued here too, through
``assessment/services/reminders.py``, which sends every e-mail reminder and keeps their log."""

from collections.abc import Iterable

from django.utils import timezone

from assessment.models import Notification

# Events whose notification is also e-mailed to its recipients: a pillar marked for the lead's review, an
# assessment the province returned.
EMAIL_KINDS = ("pillar_ready", "returned")


def notify(*, users: Iterable, kind: str, text: str, url: str = "", centre=None) -> list[Notification]:
    """One unread notification per user of ``users`` (each user once, however often listed); for a kind of
    ``EMAIL_KINDS``, an e-mail to each of them too, queued once the caller's transaction commits."""
    seen = {}
    for user in users:
        if user is not None:
            seen.setdefault(user.pk, user)
    notifications = Notification.objects.bulk_create(
        Notification(user=user, centre=centre, kind=kind, text=text[:300], url=url) for user in seen.values()
    )
    if kind in EMAIL_KINDS:
        from assessment.services.reminders import Mail, mails_queue  # which notifies through this module

        mails_queue(
            [
                Mail(key=f"{kind}:notification:{n.pk}", kind=kind, user=n.user, subject=text, text=text, url=url, centre=centre)
                for n in notifications
            ]
        )
    return notifications


def notification_open(*, notification: Notification) -> Notification:
    """Mark one notification read (the first time it is opened)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many were unread."""
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
