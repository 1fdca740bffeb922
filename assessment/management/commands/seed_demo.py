from django.core.management.base import BaseCommand
from django.utils import timezone

from assessment.demo.cohort import DEMO_COHORT_PROVINCES, cohort_centres, demo_cohort_seed
from assessment.demo.seed import DEMO_PASSWORD, demo_seed
from assessment.management.production_guard import add_allow_production_argument, refuse_production


class Command(BaseCommand):
    help = (
        "创建演示数据：三个手工编写的演示中心及其成员和自评，以及一批生成的演示中心（今年和去年都已提交自评），"
        "名称均标注“演示”。重复运行不会重复创建。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, default=timezone.localdate().year, help="当前年度，默认为今年")
        add_allow_production_argument(parser)

    def handle(self, *args, cycle, **options):
        refuse_production(command="seed_demo", writes="演示中心、密码公开的演示账号和自评", allowed=options["allow_production"])
        for centre in demo_seed(cycle=cycle):
            logins = ", ".join(m.user.username for m in centre.memberships.select_related("user"))
            states = "，".join(f"{a.cycle} {a.get_status_display()}" for a in centre.assessments.order_by("cycle"))
            self.stdout.write(f"{centre.name}: {logins}（{states}）")

        summary = demo_cohort_seed(cycle=cycle)
        if summary is None:
            self.stdout.write(f"已有生成的演示中心 {cohort_centres().count()} 个，保持不变。")
        else:
            self.stdout.write(
                f"生成的演示中心 {summary.centres} 个，分布在{'、'.join(DEMO_COHORT_PROVINCES)}，"
                f"{summary.cycles[0]}–{summary.cycles[-1]} 年度均已提交（{summary.assessments} 份自评）。"
            )
        seconds = (timezone.now() - self.started).total_seconds()
        self.stdout.write(self.style.SUCCESS(f"演示数据已生成：演示账号密码均为 {DEMO_PASSWORD}，用时 {seconds:.1f} 秒。"))

    def execute(self, *args, **options):
        # Timed here rather than in handle(), so that the figure printed covers the whole command.
        self.started = timezone.now()
        return super().execute(*args, **options)
