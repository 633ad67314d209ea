"""In a real headless Chromium: two bidders in two browsers bid against each other on a live
lot; the one outbid sees it within two seconds; a dropped connection is noticed and recovers;
the lot closes at its end by the same job beat runs, and the winner downloads the 成交确认书."""

import datetime
import re
import subprocess
import threading
import time
from decimal import Decimal

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from auction import tasks
from auction.services import days, lots
from tests.auction import bidding
from tests.browser.conftest import accept_next_dialog, sign_in, watch_csp
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RUNS = datetime.timedelta(seconds=30)


class Beat:
    """What Celery beat does in production, every second: the task that opens and closes
    lots (its body, in a thread of the test process)."""

    def __init__(self):
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        try:
            while not self.stop.wait(1):
                tasks.open_and_close_lots()
        finally:
            connections.close_all()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)


def todays_lot(admin, title: str, starts, ends, deposit=Decimal("50000")):
    """A lot of one published item on an extra bidding day today, from `starts` to `ends`,
    without anti-sniping (an extension would outlast the test)."""
    item = bidding.published_items(admin)[0]
    campaign, now = item.campaign, timezone.now()
    # An extra session today, in the year's bidding stage as the administrator moved it.
    campaign.stages.filter(code="bidding").update(ends_on=timezone.localdate(now) + datetime.timedelta(days=1))
    day = days.add_day(actor=admin, campaign=campaign, date=timezone.localdate(now), note="浏览器测试加场",
                       opens_at=datetime.time(0, 0), closes_at=datetime.time(23, 59))
    terms = lots.Terms(title=title, trade_mode="assignment", start_price=Decimal("500000"),
                       reserve_price=Decimal("520000"), increment=Decimal("10000"), deposit=deposit,
                       snipe_window_minutes=0, snipe_extension_minutes=1, snipe_cap_minutes=0)
    lot = lots.create_lot(actor=admin, campaign=campaign, items=[item], terms=terms)
    lot = lots.confirm_terms(actor=bidding.seller_liaison(), lot=lot)
    return lots.schedule(actor=admin, lot=lot, day=day, starts_at=starts, ends_at=ends)


def live_lot(admin):
    """A lot opening in a few seconds and running for RUNS, and two bidders registered with
    their deposits held."""
    now = timezone.now()
    # Time for both bidders to sign in and open the page before it opens, also on a loaded
    # machine (two sign-ins took over 4 s while the rest of the suite ran beside them).
    starts = now + datetime.timedelta(seconds=15)
    lot = todays_lot(admin, "储能电池健康状态估计专利", starts, starts + RUNS)
    return lot, bidding.make_bidder(admin, lot, "alice", now=now), bidding.make_bidder(admin, lot, "bob", now=now)


