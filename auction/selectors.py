"""Read queries of the supply side, shared by its pages, API and tasks, and how the apps
above it (the demand side, the special sessions) read its records: lists, published
items and the catalogue, bidding days and lots, deals. Nothing here changes state."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, NullIf, RowNumber
from django.utils.translation import gettext as _

from auction import catalogue
from auction.choices import (
    LOT_ENDED,
    LOT_PUBLIC,
    AuctionAction,
    DealStage,
    EnquiryStatus,
    ItemKind,
    ItemReview,
    ListStatus,
    LotStatus,
    TradeMode,
)
from auction.models import (
    SUPPORT_ELIGIBLE,
    AuctionRules,
    BiddingDay,
    Deal,
    Enquiry,
    Item,
    ItemAttachment,
    Lot,
    LotItem,
    Panel,
    ProxyBid,
    PublicationBatch,
    Registration,
    SubmissionList,
    Watch,
)
from auction.search import any_word, word_hits
from jbgs.models import AuditEntry, Campaign

# The public catalogue: published items with public fields only (auction.catalogue).
CatalogueFilters = catalogue.Filters


def catalogue_items() -> QuerySet[Item]:
    return catalogue.published()


def catalogue_search(filters: CatalogueFilters) -> catalogue.Found:
    return catalogue.search(filters)


def current_auction_campaign(day) -> Campaign | None:
    """The auction campaign under way on the day, or else the latest one."""
    campaigns = Campaign.objects.filter(kind="auction")
    return campaigns.filter(starts_on__lte=day, ends_on__gte=day).first() or campaigns.order_by("-year").first()


def published_years() -> list[int]:
    """The campaign years that have published items, newest first."""
    return list(Item.objects.filter(published_at__isnull=False).order_by("-campaign__year")
                .values_list("campaign__year", flat=True).distinct())


def auction_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(kind="auction").order_by("-year")


def list_imports(submission_list: SubmissionList) -> QuerySet:
    """The list's latest imports, newest first, with their counts of rows with problems."""
    from jbgs.models import ImportJob
    from jbgs.selectors import import_jobs

    return import_jobs(ImportJob.objects.filter(kind__startswith="auction.", target_id=submission_list.pk))[:10]


def batches(campaign: Campaign) -> QuerySet[PublicationBatch]:
    return PublicationBatch.objects.filter(campaign=campaign).select_related("field", "published_by")


# Which selected items a batch publishes: reviewed and accepted, in a list the platform
# accepted (auction.services.publication.publish); the rest wait, and say why.
PUBLISHABLE = Q(review_state=ItemReview.ACCEPTED, submission_list__status=ListStatus.ACCEPTED)


def awaiting_publication(campaign: Campaign, field=None) -> QuerySet[Item]:
    """Selected items of the year (and field) not published yet, ready or not."""
    items = Item.objects.filter(campaign=campaign, selected=True, published_at__isnull=True)
    return items.filter(field=field) if field is not None else items


def held_back(campaign: Campaign) -> dict[int, list[tuple[Item, str]]]:
    """By field id: the selected items a batch would not publish now, each with the reason."""
    held = {}
    for item in (awaiting_publication(campaign).exclude(PUBLISHABLE)
                 .select_related("organization", "submission_list").order_by("field_id", "organization__name", "id")):
        if item.submission_list.status != ListStatus.ACCEPTED:
            reason = _("its unit's list is %(status)s: items are published once the list is accepted") % {
                "status": item.submission_list.get_status_display()}
        else:
            reason = _("its review is %(state)s") % {"state": item.get_review_state_display()}
        held.setdefault(item.field_id, []).append((item, reason))
    return held


def batch_counts(campaign: Campaign) -> dict[int, int]:
    """How many batches each industry field of the year has had, by field id."""
    return dict(PublicationBatch.objects.filter(campaign=campaign).values_list("field").annotate(n=Count("id")))


def panels(campaign: Campaign) -> QuerySet[Panel]:
    return Panel.objects.filter(campaign=campaign).select_related("field").prefetch_related("experts")


