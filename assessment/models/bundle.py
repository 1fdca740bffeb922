"""A ZIP of the PDF reports of all submitted assessments in an administrator's scope, built in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models.centre import AdminScope
from assessment.regions import PROVINCE_CHOICES


class ReportBundle(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    province = models.CharField(_("省份"), max_length=10, choices=PROVINCE_CHOICES, blank=True, help_text=_("留空表示全国"))
    cycle = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("报告总数"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    file = models.FileField(_("文件"), upload_to="bundles/", blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("报告打包")
        verbose_name_plural = _("报告打包")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.province or _('全国')} {self.cycle}"

    @property
    def scope(self) -> AdminScope:
        """The scope the bundle was asked for (kept on the bundle: a later change of the requester's scope
        does not change what an earlier bundle holds). Not saved."""
        return AdminScope(province=self.province)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
