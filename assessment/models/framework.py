"""The assessment framework as loaded into the database: immutable once written.

A ``FrameworkVersion`` keeps the whole validated document; ``spec`` is the typed specification the product
reads (``assessment.framework.spec``). Rows are kept only where a foreign key needs one: an ``Indicator``
row per indicator, which answers point at. Rows are written once by ``framework_load`` and never
changed; a changed framework is a new version.
"""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from assessment.framework.spec import Framework

# Content fingerprint -> specification. A stored version never changes, so its specification is built
# once per process.
_SPECS: dict[str, Framework] = {}


class FrameworkVersion(models.Model):
    version = models.CharField(_("版本"), max_length=32, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    source = models.CharField(_("来源"), max_length=200)
    content_hash = models.CharField(_("内容指纹"), max_length=64, unique=True)
    document = models.JSONField(_("框架内容"))
    loaded_at = models.DateTimeField(_("载入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评估框架版本")
        verbose_name_plural = _("评估框架版本")
        ordering = ["-loaded_at", "-id"]

    def __str__(self):
        return f"{self.title} {self.version}"

    @cached_property
    def spec(self) -> Framework:
        """The framework as the product reads it: pillars, dimensions, indicators, stages, exemplars and
        advice rules, typed and frozen."""
        spec = _SPECS.get(self.content_hash)
        if spec is None:
            spec = _SPECS[self.content_hash] = Framework.of(self.document)
        return spec


class Indicator(models.Model):
    """An indicator of a framework version, as the row answers point at. What it asks is in
    ``framework.spec.indicator(code)``."""

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("编码"), max_length=24)
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")]

    def __str__(self):
        return self.code
