"""The API's stable paths, its token authentication, and its error bodies."""

import pytest

from jbgs.demo import credit_code_for
from jbgs.models import AuditEntry, Organization, User
from tests.conftest import PASSWORD


def test_a_token_is_exchanged_for_a_user_name_and_password(api, liaison):
    response = api.post(
        "/api/v1/auth/token/", {"username": "liaison", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/").json()
    assert me["username"] == "liaison" and me["roles"] == ["liaison"]
    assert (
        me["organization"]["name"] == "南京工业大学"
        and me["organization"]["agreement_accepted"] is False
    )


def test_issuing_and_revoking_a_token_is_audited_once_each(api, liaison):
    for _ in range(2):
        token = api.post(
            "/api/v1/auth/token/", {"username": "liaison", "password": PASSWORD}, format="json"
        ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.delete("/api/v1/auth/token/revoke/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401
    actions = AuditEntry.objects.filter(object_id=str(liaison.pk)).order_by("id")
    assert list(actions.values_list("action", flat=True)) == ["user.token_created", "user.token_revoked"]


def test_a_wrong_password_gets_a_clear_error_in_chinese_by_default(api, liaison):
    response = api.post(
        "/api/v1/auth/token/", {"username": "liaison", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_credentials"
    assert "用户名或密码" in body["detail"]


def test_errors_follow_the_requested_language(api, liaison):
    response = api.post(
        "/api/v1/auth/token/",
        {"username": "liaison", "password": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "user name or password" in response.json()["detail"]


def test_a_bad_token_is_refused(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token 0000")
    response = api.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_malformed_json_is_a_400_not_a_500(api_as, admin_user):
    response = api_as(admin_user).post(
        "/api/v1/organizations/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def org_payload(**changes):
    data = {
        "name": "无锡智联装备有限公司",
        "kind": "enterprise",
        "is_high_tech": True,
        "credit_code": credit_code_for("无锡智联装备有限公司", "enterprise", "320214"),
        "region": "320214",
        "contact_name": "冯磊",
        "contact_phone": "0510-85201234",
        "contact_email": "fenglei@zhilian.example.cn",
    }
    data.update(changes)
    return data


def test_administrator_registers_a_unit_which_is_active_and_audited(api_as, admin_user):
    response = api_as(admin_user).post("/api/v1/organizations/", org_payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "active" and body["region_name"] == "江苏省无锡市新吴区"
    assert AuditEntry.objects.filter(
        action="organization.created", object_id=str(body["id"])
    ).exists()


def test_an_invalid_credit_code_names_the_field_and_has_a_stable_code(api_as, admin_user):
    response = api_as(admin_user).post(
        "/api/v1/organizations/", org_payload(credit_code="91350100M000100Y44"), format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("invalid_credit_code", "credit_code")
    assert body["detail"].startswith("credit_code:")


def test_a_rule_on_the_model_is_enforced_through_the_api_too(api_as, admin_user):
    response = api_as(admin_user).post(
        "/api/v1/organizations/", org_payload(kind="research_institute"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "is_high_tech"
    assert not Organization.objects.filter(name="无锡智联装备有限公司").exists()


def test_a_duplicate_unit_is_refused(api_as, admin_user, enterprise_org):
    response = api_as(admin_user).post(
        "/api/v1/organizations/", org_payload(credit_code=enterprise_org.credit_code), format="json"
    )
    assert response.status_code == 400 and response.json()["field"] == "credit_code"


def test_organizations_can_be_filtered(
    api_as, admin_user, university, enterprise_org, authority_org
):
    client = api_as(admin_user)
    kinds = {
        o["kind"] for o in client.get("/api/v1/organizations/?kind=enterprise").json()["results"]
    }
    assert kinds == {"enterprise"}
    in_suzhou = {
        o["name"] for o in client.get("/api/v1/organizations/?region=320500").json()["results"]
    }
    assert in_suzhou == {enterprise_org.name, authority_org.name}
    assert client.get("/api/v1/organizations/?kind=nonsense").status_code == 400


def test_administrator_approves_through_the_api(api_as, admin_user):
    from tests.conftest import make_organization, make_user

    org = make_organization("待审企业", status="pending")
    applicant = make_user("waiting", org, ["enterprise", "bidder"], is_active=False)
    response = api_as(admin_user).post(
        f"/api/v1/organizations/{org.pk}/approve/", {"comment": "ok"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "active"
    applicant.refresh_from_db()
    assert applicant.is_active and applicant.roles == ["enterprise", "bidder"]
    again = api_as(admin_user).post(f"/api/v1/organizations/{org.pk}/approve/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_administrator_creates_an_account_with_roles(api_as, admin_user, university):
    payload = {
        "username": "expert2",
        "password": "Expert-Pass-2026",
        "name": "周建国",
        "email": "zhou@ujs.example.cn",
        "phone": "13800001111",
        "organization": university.pk,
        "roles": ["expert", "solver"],
    }
    response = api_as(admin_user).post("/api/v1/users/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert "password" not in response.json()
    user = User.objects.get(username="expert2")
    assert user.check_password("Expert-Pass-2026") and user.roles == ["solver", "expert"]
    assert AuditEntry.objects.filter(
        action="user.created", object_id=str(user.pk), actor=admin_user
    ).exists()


@pytest.mark.parametrize(
    "change, field, code",
    [
        ({"roles": ["wizard"]}, "roles[0]", "invalid_choice"),
        ({"roles": []}, "roles", "empty"),
        ({"password": "123"}, "password", "password_too_short"),
        ({"password": None}, "password", "null"),
        ({"phone": "12"}, "phone", "invalid_phone"),
        ({"organization": 999999}, "organization", "does_not_exist"),
    ],
)
def test_bad_account_input_names_the_field(api_as, admin_user, university, change, field, code):
    payload = {
        "username": "newbie",
        "password": "Expert-Pass-2026",
        "name": "新人",
        "organization": university.pk,
        "roles": ["expert"],
        **change,
    }
    response = api_as(admin_user).post("/api/v1/users/", payload, format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert (body["field"], body["code"]) == (field, code)
    assert not User.objects.filter(username="newbie").exists()


def test_administrator_changes_roles_and_the_change_is_audited(api_as, admin_user, solver):
    response = api_as(admin_user).patch(
        f"/api/v1/users/{solver.pk}/", {"roles": ["solver", "expert"]}, format="json"
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="user.updated", object_id=str(solver.pk))
    assert entry.data["changes"]["roles"] == [["solver"], ["solver", "expert"]]


def test_campaigns_are_public_with_their_rules_stages_and_fields(api, db):
    response = api.get("/api/v1/campaigns/?year=2023")
    assert response.status_code == 200
    auction = next(c for c in response.json() if c["kind"] == "auction")
    assert auction["patent_grant_cutoff"] == "2020-01-01" and auction["bidding_weekdays"] == [2, 4]
    assert [s["code"] for s in auction["stages"]][:2] == ["collection", "selection"]
    assert len(auction["industry_fields"]) == 8


def test_administrator_creates_and_edits_a_campaign_through_the_api(api_as, admin_user):
    client = api_as(admin_user)
    payload = {
        "year": 2029,
        "kind": "auction",
        "title": "2029年江苏省专利（成果）拍卖季",
        "starts_on": "2029-03-01",
        "ends_on": "2029-11-30",
        "max_items_per_unit": 50,
        "bidding_weekdays": [2, 4],
        "stages": [{"code": "collection", "starts_on": "2029-03-01", "ends_on": "2029-06-30"}],
    }
    created = client.post("/api/v1/campaigns/", payload, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    patched = client.patch(f"/api/v1/campaigns/{pk}/", {"max_items_per_unit": 40}, format="json")
    assert patched.status_code == 200 and patched.json()["max_items_per_unit"] == 40
    assert [s["code"] for s in patched.json()["stages"]] == ["collection"]
    bad = client.patch(f"/api/v1/campaigns/{pk}/", {"min_items_per_unit": 60}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "min_items_per_unit"
    wrong_stage = client.patch(
        f"/api/v1/campaigns/{pk}/", {"stages": [{"code": "seeking"}]}, format="json"
    )
    assert wrong_stage.status_code == 400 and wrong_stage.json()["field"] == "stages"


def test_unknown_paths_and_methods_have_codes(api_as, admin_user):
    client = api_as(admin_user)
    assert client.get("/api/v1/organizations/999999/").json()["code"] == "not_found"
    assert client.delete("/api/v1/campaigns/1/").json()["code"] == "method_not_allowed"


def test_regions_and_fields_are_public_reference_data(api, db):
    cities = api.get("/api/v1/regions/?level=city").json()
    assert len(cities) == 13
    assert len(api.get("/api/v1/industry-fields/?year=2022").json()) == 6


def test_the_schema_and_its_docs_page_are_served(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/organizations/",
        "/api/v1/users/",
        "/api/v1/campaigns/",
        "/api/v1/me/",
    ):
        assert path in text
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()


def test_a_deactivated_users_token_is_refused(api_as, liaison):
    client = api_as(liaison)
    assert client.get("/api/v1/me/").json()["organization"]["name"] == "南京工业大学"
    User.objects.filter(pk=liaison.pk).update(is_active=False)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["detail"] == "用户未激活或已删除。"


def _token(api, username="liaison", password=PASSWORD):
    return api.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def test_a_password_change_ends_the_api_token_and_a_new_key_is_given(api, client_as, liaison):
    first = _token(api).json()["token"]
    page = client_as(liaison).post("/accounts/password/change/", {
        "old_password": PASSWORD, "new_password1": "Another-Horse-43", "new_password2": "Another-Horse-43"})
    assert page.status_code == 302
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.get("/api/v1/me/").status_code == 401
    api.credentials()
    second = _token(api, password="Another-Horse-43").json()["token"]
    assert second != first


def test_a_token_expires_and_a_new_one_replaces_it(api, liaison, settings):
    import datetime

    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    body = _token(api).json()
    expires = datetime.datetime.fromisoformat(body["expires"].replace("Z", "+00:00"))
    assert expires - timezone.now() > datetime.timedelta(days=settings.API_TOKEN_DAYS - 1)
    Token.objects.filter(key=body["token"]).update(created=timezone.now() - datetime.timedelta(days=31))
    api.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 401 and "过期" in refused.json()["detail"]
    api.credentials()
    assert _token(api).json()["token"] != body["token"]


def test_a_suspended_units_member_gets_no_token_and_loses_the_one_they_had(api, admin_user, liaison):
    from jbgs.services.organizations import set_organization_suspended

    token = _token(api).json()["token"]
    set_organization_suspended(organization_id=liaison.organization_id, actor=admin_user, suspended=True,
                               reason="测试")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 401
    api.credentials()
    refused = _token(api)
    assert refused.status_code == 403 and refused.json()["code"] == "unit_suspended"