def test_two_bidders_the_outbid_notice_and_the_winners_confirmation(browser, live_server, admin_user, tmp_path):
    lot, alice, bob = live_lot(admin_user)
    url = f"{live_server.url}/auction/lots/{lot.pk}/"
    contexts = [browser.new_context(locale="zh-CN", accept_downloads=True) for _ in range(2)]
    refused = [watch_csp(context) for context in contexts]
    alice_page, bob_page = (context.new_page() for context in contexts)
    for page, who in ((alice_page, alice), (bob_page, bob)):
        sign_in(page, live_server.url, who.username, PASSWORD)
        page.goto(url)
        expect(page.locator("#lot-live")).to_contain_text("待竞价")

    with Beat():
        # The lot opens by the clock; both pages follow without a reload.
        for page in (alice_page, bob_page):
            expect(page.locator("#lot-live")).to_contain_text("竞价中", timeout=25_000)  # it opens 15 s after the setup began
        # The reserve as a fact, never its amount (issue 13, 2); buttons say what they do (13, 4).
        expect(alice_page.get_by_test_id("reserve")).to_have_text("有保留价 · 未达保留价")
        quick = alice_page.get_by_role("group", name="快捷出价").get_by_role("button")
        expect(quick).to_have_text(["按起拍价出价 · 50", "+1 个加价幅度 · 51", "+4 个加价幅度 · 54"])
        accept_next_dialog(alice_page)
        alice_page.get_by_role("button", name=re.compile("按起拍价出价")).click()
        expect(alice_page.get_by_test_id("my-state")).to_contain_text("您当前出价最高")
        expect(bob_page.locator("#lot-live")).to_contain_text("竞买人 A 领先", timeout=2_000)

        accept_next_dialog(bob_page)
        bob_page.get_by_role("button", name=re.compile(r"\+1")).click()
        expect(bob_page.get_by_test_id("my-state")).to_contain_text("您当前出价最高")
        bid_at = time.monotonic()
        expect(alice_page.get_by_test_id("my-state")).to_contain_text("您的出价已被超越", timeout=2_000)
        assert time.monotonic() - bid_at <= 2.0
        expect(alice_page.get_by_test_id("price")).to_contain_text("51")
        # Her "bid accepted" went with the state it answered (issue 13, 5).
        expect(alice_page.get_by_test_id("bid-feedback")).not_to_contain_text("成功")
        history = alice_page.get_by_role("table", name="出价记录")
        expect(history).to_contain_text("竞买人 B")
        expect(history).not_to_contain_text("bob")

        # Alice's connection drops: the page says so, and catches up when it returns.
        contexts[0].set_offline(True)
        expect(alice_page.locator("#connection-lost")).to_be_visible(timeout=5_000)
        contexts[0].set_offline(False)
        expect(alice_page.locator("#connection-lost")).to_be_hidden(timeout=5_000)

        # A free amount off the increments is refused, and the reason stays on the page
        # through the panel's polls (it used to vanish with the next one).
        # Refused at the check step already, with the amounts that are valid (issue 13, 3).
        alice_page.get_by_label("出价（万元）").fill("52.5")
        alice_page.get_by_role("button", name="核对出价").click()
        refusal = alice_page.get_by_role("alert").filter(has_text="出价须按加价幅度的整数倍递增")
        expect(refusal).to_be_visible()
        expect(refusal).to_contain_text("当前最低可接受出价为 52 万元")
        expect(alice_page.get_by_role("button", name="确认出价")).to_have_count(0)
        alice_page.wait_for_timeout(2_500)
        expect(refusal).to_be_visible()

        # A free amount, with the confirmation in 万元 and 大写; cancelled, then confirmed.
        alice_page.get_by_label("出价（万元）").fill("53")
        alice_page.get_by_role("button", name="核对出价").click()
        expect(alice_page.locator("#bid-confirm")).to_contain_text("人民币伍拾叁万元整")
        alice_page.locator("#bid-confirm").get_by_role("button", name="取消").click()
        expect(alice_page.locator("#bid-confirm")).to_be_empty()
        alice_page.get_by_role("button", name="核对出价").click()
        alice_page.get_by_role("button", name="确认出价").click()
        expect(alice_page.get_by_test_id("my-state")).to_contain_text("您当前出价最高")
        expect(alice_page.locator("#bid-confirm")).to_be_empty()  # cleared once answered
        expect(bob_page.get_by_test_id("my-state")).to_contain_text("您的出价已被超越", timeout=2_000)
        expect(bob_page.get_by_test_id("reserve")).to_have_text("有保留价 · 已达保留价", timeout=2_000)

        # The lot ends by the clock and the job settles it: sold, at or above the reserve.
        expect(alice_page.locator("#lot-live")).to_contain_text("已成交", timeout=RUNS.seconds * 1000 + 10_000)
        # No bid form stays after the close, and the winner is told so, without a reload (13, 5 and 6).
        expect(alice_page.locator("#bid-box")).to_be_hidden()
        expect(alice_page.get_by_test_id("my-state")).to_contain_text("您已竞得该拍品")
        expect(bob_page.get_by_test_id("my-state")).to_contain_text("该拍品竞价已结束")
    alice_page.reload()
    with alice_page.expect_download() as download:
        alice_page.get_by_role("link", name="下载成交确认书（PDF）").click()
    pdf = tmp_path / "confirmation.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "成交确认书" in text and "伍拾叁万元整" in text and "alice科技有限公司" in text
    bob_page.reload()
    expect(bob_page.get_by_role("link", name="下载成交确认书（PDF）")).to_have_count(0)  # not his deal
    for context in contexts:
        context.close()
    assert refused == [[], []], f"refused by the Content-Security-Policy: {refused}"


