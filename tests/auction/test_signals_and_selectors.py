"""How the apps above the supply side learn what happened (domain signals, after commit) and
read its records (auction.selectors), without the supply side knowing them."""

import datetime
import logging
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from auction import selectors, signals
from auction.models import Deal, Lot
from auction.services import closing, deals
from auction.services.bidding import place_bid
from jbgs.events import CATALOGUE
from tests.auction.bidding import CLOSES, OPENS, RESERVE, START, at

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def heard():
    """Every domain signal's deliveries, by name, while the test runs."""
    received: dict[str, list[dict]] = {}

    def listen(signal, sender, **kwargs):
        received.setdefault(signal.name, []).append(kwargs)

    for signal in CATALOGUE.values():
        signal.connect(listen, weak=False, dispatch_uid=f"test-{signal.name}")
    yield received
    for signal in CATALOGUE.values():
        signal.disconnect(dispatch_uid=f"test-{signal.name}")


def test_closing_a_sold_lot_tells_after_the_commit_with_its_deal(lot, alice, bob, heard,
                                                                 django_capture_on_commit_callbacks):
    place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(10))
    place_bid(lot_id=lot.pk, bidder=bob, amount=RESERVE, now=at(11))
    with django_capture_on_commit_callbacks() as pending:
        closing.close_due_lots(CLOSES)
        assert heard == {}  # nothing is told before the close commits
    for callback in pending:
        callback()
    deal = Deal.objects.get()
    assert heard["auction.lot_closed"] == [{"lot": Lot.objects.get(), "deal": deal}]
    assert heard["auction.deal_concluded"] == [{"deal": deal}]


def test_an_unsold_lot_is_told_without_a_deal(lot, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        closing.open_due_lots(OPENS)
    with django_capture_on_commit_callbacks(execute=True):
        closing.close_due_lots(CLOSES)
    assert [d["lot"].pk for d in heard["auction.lot_opened"]] == [lot.pk]
    assert heard["auction.lot_closed"][0]["deal"] is None and "auction.deal_concluded" not in heard


def test_a_first_bid_that_opens_a_lot_before_the_job_tells_it_opened(lot, alice, heard,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(10))
    assert [d["lot"].pk for d in heard["auction.lot_opened"]] == [lot.pk]
    with django_capture_on_commit_callbacks(execute=True):
        closing.open_due_lots(at(10, 1))  # the job finds it open already: nothing more to tell
    assert len(heard["auction.lot_opened"]) == 1


def test_a_change_that_rolls_back_tells_nothing(admin_user, lot, alice, bob, heard,
                                                django_capture_on_commit_callbacks):
    place_bid(lot_id=lot.pk, bidder=bob, amount=RESERVE, now=at(11))
    with django_capture_on_commit_callbacks(execute=True):
        closing.close_due_lots(CLOSES)
    deal = Deal.objects.get()
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            deals.record_contract(actor=admin_user, deal=deal, contract_number="HT-0", contract_amount="300000",
                                  signed_on=datetime.date(2023, 7, 1), trade_form="assignment")
            raise RuntimeError("the caller's transaction fails after the contract")
    assert heard == {} and Deal.objects.get().stage == "confirmed"
    with django_capture_on_commit_callbacks(execute=True):
        deals.record_contract(actor=admin_user, deal=deal, contract_number="HT-1", contract_amount="300000",
                              signed_on=datetime.date(2023, 7, 1), trade_form="assignment")
    assert [d["deal"].stage for d in heard["auction.contract_recorded"]] == ["contract_signed"]


def test_a_failing_receiver_is_logged_and_the_change_stands(lot, caplog, django_capture_on_commit_callbacks):
    def broken(sender, **kwargs):
        raise RuntimeError("the sessions app is broken")

    signals.lot_closed.connect(broken, weak=False, dispatch_uid="broken")
    try:
        with caplog.at_level(logging.ERROR, logger="jbgs.events"), \
                django_capture_on_commit_callbacks(execute=True):
            assert closing.close_due_lots(CLOSES) == 1
    finally:
        signals.lot_closed.disconnect(dispatch_uid="broken")
    assert Lot.objects.get().status == "unsold"
    assert "auction.lot_closed" in caplog.text and "the sessions app is broken" in caplog.text


def test_a_signal_sent_with_other_arguments_than_declared_is_a_programming_error():
    with pytest.raises(TypeError, match="auction.lot_closed sends"):
        signals.lot_closed.send_on_commit(Lot, lot=None)


def test_every_domain_signal_is_listed_in_the_architecture_map_with_its_arguments():
    text = (ROOT / "ARCHITECTURE.md").read_text()
    for name, signal in CATALOGUE.items():
        assert f"`{name}({', '.join(signal.args)})`" in text, f"ARCHITECTURE.md does not list {name}"


def test_the_sessions_read_a_units_figures_for_a_period_in_three_queries(admin_user, lot, alice, bob,
                                                                         django_assert_num_queries):
    place_bid(lot_id=lot.pk, bidder=bob, amount=RESERVE, now=at(11))
    closing.close_due_lots(CLOSES)
    seller = Lot.objects.get().seller
    units = [seller.pk]
    with django_assert_num_queries(3):
        figures = selectors.supply_figures(organizations=units)
    assert figures == {"items_published": 1, "lots_closed": 1, "lots_sold": 1, "deals": 1, "deal_value": RESERVE,
                       "contracts_registered": 0, "contract_value": Decimal("0.00")}
    before = selectors.supply_figures(organizations=units, end=CLOSES - datetime.timedelta(days=400))
    assert before["deals"] == 0 and before["lots_closed"] == 0 and before["items_published"] == 0
    others = selectors.supply_figures(organizations=[admin_user.organization_id])
    assert others["deals"] == 0 and others["items_published"] == 0
    buyer = Deal.objects.get().buyer
    assert selectors.concluded_deals(organizations=[buyer.pk]).get().price == RESERVE


def test_bidding_days_count_public_lots_for_visitors_and_all_lots_for_the_desk(admin_user, lot):
    (day,) = selectors.bidding_days(campaign=lot.campaign).filter(pk=lot.day_id)
    assert day.lot_count == 1
    Lot.objects.filter(pk=lot.pk).update(status="withdrawn")
    assert selectors.bidding_days(campaign=lot.campaign).get(pk=lot.day_id).lot_count == 0
    assert selectors.bidding_days(campaign=lot.campaign, public_only=False).get(pk=lot.day_id).lot_count == 1
