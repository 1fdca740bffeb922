"""Benchmark of the PDF report: prints its figures, the last line as key=value pairs."""

import gc
import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from assessment.models import Assessment
from assessment.reports.render import html_to_pdf, page_count, report_html, report_pdf


class Command(BaseCommand):
    help = "测量 PDF 报告的生成速度（完整流程、仅 WeasyPrint、缓存命中）。"

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7)

    def handle(self, *args, runs, **options):
        assessment = (
            Assessment.objects.filter(status=Assessment.Status.SUBMITTED, centre__is_demo=True)
            .select_related("centre", "framework")
            .order_by("-cycle", "pk")
            .first()
        )
        if assessment is None:
            raise CommandError("没有已提交的演示自评：请先运行 python manage.py seed_demo。")
        html_to_pdf(report_html(assessment=assessment))  # warm-up: imports, font loading
        whole, alone = [], []
        pdf = b""
        for _run in range(runs):
            cache.clear()
            gc.collect()  # a collection landing inside one run skews the median on a small machine
            started = time.perf_counter()
            pdf, cached = report_pdf(assessment=assessment)
            whole.append(time.perf_counter() - started)
            assert not cached
            html = report_html(assessment=assessment)
            gc.collect()
            started = time.perf_counter()
            html_to_pdf(html)
            alone.append(time.perf_counter() - started)
        hits = []
        for _run in range(runs):
            started = time.perf_counter()
            _pdf, cached = report_pdf(assessment=assessment)
            hits.append(time.perf_counter() - started)
            assert cached
        pages = page_count(report_html(assessment=assessment))
        render, weasy = statistics.median(whole), statistics.median(alone)
        self.stdout.write(f"{assessment.centre.name} {assessment.cycle}，{runs} 次（机器负载会影响数字）")
        self.stdout.write(
            f"render_median_s={render:.3f} weasyprint_median_s={weasy:.3f} ratio={render / weasy:.3f} "
            f"pages={pages} bytes={len(pdf)} cached_ms={statistics.median(hits) * 1000:.1f}"
        )
