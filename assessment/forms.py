"""Forms of the questionnaire, of member management and the bulk import's rows, and of the dashboard's
filters. Error messages are for county staff: plain Chinese."""

import logging
import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _

from assessment.framework.spec import Indicator, Scale
from assessment.kinds import MAX_LEVEL, VALUE_COLUMNS, AnswerValue
from assessment.models import ActionItem, Centre, IndicatorReview, Membership, ResourceTier
from assessment.models.assessment import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from assessment.models.centre import PROFILE_YEAR_MIN
from assessment.regions import PROVINCES, Region
from assessment.scales import NO_VILLAGES_REASON, PROFILE_FIELDS
from assessment.services.assessments import AnswerEntry
from assessment.services.mail_quota import mail_quota_take

logger = logging.getLogger(__name__)

TOKEN = re.compile(r"^\d+:[0-9a-f]{12}$")
# Field names of the questionnaire are "<indicator code>-<field>", e.g. "P2.D1.I3-level".
FIELD_NAME = re.compile(r"^(P\d+\.D\d+\.I\d+)-\w+$")


class AnswerForm(forms.Form):
    """One indicator's answer; its value field depends on the indicator's kind."""

    not_applicable = forms.BooleanField(label=_("本中心不适用此项"), required=False)
    na_reason = forms.CharField(
        label=_("不适用的原因"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        error_messages={"max_length": _("原因最多 %(limit_value)d 字（现有 %(show_value)d 字）。")},
    )
    evidence_note = forms.CharField(
        label=_("佐证说明"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("说明最多 %(limit_value)d 字（现有 %(show_value)d 字）。")},
    )
    evidence_url = forms.URLField(
        label=_("佐证链接"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("请输入完整的网址，例如 https://example.com/page。")},
    )
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, prefix=indicator.code, **kwargs)
        self.indicator = indicator
        self.kind = indicator.kind_spec
        self.fields["evidence_note"].help_text = indicator.evidence_prompt
        self.fields[self.kind.column] = self.kind.form_field(indicator)
        self._style_widgets()
        self.order_fields([*VALUE_COLUMNS, "not_applicable", "na_reason", "evidence_note", "evidence_url", "loaded"])

    def _style_widgets(self):
        """Bootstrap classes on the widgets (the pillar page renders fields itself, see answer_field.html)."""
        for field in self.fields.values():
            # The server refuses over-long text with a message that says by how much; a maxlength
            # attribute would make the browser cut pasted text silently instead.
            field.widget.attrs.pop("maxlength", None)
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(field.widget, forms.HiddenInput):
                continue
            else:
                css = "form-control"
            field.widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = self.fields[name].widget.attrs.get("class", "") + " is-invalid"

    def clean_loaded(self):
        token = self.cleaned_data["loaded"]
        if not TOKEN.match(token):
            raise forms.ValidationError(_("页面数据已过期，请刷新页面后再保存。"))
        return token

    def clean(self):
        data = super().clean()
        column = self.kind.column
        if column in data:
            try:
                data[column] = self.kind.clean(self.indicator, data[column])
            except forms.ValidationError as error:
                self.add_error(column, error)
        if data.get("not_applicable") and not (data.get("na_reason") or "").strip():
            self.add_error("na_reason", _("选择“不适用”时，请说明原因。"))
        return data

    def entry(self) -> AnswerEntry:
        data = self.cleaned_data
        not_applicable = bool(data.get("not_applicable"))
        value = AnswerValue(
            **({} if not_applicable else {self.kind.column: data.get(self.kind.column)}),
            not_applicable=not_applicable,
            na_reason=data.get("na_reason", "").strip() if not_applicable else "",
            evidence_note=data.get("evidence_note", "").strip(),
            evidence_url=data.get("evidence_url", ""),
        )
        return AnswerEntry(code=self.indicator.code, value=value, loaded_token=data["loaded"])


def answer_initial(indicator: Indicator, answer, token: str, *, villages_none: bool = False) -> dict:
    """Initial form values for a stored answer (or None). In a county with no villages or communities
    (``villages_none``: the size profile holds 0), an indicator read as a share of them offers the reason
    for "不适用" already written, for the member to tick (and edit if they wish)."""
    value = AnswerValue.of(answer)
    initial = {
        **{name: getattr(value, name) for name in ("not_applicable", "na_reason", "evidence_note", "evidence_url")},
        indicator.kind_spec.column: indicator.kind_spec.initial(value),
        "loaded": token,
    }
    if villages_none and indicator.scale == Scale.SHARE_OF_VILLAGES and not value.na_reason:
        initial["na_reason"] = str(NO_VILLAGES_REASON)
    return initial


