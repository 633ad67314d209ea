"""/api/v1/auction/items/ and /lists/: the same rules as the form, and the same privacy."""

from django.core.files.uploadedfile import SimpleUploadedFile

from auction.models import Item
from auction.services.items import save_item
from tests.auction.conftest import patent_data, valid_numbers
from tests.conftest import make_organization, make_user


def api_patent(submission_list, number="ZL201710601862.3", **changes):
    data = {
        "list": submission_list.pk, "kind": "patent", "title": "一种锂电池健康状态估计方法", "field": "new_energy",
        "summary": "本发明公开了一种方法。", "maturity": "sample", "trade_modes": ["assignment"],
        "asking_price": "500000.00", "application_number": number, "application_date": "2019-07-21",
        "grant_date": "2022-03-15", "legal_status": "valid",
    }
    data.update(changes)
    return data


def test_a_liaison_adds_an_item_through_the_api(api_as, liaison, unit_list):
    response = api_as(liaison).post("/api/v1/auction/items/", api_patent(unit_list), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["application_number"] == "201710601862.3" and body["patent_type"] == "invention"
    assert body["field"] == "new_energy" and body["organization"] == "南京工业大学"


def test_the_api_reads_dates_and_amounts_as_the_forms_do(api_as, liaison, unit_list):
    data = api_patent(unit_list, grant_date="2022年3月15日", application_date="2019.7.21", asking_price="50万")
    body = api_as(liaison).post("/api/v1/auction/items/", data, format="json").json()
    assert (body["grant_date"], body["application_date"], body["asking_price"]) == (
        "2022-03-15", "2019-07-21", "500000.00")
    assert body["campaign"] == unit_list.campaign_id and body["year"] == unit_list.campaign.year
    wrong = api_as(liaison).patch(f"/api/v1/auction/items/{body['id']}/", {"asking_price": "五十万",
                                                                          "grant_date": "2022.13.1"}, format="json")
    assert wrong.status_code == 400
    assert {(e["field"], e["code"]) for e in wrong.json()["errors"]} == {
        ("asking_price", "invalid_amount"), ("grant_date", "invalid_date")}
    assert Item.objects.get().asking_price == 500000


def test_the_years_rules_answer_with_the_field_and_code(api_as, liaison, unit_list):
    response = api_as(liaison).post("/api/v1/auction/items/", api_patent(unit_list, grant_date="2019-05-01"),
                                    format="json")
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["code"]) == ("grant_date", "granted_too_early")
    unknown = api_as(liaison).post("/api/v1/auction/items/", api_patent(unit_list, field="biomedicine"), format="json")
    assert unknown.status_code == 400 and unknown.json()["field"] == "field"
    assert not Item.objects.exists()


def test_lists_show_their_compliance_and_submit_refuses_with_a_reason(api_as, liaison, unit_list, field_2023):
    save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    client = api_as(liaison)
    body = client.get(f"/api/v1/auction/lists/{unit_list.pk}/").json()
    checks = {c["code"]: c for c in body["compliance"]}
    assert checks["min_items"]["count"] == 1 and checks["min_items"]["ok"] is False
    assert body["counts"]["patents"] == 1 and body["problems"]
    response = client.post(f"/api/v1/auction/lists/{unit_list.pk}/submit/")
    assert response.status_code == 409 and response.json()["code"] == "agreement_required"


def test_a_liaison_sees_only_their_units_items_and_lists(api_as, liaison, unit_list, field_2023, auction_2023):
    save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    other = make_organization("东南大学", "undergraduate_university", "320102")
    other_liaison = make_user("seu", other, ["liaison"])
    client = api_as(other_liaison)
    assert client.get("/api/v1/auction/items/").json()["count"] == 0
    assert client.get("/api/v1/auction/lists/").json()["count"] == 0
    denied = client.post("/api/v1/auction/items/", api_patent(unit_list, valid_numbers(2)[1]), format="json")
    assert denied.status_code == 403


def test_an_administrator_sees_every_item(api_as, admin_user, liaison, unit_list, field_2023):
    save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    assert api_as(admin_user).get("/api/v1/auction/items/").json()["count"] == 1


