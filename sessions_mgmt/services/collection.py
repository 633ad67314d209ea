"""A session's collection: the catalogue items and demands it collected, which its published
items and valid demands count. Items published into the catalogue by a university co-hosting
an auction-season session in its field join its collection by themselves; demands published by
an enterprise of a challenge-season session's host division in its field join it likewise; an
organiser collects others by hand.

The no-repeat rule (不得重复): an item of an earlier year's campaign (published in an earlier
year's catalogue) is not counted again by a session, and an item or demand is counted by one
session a year. An item's or a demand's year is its campaign's."""

from django.db import transaction
from django.utils.translation import gettext as _

from auction import selectors as auction_selectors
from challenge import selectors as challenge_selectors
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.services.audit import audit
from sessions_mgmt import access, tasks
from sessions_mgmt.choices import CoHostRole, SessionAction, SessionType
from sessions_mgmt.metrics import home_division
from sessions_mgmt.models import Session, SessionDemand, SessionHost, SessionItem


def item_refusal(session: Session, item, counted: dict | None = None) -> str | None:
    """Why `item` cannot join `session`'s collection, or None; `counted`: the titles of the
    year's other sessions counting items, by item id, when known already (collect())."""
    if item.published_at is None:
        return _("Only an item published in the catalogue joins a session's collection.")
    if item.campaign.year < session.year:
        return _("%(number)s was published in %(year)s: an item published in an earlier year is not counted "
                 "again.") % {"number": _label(item), "year": item.campaign.year}
    if counted is None:
        counted = _counted_elsewhere(SessionItem, "item", session, [item])
    if item.pk in counted:
        return _("%(number)s is already counted by %(session)s.") % {"number": _label(item),
                                                                     "session": counted[item.pk]}
    return None


def _counted_elsewhere(model, name: str, session: Session, records) -> dict[int, str]:
    """The titles of the year's other sessions that count `records`, by record id."""
    return dict(model.objects.filter(**{f"{name}__in": records}, session__year=session.year).exclude(
        session=session).values_list(f"{name}_id", "session__title"))


def _label(item) -> str:
    return item.application_number or f"《{item.title}》"


def collect_item(*, actor, session: Session, item) -> SessionItem:
    if not access.may_manage(actor, session):
        raise NotAllowed()
    refusal = item_refusal(session, item)
    if refusal:
        raise DomainError(refusal, code="not_collectable", field="item")
    with transaction.atomic():
        row, created = _join_item(actor, session, item)
        if created:
            transaction.on_commit(tasks.recompute_soon)
    return row


def collect_demand(*, actor, session: Session, demand) -> SessionDemand:
    if not access.may_manage(actor, session):
        raise NotAllowed()
    refusal = demand_refusal(session, demand)
    if refusal:
        raise DomainError(refusal, code="not_collectable", field="demand")
    with transaction.atomic():
        row, created = _join_demand(actor, session, demand)
        if created:
            transaction.on_commit(tasks.recompute_soon)
    return row


def demand_refusal(session: Session, demand, counted: dict | None = None) -> str | None:
    """Why `demand` cannot join `session`'s collection, or None (`counted` as item_refusal's)."""
    if demand.published_at is None or demand.status == "withdrawn":
        return _("Only a published demand joins a session's collection.")
    if counted is None:
        counted = _counted_elsewhere(SessionDemand, "demand", session, [demand])
    if demand.pk in counted:
        return _("%(number)s is already counted by %(session)s.") % {"number": demand.number,
                                                                     "session": counted[demand.pk]}
    return None


