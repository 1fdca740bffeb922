"""Writing the audit log. Called inside the transaction of the change it records."""

from assessment.models import AuditEvent


def actor_name(user) -> str:
    if user is None:
        return "系统"
    return user.get_full_name() or user.get_username()


def audit_record(*, actor, centre, kind: str, subject: str, old=None, new=None, assessment=None, comment: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor_name(actor),
        centre=centre,
        assessment=assessment,
        kind=kind,
        subject=subject,
        old=old,
        new=new,
        comment=comment,
    )


def audit_records(events: list[AuditEvent]) -> None:
    AuditEvent.objects.bulk_create(events)
