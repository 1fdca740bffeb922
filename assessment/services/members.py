"""Adding and removing a centre's members."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from assessment.models import AuditEvent, Centre, Membership
from assessment.services.audit import audit_event_save
from assessment.services.centres import member_create
from assessment.services.mail_quota import mail_quota_take

logger = logging.getLogger(__name__)


class MembershipError(Exception):
    """A change to the member list that is not allowed; the message is for the user."""


class InvitationLimitReached(MembershipError):
    """The member's address or account has had its invitations for this hour; nothing was sent."""


def member_invite(*, centre: Centre, full_name: str, username: str, email: str, role: str, request) -> bool:
    """Create the member with no usable password and e-mail them a link to set one.

    Returns whether the invitation went out; the member exists either way.
    """
    membership = member_create(centre=centre, username=username, email=email, role=role, full_name=full_name, by=request.user)
    return invitation_send(user=membership.user, protocol="https" if request.is_secure() else "http", domain=request.get_host())


def member_reinvite(*, membership: Membership, request) -> bool:
    """Send a member the link to set their password again; returns whether the mail went out.

    Raises ``InvitationLimitReached``, with a message for the lead, when the member's address or account
    has already received ``settings.PASSWORD_MAILS_PER_HOUR`` invitations this hour.
    """
    user = membership.user
    if not mail_quota_take(purpose="invitation", email=user.email, user_id=user.pk):
        logger.warning("invitation to member %s not sent again: hourly limit reached", user.pk)
        raise InvitationLimitReached(
            _("一小时内已向 %(email)s 发送了 %(limit)d 封邀请邮件，为免打扰，这次没有再发送。请一小时后再试。")
            % {"email": user.email, "limit": settings.PASSWORD_MAILS_PER_HOUR}
        )
    return _invitation_deliver(user=user, protocol="https" if request.is_secure() else "http", domain=request.get_host())


def invitation_send(*, user, protocol: str, domain: str, connection=None) -> bool:
    """E-mail an existing user the link to set their password; returns whether the mail went out (not
    when sending failed, nor beyond the hourly quota of invitations to the address or the account).

    ``protocol`` and ``domain`` build the link (from the request, or from configuration where there is
    none, as in a management command); ``connection`` lets a bulk import reuse one mail connection.
    """
    if not mail_quota_take(purpose="invitation", email=user.email, user_id=user.pk):
        logger.warning("invitation to member %s not sent: hourly limit reached", user.pk)
        return False
    return _invitation_deliver(user=user, protocol=protocol, domain=domain, connection=connection)


def invitations_send(*, user_ids: list[int], protocol: str, domain: str) -> int:
    """E-mail each of these users the link to set their password, over one mail connection; returns how
    many went out. Used by the background task of the bulk import.

    A failure to send one invitation is logged and the next member still gets theirs: the members who got
    none can set their password through "忘记密码" on the login page. Users deleted meanwhile are skipped.
    """
    sent = 0
    connection = get_connection()  # opened by the first message, reopened after a failure
    try:
        for user in get_user_model().objects.filter(pk__in=user_ids).order_by("pk"):
            try:
                sent += invitation_send(user=user, protocol=protocol, domain=domain, connection=connection)
            except Exception:  # one bad member (a template, an address the mail library refuses) must not stop the rest
                logger.exception("invitation to member %s failed", user.pk)
                _connection_reset(connection)
    finally:
        _connection_reset(connection)
    return sent


def _connection_reset(connection) -> None:
    # Closing makes the next message open a fresh connection instead of writing to a broken one.
    try:
        connection.close()
    except OSError:
        logger.warning("closing the mail connection failed", exc_info=True)


def _invitation_deliver(*, user, protocol: str, domain: str, connection=None) -> bool:
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
        "domain": domain,
    }
    subject = "".join(render_to_string("registration/invitation_subject.txt", context).splitlines())
    body = render_to_string("registration/invitation_email.txt", context)
    try:
        send_mail(subject, body, None, [user.email], connection=connection)
    except OSError:
        logger.exception("invitation e-mail to member %s failed", user.pk)
        if connection is not None:
            _connection_reset(connection)
        return False
    return True


@transaction.atomic
def member_remove(*, membership: Membership, by) -> None:
    """Remove a member from their centre and disable their login. A lead cannot remove themselves, so a
    centre always keeps someone who can manage it."""
    if membership.user_id == by.pk:
        raise MembershipError(_("不能移除自己。"))
    user = membership.user
    audit_event_save(
        actor=by,
        centre=membership.centre,
        kind=AuditEvent.Kind.MEMBERSHIP,
        subject=user.get_username(),
        old={"username": user.get_username(), "name": user.get_full_name(), "role": membership.role},
    )
    membership.delete()
    user.is_active = False
    user.save(update_fields=["is_active"])
