"""Policy lists (政策清单): the campaign deals that the documents put within reach of a support
measure, computed from the deals the platform holds (never stored), by year and city.

- project-support: 揭榜挂帅 technology-transfer project support, a single campaign contract of at
  least its campaign's threshold (20万; auction.models.SUPPORT_ELIGIBLE);
- innovation-vouchers: 科技创新券, the 科技型中小企业 that bought in the campaigns, with their deals
  (2023 plan: 纳入省科技创新券支持范围，省市联动按照1:1比例给予配套支持 — the voucher's amount is
  not in the documents: the list shows the deal amounts and the rule, and computes no voucher);
- transfer-rewards: 技术转移奖补, every deal of the year's campaigns, by city and by seller.

A list counts a deal in the city of the party the measure supports: the buyer for the project
support and the vouchers, the seller for the transfer rewards."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from auction import selectors as auction_selectors
from jbgs.models import Campaign, Region

SUPPORT, VOUCHERS, REWARDS = "project-support", "innovation-vouchers", "transfer-rewards"


@dataclass(frozen=True)
class PolicyList:
    code: str
    title: str
    basis: str  # the documents' words
    party: str  # "buyer" or "seller": whose city a deal counts in
    groups: tuple[str, ...]  # the summaries shown beside the deals: "buyer", "seller", "city"


LISTS = {
    SUPPORT: PolicyList(SUPPORT, _("Deals eligible for 揭榜挂帅 project support"),
                        _("A single contract of the campaign of at least its threshold (实际单笔合同金额在20万元以上的"
                          "成交项目，给予揭榜挂帅技术转移项目立项支持)."), "buyer", ("city",)),
    VOUCHERS: PolicyList(VOUCHERS, _("Technology-based SMEs eligible for innovation vouchers"),
                         _("对参加活动并促成技术交易的科技型中小企业纳入省科技创新券支持范围，省市联动按照1:1比例给予"
                           "配套支持: the province and the buyer's city support it one to one. The voucher's amount "
                           "is set by the voucher programme, not here."), "buyer", ("buyer", "city")),
    REWARDS: PolicyList(REWARDS, _("Campaign deals for technology-transfer rewards"),
                        _("参加活动促成的技术交易均纳入省技术转移奖补资金支持范围: every deal of the year's "
                          "campaigns."), "seller", ("city", "seller")),
}
ZERO = Decimal("0.00")


def years() -> list[int]:
    return list(Campaign.objects.order_by("-year").values_list("year", flat=True).distinct())


def cities() -> QuerySet[Region]:
    return Region.objects.jiangsu_cities().order_by("code")


def _in_city(party: str, city: str) -> Q:
    """A unit of the city (or county), directly or through one of its counties."""
    return Q(**{f"{party}__region_id": city}) | Q(**{f"{party}__region__parent_id": city})


def deals(policy: PolicyList, *, year: int, city: str | None = None) -> QuerySet:
    """The list's deals of the year (of the city), in the list's order."""
    found = auction_selectors.campaign_deals(year=year, support_eligible=policy.code == SUPPORT)
    if policy.code == VOUCHERS:
        found = found.filter(buyer__is_tech_sme=True)
    if city:
        found = found.filter(_in_city(policy.party, city))
    order = {SUPPORT: ("-contract_amount", "pk"), VOUCHERS: ("buyer__name", "concluded_at", "pk"),
             REWARDS: ("seller__region_id", "seller__name", "concluded_at", "pk")}[policy.code]
    return found.order_by(*order)


def totals(found: QuerySet) -> dict:
    """How many deals, their price and their signed contracts' amount. One query."""
    figures = found.order_by().aggregate(deals=Count("pk"), price=Sum("price"), contracts=Count("contract_amount"),
                                         contract_amount=Sum("contract_amount"))
    return {**figures, "price": figures["price"] or ZERO, "contract_amount": figures["contract_amount"] or ZERO}


def _city_of_party(party: str):
    """The party's city code: its region's, or for a county its region's parent's."""
    from django.db.models import Case, When

    return Case(When(**{f"{party}__region__level": "county"}, then=F(f"{party}__region__parent_id")),
                default=F(f"{party}__region_id"))


def summary(policy: PolicyList, found: QuerySet, by: str) -> list[dict]:
    """The list's deals summed by buyer, seller or city (the list's party's). One query."""
    if by == "city":
        rows = found.order_by().annotate(key=_city_of_party(policy.party)).values("key")
    else:
        rows = found.order_by().annotate(key=F(f"{by}_id")).values("key", f"{by}__name")
    rows = list(rows.annotate(deals=Count("pk"), price=Sum("price"), contract_amount=Sum("contract_amount"))
                .order_by("key"))
    names = dict(Region.objects.filter(pk__in=[row["key"] for row in rows]).values_list("pk", "name")) \
        if by == "city" else {}
    return [{"key": row["key"], "name": names.get(row["key"], row["key"]) if by == "city" else row[f"{by}__name"],
             "deals": row["deals"], "price": row["price"] or ZERO, "contract_amount": row["contract_amount"] or ZERO}
            for row in rows]


def default_year() -> int | None:
    found = years()
    return found[0] if found else None
