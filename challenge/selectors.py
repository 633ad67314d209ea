"""Read queries of the demand side, for its pages, API and jobs, and for the apps above it."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Count, Q, QuerySet

from challenge.choices import DEMAND_IMPORT, DEMAND_PUBLIC, DemandStatus
from challenge.models import Demand, HotList
from jbgs.choices import CampaignKind
from jbgs.models import Campaign, ImportJob
from jbgs.selectors import import_jobs


def current_campaign() -> Campaign | None:
    """The latest year's challenge season: the one demands are posted and collected in."""
    return Campaign.objects.filter(kind=CampaignKind.CHALLENGE).order_by("-year").first()


def public_demands() -> QuerySet[Demand]:
    return (Demand.objects.filter(status__in=DEMAND_PUBLIC).select_related("field", "organization", "region")
            .prefetch_related("targets").order_by("-published_at", "-pk"))


def search_public(q: str = "", field_code: str = "") -> QuerySet[Demand]:
    """Published demands by words of their public text (title, description, expected outcome,
    sub-field): never by a hidden field, so a search cannot reveal what is hidden."""
    demands = public_demands()
    if field_code:
        demands = demands.filter(field__code=field_code)
    q = (q or "").strip()[:100]
    if q:
        vector = SearchVector("title", "sub_field", "description", "expected_outcome", config="simple")
        demands = demands.annotate(found=vector).filter(
            Q(found=SearchQuery(q, config="simple")) | Q(title__icontains=q) | Q(description__icontains=q)
            | Q(expected_outcome__icontains=q) | Q(sub_field__icontains=q))
    return demands


def organization_demands(organization) -> QuerySet[Demand]:
    return Demand.objects.filter(organization=organization).select_related("field").order_by("-created_at")


def awaiting_diagnosis() -> QuerySet[Demand]:
    return (Demand.objects.filter(status__in=(DemandStatus.SUBMITTED, DemandStatus.IN_DIAGNOSIS))
            .select_related("field", "organization").order_by("submitted_at"))


def approved_demands(campaign, field=None) -> QuerySet[Demand]:
    demands = Demand.objects.filter(campaign=campaign, status=DemandStatus.APPROVED).select_related("field",
                                                                                                   "organization")
    return demands.filter(field=field) if field is not None else demands


def published_hot_lists() -> QuerySet[HotList]:
    return HotList.objects.filter(published_at__isnull=False).select_related("field", "campaign")


def collected_demands(user) -> QuerySet[Demand]:
    """The demands `user` collected for enterprises (需求征集表, or posted on their behalf)."""
    return (Demand.objects.filter(collector=user).select_related("field", "organization", "campaign")
            .order_by("-created_at", "-pk"))


def collected_counts(user) -> list[tuple[str, str, int]]:
    """How many of the demands `user` collected are in each state: (code, label, count)."""
    counts = dict(Demand.objects.filter(collector=user).values_list("status").annotate(n=Count("pk")))
    return [(status.value, status.label, counts[status]) for status in DemandStatus if counts.get(status)]


def demand_imports(user) -> QuerySet[ImportJob]:
    """The person's latest 需求征集表 imports, newest first, with their counts of rows with problems."""
    return import_jobs(ImportJob.objects.filter(kind=DEMAND_IMPORT, owner=user))[:10]
