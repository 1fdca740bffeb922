"""Administrators onboard many centres and their members at once from a CSV or XLSX file."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.access import scope_of
from assessment.exports import table_csv
from assessment.importer import COLUMNS, EXAMPLE_CENTRE, HEADER, MAX_BYTES, ImportDeadline, ImportFileError, read_rows
from assessment.services.imports import centres_import
from assessment.views.downloads import attachment
from assessment.views.pages import form_render


class CentresImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("导入文件"),
        help_text=gettext_lazy("CSV（UTF-8）或 Excel（.xlsx）文件，不超过 5 MB、10000 行。"),
        error_messages={"required": gettext_lazy("请选择要上传的 CSV 或 XLSX 文件。"), "empty": gettext_lazy("文件是空的。")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        """The file's rows: reading the file is part of validating it, so a bad file is a form error.

        Reading starts the import's time budget, kept as ``self.deadline`` for checking the rows."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("文件超过 5 MB，请拆分成几个文件分批导入。"))
        self.deadline = ImportDeadline()
        try:
            return read_rows(upload.read(), deadline=self.deadline)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None


@login_required
def centres_import_view(request):
    scope = scope_of(request.user)
    form = CentresImportForm(request.POST, request.FILES) if request.method == "POST" else CentresImportForm()
    errors = []
    if form.is_valid():
        result = centres_import(rows=form.cleaned_data["file"], scope=scope, request=request, deadline=form.deadline)
        if result.ok:
            counts = {"centres": result.centres, "members": result.members, "invitations": result.invitations}
            messages.success(
                request,
                _("已导入 %(centres)d 个中心、%(members)d 名成员；%(invitations)d 封设置密码的邀请邮件正在后台发送。") % counts,
            )
            messages.info(request, _("没有收到邀请邮件的成员，可在登录页点击“忘记密码？”自行设置密码。"))
            return redirect("assessment:centres_import")
        errors = result.errors
    return form_render(
        request,
        "assessment/import_centres.html",
        {"scope": scope, "form": form, "columns": COLUMNS, "errors": errors},
        refused=form.errors or errors,
    )


@login_required
def centres_import_template(request):
    """A CSV with the header and two example rows, in the administrator's own province."""
    scope = scope_of(request.user)
    centre = [EXAMPLE_CENTRE, scope.province or "甘肃", "示例市", "资源欠缺", 200000, 35]
    rows = [
        [*centre, "张三（示例）", "example_lead", "lead@example.com", "中心负责人"],
        [*centre, "李四（示例）", "example_editor", "editor@example.com", "填报人"],
    ]
    return attachment(table_csv(HEADER, rows), _("融媒体中心批量导入模板.csv"), "text/csv; charset=utf-8")
