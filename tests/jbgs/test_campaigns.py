import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from jbgs.models import AuditEntry, Campaign, IndustryField


@pytest.fixture
def auction_2023(db):
    return Campaign.objects.get(year=2023, kind="auction")


def test_2022_and_2023_come_with_the_dates_of_their_documents(db):
    a22 = Campaign.objects.get(year=2022, kind="auction")
    a23 = Campaign.objects.get(year=2023, kind="auction")
    assert a22.submission_deadline == datetime.date(2022, 7, 8)
    assert a23.submission_deadline == datetime.date(2023, 6, 20)
    assert a23.deal_support_threshold == Decimal("200000.00")
    assert Campaign.objects.filter(kind="challenge", year__in=[2022, 2023]).count() == 2
    challenge = Campaign.objects.get(year=2023, kind="challenge")
    assert challenge.deal_support_threshold == Decimal("200000.00")


def test_stages_are_ordered_and_tell_what_runs_on_a_day(auction_2023):
    assert [s.code for s in auction_2023.stages.all()] == [
        "collection",
        "selection",
        "promotion",
        "bidding",
        "transfer",
        "summary",
    ]
    on_june_10 = {s.code for s in auction_2023.stage_on(datetime.date(2023, 6, 10))}
    assert on_june_10 == {"collection", "selection", "promotion", "bidding", "transfer"}


def test_industry_fields_are_data_per_year(db):
    assert list(IndustryField.objects.filter(year=2023).values_list("name", flat=True)) == [
        "新一代信息技术",
        "人工智能",
        "生物技术",
        "新能源",
        "新材料",
        "高端装备",
        "绿色环保",
        "现代农业",
    ]
    assert "生物医药" in IndustryField.objects.filter(year=2022).values_list("name", flat=True)


def _stage_post(campaign, **changes):
    """The campaign's edit page as it is filled in, with the auction's section (the page of
    an auction year shows it) left as stored."""
    data = {
        "title": campaign.title,
        "starts_on": "2023.3.1",
        "ends_on": "2023年11月30日",
        "submission_deadline": "2023-06-20",
        "patent_grant_cutoff": "2020-01-01",
        "max_items_per_unit": "50",
        "min_items_per_unit": "30",
        "min_items_scope": "ministry_provincial",
        "minimum_in_jiangsu_only": "on",
        "trade_modes": ["assignment", "license_exclusive", "license_sole", "license_ordinary", "license_open",
                        "equity_contribution", "equity_transfer"],
        "programme_related_min": "3",
        "roadshow_picks": "10",
        "bidding_weekdays": ["2", "4"],
        "featured_price_min": "1000000",
        "deal_support_threshold": "200000",
        "source": campaign.source,
        "stages-TOTAL_FORMS": "6",
        "stages-INITIAL_FORMS": "6",
    }
    for i, stage in enumerate(campaign.stages.all()):
        data[f"stages-{i}-code"] = stage.code
        data[f"stages-{i}-starts_on"] = stage.starts_on.isoformat() if stage.starts_on else ""
        data[f"stages-{i}-ends_on"] = stage.ends_on.isoformat() if stage.ends_on else ""
    data.update(changes)
    return data