def test_visitors_and_role_less_users_see_nothing(api, api_as, outsider, liaison, unit_list, field_2023):
    save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    assert api.get("/api/v1/auction/items/").status_code == 401
    assert api_as(outsider).get("/api/v1/auction/items/").json()["count"] == 0


def test_importing_through_the_api_answers_202_then_the_jobs_result(api_as, liaison, auction_2023,
                                                                    django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.auction import spreadsheets

    client = api_as(liaison)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/auction/imports/", {
            "file": SimpleUploadedFile("清单.xlsx", spreadsheets.xlsx()), "kind": "patent",
            "campaign": auction_2023.pk}, format="multipart")
    assert response.status_code == 202 and set(response.json()) == {"id", "status"}
    job = client.get(f"/api/v1/auction/imports/{response.json()['id']}/").json()
    assert job["status"] == "done" and (job["total_rows"], job["created"], job["updated"]) == (10, 4, 0)
    assert (job["error_count"], job["rejected_rows"]) == (6, 6)
    errors = client.get(f"/api/v1/auction/imports/{job['id']}/errors/").json()
    assert {"row", "column", "message"} == set(errors["results"][0]) and errors["count"] == 6


def test_an_import_of_another_user_is_not_found(api_as, liaison, solver, auction_2023,
                                                django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.auction import spreadsheets

    with django_capture_on_commit_callbacks(execute=True):
        job_id = api_as(liaison).post("/api/v1/auction/imports/", {
            "file": SimpleUploadedFile("清单.xlsx", spreadsheets.xlsx()), "kind": "patent",
            "campaign": auction_2023.pk}, format="multipart").json()["id"]
    assert api_as(solver).get(f"/api/v1/auction/imports/{job_id}/").status_code == 404
    refused = api_as(solver).post("/api/v1/auction/imports/", {
        "file": SimpleUploadedFile("清单.xlsx", spreadsheets.xlsx()), "kind": "patent",
        "campaign": auction_2023.pk}, format="multipart")
    assert refused.status_code == 403


def test_an_api_client_takes_a_list_the_whole_way_to_submission(api_as, admin_user):
    """Contacts and experts, the agreement, an item with evidence, the sealed copy, submit."""
    from tests.auction import bidding
    from tests.auction.conftest import open_for_submissions

    seller = bidding.seller_liaison()
    client = api_as(seller)
    campaign = open_for_submissions(2023)
    lst = client.post("/api/v1/auction/lists/", {"campaign": campaign.pk}, format="json").json()
    item = client.post("/api/v1/auction/items/", api_patent(type("L", (), {"pk": lst["id"]}),
                                                           patentees=bidding.SELLER), format="json")
    assert item.status_code == 201, item.json()
    pdf = SimpleUploadedFile("检测报告.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(f"/api/v1/auction/items/{item.json()['id']}/attachments/", {"file": pdf},
                       format="multipart").status_code == 201
    refused = client.post(f"/api/v1/auction/lists/{lst['id']}/submit/")
    assert refused.status_code == 409 and refused.json()["code"] in ("agreement_required", "list_not_ready")
    patched = client.patch(f"/api/v1/auction/lists/{lst['id']}/", {
        "liaison_name": "沈立", "liaison_phone": "0512-62872500", "liaison_email": "shenli@sinano.example.cn",
        "experts": [{"name": "王研究员", "title": "研究员", "speciality": "纳米材料", "phone": "", "email": ""}]},
        format="json")
    assert patched.status_code == 200 and patched.json()["experts"][0]["name"] == "王研究员"
    sealed = SimpleUploadedFile("盖章件.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(f"/api/v1/auction/lists/{lst['id']}/sealed-copy/", {"file": sealed},
                       format="multipart").json()["has_sealed_copy"]
    org = seller.organization_id
    assert client.post(f"/api/v1/organizations/{org}/accept-agreement/").json()["agreement_accepted"]
    submitted = client.post(f"/api/v1/auction/lists/{lst['id']}/submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
