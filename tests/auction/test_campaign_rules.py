"""The auction's per-year rules: kept by the auction app (AuctionRules, one-to-one with the
kernel's campaign), edited on the campaign's page and through /api/v1/campaigns/, audited
with the campaign, copied to a new year, and carried over from the kernel without loss."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from auction.models import AUCTION_RULE_FIELDS, AuctionRules
from jbgs.models import AuditEntry, Campaign
from jbgs.rules import rules_sections
from tests.jbgs.test_campaigns import _stage_post

# The documents name no deposit account or payment terms: the platform's defaults, until
# the administrator fills the exchange's account in on the year's page.
UNDOCUMENTED = {"deposit_payee": "", "deposit_bank": "", "deposit_account": "", "deposit_lead_hours": 24,
                "payment_days": 10}
MODES_2022 = ["assignment", "license_exclusive", "license_sole", "license_ordinary", "license_open", "equity_contribution"]
DOCUMENTED = {
    2022: {"patent_grant_cutoff": datetime.date(2019, 1, 1), "invention_only": True, "max_items_per_unit": 50,
           "min_items_per_unit": 30, "min_items_scope": "undergraduate", "minimum_in_jiangsu_only": True,
           "programme_related_min": 0,
           "roadshow_picks": 0, "featured_price_min": Decimal("1000000.00"), "bidding_weekdays": [2, 4],
           "bidding_opens_at": datetime.time(9, 30), "bidding_closes_at": datetime.time(16, 0),
           "snipe_window_minutes": 5, "snipe_extension_minutes": 5, "snipe_cap_minutes": 30,
           "columns": ["carbon", "out_of_province_million"],
           "trade_modes": MODES_2022, **UNDOCUMENTED},
    2023: {"patent_grant_cutoff": datetime.date(2020, 1, 1), "invention_only": False, "max_items_per_unit": 50,
           "min_items_per_unit": 30, "min_items_scope": "ministry_provincial", "minimum_in_jiangsu_only": True,
           "programme_related_min": 3,
           "roadshow_picks": 10, "featured_price_min": Decimal("1000000.00"), "bidding_weekdays": [2, 4],
           "bidding_opens_at": datetime.time(9, 30), "bidding_closes_at": datetime.time(16, 0),
           "snipe_window_minutes": 5, "snipe_extension_minutes": 5, "snipe_cap_minutes": 30, "columns": [],
           "trade_modes": [*MODES_2022, "equity_transfer"], **UNDOCUMENTED},
}


@pytest.fixture
def auction_2023(db):
    """The 2023 season as its documents set it (the tests of lists open it for submissions)."""
    return Campaign.objects.get(year=2023, kind="auction")


def rules_of(year: int) -> dict:
    rules = AuctionRules.objects.get(campaign__year=year, campaign__kind="auction")
    return {name: getattr(rules, name) for name in AUCTION_RULE_FIELDS}


def test_2022_and_2023_come_with_the_rules_of_their_documents(db):
    assert rules_of(2022) == DOCUMENTED[2022]
    assert rules_of(2023) == DOCUMENTED[2023]
    assert not AuctionRules.objects.filter(campaign__kind="challenge").exists()
    with translation.override("en"):
        assert AuctionRules.objects.get(campaign__year=2023).bidding_weekday_labels() == ["Wednesday", "Friday"]


def test_the_auction_registers_its_rules_with_the_kernel_for_auction_years_only(db):
    (section,) = rules_sections("auction")
    assert section.model is AuctionRules and section.accessor == "auction_rules"
    assert AuctionRules not in [s.model for s in rules_sections("challenge")]


def test_the_campaign_page_shows_the_auction_section_for_an_auction_year_only(client, auction_2023):
    page = client.get(reverse("campaign-detail", args=[auction_2023.pk])).content.decode()
    assert "2020-01-01" in page and "仅限发明专利" not in page
    challenge = Campaign.objects.get(year=2023, kind="challenge")
    page = client.get(reverse("campaign-detail", args=[challenge.pk])).content.decode()
    assert "延时规则" not in page and "授权日期不早于" not in page


def test_the_edit_page_of_a_challenge_year_has_no_auction_fields(client_as, admin_user):
    challenge = Campaign.objects.get(year=2023, kind="challenge")
    page = client_as(admin_user).get(reverse("campaign-edit", args=[challenge.pk])).content.decode()
    assert 'name="patent_grant_cutoff"' not in page and 'name="submission_deadline"' in page
    auction = Campaign.objects.get(year=2023, kind="auction")
    page = client_as(admin_user).get(reverse("campaign-edit", args=[auction.pk])).content.decode()
    assert 'name="patent_grant_cutoff"' in page and 'value="2020-01-01"' in page


def test_administrator_changes_a_rule_in_the_browser_and_it_is_audited(client_as, admin_user, auction_2023):
    response = client_as(admin_user).post(
        reverse("campaign-edit", args=[auction_2023.pk]),
        _stage_post(auction_2023, max_items_per_unit="60", submission_deadline="2023-06-25",
                    **{"stages-5-starts_on": "2023年12月1日"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert rules_of(2023)["max_items_per_unit"] == 60
    entry = AuditEntry.objects.get(action="campaign.updated", object_id=str(auction_2023.pk))
    assert entry.actor == admin_user
    assert entry.data["changes"] == {"max_items_per_unit": [50, 60], "submission_deadline": ["2023-06-20", "2023-06-25"]}
    assert "summary" in entry.data["stages"]


def test_a_minimum_above_the_maximum_is_refused_beside_the_field(client_as, admin_user, auction_2023):
    response = client_as(admin_user).post(reverse("campaign-edit", args=[auction_2023.pk]),
                                          _stage_post(auction_2023, min_items_per_unit="70"))
    assert response.status_code == 200
    (section,) = response.context["rule_sections"]
    assert "min_items_per_unit" in section["form"].errors
    assert "下限不能超过上限。" in response.content.decode()
    assert rules_of(2023)["min_items_per_unit"] == 30


def test_bidding_hours_left_empty_keep_the_years_value(client_as, admin_user, auction_2023):
    response = client_as(admin_user).post(
        reverse("campaign-edit", args=[auction_2023.pk]),
        _stage_post(auction_2023, bidding_opens_at="", bidding_closes_at="15:00", snipe_cap_minutes=""))
    assert response.status_code == 302
    rules = rules_of(2023)
    assert (rules["bidding_opens_at"], rules["bidding_closes_at"], rules["snipe_cap_minutes"]) == (
        datetime.time(9, 30), datetime.time(15, 0), 30)


def test_a_later_year_starts_with_the_rules_of_the_earlier_one(client_as, admin_user, auction_2023):
    response = client_as(admin_user).post(reverse("campaign-copy", args=[auction_2023.pk]),
                                          {"year": "2027", "title": "2027年江苏省专利（成果）拍卖季"})
    assert response.status_code == 302
    copied = rules_of(2027)
    assert copied == {**DOCUMENTED[2023], "patent_grant_cutoff": datetime.date(2024, 1, 1)}


def test_a_new_auction_year_made_through_the_api_gets_its_rules_and_a_challenge_year_none(api_as, admin_user):
    client = api_as(admin_user)
    created = client.post("/api/v1/campaigns/", {
        "year": 2030, "kind": "auction", "title": "2030年江苏省专利（成果）拍卖季", "starts_on": "2030-03-01",
        "ends_on": "2030-11-30", "patent_grant_cutoff": "2027-01-01", "snipe_cap_minutes": 20}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["patent_grant_cutoff"] == "2027-01-01" and body["snipe_cap_minutes"] == 20
    assert body["bidding_weekdays"] == [] and body["snipe_window_minutes"] == 5
    challenge = client.post("/api/v1/campaigns/", {
        "year": 2030, "kind": "challenge", "title": "2030年江苏省J-TOP创新挑战季", "starts_on": "2030-03-01",
        "ends_on": "2030-12-31"}, format="json")
    assert challenge.status_code == 201, challenge.json()
    assert "patent_grant_cutoff" not in challenge.json() and "bidding_weekdays" not in challenge.json()
    assert not AuctionRules.objects.filter(campaign_id=challenge.json()["id"]).exists()


def test_the_campaigns_api_reads_every_rule_in_a_fixed_number_of_queries(api, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # campaigns with their rules, stages, industry fields
        response = api.get("/api/v1/campaigns/")
    assert response.status_code == 200
    by_year = {(c["year"], c["kind"]): c for c in response.json()}
    assert by_year[(2022, "auction")]["invention_only"] is True
    assert "invention_only" not in by_year[(2022, "challenge")]


def test_an_api_write_that_breaks_a_rule_is_refused_and_changes_nothing(api_as, admin_user, auction_2023):
    client = api_as(admin_user)
    bad = client.patch(f"/api/v1/campaigns/{auction_2023.pk}/", {"title": "改名", "bidding_closes_at": "09:00"},
                       format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "bidding_closes_at"
    auction_2023.refresh_from_db()
    assert auction_2023.title != "改名" and rules_of(2023) == DOCUMENTED[2023]


LEGACY = [("jbgs", "0006_campaign_bidding_hours"), ("auction", "0005_lot_has_proxies")]
# The rules the kernel's campaign had before they moved (later ones were added to AuctionRules).
LEGACY_FIELDS = tuple(name for name in AUCTION_RULE_FIELDS if name not in ("minimum_in_jiangsu_only", "columns",
                                                                      "trade_modes", *UNDOCUMENTED))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moving_the_rules_out_of_the_kernel_keeps_every_value_of_both_years():
    """Migrate back to where the rules were the campaign's fields, change one as an
    administrator would have, migrate forward: every rule of 2022 and 2023 is as it was."""
    executor = MigrationExecutor(connection)
    executor.migrate(LEGACY)
    LegacyCampaign = executor.loader.project_state(LEGACY).apps.get_model("jbgs", "Campaign")
    LegacyCampaign.objects.filter(year=2023, kind="auction").update(max_items_per_unit=45, bidding_weekdays=[1, 3])
    before = {c.year: {name: getattr(c, name) for name in LEGACY_FIELDS}
              for c in LegacyCampaign.objects.filter(kind="auction")}
    assert before[2022] == {name: DOCUMENTED[2022][name] for name in LEGACY_FIELDS}
    assert before[2023] == {**{name: DOCUMENTED[2023][name] for name in LEGACY_FIELDS}, "max_items_per_unit": 45,
                            "bidding_weekdays": [1, 3]}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert {year: {name: rules_of(year)[name] for name in LEGACY_FIELDS} for year in before} == before
    columns = [c.name for c in connection.introspection.get_table_description(connection.cursor(), "jbgs_campaign")]
    assert "patent_grant_cutoff" not in columns and "snipe_cap_minutes" not in columns


def test_a_page_of_lists_reads_the_years_rules_without_a_query_per_list(api_as, admin_user, auction_2023):
    from auction.services.lists import open_list
    from tests.conftest import make_organization, make_user

    client = api_as(admin_user)

    def lists_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/auction/lists/").status_code == 200
        return len(queries)

    for n in range(3):
        unit = make_organization(f"测试大学{n}", "undergraduate_university", "320102")
        open_list(organization=unit, campaign=auction_2023,
                  actor=make_user(f"liaison{n}", unit, ["liaison"]))
        if n == 0:
            one = lists_page()
    assert lists_page() == one