# A list's counts, by name: what the compliance panel and the API show.
_COUNTS = {
    "total": Q(),
    "patents": Q(kind=ItemKind.PATENT),
    "results": Q(kind=ItemKind.RESULT),
    "programme_related": Q(programme_related=True),
    "roadshow": Q(roadshow_pick=True),
    "returned": Q(review_state="returned"),
}


def list_counts(submission_list: SubmissionList) -> dict[str, int]:
    """One list's counts, in one query (or from `with_counts`'s annotations when present)."""
    if hasattr(submission_list, "count_total"):
        return {name: getattr(submission_list, f"count_{name}") for name in _COUNTS}
    return submission_list.items.aggregate(**{name: Count("id", filter=q) for name, q in _COUNTS.items()})


def with_counts(lists: QuerySet[SubmissionList]) -> QuerySet[SubmissionList]:
    """Lists annotated with their counts, so that a page of lists costs one query."""
    return lists.annotate(**{f"count_{name}": Count("items", filter=_prefixed(q)) for name, q in _COUNTS.items()})


def _prefixed(q: Q) -> Q:
    return Q(*[(f"items__{key}", value) for key, value in q.children])


def list_items(submission_list: SubmissionList) -> QuerySet[Item]:
    return submission_list.items.select_related("field", "previously_published__campaign").order_by("kind", "id")


def unit_lists(organization) -> QuerySet[SubmissionList]:
    return (
        SubmissionList.objects.filter(organization=organization)
        .select_related("campaign")
        .annotate(item_count=Count("items"))
        .order_by("-campaign__year")
    )


def progress(campaign: Campaign) -> QuerySet[SubmissionList]:
    """Every unit's list of the year with its counts: submitted, accepted, selected, published."""
    return (
        SubmissionList.objects.filter(campaign=campaign)
        .select_related("organization__region__parent__parent", "campaign")
        .annotate(
            item_count=Count("items"),
            accepted_count=Count("items", filter=Q(items__review_state="accepted")),
            selected_count=Count("items", filter=Q(items__selected=True)),
            published_count=Count("items", filter=Q(items__published_at__isnull=False)),
        )
        .order_by("organization__name")
    )


def my_state(leader_registration_id: int | None, registration, user, status: str = "") -> str:
    """A user's state on a lot in `status`: won, leading, outbid, registered,
    deposit_pending, ended (the lot ended, or the deposit is no longer held),
    not_registered, or signed_out."""
    if not user.is_authenticated:
        return "signed_out"
    if registration is None:
        return "not_registered"
    if status == LotStatus.SOLD and leader_registration_id == registration.pk:
        return "won"
    if status in LOT_ENDED:
        return "ended"
    if not registration.may_bid:
        return "deposit_pending" if registration.deposit_state == "awaiting" else "ended"
    if leader_registration_id == registration.pk:
        return "leading"
    return "outbid" if registration.bids.filter(accepted=True).exists() else "registered"


# --- Bidding ---------------------------------------------------------------------------------


def bidding_days(*, campaign: Campaign | None = None, year: int | None = None,
                 public_only: bool = True) -> QuerySet[BiddingDay]:
    """Bidding days by date, each with `lot_count`: its public lots, or all its lots."""
    lots = Q(lots__status__in=LOT_PUBLIC) if public_only else Q()
    days = BiddingDay.objects.annotate(lot_count=Count("lots", filter=lots)).order_by("date")
    if campaign is not None:
        days = days.filter(campaign=campaign)
    if year is not None:
        days = days.filter(campaign__year=year)
    return days


def lots() -> QuerySet[Lot]:
    """Lots with what a lot's page shows of them (and the desk's, its leader)."""
    return Lot.objects.select_related("campaign__auction_rules", "seller", "day", "leader")


def bidding_day(date) -> QuerySet[BiddingDay]:
    return BiddingDay.objects.select_related("campaign").filter(date=date)


def lots_by_status(status: str = "") -> tuple[QuerySet[Lot], dict[str, int]]:
    """The desk's lots, newest first (of one status, if given), and how many of each status."""
    qs = Lot.objects.select_related("seller", "day").order_by("-created_at")
    if status:
        qs = qs.filter(status=status)
    return qs, dict(Lot.objects.values_list("status").annotate(n=Count("id")))


