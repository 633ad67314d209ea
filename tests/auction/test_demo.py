"""The demo province carries the supply side at every stage, so that each role finds its
own work on the first visit: lists in every state, items being scored, selected, published."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse

from auction import demo_bidding
from auction.choices import Column, ListStatus
from auction.models import Assignment, BiddingDay, Item, SubmissionList
from jbgs.demo import DEMO_YEAR
from jbgs.models import User


def test_seed_demo_shows_the_supply_side_at_every_stage(db, client):
    call_command("seed_demo")
    assert Item.objects.count() >= 200
    states = set(SubmissionList.objects.values_list("status", flat=True))
    assert states == set(ListStatus.values)
    published = Item.objects.filter(published_at__isnull=False)
    assert published.exists()
    assert Item.objects.filter(selected=True, published_at__isnull=True).exists()  # waits for publication
    assert Item.objects.filter(score__isnull=False, selected=False).exists()  # waits for selection
    assert published.filter(columns__contains=[Column.OUT_OF_PROVINCE_MILLION]).exists()
    assert published.filter(columns__contains=[Column.CARBON]).exists()
    # An earlier year's catalogue, two of whose patents are listed again and marked so.
    assert published.filter(campaign__year__lt=DEMO_YEAR).exists()
    repeated = Item.objects.filter(campaign__year=DEMO_YEAR, previously_published__isnull=False)
    assert repeated.count() == 2
    assert {i.previously_published.campaign.year for i in repeated} == {2023}
    expert = User.objects.get(username="expert")
    assert Assignment.objects.filter(expert=expert, score__isnull=True).exists()
    # No expert scores an item of their own unit.
    assert not any(a.expert.organization_id == a.item.organization_id
                   for a in Assignment.objects.select_related("expert", "item"))

    # Bidding: an earlier day settled (deals at every stage, one lot unsold), a live day ahead.
    from django.utils import timezone

    from auction.models import Deal, Lot, Registration

    assert set(Lot.objects.values_list("status", flat=True)) == {"sold", "unsold", "scheduled"}
    assert set(Deal.objects.values_list("stage", flat=True)) == {"confirmed", "contract_signed", "registered",
                                                                 "transferred"}
    live = Lot.objects.filter(status="scheduled")
    assert live.count() == 4 and all(lot.starts_at > timezone.now() for lot in live)
    demo_bidder = User.objects.get(username="bidder")
    assert Registration.objects.filter(bidder=demo_bidder, lot__in=live, deposit_state="held").count() == 4
    assert not Registration.objects.filter(deposit_state="awaiting").exists()

    # Enquiries from catalogue entries, one of them answered by the seller unit's liaison.
    from auction.models import Enquiry

    assert Enquiry.objects.count() == 3 and Enquiry.objects.filter(status="answered").count() == 1
    assert all(e.asker.organization_id != e.item.organization_id for e in Enquiry.objects.select_related("asker", "item"))

    page = client.get(reverse("catalogue:list"))
    assert page.status_code == 200 and published.order_by("-published_at", "-id").first().title in page.text

    # The demand side: demands in every state but the ends that take time (cooperation,
    # solution, expiry), published in hot lists by field; some hide the enterprise's name.
    from challenge.models import Demand, HotList

    assert Demand.objects.count() >= 100
    assert set(Demand.objects.values_list("status", flat=True)) == {
        "draft", "submitted", "returned", "rejected", "approved", "published", "in_cooperation", "withdrawn"}
    from challenge.models import Cooperation, Solution

    assert Solution.objects.count() >= 10 and Cooperation.objects.exists()
    contracted = Cooperation.objects.filter(deal__isnull=False).select_related("deal")
    assert contracted.exists() and all(c.deal.method == "challenge" and c.stage == "contract_signed" for c in contracted)
    assert Solution.objects.filter(status="shortlisted").exists()
    assert HotList.objects.filter(published_at__isnull=False).count() >= 4
    hidden_name = Demand.objects.filter(status="published", hidden_fields__contains=["organization"]).first()
    page = client.get(reverse("challenge:demand", args=[hidden_name.pk])).text
    assert hidden_name.title in page and hidden_name.organization.name not in page

    items_before = Item.objects.count()
    call_command("seed_demo")  # idempotent
    assert Item.objects.count() == items_before

    # Another live day on demand; the lots it lists are the ones that open in two minutes.
    before = list(live.values_list("pk", flat=True))
    out = io.StringIO()
    call_command("demo_bidding_day", stdout=out)
    fresh = Lot.objects.filter(status="scheduled").exclude(pk__in=before)
    assert fresh.count() == 4 and "4 new lots" in out.getvalue()
    assert all(lot.number in out.getvalue() for lot in fresh)
    assert Registration.objects.filter(lot__in=fresh, deposit_state="held").count() == 8  # both demo bidders

    # Laid out just before midnight, the day is the one its lots open on.
    late = (timezone.localtime() + datetime.timedelta(days=7)).replace(hour=23, minute=59, second=30)
    day = demo_bidding.live_day(User.objects.get(username="admin"), fresh.first().campaign, now=late)
    assert day.date == late.date() + datetime.timedelta(days=1)
    assert {timezone.localdate(lot.starts_at) for lot in day.lots.all()} == {day.date}
    assert BiddingDay.objects.filter(date=late.date()).count() == 0
