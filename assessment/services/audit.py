"""Writing the audit log. Called inside the transaction of the change it records."""

from assessment.models import AuditEvent


def actor_name(user) -> str:
    if user is None:
        return "系统"
    return user.get_full_name() or user.get_username()


def audit_event(
    *, actor, centre_id: int, kind: str, subject: str, old=None, new=None, assessment=None, comment: str = ""
) -> AuditEvent:
    """The unsaved record of one change (for the bulk writes of a save or an import); ``audit_event_save``
    saves one at once. Every audit event of the product is built here."""
    return AuditEvent(
        actor=actor,
        actor_name=actor_name(actor),
        centre_id=centre_id,
        assessment=assessment,
        kind=kind,
        subject=subject,
        old=old,
        new=new,
        comment=comment,
    )


def answer_event(*, actor, assessment, code: str, old=None, new=None, comment: str = "") -> AuditEvent:
    """The unsaved record of a change to the answer of indicator ``code`` (``old`` and ``new`` as
    ``AnswerValue.as_json`` writes them)."""
    return audit_event(
        actor=actor,
        centre_id=assessment.centre_id,
        assessment=assessment,
        kind=AuditEvent.Kind.ANSWER,
        subject=code,
        old=old,
        new=new,
        comment=comment,
    )


def audit_event_save(
    *, actor, centre, kind: str, subject: str, old=None, new=None, assessment=None, comment: str = ""
) -> AuditEvent:
    """Record one change now."""
    event = audit_event(
        actor=actor, centre_id=centre.pk, kind=kind, subject=subject, old=old, new=new, assessment=assessment, comment=comment
    )
    event.save(force_insert=True)
    return event
