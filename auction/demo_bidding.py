"""The demo's bidding: the year's bidding days, an earlier day whose lots were sold (deals at
every stage) or ended unsold, and a live day that starts a few minutes after the seed runs,
so that `make run`'s worker and beat open and close its lots while people watch and bid.
`manage.py demo_bidding_day` lays out another live day whenever the last one is over."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from auction.choices import LotStatus, TradeMode
from auction.models import BiddingDay, Deal, Item, Lot, LotItem, Watch
from auction.services import bidding, closing, days, deals, lots
from jbgs.choices import Stage
from jbgs.demo import refuse_in_production

# A second bidder, so that the demo bidder has someone to bid against.
BIDDERS = [("bidder", None), ("bidder2", ("钱立军", "无锡智联装备有限公司"))]
LIVE_LOTS = 4
LIVE_OPENS_IN = datetime.timedelta(minutes=2)
LIVE_RUNS = [datetime.timedelta(minutes=m) for m in (20, 25, 30, 40)]


def seed(admin) -> None:
    from auction.selectors import current_auction_campaign
    from jbgs.demo import DEMO_YEAR

    campaign = current_auction_campaign(datetime.date(DEMO_YEAR, 6, 1))
    if campaign is None or campaign.year != DEMO_YEAR or Lot.objects.filter(campaign=campaign).exists():
        return
    days.layout_days(actor=admin, campaign=campaign)
    bidders = _bidders()
    rng = random.Random(7)
    _earlier_day(admin, campaign, bidders, rng)
    live_day(admin, campaign, bidders)


def _bidders():
    from jbgs.demo import account
    from jbgs.models import Organization, User

    people = []
    for username, new in BIDDERS:
        if new is None:
            people.append(User.objects.get(username=username))
        else:
            name, unit = new
            people.append(account(username, name, Organization.objects.get(name=unit), ["bidder"]))
    return people


def _free_items(campaign, count: int) -> list[Item]:
    """Published items of this year not in a live lot, the dearest first, one per unit turn;
    not those offered under an open licence only, which is not auctioned."""
    taken = LotItem.objects.exclude(lot__status__in=[LotStatus.UNSOLD, LotStatus.WITHDRAWN]).values("item")
    return list(Item.objects.filter(campaign=campaign, published_at__isnull=False, asking_price__isnull=False)
                .exclude(pk__in=taken).exclude(trade_modes=[TradeMode.LICENSE_OPEN]).select_related("organization")
                .order_by("-asking_price", "id")[:count])


def _stage_covers(admin, campaign, day: datetime.date) -> None:
    """The demo bids today, whatever day that is: its administrator moves the year's
    bidding stage to include it, as they would for an extra session."""
    from jbgs.services.campaigns import save_campaign

    first, last = days.bidding_window(campaign)
    if first <= day <= last:
        return
    stages = [{"code": s.code, "starts_on": min(s.starts_on, day) if s.code == Stage.BIDDING else s.starts_on,
               "ends_on": max(s.ends_on, day) if s.code == Stage.BIDDING else s.ends_on, "ongoing": s.ongoing}
              for s in campaign.stages.all()]
    save_campaign(actor=admin, campaign=campaign, stages=stages)


def _list(admin, campaign, item: Item, day: BiddingDay, starts_at, ends_at, now) -> Lot:
    """A lot of one item at its asking price, confirmed by the seller and put on `day`."""
    start = (item.asking_price * Decimal("0.8")).quantize(Decimal("10000"))
    terms = lots.Terms(title=item.title, trade_mode=_mode(item), start_price=start, reserve_price=item.asking_price,
                       increment=max(Decimal("10000"), (start / 50).quantize(Decimal("10000"))),
                       deposit=(start / 10).quantize(Decimal("10000")))
    lot = lots.create_lot(actor=admin, campaign=campaign, items=[item], terms=terms)
    from auction.access import unit_liaisons

    lot = lots.confirm_terms(actor=unit_liaisons(item.organization).first(), lot=lot, now=now)
    return lots.schedule(actor=admin, lot=lot, day=day, starts_at=starts_at, ends_at=ends_at, now=now)


def _mode(item: Item) -> str:
    """The first trade mode the item offers besides the open licence."""
    return next(m for m in item.trade_modes if m != TradeMode.LICENSE_OPEN)


def _register(admin, lot: Lot, bidders, now) -> None:
    for bidder in bidders:
        registration = bidding.register(bidder=bidder, lot=lot, rules_accepted=True, disclaimer_accepted=True,
                                        now=now)
        if registration.deposit_state == "awaiting":
            bidding.confirm_deposit(actor=admin, registration=registration, reference=f"DEMO-{lot.number}",
                                    amount=registration.deposit_amount, received_on=timezone.localdate(now), now=now)


def _earlier_day(admin, campaign, bidders, rng) -> None:
    """The last bidding day before today: four lots sold (their deals at every stage), one unsold."""
    today = timezone.localdate()
    day = (BiddingDay.objects.filter(campaign=campaign, date__lt=today, status="scheduled").order_by("-date").first())
    if day is None:
        return
    before = day.opens_at - datetime.timedelta(days=2)
    items = _free_items(campaign, 5)
    for n, item in enumerate(items):
        lot = _list(admin, campaign, item, day, day.opens_at, day.closes_at, before)
        _register(admin, lot, bidders, before)
        lot.refresh_from_db()
        moment = day.opens_at + datetime.timedelta(minutes=30)
        price, turn = lot.start_price, 0
        target = lot.reserve_price + lot.increment * rng.randrange(0, 4) if n < 4 else lot.start_price
        while True:
            bidding.place_bid(lot_id=lot.pk, bidder=bidders[turn % 2], amount=price, now=moment)
            if price >= target:
                break
            price, turn, moment = price + lot.increment, turn + 1, moment + datetime.timedelta(minutes=7)
        closing.close_lot(lot.pk, now=day.closes_at + datetime.timedelta(minutes=31))
    _advance_deals(admin, day)


def _advance_deals(admin, day: BiddingDay) -> None:
    """The earlier day's deals, taken one more step each along contract, registration, transfer."""
    for steps, deal in enumerate(Deal.objects.filter(lot__day=day).order_by("id")):
        signed = day.date + datetime.timedelta(days=3)
        if steps >= 1:
            deals.record_contract(actor=admin, deal=deal, contract_number=f"32{day.date:%Y%m%d}{deal.pk:04d}",
                                  contract_amount=deal.price, signed_on=signed, trade_form=deal.trade_mode)
        if steps >= 2:
            deals.register_contract(actor=admin, deal=deal, registration_number=f"3201{day.date:%Y}{deal.pk:06d}",
                                    registered_on=signed + datetime.timedelta(days=2))
        if steps >= 3:
            deals.record_transfer(actor=admin, deal=deal, transferred_on=signed + datetime.timedelta(days=4))


