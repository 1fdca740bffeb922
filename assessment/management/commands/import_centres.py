from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.importer import MAX_BYTES, ImportDeadline, ImportFileError, province_from_text, read_rows
from assessment.models import AdminScope
from assessment.services.imports import centres_import


class Command(BaseCommand):
    help = "从 CSV 或 XLSX 文件批量导入融媒体中心及其成员，并给每位新成员发送设置密码的邀请邮件。有任何一行出错则不导入。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV（UTF-8）或 XLSX 文件路径，表头见模板")
        parser.add_argument("--province", default="", help="以该省管理员的身份导入（只能导入本省的中心）；不填则为全国范围")
        parser.add_argument("--domain", default="localhost:8000", help="邀请邮件中链接的域名，默认 localhost:8000")
        parser.add_argument("--protocol", default="http", choices=["http", "https"], help="邀请邮件中链接的协议，默认 http")

    def handle(self, *args, path, province, domain, protocol, **options):
        scope_province = ""
        if province:
            scope_province = province_from_text(province)
            if scope_province is None:
                raise CommandError(f"省份“{province}”无法识别，请填写如“甘肃”或“甘肃省”。")
        try:
            with Path(path).open("rb") as file:
                # One byte more than the limit is enough for read_rows to tell the file is too large.
                data = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"无法打开文件 {path}：{exc.strerror}") from None
        deadline = ImportDeadline()  # the same budget as an upload: the command is how a file gets to the server too
        try:
            rows = read_rows(data, deadline=deadline)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        # The command has no administrator behind it: an unsaved scope carries the province to check against.
        result = centres_import(
            rows=rows, scope=AdminScope(province=scope_province), domain=domain, protocol=protocol, deadline=deadline
        )
        if not result.ok:
            lines = "\n".join(str(error) for error in result.errors)
            raise CommandError(f"导入失败，共 {len(result.errors)} 处错误，未写入任何数据：\n{lines}")
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {result.centres} 个中心、{result.members} 名成员；{result.invitations} 封邀请邮件正在后台发送。"
            )
        )
        self.stdout.write("邀请邮件由后台任务进程（manage.py db_worker）发送；没有收到的成员可在登录页用“忘记密码”自行设置密码。")
