"""A unit's first submission waits until it has accepted the 委托服务协议."""

import pytest
from django.urls import reverse

from jbgs.exceptions import AgreementRequired, NotAllowed
from jbgs.models import AgreementAcceptance, AuditEntry
from jbgs.services.organizations import accept_agreement, has_accepted_agreement, require_agreement


def test_a_unit_that_has_not_accepted_cannot_submit(university):
    with pytest.raises(AgreementRequired) as error:
        require_agreement(university)
    assert error.value.code == "agreement_required"


def test_the_liaison_accepts_in_the_browser_and_who_and_when_are_recorded(
    client_as, liaison, university
):
    response = client_as(liaison).post(reverse("organization-agreement", args=[university.pk]))
    assert response.status_code == 302
    acceptance = AgreementAcceptance.objects.get(organization=university)
    assert acceptance.accepted_by == liaison and acceptance.accepted_at is not None
    assert acceptance.ip_address == "127.0.0.1"
    assert AuditEntry.objects.filter(
        action="organization.agreement_accepted", actor=liaison
    ).exists()
    require_agreement(university)  # no longer raises


def test_accepting_twice_keeps_the_first_record(liaison, university, admin_user):
    first = accept_agreement(organization=university, actor=liaison)
    second = accept_agreement(organization=university, actor=admin_user)
    assert first.pk == second.pk and second.accepted_by == liaison
    assert AuditEntry.objects.filter(action="organization.agreement_accepted").count() == 1


@pytest.mark.parametrize("persona", ["solver", "expert", "enterprise_user", "outsider"])
def test_only_the_units_own_submitting_contact_may_accept(request, persona, university):
    user = request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        accept_agreement(organization=university, actor=user)
    assert not has_accepted_agreement(university)


def test_members_of_another_unit_cannot_even_open_the_page(client_as, enterprise_user, university):
    response = client_as(enterprise_user).get(
        reverse("organization-agreement", args=[university.pk])
    )
    assert response.status_code == 403


def test_the_home_page_asks_the_liaison_to_accept(client_as, liaison, university):
    page = client_as(liaison).get(reverse("home")).content.decode()
    assert reverse("organization-agreement", args=[university.pk]) in page