def posted_codes(data) -> set[str]:
    """Indicator codes a POST carries answers for."""
    return {match.group(1) for name in data if (match := FIELD_NAME.match(name))}


class MemberPasswordResetForm(PasswordResetForm):
    """ "忘记密码" for every active account, including members who were invited and never set a password.

    Django leaves accounts without a usable password out of the reset, for accounts that log in
    elsewhere; here every account logs in with a password, and an invited member whose invitation
    mail was lost or has expired sets theirs this way. Removed members are inactive and get nothing.
    """

    def get_users(self, email):
        return (
            u
            for u in get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
            if u.email.lower() == email.lower()
        )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        # Beyond the hourly quota nothing is sent, and the page that follows reads as always: it must not
        # tell whether the address has an account.
        if not mail_quota_take(purpose="reset", email=to_email, user_id=context["user"].pk):
            logger.warning("password reset mail to account %s not sent: hourly limit reached", context["user"].pk)
            return
        super().send_mail(subject_template_name, email_template_name, context, from_email, to_email, **kwargs)


class LoginForm(AuthenticationForm):
    """Django's login form with plain messages: one sentence when the user name or the password is wrong (it
    does not say which, so as not to tell which accounts exist), in the words of the form's own labels."""

    error_messages = {
        "invalid_login": _("登录名或密码不正确，请重新输入。登录名和密码都区分大小写。"),
        "inactive": _("此账号已停用。如有疑问，请联系本中心负责人。"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # The product calls it 登录名 everywhere (member list, import template, member form).
        self.fields["username"].label = _("登录名")
        self.fields["username"].error_messages["required"] = _("请填写登录名。")
        self.fields["password"].error_messages["required"] = _("请填写密码。")


# Integer columns hold, on every database we run on, Django's common range of their type (PostgreSQL's;
# SQLite's is wider, so a range taken from its connection would accept numbers PostgreSQL refuses).
_PORTABLE_INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


def model_form_field(model, name: str, **overrides) -> forms.Field:
    """The form field of ``model``'s field ``name``, made by the model field (``Field.formfield()``): its
    length, choices, range and whether it may be blank come from the model, and so do its validators (a
    username's characters), which Django would otherwise run only when a model instance is cleaned.
    ``overrides`` are the form's words (label, help text, messages) or a stricter ``required``.
    """
    model_field = model._meta.get_field(name)
    connection_range = []
    if isinstance(model_field, models.IntegerField) and not model_field.choices:
        internal_type = model_field.get_internal_type()
        overrides = {"max_value": _PORTABLE_INTEGER_RANGES[internal_type][1], **overrides}
        # The model field checks its column's range on the connection in use; the form field, the portable one.
        low, high = connection.ops.integer_field_range(internal_type)
        connection_range = [MinValueValidator(low), MaxValueValidator(high)]
    field = model_field.formfield(**overrides)
    if isinstance(field, forms.ChoiceField):
        # The model hands its choices over as an iterator that walks them all again each time a value is
        # checked (to see whether to add a blank one); the bulk import checks thousands of values.
        field.choices = list(field.choices)
    # The model's length validator equals the one the form field made from the same max_length.
    field.validators += [v for v in model_field.validators if v not in field.validators and v not in connection_range]
    return field


TOO_LONG = _("最多 %(limit_value)d 个字符（现有 %(show_value)d 个）。")


def member_fields() -> dict[str, forms.Field]:
    """A new member's fields, in the member form's words, each made from the column it is stored in (the
    full name goes to first_name): the member form's, and those the bulk import checks each row with."""
    user = get_user_model()
    return {
        "full_name": model_form_field(
            user, "first_name", label=_("姓名"), required=True, error_messages={"max_length": TOO_LONG}
        ),
        "username": model_form_field(
            user,
            "username",
            label=_("登录名"),
            help_text="",
            error_messages={"invalid": _("登录名只能包含字母、数字和 @ . + - _ 字符。"), "max_length": TOO_LONG},
        ),
        # A user's e-mail may be blank; a member's is where the invitation goes.
        "email": model_form_field(
            user,
            "email",
            label=_("电子邮箱"),
            required=True,
            help_text=_("邀请邮件将发送到此邮箱，成员通过邮件中的链接设置密码。"),
            error_messages={"max_length": TOO_LONG},
        ),
        "role": model_form_field(Membership, "role"),
    }


# A centre's fields a person fills in (its region follows from the province).
CENTRE_FIELDS = ("name", "province", "prefecture", "resource_tier", "population", "staff_count")


def centre_fields() -> dict[str, forms.Field]:
    """A new centre's fields, each made from the Centre field of the same name."""
    return {name: model_form_field(Centre, name) for name in CENTRE_FIELDS}


class CentreSizeForm(forms.Form):
    """The centre's size profile, which number indicators are read against: each figure with the year it
    describes. Every field is needed (a figure without its year cannot be judged later)."""

    FIGURES = {
        # field: (label, smallest value, help text)
        "population": (_("常住人口（人）"), 1, _("按最近一次统计公报或人口普查填写常住人口，不是户籍人口。")),
        "towns": (_("乡镇/街道数"), 1, _("本县（区、市）下辖的乡镇和街道合计数。")),
        "villages": (
            _("行政村/社区数"),
            0,
            _("下辖的行政村和社区合计数。城区若既无行政村也无社区可填 0，按村/社区覆盖比例评分的指标随后可标为不适用。"),
        ),
        "staff_count": (_("员工人数（人）"), 1, _("本中心在岗人员总数，含编制内外。")),
    }

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, low, help_text) in self.FIGURES.items():
            self.fields[name] = model_form_field(
                Centre,
                name,
                label=label,
                required=True,
                min_value=low,
                help_text=help_text,
                error_messages={
                    "required": _("请填写%(label)s。") % {"label": label},
                    "invalid": _("%(label)s请填写整数。") % {"label": label},
                    "min_value": _("%(label)s不能小于 %%(limit_value)s。") % {"label": label},
                    "max_value": _("%(label)s不能超过 %%(limit_value)s。") % {"label": label},
                },
            )
            year = _year_field(name)
            self.fields[year] = model_form_field(
                Centre,
                year,
                label=_("%(label)s的统计年份") % {"label": label},
                required=True,
                min_value=PROFILE_YEAR_MIN,
                max_value=this_year,
                error_messages={
                    "required": _("请填写%(label)s的统计年份。") % {"label": label},
                    "invalid": _("统计年份请填写四位数年份，例如 %(year)d。") % {"year": this_year - 1},
                    "min_value": _("统计年份不能早于 %(limit_value)s 年。"),
                    "max_value": _("统计年份不能晚于今年（%(limit_value)s 年）。"),
                },
            )
            self.fields[year].widget.attrs.update({"inputmode": "numeric"})
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})


