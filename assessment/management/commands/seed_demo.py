from django.core.management.base import BaseCommand
from django.utils import timezone

from assessment.demo import DEMO_PASSWORD, demo_seed
from assessment.management.production_guard import add_allow_production_argument, refuse_production


class Command(BaseCommand):
    help = "创建演示数据：虚构的演示中心、成员和自评（名称均标注“演示”）。重复运行不会重复创建。"

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, default=timezone.localdate().year, help="当前年度，默认为今年")
        add_allow_production_argument(parser)

    def handle(self, *args, cycle, **options):
        refuse_production(command="seed_demo", writes="演示中心、密码公开的演示账号和自评", allowed=options["allow_production"])
        for centre in demo_seed(cycle=cycle):
            logins = ", ".join(m.user.username for m in centre.memberships.select_related("user"))
            states = "，".join(f"{a.cycle} {a.get_status_display()}" for a in centre.assessments.order_by("cycle"))
            self.stdout.write(f"{centre.name}: {logins}（{states}）")
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪，演示账号密码均为 {DEMO_PASSWORD}"))
