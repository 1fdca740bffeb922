"""Rendering every PDF with WeasyPrint: a centre's report (cached per snapshot and template version) and an
administrator's cohort summary, both through ``pdf_of`` and the same URL fetcher.

The HTML is made from the same context as the page it prints (the result page, the dashboard); every
template extends ``reports/base.html``; the PDF has a print stylesheet of its own (no
Bootstrap) and embeds the CJK font that ships with the product, read from disk.
"""

import ctypes.util
import hashlib
import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from assessment.framework.spec import Framework
from assessment.models import AdminScope, Assessment
from assessment.presenters.dashboard import STATUS_LABELS, dashboard_page, scope_name
from assessment.presenters.reviews import SELF, reading_context
from assessment.reports.context import report_context
from assessment.selectors.dashboard import CohortFilters

logger = logging.getLogger(__name__)

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
STYLESHEET = settings.BASE_DIR / "static" / "css" / "report.css"
CACHE_SECONDS = 60 * 60 * 24 * 30


def report_sources() -> list:
    """Every file a cached report's content depends on besides the database: all templates (the report
    includes page fragments from ``templates/assessment/includes/``), the print stylesheet, the compiled
    translations and the code that builds the report's context."""
    base = settings.BASE_DIR
    app = base / "assessment"
    return sorted(
        [
            STYLESHEET,
            *(base / "templates").rglob("*.html"),
            *(base / "locale").rglob("*.mo"),
            *(app / "reports").glob("*.py"),
            *(app / "presenters").glob("*.py"),
            *(app / p for p in ("advice.py", "benchmark.py", "charts.py", "kinds.py", "numbers.py", "scoring.py")),
        ]
    )


