"""The home page shows each role its own work, in Chinese unless English is chosen."""

from django.urls import reverse

from tests.conftest import make_organization


def test_visitors_see_the_campaigns_in_chinese(client, db):
    page = client.get(reverse("home")).content.decode()
    assert "申请入驻" in page and "登录" in page
    assert 'lang="zh-CN"' in page


def test_english_can_be_chosen(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Apply to join" in page and 'lang="en"' in page


def test_the_administrator_sees_what_waits_for_approval(client_as, admin_user):
    make_organization("泰州华康医疗器械有限公司", status="pending")
    page = client_as(admin_user).get(reverse("home")).content.decode()
    assert "待审核的入驻申请" in page and "泰州华康医疗器械有限公司" in page
    assert 'id="panel-applications"' in page


def test_a_liaison_sees_the_agreement_not_the_approvals(client_as, liaison):
    page = client_as(liaison).get(reverse("home")).content.decode()
    assert 'id="panel-agreement"' in page
    assert 'id="panel-applications"' not in page and reverse("audit-list") not in page


def test_an_expert_sees_neither_approvals_nor_the_agreement(client_as, expert):
    page = client_as(expert).get(reverse("home")).content.decode()
    assert 'id="panel-applications"' not in page and 'id="panel-agreement"' not in page
    assert 'id="panel-campaigns"' in page and "专家" in page


def test_navigation_follows_the_roles(client_as, admin_user, organizer):
    admin_page = client_as(admin_user).get(reverse("home")).content.decode()
    links = [f'href="{reverse(name)}"' for name in ("organization-list", "user-list", "audit-list")]
    assert all(link in admin_page for link in links)
    organizer_page = client_as(organizer).get(reverse("home")).content.decode()
    assert not any(link in organizer_page for link in links)
    assert f'href="{reverse("my-organization")}"' in organizer_page


def test_every_page_has_an_icon_and_the_browsers_favicon_request_finds_it(client, db):
    """No 404 for /favicon.ico on every page (issue 13, point 14)."""
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "img/favicon" in page
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301 and "img/favicon" in answer["Location"]


def test_the_catalogue_folds_its_filters_on_a_phone_and_amounts_open_the_number_pad(client, db):
    """Phone first (issue 13, point 15): the filters under one button below the md width, and
    amount fields with inputmode=decimal."""
    page = client.get("/catalogue/").content.decode()
    assert 'id="catalogue-filters"' in page and 'data-bs-target="#catalogue-filters"' in page
    assert 'name="price_min" inputmode="decimal"' in page
    from auction.forms_bidding import BidForm

    assert 'inputmode="decimal"' in str(BidForm()["amount"])
