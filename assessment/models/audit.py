"""The audit log: every change to answers, assessment status and memberships — who, when, old, new.

Written only by the services that make those changes, in the same transaction; never edited afterwards
(no view or admin action changes it)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models.assessment import Assessment
from assessment.models.centre import Centre


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        ANSWER = "answer", _("答案")
        STATUS = "status", _("状态")
        MEMBERSHIP = "membership", _("成员")
        FRAMEWORK = "framework", _("框架版本")
        PROFILE = "profile", _("中心规模")
        REVIEW = "review", _("核实")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_name = models.CharField(_("操作人"), max_length=150)  # kept when the account is deleted
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="audit_events")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("对象"), max_length=150)  # indicator code, "status" or a username
    old = models.JSONField(_("原值"), null=True, blank=True)
    new = models.JSONField(_("新值"), null=True, blank=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["centre", "-at"], name="audit_centre_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.kind} {self.subject}"
