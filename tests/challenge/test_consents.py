"""Consent to a public contest: each side of a pair records its own on the solution's page,
having accepted the 《免责声明》 (who and when, audited, the other side told); it may be
withdrawn and given again; nobody else may give it, and nothing is written when it is refused."""

import pytest
from django.urls import reverse

from challenge.models import ContestConsent
from challenge.services import consents, disclaimers
from challenge.services import solutions as solution_services
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.models import AuditEntry, Notification
from tests.challenge.test_solutions import _answer, published  # noqa: F401 (a fixture)
from tests.conftest import make_organization, make_user


@pytest.fixture
def cooperation(solver, enterprise_user, published):  # noqa: F811
    return solution_services.record_intention(actor=enterprise_user, solution=_answer(solver, published))


def _accept(*users):
    for user in users:
        disclaimers.accept(actor=user, version=disclaimers.current().version)


def test_each_side_consents_on_the_solution_page_and_the_other_is_told(client_as, enterprise_user, solver,
                                                                       cooperation):
    _accept(enterprise_user, solver)
    page = reverse("challenge:solution", args=[cooperation.solution_id])
    url = reverse("challenge:cooperation-consent", args=[cooperation.pk])
    assert "同意参加公开赛事" in client_as(enterprise_user).get(page).text
    assert client_as(enterprise_user).post(url, {"action": "give"})["Location"] == page
    assert Notification.objects.filter(recipient=solver, kind="challenge.consent").exists()
    client_as(solver).post(url, {"action": "give"})
    client_as(solver).post(url, {"action": "give"})  # twice: the first stays
    live = consents.live_consents(cooperation)
    assert {side: c.given_by for side, c in live.items()} == {"enterprise": enterprise_user, "solver": solver}
    assert ContestConsent.objects.count() == 2
    assert AuditEntry.objects.filter(action="challenge.consent.given", object_id=str(cooperation.pk)).count() == 2
    text = client_as(enterprise_user).get(page).text
    assert text.count("已同意") >= 2 and "撤回同意" in text


def test_without_the_disclaimer_the_consent_waits_for_it(client_as, enterprise_user, cooperation):
    page = reverse("challenge:solution", args=[cooperation.solution_id])
    answer = client_as(enterprise_user).post(reverse("challenge:cooperation-consent", args=[cooperation.pk]),
                                             {"action": "give"})
    assert answer["Location"].startswith(reverse("challenge:disclaimer")) and "next=" in answer["Location"]
    assert not ContestConsent.objects.exists()
    assert "请先阅读并确认《免责声明》" in client_as(enterprise_user).get(page).text
    with pytest.raises(disclaimers.DisclaimerRequired):
        consents.give(actor=enterprise_user, cooperation=cooperation)


def test_nobody_else_consents_for_a_side(client, client_as, admin_user, expert, outsider, cooperation):
    other_solver = make_user("other-solver", make_organization("苏州大学", "undergraduate_university", "320508"),
                             ["solver"])
    url = reverse("challenge:cooperation-consent", args=[cooperation.pk])
    for user in (admin_user, expert, outsider, other_solver):
        assert client_as(user).post(url, {"action": "give"}).status_code == 404
        with pytest.raises(NotAllowed):
            consents.give(actor=user, cooperation=cooperation)
    client.logout()
    assert "/login/" in client.post(url, {"action": "give"})["Location"]
    assert not ContestConsent.objects.exists()


def test_a_side_withdraws_and_consents_again(client_as, enterprise_user, solver, cooperation):
    _accept(solver)
    with pytest.raises(DomainError) as nothing:
        consents.withdraw(actor=solver, cooperation=cooperation)
    assert nothing.value.code == "no_consent"
    first = consents.give(actor=solver, cooperation=cooperation)
    client_as(solver).post(reverse("challenge:cooperation-consent", args=[cooperation.pk]), {"action": "withdraw"})
    first.refresh_from_db()
    assert (first.withdrawn_by, first.withdrawn_at is not None) == (solver, True)
    assert consents.live_consents(cooperation) == {}
    again = consents.give(actor=solver, cooperation=cooperation)
    assert again.pk != first.pk and ContestConsent.objects.filter(cooperation=cooperation).count() == 2
    assert AuditEntry.objects.filter(action="challenge.consent.withdrawn", actor=solver).count() == 1


def test_a_stopped_cooperation_takes_no_consent(enterprise_user, cooperation):
    _accept(enterprise_user)
    cooperation.stage = "stopped"
    cooperation.save(update_fields=["stage"])
    with pytest.raises(DomainError) as refused:
        consents.give(actor=enterprise_user, cooperation=cooperation)
    assert refused.value.code == "cooperation_stopped" and not ContestConsent.objects.exists()
