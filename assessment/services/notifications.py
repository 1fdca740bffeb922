"""Telling people: the in-app notifications behind the bell. Every notification of the product is made
here; e-mail reminders are sent by ``assessment/services/reminders.py``."""

from collections.abc import Iterable

from assessment.models import Notification


def notify(*, users: Iterable, kind: str, text: str, url: str = "", centre=None) -> list[Notification]:
    """One unread notification per user of ``users`` (each user once, however often listed)."""
    seen = {}
    for user in users:
        if user is not None:
            seen.setdefault(user.pk, user)
    return Notification.objects.bulk_create(
        Notification(user=user, centre=centre, kind=kind, text=text[:300], url=url) for user in seen.values()
    )