def _year_field(name: str) -> str:
    """The field holding the year of the size figure ``name``."""
    return dict(PROFILE_FIELDS)[name]


class MemberAddForm(forms.Form):
    """A centre lead adds a member; the login must not be taken, whatever its case."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made with the form, from the models as they are now (the import makes the same fields).
        self.fields.update(member_fields())

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("登录名 %(name)s 已被使用，请换一个。") % {"name": username})
        return username


class CentreMemberRowForm(forms.Form):
    """One row of the bulk import: a centre and one of its members, checked as the models store them.

    The bulk import makes one form and calls its fields' ``clean()`` on each row, rather than a form per
    row (which would copy every field for each of 10,000 rows); it words the errors for the spreadsheet
    itself and checks against the database and the rest of the file what one row cannot tell.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update({**centre_fields(), **member_fields()})


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "indicator_code", "owner", "due_date", "status", "note"]
        widgets = {
            # <input type=date> shows and sends only ISO dates; the Chinese locale's own format (2026/01/01)
            # would leave it empty, and saving the form would then clear the date.
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "title": {
                "required": _("请填写行动事项。"),
                "max_length": _("行动事项最多 %(limit_value)d 字（现有 %(show_value)d 字）。"),
            },
            "due_date": {"invalid": _("请按“年-月-日”填写日期，例如 2026-12-31。")},
            "owner": {"max_length": _("负责人最多 %(limit_value)d 字（现有 %(show_value)d 字）。")},
            "note": {"max_length": _("备注最多 %(limit_value)d 字（现有 %(show_value)d 字）。")},
        }

    def __init__(self, *args, indicator_codes: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator_codes = indicator_codes
        # The result page's "加入行动计划" buttons send only the indicator and the title: a new item starts
        # as 未开始 without the member choosing it.
        self.fields["status"].required = False

    def clean_status(self):
        return self.cleaned_data["status"] or ActionItem.Status.TODO

    def clean_indicator_code(self):
        code = self.cleaned_data["indicator_code"].strip()
        if code and code not in self.indicator_codes:
            raise forms.ValidationError(_("指标编码 %(code)s 不存在。") % {"code": code})
        return code


# Room for the queried indicators' comments a return from the review page starts with.
REOPEN_COMMENT_MAX_LENGTH = 4000


class ReopenForm(forms.Form):
    """The reason an administrator gives on the confirmation step of returning an assessment."""

    comment = forms.CharField(
        label=_("退回原因（将显示给该中心）"),
        max_length=REOPEN_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("退回时请说明原因。"),
            "max_length": _("原因最多 %(limit_value)d 字（现有 %(show_value)d 字）。"),
        },
    )


