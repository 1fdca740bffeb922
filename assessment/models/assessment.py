"""A centre's self-assessment for one cycle, its answers, and the result snapshots taken on submit."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.kinds import MAX_LEVEL
from assessment.models.centre import AdminScope, Centre, editable_filter, visible_filter
from assessment.models.framework import FrameworkVersion, Indicator
from assessment.numbers import NUMBER_MAX

NOTE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500


class AssessmentQuerySet(models.QuerySet):
    """Assessments by who may see them: the rule of their centre (see ``CentreQuerySet``)."""

    def visible_to(self, user) -> "AssessmentQuerySet":
        """The assessments ``user`` may read: their own centre's, and those of their administrator scope."""
        return self.filter(visible_filter(user, "centre")) if user.is_authenticated else self.none()

    def editable_by(self, user) -> "AssessmentQuerySet":
        """The assessments ``user`` may write: their own centre's only."""
        return self.filter(editable_filter(user, "centre")) if user.is_authenticated else self.none()

    def in_scope(self, scope: AdminScope) -> "AssessmentQuerySet":
        """The assessments of the centres ``scope`` covers."""
        return self.filter(scope.centre_filter("centre"))


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("填报中")
        SUBMITTED = "submitted", _("已提交")

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="assessments")
    cycle = models.PositiveSmallIntegerField(_("年度"))
    # Pinned on creation: a later framework version never changes an assessment already started.
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Where the province's review stands: set when an administrator returns the assessment (cleared by the
    # next submission), and when one finishes reviewing a submission (cleared when it is returned).
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("核实完成时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("自评")
        verbose_name_plural = _("自评")
        ordering = ["-cycle", "centre"]
        constraints = [models.UniqueConstraint(fields=["centre", "cycle"], name="one_assessment_per_cycle")]

    def __str__(self):
        return f"{self.centre} {self.cycle}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    class Carry(models.TextChoices):
        """Why a stored answer still waits for a person to confirm it: it was carried over, not given."""

        VERSION = "version", _("由旧版本沿用，请确认")
        CYCLE = "cycle", _("沿用上年，待确认")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("等级"), null=True, blank=True, validators=[MaxValueValidator(MAX_LEVEL)])
    number = models.DecimalField(
        _("数值"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(NUMBER_MAX)],
    )
    boolean = models.BooleanField(_("是/否"), null=True, blank=True)
    not_applicable = models.BooleanField(_("不适用"), default=False)
    na_reason = models.CharField(_("不适用原因"), max_length=REASON_MAX_LENGTH, blank=True)
    evidence_note = models.TextField(_("佐证说明"), max_length=NOTE_MAX_LENGTH, blank=True)
    evidence_url = models.URLField(_("佐证链接"), max_length=500, blank=True)
    # Set when the answer was carried from a previous framework version or cycle; cleared when a member
    # confirms it or changes it. ``carried_from`` (the old codes, and version or cycle) stays as history.
    carry = models.CharField(_("沿用待确认"), max_length=8, choices=Carry.choices, blank=True, default="")
    carried_from = models.CharField(_("沿用自"), max_length=200, blank=True)
    # Bumped on every write; a save made from an older version is a conflict, not an overwrite.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("答案")
        verbose_name_plural = _("答案")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="one_answer_per_indicator"),
            models.CheckConstraint(condition=models.Q(level__lte=MAX_LEVEL), name="answer_level_0_4"),
            models.CheckConstraint(condition=models.Q(number__gte=0), name="answer_number_not_negative"),
        ]

    def __str__(self):
        return f"{self.assessment} {self.indicator_id}"


class ResultSnapshot(models.Model):
    """The scores as they stood when the assessment was submitted; pages, reports and cohort
    analytics read these instead of recomputing from raw answers."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshots")
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    overall_score = models.FloatField(_("总分"))
    stage_code = models.CharField(_("成熟度阶段"), max_length=8)
    # Flat copies of parts of ``result`` so cohort analytics read small columns instead of walking it:
    # {pillar code: score}, {dimension code: score}, {indicator code: level, None when not applicable}.
    pillar_scores = models.JSONField(_("各方面得分"), default=dict)
    dimension_scores = models.JSONField(_("各维度得分"), default=dict)
    indicator_levels = models.JSONField(_("各指标等级"), default=dict)
    result = models.JSONField(_("评分结果"))
    # The snapshot pages and cohorts read; an earlier one stays in the history when an assessment is
    # reopened and submitted again.
    is_current = models.BooleanField(default=True)
    # The 核实后 reading, when an administrator's review reads any indicator differently (None: the same
    # as the 自评 reading above): the figures of ``snapshot_fields`` and the whole result, rescored.
    verified_figures = models.JSONField(_("核实后得分"), null=True, blank=True)
    verified_result = models.JSONField(_("核实后评分结果"), null=True, blank=True)

    class Meta:
        verbose_name = _("评分快照")
        verbose_name_plural = _("评分快照")
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        indexes = [models.Index(fields=["is_current", "assessment"], name="snapshot_current")]

    def __str__(self):
        return f"{self.assessment} {self.overall_score}"


class ActionItem(models.Model):
    """One step of a centre's action plan, usually taken from a recommendation."""

    class Status(models.TextChoices):
        TODO = "todo", _("未开始")
        DOING = "doing", _("进行中")
        DONE = "done", _("已完成")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="action_items")
    indicator_code = models.CharField(_("相关指标"), max_length=24, blank=True)
    title = models.CharField(_("行动事项"), max_length=200)
    owner = models.CharField(_("负责人"), max_length=60, blank=True)
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.TODO)
    note = models.TextField(_("备注"), max_length=NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("行动事项")
        verbose_name_plural = _("行动计划")
        ordering = ["status", "due_date", "id"]

    def __str__(self):
        return self.title
