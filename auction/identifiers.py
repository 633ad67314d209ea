"""Chinese patent application numbers (专利申请号) and patent numbers (专利号 = ZL + 申请号).

Since 2003 an application number is `YYYY` + type digit + 7-digit serial + `.` + check
character (`201710601862.3`); before, 2-digit year + type digit + 5-digit serial + check
(`99112345.2`). The check is Σ digit × weight mod 11 with weights 2,3,4,5,6,7,8,9,2,3,4,5
(10 is written X).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from auction.choices import PATENT_TYPE_BY_DIGIT

_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_SHAPE = re.compile(r"^(\d{12}|\d{8})\.?([0-9X])$")


@dataclass(frozen=True)
class ApplicationNumber:
    digits: str  # 12 (or 8, before 2004) digits
    check: str

    def __str__(self) -> str:
        return f"{self.digits}.{self.check}"

    @property
    def patent_number(self) -> str:
        return f"ZL{self}"

    @property
    def type_digit(self) -> str:
        return self.digits[4] if len(self.digits) == 12 else self.digits[2]

    @property
    def patent_type(self) -> str | None:
        return PATENT_TYPE_BY_DIGIT.get(self.type_digit)

    @property
    def year(self) -> int:
        if len(self.digits) == 12:
            return int(self.digits[:4])
        yy = int(self.digits[:2])
        return 1900 + yy if yy >= 85 else 2000 + yy


def check_character(digits: str) -> str:
    remainder = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=False)) % 11
    return "X" if remainder == 10 else str(remainder)


def parse_application_number(value) -> ApplicationNumber:
    """`ZL201710601862.3`, `CN 201710601862.3`, `2017106018623`, full-width forms… all mean
    201710601862.3. Raises ValidationError saying what is wrong."""
    return _parse(str(value or ""))


@functools.lru_cache(maxsize=8192)  # an import asks about each row's number several times
def _parse(value: str) -> ApplicationNumber:
    text = unicodedata.normalize("NFKC", value).upper()
    text = re.sub(r"[\s\-_,，]", "", text)
    text = re.sub(r"^(ZL|CN)", "", text).replace("。", ".")
    match = _SHAPE.match(text)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a Chinese patent application number such as 201710601862.3."),
            code="invalid_patent_number",
            params={"value": str(value)[:40]},
        )
    digits, check = match.groups()
    number = ApplicationNumber(digits, check)
    if number.patent_type is None:
        raise ValidationError(
            _("The type digit %(digit)s of %(value)s is not 1, 2, 3, 8 or 9."),
            code="invalid_patent_number",
            params={"digit": number.type_digit, "value": str(number)},
        )
    expected = check_character(digits)
    if expected != check:
        raise ValidationError(
            _("The check character of %(value)s is wrong (it should be %(expected)s): please check for a typo."),
            code="invalid_patent_number",
            params={"value": f"{digits}.{check}", "expected": expected},
        )
    return number


def split_numbers(text: str) -> list[str]:
    """Several patent numbers as people list them: separated by spaces, lines, commas,
    semicolons or 、 (in the form's 关联专利号 field and the spreadsheet's column alike)."""
    return [part for part in re.split(r"[\s,，;；、]+", text or "") if part]
