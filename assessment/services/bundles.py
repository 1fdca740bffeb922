"""Requesting a ZIP of reports."""

from django.db import transaction

from assessment.models import AdminScope, ReportBundle
from assessment.tasks import build_report_bundle


def bundle_request(*, scope: AdminScope, cycle: int) -> ReportBundle:
    """Record the request and queue its building once the request is committed."""
    bundle = ReportBundle.objects.create(requested_by=scope.user, province=scope.province, cycle=cycle)
    transaction.on_commit(lambda: build_report_bundle.enqueue(bundle.pk))
    return bundle
