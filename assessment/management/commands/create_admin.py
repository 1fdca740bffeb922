from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessment.models import AdminScope
from assessment.regions import PROVINCES


class Command(BaseCommand):
    help = "创建管理员或调整其范围：--province 指定省份（省级管理员），--national 为全国管理员。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--province", help="省份简称，如 甘肃")
        scope.add_argument("--national", action="store_true", help="全国范围")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="不填则账号暂不能登录，需通过“忘记密码”设置")

    @transaction.atomic
    def handle(self, *args, username, province, national, email, password, **options):
        if province and province not in PROVINCES:
            raise CommandError(f"未知的省份“{province}”。可选：{'、'.join(PROVINCES)}")
        if hasattr(get_user_model().objects.filter(username=username).first(), "membership"):
            raise CommandError(f"{username} 是某个中心的成员，不能同时作为管理员。")
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
        if created:
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
        AdminScope.objects.update_or_create(user=user, defaults={"province": "" if national else province})
        scope = "全国" if national else province
        self.stdout.write(self.style.SUCCESS(f"{'已创建' if created else '已更新'}管理员 {username}，范围：{scope}"))
