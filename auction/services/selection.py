"""Expert selection (遴选): panels, balanced assignment, scoring, ranking, selection."""

import random
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from auction.choices import AuctionAction, ItemReview, ListStatus
from auction.models import Assignment, Item, Panel, Score, ScoringScheme
from auction.models.selection import CRITERIA, Aggregation
from jbgs import access
from jbgs.choices import ExpertKind, Role
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock, lock_all
from jbgs.services.audit import audit
from jbgs.services.notifications import notify


def scheme_for(campaign) -> ScoringScheme:
    """The year's scoring scheme; a year without one starts from the defaults."""
    scheme, _created = ScoringScheme.objects.get_or_create(campaign=campaign)
    return scheme


def save_scheme(*, actor, scheme: ScoringScheme) -> ScoringScheme:
    if not access.is_admin(actor):
        raise NotAllowed()
    scheme.full_clean()
    with transaction.atomic():
        scheme.save()
        audit(scheme, AuctionAction.SCHEME_UPDATED, actor=actor,
              data={"scale_max": scheme.scale_max, "aggregation": scheme.aggregation,
                    "weights": {k: str(v) for k, v in scheme.weights().items()},
                    "experts_per_item": scheme.experts_per_item})
    return scheme


def save_panel(*, actor, panel: Panel, experts) -> Panel:
    """Form or change a field's panel; only accounts holding the expert role may sit on it."""
    if not access.is_admin(actor):
        raise NotAllowed()
    experts = list(experts)
    if any(not e.has_role(Role.EXPERT) for e in experts):
        raise ValidationError({"experts": _("Only accounts with the expert role can sit on a panel.")})
    panel.full_clean()
    with transaction.atomic():
        creating = panel.pk is None
        panel.save()
        panel.experts.set(experts)
        audit(panel, AuctionAction.PANEL_CREATED if creating else AuctionAction.PANEL_UPDATED, actor=actor,
              data={"field": str(panel.field), "experts": [e.username for e in experts]})
    return panel


def eligible_items(campaign, field=None):
    """Items the experts may score: in submitted or accepted lists, not returned."""
    items = Item.objects.filter(
        campaign=campaign,
        submission_list__status__in=[ListStatus.SUBMITTED, ListStatus.ACCEPTED],
    ).exclude(review_state=ItemReview.RETURNED)
    return items.filter(field=field) if field is not None else items


def missing_kinds(experts) -> list[ExpertKind]:
    """The kinds of expert (technical, patent-operation, investment) a panel of these
    active experts lacks; an expert whose kind is not recorded counts for none."""
    present = {expert.expert_kind for expert in experts if expert.is_active}
    return [kind for kind in ExpertKind if kind not in present]