def seller_lots(organization_id: int) -> QuerySet[Lot]:
    return Lot.objects.filter(seller_id=organization_id).select_related("day").order_by("-created_at")


def desk_lot(lot: Lot) -> dict:
    """What the desk shows of one lot: its items, registrations, deals and latest bids."""
    return {"items": lot.items.select_related("field"),
            "registrations": lot.registrations.select_related("bidder", "organization").order_by("alias"),
            "deals": lot.deals.select_related("buyer"),
            "bids": lot.bids.select_related("registration", "bidder")[:200]}


def lot_series(lot: Lot) -> dict:
    """The lot's place in its bidding series (竞价展示至全系列活动结束): the lot that carries
    it on (if it ended unsold), and whether the series can still be stopped."""
    ended = lot.status in (LotStatus.UNSOLD, LotStatus.WITHDRAWN)  # only those are carried on or relisted
    carried_to = Lot.objects.filter(relisted_from=lot).order_by("-pk").select_related("day").first() if ended else None
    live = lot.status not in LOT_ENDED and lot.status != LotStatus.DRAFT
    return {"carried_to": carried_to,
            "series_stoppable": (live and lot.carry_over) or (carried_to is not None
                                                              and carried_to.status not in LOT_ENDED)}


def registered_bidders(lot: Lot) -> int:
    """How many bidders registered for the lot (a fact every bidder may know; who, never)."""
    return lot.registrations.count()


def item_lot(item: Item) -> Lot | None:
    """The lot a published item is offered in now or was last offered in, as the public sees
    lots (on a day, open, or ended there): the catalogue entry links to it."""
    return (Lot.objects.filter(lot_items__item=item, status__in=LOT_PUBLIC).select_related("day")
            .order_by("-starts_at", "-pk").first())


def public_attachments(items) -> dict[int, list[ItemAttachment]]:
    """The attachments their units chose to show, of the items still in the catalogue, by item."""
    shown = {}
    for attachment in ItemAttachment.objects.filter(public=True, item__in=catalogue.published().filter(
            pk__in=[item.pk for item in items])).order_by("id"):
        shown.setdefault(attachment.item_id, []).append(attachment)
    return shown


def public_attachment(pk) -> ItemAttachment | None:
    return ItemAttachment.objects.filter(pk=pk, public=True, item__in=catalogue.published()).first()


def publishable_item(pk) -> QuerySet[Item]:
    """A published item a lot can be made of, with its unit and year."""
    return Item.objects.select_related("organization", "campaign").filter(pk=pk, published_at__isnull=False)


def day_lots(day: BiddingDay) -> QuerySet[Lot]:
    """A bidding day's public lots in the order they start."""
    return (Lot.objects.filter(day=day, status__in=LOT_PUBLIC).select_related("seller").prefetch_related("items")
            .order_by("starts_at", "number"))


def visible_lots(user) -> QuerySet[Lot]:
    """Public lots; drafts and withdrawn lots too for their seller's people and administrators."""
    from jbgs import access as kernel_access

    qs = Lot.objects.select_related("seller", "day", "leader", "campaign").prefetch_related("items", "registrations")
    if kernel_access.is_admin(user):
        return qs
    visible = Q(status__in=LOT_PUBLIC)
    if user.is_authenticated and user.organization_id:
        visible |= Q(seller_id=user.organization_id)
    return qs.filter(visible)


def lot_items(lot: Lot) -> QuerySet[Item]:
    return lot.items.select_related("field", "organization")


def accepted_bids(lot: Lot) -> QuerySet:
    """The lot's accepted bids, newest first (in the order they were accepted)."""
    return lot.bids.filter(accepted=True).select_related("registration").order_by("-id")


def registration_of(user, lot: Lot) -> Registration | None:
    """The signed-in user's registration for the lot, None when there is none."""
    return Registration.objects.filter(lot=lot, bidder=user).first() if user.is_authenticated else None


