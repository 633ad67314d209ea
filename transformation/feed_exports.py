"""The partner feeds as workbooks: one row an entry, the same public fields as the JSON feed
(an item's through the catalogue's public fields, a stock patent's open licence through its\npublic fields, a demand's through challenge.public), amounts
in 万元 as sheets show them; a deleted entry is its id, time and 'deleted'."""

from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge.public import public_demand
from jbgs.exports import xlsx_response
from transformation import feeds

WAN = Decimal("10000")


def _wan(value) -> Decimal | None:
    return None if value is None else value / WAN


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _item(item) -> list:
    return [item.get_kind_display(), item.title, item.patent_number, item.organization.name,
            item.organization.region.full_name, item.field.name if item.field_id else "", item.campaign.year,
            "、".join(str(label) for label in item.trade_mode_labels()), _wan(item.asking_price), item.open_license_fee,
            item.open_license_payment, item.open_license_term, _when(item.published_at)]


def _stock(patent) -> list:
    region = patent.organization.region
    return [_("Stock patent"), patent.title, patent.application_number, patent.organization.name,
            region.full_name if region else "", patent.field.name if patent.field_id else "",
            patent.registered_at.year if patent.registered_at else "", _("Open licence"), None,
            patent.open_licence_fee, patent.open_licence_payment, "", _when(patent.registered_at)]


def _demand(demand) -> list:
    shown = public_demand(demand, demand.targets.all())
    return [shown.number, shown.title, shown.field_name, shown.sub_field, shown.description,
            "、".join(str(label) for label in shown.cooperation_mode_labels), shown.valid_until, shown.region_name,
            shown.enterprise, _wan(shown.amount), shown.status_label, _when(shown.published_at)]


def _headers(feed: feeds.Feed) -> list[str]:
    if feed is feeds.DEMANDS:
        return [_("Demand number"), _("Title"), _("Industry field"), _("Sub-field"), _("Description"),
                _("Cooperation modes"), _("Valid until"), _("Region"), _("Enterprise"),
                _("Intended investment (万元)"), _("Status"), _("Published at")]
    return [_("Kind"), _("Title"), _("Patent number"), _("Unit"), _("Region"), _("Industry field"), _("Year"),
            _("Trade modes"), _("Asking price (万元)"), _("Open licence fee standard"),
            _("Open licence payment method"), _("Open licence term"), _("Published at")]


ROWS = {"item": _item, "stock": _stock, "demand": _demand}


def workbook(feed: feeds.Feed, entries: list[feeds.Entry], more: str | None) -> HttpResponse:
    header = [_("Entry id"), _("Changed at"), _("Deleted"), *_headers(feed)]
    blank = [""] * (len(header) - 3)

    def rows():
        for entry in entries:
            body = blank if entry.deleted else ROWS[entry.source](entry.row)
            yield [entry.id, _when(entry.updated_at), _("deleted") if entry.deleted else "", *body]
        if more:
            yield ["", "", "", _("More entries follow: ask again with this cursor."), more]

    return xlsx_response(sheet=str(feed.title), header=header, rows=rows(), widths=[14, 20, 8] + [18] * len(blank),
                         filename=f"feed-{feed.code}-{timezone.localdate():%Y%m%d}.xlsx")
