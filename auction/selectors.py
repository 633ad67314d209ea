"""Read queries of the supply side, shared by pages, the API and tasks."""

from django.db.models import Count, Q, QuerySet

from auction.choices import ItemKind
from auction.models import Item, SubmissionList
from jbgs.models import Campaign


def current_auction_campaign(day) -> Campaign | None:
    """The auction campaign under way on the day, or else the latest one."""
    campaigns = Campaign.objects.filter(kind="auction")
    return campaigns.filter(starts_on__lte=day, ends_on__gte=day).first() or campaigns.order_by("-year").first()


def published_years() -> list[int]:
    """The campaign years that have published items, newest first."""
    return list(Item.objects.filter(published_at__isnull=False).order_by("-campaign__year")
                .values_list("campaign__year", flat=True).distinct())


# A list's counts, by name: what the compliance panel and the API show.
_COUNTS = {
    "total": Q(),
    "patents": Q(kind=ItemKind.PATENT),
    "results": Q(kind=ItemKind.RESULT),
    "programme_related": Q(programme_related=True),
    "roadshow": Q(roadshow_pick=True),
    "returned": Q(review_state="returned"),
}


def list_counts(submission_list: SubmissionList) -> dict[str, int]:
    """One list's counts, in one query (or from `with_counts`'s annotations when present)."""
    if hasattr(submission_list, "count_total"):
        return {name: getattr(submission_list, f"count_{name}") for name in _COUNTS}
    return submission_list.items.aggregate(**{name: Count("id", filter=q) for name, q in _COUNTS.items()})


def with_counts(lists: QuerySet[SubmissionList]) -> QuerySet[SubmissionList]:
    """Lists annotated with their counts, so that a page of lists costs one query."""
    return lists.annotate(**{f"count_{name}": Count("items", filter=_prefixed(q)) for name, q in _COUNTS.items()})


def _prefixed(q: Q) -> Q:
    return Q(*[(f"items__{key}", value) for key, value in q.children])


def list_items(submission_list: SubmissionList) -> QuerySet[Item]:
    return submission_list.items.select_related("field", "previously_published__campaign").order_by("kind", "id")


def unit_lists(organization) -> QuerySet[SubmissionList]:
    return (
        SubmissionList.objects.filter(organization=organization)
        .select_related("campaign")
        .annotate(item_count=Count("items"))
        .order_by("-campaign__year")
    )


def progress(campaign: Campaign) -> QuerySet[SubmissionList]:
    """Every unit's list of the year with its counts: submitted, accepted, selected, published."""
    return (
        SubmissionList.objects.filter(campaign=campaign)
        .select_related("organization__region__parent__parent", "campaign")
        .annotate(
            item_count=Count("items"),
            accepted_count=Count("items", filter=Q(items__review_state="accepted")),
            selected_count=Count("items", filter=Q(items__selected=True)),
            published_count=Count("items", filter=Q(items__published_at__isnull=False)),
        )
        .order_by("organization__name")
    )


def my_state(leader_registration_id: int | None, registration, user) -> str:
    """A user's state on a lot: leading, outbid, registered, deposit_pending, ended (the
    deposit is no longer held), not_registered, or signed_out."""
    if not user.is_authenticated:
        return "signed_out"
    if registration is None:
        return "not_registered"
    if not registration.may_bid:
        return "deposit_pending" if registration.deposit_state == "awaiting" else "ended"
    if leader_registration_id == registration.pk:
        return "leading"
    return "outbid" if registration.bids.filter(accepted=True).exists() else "registered"
