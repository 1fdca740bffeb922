from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessment.framework.schema import FrameworkError
from assessment.services.framework import framework_load


class Command(BaseCommand):
    help = "校验评估框架文件（YAML）并作为不可修改的版本载入数据库。"

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(settings.FRAMEWORK_FILE), help="框架文件路径，默认为产品自带的框架文件"
        )

    def handle(self, *args, path, **options):
        try:
            framework, created = framework_load(path=path)
        except FrameworkError as exc:
            raise CommandError(str(exc)) from None
        spec = framework.spec
        counts = f"{len(spec.pillars)} 个支柱，{len(spec.indicators)} 个指标，{len(spec.exemplars)} 个典型案例"
        if created:
            self.stdout.write(self.style.SUCCESS(f"已载入框架 {framework.version}（{counts}）。"))
        else:
            self.stdout.write(f"框架 {framework.version} 已载入，内容未变，未做任何修改（{counts}）。")
