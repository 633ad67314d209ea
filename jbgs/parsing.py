"""Parsers for values people type in Chinese forms and spreadsheets. One function per
kind of value, shared by the browser forms, the importers and the API."""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Excel stores dates as days since 1899-12-30 (its 1900 leap-year bug folded in).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_MIN, _EXCEL_MAX = 20000, 80000  # 1954 .. 2118: a number outside is not a date

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value) -> str:
    """Free text as typed, stripped, without the control characters that no person types
    (a NUL, which PostgreSQL refuses in text, among them); line breaks and tabs are kept."""
    return _CONTROL.sub("", str(value or "")).strip()


def halfwidth(value: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms; trimmed."""
    return unicodedata.normalize("NFKC", value).strip()


def parse_date(value) -> datetime.date | None:
    """A date from `2021-03-05`, `2021.3.5`, `2021/3/5`, `2021年3月5日`, `20210305`, an Excel
    serial number (44260) or a date object. Empty means None; anything else is an error."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(value)
    text = halfwidth(str(value))
    if not text:
        return None
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[T]?\d{1,2}:\d{2}(:\d{2})?$", "", text)  # a time part from a spreadsheet
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _excel_serial(float(text))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise ValidationError(
        _("“%(value)s” is not a date; write it as 2021-03-05, 2021.3.5 or 2021年3月5日."),
        code="invalid_date",
        params={"value": str(value)[:40]},
    )


def _excel_serial(number: float) -> datetime.date:
    if not _EXCEL_MIN <= number <= _EXCEL_MAX:
        raise ValidationError(
            _("%(value)s is not a date."), code="invalid_date", params={"value": number}
        )
    return _EXCEL_EPOCH + datetime.timedelta(days=int(number))


_UNITS = {"元": Decimal(1), "万": Decimal(10_000), "万元": Decimal(10_000), "亿": Decimal(100_000_000), "亿元": Decimal(100_000_000)}
_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)(元|万元|万|亿元|亿)?$")
NEGOTIABLE = {"面议", "议价", "协商", "面谈"}
# The largest amount the money columns hold (14 digits, 2 decimals): anything above is a
# typing error, refused here rather than overflowing in the database.
MAX_AMOUNT = Decimal("999999999999.99")

# The unit of an amount written without one, declared by every amount field and shown with
# it: 万元 where people type (the browser forms, labelled （万元）, and the official
# spreadsheets, whose price column says （万元） unless it says （元）), yuan where programs
# send (the API, whose answers are in yuan, so that what a client reads it can send back).
# Written with a unit (50万, 500000元), an amount means the same everywhere.
TYPED_UNIT = "万元"
API_UNIT = "元"


def parse_amount(value, *, unit: str) -> Decimal | None:
    """An amount of money in yuan from what people write: `50`, `50万`, `50万元`, `500000元`,
    `1.5亿`, `1,000,000元`, full-width digits. A bare number is in `unit`, the unit its
    field declares (TYPED_UNIT or API_UNIT). Empty or 面议 (negotiable) means None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(_("“%(value)s” is not an amount."), code="invalid_amount", params={"value": value})
    if isinstance(value, (int, float, Decimal)):
        text = format(Decimal(str(value)), "f")
    else:
        text = halfwidth(str(value))
    text = re.sub(r"[\s,，]", "", text).replace("人民币", "").replace("RMB", "").replace("¥", "").replace("￥", "")
    if not text or text in NEGOTIABLE:
        return None
    match = _AMOUNT.match(text)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not an amount; write it as 50万 or 500000元 (a number alone is in %(unit)s)."),
            code="invalid_amount",
            params={"value": str(value)[:40], "unit": unit},
        )
    number, unit_written = match.groups()
    try:
        amount = Decimal(number) * _UNITS[unit_written or unit]
    except (InvalidOperation, KeyError):
        raise ValidationError(_("“%(value)s” is not an amount."), code="invalid_amount", params={"value": value})
    if amount > MAX_AMOUNT:
        raise ValidationError(
            _("%(value)s is too large to be a price."), code="invalid_amount", params={"value": str(value)[:40]}
        )
    if amount != amount.quantize(Decimal("0.01")):  # a fen is the smallest amount: nothing is rounded away
        raise ValidationError(
            _("%(value)s has more than two decimals of a yuan (a fen is the smallest amount)."),
            code="invalid_amount", params={"value": str(value)[:40]},
        )
    return amount.quantize(Decimal("0.01"))