def live_day(admin, campaign, bidders=None, now=None) -> BiddingDay:
    """A special bidding day whose lots open in a few minutes and end one after the other
    within the next hour; both demo bidders registered with their deposits held, and the
    demo bidder watching every lot. The day is the one the lots open on (past midnight, the
    next). Returns the day."""
    refuse_in_production()
    now = now or timezone.now()
    bidders = bidders or _bidders()
    opens = (now + LIVE_OPENS_IN).replace(second=0, microsecond=0)
    today = timezone.localdate(opens)
    with transaction.atomic():
        day = BiddingDay.objects.filter(campaign=campaign, date=today).first()
        if day is None or day.is_cancelled:
            _stage_covers(admin, campaign, today)
            # The day's hours, as shown: from the first lot's start to the end of the day.
            day = days.add_day(actor=admin, campaign=campaign, date=today, note="演示竞价日",
                               opens_at=timezone.localtime(opens).time(), closes_at=datetime.time(23, 59))
        for item, runs in zip(_free_items(campaign, LIVE_LOTS), LIVE_RUNS, strict=False):
            lot = _list(admin, campaign, item, day, opens, opens + runs, now)
            _register(admin, lot, bidders, now)
            Watch.objects.get_or_create(user=bidders[0], lot=lot)
    return day
