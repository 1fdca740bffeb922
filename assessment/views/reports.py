from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from assessment.access import assessment_for
from assessment.presenters.reviews import reading_of
from assessment.reports.render import ReportError, report_filename, report_pdf
from assessment.views.downloads import attachment


@login_required
def assessment_report_pdf(request, pk):
    """The PDF report; a draft gets a watermarked preview, a failed render a message on the result page."""
    assessment, _membership = assessment_for(request.user, pk)
    try:
        pdf, _cached = report_pdf(assessment=assessment, reading=reading_of(request.GET.get("reading")))
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:assessment_result", pk=assessment.pk)
    return attachment(pdf, report_filename(assessment), "application/pdf")
