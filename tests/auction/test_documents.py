"""A lot's announcement (拍卖公告) and notice to bidders (竞买须知): PDFs in Chinese with the
lot's and the year's figures, for whoever may see the lot, and never the reserve price."""

from decimal import Decimal
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from auction.services import lots
from jbgs.money import rmb_upper, wan, yuan_text
from tests.auction.bidding import (
    SELLER,
    make_lot,
    pdf_words,
    published_items,
    seller_liaison,
    set_account,
)

pytestmark = pytest.mark.django_db

# An odd reserve, to look for in every form a document could print it in.
RESERVE = Decimal("1234567.89")


def pdf_text(response, tmp_path) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pdf_words(response.content, tmp_path)


def documents(client, lot, tmp_path) -> dict[str, str]:
    return {name: pdf_text(client.get(reverse(f"auction:lot-{name}", args=[lot.pk])), tmp_path)
            for name in ("announcement", "bidding-terms")}


@pytest.fixture
def reserved_lot(admin_user):
    """A lot of two items on the 7 June 2023 bidding day (09:30–16:00), with an odd reserve."""
    items = published_items(admin_user, count=2)
    set_account(items[0].campaign, deposit_lead_hours=48, payment_days=15)
    return make_lot(admin_user, items, reserve_price=RESERVE)


def test_the_announcement_states_the_lot_its_items_and_its_figures(client, reserved_lot, tmp_path):
    response = client.get(reverse("auction:lot-announcement", args=[reserved_lot.pk]))
    assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote(f'拍卖公告-{reserved_lot.number}.pdf')}"
    text = pdf_text(response, tmp_path)
    items = list(reserved_lot.items.order_by("id"))
    for fact in ["拍卖公告", reserved_lot.number, reserved_lot.title, SELLER, "2023年江苏省专利（成果）拍卖季", "转让",
                 *(item.title for item in items), *(item.patent_number for item in items), "发明专利",
                 "起拍价1,000,000.00元（100万元）", "加价幅度10,000.00元（1万元）", "保证金50,000.00元（5万元）",
                 "有保留价（不公开）", "2023年6月7日（周三）09:30–16:00",
                 # Deposits are due 48 hours before the lot opens, into the year's account.
                 "2023年6月5日09:30", "466158201234", "中国银行南京河西支行", f"{reserved_lot.number}-A",
                 "成交之日起15日内"]:
        assert fact in text, fact


def test_the_notice_to_bidders_numbers_the_rules_with_the_lots_figures(client, reserved_lot, tmp_path):
    text = documents(client, reserved_lot, tmp_path)["bidding-terms"]
    clauses = ["报名", "保证金", "竞价时间", "出价规则", "代理出价", "延时规则", "保留价", "保证金的处理", "价款支付",
               "合同", "免责声明"]
    for number, clause in enumerate(clauses, start=1):
        assert f"{number}.{clause}" in text, clause
    for fact in ["竞买须知", "1,000,000.00元（100万元）", "整数倍", "结束前5分钟内出价", "最迟于16:30结束",
                 "最高出价达到保留价的，由最高出价人竞得", "流拍", "抵作价款", "退还竞买人", "成交之日起15日内",
                 "2023年6月5日09:30"]:
        assert fact in text, fact


def test_no_document_tells_the_reserve_price_in_any_form(client, reserved_lot, tmp_path):
    texts = documents(client, reserved_lot, tmp_path)
    forms = {str(RESERVE), yuan_text(RESERVE), wan(RESERVE), rmb_upper(RESERVE), "1234567", "123.45"}
    for name, text in texts.items():
        assert not [form for form in forms if form in text], name


def test_a_lot_without_reserve_or_deposit_and_a_year_without_an_account_say_so(admin_user, client, tmp_path):
    free_item, item = published_items(admin_user, count=2)
    lot = make_lot(admin_user, [free_item], reserve_price=Decimal("1000000"), deposit=Decimal("0"))
    texts = documents(client, lot, tmp_path)
    assert "无保留价" in texts["announcement"] and "不收取竞买保证金" in texts["announcement"]
    assert "本拍品无保留价" in texts["bidding-terms"] and "保证金的处理" not in texts["bidding-terms"]
    lot = make_lot(admin_user, [item])
    assert "缴款账户由交易市场另行通知已报名的竞买人" in documents(client, lot, tmp_path)["announcement"]


def test_the_documents_follow_the_years_rules_at_once(client, reserved_lot, tmp_path):
    """A document is kept after its rendering, but a changed rule is a changed document."""
    assert "成交之日起15日内" in documents(client, reserved_lot, tmp_path)["announcement"]
    set_account(reserved_lot.campaign, payment_days=20, deposit_account="1111 2222 3333")
    texts = documents(client, reserved_lot, tmp_path)
    assert "成交之日起20日内" in texts["announcement"] and "111122223333" in texts["announcement"]
    assert "成交之日起20日内" in texts["bidding-terms"]


def test_a_draft_lots_documents_are_not_found_but_by_its_seller_and_the_administrators(
        admin_user, bidder, tmp_path):
    items = published_items(admin_user)
    terms = lots.Terms(title="未确认的拍品", trade_mode="assignment", start_price=Decimal("1000000"),
                       reserve_price=RESERVE, increment=Decimal("10000"), deposit=Decimal("50000"),
                       snipe_window_minutes=5, snipe_extension_minutes=5, snipe_cap_minutes=30)
    draft = lots.create_lot(actor=admin_user, campaign=items[0].campaign, items=items, terms=terms)
    public, as_bidder, as_seller = Client(), Client(), Client()
    as_bidder.force_login(bidder)
    as_seller.force_login(seller_liaison())
    for name in ("announcement", "bidding-terms"):
        url = reverse(f"auction:lot-{name}", args=[draft.pk])
        assert public.get(url).status_code == 404 and as_bidder.get(url).status_code == 404
        text = pdf_text(as_seller.get(url), tmp_path)  # before its day: the time is to come
        assert "待定" in text and not [form for form in (yuan_text(RESERVE), wan(RESERVE)) if form in text]


def test_the_lot_page_links_both_documents(client, reserved_lot):
    page = client.get(reverse("auction:lot", args=[reserved_lot.pk])).text
    assert "拍卖文件" in page
    for name in ("announcement", "bidding-terms"):
        assert reverse(f"auction:lot-{name}", args=[reserved_lot.pk]) in page
