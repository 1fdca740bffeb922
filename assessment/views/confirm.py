"""The confirmation step of every action that cannot be undone (removing a member, deleting an action item,
submitting an assessment, returning it to its centre).

It works without JavaScript: the page's button leads to the action's URL by GET, which shows what will
happen with 确认 / 取消; only a POST carrying ``confirm=1`` acts. A POST without it (a form of an older
page) shows the same step and changes nothing.
"""

from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"


@dataclass(frozen=True)
class Confirmation:
    title: str  # the question, as the page's heading: "移除成员 王小明（wangxm）？"
    consequence: str  # what the action changes, in plain words
    confirm_label: str  # "确认移除"
    cancel_url: str  # where 取消 goes back to
    button_class: str = "btn-danger"


def confirm_first(request: HttpRequest, confirmation: Confirmation, *, form: forms.Form | None = None) -> HttpResponse | None:
    """``None`` when ``request`` is the confirmed POST (and ``form``, when the step asks for input such as
    a reason, is valid): the view goes on and acts. Otherwise the confirmation page to return: 200 for the
    step itself, 400 when a confirmed ``form`` was refused (its errors beside its fields)."""
    confirmed = request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"
    if confirmed and (form is None or form.is_valid()):
        return None
    if form is not None and form.is_bound and not confirmed:
        # What the first press carried (a reason typed on an older page) is shown again to be confirmed, not judged.
        form = type(form)(initial={name: form.data.get(name) for name in form.fields})
    return render(
        request,
        "assessment/confirm.html",
        {"confirmation": confirmation, "form": form, "confirm_field": CONFIRM_FIELD},
        status=400 if confirmed else 200,
    )
