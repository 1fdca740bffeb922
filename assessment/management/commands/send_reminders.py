from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessment.services.reminders import reminders_send


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无法识别，请按 年-月-日 填写，例如 2026-12-31。") from None


class Command(BaseCommand):
    help = (
        "向未提交自评的中心负责人和被分配题目的成员发送截止前和逾期提醒邮件（经后台任务队列发送），并发站内通知。"
        "每天由 cron 或 systemd 定时器运行一次；重复运行不会重复发送。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_date, help="按这一天计算（年-月-日），默认为今天；用于补发和测试")

    def handle(self, *args, today, **options):
        day = today or timezone.localdate()
        reminders = reminders_send(today=day)
        self.stdout.write(f"{day.isoformat()}：新排队提醒邮件 {len(reminders)} 封（已发送过的不再发送）。")