def assign(*, actor, panel: Panel, now=None, seed: int | None = None, incomplete_reason: str = "") -> int:
    """Give each eligible item of the panel's field to as many of its experts as the year's
    scheme asks, least-loaded expert first, never an expert of the item's own unit.
    Running it again only tops up items that have too few experts. Returns the number of
    new assignments. Locks the panel row, so two runs for one field cannot both top up.

    A panel brings technical, patent-operation and investment experts together: one that
    lacks a kind is refused (code `panel_incomplete`, naming the kinds) unless the
    administrator gives the reason to go ahead, which the audit keeps."""
    if not access.is_admin(actor):
        raise NotAllowed()
    now = now or timezone.now()
    scheme = scheme_for(panel.campaign)
    experts = list(panel.experts.filter(is_active=True))
    if not experts:
        raise DomainError(_("The panel has no expert yet."), code="panel_empty")
    missing = missing_kinds(experts)
    if missing and not incomplete_reason.strip():
        raise DomainError(_("The panel has no %(kinds)s: add them, or give the reason to assign without them.")
                          % {"kinds": "、".join(str(kind.label) for kind in missing)},
                          code="panel_incomplete", field="incomplete_reason")
    rng = random.Random(seed if seed is not None else panel.pk)
    with transaction.atomic():
        lock(Panel.objects, pk=panel.pk)
        load = Counter(dict(Assignment.objects.filter(item__campaign=panel.campaign, expert__in=experts)
                            .values_list("expert").annotate(n=Count("id"))))
        items = list(eligible_items(panel.campaign, panel.field).prefetch_related("assignments"))
        created = []
        for item in items:
            taken = {a.expert_id for a in item.assignments.all()}
            wanted = scheme.experts_per_item - len(taken)
            candidates = [e for e in experts if e.pk not in taken and e.organization_id != item.organization_id]
            rng.shuffle(candidates)
            for expert in sorted(candidates, key=lambda e: load[e.pk])[:max(wanted, 0)]:
                created.append(Assignment(item=item, expert=expert, panel=panel, assigned_at=now))
                load[expert.pk] += 1
        Assignment.objects.bulk_create(created)
        audit(panel, AuctionAction.ITEMS_ASSIGNED, actor=actor, now=now,
              data={"assignments": len(created), "items": len(items),
                    **({"missing_kinds": [str(k) for k in missing], "reason": incomplete_reason} if missing else {})})
        by_expert = Counter(a.expert_id for a in created)
        for expert in experts:
            if by_expert[expert.pk]:
                notify([expert], kind="auction.review.assigned",
                       title=_("%(n)s patents and results wait for your scores") % {"n": by_expert[expert.pk]},
                       url=reverse("auction:expert-reviews"))
    return len(created)


def validate_marks(scheme: ScoringScheme, marks: dict) -> dict[str, Decimal]:
    errors, clean = {}, {}
    for name in CRITERIA:
        value = marks.get(name)
        try:
            value = Decimal(str(value))
        except Exception:
            value = None
        if value is None or not value.is_finite():
            errors[name] = _("Give a number.")
            continue
        if not Decimal(0) <= value <= scheme.scale_max:
            errors[name] = _("Give a mark from 0 to %(max)s.") % {"max": scheme.scale_max}
        clean[name] = value
    if errors:
        raise ValidationError(errors)
    return clean


def score(*, expert, assignment: Assignment, marks: dict, comment: str = "", now=None) -> Score:
    """An expert's marks on an assigned item (changeable until the item is selected).
    Locks the item row so that concurrent scores aggregate correctly."""
    if assignment.expert_id != expert.pk or not expert.has_role(Role.EXPERT):
        raise NotAllowed()
    now = now or timezone.now()
    with transaction.atomic():
        item = lock(Item.objects, pk=assignment.item_id)
        if item.selected or item.published_at:
            raise DomainError(_("The selection of this item is closed."), code="selection_closed")
        scheme = scheme_for(item.campaign)
        clean = validate_marks(scheme, marks)
        total = scheme.total(clean)
        record, created = Score.objects.update_or_create(
            assignment=assignment, defaults={**clean, "total": total, "comment": comment, "scored_at": now})
        aggregate(item, scheme)
        audit(item, AuctionAction.SCORE_SUBMITTED if created else AuctionAction.SCORE_CHANGED, actor=expert, now=now,
              data={"assignment": assignment.pk, "total": str(total)})
    return record


def aggregate(item: Item, scheme: ScoringScheme) -> None:
    totals = sorted(Score.objects.filter(assignment__item=item).values_list("total", flat=True))
    if scheme.aggregation == Aggregation.TRIMMED_MEAN and len(totals) >= 3:
        totals = totals[1:-1]
    item.score = (sum(totals) / len(totals)).quantize(Decimal("0.01")) if totals else None
    item.score_count = Score.objects.filter(assignment__item=item).count()
    item.save(update_fields=["score", "score_count", "updated_at"])