def _template_version() -> str:
    digest = hashlib.sha256()
    for path in report_sources():
        digest.update(str(path.relative_to(settings.BASE_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


# Changing any of the report's sources changes this, so cached PDFs are never stale after a deploy.
TEMPLATE_VERSION = _template_version()


class ReportError(Exception):
    """Rendering failed; the message is for the user, the cause is in the log."""


def _print_context() -> dict:
    """What ``reports/base.html`` needs: the print stylesheet and the directory of the bundled fonts."""
    return {"stylesheet": STYLESHEET.read_text(encoding="utf-8"), "font_dir": FONT_DIR.as_uri()}


def report_html(*, assessment: Assessment, reading: str = SELF) -> str:
    """The report as HTML in ``reading`` (自评 or 核实后), ready for WeasyPrint."""
    context = report_context(assessment=assessment, reading=reading)
    context.update(_print_context(), pdf=True)
    return render_to_string("reports/report.html", context)


def cohort_html(*, scope: AdminScope, filters: CohortFilters, framework: Framework) -> str:
    """The cohort summary of ``scope`` (the dashboard's figures for ``filters``) as HTML, ready for WeasyPrint."""
    context = dashboard_page(scope=scope, filters=filters, framework=framework)
    context.update(
        _print_context(),
        **reading_context(filters.reading),
        scope=scope,
        filters=filters,
        status_labels=STATUS_LABELS,
        scope_name=scope_name(scope),
        pdf=True,
    )
    return render_to_string("reports/cohort.html", context)


def static_file_fetcher():
    """WeasyPrint's URL fetcher for reports: it reads the product's own static files (the CJK fonts) and
    nothing else.

    A report holds text centres typed in; should any of it ever reach the HTML as markup, the PDF renderer
    must not become a way to read the server's files (``file:///etc/passwd``) or to make requests from
    inside the network (``http://127.0.0.1:…``). Every other URL, ``data:`` included (the templates use
    none), is refused with an error WeasyPrint reports and skips, and is logged.
    """
    from weasyprint.urls import URLFetcher  # WeasyPrint takes most of a second to import: only PDFs need it

    roots = [Path(root).resolve() for root in [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]]

    class StaticFileFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(url2pathname(unquote(parts.path))).resolve()  # resolved: no way out through .. or a link
                if path.is_file() and any(path.is_relative_to(root) for root in roots):
                    return super().fetch(path.as_uri(), headers)
            logger.warning("report rendering: refused to fetch %s (only the product's static files)", url[:200])
            raise PermissionError(f"refused: {url[:200]}")

    return StaticFileFetcher()


def _document(html: str):
    from weasyprint import HTML  # WeasyPrint takes most of a second to import: only PDFs need it

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=static_file_fetcher())


def html_to_pdf(html: str) -> bytes:
    from weasyprint.text.fonts import FontConfiguration  # WeasyPrint is slow to import: only PDFs need it

    return _document(html).write_pdf(font_config=FontConfiguration())


def pdf_of(html: str, *, what: str) -> bytes:
    """``html_to_pdf``, or ``ReportError`` with a message for the user and the cause in the log."""
    try:
        return html_to_pdf(html)
    except Exception as exc:
        logger.exception("PDF rendering failed: %s", what)
        raise ReportError(_("报告生成失败，请稍后重试；如仍失败请联系管理员。")) from exc


def page_count(html: str) -> int:
    from weasyprint.text.fonts import FontConfiguration  # WeasyPrint is slow to import: only PDFs need it

    return len(_document(html).render(font_config=FontConfiguration()).pages)


def _cache_key(assessment: Assessment, reading: str = SELF) -> str | None:
    """Submitted reports are cached by snapshot, template version, language, the action plan's state and
    the cohort's (the percentiles compare with every submitted centre of the cycle: another submission or
    a return moves the count or the latest submission time); drafts change with every save and are not cached."""
    if not assessment.is_submitted:
        return None
    # The 核实后 reading changes with every verdict, which moves the assessment's updated_at.
    snapshot_id = assessment.snapshots.filter(is_current=True).values_list("pk", flat=True).first()
    if reading != SELF:
        updated = Assessment.objects.filter(pk=assessment.pk).values_list("updated_at", flat=True).first()
        snapshot_id = f"{snapshot_id}-{reading}-{_stamp(updated)}"
    plan = assessment.action_items.aggregate(n=Count("pk"), at=Max("updated_at"))
    cohort = Assessment.objects.filter(cycle=assessment.cycle, status=Assessment.Status.SUBMITTED).aggregate(
        n=Count("pk"), at=Max("submitted_at")
    )
    stamps = [_stamp(plan["at"]), cohort["n"], _stamp(cohort["at"])]
    return f"report-pdf:{snapshot_id}:{TEMPLATE_VERSION}:{translation.get_language()}:{plan['n']}:" + ":".join(map(str, stamps))


def _stamp(moment) -> float:
    return moment.timestamp() if moment else 0


def report_pdf(*, assessment: Assessment, reading: str = SELF) -> tuple[bytes, bool]:
    """The report of ``assessment`` in ``reading`` as PDF bytes, and whether it came from the cache.

    Raises ``ReportError`` (logged with its cause) when rendering fails.
    """
    key = _cache_key(assessment, reading)
    if key and (cached := cache.get(key)) is not None:
        return cached, True
    pdf = pdf_of(report_html(assessment=assessment, reading=reading), what=f"report of assessment {assessment.pk}")
    if key:
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf, False


def cohort_pdf(*, scope: AdminScope, filters: CohortFilters, framework: Framework) -> bytes:
    """The cohort summary as PDF bytes (not cached: the dashboard's own cache holds its figures).

    Raises ``ReportError`` (logged with its cause) when rendering fails.
    """
    html = cohort_html(scope=scope, filters=filters, framework=framework)
    return pdf_of(html, what=f"cohort summary of {scope_name(scope)} {filters.cycle}")


def cohort_filename(scope: AdminScope, cycle: int) -> str:
    return _("%(scope)s%(cycle)s年度汇总报告") % {"scope": scope_name(scope), "cycle": cycle} + ".pdf"


def report_filename(assessment: Assessment) -> str:
    draft = "" if assessment.is_submitted else _("（草稿）")
    return _("%(centre)s%(cycle)s年度自评报告%(draft)s.pdf") % {
        "centre": assessment.centre.name,
        "cycle": assessment.cycle,
        "draft": draft,
    }


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint can subset fonts with HarfBuzz; without it a CJK PDF takes ~10× longer."""
    return ctypes.util.find_library("harfbuzz-subset") is not None
