"""Validators for identifiers people type. Each is one function used by the forms, the
importers and the API alike."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 统一社会信用代码: 18 characters over this alphabet (no I, O, S, V, Z).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# First character: the registering authority (1 机构编制, 5 民政, 9 工商, Y 其他, ...).
_CREDIT_CODE_SHAPE = re.compile(
    r"^[1-9A-HJ-NPQRTUWXY][1-9A-HJ-NPQRTUWXY][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
)


def normalize_code(value: str) -> str:
    """Full-width to half-width, spaces and dashes removed, upper case."""
    value = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-]", "", value).upper()


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(ch) * w
        for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """Return the normalised 统一社会信用代码 or raise ValidationError saying what is wrong."""
    code = normalize_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="invalid_credit_code",
            params={"count": len(code)},
        )
    if not _CREDIT_CODE_SHAPE.match(code):
        raise ValidationError(
            _(
                "A unified social credit code uses digits and the letters A–Y except I, O, S, V and Z."
            ),
            code="invalid_credit_code",
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _(
                "The check character of this unified social credit code is wrong: please check for a typo."
            ),
            code="invalid_credit_code",
        )
    return code


_PHONE = re.compile(r"^(\+?86)?(1[3-9]\d{9}|0\d{2,3}\d{7,8}(\d{1,6})?)$")


def validate_phone(value: str) -> str:
    """A mainland mobile number or a landline with area code (025-89665802)."""
    phone = normalize_code(value).replace("(", "").replace(")", "").replace("转", "")
    if not _PHONE.match(phone):
        raise ValidationError(
            _(
                "Enter a mobile number (11 digits) or a landline with its area code, such as 025-89665802."
            ),
            code="invalid_phone",
        )
    return phone