def select(*, actor, campaign, field=None, threshold: Decimal | None = None, top_n: int | None = None) -> int:
    """Select the high-value items of a field: those scoring at least `threshold`, or the
    best `top_n`, or both conditions. Returns how many were newly selected. Locks the
    field's items in id order (as publication does), so the two cannot deadlock."""
    if not access.is_admin(actor):
        raise NotAllowed()
    if threshold is None and top_n is None:
        raise DomainError(_("Give a score threshold, a number of items, or both."), code="criteria_required")
    if top_n is not None and top_n < 1:
        raise DomainError(_("Select at least one item."), code="invalid_top_n", field="top_n")
    if threshold is not None and not Decimal(threshold).is_finite():
        raise DomainError(_("Give a number."), code="invalid_threshold", field="threshold")
    with transaction.atomic():
        ranked = eligible_items(campaign, field).filter(score__isnull=False, published_at__isnull=True)
        lock_all(ranked.order_by("id").values_list("pk", flat=True))
        if threshold is not None:
            ranked = ranked.filter(score__gte=threshold)
        ranked = ranked.order_by("-score", "id").values_list("pk", flat=True)
        chosen = list(ranked[:top_n] if top_n else ranked)
        newly = list(Item.objects.filter(pk__in=chosen, selected=False).values_list("pk", flat=True))
        Item.objects.filter(pk__in=newly).update(selected=True, updated_at=timezone.now())
        audit(campaign, AuctionAction.ITEMS_SELECTED, actor=actor,
              data={"field": str(field) if field else "", "threshold": str(threshold or ""), "top_n": top_n,
                    "items": newly})
    return len(newly)


def set_selected(*, actor, item: Item, selected: bool, reason: str = "") -> Item:
    """Select or unselect one item by hand, with the reason; only an item the experts may
    score (in a submitted or accepted list, not returned). Locks the item row."""
    if not access.is_admin(actor):
        raise NotAllowed()
    with transaction.atomic():
        locked = lock(Item.objects, pk=item.pk)
        if locked.published_at:
            raise DomainError(_("A published item cannot be unselected."), code="already_published")
        if selected and not eligible_items(locked.campaign).filter(pk=locked.pk).exists():
            raise DomainError(_("Only an item of a submitted or accepted list, not returned, can be selected."),
                              code="not_eligible")
        before = locked.selected
        locked.selected = selected
        locked.save(update_fields=["selected", "updated_at"])
        audit(locked, AuctionAction.ITEM_SELECTION_CHANGED, actor=actor, from_state=str(before), to_state=str(selected),
              data={"reason": reason})
    return locked


def expert_progress(campaign) -> list[dict]:
    """Each expert's assigned and scored counts: who has not finished."""
    rows = (
        Assignment.objects.filter(item__campaign=campaign)
        .values("expert", "expert__name", "expert__username", "expert__organization__name")
        .annotate(assigned=Count("id"), scored=Count("score"))
        .order_by("expert__name")
    )
    return [dict(row, pending=row["assigned"] - row["scored"]) for row in rows]


def pending_for(expert, campaign=None):
    qs = Assignment.objects.filter(expert=expert).select_related("item__field", "item__campaign", "score")
    if campaign is not None:
        qs = qs.filter(item__campaign=campaign)
    return qs.order_by("assigned_at", "id")


def ranking(campaign, field=None):
    return (
        eligible_items(campaign, field)
        .select_related("organization", "field")
        .annotate(assigned=Count("assignments"), scored=Count("assignments__score"))
        # PostgreSQL puts NULL first in descending order: unscored items go last.
        .order_by(F("score").desc(nulls_last=True), "id")
    )


def field_counts(campaign) -> dict:
    counts = defaultdict(dict)
    rows = eligible_items(campaign).values("field").annotate(
        total=Count("id"), scored=Count("id", filter=Q(score__isnull=False)),
        selected=Count("id", filter=Q(selected=True)), published=Count("id", filter=Q(published_at__isnull=False)))
    for row in rows:
        counts[row["field"]] = row
    return counts
