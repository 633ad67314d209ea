"""Passwords cannot be guessed without limit: after repeated failures a user name, and
separately a client address, is locked out of the login page, the back office and the API
token, even with the right password, for a cool-off; the client address is the one behind
our own proxies only, so a forged X-Forwarded-For escapes neither the lockout nor the API
throttle. An administrator can unlock an account."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.throttling import ScopedRateThrottle

from jbgs.models import AuditEntry
from tests.conftest import PASSWORD

LOCKED = "登录失败次数过多"
TOKEN = "/api/v1/auth/token/"


def sign_in(client, username, password, path=None, **headers):
    return client.post(path or reverse("login"), {"username": username, "password": password}, **headers)


def token(api, username, password, **headers):
    return api.post(TOKEN, {"username": username, "password": password}, format="json", **headers)


def test_thirty_wrong_passwords_lock_the_login_page_even_for_the_right_one(client, liaison):
    answers = [sign_in(client, "liaison", f"guess-{n}").status_code for n in range(30)]
    assert answers[0] == 200 and answers[-1] == 429
    response = sign_in(client, "liaison", PASSWORD)
    assert response.status_code == 429 and not response.wsgi_request.user.is_authenticated
    page = response.content.decode()
    assert LOCKED in page and "分钟" in page  # says when to try again
    assert int(response["Retry-After"]) > 0


def test_thirty_wrong_passwords_lock_the_back_office_login(client, admin_user):
    path = reverse("admin:login")
    for n in range(30):
        sign_in(client, "admin", f"guess-{n}", path)
    response = sign_in(client, "admin", PASSWORD, path)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_thirty_wrong_passwords_lock_the_api_token(api, liaison):
    assert token(api, "liaison", "guess").json()["code"] == "invalid_credentials"
    for n in range(29):
        token(api, "liaison", f"guess-{n}")
    response = token(api, "liaison", PASSWORD)
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out" and LOCKED in body["detail"] and "token" not in body
    assert int(response["Retry-After"]) > 0


def test_the_lockout_is_shared_by_the_login_page_and_the_api(client, api, liaison):
    for n in range(30):
        sign_in(client, "liaison", f"guess-{n}")
    assert token(api, "liaison", PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 429


def test_an_account_is_locked_from_every_address(client, liaison):
    for n in range(30):
        sign_in(client, "liaison", f"guess-{n}", REMOTE_ADDR=f"198.51.100.{n + 1}")
    response = sign_in(client, "liaison", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_an_address_guessing_many_accounts_is_locked_for_every_account(client, liaison, expert):
    for n in range(30):
        sign_in(client, f"someone-{n}", "guess")
    response = sign_in(client, "expert", PASSWORD)
    assert response.status_code == 429 and not response.wsgi_request.user.is_authenticated
    other = sign_in(client, "liaison", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302  # the account itself was not guessed at


def test_a_few_mistakes_lock_nothing(client, liaison, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "liaison", f"guess-{n}")
    assert sign_in(client, "liaison", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, liaison, settings):
    start = timezone.now()
    with freeze_time(start):
        for n in range(30):
            sign_in(client, "liaison", f"guess-{n}")
    with freeze_time(start + settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=30)):
        assert sign_in(client, "liaison", PASSWORD).status_code == 429
    with freeze_time(start + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)):
        assert sign_in(client, "liaison", PASSWORD).status_code == 302


def test_the_start_of_a_lockout_is_audited_once(client, liaison):
    for n in range(30):
        sign_in(client, "liaison", f"guess-{n}")
    entries = AuditEntry.objects.filter(action="user.locked_out")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.object_id == str(liaison.pk) and entry.ip_address == "127.0.0.1"


def test_an_administrator_unlocks_an_account(client, client_as, admin_user, liaison):
    for n in range(30):
        sign_in(client, "liaison", f"guess-{n}", REMOTE_ADDR=f"198.51.100.{n + 1}")
    admin = client_as(admin_user)
    page = admin.get(reverse("user-edit", args=[liaison.pk])).content.decode()
    assert "解除登录锁定" in page
    assert admin.post(reverse("user-unlock", args=[liaison.pk])).status_code == 302
    admin.logout()
    assert sign_in(client, "liaison", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302
    entry = AuditEntry.objects.get(action="user.unlocked")
    assert entry.actor == admin_user and entry.object_id == str(liaison.pk)


def test_only_an_administrator_unlocks(client_as, liaison, expert):
    response = client_as(expert).post(reverse("user-unlock", args=[liaison.pk]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="user.unlocked").exists()


# --- the client address: behind our proxies only -------------------------------------------


def test_a_forged_forwarded_for_escapes_neither_the_lockout_nor_the_throttle(api, liaison, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "5/min")
    answers = [
        token(api, f"someone-{n}", "guess", HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}").status_code
        for n in range(6)
    ]
    assert answers == [400] * 5 + [429]
    assert api.post(TOKEN, {}, format="json", HTTP_X_FORWARDED_FOR="192.0.2.77").json()["code"] == "throttled"


def test_a_forged_forwarded_for_does_not_escape_the_lockout(client, liaison):
    for n in range(30):
        sign_in(client, f"someone-{n}", "guess", HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}")
    response = sign_in(client, "liaison", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert response.status_code == 429


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_behind_a_proxy_the_address_it_saw_is_locked_out(client, liaison, expert, behind_one_proxy):
    for n in range(30):  # what the client wrote itself comes first, and proves nothing
        sign_in(client, f"someone-{n}", "guess", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.5")
    locked = sign_in(client, "expert", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    elsewhere = sign_in(client, "liaison", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert elsewhere.status_code == 302  # the same proxy, another client: not locked


def test_behind_a_proxy_the_throttle_counts_the_address_it_saw(api, liaison, behind_one_proxy, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "5/min")
    for n in range(5):
        token(api, "liaison", "guess", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.5")
    assert token(api, "liaison", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert token(api, "liaison", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200


def test_behind_a_proxy_the_audit_records_the_address_it_saw(client_as, liaison, behind_one_proxy):
    client = client_as(liaison)
    client.post(reverse("account"), {"name": "张晓雯", "email": liaison.email, "phone": "13700001234"},
                HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.5")
    assert AuditEntry.objects.get(action="user.profile_updated").ip_address == "203.0.113.5"
