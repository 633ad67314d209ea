"""How project applications are read: a unit's own, a city's (with each call's count against its
cap), the province's list filtered by call, status and city."""

from django.db.models import Count, Q, QuerySet

from transformation.choices import CAP_HOLDING, ApplicationStatus
from transformation.models import Call, ProjectApplication


def listed(queryset: QuerySet[ProjectApplication]) -> QuerySet[ProjectApplication]:
    return queryset.select_related("call", "organization", "city").order_by("-submitted_at", "-pk")


def own_applications(organization) -> QuerySet[ProjectApplication]:
    return listed(ProjectApplication.objects.filter(organization=organization))


def current_application(organization, call) -> ProjectApplication | None:
    """The unit's application to the call that stands (any but a withdrawn one), if any."""
    if organization is None:
        return None
    return ProjectApplication.objects.filter(call=call, organization=organization).exclude(
        status=ApplicationStatus.WITHDRAWN).order_by("-pk").first()


def city_applications(city, call_id: int | None = None) -> QuerySet[ProjectApplication]:
    found = ProjectApplication.objects.filter(city=city).exclude(status=ApplicationStatus.DRAFT)
    return listed(found.filter(call_id=call_id) if call_id else found)


def city_counters(city) -> list[Call]:
    """The calls the city has applications to, each with `held` (recommended or funded) and
    `submitted` (awaiting the city), beside its cap. One query."""
    return list(Call.objects.filter(applications__city=city).annotate(
        held=Count("applications", filter=Q(applications__city=city, applications__status__in=CAP_HOLDING)),
        waiting=Count("applications", filter=Q(applications__city=city,
                                               applications__status=ApplicationStatus.SUBMITTED)))
        .order_by("-year", "direction"))


def province_applications(*, call_id=None, status="", city="") -> QuerySet[ProjectApplication]:
    found = ProjectApplication.objects.exclude(status=ApplicationStatus.DRAFT)
    if call_id:
        found = found.filter(call_id=call_id)
    if status:
        found = found.filter(status=status)
    if city:
        found = found.filter(city_id=city)
    return listed(found)


def application(pk: int) -> QuerySet[ProjectApplication]:
    return ProjectApplication.objects.select_related(
        "call", "organization__region", "city", "deal__buyer", "deal__lot", "recommended_by", "decided_by"
    ).prefetch_related("call__rules", "call__targets").filter(pk=pk)
