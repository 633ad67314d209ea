"""An institution's figures for a year: the one write path for the form, the API and the
workbook. Checks every value, names each wrong one, and writes nothing unless all are right."""

import datetime
import os
import re
import tempfile
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jbgs.exceptions import DomainError, NotAllowed
from jbgs.exports import Sheet, workbook_bytes
from jbgs.files import XLS as XLS_FILE
from jbgs.files import XLSX as XLSX_FILE
from jbgs.files import FileType, validate_upload
from jbgs.imports import Column, SpreadsheetError, cell_text, locate, read_rows
from jbgs.locking import lock_first
from jbgs.parsing import API_UNIT, TYPED_UNIT, parse_amount
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
    match = re.fullmatch(r"\s*(\d{4})\s*(?:年度?)?\s*", str(year if year is not None else ""))
    year = int(match.group(1)) if match else None  # 2021, "2021", "2021年", "2021年度"
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
    _may_keep(actor, organization)
    values = clean_figures(year, data, unit=unit)
    with transaction.atomic():
        lock_first(type(organization).objects.filter(pk=organization.pk))
        return _write(actor, organization, values, source)


def _may_keep(actor, organization) -> None:
    if not access.may_keep_figures(actor, organization):
        raise NotAllowed(_("Only the institution's liaison or an administrator keeps its figures."))


def _write(actor, organization, values: dict, source: str) -> InstitutionFigures:
    """One year's clean values written over the year's row, audited. In the caller's
    transaction, the institution's row locked."""
    values = dict(values)
    year = values.pop("year")
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


CSV_FILE = FileType("CSV", (".csv",), (b"",))  # any start: a CSV file is read, not recognised

# The figures workbook (转化数据表): a row per year, amounts in 万元 unless the cell says 元.
COLUMNS = [
    Column("year", "年度", ("年份",), required=True),
    Column("ip_staff", "知识产权管理人员", ("知识产权管理人员数",)),
    Column("ip_staff_full_time", "专职从事专利转化人员", ("专职人员", "专职从事专利转化工作的人员")),
    Column("patents_granted", "专利授权量", ("授权专利",)),
    Column("invention_patents_granted", "发明专利授权量", ("授权发明专利",)),
    Column("transformed_by_assignment", "转让专利件数", ("转让件数",)),
    Column("transformed_by_licence", "许可专利件数", ("许可件数",)),
    Column("transformed_by_equity", "作价入股专利件数", ("作价入股件数",)),
    Column("amount_by_assignment", "转让金额（万元）", ("转让金额",)),
    Column("amount_by_licence", "许可金额（万元）", ("许可金额",)),
    Column("amount_by_equity", "作价入股金额（万元）", ("作价入股金额",)),
]


def import_figures(*, actor, organization, upload) -> list[InstitutionFigures]:
    """Every year of the uploaded workbook (.xlsx, .xls or .csv), or none: each wrong value
    named by its row and column (DomainError with extra={"errors": [{"row", "column", "field",
    "message"}]}). A year given twice is refused. Locks the institution's row for the
    transaction."""
    _may_keep(actor, organization)
    try:
        validate_upload(upload, (XLSX_FILE, XLS_FILE, CSV_FILE))
    except ValidationError as error:
        raise DomainError(error.messages[0], code="invalid_workbook", field="file") from error
    suffix = os.path.splitext(upload.name)[1].lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        try:
            table = locate(read_rows(copy.name, upload.name), COLUMNS)
        except SpreadsheetError as error:
            raise DomainError(str(error), code="invalid_workbook", field="file") from error
    by_field = {column.field: index for index, column in table.columns.items()}
    labels = {column.field: column.label for column in COLUMNS}
    units = {table.columns[index].field: API_UNIT for index, text in table.header_texts.items()
             if table.columns[index].field in AMOUNT_FIELDS and "元" in text and "万" not in text}
    errors, rows, years = [], [], {}
    for number, cells in table.rows:
        data = {field: cell_text(cells[index]) if index < len(cells) else "" for field, index in by_field.items()}
        for field, unit in units.items():  # an amount column headed in 元 holds yuan
            if data.get(field) and unit == API_UNIT and not data[field].endswith("元"):
                data[field] += API_UNIT
        try:
            values = clean_figures(data.pop("year"), data, unit=TYPED_UNIT)
        except DomainError as error:
            errors += [{"row": number, "column": labels.get(problem["field"], ""), **problem}
                       for problem in error.extra["errors"]]
            continue
        if values["year"] in years:
            errors.append({"row": number, "column": labels["year"], "field": "year", "message": _(
                "The year %(year)s is given again (first on row %(row)s).") % {
                "year": values["year"], "row": years[values["year"]]}})
            continue
        years[values["year"]] = number
        rows.append(values)
    if errors:
        first = errors[0]
        raise DomainError(_("Row %(row)s, %(column)s: %(message)s") % first, code="invalid_figures",
                          field="file", extra={"errors": errors})
    if not rows:
        raise DomainError(_("The workbook has no year's figures."), code="invalid_figures", field="file")
    with transaction.atomic():
        lock_first(type(organization).objects.filter(pk=organization.pk))
        return [_write(actor, organization, values, FiguresSource.IMPORTED) for values in rows]


def blank_workbook() -> bytes:
    return workbook_bytes([Sheet("转化数据", [column.label for column in COLUMNS], [])])


def _snapshot(figures: InstitutionFigures) -> dict:
    return {name: str(getattr(figures, name)) for name in COUNT_FIELDS + AMOUNT_FIELDS}