def bidder_state(user, lot: Lot) -> dict:
    """The signed-in user's own state on a lot: registration, active proxy, watching."""
    if not user.is_authenticated:
        return {"registration": None, "proxy": None, "watching": False}
    registration = registration_of(user, lot)
    proxy = ProxyBid.objects.filter(registration=registration, active=True).first() if registration else None
    return {"registration": registration, "proxy": proxy, "watching": Watch.objects.filter(user=user, lot=lot).exists()}


def deposit_due_at(lot: Lot, rules: AuctionRules | None = None) -> datetime.datetime | None:
    """When the lot's deposits must have arrived: the year's lead time before the lot opens
    (None for a lot with no deposit or no start yet)."""
    if not (lot.deposit and lot.starts_at):
        return None
    rules = rules or AuctionRules.of(lot.campaign)
    return lot.starts_at - datetime.timedelta(hours=rules.deposit_lead_hours)


@dataclass(frozen=True)
class DepositPayment:
    """How a bidder pays a lot's deposit: the amount, the exchange's account (blank when the
    year has none set: the exchange tells registered bidders), the remark that tells the
    exchange whose payment it is (once registered) and the deadline."""

    amount: Decimal
    payee: str
    bank: str
    account: str
    note: str
    due_at: datetime.datetime | None

    @property
    def account_known(self) -> bool:
        return bool(self.account)


def deposit_payment(lot: Lot, registration: Registration | None = None) -> DepositPayment | None:
    if not lot.deposit:
        return None
    rules = AuctionRules.of(lot.campaign)
    return DepositPayment(amount=lot.deposit, payee=rules.deposit_payee, bank=rules.deposit_bank,
                          account=rules.deposit_account, note=registration.transfer_note if registration else "",
                          due_at=deposit_due_at(lot, rules))


def bidder_lots(user) -> tuple[QuerySet[Registration], QuerySet[Watch]]:
    """A bidder's registrations, and every lot they watch (registered for or not)."""
    registrations = (Registration.objects.filter(bidder=user).select_related("lot__day", "lot__leader")
                     .order_by("-lot__starts_at"))
    watches = Watch.objects.filter(user=user).select_related("lot__day").order_by("lot__starts_at")
    return registrations, watches


def sold_deal(lot: Lot) -> Deal | None:
    return lot.deals.first() if lot.status == LotStatus.SOLD else None


def deals() -> QuerySet[Deal]:
    """Deals with their lot (None for a challenge contract) and parties."""
    return Deal.objects.select_related("lot", "buyer", "seller", "campaign", "buyer_user")


def enquiries() -> QuerySet[Enquiry]:
    """Enquiries with what their page shows; who may see which is auction.access's."""
    return Enquiry.objects.select_related("item__organization", "organization", "asker", "answered_by")


def asked_enquiries(user) -> QuerySet[Enquiry]:
    return Enquiry.objects.filter(asker=user).select_related("item__organization")


def asked_about(user, item: Item) -> int:
    """How many enquiries this person sent about this item."""
    return Enquiry.objects.filter(asker=user, item=item).count() if user.is_authenticated else 0


def open_enquiries(organization_id: int) -> int:
    """Enquiries about the unit's items still waiting for an answer."""
    return Enquiry.objects.filter(item__organization_id=organization_id, status=EnquiryStatus.OPEN).count()


# --- For the apps above the supply side -----------------------------------------------------


def _between(qs: QuerySet, field: str, start: datetime.datetime | None, end: datetime.datetime | None) -> QuerySet:
    if start is not None:
        qs = qs.filter(**{f"{field}__gte": start})
    if end is not None:
        qs = qs.filter(**{f"{field}__lt": end})
    return qs


def published_items(*, campaign: Campaign | None = None, organizations=None, start=None, end=None) -> QuerySet[Item]:
    """Items published in the catalogue (and not withdrawn), of a campaign, of some units,
    published from `start` (inclusive) to `end` (exclusive)."""
    qs = Item.objects.filter(published_at__isnull=False)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if organizations is not None:
        qs = qs.filter(organization__in=organizations)
    return _between(qs, "published_at", start, end)


