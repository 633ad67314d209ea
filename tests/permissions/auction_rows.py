"""The auction's rows: lists and items, imports, the experts' scoring, selection,
publication, review, bidding and its desk, deals, the public catalogue and its enquiries; its
API under /api/v1/auction/.

Records of a unit (lists, items, import jobs, deals) are refused to others with 403 on
pages, as every page of the portal does, and are not found (404) in the API, whose lists
are filtered by what the caller may see. A lot that is not public (a draft, a withdrawn
lot) is not found for anyone but its seller and the administrators, on pages as in the
API: its existence is not yet public. An enquiry is known only to its asker (the enterprise), the
seller unit's liaisons and the administrators: anyone else is told it does not exist."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from auction.models import Assignment, Panel
from auction.services import bidding, closing, enquiries, lists, lots
from auction.services.days import add_day
from auction.services.items import add_attachment, save_item
from jbgs.models import IndustryField
from jbgs.services.imports import run_import, start_import
from tests.auction import bidding as helpers
from tests.auction.conftest import open_for_submissions, patent_data, valid_numbers
from tests.auction.spreadsheets import BAD_FIELD, HEADER
from tests.auction.spreadsheets import row as sheet_row
from tests.permissions.table import (
    ACCEPTED,
    AUTH,
    CREATED,
    DENIED,
    DONE,
    HIDDEN,
    LOGIN,
    NO_CONTENT,
    OK,
    REFUSED,
    admin_only,
    answers,
    api_admin_only,
    api_owner_and_admin,
    api_row,
    api_signed_in,
    owner_and_admin,
    public,
    row,
    signed_in,
)

# The day the world's lot is bid on, and a day before it on which the deal was struck.
DAY = "2023-06-07"
EARLIER = datetime.date(2023, 6, 2)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def build(world) -> None:
    admin, seller, bidder = world.users["admin"], world.users["liaison"], world.users["bidder"]
    world.item, world.deal_item, world.draft_lot_item, world.free_item = helpers.published_items(
        admin, count=4, files=[("产品手册.pdf", True)])
    world.public_attachment = world.item.attachments.get()
    world.list = world.item.submission_list
    _bidding(world, admin, bidder)
    _draft_list(world, seller)
    world.panel = Panel.objects.create(campaign=world.campaign, field=world.field, name="新能源专家组")
    world.panel.experts.add(world.users["expert"])
    # Selection is over for the published items: the expert's assignment is set down as it stood.
    world.assignment = Assignment.objects.create(item=world.item, expert=world.users["expert"], panel=world.panel,
                                                 assigned_at=helpers.BEFORE)
    world.enquiry = enquiries.ask(asker=world.users["enterprise"], item=world.item, contact_name="陈立群",
                                  contact_phone="0512-62870001", message="请问是否接受普通许可？",
                                  now=helpers.BEFORE)


def _bidding(world, admin, bidder) -> None:
    world.lot = helpers.make_lot(admin, [world.item])
    world.day = world.lot.day
    registration = bidding.register(bidder=bidder, lot=world.lot, rules_accepted=True, disclaimer_accepted=True,
                                    now=helpers.BEFORE)
    world.registration = helpers.deposit_arrived(admin, registration, now=helpers.BEFORE)
    world.draft_lot = lots.create_lot(actor=admin, campaign=world.campaign, items=[world.draft_lot_item],
                                      terms=_terms("锂电池专利（待确认）"))
    # A lot sold two days earlier to the bidder's unit.
    before = _at(EARLIER, 12) - datetime.timedelta(days=1)
    deal_lot = helpers.make_lot(admin, [world.deal_item], scheduled=False)
    day = add_day(actor=admin, campaign=world.campaign, date=EARLIER, opens_at=datetime.time(9, 30),
                  closes_at=datetime.time(16, 0))
    deal_lot = lots.schedule(actor=admin, lot=deal_lot, day=day, now=before)
    bought = bidding.register(bidder=bidder, lot=deal_lot, rules_accepted=True, disclaimer_accepted=True, now=before)
    helpers.deposit_arrived(admin, bought, "BANK-2", now=before)
    bidding.place_bid(lot_id=deal_lot.pk, bidder=bidder, amount=helpers.RESERVE, now=_at(EARLIER, 10))
    closing.close_due_lots(_at(EARLIER, 16))
    deal_lot.refresh_from_db()
    world.deal = deal_lot.deals.get()


def _terms(title: str) -> lots.Terms:
    return lots.Terms(title=title, trade_mode="assignment", start_price=helpers.START, reserve_price=helpers.RESERVE,
                      increment=helpers.INCREMENT, deposit=helpers.DEPOSIT, snipe_window_minutes=5,
                      snipe_extension_minutes=5, snipe_cap_minutes=30)


def _draft_list(world, seller) -> None:
    """The seller's list of the year before, still a draft: what its liaison may change."""
    campaign = open_for_submissions(2022)
    world.draft_list = lists.open_list(organization=seller.organization, campaign=campaign, actor=seller)
    field = IndustryField.objects.get(year=2022, code="new_energy")
    world.draft_list_item = save_item(actor=seller, submission_list=world.draft_list,
                                      data=patent_data(field, number=valid_numbers(1, year=2019)[0],
                                                       patentees=helpers.SELLER))
    world.attachment = add_attachment(actor=seller, item=world.draft_list_item, upload=_pdf("检测报告.pdf"))
    world.job = start_import(kind="auction.patent", target_id=world.draft_list.pk, actor=seller,
                             upload=SimpleUploadedFile("清单.xlsx", _sheet()))
    run_import(world.job.pk)  # here rather than after the commit that never comes in a test
    world.job.refresh_from_db()
    world.job_row = int(next(iter(world.job.rejected)))


