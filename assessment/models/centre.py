"""County converged-media centres and the people who fill in their self-assessment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.regions import PROVINCE_CHOICES, Region


class ResourceTier(models.TextChoices):
    """Declared by the centre; drives the report's "因地制宜" advice (section 5)."""

    WELL_RESOURCED = "well_resourced", _("资源较充足")
    DEVELOPING = "developing", _("发展中")
    UNDER_RESOURCED = "under_resourced", _("资源欠缺")


class Centre(models.Model):
    name = models.CharField(_("中心名称"), max_length=100)
    province = models.CharField(_("省份"), max_length=10, choices=PROVINCE_CHOICES)
    prefecture = models.CharField(_("地市"), max_length=50)
    region = models.CharField(_("地区"), max_length=10, choices=Region.choices, editable=False)
    resource_tier = models.CharField(_("资源类型"), max_length=20, choices=ResourceTier.choices)
    population = models.PositiveIntegerField(_("服务人口"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(_("员工人数"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("融媒体中心")
        verbose_name_plural = _("融媒体中心")
        ordering = ["province", "prefecture", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "prefecture", "name"], name="unique_centre_name"),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        EDITOR = "editor", _("填报人")
        LEAD = "lead", _("中心负责人")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("中心成员")
        verbose_name_plural = _("中心成员")
        ordering = ["centre", "role", "user__username"]

    def __str__(self):
        return f"{self.user} @ {self.centre}"


class AdminScope(models.Model):
    """An administrator's scope: one province (a provincial propaganda department or cloud-platform
    operator), or the whole nation when ``province`` is blank. Administrators read; centres write."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="admin_scope")
    province = models.CharField(_("省份"), max_length=10, choices=PROVINCE_CHOICES, blank=True, help_text=_("留空表示全国"))

    class Meta:
        verbose_name = _("管理员范围")
        verbose_name_plural = _("管理员范围")

    def __str__(self):
        return f"{self.user} · {self.province or _('全国')}"

    @property
    def is_national(self) -> bool:
        return not self.province
