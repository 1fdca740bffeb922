"""E-mail reminders and the reminder log.

Every e-mail the product sends about a campaign or an event (a pillar marked for review, an assessment
returned) is one ``Reminder`` row first, named by a ``key`` that is unique: a reminder whose key is already in
the log is never queued again, so running ``send_reminders`` twice a day, or two of them at once, sends
nothing twice. The rows are written, then the task queue (``db_worker``) sends the mails and records on each
row when it went out or why it failed.

Campaign reminders (product design): the lead and the members with an assignment of each centre that has
not submitted the campaign's cycle get one reminder ``remind_days_before`` days before the deadline (0: none),
and once the deadline has passed one every ``overdue_every_days`` days (0: a single one), for at most
``OVERDUE_REMINDER_DAYS`` days. A day missed by the timer is caught up on the next run, once.

The hourly limit of ``services/mail_quota.py`` is for set-password mails, which anyone can request; these
mails are bounded by their keys instead (at most one per occasion and recipient)."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.models import Campaign, Centre, Membership, Reminder
from assessment.selectors.campaigns import centres_open

logger = logging.getLogger(__name__)

OVERDUE_REMINDER_DAYS = 90  # overdue reminders stop this long after the deadline (product design)
MAILS_PER_TASK = 200  # one background task sends this many over one mail connection


class Kind:
    """What a reminder is about (``Reminder.kind``, ``Notification.kind``)."""

    DEADLINE = "deadline"  # the deadline is near
    OVERDUE = "overdue"
    PILLAR_READY = "pillar_ready"  # a member marked a pillar for the lead's review
    RETURNED = "returned"  # the province returned the assessment

    LABELS = {
        DEADLINE: gettext_lazy("截止前提醒"),
        OVERDUE: gettext_lazy("逾期提醒"),
        PILLAR_READY: gettext_lazy("方面待审核"),
        RETURNED: gettext_lazy("自评被退回"),
    }


@dataclass(frozen=True)
class Mail:
    """One e-mail to queue: ``key`` names its occasion (never queued twice); ``text`` is its message."""

    key: str
    kind: str
    user: object
    subject: str
    text: str
    url: str = ""
    centre: Centre | None = None
    campaign: Campaign | None = None


def mails_queue(mails: list[Mail]) -> list[tuple[Reminder, Mail]]:
    """Log each mail whose key is not in the reminder log yet and queue its sending once committed;
    returns the ones logged now (a mail to a user without an address is skipped)."""
    mails = [mail for mail in mails if mail.user.email]
    known = set()
    keys = [mail.key for mail in mails]
    for start in range(0, len(keys), 500):
        known.update(Reminder.objects.filter(key__in=keys[start : start + 500]).values_list("key", flat=True))
    logged = []
    for mail in mails:
        if mail.key in known:
            continue
        try:
            with transaction.atomic():  # another run logging the same key meanwhile: it is theirs
                reminder = Reminder.objects.create(
                    key=mail.key,
                    kind=mail.kind,
                    campaign=mail.campaign,
                    centre=mail.centre,
                    recipient=mail.user,
                    email=mail.user.email,
                    subject=mail.subject[:200],
                )
        except IntegrityError:
            continue
        known.add(mail.key)
        logged.append((reminder, mail))
    messages = [[reminder.pk, _body(mail)] for reminder, mail in logged]
    if messages:
        from assessment.tasks import send_reminder_mails  # the tasks module imports this one

        for start in range(0, len(messages), MAILS_PER_TASK):
            chunk = messages[start : start + MAILS_PER_TASK]
            transaction.on_commit(lambda chunk=chunk: send_reminder_mails.enqueue(chunk))
    return logged


def _body(mail: Mail) -> str:
    link = f"{settings.SITE_URL.rstrip('/')}{mail.url}" if mail.url else ""
    return render_to_string(
        "assessment/email/reminder.txt",
        {"user": mail.user, "text": mail.text, "link": link, "campaign": mail.campaign},
    )


def reminder_mails_send(*, messages: list[list]) -> int:
    """Send each ``[reminder id, body]`` over one mail connection, recording on its row when it went out
    or the error; returns how many went out. A reminder already sent is not sent again."""
    sent = 0
    connection = get_connection()
    reminders = Reminder.objects.in_bulk([pk for pk, _body in messages])
    try:
        for pk, body in messages:
            reminder = reminders.get(pk)
            if reminder is None or reminder.sent_at is not None:
                continue
            try:
                EmailMessage(reminder.subject, body, None, [reminder.email], connection=connection).send()
            except Exception as exc:  # one refused address must not stop the others
                logger.exception("reminder %s failed", pk)
                Reminder.objects.filter(pk=pk).update(error=str(exc)[:300] or exc.__class__.__name__)
                connection.close()
                continue
            Reminder.objects.filter(pk=pk).update(sent_at=timezone.now(), error="")
            sent += 1
    finally:
        connection.close()
    return sent


def _occasion(campaign: Campaign, today: date) -> tuple[str, str, int] | None:
    """``(kind, occasion, days)`` of the reminder ``campaign`` calls for on ``today``, or None: days left
    before the deadline, or days overdue. The occasion names the deadline, so a moved deadline reminds
    again."""
    left = (campaign.deadline - today).days
    if 0 <= left <= campaign.remind_days_before and campaign.remind_days_before:
        return Kind.DEADLINE, f"before:{campaign.deadline.isoformat()}", left
    if left < 0:
        over = -left
        period = (over - 1) // campaign.overdue_every_days if campaign.overdue_every_days else 0
        return Kind.OVERDUE, f"overdue:{campaign.deadline.isoformat()}:{period}", over
    return None


def _recipients(campaign: Campaign, centre_ids: list[int]) -> dict[int, list]:
    """The active users with an address each centre's reminders go to: its lead(s) and the members with an
    assignment on its assessment of the cycle. One query."""
    members = (
        Membership.objects.filter(centre_id__in=centre_ids, user__is_active=True)
        .filter(Q(role=Membership.Role.LEAD) | Q(assignments__assessment__cycle=campaign.cycle))
        .exclude(user__email="")
        .select_related("user")
        .distinct()
        .order_by("centre_id", "user_id")
    )
    by_centre: dict[int, list] = {}
    for member in members:
        by_centre.setdefault(member.centre_id, []).append(member.user)
    return by_centre


def reminders_planned(*, today: date) -> list[Mail]:
    """The campaign reminders due on ``today``, whether or not already sent (see ``mails_queue``)."""
    planned = []
    campaigns = Campaign.objects.filter(opens_on__lte=today, deadline__gte=today - timedelta(days=OVERDUE_REMINDER_DAYS))
    home = reverse("assessment:home")
    for campaign in campaigns.order_by("pk"):
        occasion = _occasion(campaign, today)
        if occasion is None:
            continue
        kind, name, days = occasion
        centres = list(centres_open(campaign=campaign).order_by("pk"))
        recipients = _recipients(campaign, [centre.pk for centre in centres])
        for centre in centres:
            words = {"campaign": campaign.name, "days": days, "deadline": campaign.deadline.isoformat(), "centre": centre.name}
            if kind == Kind.DEADLINE:
                subject = _("%(campaign)s：距截止还有 %(days)d 天") % words
                text = _("%(campaign)s 将于 %(deadline)s 截止（还有 %(days)d 天），%(centre)s 的自评尚未提交。") % words
            else:
                subject = _("%(campaign)s：已逾期 %(days)d 天") % words
                text = _("%(campaign)s 已于 %(deadline)s 截止（已逾期 %(days)d 天），%(centre)s 的自评尚未提交。") % words
            for user in recipients.get(centre.pk, []):
                key = f"campaign:{campaign.pk}:centre:{centre.pk}:{name}:user:{user.pk}"
                planned.append(Mail(key, kind, user, subject, text, home, centre, campaign))
    return planned


def reminders_send(*, today: date | None = None) -> list[Reminder]:
    """Queue the campaign reminders due ``today`` (default: today in the product's time zone) that were
    not queued before, each with an in-app notification to its recipient; returns the reminders logged."""
    from assessment.services.notifications import notify  # which queues event mails through this module

    logged = mails_queue(reminders_planned(today=today or timezone.localdate()))
    by_occasion: dict[tuple, list] = {}  # one notify() per centre and text: its recipients together
    for _reminder, mail in logged:
        by_occasion.setdefault((mail.kind, mail.text, mail.url, mail.centre), []).append(mail.user)
    for (kind, text, url, centre), users in by_occasion.items():
        notify(users=users, kind=kind, text=text, url=url, centre=centre)
    return [reminder for reminder, _mail in logged]
