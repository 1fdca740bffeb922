import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessment.demo.cohort import MAX_CENTRES, cohort_centres, cohort_delete, cohort_generate
from assessment.management.production_guard import add_allow_production_argument, refuse_production


class Command(BaseCommand):
    help = (
        "生成大规模演示队列：虚构的县级融媒体中心（名称均标注“演示”）及其多个年度已提交的自评。"
        "相同参数生成相同数据。已有生成的演示中心时须加 --replace。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--centres", type=int, default=2585, help="中心数，默认 2585")
        parser.add_argument("--cycles", type=int, default=3, help="年度数，默认 3")
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")
        parser.add_argument("--last-cycle", type=int, default=None, help="最后一个年度，默认为今年")
        parser.add_argument("--replace", action="store_true", help="先删除此前生成的演示队列（不影响 seed_demo 的演示中心）")
        add_allow_production_argument(parser)

    def handle(self, *args, centres, cycles, seed, last_cycle, replace, **options):
        refuse_production(command="generate_cohort", writes="大批演示中心及其多个年度的自评", allowed=options["allow_production"])
        started = time.perf_counter()
        last_cycle = last_cycle or timezone.localdate().year
        if not 1 <= centres <= MAX_CENTRES:
            raise CommandError(f"--centres 应在 1 到 {MAX_CENTRES} 之间。")
        if not 1 <= cycles <= 20:
            raise CommandError("--cycles 应在 1 到 20 之间。")
        if last_cycle - cycles + 1 < 2000 or last_cycle > 2100:
            raise CommandError("年度应在 2000 到 2100 之间。")
        if not 0 <= seed < 2**63:
            raise CommandError("--seed 应为非负整数。")
        existing = cohort_centres().count()
        if existing:
            if not replace:
                raise CommandError(
                    f"数据库中已有 {existing} 个生成的演示中心；如需重新生成，请加 --replace（将先删除它们及其自评数据）。"
                )
            deleted = cohort_delete()
            self.stdout.write(
                f"已删除此前生成的演示中心 {deleted} 个及其自评数据（用时 {time.perf_counter() - started:.1f} 秒）。"
            )

        def progress(cycle, done, total):
            self.stdout.write(f"{cycle}：{done}/{total}")
            self.stdout.flush()

        summary = cohort_generate(centres=centres, cycles=cycles, seed=seed, last_cycle=last_cycle, progress=progress)
        years = f"{summary.cycles[0]}–{summary.cycles[-1]}" if len(summary.cycles) > 1 else str(summary.cycles[0])
        self.stdout.write(
            self.style.SUCCESS(
                f"演示队列已生成：{summary.centres} 个中心 × {len(summary.cycles)} 个年度（{years}），"
                f"{summary.assessments} 份自评、{summary.answers} 条答案（其中不适用 {summary.not_applicable} 条）、"
                f"{summary.snapshots} 份评分快照，用时 {time.perf_counter() - started:.1f} 秒。"
            )
        )
