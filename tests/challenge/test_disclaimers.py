"""The 《免责声明》: anyone reads the current version; demanders, solvers and experts accept it
once per version (who, when, from where, audited); a new version asks them again; only
administrators publish versions, and a version refused is not half-written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from challenge.models import Disclaimer, DisclaimerAcceptance
from challenge.services import disclaimers
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.models import AuditEntry

# The personas come through request.getfixturevalue: the mark tells pytest-django these tests use
# the database, so that it runs them before the transactional tests that flush it.
pytestmark = pytest.mark.django_db


def test_the_first_version_is_the_2023_text_and_anyone_reads_it(client, db):
    current = disclaimers.current()
    assert current.version == "2023" and "进行公开赛事（现场路演、挑战比拼）须征得需求方和技术供给方同意" in current.text
    page = client.get(reverse("challenge:disclaimer")).text
    assert "须征得需求方和技术供给方同意" in page and "登录后确认" in page


@pytest.mark.parametrize("persona", ["enterprise_user", "solver", "expert"])
def test_a_demander_solver_or_expert_accepts_once_with_who_when_and_where(persona, request, client_as):
    user = request.getfixturevalue(persona)
    client = client_as(user)
    with pytest.raises(disclaimers.DisclaimerRequired):
        disclaimers.ensure(user)
    assert "我已阅读并同意《免责声明》" in client.get(reverse("challenge:disclaimer")).text
    answer = client.post(reverse("challenge:disclaimer"), {"version": "2023"}, REMOTE_ADDR="203.0.113.9")
    assert answer.status_code == 302
    acceptance = DisclaimerAcceptance.objects.get(accepted_by=user)
    assert (acceptance.disclaimer.version, acceptance.ip_address) == ("2023", "203.0.113.9")
    assert abs(acceptance.accepted_at - timezone.now()) < datetime.timedelta(minutes=1)
    disclaimers.ensure(user)  # no longer raises
    client.post(reverse("challenge:disclaimer"), {"version": "2023"})  # again: the first record stays
    assert DisclaimerAcceptance.objects.filter(accepted_by=user).count() == 1
    assert AuditEntry.objects.filter(action="challenge.disclaimer.accepted", actor=user).count() == 1
    assert "您已于" in client.get(reverse("challenge:disclaimer")).text


@pytest.mark.parametrize("persona", ["admin_user", "bidder", "manager", "organizer", "outsider"])
def test_other_people_do_not_accept_it(persona, request, client_as):
    user = request.getfixturevalue(persona)
    assert client_as(user).post(reverse("challenge:disclaimer"), {"version": "2023"}).status_code == 403
    with pytest.raises(NotAllowed):
        disclaimers.accept(actor=user, version="2023")
    assert not DisclaimerAcceptance.objects.exists()


def test_a_visitor_is_asked_to_sign_in(client, db):
    answer = client.post(reverse("challenge:disclaimer"), {"version": "2023"})
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_a_new_version_asks_again_and_a_page_read_before_it_is_not_accepted(admin_user, solver):
    disclaimers.accept(actor=solver, version="2023")
    later = timezone.now() + datetime.timedelta(seconds=1)
    disclaimers.publish(actor=admin_user, version="2024", text="新版免责声明正文", now=later)
    with pytest.raises(disclaimers.DisclaimerRequired):
        disclaimers.ensure(solver, now=later)
    with pytest.raises(DomainError) as refused:
        disclaimers.accept(actor=solver, version="2023", now=later)
    assert refused.value.code == "disclaimer_changed"
    disclaimers.accept(actor=solver, version="2024", now=later)
    disclaimers.ensure(solver, now=later)
    assert list(DisclaimerAcceptance.objects.filter(accepted_by=solver).order_by("accepted_at")
                .values_list("disclaimer__version", flat=True)) == ["2023", "2024"]


def test_accepting_returns_to_the_page_it_came_from_on_this_site_only(client_as, enterprise_user):
    client = client_as(enterprise_user)
    back = client.post(reverse("challenge:disclaimer"), {"version": "2023", "next": "/challenge/mine/"})
    assert back["Location"] == "/challenge/mine/"
    elsewhere = client.post(reverse("challenge:disclaimer"), {"version": "2023", "next": "https://evil.example/"})
    assert elsewhere["Location"] == reverse("challenge:disclaimer")


def test_publishing_checks_each_field_and_writes_nothing_when_refused(admin_user, solver, client_as):
    before = Disclaimer.objects.count()
    for version, text, field in (("", "正文", "version"), ("2023", "正文", "version"), ("2025", " \x00 ", "text"),
                                 ("2025", "长" * 20001, "text")):
        with pytest.raises(ValidationError) as refused:
            disclaimers.publish(actor=admin_user, version=version, text=text)
        assert field in refused.value.error_dict
    with pytest.raises(NotAllowed):
        disclaimers.publish(actor=solver, version="2025", text="正文")
    page = client_as(admin_user).post(reverse("challenge:disclaimers-manage"), {"version": "2023", "text": "正文"})
    assert page.status_code == 200 and "版本 2023 已存在" in page.text
    assert Disclaimer.objects.count() == before and not AuditEntry.objects.filter(
        action="challenge.disclaimer.published").exists()
    done = client_as(admin_user).post(reverse("challenge:disclaimers-manage"), {"version": "2025", "text": "二〇二五年版"})
    assert done.status_code == 302 and disclaimers.current().version == "2025"
    assert AuditEntry.objects.filter(action="challenge.disclaimer.published", actor=admin_user).count() == 1