def _sheet() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    book.active.append(sheet_row(1, "领域不存在", BAD_FIELD, "2022-01-01", field="量子计算"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def _upload(world) -> dict:
    return {"file": _pdf("盖章件.pdf")}


def _campaign(world) -> str:
    return f"campaign={world.campaign.pk}"


def _free_item(world) -> str:
    return f"item={world.free_item.pk}"


# Answers shared by several rows.
LIAISONS = answers(LOGIN, signed_in=DENIED, liaison=OK, other_liaison=OK)
SELLER_EDITS = answers(LOGIN, signed_in=DENIED, liaison=OK)  # a draft list: its liaison's to change
OWNER_SEES = owner_and_admin(others=DENIED)
DEAL_PARTIES = answers(LOGIN, signed_in=DENIED, admin=OK, liaison=OK, bidder=OK)
# Bidding is for bidders: others are told why, in words, on the lot's page.
BIDDERS_ONLY = answers(LOGIN, signed_in=REFUSED, bidder=DONE)
ENQUIRY = {"contact_name": "赵敏", "contact_phone": "13951200002", "message": "请问该专利的许可费用？"}
LIAISONS_AND_ADMIN = answers(LOGIN, signed_in=DENIED, admin=OK, liaison=OK, other_liaison=OK)
ENQUIRY_PARTIES = owner_and_admin(enterprise=OK)

PAGES = [
    # The unit's lists and items.
    row("own lists", "GET", ("auction:my-lists",), LIAISONS),
    row("this year's list opened", "POST", ("auction:my-lists",),
        answers(LOGIN, signed_in=DENIED, liaison=DONE, other_liaison=DONE)),
    row("a list", "GET", ("auction:list-detail", "@list"), OWNER_SEES),
    row("a list's compliance panel", "GET", ("auction:list-compliance", "@list"), OWNER_SEES),
    row("a draft list's contacts page", "GET", ("auction:list-contacts", "@draft_list"), SELLER_EDITS),
    row("a draft list's contacts saved", "POST", ("auction:list-contacts", "@draft_list"),
        answers(LOGIN, signed_in=DENIED, liaison=DONE), data={
            "liaison_name": "沈立", "liaison_phone": "0512-62872500", "liaison_email": "shenli@example.cn",
            "experts-TOTAL_FORMS": "0", "experts-INITIAL_FORMS": "0"}),
    row("a sealed copy uploaded", "POST", ("auction:list-sealed-copy", "@draft_list"),
        answers(LOGIN, signed_in=DENIED, liaison=DONE), data=_upload),
    row("a list's sealed copy", "GET", ("auction:list-sealed-copy-file", "@list"), OWNER_SEES),
    row("an incomplete list handed in", "POST", ("auction:list-submit", "@draft_list"),
        answers(LOGIN, signed_in=DENIED, liaison=REFUSED)),
    row("new item page", "GET", ("auction:item-create", "@draft_list", "patent"), SELLER_EDITS),
    row("new item without a title", "POST", ("auction:item-create", "@draft_list", "patent"),
        answers(LOGIN, signed_in=DENIED, liaison=REFUSED), data={"summary": "无标题"}),
    row("a published item's page", "GET", ("auction:item-detail", "@item"), owner_and_admin(others=DENIED, expert=OK)),
    row("a draft item's edit page", "GET", ("auction:item-edit", "@draft_list_item"), SELLER_EDITS),
    row("a draft item saved without a title", "POST", ("auction:item-edit", "@draft_list_item"),
        answers(LOGIN, signed_in=DENIED, liaison=REFUSED), data={"summary": "无标题"}),
    row("a draft item deleted", "POST", ("auction:item-delete", "@draft_list_item"),
        answers(LOGIN, signed_in=DENIED, liaison=DONE)),
    row("a draft item picked for the roadshow", "POST", ("auction:item-roadshow", "@draft_list_item"),
        answers(LOGIN, signed_in=DENIED, liaison=DONE), data={"roadshow_pick": "on"}),
    row("an attachment added", "POST", ("auction:attachment-add", "@draft_list_item"),
        answers(LOGIN, signed_in=DENIED, liaison=DONE), data=_upload),
    row("an attachment", "GET", ("auction:attachment-file", "@attachment"), OWNER_SEES),
    row("an attachment made public", "POST", ("auction:attachment-visibility", "@attachment"),
        answers(LOGIN, signed_in=DENIED, liaison=DONE), data={"public": "1"}),
    row("an attachment deleted", "POST", ("auction:attachment-delete", "@attachment"),
        answers(LOGIN, signed_in=DENIED, liaison=DONE)),
    # Imports.
    row("import page", "GET", ("auction:import-upload", "@draft_list"), SELLER_EDITS),
    row("import without a file", "POST", ("auction:import-upload", "@draft_list"),
        answers(LOGIN, signed_in=DENIED, liaison=REFUSED), data={"kind": "patent"}),
    row("an import job", "GET", ("auction:import-detail", "@job"), OWNER_SEES),
    row("a rejected row to correct", "GET", ("auction:import-fix-row", "@job", "@job_row"), SELLER_EDITS),
    row("blank form", "GET", ("auction:blank-form", "patent"), signed_in(), query=_campaign),
    # The experts' scoring.
    row("an expert's reviews", "GET", ("auction:expert-reviews",), answers(LOGIN, signed_in=DENIED, expert=OK)),
    row("an assignment to score", "GET", ("auction:expert-review", "@assignment"),
        answers(LOGIN, signed_in=DENIED, expert=OK)),
    row("a published item's assignment scored", "POST", ("auction:expert-review", "@assignment"),
        answers(LOGIN, signed_in=DENIED, expert=REFUSED),
        data={"advancement": "8", "feasibility": "8", "market": "8", "legal": "8", "comment": ""}),
    # Selection, publication and the review of lists: the administrators'.
    row("selection", "GET", ("auction:selection",), admin_only(), query=_campaign),
    row("scoring scheme page", "GET", ("auction:scheme",), admin_only(), query=_campaign),
    row("scoring scheme with a scale in words", "POST", ("auction:scheme",), admin_only(REFUSED), query=_campaign,
        data={"scale_max": "ten"}),
    row("new panel page", "GET", ("auction:panel-create",), admin_only(), query=_campaign),
    row("panel created", "POST", ("auction:panel-create",), admin_only(DONE), query=_campaign,
        data=lambda w: {"field": w.field.pk, "name": "第二专家组", "experts": [w.users["expert"].pk]}),
    row("panel page", "GET", ("auction:panel-edit", "@panel"), admin_only()),
    row("incomplete panel assigned", "POST", ("auction:panel-assign", "@panel"), admin_only(REFUSED)),
    row("a field's ranking", "GET", ("auction:ranking", "@field"), admin_only()),
    row("a field's selection", "POST", ("auction:ranking", "@field"), admin_only(DONE), data={"top_n": "1"}),
    row("an item unselected by hand", "POST", ("auction:selection-toggle", "@free_item"), admin_only(REFUSED),
        data={"selected": "0", "reason": "测试"}),
    row("publication", "GET", ("auction:publication",), admin_only(), query=_campaign),
    row("a field published", "POST", ("auction:publish", "@field"), admin_only(REFUSED), data={"title": "第二批"}),
    row("an item withdrawn from the catalogue", "POST", ("auction:withdraw", "@free_item"), admin_only(DONE),
        data={"reason": "权利人撤回"}),
    row("an item placed in a column", "POST", ("auction:place-in-column", "@free_item"), admin_only(REFUSED),
        data={"column": "nonexistent", "reason": "测试"}),
    row("lists' progress", "GET", ("auction:progress",), admin_only(), query=_campaign),
    row("a list's review page", "GET", ("auction:list-review", "@list"), admin_only()),
    row("an accepted list reviewed again", "POST", ("auction:list-review", "@list"), admin_only(REFUSED),
        data={"decision": "accept", "comment": ""}),
    row("a list's exception", "POST", ("auction:list-exception", "@draft_list"), admin_only(DONE),
        data={"max_items": "40", "reason": "特批"}),
    row("a list's deadline extended", "POST", ("auction:list-deadline", "@draft_list"), admin_only(DONE),
        data={"until": "2023-07-01", "reason": "延期"}),
    # Bidding: public pages, bidders' requests.
    row("bidding calendar", "GET", ("auction:bidding",), public()),
    row("a bidding day", "GET", ("auction:bidding-day", DAY), public()),
    row("a bidding day's live list", "GET", ("auction:bidding-day-live", DAY), public()),
    row("own bidding", "GET", ("auction:my-bidding",), signed_in()),
    row("a lot", "GET", ("auction:lot", "@lot"), public()),
    row("a draft lot", "GET", ("auction:lot", "@draft_lot"), owner_and_admin(anonymous=HIDDEN)),
    row("a lot's live panel", "GET", ("auction:lot-live", "@lot"), public()),
    row("a draft lot's live panel", "GET", ("auction:lot-live", "@draft_lot"), public(HIDDEN)),
    row("a lot's announcement", "GET", ("auction:lot-announcement", "@lot"), public()),
    row("a draft lot's announcement", "GET", ("auction:lot-announcement", "@draft_lot"),
        owner_and_admin(anonymous=HIDDEN)),
    row("a lot's notice to bidders", "GET", ("auction:lot-bidding-terms", "@lot"), public()),
    row("a draft lot's notice to bidders", "GET", ("auction:lot-bidding-terms", "@draft_lot"),
        owner_and_admin(anonymous=HIDDEN)),
    row("a bid", "POST", ("auction:lot-bid", "@lot"), BIDDERS_ONLY, data={"amount": "1000000"}),
    row("a bid on a draft lot", "POST", ("auction:lot-bid", "@draft_lot"),
        owner_and_admin(REFUSED), data={"amount": "1000000"}),
    row("a free amount to confirm", "GET", ("auction:lot-bid-confirm", "@lot"), signed_in(), query="amount=1010000"),
    row("registration page", "GET", ("auction:lot-register", "@lot"), signed_in()),
    row("a registration", "POST", ("auction:lot-register", "@lot"),
        answers(LOGIN, signed_in=REFUSED, bidder=DONE, other_bidder=DONE),  # the bidder's own, again
        data={"rules_accepted": "on", "disclaimer_accepted": "on"}),
    row("automatic bidding set", "POST", ("auction:lot-proxy", "@lot"), BIDDERS_ONLY, data={"ceiling": "1100000"}),
    row("a lot watched", "POST", ("auction:lot-watch", "@lot"), signed_in(DONE)),
    row("a draft lot's terms", "GET", ("auction:lot-terms", "@draft_lot"), owner_and_admin()),
    row("a draft lot's terms confirmed", "POST", ("auction:lot-terms", "@draft_lot"),
        owner_and_admin(DONE, admin=REFUSED), data=lambda w: {"version": str(w.draft_lot.version)}),
    row("a lot's series stopped", "POST", ("auction:lot-stop-series", "@lot"), owner_and_admin(DONE, others=DENIED),
        data={"series-reason": "不再挂牌"}),
    row("the seller's lots", "GET", ("auction:seller-lots",), LIAISONS),
    # The administrators' desk.
    row("bidding days desk", "GET", ("auction:manage-days",), admin_only(), query=_campaign),
    row("a bidding day added", "POST", ("auction:manage-days",), admin_only(DONE), query=_campaign,
        data={"add-date": "2023-06-14", "add-opens_at": "09:30", "add-closes_at": "16:00", "add-note": ""}),
    row("a bidding day with a lot cancelled", "POST", ("auction:manage-day-cancel", "@day"), admin_only(REFUSED),
        data={"reason": "停电"}),
    row("lots desk", "GET", ("auction:manage-lots",), admin_only()),
    row("new lot page", "GET", ("auction:manage-lot-create",), admin_only(), query=_free_item),
    row("new lot without a price", "POST", ("auction:manage-lot-create",), admin_only(REFUSED),
        data=lambda w: {"item_pk": w.free_item.pk, "title": "光伏专利"}, query=_free_item),
    row("a lot on the desk", "GET", ("auction:manage-lot", "@lot"), admin_only()),
    row("a lot's registrations", "GET", ("auction:lot-registrations", "@lot"), admin_only()),
    row("a lot's terms on the desk", "GET", ("auction:manage-lot-edit", "@lot"), admin_only()),
    row("a draft lot withdrawn", "POST", ("auction:manage-lot-withdraw", "@draft_lot"), admin_only(DONE),
        data={"withdraw-reason": "权利人撤回"}),
    row("a scheduled lot relisted", "POST", ("auction:manage-lot-relist", "@lot"), admin_only(REFUSED)),
    row("a negotiated deal on a scheduled lot", "POST", ("auction:manage-lot-negotiated", "@lot"),
        admin_only(REFUSED), data={}),
    row("a held deposit confirmed again", "POST", ("auction:manage-deposit", "@registration"), admin_only(REFUSED),
        data={"reference": "BANK-1"}),
    row("a held deposit refunded", "POST", ("auction:manage-refund", "@registration"), admin_only(REFUSED),
        data={"refunded_on": "2023-06-08", "reference": "REF-1"}),
    # Deals.
    row("deals", "GET", ("auction:deals",), signed_in()),
    row("a deal", "GET", ("auction:deal", "@deal"), DEAL_PARTIES),
    row("a deal's contract recorded", "POST", ("auction:deal-advance", "@deal"), admin_only(DONE), data={
        "contract_number": "HT-1", "contract_amount": "120", "signed_on": "2023-06-20", "trade_form": "assignment"}),
    row("a deal's confirmation", "GET", ("auction:deal-confirmation", "@deal"), DEAL_PARTIES),
    # The public catalogue.
    row("catalogue", "GET", ("catalogue:list",), public()),
    row("a published item", "GET", ("catalogue:detail", "@item"), public()),
    row("a file shown with a published item", "GET", ("catalogue:attachment", "@public_attachment"), public()),
    row("a file kept for the experts, at the public address", "GET", ("catalogue:attachment", "@attachment"),
        public(HIDDEN)),
    row("an unpublished item in the catalogue", "GET", ("catalogue:detail", "@draft_list_item"), public(HIDDEN)),
    # Enquiries: anyone signed in asks, but not about their own unit's item.
    row("an enquiry sent", "POST", ("catalogue:enquire", "@item"), signed_in(DONE, liaison=REFUSED), data=ENQUIRY),
    row("an enquiry about an unpublished item", "POST", ("catalogue:enquire", "@draft_list_item"),
        signed_in(HIDDEN), data=ENQUIRY),
    row("own enquiries", "GET", ("auction:my-enquiries",), signed_in()),
    row("enquiries received", "GET", ("auction:enquiries",), LIAISONS_AND_ADMIN),
    row("an enquiry", "GET", ("auction:enquiry", "@enquiry"), ENQUIRY_PARTIES),
    row("an enquiry answered", "POST", ("auction:enquiry-answer", "@enquiry"),
        owner_and_admin(DONE, enterprise=DENIED), data={"answer": "接受普通许可，费用面议。"}),
    row("an enquiry closed", "POST", ("auction:enquiry-close", "@enquiry"), owner_and_admin(DONE, enterprise=DONE)),
]

API = [
    api_row("auction API root", "GET", ("auction-api:api-root",), api_signed_in()),
    # Lots: the public ones to everyone, drafts to their seller and the administrators.
    api_row("lots", "GET", ("auction-api:lot-list",), public()),
    api_row("a lot created", "POST", ("auction-api:lot-list",), api_admin_only(CREATED), data=lambda w: {
        "title": "光伏专利", "items": [w.free_item.pk], "trade_mode": "assignment", "start_price": "1000000",
        "increment": "10000"}),
    api_row("a lot through the API", "GET", ("auction-api:lot-detail", "@lot"), public()),
    api_row("a draft lot through the API", "GET", ("auction-api:lot-detail", "@draft_lot"),
        api_owner_and_admin(anonymous=HIDDEN)),
    api_row("a lot's bids", "GET", ("auction-api:lot-bids", "@lot"), public()),
    api_row("a bid through the API", "POST", ("auction-api:lot-bids", "@lot"),
        answers(AUTH, signed_in=DENIED, bidder=CREATED), data={"amount": "1000000"}),
    api_row("a registration through the API", "POST", ("auction-api:lot-registrations", "@lot"),
        answers(AUTH, signed_in=DENIED, bidder=CREATED, other_bidder=CREATED),
        data={"rules_accepted": True, "disclaimer_accepted": True}),
    api_row("a lot's live state", "GET", ("auction-api:lot-state", "@lot"), public()),
    # Items and lists: the unit's own (an expert's assigned items too).
    api_row("items", "GET", ("auction-api:item-list",), api_signed_in()),
    api_row("an item created", "POST", ("auction-api:item-list",),
        answers(AUTH, signed_in=DENIED, liaison=CREATED), data=lambda w: {
            **_api_patent(w), "list": w.draft_list.pk}),
    api_row("an item", "GET", ("auction-api:item-detail", "@item"), api_owner_and_admin(expert=OK)),
    api_row("a draft item changed", "PATCH", ("auction-api:item-detail", "@draft_list_item"),
        api_owner_and_admin(admin=DENIED), data={"title": "一种锂离子电池健康状态估计方法"}),
    api_row("a draft item deleted through the API", "DELETE", ("auction-api:item-detail", "@draft_list_item"),
        api_owner_and_admin(NO_CONTENT, admin=DENIED)),
    api_row("an attachment through the API", "POST", ("auction-api:item-attachments", "@draft_list_item"),
        api_owner_and_admin(CREATED, admin=DENIED), data=_upload, format="multipart"),
    api_row("lists", "GET", ("auction-api:list-list",), api_signed_in()),
    api_row("a list opened", "POST", ("auction-api:list-list",),
        answers(AUTH, signed_in=DENIED, liaison=CREATED, other_liaison=CREATED),
        data=lambda w: {"campaign": w.campaign.pk}),
    api_row("a list through the API", "GET", ("auction-api:list-detail", "@list"), api_owner_and_admin()),
    api_row("a draft list's contacts changed", "PATCH", ("auction-api:list-detail", "@draft_list"),
        api_owner_and_admin(admin=DENIED), data={"liaison_name": "沈立"}),
    api_row("a sealed copy through the API", "POST", ("auction-api:list-sealed-copy", "@draft_list"),
        api_owner_and_admin(admin=DENIED), data=_upload, format="multipart"),
    api_row("an incomplete list handed in through the API", "POST", ("auction-api:list-submit", "@draft_list"),
        api_owner_and_admin(REFUSED, admin=DENIED)),
    api_row("an import", "POST", ("auction-api:import-list",),
        # The seller's list of the year is accepted: nothing more is imported into it.
        answers(AUTH, signed_in=DENIED, liaison=REFUSED, other_liaison=ACCEPTED),
        data=lambda w: {"kind": "patent", "campaign": w.campaign.pk, "file": SimpleUploadedFile("清单.xlsx", _sheet())},
        format="multipart"),
    api_row("an import job through the API", "GET", ("auction-api:import-detail", "@job"), api_owner_and_admin()),
    api_row("an import job's errors through the API", "GET", ("auction-api:import-errors", "@job"),
            api_owner_and_admin()),
    # The catalogue, the days: public to read.
    api_row("catalogue through the API", "GET", ("auction-api:catalogue-list",), public()),
    api_row("a published item through the API", "GET", ("auction-api:catalogue-detail", "@item"), public()),
    api_row("an unpublished item in the API's catalogue", "GET", ("auction-api:catalogue-detail", "@draft_list_item"),
        public(HIDDEN)),
    api_row("bidding days", "GET", ("auction-api:day-list",), public()),
    api_row("a bidding day added through the API", "POST", ("auction-api:day-list",), api_admin_only(CREATED),
        data={"date": "2023-06-16"}),
    # Registrations and deals: their parties'.
    api_row("a bidder's registration", "GET", ("auction-api:registration-detail", "@registration"),
        answers(AUTH, signed_in=HIDDEN, admin=OK, bidder=OK)),
    api_row("a held deposit confirmed through the API", "POST",
        ("auction-api:registration-confirm-deposit", "@registration"), api_admin_only(REFUSED),
        data={"reference": "BANK-1"}),
    api_row("deals through the API", "GET", ("auction-api:deal-list",), api_signed_in()),
    api_row("a deal through the API", "GET", ("auction-api:deal-detail", "@deal"),
        answers(AUTH, signed_in=HIDDEN, admin=OK, liaison=OK, bidder=OK)),
]


def _api_patent(world) -> dict:
    return {"kind": "patent", "title": "一种储能电池热失控预警方法", "field": "new_energy",
            "summary": "本发明公开了一种储能电池热失控预警方法。", "prospects": "储能电站。", "maturity": "sample",
            "trade_modes": ["assignment"], "asking_price": "500000",
            "application_number": valid_numbers(2, year=2019)[1], "application_date": "2019-07-21",
            "grant_date": "2022-03-15", "legal_status": "valid", "patentees": helpers.SELLER, "inventors": "王强",
            "ipc": "G01R31/367"}


ROWS = PAGES + API
