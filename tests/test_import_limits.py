"""Files built to hurt the server (a lying dimension, a shared-strings bomb, an absurd declared size, a
million blank rows...) are refused with a Chinese message and import nothing; bounded reading never stops a
real file. The files are the ones `manage.py bench_import` measures (figures in its output, not here)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from assessment import importer
from assessment.importer import ImportDeadline, ImportFileError, plan_import, read_rows
from assessment.management.commands import bench_import as files
from assessment.models import AdminScope, Centre, Membership
from assessment.services.imports import centres_import
from tests.builders import write_file
from tests.pages import upload

TOO_LARGE = "Excel 文件内容过大或结构异常，无法导入。"
TOO_LONG = "文件超过 10000 行（空行也计算在内），请删除多余的空行，或拆分成几个文件分批导入。"

HOSTILE = [
    ("huge_dimension_header_only.xlsx", lambda: files.huge_dimension([]), "文件只有表头，没有数据行。"),
    ("far_corner_cell.xlsx", files.far_corner_cell, TOO_LONG),
    ("shared_strings_bomb.xlsx", files.shared_strings_bomb, TOO_LARGE),
    ("many_shared_strings.xlsx", files.many_shared_strings, TOO_LARGE),
    ("absurd_declared_size.xlsx", files.absurd_declared_size, TOO_LARGE),
    ("many_blank_rows.xlsx", files.many_blank_rows, TOO_LONG),
    ("many_blank_lines.csv", files.many_blank_lines_csv, TOO_LONG),
    ("wide_row.xlsx", files.wide_row_xlsx, "Excel 文件中有一行的单元格超过 1000 个，无法导入。"),
    ("entity_expansion.xlsx", files.entity_expansion, "无法读取该 Excel 文件，文件可能已损坏。"),
    ("styles_bomb.xlsx", files.styles_bomb, TOO_LARGE),
]


def nothing_imported():
    return Centre.objects.count() == 0 and Membership.objects.count() == 0


@pytest.mark.parametrize("name, build, message", HOSTILE, ids=[name for name, _build, _message in HOSTILE])
def test_a_hostile_file_is_refused_with_a_message_and_imports_nothing(national_admin, name, build, message):
    data = build()
    assert len(data) <= importer.MAX_BYTES  # every one of them fits under the upload cap
    response = upload(national_admin, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_imported() and get_user_model().objects.count() == 1


def test_the_command_refuses_a_hostile_file_the_same_way(db, tmp_path):
    with pytest.raises(CommandError, match="内容过大或结构异常"):
        call_command("import_centres", write_file(tmp_path, files.shared_strings_bomb(), "bomb.xlsx"))
    assert nothing_imported()


def test_a_lying_dimension_is_ignored_and_the_real_rows_are_imported(national_admin):
    response = upload(national_admin, files.huge_dimension(files.good_rows(3)), "centres.xlsx")
    assert response.status_code == 302
    assert list(Centre.objects.values_list("name", flat=True)) == ["压测0县融媒体中心"]
    assert Membership.objects.count() == 3


def test_columns_past_the_fiftieth_are_ignored_not_read(national_admin):
    response = upload(national_admin, files.wide_row_csv(), "centres.csv")
    assert response.status_code == 302 and Membership.objects.count() == 3


def test_a_workbook_with_a_picture_is_still_read(national_admin):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 50  # not XML: the check leaves it alone, as openpyxl does
    sheet = files.sheet_xml(files.sheet_rows_xml([importer.HEADER, *files.good_rows(2)]))
    response = upload(national_admin, files.xlsx_package(sheet, parts={"xl/media/image1.png": png}), "centres.xlsx")
    assert response.status_code == 302 and Membership.objects.count() == 2


def test_a_real_sheet_saved_by_openpyxl_passes_every_check():
    rows = read_rows(files.legit_xlsx(2_000))
    assert len(rows) == 2_000 and rows[-1].get("username") == "bench-1999"


def test_blank_rows_count_towards_the_row_limit():
    first, last = files.good_rows(2)
    # The last row at the limit: header, the first row, blank rows, the last row on line 10,001.
    at_limit = files.csv_bytes([first]) + b"\n" * (importer.MAX_ROWS - 2) + ",".join(last).encode() + b"\n"
    assert [row.number for row in read_rows(at_limit)] == [2, importer.MAX_ROWS + 1]
    with pytest.raises(ImportFileError, match="空行也计算在内"):
        read_rows(files.csv_bytes([first]) + b"\n" * (importer.MAX_ROWS - 1) + ",".join(last).encode() + b"\n")


def test_a_file_that_outlasts_the_time_budget_is_refused(national_admin, monkeypatch):
    monkeypatch.setattr(importer, "IMPORT_SECONDS", 0)
    response = upload(national_admin, files.legit_csv(3), "centres.csv")
    assert response.status_code == 400
    assert "处理该文件用时超过 0 秒，未导入任何数据。请拆分成几个较小的文件分批导入。" in response.content.decode()
    assert nothing_imported()


def test_checking_the_rows_spends_the_same_budget(national_admin):
    rows = read_rows(files.legit_csv(3))
    spent = ImportDeadline(seconds=0)
    with pytest.raises(ImportFileError, match="用时超过 0 秒"):
        plan_import(rows, existing_centres=set(), existing_usernames=set(), deadline=spent)
    result = centres_import(rows=rows, scope=AdminScope.objects.get(user=national_admin), deadline=spent)
    assert not result.ok and "用时超过 0 秒" in str(result.errors[0])
    assert nothing_imported()
