"""Campaigns: opening one in scope, completion by stage, the overdue export, the home pages, and the
daily reminders with a fake clock (no duplicates, nothing for submitted centres, the schedule)."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from assessment.models import Assessment, Assignment, Campaign, Notification, Reminder
from tests.builders import make_centre, make_member
from tests.pages import client_for

DEADLINE = date(2026, 3, 31)


@pytest.fixture
def campaign(mini_framework):
    return Campaign.objects.create(
        name="甘肃 2026 年度自评",
        province="甘肃",
        cycle=2026,
        framework=mini_framework,
        opens_on=date(2026, 1, 1),
        deadline=DEADLINE,
        instructions="请在三月底前提交。",
        remind_days_before=7,
        overdue_every_days=7,
    )


def run(day: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", today=date.fromisoformat(day), stdout=out)
    return out.getvalue()


def test_a_provincial_administrator_opens_a_campaign_for_their_province_only(province_admin, mini_framework):
    response = client_for(province_admin).post(
        "/campaigns/new/",
        {
            "name": "甘肃年度自评",
            "province": "浙江",  # not a field for a provincial administrator: ignored
            "cycle": "2026",
            "framework": mini_framework.pk,
            "opens_on": "2026-01-01",
            "deadline": "2026-03-31",
            "instructions": "",
            "remind_days_before": "7",
            "overdue_every_days": "7",
        },
    )
    assert response.status_code == 302
    assert Campaign.objects.get().province == "甘肃"


def test_a_deadline_before_the_opening_and_a_second_campaign_are_refused(province_admin, campaign, mini_framework):
    data = {
        "name": "再开一个",
        "cycle": "2026",
        "framework": mini_framework.pk,
        "opens_on": "2026-05-01",
        "deadline": "2026-04-01",
        "remind_days_before": "7",
        "overdue_every_days": "7",
    }
    response = client_for(province_admin).post("/campaigns/new/", data)
    assert response.status_code == 400 and "截止日期不能早于开始日期" in response.content.decode()
    response = client_for(province_admin).post("/campaigns/new/", {**data, "deadline": "2026-06-01"})
    assert response.status_code == 400 and "已有填报活动" in response.content.decode()
    assert Campaign.objects.count() == 1


def test_completion_counts_each_stage_and_lists_overdue_centres_with_their_leads(
    province_admin, campaign, assessment, lead, mini_framework
):
    from assessment.selectors.campaigns import campaign_progress, overdue_centres

    idle = make_centre("丙县融媒体中心", province="甘肃")
    make_member(idle, "idle-lead", role="lead")
    done = make_centre("丁县融媒体中心", province="甘肃")
    Assessment.objects.create(centre=done, cycle=2026, framework=mini_framework, status="submitted")
    make_centre("戊县融媒体中心", province="浙江")  # another province: not this campaign's
    progress = campaign_progress(campaign=campaign, today=date(2026, 4, 2))
    assert progress["total"].counts == {"not_started": 1, "in_progress": 1, "returned": 0, "submitted": 1, "reviewed": 0}
    assert progress["total"].overdue == 2
    overdue = overdue_centres(campaign=campaign, today=date(2026, 4, 2))
    assert [(c.name, [m.user.email for m in c.leads]) for c in overdue] == [
        ("丙县融媒体中心", ["idle-lead@example.com"]),
        ("甲县融媒体中心", ["lead@example.com"]),
    ]
    assert overdue_centres(campaign=campaign, today=DEADLINE) == []


def test_the_overdue_export_lists_leads_contacts(province_admin, campaign, assessment, lead, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 4, 10))
    response = client_for(province_admin).get(f"/campaigns/{campaign.pk}/overdue.csv")
    text = response.content.decode("utf-8-sig")
    assert "甲县融媒体中心" in text and "lead@example.com" in text
    page = client_for(province_admin).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "lead@example.com" in page and "逾期中心" in page


def test_the_centre_home_shows_the_campaign_with_days_left_or_overdue(campaign, lead, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 3, 21))
    html = client_for(lead).get("/").content.decode()
    assert "甘肃 2026 年度自评" in html and "还有 10 天" in html and "请在三月底前提交" in html
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 4, 3))
    assert "已逾期 3 天" in client_for(lead).get("/").content.decode()


def test_reminders_before_the_deadline_go_to_the_lead_and_assigned_members_once(
    campaign, assessment, lead, editor, second_editor, django_capture_on_commit_callbacks
):
    Assignment.objects.create(assessment=assessment, member=editor.membership, code="P1")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run("2026-03-23")  # 8 days before: nothing yet
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        run("2026-03-24")
    assert sorted(m.to[0] for m in mail.outbox) == ["editor@example.com", "lead@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        run("2026-03-24")
        run("2026-03-25")
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 2
    assert all(r.sent_at and not r.error for r in Reminder.objects.all())
    assert Notification.objects.filter(user=lead, kind="deadline").count() == 1
    assert "还有 7 天" in mail.outbox[0].subject


def test_overdue_reminders_repeat_every_n_days_and_stop_once_submitted(
    campaign, assessment, lead, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for day in range(1, 16):  # 2026-04-01 .. 04-15: overdue days 1..15
            run(f"2026-04-{day:02d}")
    assert [m.subject for m in mail.outbox] == [
        "甘肃 2026 年度自评：已逾期 1 天",
        "甘肃 2026 年度自评：已逾期 8 天",
        "甘肃 2026 年度自评：已逾期 15 天",
    ]
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        run("2026-04-22")
    assert len(mail.outbox) == 3


def test_a_missed_day_is_caught_up_once(campaign, assessment, lead, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run("2026-03-28")  # the timer did not run on 03-24
        run("2026-03-30")
    assert [m.subject for m in mail.outbox] == ["甘肃 2026 年度自评：距截止还有 3 天"]


def test_a_returned_assessment_and_a_ready_pillar_are_mailed_to_the_lead(lead, centre, django_capture_on_commit_callbacks):
    from assessment.services.notifications import notify

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[lead], kind="returned", text="省里退回了自评", url="/", centre=centre)
        notify(users=[lead], kind="comment", text="新评论", centre=centre)  # in-app only
    assert [m.subject for m in mail.outbox] == ["省里退回了自评"]
    assert Reminder.objects.get().kind == "returned"
    assert Notification.objects.filter(user=lead).count() == 2


def test_the_bell_counts_unread_and_read_all_clears_it(lead, centre):
    from assessment.services.notifications import notify

    notify(users=[lead], kind="comment", text="新评论一", centre=centre)
    notify(users=[lead], kind="comment", text="新评论二", centre=centre)
    client = client_for(lead)
    assert 'text-bg-warning">2<' in client.get("/notifications/").content.decode()
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(read_at=None).exists()
    assert 'text-bg-warning">' not in client.get("/notifications/").content.decode()


def test_the_reminder_log_is_for_administrators_in_scope(province_admin, other_province_admin, lead, centre):
    Reminder.objects.create(key="k1", kind="overdue", centre=centre, recipient=lead, email=lead.email, subject="甲县 提醒")
    assert "甲县 提醒" in client_for(province_admin).get("/reminders/").content.decode()
    assert "甲县 提醒" not in client_for(other_province_admin).get("/reminders/").content.decode()
