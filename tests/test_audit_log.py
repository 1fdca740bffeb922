"""The audit log as the lead and administrators read it: the true old value of every change, in words."""

import re
from html import unescape

from django.urls import reverse

from assessment.services.assessments import assessment_submit
from assessment.services.members import member_remove
from tests.pages import client_for, full_page, pillar_url


def audit_table(client, centre) -> list[list[str]]:
    """The audit log's rows as the page shows them: [time, actor, kind, subject, old, new, comment]."""
    html = client.get(reverse("assessment:centre_audit", kwargs={"centre_id": centre.pk})).content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        rows.append([unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)])
    return rows


def save(client, assessment, **values):
    page = client.get(pillar_url(assessment))
    response = client.post(pillar_url(assessment), full_page(page, **values))
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_changed_answer_logs_its_true_old_value(editor, lead, assessment):
    client = client_for(editor)
    save(client, assessment, **{"P1.D1.I1-level": "3"})
    save(client, assessment, **{"P1.D1.I1-level": "0"})
    newest, first = audit_table(client_for(lead), assessment.centre)[:2]
    assert first[3:6] == ["P1.D1.I1 等级题", "未作答", "等级 3：三"]
    assert newest[3:6] == ["P1.D1.I1 等级题", "等级 3：三", "等级 0：零"]


def test_no_and_numbers_are_shown_in_words_without_exponent(editor, lead, assessment):
    client = client_for(editor)
    save(client, assessment, **{"P1.D1.I3-boolean": "yes", "P1.D1.I2-number": "12000"})
    save(client, assessment, **{"P1.D1.I3-boolean": "no", "P1.D1.I2-number": "350"})
    rows = {(r[3], r[4]): r[5] for r in audit_table(client_for(lead), assessment.centre)}
    assert rows[("P1.D1.I3 是否题", "是")] == "否"
    assert rows[("P1.D1.I2 数值题", "12,000 个")] == "350 个"
    assert "E+" not in str(rows)


def test_status_and_membership_changes_are_in_words(editor, lead, assessment, mini_framework):
    from assessment.models import Answer, Indicator

    for indicator in Indicator.objects.filter(framework=mini_framework):
        Answer.objects.create(assessment=assessment, indicator=indicator, not_applicable=False, level=2, number=5, boolean=True)
    assessment_submit(assessment=assessment, user=lead)
    member_remove(membership=editor.membership, by=lead)
    rows = audit_table(client_for(lead), assessment.centre)
    status = next(r for r in rows if r[3] == "自评状态")
    assert status[4:6] == ["填报中", "已提交"]
    removed = next(r for r in rows if r[2] == "成员" and r[5] == "—")
    assert removed[4] == "姓名：editor；登录名：editor；角色：填报人"
    page = " ".join(" ".join(r) for r in rows)
    for code in ("draft", "submitted", "角色：editor", "角色：lead"):
        assert code not in page
