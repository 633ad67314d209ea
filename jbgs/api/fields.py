"""Serializer fields that read values the way people write them in Chinese forms, with the
same parsers as the browser forms and the spreadsheet importers (jbgs.parsing)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jbgs.parsing import API_UNIT, TYPED_UNIT, parse_amount, parse_date


class LooseDateField(serializers.DateField):
    """ISO dates, and `2021.3.5`, `2021/3/5`, `2021年3月5日` or an Excel serial number."""

    def to_internal_value(self, value):
        try:
            return parse_date(value)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages, code="invalid_date")


class AmountField(serializers.DecimalField):
    """Yuan as a decimal string (`"500000.00"`), or written as `50万`, `50万元`, `500000元`;
    a bare number is in API_UNIT (yuan), as the schema says. Empty or 面议 (negotiable) is
    null, refused where null is not allowed."""

    UNIT_HELP = "In yuan: a number alone is yuan, as in the answers; 50万 or 500000元 are read as written."
    unit = API_UNIT  # of a number written alone

    def __init__(self, **kwargs):
        kwargs["help_text"] = f"{kwargs['help_text']} {self.UNIT_HELP}" if kwargs.get("help_text") else self.UNIT_HELP
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        if not self.allow_null:  # DRF's own "may not be null" means nothing to someone who wrote 面议
            self.error_messages["null"] = _("Give an amount in yuan: blank and 面议 are not amounts here.")

    def validate_empty_values(self, data):
        if data == "":
            if not self.allow_null:
                self.fail("null")
            return True, None
        return super().validate_empty_values(data)

    def to_internal_value(self, value):
        try:
            amount = parse_amount(value, unit=self.unit)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages, code="invalid_amount")
        if amount is None and not self.allow_null:
            self.fail("null")
        return None if amount is None else super().to_internal_value(amount)


@extend_schema_field({"type": "string", "format": "decimal", "pattern": r"^\d{1,8}(?:\.\d{1,6})?$",
                      "example": "123.45"})
class WanAmountField(AmountField):
    """An amount the documents state in 万元 (a demand's 意向投入金额): answered in 万元 as a
    decimal string, exactly (`"300"`, `"123.456789"`), and read the same way, a bare number
    in 万元, or as written with its unit (`500000元`, `50万`). Held in yuan like all money,
    within the same limits."""

    UNIT_HELP = ('In 万元 (10,000 yuan), as a decimal string: a number alone is 万元, as in the answers '
                 '("300" is 3,000,000 yuan); 50万 or 500000元 are read as written.')
    unit = TYPED_UNIT

    def to_representation(self, value):
        return format((Decimal(value) / 10000).normalize(), "f")


class BlankChoicesKept:
    """For ModelSerializers with read-only fields: DRF drops `allow_blank` from a read-only
    field, so a model field with choices and blank=True (a patent's 成果类别, say) would be
    documented without "" although answers carry it. Kept, the schema admits what is sent."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        blank = kwargs.get("allow_blank") and "choices" in kwargs
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank:
            kwargs["allow_blank"] = True
        return kwargs


def number(value: Decimal | int | None):
    """A goal or a value as a JSON number: an integer when whole, else a float (a ratio's
    share as a fraction, 0.3 for 30 %)."""
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    def to_representation(self, value):
        return number(value)
