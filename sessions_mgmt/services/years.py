"""A year of special sessions started from an earlier one."""

from django.db import transaction

from jbgs.rules import shift_date
from sessions_mgmt.models import SessionPlan, TargetTemplate


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
