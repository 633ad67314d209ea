"""The project library (跟踪问效): an administrator names the responsible manager, who records
follow-ups through the stages; a due follow-up is reminded once a day."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from challenge.models import Cooperation
from challenge.services import cooperations as cooperation_services
from challenge.services import solutions as solution_services
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.models import AuditEntry, Notification
from tests.challenge.test_solutions import _answer, published  # noqa: F401 (a fixture)


@pytest.fixture
def cooperation(solver, enterprise_user, published):  # noqa: F811
    return solution_services.record_intention(actor=enterprise_user, solution=_answer(solver, published))


def test_the_manager_follows_up_through_the_stages(client_as, admin_user, manager, enterprise_user, cooperation):
    with pytest.raises(NotAllowed):
        cooperation_services.record_follow_up(actor=manager, cooperation=cooperation, note="x", stage="intention")
    with pytest.raises(DomainError):
        cooperation_services.assign_manager(actor=admin_user, cooperation=cooperation, manager=enterprise_user)
    client_as(admin_user).post(reverse("challenge:cooperation", args=[cooperation.pk]), {"manager": manager.pk})
    cooperation.refresh_from_db()
    assert cooperation.manager == manager
    client = client_as(manager)
    assert cooperation.demand.title in client.get(reverse("challenge:cooperations")).text
    follow_up = {"note": "双方已签订技术开发合同", "stage": "contract_signed", "next_on": ""}
    skipped = client.post(reverse("challenge:cooperation", args=[cooperation.pk]), follow_up)
    assert skipped.status_code == 200 and "stage" in skipped.context["form"].errors  # not without its contract
    signed = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    client.post(reverse("challenge:cooperation-contract", args=[cooperation.pk]),
                {"contract_number": "JS2023-0815", "contract_amount": "80", "signed_on": signed})
    client.post(reverse("challenge:cooperation", args=[cooperation.pk]), follow_up)
    cooperation.refresh_from_db()
    assert cooperation.stage == "contract_signed" and cooperation.deal.contract_amount == 800000
    assert cooperation.next_follow_up_on == timezone.localdate() + datetime.timedelta(days=90)
    with pytest.raises(InvalidTransition):
        cooperation_services.record_follow_up(actor=manager, cooperation=cooperation, note="倒退", stage="intention")
    with pytest.raises(DomainError):
        cooperation_services.record_follow_up(actor=manager, cooperation=cooperation, note="\x00 ", stage="in_progress")
    cooperation_services.record_follow_up(actor=manager, cooperation=cooperation, note="项目验收", stage="completed")
    cooperation.refresh_from_db()
    assert (cooperation.stage, cooperation.next_follow_up_on, cooperation.follow_ups.count()) == ("completed", None, 2)
    assert AuditEntry.objects.filter(action="challenge.cooperation.follow_up", object_id=str(cooperation.pk),
                                     to_state="completed").exists()


def test_a_due_follow_up_is_reminded_once_a_day(admin_user, manager, cooperation):
    cooperation_services.assign_manager(actor=admin_user, cooperation=cooperation, manager=manager)
    due = cooperation.next_follow_up_on
    assert cooperation_services.remind_due(due - datetime.timedelta(days=1)) == 0
    assert cooperation_services.remind_due(due) == 1
    assert cooperation_services.remind_due(due) == 0  # repeated the same day
    assert cooperation_services.remind_due(due + datetime.timedelta(days=3)) == 1  # still due, a later day
    assert Notification.objects.filter(recipient=manager, kind="challenge.cooperation.follow_up_due").count() == 2


def test_others_never_see_the_library_or_a_cooperation(client_as, enterprise_user, solver, expert, cooperation):
    for user in (enterprise_user, solver, expert):
        assert client_as(user).get(reverse("challenge:cooperations")).status_code == 403
        assert client_as(user).get(reverse("challenge:cooperation", args=[cooperation.pk])).status_code == 404
    assert Cooperation.objects.count() == 1
