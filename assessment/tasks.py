"""Background tasks (django-tasks: the database backend by default, run by `manage.py db_worker`)."""

import logging
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from assessment.filenames import archive_path
from assessment.models import Assessment, ReportBundle
from assessment.reports.render import ReportError, report_filename, report_pdf
from assessment.services.members import invitations_send
from assessment.services.reminders import reminder_mails_send

logger = logging.getLogger(__name__)


@task()
def build_report_bundle(bundle_id: int) -> None:
    """Render the report of every submitted assessment of the bundle's scope and cycle into one ZIP,
    counting progress (done / total) on the bundle as it goes."""
    bundle = ReportBundle.objects.get(pk=bundle_id)
    assessments = list(
        Assessment.objects.in_scope(bundle.scope)
        .filter(cycle=bundle.cycle, status=Assessment.Status.SUBMITTED)
        .select_related("centre", "framework")
        .order_by("centre__province", "centre__name")
    )
    ReportBundle.objects.filter(pk=bundle.pk).update(status=ReportBundle.Status.RUNNING, total=len(assessments), done=0)
    name = f"bundles/bundle-{bundle.pk}.zip"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # Written straight to disk: a national bundle is far larger than memory should hold.
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
            for n, assessment in enumerate(assessments, start=1):
                pdf, _cached = report_pdf(assessment=assessment)
                archive.writestr(archive_path(assessment.centre.province, report_filename(assessment)), pdf)
                ReportBundle.objects.filter(pk=bundle.pk).update(done=n)
    except ReportError as exc:
        logger.exception("report bundle %s failed", bundle.pk)
        ReportBundle.objects.filter(pk=bundle.pk).update(
            status=ReportBundle.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        return
    ReportBundle.objects.filter(pk=bundle.pk).update(file=name, status=ReportBundle.Status.DONE, finished_at=timezone.now())


@task()
def send_invitations(user_ids: list[int], protocol: str, domain: str) -> int:
    """E-mail the members imported in bulk the link to set their password; returns how many went out."""
    return invitations_send(user_ids=user_ids, protocol=protocol, domain=domain)


@task()
def send_reminder_mails(messages: list[list]) -> int:
    """Send the reminder e-mails ``[reminder id, body]`` logged by ``services/reminders.mails_queue``;
    returns how many went out."""
    return reminder_mails_send(messages=messages)
