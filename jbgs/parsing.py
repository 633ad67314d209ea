"""Parsers for values people type in Chinese forms and spreadsheets. One function per
kind of value, shared by the browser forms, the importers and the API."""

import datetime
import re
import unicodedata

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
