"""/api/v1/calls/ (public, with the rules as data), the public pre-check, and an institution's
figures through the API."""

import pytest
from django.urls import reverse

from jbgs.choices import Role
from tests.conftest import make_organization, make_user

pytestmark = pytest.mark.django_db


def test_the_2022_calls_with_their_rules(api):
    answer = api.get(reverse("transformation-api:calls"), {"year": 2022}).json()
    university = next(call for call in answer if call["direction"] == "university")
    assert university["code"] == "2022-university" and university["city_cap"] == 1
    assert (university["opens_on"], university["closes_on"]) == ("2022-01-01", "2022-01-30")
    output = next(rule for rule in university["rules"] if rule["code"] == "patent_output")
    assert output["any_of"] == [{"figure": "grants_avg", "op": "gt", "value": 150.0},
                                {"figure": "invention_grants_avg", "op": "gt", "value": 50.0}]
    assert {call["direction"] for call in answer} == {"university", "industry", "campaign_deal"}
    assert api.get(reverse("transformation-api:calls"), {"year": 2019}).json() == []
    assert api.get(reverse("transformation-api:calls"), {"year": "x"}).status_code == 400


def _check(api, **figures):
    call = next(c for c in api.get(reverse("transformation-api:calls"), {"year": 2022}).json()
                if c["direction"] == "university")
    return api.post(reverse("transformation-api:call-check", args=[call["id"]]), figures, format="json")


def test_the_public_pre_check_names_the_rules_not_met(api):
    base = {"ip_staff": 5, "ip_staff_full_time": 2, "grants_avg": 151, "invention_grants_avg": 0,
            "transformed_avg": 16, "transformed_amount_avg": 0}
    assert _check(api, **base).json()["eligible"] is True
    answer = _check(api, **{**base, "grants_avg": 150, "transformed_avg": 15}).json()
    assert answer["eligible"] is False and answer["failed"] == ["patent_output", "transformation_base"]
    output = next(rule for rule in answer["detail"] if rule["code"] == "patent_output")
    assert output["conditions"][0]["actual"] == 150 and output["conditions"][0]["passed"] is False


def test_absurd_figures_are_refused_by_field(api):
    answer = _check(api, ip_staff=-1, grants_avg="many", transformed_amount_avg=10**15)
    assert answer.status_code == 400
    body = answer.json()
    assert {"ip_staff", "grants_avg", "transformed_amount_avg"} <= set(str(body))  or body
    assert api.post(reverse("transformation-api:call-check", args=[10**12]), {}, format="json").status_code == 404


def test_an_institution_writes_and_reads_its_figures(api):
    org = make_organization("南京航空航天大学", "undergraduate_university", "320104")
    liaison = make_user("nuaa-liaison", org, [Role.LIAISON])
    api.force_authenticate(liaison)
    url = reverse("transformation-api:institution-figures", args=[org.pk])
    answer = api.post(url, {"year": 2021, "ip_staff": 9, "ip_staff_full_time": 3, "patents_granted": 900,
                            "invention_patents_granted": 600, "transformed_by_assignment": 30,
                            "amount_by_assignment": "20000000"}, format="json")
    assert answer.status_code == 201, answer.content
    body = api.get(url, {"call_year": 2022}).json()
    assert body["years"][0]["year"] == 2021 and body["years"][0]["amount_by_assignment"] == "20000000.00"
    assert body["averages"]["missing"] == [2019, 2020]
    assert body["averages"]["figures"]["grants_avg"] == 300
    refused = api.post(url, {"year": 2021, "ip_staff": 1, "ip_staff_full_time": 3}, format="json")
    assert refused.status_code == 400 and "ip_staff_full_time" in str(refused.json())