def test_administrator_changes_dates_in_the_browser_and_it_is_audited(
    client_as, admin_user, auction_2023
):
    client = client_as(admin_user)
    response = client.post(
        reverse("campaign-edit", args=[auction_2023.pk]),
        _stage_post(
            auction_2023,
            submission_deadline="2023年6月30日",
            **{"stages-5-starts_on": "2023年12月1日"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    auction_2023.refresh_from_db()
    assert auction_2023.submission_deadline == datetime.date(2023, 6, 30)
    assert auction_2023.stages.get(code="summary").starts_on == datetime.date(2023, 12, 1)
    entry = AuditEntry.objects.get(action="campaign.updated", object_id=str(auction_2023.pk))
    assert entry.actor == admin_user
    assert entry.data["changes"] == {"submission_deadline": ["2023-06-20", "2023-06-30"]}
    assert "summary" in entry.data["stages"]


def test_a_campaign_ending_before_it_starts_is_refused_beside_the_field(
    client_as, admin_user, auction_2023
):
    response = client_as(admin_user).post(
        reverse("campaign-edit", args=[auction_2023.pk]),
        _stage_post(auction_2023, ends_on="2023-02-01"),
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    auction_2023.refresh_from_db()
    assert auction_2023.ends_on == datetime.date(2023, 11, 30)


def test_a_stage_ending_before_it_starts_is_refused(client_as, admin_user, auction_2023):
    response = client_as(admin_user).post(
        reverse("campaign-edit", args=[auction_2023.pk]),
        _stage_post(auction_2023, **{"stages-0-ends_on": "2023-01-01"}),
    )
    assert response.status_code == 200
    assert response.context["stages"].forms[0].errors["ends_on"]


def test_administrator_starts_a_later_year_from_an_earlier_one(client_as, admin_user, auction_2023):
    response = client_as(admin_user).post(
        reverse("campaign-copy", args=[auction_2023.pk]),
        {"year": "2027", "title": "2027年江苏省专利（成果）拍卖季"},
    )
    assert response.status_code == 302
    new = Campaign.objects.get(year=2027, kind="auction")
    assert new.submission_deadline == datetime.date(2027, 6, 20)
    assert new.stages.get(code="bidding").starts_on == datetime.date(2027, 4, 1)
    assert IndustryField.objects.filter(year=2027).count() == 8
    assert AuditEntry.objects.filter(
        action="campaign.created", object_id=str(new.pk), actor=admin_user
    ).exists()


def test_a_year_cannot_be_created_twice(client_as, admin_user, auction_2023):
    response = client_as(admin_user).post(
        reverse("campaign-copy", args=[auction_2023.pk]), {"year": "2022", "title": "x"}
    )
    assert response.status_code == 200
    assert "year" in response.context["form"].errors


def test_administrator_creates_a_challenge_year_from_scratch(client_as, admin_user):
    data = {
        "year": "2028",
        "title": "2028年江苏省J-TOP创新挑战季",
        "starts_on": "2028-03-01",
        "ends_on": "2028-12-31",
        "stages-TOTAL_FORMS": "6",
        "stages-INITIAL_FORMS": "6",
    }
    for i, code in enumerate(
        ["seeking", "publishing", "solving", "contest", "awarding", "follow_up"]
    ):
        data[f"stages-{i}-code"] = code
    data["stages-0-starts_on"] = "2028.3.1"
    data["stages-0-ongoing"] = "on"
    response = client_as(admin_user).post(reverse("campaign-create") + "?kind=challenge", data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    campaign = Campaign.objects.get(year=2028, kind="challenge")
    assert campaign.stages.count() == 6
    assert not hasattr(campaign, "auction_rules")  # the auction's rules are not a challenge's
    assert [c["code"] for c in campaign.challenge_rules.diagnosis_criteria] == [
        "completeness", "advancement", "economic_rationality", "feasibility"]  # the defaults, left empty
    assert campaign.stages.get(code="seeking").covers(datetime.date(2028, 11, 1))


def test_campaign_pages_are_public(client, auction_2023):
    assert client.get(reverse("campaign-list")).status_code == 200
    page = client.get(reverse("campaign-detail", args=[auction_2023.pk]))
    assert page.status_code == 200
    assert "2023-06-20" in page.content.decode()
    assert "单笔合同金额不低于 200,000.00 元" in page.content.decode()  # yuan as every page and document writes them


def test_industry_fields_are_edited_in_the_browser(client_as, admin_user):
    client = client_as(admin_user)
    response = client.post(
        reverse("industry-fields", args=[2023]),
        {"year": "2023", "code": "scientific_instruments", "name": "科学仪器", "position": "9"},
    )
    assert response.status_code == 302
    assert IndustryField.objects.filter(year=2023, code="scientific_instruments").exists()
    duplicate = client.post(
        reverse("industry-fields", args=[2023]),
        {"year": "2023", "code": "new_energy", "name": "新能源2", "position": "1"},
    )
    assert duplicate.status_code == 200 and duplicate.context["form"].errors


def test_an_apps_rules_may_not_reuse_a_campaign_fields_name(db):
    from django.core.exceptions import ImproperlyConfigured

    from jbgs.models import CampaignStage
    from jbgs.rules import RulesSection, register_rules_section, rules_sections

    clashing = RulesSection(kind="challenge", model=CampaignStage, fields=("title", "max_items_per_unit"),
                            form="", form_template="", detail_template="", serializer="")
    with pytest.raises(ImproperlyConfigured, match="max_items_per_unit"):
        register_rules_section(clashing)
    assert [section.model.__name__ for section in rules_sections("challenge")] == ["ChallengeRules"]
