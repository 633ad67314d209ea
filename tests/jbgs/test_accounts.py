"""Signing in and out, changing and resetting a password, and the administrator's account pages."""

import re
from unittest.mock import patch

from django.core import mail
from django.urls import reverse

from jbgs.models import AuditEntry, User
from jbgs.tasks import email_password_reset
from tests.conftest import PASSWORD


def test_sign_in_and_out(client, liaison):
    response = client.post(reverse("login"), {"username": "liaison", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == liaison
    client.post(reverse("logout"))
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_a_wrong_password_says_so_in_chinese(client, liaison):
    response = client.post(reverse("login"), {"username": "liaison", "password": "wrong"})
    assert "用户名或密码错误" in response.content.decode()


def test_a_suspended_units_member_cannot_sign_in(client, liaison, university):
    university.status = "suspended"
    university.save()
    response = client.post(reverse("login"), {"username": "liaison", "password": PASSWORD})
    assert response.status_code == 200 and "暂停" in response.content.decode()


def test_password_reset_by_email_works_end_to_end(client, liaison, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": liaison.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "New-Secret-2026", "new_password2": "New-Secret-2026"},
    )
    assert done.status_code == 302
    liaison.refresh_from_db()
    assert liaison.check_password("New-Secret-2026")


def test_the_reset_email_is_sent_by_a_task_after_commit(client, liaison, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("password_reset"), {"email": liaison.email})
    assert response.status_code == 302 and mail.outbox == []  # the request sent nothing
    with patch("jbgs.tasks.email_password_reset.delay") as delay:
        for callback in queued:
            callback()
    assert mail.outbox == [] and delay.call_count == 1
    assert delay.call_args.args[0] == liaison.pk  # the task makes the link: no token in the broker
    email_password_reset(*delay.call_args.args)
    assert mail.outbox[0].to == [liaison.email] and "/accounts/password/reset/" in mail.outbox[0].body
    assert "重置" in mail.outbox[0].subject  # in the language of the request


def test_password_resets_are_limited_per_address(client, liaison, settings):
    settings.PASSWORD_RESET_LIMIT_PER_HOUR = 2
    for n in range(2):
        assert client.post(reverse("password_reset"), {"email": f"x{n}@example.cn"}).status_code == 302
    response = client.post(
        reverse("password_reset"), {"email": liaison.email}, HTTP_X_FORWARDED_FOR="198.51.100.4"
    )
    assert response.status_code == 429 and "分钟后再试" in response.content.decode()
    other = client.post(reverse("password_reset"), {"email": liaison.email}, REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 302


def test_password_resets_are_limited_per_email_known_or_not(client, liaison, settings):
    settings.PASSWORD_RESET_EMAILS_PER_HOUR = 2
    for email in (liaison.email, "nobody@example.cn"):
        answers = [
            client.post(reverse("password_reset"), {"email": email.upper() if n else email},
                        REMOTE_ADDR=f"198.51.100.{n + 1}").status_code
            for n in range(3)
        ]
        assert answers == [302, 302, 429]  # the same answers whether an account has it or not
    response = client.post(reverse("password_reset"), {"email": liaison.email}, REMOTE_ADDR="203.0.113.1")
    assert "垃圾邮件" in response.content.decode()


def test_password_change(client_as, liaison):
    client = client_as(liaison)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Another-Pass-88",
            "new_password2": "Another-Pass-88",
        },
    )
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert liaison.check_password("Another-Pass-88")


def test_people_edit_their_own_details_but_not_their_roles(client_as, liaison):
    client = client_as(liaison)
    response = client.post(
        reverse("account"),
        {
            "name": "张晓雯",
            "email": "zxw@njtech.example.cn",
            "phone": "13700001234",
            "current_password": PASSWORD,
            "roles": ["admin"],
        },
    )
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert liaison.email == "zxw@njtech.example.cn" and liaison.roles == ["liaison"]
    assert AuditEntry.objects.filter(action="user.profile_updated", actor=liaison).exists()


def details(liaison, **changes):
    return {"name": liaison.name, "email": liaison.email, "phone": "", **changes}


def test_a_new_email_address_takes_the_current_password(client_as, liaison):
    client = client_as(liaison)
    for password, error in (("", "请输入当前密码"), ("Wrong-Horse-1", "当前密码不正确")):
        response = client.post(reverse("account"), details(liaison, email="thief@example.cn", current_password=password))
        assert response.status_code == 200
        assert error in str(response.context["form"].errors["current_password"])
    liaison.refresh_from_db()
    assert liaison.email == "liaison@example.com"
    assert not AuditEntry.objects.filter(action="user.profile_updated").exists()
    response = client.post(reverse("account"), details(liaison, email="new@example.cn", current_password=PASSWORD))
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert liaison.email == "new@example.cn"


def test_the_name_and_phone_change_without_the_password(client_as, liaison):
    response = client_as(liaison).post(reverse("account"), details(liaison, name="张晓雯2", phone="13700001234"))
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert (liaison.name, liaison.phone) == ("张晓雯2", "13700001234")


def test_wrong_current_passwords_count_towards_the_sign_in_lockout(client, client_as, liaison, settings):
    signed_in = client_as(liaison)
    for n in range(settings.AXES_FAILURE_LIMIT):
        signed_in.post(reverse("account"), details(liaison, email="thief@example.cn", current_password=f"guess-{n}"))
    response = signed_in.post(reverse("account"), details(liaison, email="thief@example.cn", current_password=PASSWORD))
    assert response.status_code == 429
    assert "登录失败次数过多" in str(response.context["form"].errors["current_password"])
    liaison.refresh_from_db()
    assert liaison.email == "liaison@example.com"
    from axes.models import AccessAttempt

    assert "thief" not in AccessAttempt.objects.get().post_data  # the form's data is not kept
    signed_in.logout()
    assert client.post(reverse("login"), {"username": "liaison", "password": PASSWORD}).status_code == 429


def test_administrator_creates_an_account_in_a_unit(client_as, admin_user, university):
    response = client_as(admin_user).post(
        reverse("user-create"),
        {
            "username": "expert7",
            "name": "赵老师",
            "email": "zhao@example.cn",
            "phone": "",
            "organization": university.pk,
            "roles": ["expert"],
            "expert_kind": "investment",
            "password": "Strong-Pass-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="expert7")
    assert user.roles == ["expert"] and user.check_password("Strong-Pass-2026")
    assert user.expert_kind == "investment"


def test_administrator_deactivates_an_account(client_as, admin_user, solver, university):
    response = client_as(admin_user).post(
        reverse("user-edit", args=[solver.pk]),
        {
            "name": solver.name,
            "email": solver.email,
            "phone": "",
            "organization": university.pk,
            "roles": ["solver"],
        },
    )
    assert response.status_code == 302
    solver.refresh_from_db()
    assert not solver.is_active
    entry = AuditEntry.objects.get(action="user.updated", object_id=str(solver.pk))
    assert (entry.from_state, entry.to_state) == ("active", "inactive")


def test_administrator_corrects_and_suspends_a_unit(client_as, admin_user, enterprise_org):
    client = client_as(admin_user)
    data = {
        "name": enterprise_org.name,
        "kind": "enterprise",
        "is_high_tech": "on",
        "is_tech_sme": "on",
        "credit_code": enterprise_org.credit_code.lower(),
        "region": "320506",
        "address": "苏州市吴中区",
        "contact_name": "陈立群",
        "contact_phone": "0512-65321234",
        "contact_email": "chen@example.cn",
    }
    assert (
        client.post(reverse("organization-edit", args=[enterprise_org.pk]), data).status_code == 302
    )
    enterprise_org.refresh_from_db()
    assert enterprise_org.is_tech_sme and enterprise_org.credit_code.isupper()
    assert (
        client.post(
            reverse("organization-suspend", args=[enterprise_org.pk]), {"suspend": "1"}
        ).status_code
        == 302
    )
    enterprise_org.refresh_from_db()
    assert enterprise_org.status == "suspended"
    assert [
        e.action for e in AuditEntry.objects.filter(object_id=str(enterprise_org.pk)).order_by("id")
    ] == ["organization.updated", "organization.suspended"]


def test_list_pages_run_a_fixed_number_of_queries(
    client_as, admin_user, django_assert_max_num_queries
):
    from tests.conftest import make_organization, make_user

    for i in range(30):
        org = make_organization(f"测试单位{i}", region="320583")
        make_user(f"user{i}", org, ["enterprise"])
    client = client_as(admin_user)
    # The counts do not grow with the 30 units above: no query per row.
    for name, limit in (
        ("organization-list", 13),
        ("user-list", 12),
        ("organization-review-list", 11),
        ("home", 21),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(reverse(name)).status_code == 200