def test_the_countdown_follows_the_servers_clock_while_nobody_bids(page, live_server, admin_user):
    """Between bids the panel is answered 304 and the browser hands htmx the body it cached,
    with the server's time of its first answer; the countdown still runs on (issue 13, 1)."""
    now = timezone.now()
    ends = now + datetime.timedelta(minutes=20)
    lot = todays_lot(admin_user, "倒计时测试拍品", now + datetime.timedelta(seconds=5), ends, deposit=Decimal("0"))
    page.goto(f"{live_server.url}/auction/lots/{lot.pk}/")
    countdown = page.locator("[data-countdown]")
    expect(page.locator("#lot-live")).to_contain_text("竞价中", timeout=10_000)

    def left() -> tuple[int, float]:
        h, m, s = re.search(r"(\d\d):(\d\d):(\d\d)", countdown.inner_text()).groups()
        return int(h) * 3600 + int(m) * 60 + int(s), (ends - timezone.now()).total_seconds()

    page.wait_for_timeout(3_000)  # several polls answered 304 by now
    first, true_first = left()
    page.wait_for_timeout(4_000)
    second, true_second = left()
    assert abs(first - true_first) <= 2 and abs(second - true_second) <= 2, (first, true_first, second, true_second)
    assert 3 <= first - second <= 5


def test_the_bid_box_appears_when_the_deposit_is_confirmed_without_a_reload(page, live_server, admin_user):
    """One current truth (issue 13, point 5): registered with the deposit awaited, no bid box;
    the administrator confirms it, and the next poll shows the box."""
    now = timezone.now()
    lot = todays_lot(admin_user, "保证金测试拍品", now + datetime.timedelta(seconds=5), now + datetime.timedelta(minutes=20))
    carol = bidding.make_bidder(admin_user, lot, "carol", confirmed=False, now=now)
    sign_in(page, live_server.url, carol.username, PASSWORD)
    page.goto(f"{live_server.url}/auction/lots/{lot.pk}/")
    expect(page.get_by_test_id("my-state")).to_contain_text("保证金")
    expect(page.locator("#bid-box")).to_be_hidden()
    from auction.models import Registration

    bidding.deposit_arrived(admin_user, Registration.objects.get(lot=lot, bidder=carol), "B-7")
    expect(page.locator("#bid-box")).to_be_visible(timeout=5_000)
    expect(page.get_by_label("出价（万元）")).to_be_visible()


def test_the_day_list_follows_bids_and_the_lots_opening_without_a_reload(page, live_server, admin_user):
    """A visitor watching the day's list (issue 13, point 7): the lot opens, a bid moves its
    price and count, all within a poll or two, and the row says how long is left."""
    now = timezone.now()
    lot = todays_lot(admin_user, "竞价日列表测试", now + datetime.timedelta(seconds=4), now + datetime.timedelta(minutes=20))
    alice = bidding.make_bidder(admin_user, lot, "alice", now=now)
    page.goto(f"{live_server.url}/auction/bidding/days/{timezone.localdate(now).isoformat()}/")
    row = page.locator(f"#lot-{lot.pk}")
    expect(row).to_have_attribute("data-status", "scheduled")
    expect(row).to_have_attribute("data-status", "open", timeout=12_000)
    expect(row.locator("[data-countdown]")).to_contain_text(re.compile(r"00:1\d:\d\d"))
    from auction.services.bidding import place_bid

    place_bid(lot_id=lot.pk, bidder=alice, amount=Decimal("500000"))
    expect(row.get_by_test_id("price")).to_have_text("50", timeout=12_000)
    expect(row.get_by_test_id("bids")).to_have_text("1")


def test_a_lot_below_its_reserve_says_so_while_open_and_why_it_ended_unsold(page, live_server, admin_user):
    """The reserve's state before and after the close (issue 13, point 2): not reached while
    the only bid is below it, then 流拍 with the reason, on the page that stayed open."""
    now = timezone.now()
    lot = todays_lot(admin_user, "保留价测试拍品", now + datetime.timedelta(seconds=5), now + datetime.timedelta(seconds=16))
    alice = bidding.make_bidder(admin_user, lot, "alice", now=now)
    sign_in(page, live_server.url, alice.username, PASSWORD)
    page.goto(f"{live_server.url}/auction/lots/{lot.pk}/")
    from auction.services.bidding import place_bid

    with Beat():
        expect(page.locator("#lot-live")).to_contain_text("竞价中", timeout=10_000)
        place_bid(lot_id=lot.pk, bidder=alice, amount=Decimal("500000"))
        expect(page.get_by_test_id("my-state")).to_contain_text("您当前出价最高", timeout=3_000)
        expect(page.get_by_test_id("reserve")).to_have_text("有保留价 · 未达保留价")
        expect(page.get_by_test_id("unsold-reason")).to_have_text("流拍：最高出价未达保留价。", timeout=25_000)
    expect(page.get_by_test_id("reserve")).to_have_count(0)
    expect(page.get_by_test_id("my-state")).not_to_contain_text("最高")
    expect(page.locator("#bid-box")).to_be_hidden()
