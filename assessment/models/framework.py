"""The assessment framework as loaded into the database: immutable once written.

A ``FrameworkVersion`` keeps the whole validated document (what scoring reads) and, for lookups, the
admin and foreign keys from answers, one row per pillar, dimension, indicator, stage and exemplar.
Rows are written once by ``framework_load`` and never changed; a changed framework is a new version.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.regions import Region


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


class Pillar(models.Model):
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="pillars")
    code = models.CharField(_("编码"), max_length=16)
    title = models.CharField(_("标题"), max_length=200)
    short_title = models.CharField(_("简称"), max_length=40)
    title_en = models.CharField(_("英文标题"), max_length=200)
    weight = models.FloatField(_("权重"))
    description = models.TextField(_("说明"))
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("支柱")
        verbose_name_plural = _("支柱")
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_pillar_code")]

    def __str__(self):
        return f"{self.code} {self.title}"


class Dimension(models.Model):
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("编码"), max_length=16)
    title = models.CharField(_("标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=200)
    weight = models.FloatField(_("权重"))
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("维度")
        verbose_name_plural = _("维度")
        ordering = ["pillar", "position"]
        constraints = [models.UniqueConstraint(fields=["pillar", "code"], name="unique_dimension_code")]

    def __str__(self):
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    class Kind(models.TextChoices):
        LEVEL = "level", _("成熟度等级")
        NUMBER = "number", _("数值")
        BOOLEAN = "boolean", _("是/否")

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="indicators")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("编码"), max_length=24)
    title = models.CharField(_("标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=200)
    help_text = models.TextField(_("说明"))
    weight = models.FloatField(_("权重"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    area = models.CharField(_("改革领域"), max_length=20, blank=True)
    evidence_prompt = models.TextField(_("佐证提示"))
    levels = models.JSONField(_("等级描述"), default=list, blank=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    thresholds = models.JSONField(_("等级阈值"), default=list, blank=True)
    per_capita = models.BooleanField(_("按人口折算"), default=False)
    next_step = models.TextField(_("下一步建议"))
    tier_advice = models.JSONField(_("分类建议"), default=dict, blank=True)
    source_quotes = models.JSONField(_("报告原文"), default=list)
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["framework", "dimension__pillar__position", "dimension__position", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")]

    def __str__(self):
        return f"{self.code} {self.title}"


class Stage(models.Model):
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="stages")
    code = models.CharField(_("编码"), max_length=8)
    name = models.CharField(_("名称"), max_length=40)
    name_en = models.CharField(_("英文名称"), max_length=40)
    min_score = models.FloatField(_("最低分"))
    interpretation = models.TextField(_("解读"))

    class Meta:
        verbose_name = _("成熟度阶段")
        verbose_name_plural = _("成熟度阶段")
        ordering = ["framework", "min_score"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_stage_code")]

    def __str__(self):
        return self.name


class Exemplar(models.Model):
    class Type(models.TextChoices):
        CENTRE = "centre", _("区县融媒体中心")
        PROVINCIAL = "provincial", _("省级平台/项目")

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="exemplars")
    code = models.CharField(_("编码"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40)
    type = models.CharField(_("类型"), max_length=12, choices=Type.choices)
    province = models.CharField(_("省份"), max_length=10)
    province_quote = models.TextField(_("省份依据（报告原文）"), blank=True, default="")
    region = models.CharField(_("地区"), max_length=10, choices=Region.choices)
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_exemplar_code")]

    def __str__(self):
        return self.name


class ExemplarPractice(models.Model):
    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="practices")
    indicators = models.ManyToManyField(Indicator, related_name="exemplar_practices")
    level = models.PositiveSmallIntegerField(_("体现的等级"))
    summary = models.TextField(_("做法"))
    quote = models.TextField(_("报告原文"))
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("案例做法")
        verbose_name_plural = _("案例做法")
        ordering = ["exemplar", "position"]

    def __str__(self):
        return self.summary[:40]


class ExemplarFigure(models.Model):
    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="exemplar_figures")
    label = models.CharField(_("指标"), max_length=100)
    value = models.FloatField(_("数值"))
    unit = models.CharField(_("单位"), max_length=20)
    display = models.CharField(_("报告表述"), max_length=60)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    quote = models.TextField(_("报告原文"))
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("案例数据")
        verbose_name_plural = _("案例数据")
        ordering = ["exemplar", "position"]

    def __str__(self):
        return f"{self.label} {self.display}"
