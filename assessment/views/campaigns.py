"""Administrators open a campaign for their scope, follow its completion, export its overdue centres and
read the log of the reminders sent."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.access import scope_of
from assessment.converters import ID_MAX
from assessment.exports import Column, Kind, Sheet, sheet_csv, sheets_xlsx
from assessment.models import Campaign, FrameworkVersion, Reminder
from assessment.regions import PROVINCE_CHOICES
from assessment.selectors.campaigns import (
    Stage,
    campaign_progress,
    campaigns_visible,
    days_left,
    overdue_centres,
    provinces_with_own_campaign,
)
from assessment.selectors.framework import framework_current
from assessment.services.campaigns import CAMPAIGN_FIELDS, CampaignError, campaign_save
from assessment.services.reminders import Kind as ReminderKind
from assessment.views.downloads import attachment
from assessment.views.home import current_cycle
from assessment.views.pages import form_render

REMINDER_LOG_SIZE = 200  # the newest reminders the log page lists

DATE = {"invalid": gettext_lazy("请按“年-月-日”填写日期，例如 2026-12-31。"), "required": gettext_lazy("请填写日期。")}
DAYS = {
    "invalid": gettext_lazy("请填写 0 到 90 之间的天数。"),
    "min_value": gettext_lazy("请填写 0 到 90 之间的天数。"),
    "max_value": gettext_lazy("请填写 0 到 90 之间的天数。"),
}


class CampaignForm(forms.ModelForm):
    province = forms.ChoiceField(
        label=gettext_lazy("范围"), required=False, choices=[("", gettext_lazy("全国")), *PROVINCE_CHOICES]
    )

    class Meta:
        model = Campaign
        fields = ["name", "province", *CAMPAIGN_FIELDS[1:]]
        widgets = {
            # <input type=date> shows and sends ISO dates only (see ActionItemForm).
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "instructions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "remind_days_before": gettext_lazy("截止前这么多天向未提交的中心发一次提醒；0 表示不提醒。"),
            "overdue_every_days": gettext_lazy("截止后每隔这么多天提醒一次（最多 90 天）；0 表示只提醒一次。"),
        }
        error_messages = {
            "name": {"required": gettext_lazy("请填写活动名称。"), "max_length": gettext_lazy("名称最多 %(limit_value)d 字。")},
            "cycle": {"required": gettext_lazy("请填写年度，例如 2026。"), "invalid": gettext_lazy("请填写年度，例如 2026。")},
            "framework": {
                "required": gettext_lazy("请选择评估框架版本。"),
                "invalid_choice": gettext_lazy("请选择评估框架版本。"),
            },
            "opens_on": DATE,
            "deadline": DATE,
            "instructions": {"max_length": gettext_lazy("填报说明最多 %(limit_value)d 字（现有 %(show_value)d 字）。")},
            "remind_days_before": DAYS,
            "overdue_every_days": DAYS,
        }

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = FrameworkVersion.objects.defer("document")
        self.fields["framework"].empty_label = None
        self.fields["cycle"].widget.attrs.update(min=2018, max=2100)
        for name in ("remind_days_before", "overdue_every_days"):
            self.fields[name].widget.attrs.update(min=0, max=90)
        if not scope.is_national:
            del self.fields["province"]  # a provincial administrator's campaign is their province's

    def clean_cycle(self):
        cycle = self.cleaned_data["cycle"]
        if not 2018 <= cycle <= 2100:
            raise forms.ValidationError(_("请填写 2018 年到 2100 年之间的年度，例如 2026。"))
        return cycle

    def clean(self):
        data = super().clean()
        for name in ("remind_days_before", "overdue_every_days"):
            if data.get(name) is not None and data[name] > 90:
                self.add_error(name, _("请填写 0 到 90 之间的天数。"))
        if data.get("opens_on") and data.get("deadline") and data["deadline"] < data["opens_on"]:
            self.add_error("deadline", _("截止日期不能早于开始日期。"))
        return data

    def validate_constraints(self):
        """The one-per-scope-and-cycle rule is the service's, with a message that names the campaign."""


def _campaign(user, campaign_id) -> tuple[Campaign, object]:
    """The campaign ``campaign_id`` if the user's scope holds it, with the scope; else 404."""
    scope = scope_of(user)
    try:
        return campaigns_visible(scope=scope).get(pk=campaign_id), scope
    except Campaign.DoesNotExist:
        raise Http404 from None


