"""Framework versions: what changed between two, moving a draft to the newer one, and confirming answers
that were carried over (from an older version or from last cycle)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessment.access import assessment_for, require_lead
from assessment.presenters.versions import carry_summary, change_rows
from assessment.selectors.assessments import answer_values
from assessment.selectors.framework import framework_by_version, framework_next
from assessment.services.assessments import AssessmentError
from assessment.services.carry import answers_confirm, assessment_move_version, carry_plan
from assessment.versions import MERGE_RULE
from assessment.views.confirm import Confirmation, confirm_first


@login_required
def framework_changes(request, version):
    """What version ``version`` changed from the version before it, indicator by indicator."""
    framework = framework_by_version(version=version)
    if framework is None or not framework.spec.changes:
        raise Http404
    new = framework.spec
    previous = framework_by_version(version=new.previous)
    return render(
        request,
        "assessment/framework_changes.html",
        {
            "framework": framework,
            "previous": new.previous,
            "previous_loaded": previous is not None,
            "merge_rule": MERGE_RULE,
            **change_rows(old=previous.spec if previous else None, new=new),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_move_view(request, pk):
    """The lead moves a draft to the newer framework version, after a confirmation step that says what
    will be carried, what will not, and what is new."""
    assessment, membership = assessment_for(request.user, pk, write=True)
    require_lead(membership)
    overview = reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk})
    target = framework_next(framework=assessment.framework)
    if assessment.is_submitted or target is None:
        messages.error(
            request,
            _("已提交的自评保留原框架版本和评分快照，不能更换版本。")
            if assessment.is_submitted
            else _("没有可迁移到的新框架版本。"),
        )
        return redirect(overview)
    old, new = assessment.framework.spec, target.spec
    summary = carry_summary(
        old=old,
        new=new,
        carry=carry_plan(old=old, new=new, answers=answer_values(assessment=assessment), centre=assessment.centre),
    )
    asked = confirm_first(
        request,
        Confirmation(
            title=_("将 %(cycle)s 年度自评迁移到框架版本 %(new)s？") % {"cycle": assessment.cycle, "new": new.version},
            consequence=_(
                "按版本 %(new)s 声明的指标对应关系沿用 %(carried)d 项答案，每项标注“由旧版本沿用，请确认”，确认或修改后才能提交；"
                "%(left)d 项答案不再沿用（原值记入审计日志）：%(left_codes)s；%(fresh)d 个新指标需要作答。迁移后不能退回旧版本。"
            )
            % {
                "new": new.version,
                "carried": summary["carried"],
                "left": len(summary["left"]),
                "left_codes": "、".join(f"{i['code']} {i['title']}" for i in summary["left"]) or _("无"),
                "fresh": len(summary["new"]),
            },
            confirm_label=_("确认迁移"),
            cancel_url=overview,
            button_class="btn-warning",
        ),
    )
    if asked is not None:
        return asked
    try:
        carry = assessment_move_version(assessment=assessment, framework=target, user=request.user)
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect(overview)
    messages.success(
        request,
        _("已迁移到框架版本 %(new)s：沿用 %(carried)d 项答案，请逐项确认。")
        % {"new": new.version, "carried": len(carry.carried)},
    )
    return redirect(overview)


@login_required
@require_POST
def answers_confirm_view(request, pk, code):
    """Confirm carried answers on the pillar page ``code``: the one named by ``answer``, or every one on the
    page still waiting when ``answer`` is absent."""
    assessment, _membership = assessment_for(request.user, pk, write=True)
    pillar = assessment.framework.spec.pillar(code)
    if pillar is None:
        raise Http404
    page_codes = [i.code for i in pillar.indicators]
    one = request.POST.get("answer")
    if one is not None and one not in page_codes:
        raise Http404
    try:
        confirmed = answers_confirm(assessment=assessment, user=request.user, codes=[one] if one else page_codes)
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:assessment_overview", pk=assessment.pk)
    if confirmed:
        messages.success(
            request, _("已确认 %(count)d 项沿用的答案：%(codes)s。") % {"count": len(confirmed), "codes": "、".join(confirmed)}
        )
    else:
        messages.info(request, _("没有需要确认的沿用答案。"))
    url = reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": code})
    return redirect(f"{url}#q-{one}" if one else url)
