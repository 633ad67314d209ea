"""Deals without a lot: the technology contracts signed in the J-TOP challenge are recorded as
deals (method `challenge`), so that the ≥ 20万 project support and the year's totals are counted
in one place; every page, export, document and selector of deals copes with them."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from auction import selectors
from auction.models import SUPPORT_ELIGIBLE, Deal
from auction.services import closing, deals
from auction.services.bidding import place_bid
from jbgs.exceptions import DomainError
from jbgs.models import AuditEntry, Campaign
from tests.auction.bidding import CLOSES, RESERVE, at

pytestmark = pytest.mark.django_db
SIGNED = datetime.date(2023, 7, 1)


def contract_deal(seller, buyer, amount="350000", **changes) -> Deal:
    """A contract of the 2023 challenge, the university selling to the enterprise."""
    terms = {"actor": None, "campaign": Campaign.objects.get(year=2023, kind="challenge"), "buyer": buyer,
             "seller": seller, "subject": "XQ2023000001 高镍正极材料循环寿命提升技术", "contract_number": "JS2023-0815",
             "contract_amount": Decimal(amount), "signed_on": SIGNED}
    terms.update(changes)
    return deals.do_record_contract_deal(**terms)


@pytest.fixture
def challenge_deal(admin_user, university, enterprise_org):
    return contract_deal(university, enterprise_org, actor=admin_user)


def test_a_contract_deal_shows_on_the_deal_pages_the_export_and_the_api(client_as, api_as, admin_user, liaison,
                                                                        bidder, challenge_deal):
    client = client_as(admin_user)
    listing = client.get(reverse("auction:deals")).text
    assert challenge_deal.number in listing and "高镍正极材料循环寿命提升技术" in listing and "揭榜挂帅对接" in listing
    page = client.get(reverse("auction:deal", args=[challenge_deal.pk])).text
    assert "JS2023-0815" in page and "2023-07-01" in page and "符合" in page
    assert reverse("auction:deal-confirmation", args=[challenge_deal.pk]) not in page  # no 成交确认书
    assert client.get(reverse("auction:deal-confirmation", args=[challenge_deal.pk])).status_code == 404
    book = load_workbook(BytesIO(client.get(reverse("auction:deals"), {"format": "xlsx"}).content))
    (row,) = [r for r in book.active.values if r[0] == challenge_deal.number]
    assert row[1] == challenge_deal.subject and row[-1] == "符合"
    answer = api_as(admin_user).get(reverse("auction-api:deal-detail", args=[challenge_deal.pk])).json()
    assert (answer["lot"], answer["method"], answer["subject"]) == (None, "challenge", challenge_deal.subject)
    assert answer["support_eligible"] is True and answer["contract_amount"] == "350000.00"
    # The seller unit's liaison sees its unit's contract; a bidder of another unit does not.
    assert client_as(liaison).get(reverse("auction:deal", args=[challenge_deal.pk])).status_code == 200
    assert client_as(bidder).get(reverse("auction:deal", args=[challenge_deal.pk])).status_code == 403


def test_an_administrator_registers_it_on_the_deal_page_through_the_one_registration(client_as, admin_user,
                                                                                     challenge_deal):
    client = client_as(admin_user)
    client.post(reverse("auction:deal-advance", args=[challenge_deal.pk]),
                {"registration_number": "3201062023000123", "registered_on": "2023-06-30"})
    assert Deal.objects.get().stage == "contract_signed"  # before it was signed: refused
    client.post(reverse("auction:deal-advance", args=[challenge_deal.pk]),
                {"registration_number": "3201062023000123", "registered_on": "2023-07-05"})
    deal = Deal.objects.get()
    assert (deal.stage, deal.registered_on) == ("registered", datetime.date(2023, 7, 5))
    assert AuditEntry.objects.filter(action="auction.deal.registered", object_id=str(deal.pk)).exists()


def test_the_database_keeps_a_lot_to_each_auction_deal_and_none_to_a_contract(challenge_deal, admin_user, lot, bob):
    place_bid(lot_id=lot.pk, bidder=bob, amount=RESERVE, now=at(11))
    closing.close_due_lots(CLOSES)
    sold = Deal.objects.get(method="bidding")
    with pytest.raises(IntegrityError), transaction.atomic():
        Deal.objects.filter(pk=sold.pk).update(lot=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deal.objects.filter(pk=challenge_deal.pk).update(lot=lot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deal.objects.filter(pk=challenge_deal.pk).update(contract_amount=None)
    with pytest.raises(IntegrityError), transaction.atomic():  # one lot, one deal, still
        Deal.objects.create(campaign=sold.campaign, number="XY-again", lot=lot, method="negotiated",
                            buyer=sold.buyer, seller=sold.seller, price=RESERVE, trade_mode="assignment",
                            concluded_at=CLOSES)
    second = contract_deal(challenge_deal.seller, challenge_deal.buyer, contract_number="JS2023-0816")
    assert Deal.objects.filter(lot=None).count() == 2 and second.number != challenge_deal.number


def test_the_years_totals_count_both_campaigns_each_deal_in_its_own(admin_user, university, enterprise_org, lot,
                                                                    bob):
    place_bid(lot_id=lot.pk, bidder=bob, amount=RESERVE, now=at(11))
    closing.close_due_lots(CLOSES)
    sold = Deal.objects.get(method="bidding")
    deals.record_contract(actor=admin_user, deal=sold, contract_number="HT-1", contract_amount=RESERVE,
                          signed_on=datetime.date(2023, 6, 20), trade_form="assignment")
    contract_deal(university, enterprise_org, amount="350000")
    contract_deal(university, enterprise_org, amount="150000", contract_number="JS2023-0816")
    figures = selectors.contract_figures(year=2023)
    assert figures == {"contracts": 3, "contract_value": RESERVE + Decimal("500000"), "support_eligible": 2,
                       "support_value": RESERVE + Decimal("350000"), "registered": 0}
    auction_2023, challenge_2023 = (Campaign.objects.get(year=2023, kind=kind) for kind in ("auction", "challenge"))
    assert selectors.contract_figures(campaign=auction_2023)["contracts"] == 1
    assert selectors.contract_figures(campaign=challenge_2023)["support_eligible"] == 1
    assert selectors.concluded_deals(year=2023).count() == 3
    assert selectors.concluded_deals(year=2022).count() == 0
    july = selectors.contract_figures(year=2023, start=timezone.make_aware(datetime.datetime(2023, 7, 1)))
    assert july["contracts"] == 2  # concluded the day they were signed, not the day they were recorded
    # The database's count and the deal's own property are one rule.
    eligible = set(Deal.objects.filter(SUPPORT_ELIGIBLE).values_list("pk", flat=True))
    assert eligible == {deal.pk for deal in Deal.objects.select_related("campaign") if deal.support_eligible}
    units = selectors.supply_figures(organizations=[university.pk])
    assert units["deals"] == 2 and units["deal_value"] == Decimal("500000")


def test_a_contract_deal_is_refused_whole_when_its_registration_is(university, enterprise_org):
    with pytest.raises(DomainError) as refused:
        contract_deal(university, enterprise_org, registration_number="3201062023000123")
    assert refused.value.field == "registered_on" and not Deal.objects.exists()
    with pytest.raises(DomainError) as refused:
        contract_deal(university, university)
    assert refused.value.code == "buyer_is_seller" and not Deal.objects.exists()
    registered = contract_deal(university, enterprise_org, registration_number="3201062023000123",
                               registered_on=SIGNED)
    assert registered.stage == "registered" and selectors.contract_figures(year=2023)["registered"] == 1


def test_the_confirmation_job_leaves_contract_deals_alone(challenge_deal):
    assert deals.store_missing_confirmations() == 0
    assert not deals.store_confirmation(challenge_deal.pk).confirmation
