from django.core.management.base import BaseCommand

from assessment.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "创建演示数据：虚构的演示中心及其成员（名称均标注“演示”）。重复运行不会重复创建。"

    def handle(self, *args, **options):
        centres = demo_seed()
        for centre in centres:
            logins = ", ".join(m.user.username for m in centre.memberships.select_related("user"))
            self.stdout.write(f"{centre.name}: {logins}")
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪，演示账号密码均为 {DEMO_PASSWORD}"))
