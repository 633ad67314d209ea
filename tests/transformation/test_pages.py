"""The calls' pages: anyone reads a call's conditions and checks figures typed in; a signed-in
institution sees its own figures' averages checked on arrival; its figures page shows the
years with their change, and the form opens on the year after the latest."""

import pytest
from django.urls import reverse

from jbgs.choices import Role
from jbgs.parsing import TYPED_UNIT
from tests.conftest import make_organization, make_user
from transformation.models import Call
from transformation.services.figures import save_figures

pytestmark = pytest.mark.django_db


def test_anyone_checks_figures_against_a_call(client):
    call = Call.objects.get(code="2022-university")
    page = client.get(reverse("transformation:call", args=[call.pk])).content.decode()
    assert 'data-rule="patent_output"' in page and 'data-testid="verdict"' not in page
    answer = client.post(reverse("transformation:call", args=[call.pk]), {
        "ip_staff": "5", "ip_staff_full_time": "2", "grants_avg": "150", "invention_grants_avg": "50",
        "transformed_avg": "16"}).content.decode()
    assert 'data-eligible="false"' in answer
    assert 'data-rule="patent_output" data-passed="false"' in answer
    assert 'data-rule="transformation_base" data-passed="true"' in answer
    refused = client.post(reverse("transformation:call", args=[call.pk]), {"ip_staff": "-1"})
    assert refused.status_code == 200 and 'data-testid="verdict"' not in refused.content.decode()
    assert client.get(reverse("transformation:call", args=[10**9])).status_code == 404


def test_an_institution_sees_its_own_averages_checked(client_as):
    org = make_organization("南京林业大学", "undergraduate_university", "320102")
    liaison = make_user("njfu-liaison", org, [Role.LIAISON])
    for year, grants, transformed in ((2019, 200, 18), (2020, 210, 20), (2021, 220, 22)):
        save_figures(actor=liaison, organization=org, year=year, unit=TYPED_UNIT, data={
            "ip_staff": 6, "ip_staff_full_time": 2, "patents_granted": grants, "invention_patents_granted": 60,
            "transformed_by_assignment": transformed})
    client = client_as(liaison)
    page = client.get(reverse("transformation:call", args=[Call.objects.get(code="2022-university").pk]))
    html = page.content.decode()
    assert 'data-testid="own-figures"' in html and 'data-eligible="true"' in html
    figures = client.get(reverse("transformation:figures", args=[org.pk])).content.decode()
    assert 'data-year="2021"' in figures and 'data-change="0.1"' in figures
    assert 'name="year" value="2022"' in figures
    assert client.get(reverse("transformation:my-figures")).url == reverse("transformation:figures", args=[org.pk])
