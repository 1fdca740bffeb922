"""How a centre's team and its province work on an assessment: who answers what, the comment thread of
each indicator, pillars marked ready for the lead, the province's review of each indicator, the
campaigns administrators open, and what the product tells people (notifications, the reminder log).

The rows only; the rules that write them live in ``assessment/services``."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.kinds import MAX_LEVEL
from assessment.models.assessment import NOTE_MAX_LENGTH, Assessment
from assessment.models.centre import Centre, Membership
from assessment.models.framework import FrameworkVersion
from assessment.regions import PROVINCE_CHOICES

CODE_MAX_LENGTH = 24  # a pillar's or an indicator's code in a framework file


class Assignment(models.Model):
    """A pillar (``code`` a pillar's) or a single indicator given to one member of the centre to answer.
    A member may hold several; the lead reassigns at any time."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="assignments")
    code = models.CharField(_("方面或指标"), max_length=CODE_MAX_LENGTH)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("分配")
        verbose_name_plural = _("分配")
        ordering = ["assessment", "code", "member"]
        constraints = [models.UniqueConstraint(fields=["assessment", "member", "code"], name="one_assignment_per_code")]

    def __str__(self):
        return f"{self.assessment} {self.code} → {self.member}"


class Comment(models.Model):
    """One message in the thread of an indicator of an assessment. Visible to the centre's members and,
    once the assessment is submitted, to the administrators whose scope holds it. ``query`` marks the
    comment an administrator wrote when querying the indicator (存疑)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    indicator_code = models.CharField(_("指标"), max_length=CODE_MAX_LENGTH)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(_("作者"), max_length=150)  # kept when the account is deleted
    text = models.TextField(_("内容"), max_length=NOTE_MAX_LENGTH)
    query = models.BooleanField(_("审核存疑"), default=False)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("评论")
        verbose_name_plural = _("评论")
        ordering = ["assessment", "indicator_code", "created_at", "id"]
        indexes = [models.Index(fields=["assessment", "resolved_at"], name="comment_open")]

    def __str__(self):
        return f"{self.assessment} {self.indicator_code} {self.author_name}"


class PillarReady(models.Model):
    """A pillar an editor marked "已完成，请负责人审核"; the lead sees it waiting until accepting it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="pillars_ready")
    pillar_code = models.CharField(_("方面"), max_length=CODE_MAX_LENGTH)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("待审核方面")
        verbose_name_plural = _("待审核方面")
        constraints = [models.UniqueConstraint(fields=["assessment", "pillar_code"], name="one_ready_mark_per_pillar")]

    def __str__(self):
        return f"{self.assessment} {self.pillar_code}"


class IndicatorReview(models.Model):
    """An administrator's verdict on one indicator of a submitted assessment in their scope."""

    class Verdict(models.TextChoices):
        VERIFIED = "verified", _("已核实")
        QUERIED = "queried", _("存疑")

    class Reading(models.TextChoices):
        """How a queried indicator counts in the 核实后 score."""

        ADMIN = "admin", _("按核实人的判断计分")
        EXCLUDE = "exclude", _("不计入核实后得分")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    indicator_code = models.CharField(_("指标"), max_length=CODE_MAX_LENGTH)
    verdict = models.CharField(_("核实结论"), max_length=10, choices=Verdict.choices)
    reading = models.CharField(_("核实后计分"), max_length=10, choices=Reading.choices, blank=True)
    admin_level = models.PositiveSmallIntegerField(
        _("核实人判断的等级"), null=True, blank=True, validators=[MaxValueValidator(MAX_LEVEL)]
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("指标核实")
        verbose_name_plural = _("指标核实")
        ordering = ["assessment", "indicator_code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator_code"], name="one_review_per_indicator")]

    def __str__(self):
        return f"{self.assessment} {self.indicator_code} {self.verdict}"


class Campaign(models.Model):
    """A cycle an administrator opens for their scope (one province, or the nation when ``province`` is
    blank): the centres in scope see it on their home page with the days left."""

    name = models.CharField(_("名称"), max_length=100)
    province = models.CharField(_("省份"), max_length=10, choices=PROVINCE_CHOICES, blank=True, help_text=_("留空表示全国"))
    cycle = models.PositiveSmallIntegerField(_("年度"))
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="campaigns")
    opens_on = models.DateField(_("开始日期"))
    deadline = models.DateField(_("截止日期"))
    instructions = models.TextField(_("填报说明"), max_length=NOTE_MAX_LENGTH, blank=True)
    # Reminders: this many days before the deadline, and every ``overdue_every_days`` once it has passed.
    remind_days_before = models.PositiveSmallIntegerField(_("截止前几天提醒"), default=7)
    overdue_every_days = models.PositiveSmallIntegerField(_("逾期后每隔几天提醒"), default=7)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("填报活动")
        verbose_name_plural = _("填报活动")
        ordering = ["-cycle", "deadline", "id"]
        constraints = [
            models.UniqueConstraint(fields=["province", "cycle"], name="one_campaign_per_scope_and_cycle"),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")), name="campaign_deadline_after_opening"
            ),
        ]

    def __str__(self):
        return self.name


class Notification(models.Model):
    """One in-app message to one user (the bell in the navigation bar)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("类别"), max_length=20)
    text = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.user} {self.text}"


class Reminder(models.Model):
    """One e-mail the product sent (or tried to send): the reminder log. ``key`` names the occasion
    (campaign, centre, rule, day, recipient) so that the same reminder is never sent twice."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("类别"), max_length=20)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders")
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    email = models.EmailField(_("收件地址"))
    subject = models.CharField(_("主题"), max_length=200)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.email} {self.subject}"