def closed_lots(*, campaign: Campaign | None = None, organizations=None, start=None, end=None) -> QuerySet[Lot]:
    """Lots whose bidding ended (sold or unsold) from `start` to `end`, of some selling units."""
    qs = Lot.objects.filter(status__in=[LotStatus.SOLD, LotStatus.UNSOLD])
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if organizations is not None:
        qs = qs.filter(seller__in=organizations)
    return _between(qs, "closed_at", start, end)


def concluded_deals(*, campaign: Campaign | None = None, year: int | None = None, organizations=None, start=None,
                    end=None, stages=None) -> QuerySet[Deal]:
    """Deals concluded from `start` to `end`, where one of `organizations` sells or buys: of
    one campaign, or of every campaign of a year (the auction's deals and the contracts signed
    in the challenge, each counted in its own campaign)."""
    qs = Deal.objects.all()
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if year is not None:
        qs = qs.filter(campaign__year=year)
    if organizations is not None:
        qs = qs.filter(Q(seller__in=organizations) | Q(buyer__in=organizations))
    if stages is not None:
        qs = qs.filter(stage__in=stages)
    return _between(qs, "concluded_at", start, end)


# A deal whose contract was registered as a technology contract (合同登记) or went further.
REGISTERED = Q(stage__in=[DealStage.REGISTERED, DealStage.TRANSFERRED])


def contract_figures(*, campaign: Campaign | None = None, year: int | None = None, organizations=None, start=None,
                     end=None) -> dict:
    """The signed contracts of a campaign or a year (both campaigns), in one query: how many
    and their value, how many qualify for 揭榜挂帅 project support (a single contract of at
    least its campaign's threshold) and their value, and how many were registered."""
    signed = concluded_deals(campaign=campaign, year=year, organizations=organizations, start=start, end=end).filter(
        contract_amount__isnull=False)
    figures = signed.aggregate(
        contracts=Count("id"), contract_value=Sum("contract_amount"),
        support_eligible=Count("id", filter=SUPPORT_ELIGIBLE),
        support_value=Sum("contract_amount", filter=SUPPORT_ELIGIBLE),
        registered=Count("id", filter=REGISTERED))
    for name in ("contract_value", "support_value"):
        figures[name] = figures[name] or Decimal("0.00")
    return figures


def supply_figures(*, campaign: Campaign | None = None, organizations=None, start=None, end=None) -> dict:
    """The supply side's figures for a set of units and a period, in three queries: items
    published, lots closed and sold, deals concluded with their value and registered
    contracts."""
    scope = {"campaign": campaign, "organizations": organizations, "start": start, "end": end}
    lots_ = closed_lots(**scope).aggregate(closed=Count("id"), sold=Count("id", filter=Q(status=LotStatus.SOLD)))
    deals_ = concluded_deals(**scope).aggregate(
        count=Count("id"), value=Sum("price"), registered=Count("id", filter=REGISTERED),
        contract_value=Sum("contract_amount", filter=REGISTERED))
    return {
        "items_published": published_items(**scope).count(),
        "lots_closed": lots_["closed"],
        "lots_sold": lots_["sold"],
        "deals": deals_["count"],
        "deal_value": deals_["value"] or Decimal("0.00"),
        "contracts_registered": deals_["registered"],
        "contract_value": deals_["contract_value"] or Decimal("0.00"),
    }


# --- What the demand side's matching reads of the catalogue (challenge.matching) ------------

