from django.core import mail
from django.db import transaction
from django.urls import reverse

from jbgs.services.notifications import notify


def test_a_notification_lands_in_the_inbox_and_is_emailed_after_commit(
    liaison, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify(
                [liaison],
                kind="test.hello",
                title="专利清单已退回",
                body="请修改后重新提交",
                url="/organizations/mine/",
            )
            assert mail.outbox == []  # nothing is sent before the change commits
    assert liaison.notifications.get().title == "专利清单已退回"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [liaison.email]
    assert (
        "请修改后重新提交" in mail.outbox[0].body and "/organizations/mine/" in mail.outbox[0].body
    )
    assert liaison.notifications.get().emailed_at is not None


def test_the_unread_count_shows_and_marking_read_updates_it(client_as, liaison):
    notify([liaison], kind="test.hello", title="第一条", email=False)
    notify([liaison], kind="test.hello", title="第二条", email=False)
    client = client_as(liaison)
    assert 'id="unread-count">2<' in client.get(reverse("home")).content.decode()
    note = liaison.notifications.first()
    row = client.post(reverse("notification-read", args=[note.pk]), HTTP_HX_REQUEST="true")
    assert row.status_code == 200 and "notification read" in row.content.decode()
    assert liaison.notifications.unread().count() == 1
    client.post(reverse("notifications-read-all"))
    assert liaison.notifications.unread().count() == 0


def test_nobody_reads_anothers_notifications(client_as, liaison, solver):
    notify([liaison], kind="test.hello", title="私信", email=False)
    note = liaison.notifications.get()
    response = client_as(solver).post(reverse("notification-read", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_inbox_api(api_as, liaison):
    notify([liaison], kind="test.hello", title="第一条", email=False)
    client = api_as(liaison)
    rows = client.get("/api/v1/notifications/", {"read_at__isnull": "true"}).json()["results"]
    assert [r["title"] for r in rows] == ["第一条"]
    client.post(f"/api/v1/notifications/{rows[0]['id']}/read/")
    assert client.get("/api/v1/me/").json()["unread_notifications"] == 0
