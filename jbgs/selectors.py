"""Read queries of the kernel, shared by pages, the API and tasks."""

import datetime
import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Func, IntegerField, JSONField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from jbgs.choices import OrganizationStatus, RegionLevel, Role
from jbgs.models import AuditEntry, Campaign, ImportJob, IndustryField, Organization, Region, User


def campaigns_with_stages() -> QuerySet[Campaign]:
    return Campaign.objects.prefetch_related("stages")


def running_campaigns(day: datetime.date) -> list[Campaign]:
    """Campaigns under way on the day; failing that, the latest year's, so the portal
    always shows the campaign people are thinking of."""
    running = list(campaigns_with_stages().filter(starts_on__lte=day, ends_on__gte=day))
    if running:
        return running
    latest = Campaign.objects.order_by("-year").values_list("year", flat=True).first()
    return list(campaigns_with_stages().filter(year=latest)) if latest else []


def industry_fields(year: int) -> QuerySet[IndustryField]:
    return IndustryField.objects.filter(year=year).order_by("position", "code")


class YearFields:
    """A year's industry fields, read once, found by code or by name: how a field written
    in a form, a spreadsheet or an API request is looked up, whatever the entry."""

    def __init__(self, year: int):
        self.year = year
        self.fields = list(industry_fields(year))
        self._by_key = {key: f for f in self.fields for key in (f.code, f.name)}

    def find(self, text: str) -> IndustryField | None:
        return self._by_key.get(str(text).strip())

    def get(self, text: str) -> IndustryField:
        """The field, or a ValidationError that names the year's fields."""
        found = self.find(text)
        if found is None:
            raise ValidationError(
                _("“%(value)s” is not an industry field of %(year)s; choose one of: %(names)s.")
                % {"value": text, "year": self.year, "names": "、".join(f.name for f in self.fields)},
                code="invalid_choice",
            )
        return found


_DIVISION_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市|县|区)$")
_AMBIGUOUS = object()


class RegionNames:
    """The regions, read once, found by what people write in a form's 所在地区: a division code,
    a county with or without its city (苏州市吴中区, 吴中区, 昆山), a city (苏州市, 苏州, or a
    place in it the divisions do not list, 苏州工业园区), another province (上海, 浙江省杭州市),
    with or without 江苏省 in front."""

    def __init__(self):
        regions = list(Region.objects.select_related("parent__parent").order_by("code"))
        self.by_code = {r.code: r for r in regions}
        self.cities = [r for r in regions if r.level == RegionLevel.CITY]
        self.provinces = [r for r in regions if r.level == RegionLevel.PROVINCE]
        self.counties: dict[str, dict[str, Region]] = {c.code: {} for c in self.cities}
        self._by_name: dict[str, object] = {}
        for region in regions:
            if region.level == RegionLevel.COUNTY:
                self.counties[region.parent_id].update(dict.fromkeys(_names(region.name), region))
            self._add(_names(region.name), region)
        for city in self.cities:
            for county_name, county in self.counties[city.code].items():
                self._add([f"{name}{county_name}" for name in _names(city.name)], county)

    def _add(self, names, region) -> None:
        for name in names:
            known = self._by_name.get(name)
            self._by_name[name] = region if known in (None, region) else _AMBIGUOUS  # 鼓楼区: Nanjing and Xuzhou

    def find(self, text: str) -> Region | None:
        found = self._lookup(text)
        return found if isinstance(found, Region) else None

    def get(self, text: str) -> Region:
        """The region, or a ValidationError that says how to write it."""
        found = self._lookup(text)
        if found is _AMBIGUOUS:
            raise ValidationError(_("“%(value)s” names counties of more than one city: write the city in front, "
                                    "such as 南京市鼓楼区.") % {"value": text}, code="ambiguous_region")
        if found is None:
            raise ValidationError(
                _("“%(value)s” is not a region we know: write the city and the county, such as 苏州市吴中区, or "
                  "the province of a unit outside Jiangsu.") % {"value": text}, code="invalid_region")
        return found

    def _lookup(self, text: str):
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).removeprefix("中国")
        if text in self.by_code or text in self._by_name:
            return self.by_code.get(text) or self._by_name[text]
        rest = re.sub(r"^江苏省?", "", text)
        if rest in self._by_name:
            return self._by_name[rest]
        for city in self.cities:  # a city written first, then a county or a place in it
            for name in _names(city.name):
                if rest.startswith(name):
                    return self.counties[city.code].get(rest[len(name):], city)
        return next((p for p in self.provinces for name in _names(p.name) if text.startswith(name)), None)