def catalogue_word_counts() -> tuple[int, list[tuple[str, int]]]:
    """How many items are published, and each word of their index with how many of them have
    it. One pass over the index (PostgreSQL's ts_stat); for a nightly job, not a page."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [
            f"SELECT search_vector FROM {Item._meta.db_table} WHERE published_at IS NOT NULL"])
        words = cursor.fetchall()
    return Item.objects.filter(published_at__isnull=False).count(), words


@dataclass(frozen=True)
class SharingItem:
    id: int
    organization_id: int
    organization_name: str
    title: str
    field_id: int | None
    hits: list[bool]  # which of the words it has, in their order
    weight: float  # the sum of their weights


def items_sharing_words(weights: dict[str, float], *, per_unit: int = 3) -> list[SharingItem]:
    """Published items that have any of the weighted words: the `per_unit` of each unit whose
    words weigh most, with which words they have. One query, on the text index."""
    if not weights:
        return []
    hits, weight = word_hits(weights)
    rows = (Item.objects.filter(published_at__isnull=False, search_vector=any_word(weights))
            .annotate(hits=hits, weight=weight)
            .annotate(rank=Window(RowNumber(), partition_by=F("organization_id"),
                                  order_by=[F("weight").desc(), F("id").desc()]))
            .filter(rank__lte=per_unit)
            .values_list("id", "organization_id", "organization__name", "title", "field_id", "hits", "weight"))
    return [SharingItem(*row) for row in rows]


def item_titles(ids) -> dict[int, str]:
    """The titles of those of `ids` that are published, by id."""
    return dict(Item.objects.filter(pk__in=list(ids), published_at__isnull=False).values_list("pk", "title"))


# --- What patent transformation counts (transformation) ---------------------------------------

# How a deal's contract transformed its patents, as the transformation figures count them
# (转让、许可、作价入股).
TRANSFORMATION_MODES = {
    "assignment": [TradeMode.ASSIGNMENT],
    "licence": [TradeMode.LICENSE_EXCLUSIVE, TradeMode.LICENSE_SOLE, TradeMode.LICENSE_ORDINARY,
                TradeMode.LICENSE_OPEN],
    "equity": [TradeMode.EQUITY_CONTRIBUTION, TradeMode.EQUITY_TRANSFER],
}


def seller_contracts_by_year(organization_ids, years) -> dict[tuple[int, int], dict]:
    """The registered contracts the platform holds where one of `organization_ids` sells, by
    (seller, year signed): for each way of transforming, how many and their amount. One query."""
    mode = Coalesce(NullIf(F("contract_trade_form"), Value("")), F("trade_mode"))
    rows = (Deal.objects.filter(REGISTERED, seller_id__in=organization_ids, contract_amount__isnull=False,
                                contract_signed_on__year__in=list(years))
            .annotate(mode=mode, signed_year=ExtractYear("contract_signed_on"))
            .values("seller_id", "signed_year", "mode").annotate(n=Count("id"), amount=Sum("contract_amount")))
    found: dict[tuple[int, int], dict] = {}
    for row in rows:
        figures = found.setdefault((row["seller_id"], row["signed_year"]), {
            way: {"count": 0, "amount": Decimal("0.00")} for way in TRANSFORMATION_MODES})
        for way, modes in TRANSFORMATION_MODES.items():
            if row["mode"] in modes:
                figures[way]["count"] += row["n"]
                figures[way]["amount"] += row["amount"]
    return found



def seller_registered_deals(organization_id: int, year: int) -> QuerySet[Deal]:
    """The registered contracts (合同登记 or further) of a campaign year where the unit sells,
    the largest first, each with `support_eligible` (揭榜挂帅 support: at least the campaign's
    threshold): what a seller may apply for project support with (transformation)."""
    return (Deal.objects.filter(REGISTERED, seller_id=organization_id, campaign__year=year,
                                contract_amount__isnull=False)
            .select_related("lot", "buyer", "campaign").order_by("-contract_amount", "pk"))


def buyer_contracts_by_year(region_codes, years) -> dict[int, dict]:
    """The registered contracts where a unit of `region_codes` buys, by year signed: how many
    (patents taken up, 承接) and their amount. One query."""
    rows = (Deal.objects.filter(REGISTERED, buyer__region_id__in=list(region_codes), contract_amount__isnull=False,
                                contract_signed_on__year__in=list(years))
            .annotate(signed_year=ExtractYear("contract_signed_on"))
            .values("signed_year").annotate(n=Count("id"), amount=Sum("contract_amount")).order_by())
    return {row["signed_year"]: {"count": row["n"], "amount": row["amount"]} for row in rows}

# --- What the special sessions count (sessions_mgmt.metrics) --------------------------------

def deal_ids_of_items(items, *, end=None) -> QuerySet:
    """The ids of the deals concluded before `end` whose lot holds one of `items` (ids or a
    queryset of them): what a session's collection sold."""
    return _between(Deal.objects.filter(lot__lot_items__item__in=items), "concluded_at", None, end).values_list(
        "id", flat=True).distinct()


