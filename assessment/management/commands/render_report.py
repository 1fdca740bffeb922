from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from assessment.models import Assessment
from assessment.reports.render import ReportError, report_pdf


class Command(BaseCommand):
    help = "生成一个中心某年度的 PDF 自评报告。"

    def add_arguments(self, parser):
        parser.add_argument("--center", "--centre", dest="centre", required=True, help="中心 ID 或名称")
        parser.add_argument("--cycle", type=int, required=True, help="年度，如 2026")
        parser.add_argument("--out", required=True, help="输出的 PDF 文件路径")

    def handle(self, *args, centre, cycle, out, **options):
        match = Q(centre__name=centre) | (Q(centre_id=int(centre)) if centre.isascii() and centre.isdigit() else Q())
        assessment = Assessment.objects.select_related("centre", "framework").filter(match, cycle=cycle).first()
        if assessment is None:
            raise CommandError(f"找不到中心“{centre}”{cycle} 年度的自评。")
        try:
            pdf, _cached = report_pdf(assessment=assessment)
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        Path(out).write_bytes(pdf)
        status = "已提交" if assessment.is_submitted else "草稿"
        self.stdout.write(self.style.SUCCESS(f"已生成 {out}（{assessment.centre.name} {cycle} 年度，{status}，{len(pdf)} 字节）"))