def collect(*, actor, session: Session, items=(), demands=()) -> list[str]:
    """Many items and demands into `session`'s collection at once (the demo's seeding), each by
    the rules and with the audit entry of collect_item and collect_demand; one computation asked
    for. Those refused are left out: answers their reasons."""
    if not access.may_manage(actor, session):
        raise NotAllowed()
    items, demands, refusals = list(items), list(demands), []
    with transaction.atomic():
        lock(Session.objects, pk=session.pk)
        joined = []
        for model, name, records, refusal_of, action, label in (
                (SessionItem, "item", items, item_refusal, SessionAction.ITEM_COLLECTED, _label),
                (SessionDemand, "demand", demands, demand_refusal, SessionAction.DEMAND_COLLECTED,
                 lambda demand: demand.number)):
            counted = _counted_elsewhere(model, name, session, records)
            held = set(model.objects.filter(session=session, **{f"{name}__in": records}).values_list(
                f"{name}_id", flat=True))
            rows = []
            for record in records:
                refusal = refusal_of(session, record, counted)
                if refusal:
                    refusals.append(refusal)
                elif record.pk not in held:
                    held.add(record.pk)
                    rows.append(model(session=session, collected_by=actor, **{name: record}))
                    joined.append((action, {name: label(record)}))
            model.objects.bulk_create(rows)
        for action, data in joined:
            audit(session, action, actor=actor, data=data)
        if joined:
            transaction.on_commit(tasks.recompute_soon)
    return refusals


def _join_item(actor, session: Session, item) -> tuple[SessionItem, bool]:
    row, created = SessionItem.objects.get_or_create(session=session, item=item, defaults={"collected_by": actor})
    if created:
        audit(session, SessionAction.ITEM_COLLECTED, actor=actor, data={"item": _label(item)})
    return row, created


def _join_demand(actor, session: Session, demand) -> tuple[SessionDemand, bool]:
    row, created = SessionDemand.objects.get_or_create(session=session, demand=demand,
                                                       defaults={"collected_by": actor})
    if created:
        audit(session, SessionAction.DEMAND_COLLECTED, actor=actor, data={"demand": demand.number})
    return row, created


def collect_published_items(items) -> int:
    """Receiver of the catalogue's publications: each item published by a university or
    institute co-hosting a running auction-season session of its year and field joins that
    session, unless another session of the year counts it already. Returns how many joined."""
    items = [item for item in items if item.published_at is not None]
    if not items:
        return 0
    years = {item.campaign.year for item in items}
    hosts = SessionHost.objects.filter(
        session__session_type=SessionType.AUCTION_INDUSTRY, session__year__in=years,
        role=CoHostRole.UNIVERSITY, organization__in={item.organization_id for item in items}).select_related("session")
    by_key = {(host.organization_id, host.session.year, host.session.field_id): host.session for host in hosts}
    taken = set(SessionItem.objects.filter(item__in=items).values_list("item_id", flat=True))
    rows = [SessionItem(session=session, item=item) for item in items if item.pk not in taken
            and (session := by_key.get((item.organization_id, item.campaign.year, item.field_id)))]
    SessionItem.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def collect_published_demands(demands) -> int:
    """Each published demand of an enterprise in a challenge-season session's host division
    and field joins it (used when demands are published, and by the nightly sweep)."""
    sessions = list(Session.objects.filter(session_type=SessionType.CHALLENGE_INDUSTRY).prefetch_related(
        "hosts__organization__region"))
    rows = []
    taken = set(SessionDemand.objects.filter(demand__in=demands).values_list("demand_id", flat=True))
    for demand in demands:
        if demand.pk in taken or demand.published_at is None:
            continue
        for session in sessions:
            main = next((host for host in session.hosts.all() if host.is_main), None)
            if (main and session.year == demand.campaign.year and session.field_id == demand.field_id
                    and demand.organization.region_id.startswith(home_division(main.organization.region))):
                rows.append(SessionDemand(session=session, demand=demand))
                break
    SessionDemand.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def collectable_items(session: Session):
    """The published items of the session's year and field not yet in a collection of the year."""
    qs = auction_selectors.published_items().filter(campaign__year=session.year)
    if session.field_id:
        qs = qs.filter(field_id=session.field_id)
    return qs.exclude(pk__in=SessionItem.objects.filter(session__year=session.year).values("item_id"))


def collectable_demands(session: Session):
    qs = challenge_selectors.published_demands().filter(campaign__year=session.year)
    if session.field_id:
        qs = qs.filter(field_id=session.field_id)
    return qs.exclude(pk__in=SessionDemand.objects.filter(session__year=session.year).values("demand_id"))