def deals_by_item(items, *, end=None) -> QuerySet:
    """(item id, deal id) of the deals concluded before `end` whose lot holds one of `items`
    (ids or a queryset of them): what the collections of many sessions sold, in one query."""
    qs = LotItem.objects.filter(item__in=items, lot__deals__isnull=False)
    if end is not None:
        qs = qs.filter(lot__deals__concluded_at__lt=end)
    return qs.values_list("item_id", "lot__deals__id")


def deal_numbers(numbers) -> dict[str, int]:
    """The deals known by one of `numbers` (a contract or a technology-contract registration
    number), each number with its deal's id: how a deal reported by a session is found on the
    platform."""
    numbers = [number for number in numbers if number]
    found = {}
    for pk, contract, registration in Deal.objects.filter(
            Q(contract_number__in=numbers) | Q(registration_number__in=numbers)).values_list(
            "pk", "contract_number", "registration_number"):
        for number in (contract, registration):
            if number in numbers:
                found.setdefault(number, pk)
    return found


def item_funnel(campaign: Campaign) -> dict:
    """A campaign's items from the lists to the sale: submitted (in a list handed in),
    published, put in a lot, sold (in a sold lot). One query: the province dashboard's funnel.
    The lots' items are uncorrelated `IN` sets, which PostgreSQL hashes once: a correlated
    EXISTS per item made the planner cost the scan at millions, and JIT-compile it for a second."""
    if campaign is None:
        return {"submitted": 0, "published": 0, "in_lots": 0, "sold": 0}
    in_lot = Q(pk__in=LotItem.objects.values("item_id"))
    sold = Q(pk__in=LotItem.objects.filter(lot__status=LotStatus.SOLD).values("item_id"))
    return Item.objects.filter(campaign=campaign).aggregate(
        submitted=Count("pk", filter=~Q(submission_list__status=ListStatus.DRAFT)),
        published=Count("pk", filter=Q(published_at__isnull=False)),
        in_lots=Count("pk", filter=in_lot), sold=Count("pk", filter=sold))



# --- What the partner markets' feeds read (transformation.feeds) ------------------------------

def feed_items(trade_mode: str | None = None) -> QuerySet[Item]:
    """Items as the partner feeds see them (offered in `trade_mode`, if given), in (updated_at,
    id) order (item_feed_idx): those in the catalogue (`in_catalogue`; show them through the
    catalogue's public fields only), and those withdrawn from it (published once, then taken
    out: a feed reports them as deletions). An item never published is not here: a partner
    never learns of a draft."""
    withdrawn = AuditEntry.objects.filter(action=AuctionAction.ITEM_WITHDRAWN,
                                          content_type=ContentType.objects.get_for_model(Item),
                                          object_id=Cast(OuterRef("pk"), CharField()))
    items = Item.objects.filter(Q(published_at__isnull=False) | Exists(withdrawn))
    if trade_mode is not None:
        items = items.filter(trade_modes__contains=[trade_mode])
    return (items.select_related("organization__region__parent__parent", "field", "campaign")
            .annotate(in_catalogue=ExpressionWrapper(Q(published_at__isnull=False), output_field=BooleanField()))
            .order_by("updated_at", "pk"))


# --- What the policy lists read (transformation.policy) ---------------------------------------

def campaign_deals(*, year: int, support_eligible: bool = False) -> QuerySet[Deal]:
    """The deals of a year's campaigns (the auction's and the challenge's contracts), with their
    parties and the parties' regions; `support_eligible`: only the single contracts of at least
    their campaign's threshold (揭榜挂帅 project support, SUPPORT_ELIGIBLE)."""
    deals_ = concluded_deals(year=year).select_related(
        "campaign", "lot", "buyer__region__parent", "seller__region__parent")
    return deals_.filter(SUPPORT_ELIGIBLE) if support_eligible else deals_
