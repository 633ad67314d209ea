"""The call's page leads to applying: one who speaks for a unit that may apply to the call (its
kind admitted, the window open) sees "Apply", linking to the apply page; once the unit has an
application for the call, the page links to it instead; nobody else sees either."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from jbgs.choices import Role
from tests.conftest import make_organization, make_user
from tests.transformation.application_helpers import (
    IN_THE_WINDOW,
    applicant,
    draft,
    university_call,
)
from transformation.models import Call
from transformation.services.applications import withdraw

pytestmark = pytest.mark.django_db

APPLY, OWN = 'data-testid="apply"', 'data-testid="own-application"'


def page(client, call: Call) -> str:
    answer = client.get(reverse("transformation:call", args=[call.pk]))
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_liaison_whose_unit_may_apply_sees_apply_while_the_window_is_open(client_as):
    _org, liaison = applicant()
    call = university_call()
    with freeze_time(IN_THE_WINDOW):
        shown = page(client_as(liaison), call)
    assert APPLY in shown and OWN not in shown
    assert f'href="{reverse("transformation:apply", args=[call.pk])}"' in shown
    after = page(client_as(liaison), call)  # today: the 2022 window has closed
    assert APPLY not in after and OWN not in after


def test_once_the_unit_has_applied_the_page_links_to_its_application(client_as):
    _org, liaison = applicant()
    call = university_call()
    with freeze_time(IN_THE_WINDOW):
        application = draft(liaison)
        shown = page(client_as(liaison), call)
        assert OWN in shown and APPLY not in shown
        assert f'href="{reverse("transformation:application", args=[application.pk])}"' in shown
        withdraw(actor=liaison, application=application)
        assert APPLY in page(client_as(liaison), call)  # withdrawn: it may apply again
    # After the window the application is still one click away.
    with freeze_time(IN_THE_WINDOW):
        again = draft(liaison)
    assert f'href="{reverse("transformation:application", args=[again.pk])}"' in page(client_as(liaison), call)


def test_nobody_else_sees_the_way_to_apply(client, client_as):
    org, liaison = applicant()
    expert = make_user("suda-expert", org, [Role.EXPERT])
    enterprise_org = make_organization("苏州某科技有限公司", "enterprise", "320506")
    enterprise = make_user("ent", enterprise_org, [Role.LIAISON])
    university, industry = university_call(), Call.objects.get(code="2022-industry")
    with freeze_time(IN_THE_WINDOW):
        assert APPLY not in page(client, university)  # anonymous
        assert APPLY not in page(client_as(expert), university)  # not one who speaks for the unit
        assert APPLY not in page(client_as(enterprise), university)  # a kind the call does not admit
        assert APPLY not in page(client_as(liaison), industry)  # the industry call takes parks only
        draft(liaison)
        assert OWN not in page(client_as(expert), university)
