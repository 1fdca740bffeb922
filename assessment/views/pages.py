"""How a view answers with a page that holds a form."""

from django.shortcuts import render


def form_render(request, template: str, context: dict, *, refused) -> object:
    """The page, with status 400 when what was sent was ``refused`` (form errors or the like): the page
    says why, and a client or test can tell that nothing changed."""
    return render(request, template, context, status=400 if refused else 200)
