"""A policy list as a workbook: its deals (amounts in 万元), then each summary (by city, buyer
or seller), then the documents' rule and the totals."""

from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jbgs.exports import XLSX, Sheet, workbook_bytes
from transformation import policy

WAN = Decimal("10000")


def _wan(value) -> Decimal | None:
    return None if value is None else value / WAN


def city_name(organization) -> str:
    region = organization.region
    return region.parent.name if region.level == "county" and region.parent_id else region.name


DEAL_HEADER = (_("Deal number"), _("Subject"), _("How it was reached"), _("Stage"), _("Buyer"), _("Buyer's city"),
               _("Technology-based SME"), _("Seller"), _("Seller's city"), _("Deal price (万元)"),
               _("Contract amount (万元)"), _("Signed on"), _("Concluded on"))


def deal_row(deal) -> list:
    return [deal.number, deal.title, deal.get_method_display(), deal.get_stage_display(), deal.buyer.name,
            city_name(deal.buyer), _("yes") if deal.buyer.is_tech_sme else "", deal.seller.name,
            city_name(deal.seller), _wan(deal.price), _wan(deal.contract_amount), deal.contract_signed_on,
            timezone.localdate(deal.concluded_at)]


def policy_workbook(chosen: policy.PolicyList, found, summaries, *, year, city) -> HttpResponse:
    totals = policy.totals(found)
    sheets = [Sheet(pgettext("sheet", "Deals"), DEAL_HEADER, (deal_row(deal) for deal in found.iterator(chunk_size=500)))]
    for title, _by, rows in summaries:
        sheets.append(Sheet(title, (_("Name"), pgettext("report", "Deals"), _("Deal price (万元)"), _("Contract amount (万元)")),
                            [[row["name"], row["deals"], _wan(row["price"]), _wan(row["contract_amount"])]
                             for row in rows]))
    sheets.append(Sheet(_("Rule"), (_("List"), str(chosen.title)), [
        [_("Rule"), str(chosen.basis)], [_("Year"), year], [_("City"), city or _("Every city")],
        [pgettext("report", "Deals"), totals["deals"]], [_("Deal price (万元)"), _wan(totals["price"])],
        [_("Contract amount (万元)"), _wan(totals["contract_amount"])]]))
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="policy-{chosen.code}-{year}.xlsx"'
    return response