@login_required
def campaign_list(request):
    scope = scope_of(request.user)
    today = timezone.localdate()
    campaigns = [{"campaign": c, "countdown": days_left(campaign=c, today=today)} for c in campaigns_visible(scope=scope)]
    return render(request, "assessment/campaign_list.html", {"scope": scope, "campaigns": campaigns})


def _campaign_form(request, *, scope, campaign=None):
    initial = {}
    if campaign is None:
        framework = framework_current()
        initial = {"cycle": current_cycle(), "framework": framework.pk if framework else None, "province": scope.province}
    form = CampaignForm(request.POST or None, instance=campaign, initial=initial, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            saved = campaign_save(scope=scope, user=request.user, values=form.cleaned_data, campaign=campaign)
        except CampaignError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("填报活动“%(name)s”已保存。") % {"name": saved.name})
            return redirect("assessment:campaign_detail", campaign_id=saved.pk)
    return form_render(
        request,
        "assessment/campaign_form.html",
        {"form": form, "campaign": campaign, "scope": scope},
        refused=request.method == "POST",
    )


@login_required
def campaign_new(request):
    return _campaign_form(request, scope=scope_of(request.user))


@login_required
def campaign_edit(request, campaign_id):
    campaign, scope = _campaign(request.user, campaign_id)
    return _campaign_form(request, scope=scope, campaign=campaign)


@login_required
def campaign_detail(request, campaign_id):
    campaign, scope = _campaign(request.user, campaign_id)
    today = timezone.localdate()
    return render(
        request,
        "assessment/campaign_detail.html",
        {
            "campaign": campaign,
            "scope": scope,
            "countdown": days_left(campaign=campaign, today=today),
            "progress": campaign_progress(campaign=campaign, today=today),
            "overdue": overdue_centres(campaign=campaign, today=today),
            "stages": Stage.LABELS,
            "own_campaign_provinces": provinces_with_own_campaign(campaign=campaign),
        },
    )


def overdue_sheet(campaign: Campaign, centres) -> Sheet:
    """The overdue centres of ``campaign`` with their leads' names and addresses: one row per lead (a
    centre without a lead has one row with the contact cells empty)."""
    labels = Stage.LABELS
    columns = [
        Column(_("中心"), "centre"),
        Column(_("省份"), "province"),
        Column(_("地市"), "prefecture"),
        Column(_("状态"), "stage_label"),
        Column(_("状态代码"), "stage"),
        Column(_("截止日期"), "deadline", Kind.DATE),
        Column(_("负责人"), "lead_name"),
        Column(_("负责人邮箱"), "lead_email"),
    ]
    rows = []
    for centre in centres:
        base = [centre.name, centre.province, centre.prefecture, str(labels[centre.stage]), centre.stage, campaign.deadline]
        leads = [(m.user.get_full_name() or m.user.username, m.user.email) for m in centre.leads] or [(None, None)]
        rows.extend([*base, name, email] for name, email in leads)
    return Sheet(title=_("逾期中心"), columns=columns, rows=rows)


@login_required
def campaign_overdue_export(request, campaign_id, fmt):
    campaign, _scope = _campaign(request.user, campaign_id)
    sheet = overdue_sheet(campaign, overdue_centres(campaign=campaign, today=timezone.localdate()))
    name = _("%(campaign)s 逾期中心") % {"campaign": campaign.name}
    if fmt == "csv":
        return attachment(sheet_csv(sheet), f"{name}.csv", "text/csv; charset=utf-8")
    if fmt == "xlsx":
        content = sheets_xlsx([sheet])
        return attachment(content, f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    raise Http404


@login_required
def reminder_log(request):
    """What the product e-mailed to whom about the centres of the scope, newest first."""
    scope = scope_of(request.user)
    reminders = (
        Reminder.objects.filter(scope.centre_filter("centre"))
        .select_related("campaign", "centre", "recipient")
        .order_by("-created_at", "-id")
    )
    campaign = None
    wanted = request.GET.get("campaign", "")
    if wanted:
        number = int(wanted) if wanted.isdigit() and len(wanted) <= 10 else 0
        campaign = campaigns_visible(scope=scope).filter(pk=number if number <= ID_MAX else 0).first()
        if campaign is None:
            raise Http404
        reminders = reminders.filter(campaign=campaign)
    reminders = list(reminders[:REMINDER_LOG_SIZE])
    for reminder in reminders:
        reminder.kind_label = ReminderKind.LABELS.get(reminder.kind, reminder.kind)
    return render(
        request,
        "assessment/reminder_log.html",
        {"scope": scope, "reminders": reminders, "campaign": campaign, "limit": REMINDER_LOG_SIZE},
    )
