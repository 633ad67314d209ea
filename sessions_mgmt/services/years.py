"""A new year of special sessions, added by an administrator in the browser: its application
window, its session period and its hosting rules, and (usually) the plan and target templates
of an earlier year, copied with their deadlines moved to the new year."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jbgs import access
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.rules import shift_date
from jbgs.services.audit import audit
from sessions_mgmt.choices import SessionAction
from sessions_mgmt.models import SessionPlan, SessionYear, TargetTemplate

YEAR_FIELDS = ("applications_open", "applications_close", "sessions_start", "sessions_end", "city_cap",
               "county_cap", "regional_authorities", "auction_needs_university", "challenge_needs_science_park")


def add_year(*, actor, year: int, fields: dict, copy_from: int | None = None) -> SessionYear:
    """Create `year` with `fields` (those of YEAR_FIELDS) and, from `copy_from`, copies of its
    plan and target templates. One transaction: a year that exists already (or appears
    meanwhile: the unique year answers) is refused and nothing is written."""
    if not access.is_admin(actor):
        raise NotAllowed()
    if SessionYear.objects.filter(year=year).exists():
        raise _exists(year)
    if copy_from is not None and not SessionPlan.objects.filter(year=copy_from).exists():
        raise DomainError(_("%(year)s has no plan to copy.") % {"year": copy_from}, code="no_such_year",
                          field="copy_from")
    if copy_from is not None and SessionPlan.objects.filter(year=year).exists():
        raise DomainError(_("%(year)s has a plan already: it is not copied over.") % {"year": year},
                          code="plan_exists", field="copy_from")
    added = SessionYear(year=year, **{name: fields[name] for name in YEAR_FIELDS if name in fields})
    added.full_clean(exclude=["year"])
    try:
        with transaction.atomic():
            added.save()
            plans, targets = copy_templates(copy_from, year) if copy_from is not None else (0, 0)
            audit(added, SessionAction.YEAR_ADDED, actor=actor, data={
                "year": year, "copied_from": copy_from, "plans": plans, "targets": targets})
    except IntegrityError:
        raise _exists(year) from None
    return added


def copy_templates(from_year: int, to_year: int) -> tuple[int, int]:
    """Copy `from_year`'s plan and target templates to `to_year`, deadlines moved by the years
    between; rows `to_year` has already (by group, by session type and code) are left as they
    are, so a second call copies nothing. Returns (plans, targets) copied."""
    shift = to_year - from_year
    with transaction.atomic():
        have_plans = set(SessionPlan.objects.filter(year=to_year).values_list("group", flat=True))
        have_targets = set(TargetTemplate.objects.filter(year=to_year).values_list("session_type", "code"))
        plans = SessionPlan.objects.bulk_create([
            SessionPlan(year=to_year, group=plan.group, planned_min=plan.planned_min, planned_max=plan.planned_max)
            for plan in SessionPlan.objects.filter(year=from_year) if plan.group not in have_plans])
        targets = TargetTemplate.objects.bulk_create([
            TargetTemplate(year=to_year, session_type=row.session_type, code=row.code, label=row.label, kind=row.kind,
                           metric=row.metric, goal=row.goal, deadline=shift_date(row.deadline, shift),
                           torch_only=row.torch_only, position=row.position)
            for row in TargetTemplate.objects.filter(year=from_year)
            if (row.session_type, row.code) not in have_targets])
    return len(plans), len(targets)


def _exists(year: int) -> DomainError:
    error = DomainError(_("The year %(year)s exists already.") % {"year": year}, code="year_exists", field="year")
    error.status_code = 409
    return error
