"""/api/v1/applications/ and the pages: a draft created, submitted, recommended and funded
through the API with its stable field names; a refusal naming the rules not met; the form's
pre-check, the city's cap counter and the digest check on the pages."""

import pytest
from django.urls import reverse

from tests.conftest import persona
from tests.transformation.application_helpers import (
    applicant,
    draft,
    form,
    university_call,
)
from transformation.services import applications as services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_the_window")]


def test_the_whole_way_through_the_api(api_as):
    _, liaison = applicant()
    created = api_as(liaison).post(reverse("transformation-api:applications"),
                                   {**form(), "call": university_call().pk}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert {"id", "call", "organization", "status", "title", "digest", "submitted_at"} <= set(created.json())
    assert created.json()["status"] == "draft" and created.json()["digest"] == ""
    submitted = api_as(liaison).post(reverse("transformation-api:application-submit", args=[pk]))
    assert submitted.status_code == 200 and len(submitted.json()["digest"]) == 64
    assert submitted.json()["submitted_at"]
    recommended = api_as(persona("organizer")).post(reverse("transformation-api:application-recommend", args=[pk]),
                                                     {"comment": "同意推荐"}, format="json")
    assert recommended.json()["status"] == "recommended"
    funded = api_as(persona("admin_user")).post(reverse("transformation-api:application-decide", args=[pk]),
                                                {"decision": "funded"}, format="json")
    assert funded.json()["status"] == "funded"
    listed = api_as(persona("organizer")).get(reverse("transformation-api:applications")).json()
    assert [row["id"] for row in listed["results"]] == [pk]
    verified = api_as(persona("admin_user")).post(reverse("transformation-api:application-verify", args=[pk]),
                                                  {"digest": submitted.json()["digest"]}, format="json")
    assert verified.json()["matches"] is True


def test_the_api_names_the_rules_not_met(api_as):
    _, liaison = applicant(grants=150)
    application = draft(liaison)
    refused = api_as(liaison).post(reverse("transformation-api:application-submit", args=[application.pk]))
    assert refused.status_code == 400
    assert refused.json()["failed"] == ["patent_output"] or "patent_output" in str(refused.json())


def test_the_form_shows_the_pre_check_and_the_city_its_cap(client_as):
    _, liaison = applicant(grants=150)
    page = client_as(liaison).get(reverse("transformation:apply", args=[university_call().pk]))
    assert b'data-eligible="false"' in page.content and b'data-rule="patent_output" data-passed="false"' in page.content
    _, other = applicant("苏州科技大学", "320505", "usts")
    application = services.submit(actor=other, application=draft(other, title="苏科大运营中心"))
    services.recommend(actor=persona("organizer"), application=application)
    city = client_as(persona("organizer")).get(reverse("transformation:city-applications"))
    assert b'data-call="2022-university" data-held="1"' in city.content


def test_a_wrong_digest_is_told(client_as):
    _, liaison = applicant()
    application = services.submit(actor=liaison, application=draft(liaison))
    client = client_as(liaison)
    answer = client.post(reverse("transformation:application-verify", args=[application.pk]), {"digest": "0" * 64},
                         follow=True)
    assert "不一致" in answer.content.decode()
    answer = client.post(reverse("transformation:application-verify", args=[application.pk]),
                         {"digest": application.digest}, follow=True)
    assert "摘要一致" in answer.content.decode()
