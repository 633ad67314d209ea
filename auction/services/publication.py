"""Publication (发布): selected items go out in batches, by industry field, into the
catalogue and the special columns they belong to."""


from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from auction import selectors, signals
from auction.choices import LOT_ENDED, AuctionAction, Column
from auction.models import AuctionRules, Item, LotItem, PublicationBatch
from auction.services.items import index_for_search
from jbgs import access
from jbgs.choices import NotificationLevel, Role
from jbgs.db import bulk_update
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock, lock_all
from jbgs.models import User
from jbgs.parsing import plain_text
from jbgs.services.audit import audit
from jbgs.services.notifications import notify


def columns_for(item: Item) -> list[str]:
    """The year's special columns the item belongs in: 双碳 items; out-of-province items
    priced at the year's threshold or more (百万级以上). A negotiable price (面议) is no price:
    such an item is placed in a column by an administrator only (place_in_column)."""
    rules = AuctionRules.of(item.campaign)
    columns = []
    if Column.CARBON in rules.columns and item.carbon_related:
        columns.append(Column.CARBON)
    threshold = rules.featured_price_min
    if (Column.OUT_OF_PROVINCE_MILLION in rules.columns and threshold is not None and item.asking_price is not None
            and not item.organization.region.in_jiangsu and item.asking_price >= threshold):
        columns.append(Column.OUT_OF_PROVINCE_MILLION)
    return columns


def place_in_column(*, actor, item: Item, column: str, reason: str) -> Item:
    """An administrator puts a published item in one of the year's special columns that
    its fields do not place it in (a 面议 result known to be worth a million, say), with the
    reason. Locks the item row."""
    if not access.is_admin(actor):
        raise NotAllowed()
    reason = plain_text(reason)
    if not reason:
        raise DomainError(_("Give the reason."), code="reason_required", field="reason")
    with transaction.atomic():
        locked = lock(Item.objects.select_related("campaign"), pk=item.pk)
        if locked.published_at is None:
            raise DomainError(_("This item is not published."), code="not_published")
        if column not in AuctionRules.of(locked.campaign).columns:
            raise DomainError(_("%(year)s has no such column.") % {"year": locked.campaign.year},
                              code="no_such_column", field="column")
        if column not in locked.columns:
            before = list(locked.columns)
            locked.columns = [*locked.columns, column]
            locked.save(update_fields=["columns", "updated_at"])
            audit(locked, AuctionAction.ITEM_PLACED_IN_COLUMN, actor=actor, from_state=",".join(before),
                  to_state=",".join(locked.columns), data={"column": column, "reason": reason})
    return locked


def publish(*, actor, campaign, field, title: str, now=None) -> PublicationBatch:
    """Publish the field's selected items that were reviewed and accepted (in accepted
    lists) and are not published yet, as one batch. Locks those items in id order."""
    if not access.is_admin(actor):
        raise NotAllowed()
    now = now or timezone.now()
    with transaction.atomic():
        items = lock_all(
            selectors.awaiting_publication(campaign, field).filter(selectors.PUBLISHABLE)
            .order_by("id")
            .select_related("organization__region", "campaign"),
            of=("self",),
        )
        if not items:
            raise DomainError(_("No selected item of this field waits for publication: items are published once "
                                "their unit's list is accepted."), code="nothing_to_publish")
        batch = PublicationBatch.objects.create(campaign=campaign, field=field, title=title, published_at=now,
                                                published_by=actor, item_count=len(items))
        for item in items:
            item.campaign = campaign  # the year's rules, read once for the batch
            item.published_at, item.batch, item.columns, item.updated_at = now, batch, columns_for(item), now
            index_for_search(item)
        bulk_update(items, ["published_at", "batch", "columns", "search_title", "search_body", "updated_at"])
        audit(batch, AuctionAction.BATCH_PUBLISHED, actor=actor, now=now,
              data={"field": str(field), "items": [item.pk for item in items]})
        _tell_units(items)
        signals.items_published.send_on_commit(PublicationBatch, batch=batch, items=items)
    return batch


def _tell_units(items) -> None:
    by_unit = {}
    for item in items:
        by_unit.setdefault(item.organization_id, []).append(item)
    liaisons = User.objects.filter(organization_id__in=by_unit, roles__contains=[Role.LIAISON], is_active=True)
    for liaison in liaisons:
        mine = by_unit[liaison.organization_id]
        notify([liaison], kind="auction.items.published", level=NotificationLevel.SUCCESS,
               title=_("%(n)s of your unit's patents and results were published") % {"n": len(mine)},
               body="\n".join(item.title for item in mine[:10]), url=reverse("catalogue:list"))


def withdraw(*, actor, item: Item, reason: str) -> Item:
    """Take one published item out of the catalogue (an error found after publication).
    Locks the item row."""
    if not access.is_admin(actor):
        raise NotAllowed()
    reason = plain_text(reason)
    if not reason:
        raise DomainError(_("Give the reason."), code="reason_required", field="reason")
    with transaction.atomic():
        locked = lock(Item.objects, pk=item.pk)
        if locked.published_at is None:
            raise DomainError(_("This item is not published."), code="not_published")
        # An item on offer is not withdrawn under its bidders: its lot is withdrawn first (which
        # tells them and releases their deposits), or it ends.
        live = LotItem.objects.filter(item=locked).exclude(lot__status__in=LOT_ENDED).select_related("lot").first()
        if live is not None:
            raise DomainError(_("This item is in lot %(lot)s (%(state)s): withdraw the lot first, or wait for it "
                                "to end.") % {"lot": live.lot.number, "state": live.lot.get_status_display()},
                              code="item_in_lot")
        # Unselected too, or the field's next batch would publish it again.
        locked.published_at, locked.columns, locked.selected, locked.batch = None, [], False, None
        locked.save(update_fields=["published_at", "columns", "selected", "batch", "updated_at"])
        audit(locked, AuctionAction.ITEM_WITHDRAWN, actor=actor, from_state="published", to_state="withdrawn",
              data={"reason": reason})
        signals.item_withdrawn.send_on_commit(Item, item=locked)
    return locked
