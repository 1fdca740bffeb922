"""Benchmark of the national dashboard over the generated cohort; the last line is key=value pairs."""

import gc
import statistics
import time
import uuid

import pandas as pd
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client

from assessment.models import AdminScope, Answer, Assessment


class Command(BaseCommand):
    help = "测量全国看板（读评分快照）与直接读取原始答案的基线、以及全部中心 XLSX 导出的耗时。"

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7)

    def handle(self, *args, runs, **options):
        cycle = (
            Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
            .order_by("-cycle")
            .values_list("cycle", flat=True)
            .first()
        )
        if cycle is None:
            raise CommandError("没有已提交的自评：请先运行 python manage.py generate_cohort --centres 2585 --cycles 3 --seed 1")
        # Everything below runs in one transaction that is rolled back: the administrator the benchmark logs in
        # as, its session and whatever the pages write leave no trace in the database measured.
        with transaction.atomic():
            figures = self._measure(cycle, runs)
            transaction.set_rollback(True)
        centres = Assessment.objects.filter(cycle=cycle, status=Assessment.Status.SUBMITTED).count()
        self.stdout.write(f"{cycle} 年度，{centres} 个已提交中心，{runs} 次（机器负载会影响数字）")
        self.stdout.write(
            f"dashboard_median_ms={statistics.median(figures['dashboard']) * 1000:.1f} queries={figures['queries']} "
            f"cached_median_ms={statistics.median(figures['cached']) * 1000:.1f} "
            f"baseline_median_ms={statistics.median(figures['baseline']) * 1000:.1f} xlsx_s={figures['xlsx']:.2f}"
        )

    def _measure(self, cycle: int, runs: int) -> dict:
        """Timings in seconds of the dashboard (full computation and cached), the raw-answer baseline and the
        XLSX export, as a national administrator created for the purpose."""
        # A name no real account has: an existing user's scope would change what is measured.
        user = get_user_model().objects.create_user(username=f"bench-national-admin-{uuid.uuid4().hex}")
        AdminScope.objects.create(user=user, province="")
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        url = f"/cohort/?cycle={cycle}"
        client.get(url, secure=True)  # warm-up

        dashboard, cached = [], []
        for _run in range(runs):
            cache.clear()  # the full computation, not a cache hit
            gc.collect()
            started = time.perf_counter()
            response = client.get(url, secure=True)
            dashboard.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
            started = time.perf_counter()
            client.get(url, secure=True)
            cached.append(time.perf_counter() - started)
        queries = []
        cache.clear()
        with connection.execute_wrapper(
            lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)
        ):
            client.get(url, secure=True)

        baseline = []
        for _run in range(runs):
            gc.collect()
            started = time.perf_counter()
            rows = Answer.objects.filter(assessment__cycle=cycle, assessment__status=Assessment.Status.SUBMITTED).values_list(
                "assessment_id", "indicator__code", "level", "number", "boolean", "not_applicable"
            )
            frame = pd.DataFrame(list(rows), columns=["assessment", "code", "level", "number", "boolean", "na"])
            frame.pivot_table(index="assessment", columns="code", values="level", aggfunc="first")
            baseline.append(time.perf_counter() - started)

        gc.collect()
        started = time.perf_counter()
        export = client.get(f"/cohort/export.xlsx?cycle={cycle}", secure=True)  # HTTPS, as in production
        xlsx = time.perf_counter() - started
        assert export.status_code == 200
        return {
            "dashboard": dashboard,
            "cached": cached,
            "queries": len(queries),
            "baseline": baseline,
            "xlsx": xlsx,
        }
