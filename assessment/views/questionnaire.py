"""The questionnaire: an overview with progress, one page per pillar (plain Save and autosave), submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment.access import assessment_for, can_write, require_lead
from assessment.forms import AnswerForm, answer_initial, posted_codes
from assessment.framework.spec import Scale
from assessment.kinds import VALUE_COLUMNS, AnswerValue, answer_words
from assessment.models import Assessment, AuditEvent
from assessment.presenters.questionnaire import answer_check, measures_of, progress_of, stored_state, unscored_rows
from assessment.presenters.versions import carried_rows
from assessment.scales import Size, profile_missing
from assessment.scoring import result_rows, score_assessment, unanswered
from assessment.selectors.assessments import answers_by_code, carried_waiting
from assessment.selectors.framework import framework_next
from assessment.services.assessments import (
    AssessmentError,
    answer_token,
    answers_save,
    assessment_submit,
)
from assessment.views.confirm import Confirmation, confirm_first


@login_required
def assessment_overview(request, pk):
    assessment, membership = assessment_for(request.user, pk)
    answers = answers_by_code(assessment=assessment)
    result = score_assessment(
        assessment.framework.spec, {c: AnswerValue.of(a) for c, a in answers.items()}, size=Size.of(assessment.centre)
    )
    reopened = (
        AuditEvent.objects.filter(assessment=assessment, kind=AuditEvent.Kind.STATUS, new=Assessment.Status.DRAFT)
        .order_by("-at", "-id")
        .first()
        if not assessment.is_submitted
        else None
    )
    is_lead = membership is not None and membership.role == membership.Role.LEAD
    return render(
        request,
        "assessment/overview.html",
        {
            "assessment": assessment,
            "membership": membership,
            "progress": progress_of(result),
            "unanswered": unanswered(result),
            "carried": carried_rows(framework=assessment.framework.spec, waiting=carried_waiting(assessment=assessment)),
            "move_to": framework_next(framework=assessment.framework) if is_lead and not assessment.is_submitted else None,
            "is_lead": is_lead,
            "can_write": can_write(membership),
            "reopened": reopened,
            "size_missing": profile_missing(assessment.centre),
            "unscored": unscored_rows(result),
        },
    )


@login_required
def assessment_pillar(request, pk, code):
    """GET shows a pillar's questions; POST saves them (the whole page, or one indicator by autosave).

    Invalid input saves nothing and comes back beside its field with everything the member typed. A
    change that collides with another member's newer save is not written; both sides are shown.
    """
    assessment, membership = assessment_for(request.user, pk, write=request.method == "POST")
    framework = assessment.framework.spec
    pillar = framework.pillar(code)
    if pillar is None:
        raise Http404
    pillar_indicators = {i.code: i for i in pillar.indicators}
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    page_errors, conflicts = [], {}
    # Posted input shown again instead of what is stored: all of it when it was refused (nothing was
    # saved), only the conflicting questions after a save with conflicts.
    data, redrawn, status = None, set(), 200

    if request.method == "POST":
        if assessment.is_submitted:
            return _refuse(request, wants_json, _("该自评已提交，不能再修改。"), assessment)
        codes = posted_codes(request.POST)
        unknown = sorted(codes - set(pillar_indicators))
        forms = {c: AnswerForm(request.POST, indicator=pillar_indicators[c]) for c in sorted(codes - set(unknown))}
        if unknown:
            page_errors.append(
                _("提交的数据中含有本页不存在的指标：%(codes)s。未保存任何内容，请刷新页面后重试。")
                % {"codes": "、".join(unknown)}
            )
        if not codes:
            page_errors.append(_("没有收到任何答案，未保存。"))
        valid = all([form.is_valid() for form in forms.values()])  # validate every form, not the first bad one
        if valid and not page_errors:
            try:
                outcome = answers_save(
                    assessment=assessment, user=request.user, entries=[form.entry() for form in forms.values()]
                )
            except AssessmentError as exc:
                return _refuse(request, wants_json, str(exc), assessment)
            if wants_json:
                # What is stored now, read after the save: the page's status line, progress bars, "未作答"
                # marks and 请核实 notes follow the server, never the browser's own idea of what was saved.
                return JsonResponse(
                    {
                        "saved": outcome.saved,
                        "tokens": outcome.tokens,
                        **stored_state(
                            framework=framework,
                            indicators=[f.indicator for f in forms.values()],
                            answers=answers_by_code(assessment=assessment),
                            centre=assessment.centre,
                        ),
                        "conflicts": {c.code: _conflict_message(c, pillar_indicators[c.code]) for c in outcome.conflicts},
                    }
                )
            if not outcome.conflicts:
                messages.success(request, _("已保存。"))
                return redirect("assessment:assessment_pillar", pk=assessment.pk, code=code)
            conflicts = {c.code: _conflict_message(c, pillar_indicators[c.code]) for c in outcome.conflicts}
            # The conflicting questions keep the member's input with the other side's token: saving again
            # now deliberately keeps this member's version. Every other question shows what is stored,
            # so that an old value of a question this member never touched cannot overwrite a newer one.
            data, redrawn = request.POST.copy(), set(conflicts)
            for c in conflicts:
                data[f"{c}-loaded"] = outcome.tokens[c]
            messages.warning(request, _("部分答案与其他成员刚保存的内容冲突，未覆盖。请查看标注的题目后再次保存。"))
        elif wants_json:
            return JsonResponse(
                {
                    "errors": {
                        c: {name: [str(e) for e in errs] for name, errs in f.errors.items()} for c, f in forms.items() if f.errors
                    },
                    "page_errors": page_errors,
                },
                status=400,
            )
        else:
            data, status = request.POST, 400
            redrawn = {c for c in forms if f"{c}-loaded" in data}

    # Read after any save (autosaves answer above without it), so the page shows what is stored now.
    answers = answers_by_code(assessment=assessment)
    result = score_assessment(framework, {c: AnswerValue.of(a) for c, a in answers.items()}, size=Size.of(assessment.centre))
    answered_codes = {row["code"] for row in result_rows(result) if row["answered"]}
    measures = measures_of(framework, result)
    villages_none = assessment.centre.villages == 0
    rows = []
    for dimension in pillar.dimensions:
        dimension_rows = []
        for indicator in dimension.indicators:
            c = indicator.code
            if c in redrawn:
                form = AnswerForm(data, indicator=indicator)
                form.is_valid()
            else:
                form = AnswerForm(
                    indicator=indicator,
                    initial=answer_initial(indicator, answers.get(c), answer_token(answers.get(c)), villages_none=villages_none),
                )
            dimension_rows.append(
                {
                    "indicator": indicator,
                    "form": form,
                    "check": answer_check(indicator, answers.get(c), assessment.centre),
                    "measure": measures.get(c, ""),
                    "villages_none": villages_none and indicator.scale == Scale.SHARE_OF_VILLAGES,
                    "conflict": conflicts.get(c),
                    "answered": c in answered_codes,
                    "details_open": _has_details(form),
                    "carried": answers[c] if c in answers and answers[c].carry else None,
                }
            )
        rows.append({"dimension": dimension, "rows": dimension_rows})
    return render(
        request,
        "assessment/pillar.html",
        {
            "assessment": assessment,
            "membership": membership,
            "pillar": pillar,
            "dimensions": rows,
            "progress": progress_of(result),
            "unanswered": unanswered(result),
            "page_errors": page_errors,
            "read_only": assessment.is_submitted or not can_write(membership),
            "size_missing": profile_missing(assessment.centre),
            "is_lead": membership is not None and membership.role == membership.Role.LEAD,
            "carried_count": sum(1 for block in rows for row in block["rows"] if row["carried"]),
            "value_fields": VALUE_COLUMNS,
        },
        status=status,
    )


DETAIL_FIELDS = ("not_applicable", "na_reason", "evidence_note", "evidence_url")


def _has_details(form) -> bool:
    """Open the evidence / not-applicable part when it holds something or an error."""
    if form.is_bound:
        return any(form.data.get(form.add_prefix(name)) for name in DETAIL_FIELDS) or bool(form.errors)
    return any(form.initial.get(name) for name in DETAIL_FIELDS)


def _conflict_message(conflict, indicator) -> str:
    return _("%(by)s 已于 %(at)s 将此题改为：%(theirs)s。您填写的内容仍保留在下方；确认无误后再次保存即以您的为准。") % {
        "by": conflict.by or _("其他成员"),
        "at": conflict.at.astimezone().strftime("%H:%M") if conflict.at else "",
        "theirs": answer_words(indicator, conflict.theirs).rstrip("。"),
    }


def _refuse(request, wants_json, message, assessment):
    if wants_json:
        return JsonResponse({"page_errors": [message]}, status=409)
    messages.error(request, message)
    return redirect("assessment:assessment_overview", pk=assessment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_submit_view(request, pk):
    assessment, membership = assessment_for(request.user, pk, write=True)
    require_lead(membership)
    asked = confirm_first(
        request,
        Confirmation(
            title=_("提交 %(cycle)s 年度自评？") % {"cycle": assessment.cycle},
            consequence=_("提交后答卷将变为只读，评分结果会保存为快照；如需修改须由省级管理员退回。"),
            confirm_label=_("确认提交"),
            cancel_url=reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk}),
            button_class="btn-primary",
        ),
    )
    if asked is not None:
        return asked
    try:
        assessment_submit(assessment=assessment, user=request.user)
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:assessment_overview", pk=assessment.pk)
    messages.success(request, _("自评已提交，评分结果如下。"))
    return redirect("assessment:assessment_result", pk=assessment.pk)
