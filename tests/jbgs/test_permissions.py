"""Each persona can do what is theirs and nothing else, through pages and through the API."""

import pytest
from django.urls import reverse

from jbgs.models import Campaign, Organization

ADMIN_PAGES = [
    ("organization-review-list", []),
    ("organization-list", []),
    ("user-list", []),
    ("user-create", []),
    ("audit-list", []),
    ("campaign-create", []),
    ("industry-fields", [2023]),
]


@pytest.mark.parametrize("name, args", ADMIN_PAGES)
def test_administration_pages_are_refused_to_every_other_role(client_as, non_admin, name, args):
    assert client_as(non_admin).get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("name, args", ADMIN_PAGES)
def test_administration_pages_send_visitors_to_sign_in(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name, args", ADMIN_PAGES)
def test_administrators_open_the_administration_pages(client_as, admin_user, name, args):
    assert client_as(admin_user).get(reverse(name, args=args)).status_code == 200


def test_campaign_editing_is_refused_to_others(client_as, non_admin):
    campaign = Campaign.objects.get(year=2023, kind="auction")
    client = client_as(non_admin)
    assert client.get(reverse("campaign-edit", args=[campaign.pk])).status_code == 403
    assert (
        client.post(
            reverse("campaign-copy", args=[campaign.pk]), {"year": 2031, "title": "x"}
        ).status_code
        == 403
    )
    assert not Campaign.objects.filter(year=2031).exists()


def test_a_member_sees_their_own_unit_but_not_another(
    client_as, liaison, university, enterprise_org
):
    client = client_as(liaison)
    assert client.get(reverse("organization-detail", args=[university.pk])).status_code == 200
    assert client.get(reverse("organization-detail", args=[enterprise_org.pk])).status_code == 403
    assert client.get(reverse("my-organization")).url == reverse(
        "organization-detail", args=[university.pk]
    )


def test_only_administrators_decide_applications(client_as, non_admin, db):
    from tests.conftest import make_organization

    pending = make_organization("待审单位", status="pending")
    response = client_as(non_admin).post(
        reverse("organization-review", args=[pending.pk]),
        {"decision": "approve", "roles": ["enterprise"]},
    )
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


API_ADMIN_WRITES = [
    ("post", "/api/v1/organizations/", {"name": "x"}),
    ("post", "/api/v1/users/", {"username": "x"}),
    ("post", "/api/v1/campaigns/", {"year": 2030}),
    ("get", "/api/v1/users/", None),
    ("get", "/api/v1/audit/", None),
]


@pytest.mark.parametrize("method, path, body", API_ADMIN_WRITES)
def test_the_api_refuses_administration_to_other_roles(api_as, non_admin, method, path, body):
    response = getattr(api_as(non_admin), method)(path, body, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("method, path, body", API_ADMIN_WRITES)
def test_the_api_asks_visitors_to_authenticate(api, db, method, path, body):
    response = getattr(api, method)(path, body, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_organization_list_shows_a_member_only_their_unit(
    api_as, liaison, university, enterprise_org
):
    response = api_as(liaison).get("/api/v1/organizations/")
    assert [o["id"] for o in response.json()["results"]] == [university.pk]
    assert api_as(liaison).get(f"/api/v1/organizations/{enterprise_org.pk}/").status_code == 404
    assert (
        api_as(liaison)
        .patch(f"/api/v1/organizations/{university.pk}/", {"address": "x"})
        .status_code
        == 403
    )


def test_a_member_cannot_approve_through_the_api(api_as, liaison, university):
    Organization.objects.filter(pk=university.pk).update(status="pending")
    response = api_as(liaison).post(
        f"/api/v1/organizations/{university.pk}/approve/", {}, format="json"
    )
    assert response.status_code == 403
    assert Organization.objects.get(pk=university.pk).status == "pending"
