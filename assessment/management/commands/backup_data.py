from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by Django or worth nothing after a restore: content types and permissions are recreated by
# migrate, sessions, login-attempt records and finished background tasks are transient.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes", "django_tasks_database"]


class Command(BaseCommand):
    help = "导出重建数据库所需的全部数据（账号、中心、框架、答卷、快照、行动计划、审计日志）。文件名以 .gz 结尾时自动压缩。"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="输出文件，如 backup-2026-11-21.json.gz")

    def handle(self, *args, out, **options):
        call_command(
            "dumpdata", natural_foreign=True, natural_primary=True, exclude=EXCLUDED, output=out, indent=None, verbosity=0
        )
        self.stdout.write(
            self.style.SUCCESS(f"已备份到 {out}。恢复：python manage.py migrate && python manage.py restore_data {out}")
        )
