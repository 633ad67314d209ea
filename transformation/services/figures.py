"""An institution's figures for a year: the one write path for the form, the API and the
workbook. Checks every value, names each wrong one, and writes nothing unless all are right."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock_first
from jbgs.parsing import parse_amount
from jbgs.services.audit import audit
from transformation import access
from transformation.choices import FiguresSource, TransformationAction
from transformation.models import InstitutionFigures

MAX_COUNT = 1_000_000  # more patents or staff than any institution has: a typing slip
FIRST_YEAR = 2000
COUNT_FIELDS = ("ip_staff", "ip_staff_full_time", "patents_granted", "invention_patents_granted",
                "transformed_by_assignment", "transformed_by_licence", "transformed_by_equity")
AMOUNT_FIELDS = ("amount_by_assignment", "amount_by_licence", "amount_by_equity")


def _label(name: str) -> str:
    return str(InstitutionFigures._meta.get_field(name).verbose_name)


def _count(value, name: str, errors: list) -> int:
    if value in (None, ""):
        return 0
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except ArithmeticError:
        number = None
    if isinstance(value, bool) or number is None or number != number.to_integral_value() or not (
            0 <= number <= MAX_COUNT):
        errors.append({"field": name, "message": _("%(field)s: “%(value)s” is not a whole number from 0 to "
                                                   "%(max)s.") % {"field": _label(name), "value": str(value)[:40],
                                                                  "max": MAX_COUNT}})
        return 0
    return int(number)


def _amount(value, name: str, unit: str, errors: list) -> Decimal:
    try:
        amount = parse_amount(value, unit=unit)
    except ValidationError as error:
        errors.append({"field": name, "message": f"{_label(name)}: {error.messages[0]}"})
        return Decimal("0.00")
    if amount is not None and amount < 0:
        errors.append({"field": name, "message": _("%(field)s cannot be negative.") % {"field": _label(name)}})
    return amount or Decimal("0.00")


def clean_figures(year, data: dict, *, unit: str, today: datetime.date | None = None) -> dict:
    """The values of one year's figures from `data` (field names; amounts in `unit`), or a
    DomainError listing every wrong value by field."""
    errors: list[dict] = []
    today = today or timezone.localdate()
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year is None or not FIRST_YEAR <= year <= today.year:
        errors.append({"field": "year", "message": _("The year must be from %(first)s to %(last)s.") % {
            "first": FIRST_YEAR, "last": today.year}})
    values = {name: _count(data.get(name), name, errors) for name in COUNT_FIELDS}
    values |= {name: _amount(data.get(name), name, unit, errors) for name in AMOUNT_FIELDS}
    if not errors:
        if values["ip_staff_full_time"] > values["ip_staff"]:
            errors.append({"field": "ip_staff_full_time", "message": _(
                "The full-time staff are part of the IP staff: they cannot be more.")})
        if values["invention_patents_granted"] > values["patents_granted"]:
            errors.append({"field": "invention_patents_granted", "message": _(
                "The invention patents granted are part of the patents granted: they cannot be more.")})
        for way in ("assignment", "licence", "equity"):
            if values[f"amount_by_{way}"] and not values[f"transformed_by_{way}"]:
                errors.append({"field": f"transformed_by_{way}", "message": _(
                    "%(field)s: an amount is given, but no patent.") % {"field": _label(f"transformed_by_{way}")}})
    if errors:
        raise DomainError(errors[0]["message"], code="invalid_figures", field=errors[0]["field"],
                          extra={"errors": errors})
    return {"year": year, **values}


def save_figures(*, actor, organization, year, data: dict, unit: str,
                 source: str = FiguresSource.ENTERED) -> InstitutionFigures:
    """One year's figures of an institution, created or replaced whole. Locks the year's row
    (or, for a new year, the institution's row) for the transaction; audited with the values
    before and after."""
    if not access.may_keep_figures(actor, organization):
        raise NotAllowed(_("Only the institution's liaison or an administrator keeps its figures."))
    values = clean_figures(year, data, unit=unit)
    year = values.pop("year")
    with transaction.atomic():
        lock_first(type(organization).objects.filter(pk=organization.pk))
        figures = InstitutionFigures.objects.filter(organization=organization, year=year).first()
        before = _snapshot(figures) if figures else None
        figures = figures or InstitutionFigures(organization=organization, year=year)
        for name, value in values.items():
            setattr(figures, name, value)
        figures.source, figures.updated_by = source, actor
        figures.save()
        audit(figures, TransformationAction.FIGURES_SAVED, actor=actor,
              data={"year": year, "before": before, "after": _snapshot(figures), "source": source})
    return figures


def _snapshot(figures: InstitutionFigures) -> dict:
    return {name: str(getattr(figures, name)) for name in COUNT_FIELDS + AMOUNT_FIELDS}
