"""/api/v1/stock-patents/: the caller's patents a page at a time, one with its evaluations, an
evaluation recorded; /api/v1/stock-patents/imports/: a workbook posted, its job followed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.transformation.stock import institution, rows, stock, workbook
from transformation.models import StockPatent

pytestmark = pytest.mark.django_db


def test_the_list_is_paginated_and_holds_only_what_the_caller_may_see(api_as, enterprise_user):
    org, liaison = institution()
    stock(org, 3)
    other, _other_liaison = institution("扬州市职业大学", username="yzpc")
    stock(other, 2, start=10)
    answer = api_as(liaison).get("/api/v1/stock-patents/").json()
    assert answer["count"] == 3 and {p["organization"] for p in answer["results"]} == {org.pk}
    first = answer["results"][0]
    assert set(first) >= {"id", "application_number", "title", "patent_type", "stage", "field", "sub_field",
                          "open_licence_fee", "open_licence_payment"}
    assert api_as(enterprise_user).get("/api/v1/stock-patents/").json()["count"] == 0
    other_patent = StockPatent.objects.filter(organization=other).first()
    assert api_as(liaison).get(f"/api/v1/stock-patents/{other_patent.pk}/").status_code == 404


def test_an_evaluation_is_recorded_and_read_back(api_as):
    org, liaison = institution()
    patent, = stock(org, 1)
    client = api_as(liaison)
    answer = client.post(f"/api/v1/stock-patents/{patent.pk}/evaluations/", {
        "kind": "inventor", "maturity": 2, "market": 4, "value": 3, "recommended": True}, format="json")
    assert answer.status_code == 201, answer.json()
    detail = client.get(f"/api/v1/stock-patents/{patent.pk}/").json()
    assert detail["stage"] == "evaluated" and detail["evaluations"][0]["kind"] == "inventor"
    refused = client.post(f"/api/v1/stock-patents/{patent.pk}/evaluations/", {
        "kind": "third_party", "maturity": 2, "market": 4, "value": 3, "recommended": True}, format="json")
    assert refused.status_code == 403
    wrong = client.post(f"/api/v1/stock-patents/{patent.pk}/evaluations/", {
        "kind": "inventor", "maturity": 9, "market": 4, "value": 3, "recommended": True}, format="json")
    assert wrong.status_code == 400 and "maturity" in str(wrong.json())


def test_a_workbook_is_imported_through_the_api(api_as, django_capture_on_commit_callbacks):
    org, liaison = institution()
    client = api_as(liaison)
    lines = rows(2)
    lines[1][1] = "123"
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/api/v1/stock-patents/imports/", {
            "file": SimpleUploadedFile("存量.xlsx", workbook(lines))}, format="multipart")
    assert answer.status_code == 202, answer.json()
    job = client.get(f"/api/v1/stock-patents/imports/{answer.json()['id']}/").json()
    assert job["status"] == "failed" and job["error_count"] == 1 and job["organization"] == org.pk
    errors = client.get(f"/api/v1/stock-patents/imports/{job['id']}/errors/").json()["results"]
    assert errors == [{"row": 4, "column": "申请号", "message": errors[0]["message"]}]
    assert client.get("/api/v1/stock-patents/imports/").json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/api/v1/stock-patents/imports/", {
            "file": SimpleUploadedFile("存量.xlsx", workbook(rows(2)))}, format="multipart").json()
    assert client.get(f"/api/v1/stock-patents/imports/{done['id']}/").json()["created"] == 2


def test_an_enterprise_cannot_import_into_a_university(api_as, enterprise_user):
    org, _liaison = institution()
    answer = api_as(enterprise_user).post("/api/v1/stock-patents/imports/", {
        "file": SimpleUploadedFile("存量.xlsx", workbook(rows(1))), "organization": org.pk}, format="multipart")
    assert answer.status_code == 403


def test_a_bad_filter_is_refused_by_name(api_as):
    org, liaison = institution()
    client = api_as(liaison)
    url = reverse("transformation-api:stock-patents")
    for query, name in (({"organization": "9" * 30}, "organization"), ({"field": "new\x00energy"}, "field"),
                        ({"stage": "sold"}, "stage")):
        answer = client.get(url, query)
        assert answer.status_code == 400 and name in str(answer.json()), (query, answer.content)
    assert client.get(url, {"organization": org.pk, "stage": "imported"}).status_code == 200
