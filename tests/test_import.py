"""Administrators onboard centres and their members in bulk from a CSV or XLSX file: all rows or none."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from assessment.forms import CentreMemberRowForm
from assessment.importer import COLUMNS, ImportFileError, plan_import, province_from_text, read_rows
from assessment.models import Centre, Membership
from tests.builders import GOOD_ROWS, csv_bytes, make_admin, make_member, write_file, xlsx_bytes
from tests.pages import client_for, upload


def counts():
    return Centre.objects.count(), Membership.objects.count(), get_user_model().objects.count()


# Reading and checking, without the database -----------------------------------------------------------


def test_full_province_names_are_accepted():
    assert province_from_text("甘肃省") == "甘肃"
    assert province_from_text("内蒙古自治区") == "内蒙古"
    assert province_from_text("北京市") == "北京"
    assert province_from_text("广西壮族自治区") == "广西"
    assert province_from_text("新疆维吾尔自治区") == "新疆"
    assert province_from_text("甘肃") == "甘肃"
    assert province_from_text("火星省") is None and province_from_text("北京省") is None


def test_english_headers_any_order_without_bom_and_extra_columns_are_read():
    header = ["role", "email", "username", "member_name", "resource_tier", "prefecture", "province", "name", "备注"]
    rows = read_rows(
        csv_bytes([["editor", "a@example.com", "a", "甲", "发展中", "某市", "浙江", "某县中心", "随便"]], header, bom=False)
    )
    assert rows[0].number == 2
    assert rows[0].values == {
        "role": "editor",
        "email": "a@example.com",
        "username": "a",
        "full_name": "甲",
        "resource_tier": "发展中",
        "prefecture": "某市",
        "province": "浙江",
        "name": "某县中心",
    }


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "文件是空的"),
        (b"\n\n", "文件是空的"),
        (csv_bytes([]), "没有数据行"),
        (csv_bytes([["x"]], header=["中心名称", "省份"]), "缺少必填列：地市、资源类型、成员姓名、登录名、电子邮箱、角色"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe garbage", "无法识别该文件"),
        (b"PK\x03\x04 not really a zip", "无法读取该 Excel 文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Excel"),
        (b"a" * (5 * 1024 * 1024 + 1), "超过 5 MB"),
    ],
)
def test_unreadable_files_get_a_clear_message(data, message):
    with pytest.raises(ImportFileError, match=message):
        read_rows(data)


def test_a_gbk_csv_from_excel_on_chinese_windows_is_read():
    data = csv_bytes(GOOD_ROWS, bom=False).decode("utf-8").encode("gbk")
    rows = read_rows(data)
    assert [row.number for row in rows] == [2, 3, 4]
    assert "临泽县融媒体中心" in rows[0].values.values() and "鄂尔多斯市" in rows[2].values.values()


def test_more_than_ten_thousand_rows_are_refused():
    data = csv_bytes([GOOD_ROWS[1][:7] + [f"u{i}", f"u{i}@example.com", "填报人"] for i in range(10_001)])
    with pytest.raises(ImportFileError, match="超过 10000 行"):
        read_rows(data)


def test_rows_of_one_centre_must_agree_and_each_centre_needs_a_lead():
    rows = read_rows(
        csv_bytes(
            [
                ["甲中心", "甘肃", "某市", "资源欠缺", "100", "", "甲", "a", "a@example.com", "中心负责人"],
                ["甲中心", "甘肃", "某市", "发展中", "200", "", "乙", "b", "b@example.com", "填报人"],
                ["乙中心", "甘肃", "某市", "发展中", "-5", "十", "丙", "c", "A@example.com", "填报人"],
            ]
        )
    )
    plan = plan_import(rows, existing_centres=set(), existing_usernames=set())
    assert [str(e) for e in plan.errors] == [
        "第 3 行：同一中心的资源类型、服务人口与第 2 行不一致，请统一填写。",
        "第 4 行：服务人口“-5”超出范围，应为 0 或正整数。",
        "第 4 行：员工人数“十”不是整数。",
        "第 4 行：电子邮箱“A@example.com”与第 2 行重复。",
        "第 4 行：中心“乙中心”没有中心负责人：每个中心至少需要一名角色为“中心负责人”的成员。",
    ]


def plan_errors(rows) -> list[str]:
    return [str(e) for e in plan_import(read_rows(csv_bytes(rows)), existing_centres=set(), existing_usernames=set()).errors]


def test_a_rows_problems_are_listed_in_the_order_of_its_columns():
    row = ["某县融媒体中心", "火星", "", "x", "十", "", "", "坏 名", "not-an-email", "boss"]
    assert plan_errors([row]) == [
        "第 2 行：省份“火星”无法识别，请填写如“甘肃”或“甘肃省”。",
        "第 2 行：缺少地市。",
        "第 2 行：资源类型“x”无法识别，应为 资源较充足、发展中 或 资源欠缺。",
        "第 2 行：服务人口“十”不是整数。",
        "第 2 行：缺少成员姓名。",
        "第 2 行：登录名“坏 名”只能包含字母、数字和 @ . + - _ 字符。",
        "第 2 行：电子邮箱“not-an-email”格式不正确。",
        "第 2 行：角色“boss”无法识别，应为 中心负责人 或 填报人。",
    ]


def test_the_chinese_names_of_choices_are_read_whatever_the_interface_language():
    with translation.override("en"):
        plan = plan_import(read_rows(csv_bytes(GOOD_ROWS)), existing_centres=set(), existing_usernames=set())
    assert not plan.errors
    assert [(c.resource_tier, [m.role for m in c.members]) for c in plan.centres] == [
        ("under_resourced", ["lead", "editor"]),
        ("developing", ["lead"]),
    ]


def test_a_whole_number_with_a_decimal_point_reads_as_it_does_from_excel():
    # Excel stores 150000 as 150000.0, which an XLSX file always gave as 150000; a CSV cell reads the same.
    row = [*GOOD_ROWS[0][:4], "150,000.0", "30.", *GOOD_ROWS[0][6:]]
    plan = plan_import(read_rows(csv_bytes([row])), existing_centres=set(), existing_usernames=set())
    assert not plan.errors and (plan.centres[0].population, plan.centres[0].staff_count) == (150000, 30)
    row[4] = "150000.5"
    assert plan_errors([row]) == ["第 2 行：服务人口“150000.5”不是整数。"]


# The rows are checked with fields made from the models when the import starts: a change to a model (here
# patched for one test) is a change to the import, with no limit or rule written twice.


def test_the_template_marks_required_the_columns_the_models_require():
    fields = CentreMemberRowForm().fields
    assert [column.field for column in COLUMNS] == list(fields)
    assert {column.field: column.required for column in COLUMNS} == {name: field.required for name, field in fields.items()}


def test_the_lengths_in_the_messages_are_the_models(monkeypatch):
    monkeypatch.setattr(Centre._meta.get_field("prefecture"), "max_length", 20)
    monkeypatch.setattr(get_user_model()._meta.get_field("first_name"), "max_length", 20)
    row = [*GOOD_ROWS[0]]
    row[2], row[6] = "市" * 21, "名" * 21
    assert plan_errors([row]) == ["第 2 行：地市过长（最多 20 个字符）。", "第 2 行：成员姓名过长（最多 20 个字符）。"]
    row[2], row[6] = "市" * 20, "名" * 20
    assert plan_errors([row]) == []


def test_usernames_are_checked_with_the_user_models_validators(monkeypatch):
    monkeypatch.setattr(get_user_model()._meta.get_field("username"), "validators", [ASCIIUsernameValidator()])
    row = [*GOOD_ROWS[0]]
    row[7] = "王小明"
    assert plan_errors([row]) == ["第 2 行：登录名“王小明”只能包含字母、数字和 @ . + - _ 字符。"]


# Importing ---------------------------------------------------------------------------------------------


def test_clean_csv_imports_centres_and_members_and_invites_them(db, tmp_path, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_centres", write_file(tmp_path, csv_bytes(GOOD_ROWS)), "--domain", "zipin.example.cn")
        assert not mail.outbox  # the invitations wait for the import to be committed
    assert "已导入 2 个中心、3 名成员；3 封邀请邮件正在后台发送。" in capsys.readouterr().out
    linze = Centre.objects.get(name="临泽县融媒体中心")
    assert (linze.province, linze.prefecture, linze.region, linze.resource_tier) == ("甘肃", "张掖市", "west", "under_resourced")
    assert (linze.population, linze.staff_count) == (150000, 30)
    dalad = Centre.objects.get(name="达拉特旗融媒体中心")
    assert (dalad.province, dalad.population, dalad.resource_tier) == ("内蒙古", None, "developing")
    wang = Membership.objects.get(user__username="wangxm")
    assert wang.centre == linze and wang.role == "lead" and wang.user.first_name == "王小明"
    assert not wang.user.has_usable_password()
    assert Membership.objects.get(user__username="lina").role == "editor"
    assert sorted(m.to[0] for m in mail.outbox) == ["lina@example.com", "wxm@example.com", "zg@example.com"]
    invitation = next(m for m in mail.outbox if m.to == ["wxm@example.com"])
    assert "王小明，您好" in invitation.body and "用登录名 wangxm 登录" in invitation.body
    assert re.search(r"http://zipin\.example\.cn/accounts/reset/\S+", invitation.body)


def test_xlsx_upload_imports_and_redirects_with_a_message(national_admin, django_capture_on_commit_callbacks):
    rows = [[150000 if cell == "150000" else cell for cell in row] for row in GOOD_ROWS]  # Excel keeps numbers as numbers
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(national_admin, xlsx_bytes(rows), "centres.xlsx", follow=True)
    assert response.redirect_chain == [(reverse("assessment:centres_import"), 302)]
    page = response.content.decode()
    assert "已导入 2 个中心、3 名成员；3 封设置密码的邀请邮件正在后台发送。" in page
    assert "没有收到邀请邮件的成员，可在登录页点击“忘记密码？”自行设置密码。" in page
    assert Centre.objects.get(name="临泽县融媒体中心").population == 150000
    assert Membership.objects.count() == 3 and len(mail.outbox) == 3
    assert re.search(r"http://testserver/accounts/reset/\S+", mail.outbox[0].body)


BAD_ROWS = [
    ["新县融媒体中心", "火星", "某市", "资源欠缺", "", "", "甲", "jia", "jia@example.com", "中心负责人"],
    ["甲县融媒体中心", "甘肃", "某市", "资源欠缺", "", "", "乙", "yi", "yi@example.com", "中心负责人"],
    ["丙县融媒体中心", "甘肃", "某市", "发展中", "", "", "丙", "bing", "not-an-email", "中心负责人"],
    ["丙县融媒体中心", "甘肃", "某市", "发展中", "", "", "", "ding", "ding@example.com", "填报人"],
    ["丙县融媒体中心", "甘肃", "某市", "发展中", "", "", "戊", "Editor", "wu@example.com", "填报人"],
    ["丙县融媒体中心", "甘肃", "某市", "发展中", "", "", "己", "BING", "ji@example.com", "填报人"],
]
BAD_ROW_ERRORS = [
    "第 2 行：省份“火星”无法识别，请填写如“甘肃”或“甘肃省”。",
    "第 3 行：中心“甲县融媒体中心”（甘肃 某市）已存在，不能重复导入；新成员请由该中心负责人添加。",
    "第 4 行：电子邮箱“not-an-email”格式不正确。",
    "第 5 行：缺少成员姓名。",
    "第 6 行：登录名“Editor”已被使用，请换一个。",
    "第 7 行：登录名“BING”与第 4 行重复。",
]


def test_bad_rows_are_all_reported_by_the_command_and_nothing_is_imported(centre, editor, tmp_path):
    existing = counts()  # 甲县融媒体中心 (甘肃, 某市) with the member "editor"
    with pytest.raises(CommandError) as raised:
        call_command("import_centres", write_file(tmp_path, csv_bytes(BAD_ROWS)))
    message = str(raised.value)
    assert "共 6 处错误，未写入任何数据" in message
    assert message.splitlines()[1:] == BAD_ROW_ERRORS
    assert counts() == existing and not mail.outbox


def test_bad_rows_are_shown_on_the_upload_page_and_nothing_is_imported(centre, editor, national_admin):
    existing = counts()
    response = upload(national_admin, csv_bytes(BAD_ROWS))
    html = response.content.decode()
    assert response.status_code == 400
    assert "发现 6 处问题，未导入任何数据" in html
    for error in BAD_ROW_ERRORS:
        row, reason = re.match(r"第 (\d+) 行：(.*)", error).groups()
        assert f"<td>{row}</td><td>{reason}</td>" in html
    assert counts() == existing and not mail.outbox


def test_provincial_admin_cannot_import_centres_of_another_province(province_admin, tmp_path):
    rows = [GOOD_ROWS[0], ["某县融媒体中心", "浙江省", "杭州市", "发展中", "", "", "甲", "jia", "jia@example.com", "中心负责人"]]
    response = upload(province_admin, csv_bytes(rows))
    assert response.status_code == 400
    assert "省份“浙江”不在您的管理范围（甘肃）内。" in response.content.decode()
    with pytest.raises(CommandError, match=r"第 3 行：省份“浙江”不在您的管理范围（甘肃）内。"):
        call_command("import_centres", write_file(tmp_path, csv_bytes(rows)), "--province", "甘肃省")
    assert counts() == (0, 0, 1)
    call_command("import_centres", write_file(tmp_path, csv_bytes(rows[:1])), "--province", "甘肃")
    assert Centre.objects.get().province == "甘肃"


def test_garbage_upload_gets_a_clear_message_not_a_500(national_admin):
    response = upload(national_admin, bytes(range(256)) * 20, "centres.xlsx")
    assert response.status_code == 400
    assert "无法识别该文件" in response.content.decode()
    response = client_for(national_admin).post(reverse("assessment:centres_import"), {})
    assert response.status_code == 400 and "请选择要上传的 CSV 或 XLSX 文件。" in response.content.decode()
    assert counts() == (0, 0, 1)


def test_command_reports_a_missing_file_and_an_unknown_province(db, tmp_path):
    with pytest.raises(CommandError, match="无法打开文件"):
        call_command("import_centres", str(tmp_path / "nope.csv"))
    with pytest.raises(CommandError, match="省份“火星”无法识别"):
        call_command("import_centres", write_file(tmp_path, csv_bytes(GOOD_ROWS)), "--province", "火星")


def test_the_page_and_its_template_are_for_administrators_only(centre, lead):
    for name in ("assessment:centres_import", "assessment:centres_import_template"):
        assert client_for(lead).get(reverse(name)).status_code == 404
        assert client_for(make_admin(f"admin-{name}", "甘肃")).get(reverse(name)).status_code == 200
    assert upload(lead, csv_bytes(GOOD_ROWS)).status_code == 404
    assert Centre.objects.count() == 1


def test_template_csv_reads_back_and_its_examples_are_refused(province_admin):
    client = client_for(province_admin)
    page = client.get(reverse("assessment:centres_import")).content.decode()
    assert "中心名称" in page and reverse("assessment:centres_import_template") in page
    response = client.get(reverse("assessment:centres_import_template"))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    assert response.content.startswith(
        "\ufeff中心名称,省份,地市,资源类型,服务人口,员工人数,成员姓名,登录名,电子邮箱,角色".encode()
    )
    rows = read_rows(response.content)
    assert [row.get("name") for row in rows] == ["示例县融媒体中心"] * 2 and rows[0].get("province") == "甘肃"
    response = upload(province_admin, response.content)
    assert response.status_code == 400 and "这是模板中的示例行，请删除后再导入。" in response.content.decode()
    assert Centre.objects.count() == 0


@pytest.mark.parametrize(
    "failure, logged",
    [
        (OSError("smtp down"), "invitation e-mail to member %d failed"),
        (ValueError("header refused"), "invitation to member %d failed"),
    ],
    ids=["smtp", "unexpected"],
)
def test_a_failed_invitation_mail_does_not_undo_the_import_nor_stop_the_others(
    national_admin, monkeypatch, caplog, django_capture_on_commit_callbacks, failure, logged
):
    from django.core.mail.backends.locmem import EmailBackend

    deliver = EmailBackend.send_messages

    def refuse_lina(self, messages):
        if messages[0].to == ["lina@example.com"]:
            raise failure
        return deliver(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_lina)
    with django_capture_on_commit_callbacks(execute=True):
        page = upload(national_admin, csv_bytes(GOOD_ROWS), follow=True).content.decode()
    assert Membership.objects.count() == 3
    assert "已导入 2 个中心、3 名成员；3 封设置密码的邀请邮件正在后台发送。" in page
    # Lina's comes between the other two (rows in file order): the one after it still went out.
    assert sorted(m.to[0] for m in mail.outbox) == ["wxm@example.com", "zg@example.com"]
    lina = get_user_model().objects.get(username="lina")
    assert logged % lina.pk in caplog.text


def test_usernames_already_taken_are_compared_ignoring_case(centre, tmp_path):
    make_member(centre, "WangXM")
    with pytest.raises(CommandError, match="第 2 行：登录名“wangxm”已被使用"):
        call_command("import_centres", write_file(tmp_path, csv_bytes(GOOD_ROWS)))
    assert Centre.objects.count() == 1


def test_a_centre_added_meanwhile_rolls_the_whole_import_back(
    centre, national_admin, monkeypatch, django_capture_on_commit_callbacks
):
    from assessment.importer import read_rows as parse
    from assessment.models import AdminScope
    from assessment.services import imports

    # As if 甲县融媒体中心 had been created between the check and the writes.
    monkeypatch.setattr(imports, "_existing_centres", lambda rows: set())
    rows = [*GOOD_ROWS, ["甲县融媒体中心", "甘肃", "某市", "资源欠缺", "", "", "甲", "jia", "jia@example.com", "中心负责人"]]
    with django_capture_on_commit_callbacks(execute=True) as queued:
        result = imports.centres_import(rows=parse(csv_bytes(rows)), scope=AdminScope.objects.get(user=national_admin))
    assert not result.ok and "未写入任何数据" in str(result.errors[0])
    assert counts() == (1, 0, 1) and not queued and not mail.outbox