class ReviewForm(forms.Form):
    """An administrator's verdict on one indicator (the review page). The rules between the fields (a
    comment and a reading for 存疑, a level for 按核实人的判断计分) are the review service's."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=24, error_messages={"required": _("缺少指标编码。")})
    verdict = forms.ChoiceField(
        label=_("核实结论"),
        choices=IndicatorReview.Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择“已核实”或“存疑”。"), "invalid_choice": _("请选择“已核实”或“存疑”。")},
    )
    comment = forms.CharField(
        label=_("意见（存疑时必填，中心可见）"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("意见最多 %(limit_value)d 字（现有 %(show_value)d 字）。")},
    )
    reading = forms.ChoiceField(
        label=_("核实后计分"),
        required=False,
        choices=[("", _("（存疑时选择）")), *IndicatorReview.Reading.choices],
        error_messages={"invalid_choice": _("请选择存疑指标在核实后得分中如何计分。")},
    )
    admin_level = forms.TypedChoiceField(
        label=_("核实人判断的等级"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *[(n, str(n)) for n in range(MAX_LEVEL + 1)]],
        error_messages={"invalid_choice": _("等级只能是 0–4 之一。")},
    )


STATUS_CHOICES = [("not_started", _("未开始")), ("in_progress", _("填报中")), ("submitted", _("已提交"))]
# Far more pages than any cohort has (2,585 centres); a larger number is a mistake, not a page.
PAGE_MAX = 10_000
# The ranking sorts by these and by each pillar of the framework, highest first with a leading "-".
SORTS = ["overall", "-overall", "name", "province"]


# No trailing full stop: the dashboard lists the refused filters one after another, separated by "；".
NO_CYCLE = _("没有 %(value)s 年度的数据")
NO_CHOICE = _("没有“%(value)s”这一选项")


class CohortFilterForm(forms.Form):
    """Filters of the administrators' dashboard (GET). Unknown or malformed values are refused with a
    message and the dashboard falls back to the unfiltered cohort."""

    cycle = forms.TypedChoiceField(
        label=_("年度"), coerce=int, error_messages={"required": _("请选择年度"), "invalid_choice": NO_CYCLE}
    )
    province = forms.ChoiceField(label=_("省份"), required=False, error_messages={"invalid_choice": NO_CHOICE})
    region = forms.ChoiceField(label=_("地区"), required=False, error_messages={"invalid_choice": NO_CHOICE})
    resource_tier = forms.ChoiceField(label=_("资源类型"), required=False, error_messages={"invalid_choice": NO_CHOICE})
    stage = forms.ChoiceField(label=_("成熟度阶段"), required=False, error_messages={"invalid_choice": NO_CHOICE})
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *STATUS_CHOICES], error_messages={"invalid_choice": NO_CHOICE}
    )
    compare_cycle = forms.TypedChoiceField(
        label=_("对比年度"), coerce=int, required=False, empty_value=None, error_messages={"invalid_choice": NO_CYCLE}
    )
    reading = forms.ChoiceField(
        label=_("得分"),
        required=False,
        choices=[("self", _("自评得分")), ("verified", _("核实后得分"))],
        error_messages={"invalid_choice": NO_CHOICE},
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": NO_CHOICE},
    )
    page = forms.IntegerField(
        label=_("页码"),
        required=False,
        min_value=1,
        max_value=PAGE_MAX,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("页码应为从 1 起的整数"),
            "min_value": _("页码应为从 1 起的整数"),
            "max_value": _("页码不能超过 %(limit_value)s"),
        },
    )

    def __init__(self, data, *, scope, cycles: list[int], stages: list[tuple[str, str]], pillars: list[tuple[str, str]]):
        """``stages`` and ``pillars`` are the current framework's ``(code, name)`` and ``(code, short title)``."""
        super().__init__(data)
        everything = [("", _("全部"))]
        self.fields["cycle"].choices = [(c, str(c)) for c in cycles]
        self.fields["compare_cycle"].choices = [("", _("不对比")), *[(c, str(c)) for c in cycles]]
        self.fields["province"].choices = everything + [(p, p) for p in PROVINCES if scope.covers_province(p)]
        self.fields["region"].choices = everything + list(Region.choices)
        self.fields["resource_tier"].choices = everything + list(ResourceTier.choices)
        self.fields["stage"].choices = everything + stages
        self.fields["sort"].choices = [(s, s) for s in SORTS] + [
            (f"{order}{code}", title) for order in ("", "-") for code, title in pillars
        ]
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
        if not scope.is_national:
            self.fields["province"].widget = forms.HiddenInput()
