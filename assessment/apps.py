import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("assessment")


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("融媒体中心自评")

    def ready(self):
        # Here, not at the top: the renderer imports the models, which cannot load before the app registry.
        from assessment.reports.render import harfbuzz_subset_available

        if not harfbuzz_subset_available():
            logger.warning(
                "未找到 HarfBuzz 字体子集库（libharfbuzz-subset0）：中文 PDF 报告的生成会慢约 10 倍。"
                "请安装：apt-get install libharfbuzz-subset0"
            )