def _names(name: str) -> list[str]:
    """A division's name, and its short form (苏州 for 苏州市) when that is two characters or more."""
    short = _DIVISION_SUFFIX.sub("", name)
    return [name, short] if short != name and len(short) >= 2 else [name]


def pending_organizations() -> QuerySet[Organization]:
    return (
        Organization.objects.pending()
        .select_related("region__parent__parent")
        .order_by("applied_at")
    )


def filter_organizations(
    qs: QuerySet[Organization], *, q="", kind="", status="", city=""
) -> QuerySet[Organization]:
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(credit_code__icontains=q.upper())
            | Q(contact_name__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if city == "out":
        qs = qs.filter(region__in_jiangsu=False)
    elif city:
        qs = qs.filter(Q(region_id=city) | Q(region__parent_id=city))
    return qs.annotate(member_count=Count("members")).order_by("name")


def filter_users(qs: QuerySet[User], *, q="", role="") -> QuerySet[User]:
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(name__icontains=q)
            | Q(email__icontains=q)
            | Q(organization__name__icontains=q)
        )
    if role:
        qs = qs.filter(roles__contains=[role])
    return qs


def active_admins() -> QuerySet[User]:
    return User.objects.filter(roles__contains=[Role.ADMIN], is_active=True)


def audit_entries(
    *, q="", action="", actor="", date_from=None, date_to=None
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("content_type")
    if q:
        qs = qs.filter(Q(object_repr__icontains=q) | Q(data__icontains=q) | Q(object_id=q))
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_name__icontains=actor)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs


def audit_trail(obj) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def organization_counts() -> dict[str, int]:
    rows = Organization.objects.values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in OrganizationStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# An import job's row errors and rejected rows are JSON in its row, bounded since the limit of
# rows with problems (IMPORT_MAX_ROW_ERRORS), but not for the jobs of before it (one holds
# 635,778 errors): they are counted and read a page at a time by the database.


def import_jobs(jobs: QuerySet[ImportJob] | None = None) -> QuerySet[ImportJob]:
    """Jobs with `error_count` and `rejected_count` (rows with problems not corrected since),
    without their lists."""
    jobs = ImportJob.objects.all() if jobs is None else jobs
    return jobs.defer("errors", "rejected").annotate(
        error_count=Func(F("errors"), function="jsonb_array_length", output_field=IntegerField()),
        # Rows still to correct: a row corrected in the browser since is counted no more.
        rejected_count=RawSQL('(SELECT count(*) FROM jsonb_each("jbgs_importjob"."rejected") AS r(row, cells) '
                              "WHERE NOT (r.cells ? 'fixed_item'))", (), output_field=IntegerField()),
    )


def _job_json(job_id: int, sql: str, params: tuple):
    value = RawSQL(sql, params, output_field=JSONField())
    return ImportJob.objects.filter(pk=job_id).annotate(value=value).values_list("value", flat=True).get()


class ImportErrors:
    """A job's errors ({row, column, message}, by row), as the paginators of pages and of the
    API slice them: each slice one query, for those errors only."""

    def __init__(self, job: ImportJob):
        self.job_id, self.total = job.pk, job.error_count  # as import_jobs() counts them

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[dict]:
        start, stop, _step = index.indices(self.total)
        if stop <= start:
            return []
        return _job_json(self.job_id, "jsonb_path_query_array(errors, %s::jsonpath)", (f"$[{start} to {stop - 1}]",))


def import_row_errors(job_id: int, row: int) -> list[dict]:
    """The errors of one row of the file."""
    return _job_json(job_id, "jsonb_path_query_array(errors, '$[*] ? (@.row == $row)', jsonb_build_object('row', %s))",
                     (row,))


def rejected_rows(job_id: int, rows: list[int]) -> dict[str, dict]:
    """The cells of rejected rows as typed, by row number (a string, as stored)."""
    found = _job_json(job_id, "(SELECT jsonb_object_agg(key, value) FROM jsonb_each(rejected) WHERE key = ANY(%s))",
                      ([str(row) for row in rows],))
    return found or {}


def import_error_rows(job: ImportJob, errors: list[dict]) -> list[dict]:
    """A page of a job's errors grouped by the file's row, each row with its cells as typed:
    {row, errors, values}, in the file's order."""
    rows = {}
    for error in errors:
        rows.setdefault(error["row"], []).append(error)
    values = rejected_rows(job.pk, [row for row in rows if row])
    return [{"row": row, "errors": errors, "values": values.get(str(row), {})} for row, errors in
            sorted(rows.items(), key=lambda pair: pair[0] or 0)]
