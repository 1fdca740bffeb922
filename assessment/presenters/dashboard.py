"""The administrators' dashboard, comparison and summary PDF: the cohort's figures as charts and words."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.models import AdminScope

STATUS_LABELS = {
    "not_started": gettext_lazy("未开始"),
    "in_progress": gettext_lazy("填报中"),
    "submitted": gettext_lazy("已提交"),
}


def scope_name(scope: AdminScope) -> str:
    """The scope in words for titles and file names: its province, or 全国."""
    return scope.province or _("全国")
