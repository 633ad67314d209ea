"""Building blocks of the bidding tests: a published item, a lot on a bidding day, bidders
with their deposits confirmed. The clock is passed to the services, so tests need no patching."""

import datetime
from decimal import Decimal

from django.utils import timezone

from auction.models import BiddingDay
from auction.services import bidding, lots, publication, selection
from auction.services.days import add_day
from auction.services.items import add_attachment, save_item
from auction.services.lists import open_list
from jbgs.models import IndustryField
from tests.auction.conftest import patent_data, valid_numbers
from tests.conftest import make_organization, make_user

# A Wednesday of the 2023 bidding stage; the lot runs 09:30–16:00 that day.
DAY = datetime.date(2023, 6, 7)
BEFORE = timezone.make_aware(datetime.datetime(2023, 6, 6, 12, 0))
OPENS = timezone.make_aware(datetime.datetime(2023, 6, 7, 9, 30))
CLOSES = timezone.make_aware(datetime.datetime(2023, 6, 7, 16, 0))
START, RESERVE, INCREMENT, DEPOSIT = Decimal("1000000"), Decimal("1200000"), Decimal("10000"), Decimal("50000")


def at(hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2023, 6, 7, hour, minute, second))


SELLER = "中国科学院苏州纳米技术与纳米仿生研究所"


def seller_liaison():
    """The liaison of the seller unit: an institute, so no minimum number of items applies."""
    from jbgs.models import Organization, User

    org = Organization.objects.filter(name=SELLER).first() or make_organization(SELLER, "research_institute", "320506")
    return User.objects.filter(username="seller").first() or make_user("seller", org, ["liaison"], name="沈立")


def published_items(admin, count=1, year=2023, files=(), **data):
    """Items of the seller's list, taken the whole way: submitted, accepted, selected, published;
    `files` ((name, public) pairs) are attached to the first item on the way."""
    from django.core.files.base import ContentFile

    from auction.services import lists as list_services
    from jbgs.services.organizations import accept_agreement
    from tests.auction.conftest import open_for_submissions

    liaison = seller_liaison()
    campaign = open_for_submissions(year)
    field = IndustryField.objects.get(year=year, code="new_energy")
    submission_list = open_list(organization=liaison.organization, campaign=campaign, actor=liaison)
    first = submission_list.items.count()
    items = [save_item(actor=liaison, submission_list=submission_list,
                       data=patent_data(field, number=number, **{"title": f"锂电池健康状态估计方法{n}",
                                                                "patentees": SELLER, **data}))
             for n, number in enumerate(valid_numbers(first + count, year=2021)[first:], start=first)]
    for name, public in files:
        add_attachment(actor=liaison, item=items[0], upload=ContentFile(b"%PDF-1.4\n%%EOF\n", name=name),
                       public=public)
    accept_agreement(organization=liaison.organization, actor=liaison)
    list_services.update_contacts(actor=liaison, submission_list=submission_list, experts=[], contacts={
        "liaison_name": "沈立", "liaison_phone": "0512-62872500", "liaison_email": "shenli@sinano.example.cn"})
    list_services.attach_sealed_copy(actor=liaison, submission_list=submission_list,
                                     upload=ContentFile(b"%PDF-1.4\n%%EOF\n", name="sealed.pdf"))
    list_services.submit_list(actor=liaison, submission_list=submission_list)
    list_services.review_list(actor=admin, submission_list=submission_list, accept=True)
    for item in items:
        selection.set_selected(actor=admin, item=item, selected=True, reason="测试")
    publication.publish(actor=admin, campaign=campaign, field=field, title="第一批")
    for item in items:
        item.refresh_from_db()
    return items


def make_lot(admin, items, *, scheduled=True, **changes):
    terms = lots.Terms(title="锂电池健康状态估计专利包", trade_mode="assignment", start_price=START,
                       reserve_price=RESERVE, increment=INCREMENT, deposit=DEPOSIT, snipe_window_minutes=5,
                       snipe_extension_minutes=5, snipe_cap_minutes=30)
    for name, value in changes.items():
        setattr(terms, name, value)
    lot = lots.create_lot(actor=admin, campaign=items[0].campaign, items=items, terms=terms)
    lot = lots.confirm_terms(actor=seller_liaison(), lot=lot, now=BEFORE)
    if scheduled:
        day = BiddingDay.objects.filter(campaign=lot.campaign, date=DAY).first() or add_day(
            actor=admin, campaign=lot.campaign, date=DAY, opens_at=datetime.time(9, 30), closes_at=datetime.time(16, 0))
        lot = lots.schedule(actor=admin, lot=lot, day=day, now=BEFORE)
    return lot


def deposit_arrived(admin, registration, reference: str = "BANK-1", now=None):
    """The clerk records the deposit as the bank statement shows it: in full, on the day."""
    return bidding.confirm_deposit(actor=admin, registration=registration, reference=reference,
                                   amount=registration.deposit_amount,
                                   received_on=timezone.localdate(now or timezone.now()), now=now)


def make_bidder(admin, lot, username: str, *, confirmed=True, now=BEFORE):
    org = make_organization(f"{username}科技有限公司", "enterprise", "320412")
    user = make_user(username, org, ["bidder"], name=username)
    registration = bidding.register(bidder=user, lot=lot, rules_accepted=True, disclaimer_accepted=True, now=now)
    if confirmed:
        deposit_arrived(admin, registration, now=now)
    return user


def set_account(campaign, **fields):
    """The year's deposit account and payment terms, as an administrator sets them."""
    from auction.models import AuctionRules

    rules = AuctionRules.of(campaign)
    for name, value in {"deposit_payee": "江苏省技术产权交易市场", "deposit_bank": "中国银行南京河西支行",
                        "deposit_account": "4661 5820 1234", **fields}.items():
        setattr(rules, name, value)
    rules.save()
    return rules


def pdf_words(pdf: bytes, tmp_path) -> str:
    """A PDF's text as `pdftotext -layout` lays it out, white space removed: table cells and
    lines wrap wherever the layout puts them."""
    import re
    import subprocess

    assert pdf.startswith(b"%PDF")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)
