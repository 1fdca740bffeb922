from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessment.access import member_for, membership_of, require_lead
from assessment.forms import MemberAddForm
from assessment.services.members import MembershipError, member_invite, member_reinvite, member_remove
from assessment.views.confirm import Confirmation, confirm_first
from assessment.views.pages import form_render


@login_required
def members(request):
    membership = membership_of(request.user)
    is_lead = membership.role == membership.Role.LEAD
    form = MemberAddForm(request.POST or None)
    if request.method == "POST":
        require_lead(membership)
        if form.is_valid():
            sent = member_invite(centre=membership.centre, request=request, **form.cleaned_data)
            name = form.cleaned_data["full_name"]
            if sent:
                messages.success(request, _("已添加成员 %(name)s，并已发送设置密码的邀请邮件。") % {"name": name})
            else:
                messages.warning(request, _("已添加成员 %(name)s，但邀请邮件发送失败，请稍后联系管理员。") % {"name": name})
            return redirect("assessment:members")
    roster = membership.centre.memberships.select_related("user").order_by("role", "user__username")
    return form_render(
        request,
        "assessment/members.html",
        {
            "membership": membership,
            "centre": membership.centre,
            "roster": roster,
            "form": form,
            "is_lead": is_lead,
        },
        refused=form.errors,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove_view(request, membership_id):
    target, own = member_for(request.user, membership_id)
    require_lead(own)
    user = target.user
    name = user.get_full_name() or user.get_username()
    asked = confirm_first(
        request,
        Confirmation(
            title=_("移除成员 %(name)s（%(username)s）？") % {"name": name, "username": user.get_username()},
            consequence=_(
                "移除后，%(name)s 将不再是本中心成员，其账号随即停用、无法再登录本平台；其填写过的答案和审计日志会保留。"
            )
            % {"name": name},
            confirm_label=_("确认移除"),
            cancel_url=reverse("assessment:members"),
        ),
    )
    if asked is not None:
        return asked
    try:
        member_remove(membership=target, by=request.user)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已移除该成员，其账号已停用。"))
    return redirect("assessment:members")


@login_required
@require_POST
def member_reinvite_view(request, membership_id):
    """Send a member the link to set their password again (the first mail lost or its link expired)."""
    target, own = member_for(request.user, membership_id)
    require_lead(own)
    try:
        sent = member_reinvite(membership=target, request=request)
    except MembershipError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:members")
    if sent:
        messages.success(request, _("已重新向 %(email)s 发送设置密码的邀请邮件。") % {"email": target.user.email})
    else:
        messages.error(request, _("邀请邮件发送失败，请稍后再试。"))
    return redirect("assessment:members")
