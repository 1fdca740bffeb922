from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessment.models import Centre, FrameworkVersion


class Command(BaseCommand):
    help = "把 backup_data 导出的文件恢复到一个已迁移的空数据库。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="backup_data 导出的文件")

    def handle(self, *args, path, **options):
        if Centre.objects.exists() or FrameworkVersion.objects.exists() or get_user_model().objects.exists():
            raise CommandError("目标数据库不是空的：恢复只能写入刚迁移的空数据库，以免新旧数据混在一起。")
        with transaction.atomic():  # all or nothing
            call_command("loaddata", path, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(f"已恢复：{Centre.objects.count()} 个中心，{get_user_model().objects.count()} 个账号。")
        )
