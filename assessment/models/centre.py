"""County converged-media centres and the people who fill in their self-assessment."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from assessment.framework.spec import ResourceTier
from assessment.regions import PROVINCE_CHOICES, Region

# The earliest year a size figure may describe (the county converged-media centres date from 2018; a
# census figure from 2010 is the oldest a centre would still use). Product design.
PROFILE_YEAR_MIN = 2010


def _at(path: str, field: str) -> str:
    """The lookup of ``field`` of the centre reached from a queryset's model by ``path`` ("" on centres)."""
    return f"{path}__{field}" if path else field


def editable_filter(user, path: str = "") -> Q:
    """The centres ``user`` writes: their own, as an editor or its lead (one centre per user). Administrators
    and the 领导查看 role never write. ``user`` must be authenticated (the querysets answer nothing for
    anonymous users before they get here)."""
    writers = Membership.objects.filter(user=user, centre=OuterRef(_at(path, "pk")), role__in=Membership.WRITERS)
    return Q(Exists(writers))


def visible_filter(user, path: str = "") -> Q:
    """The centres ``user`` reads: their own as a member in any role, and those their administrator scope
    covers."""
    members = Membership.objects.filter(user=user, centre=OuterRef(_at(path, "pk")))
    return Q(Exists(members)) | AdminScope.covering(user, path)


class CentreQuerySet(models.QuerySet):
    """Centres by who may see them. The one rule for centres and, through ``centre``, their assessments;
    anything a user may not see answers 404 (see assessment/access.py)."""

    def visible_to(self, user) -> "CentreQuerySet":
        """The centres ``user`` may read: their own centre, and those of their administrator scope."""
        return self.filter(visible_filter(user)) if user.is_authenticated else self.none()

    def editable_by(self, user) -> "CentreQuerySet":
        """The centres whose assessments ``user`` may write: their own centre only."""
        return self.filter(editable_filter(user)) if user.is_authenticated else self.none()

    def in_scope(self, scope: "AdminScope") -> "CentreQuerySet":
        """The centres ``scope`` covers, for an administrator's scope already at hand (dashboard, bundles)."""
        return self.filter(scope.centre_filter())


class Centre(models.Model):
    name = models.CharField(_("中心名称"), max_length=100)
    province = models.CharField(_("省份"), max_length=10, choices=PROVINCE_CHOICES)
    prefecture = models.CharField(_("地市"), max_length=50)
    region = models.CharField(_("地区"), max_length=10, choices=Region.choices, editable=False)
    resource_tier = models.CharField(_("资源类型"), max_length=20, choices=ResourceTier.choices)
    population = models.PositiveIntegerField(_("服务人口"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(_("员工人数"), null=True, blank=True)
    # The size profile number indicators are read against (assessment/scales.py), each figure with the
    # year it describes; filled or confirmed by the centre's lead on the size page.
    towns = models.PositiveIntegerField(_("乡镇/街道数"), null=True, blank=True)
    villages = models.PositiveIntegerField(_("行政村/社区数"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("常住人口统计年份"), null=True, blank=True, validators=[MinValueValidator(PROFILE_YEAR_MIN)]
    )
    towns_year = models.PositiveSmallIntegerField(
        _("乡镇/街道数统计年份"), null=True, blank=True, validators=[MinValueValidator(PROFILE_YEAR_MIN)]
    )
    villages_year = models.PositiveSmallIntegerField(
        _("行政村/社区数统计年份"), null=True, blank=True, validators=[MinValueValidator(PROFILE_YEAR_MIN)]
    )
    staff_year = models.PositiveSmallIntegerField(
        _("员工人数统计年份"), null=True, blank=True, validators=[MinValueValidator(PROFILE_YEAR_MIN)]
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CentreQuerySet.as_manager()

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
        # County leadership: reads the centre's results, report and action plan; changes nothing.
        VIEWER = "viewer", _("领导查看")

    # The roles that write the centre's assessments (every role reads them).
    WRITERS = (Role.EDITOR, Role.LEAD)

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

    # Which centres a scope covers: the nation covers every centre, a province the centres in it. Stated
    # three ways side by side (a loaded centre, a loaded scope, a scope still in the database); change them
    # together (tests/test_visibility.py checks they agree).

    def covers_province(self, province: str) -> bool:
        """Whether the centres of ``province`` are in this scope."""
        return self.is_national or province == self.province

    def covers(self, centre: Centre) -> bool:
        """Whether ``centre`` is in this scope."""
        return self.covers_province(centre.province)

    def centre_filter(self, path: str = "") -> Q:
        """The centres of this scope as a filter on a queryset whose centre is reached by ``path``
        ("" for centres, "centre" for assessments, "assessment__centre" for snapshots)."""
        return Q() if self.is_national else Q(**{_at(path, "province"): self.province})

    @classmethod
    def covering(cls, user, path: str = "") -> Q:
        """The centres covered by the scope of the administrator ``user``, evaluated by the database in the
        same query (no query to load the scope first); matches nothing for a user with no scope."""
        scopes = cls.objects.filter(user=user).filter(Q(province="") | Q(province=OuterRef(_at(path, "province"))))
        return Q(Exists(scopes))
