"""The policy lists: project support from exactly 20万 (19.99万 is out), the technology-based
SME buyers for the innovation vouchers with the 1:1 matching stated and no voucher invented,
every deal for the transfer rewards by city and seller; the year and city filters; who may see
them (an authority's organisers their own city's rows only); the Excel and the API."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from auction.choices import DealMethod, DealStage
from auction.models import Deal
from jbgs.choices import Role
from jbgs.models import Campaign
from tests.conftest import make_organization, make_user
from transformation import policy

pytestmark = pytest.mark.django_db


def deal(buyer, seller, amount: str, *, year: int = 2023, number: str = "") -> Deal:
    number = number or f"JBGS-P-{Deal.objects.count() + 1}"
    return Deal.objects.create(
        campaign=Campaign.objects.get(year=year, kind="challenge"), number=number, method=DealMethod.CHALLENGE,
        buyer=buyer, seller=seller, price=Decimal(amount), stage=DealStage.CONTRACT_SIGNED,
        concluded_at=datetime.datetime(year, 7, 1, tzinfo=datetime.UTC), contract_amount=Decimal(amount),
        contract_signed_on=datetime.date(year, 7, 1), contract_number=f"JS{number}")


@pytest.fixture
def deals(university):
    sme = make_organization("苏州纳微科技型中小企业有限公司", region="320506", is_tech_sme=True)  # a county of 苏州
    big = make_organization("常州大型装备集团有限公司", region="320412")
    institute = make_organization("苏州大学", "undergraduate_university", region="320500")
    return {
        "under": deal(sme, university, "199999.99", number="UNDER"),
        "at": deal(sme, institute, "200000", number="AT"),
        "big": deal(big, university, "350000", number="BIG"),
        "old": deal(sme, university, "500000", year=2022, number="OLD"),
    }


def numbers(found) -> set[str]:
    return {d.number for d in found}


def test_project_support_starts_at_exactly_20_wan(deals):
    found = policy.deals(policy.LISTS[policy.SUPPORT], year=2023)
    assert numbers(found) == {"AT", "BIG"}  # 199,999.99 is out
    assert policy.totals(found)["contract_amount"] == Decimal("550000.00")


def test_vouchers_list_the_technology_based_sme_buyers_with_their_deals(deals):
    chosen = policy.LISTS[policy.VOUCHERS]
    found = policy.deals(chosen, year=2023)
    assert numbers(found) == {"UNDER", "AT"}  # every deal of the SME, whatever the amount; not the big group's
    [buyer] = policy.summary(chosen, found, "buyer")
    assert buyer["name"] == "苏州纳微科技型中小企业有限公司" and buyer["deals"] == 2
    assert buyer["contract_amount"] == Decimal("399999.99")
    assert "1:1" in str(chosen.basis) and "voucher" not in buyer  # the rule is shown, no voucher computed


def test_rewards_take_every_deal_of_the_year_by_the_sellers_city_and_seller(deals):
    chosen = policy.LISTS[policy.REWARDS]
    found = policy.deals(chosen, year=2023)
    assert numbers(found) == {"UNDER", "AT", "BIG"}  # not 2022's
    by_city = {row["name"]: row["deals"] for row in policy.summary(chosen, found, "city")}
    assert by_city == {"南京市": 2, "苏州市": 1}
    assert {row["name"]: row["deals"] for row in policy.summary(chosen, found, "seller")} == {
        "南京工业大学": 2, "苏州大学": 1}


def test_the_city_filter_counts_a_county_in_its_city(deals):
    assert numbers(policy.deals(policy.LISTS[policy.SUPPORT], year=2023, city="320500")) == {"AT"}
    assert numbers(policy.deals(policy.LISTS[policy.SUPPORT], year=2023, city="320400")) == {"BIG"}
    assert numbers(policy.deals(policy.LISTS[policy.REWARDS], year=2023, city="320500")) == {"AT"}


def test_the_page_shows_totals_and_filters(client_as, admin_user, deals):
    page = client_as(admin_user).get(reverse("transformation:policy-list", args=[policy.SUPPORT]),
                                     {"year": "2023", "city": "320400"})
    text = page.content.decode()
    assert page.status_code == 200 and 'data-deal="BIG"' in text and 'data-deal="AT"' not in text
    assert 'data-total="deals">1<' in text


def test_an_authoritys_organiser_sees_only_its_own_citys_rows(client_as, api_as, organizer, deals):
    page = client_as(organizer).get(reverse("transformation:policy-list", args=[policy.SUPPORT]),
                                    {"year": "2023", "city": "320400"})  # 常州 asked, 苏州 shown
    assert page.status_code == 200
    assert 'data-deal="AT"' in page.content.decode() and 'data-deal="BIG"' not in page.content.decode()
    answer = api_as(organizer).get(reverse("transformation-api:policy-list", args=[policy.SUPPORT]),
                                   {"year": 2023, "city": "320400"})
    assert answer.status_code == 200 and [row["number"] for row in answer.json()["results"]] == ["AT"]


def test_others_may_not_see_the_lists(client_as, api_as, liaison, enterprise_user, client, deals):
    url = reverse("transformation:policy-list", args=[policy.REWARDS])
    assert client.get(url).status_code == 302
    for user in (liaison, enterprise_user, make_user("park", make_organization("苏州工业园区科创园", "science_park"),
                                                        [Role.ORGANIZER])):
        assert client_as(user).get(url).status_code == 403
        assert api_as(user).get(reverse("transformation-api:policy-list", args=[policy.REWARDS])).status_code == 403


def test_the_api_answers_yuan_with_totals_and_summaries(api_as, admin_user, deals):
    answer = api_as(admin_user).get(reverse("transformation-api:policy-list", args=[policy.VOUCHERS]),
                                    {"year": 2023}).json()
    assert answer["count"] == 2 and answer["totals"]["contract_amount"] == "399999.99"
    assert answer["summaries"]["buyer"][0]["deals"] == 2 and answer["results"][0]["buyer_is_tech_sme"] is True
    assert api_as(admin_user).get(reverse("transformation-api:policy-list", args=["nonsense"])).status_code == 404


def test_the_excel_has_the_deals_in_wan_the_summaries_and_the_rule(client_as, admin_user, deals):
    answer = client_as(admin_user).get(reverse("transformation:policy-list", args=[policy.REWARDS]),
                                       {"year": "2023", "format": "xlsx"})
    book = load_workbook(io.BytesIO(answer.content))
    assert len(book.worksheets) == 4  # deals, by city, by seller, the rule
    deals_sheet = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(deals_sheet) == 4 and {row[0] for row in deals_sheet[1:]} == {"UNDER", "AT", "BIG"}
    assert sorted(float(row[10]) for row in deals_sheet[1:]) == [19.999999, 20, 35]


def test_the_page_costs_a_fixed_number_of_queries(client_as, admin_user, deals, django_assert_max_num_queries):
    client = client_as(admin_user)
    url = reverse("transformation:policy-list", args=[policy.REWARDS])
    client.get(url, {"year": "2023"})
    with django_assert_max_num_queries(17):
        assert client.get(url, {"year": "2023"}).status_code == 200
    for n in range(10):
        deal(deals["big"].buyer, make_organization(f"扬州第{n}研究院", "research_institute", "321000"), "300000")
    with django_assert_max_num_queries(17):
        assert client.get(url, {"year": "2023"}).status_code == 200


def test_an_authoritys_organiser_downloads_only_its_own_citys_rows(client_as, organizer, deals):
    answer = client_as(organizer).get(reverse("transformation:policy-list", args=[policy.REWARDS]),
                                      {"year": "2023", "city": "320100", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(answer.content)).worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["AT"]  # 苏州大学 sells in 苏州; 南京's asked for, not given


def test_a_parks_organiser_is_told_whose_the_lists_are(client_as, deals):
    park = make_user("park", make_organization("苏州工业园区科创园", "science_park"), [Role.ORGANIZER])
    page = client_as(park).get(reverse("transformation:policy-lists"))
    assert page.status_code == 200 and "/policy-lists/project-support/" not in page.content.decode()
    assert client_as(park).get(reverse("transformation:policy-list", args=[policy.SUPPORT])).status_code == 403
