"""Read queries of the demand side, for its pages, API and jobs, and for the apps above it."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q, QuerySet

from challenge.choices import DEMAND_PUBLIC, DemandStatus
from challenge.models import Demand, HotList
from jbgs.choices import CampaignKind
from jbgs.models import Campaign


def current_campaign() -> Campaign | None:
    """The latest challenge season: where new demands and hot lists go."""
    return Campaign.objects.filter(kind=CampaignKind.CHALLENGE).order_by("-year").first()


def public_demands() -> QuerySet[Demand]:
    return (Demand.objects.filter(status__in=DEMAND_PUBLIC).select_related("field", "organization", "region")
            .prefetch_related("targets").order_by("-published_at", "-pk"))


def search_public(q: str = "", field_code: str = "") -> QuerySet[Demand]:
    """Published demands by words of their public text (title, description, expected outcome,
    sub-field): never by a hidden field, so a search cannot reveal what is hidden."""
    return search(public_demands(), q, field_code)


def search(demands: QuerySet[Demand], q: str = "", field_code: str = "") -> QuerySet[Demand]:
    """`demands` narrowed to an industry field's code and to words of their public text, as
    search_public() finds them, whatever else the caller may see of them."""
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
