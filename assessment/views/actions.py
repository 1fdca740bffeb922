"""The action plan: items members take from the recommendations, with owner, due date and status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment.access import assessment_for, can_write
from assessment.action_plan import action_plan_csv, action_plan_xlsx
from assessment.forms import ActionItemForm
from assessment.models import ActionItem
from assessment.services.actions import action_item_add, action_item_delete, action_item_save
from assessment.views.confirm import Confirmation, confirm_first
from assessment.views.downloads import attachment
from assessment.views.pages import form_render


def _codes(assessment) -> set[str]:
    return {i.code for i in assessment.framework.spec.indicators}


def _item(assessment, item_id) -> ActionItem:
    try:
        return ActionItem.objects.get(pk=item_id, assessment=assessment)
    except ActionItem.DoesNotExist:
        raise Http404 from None


@login_required
def action_plan(request, pk):
    assessment, membership = assessment_for(request.user, pk, write=request.method == "POST")
    form = ActionItemForm(request.POST or None, indicator_codes=_codes(assessment))
    if request.method == "POST" and form.is_valid():
        item, created = action_item_add(assessment=assessment, **form.cleaned_data)
        if created:
            messages.success(request, _("已加入行动计划。"))
        else:
            messages.info(request, _("“%(title)s”已在行动计划中，未重复添加。") % {"title": item.title})
        return redirect(f"{reverse('assessment:action_plan', kwargs={'pk': assessment.pk})}#item-{item.pk}")
    items = list(assessment.action_items.all())
    return form_render(
        request,
        "assessment/action_plan.html",
        {"assessment": assessment, "items": items, "form": form, "can_edit": can_write(membership)},
        refused=form.errors,
    )


@login_required
def action_item_edit(request, pk, item_id):
    # The edit form is a write page, also to look at: the plan itself shows the item to readers.
    assessment, membership = assessment_for(request.user, pk, write=True)
    item = _item(assessment, item_id)
    form = ActionItemForm(request.POST or None, instance=item, indicator_codes=_codes(assessment))
    if request.method == "POST" and form.is_valid():
        action_item_save(assessment=assessment, item=item, **form.cleaned_data)
        messages.success(request, _("已保存。"))
        return redirect("assessment:action_plan", pk=assessment.pk)
    return form_render(
        request,
        "assessment/action_item.html",
        {"assessment": assessment, "item": item, "form": form},
        refused=form.errors,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_item_delete_view(request, pk, item_id):
    assessment, membership = assessment_for(request.user, pk, write=True)
    item = _item(assessment, item_id)
    asked = confirm_first(
        request,
        Confirmation(
            title=_("删除行动事项“%(title)s”？") % {"title": item.title},
            consequence=_("删除后，该事项及其负责人、完成期限和备注将从行动计划中移除，无法恢复。"),
            confirm_label=_("确认删除"),
            cancel_url=reverse("assessment:action_plan", kwargs={"pk": assessment.pk}),
        ),
    )
    if asked is not None:
        return asked
    action_item_delete(item=item)
    messages.success(request, _("已删除该事项。"))
    return redirect("assessment:action_plan", pk=assessment.pk)


@login_required
def action_plan_export(request, pk, fmt):
    assessment, membership = assessment_for(request.user, pk)
    items = list(assessment.action_items.all())
    name = _("%(centre)s %(cycle)s 年度行动计划") % {"centre": assessment.centre.name, "cycle": assessment.cycle}
    if fmt == "csv":
        return attachment(action_plan_csv(items), f"{name}.csv", "text/csv; charset=utf-8")
    if fmt == "xlsx":
        content = action_plan_xlsx(items)
        return attachment(content, f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    raise Http404
