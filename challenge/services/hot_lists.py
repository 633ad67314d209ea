"""热门需求榜单: an administrator draws up a list of approved demands of one field and
publishes it; its demands are published with it, in one transaction."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge import signals
from challenge.choices import DEMAND_TRANSITIONS, ChallengeAction, DemandStatus
from challenge.models import Demand, HotList
from challenge.services.matching import index_for_search
from jbgs import access
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.locking import lock, lock_all
from jbgs.parsing import plain_text
from jbgs.services.audit import audit
from jbgs.transitions import move

MAX_DEMANDS = 200
logger = logging.getLogger(__name__)


def create_hot_list(*, actor, campaign, field, title: str, demand_ids) -> HotList:
    """A draft list of approved demands of the year's `field`; nothing is public yet."""
    if not access.is_admin(actor):
        raise NotAllowed()
    title = plain_text(title)[:200]
    if not title:
        raise DomainError(_("Give the list a title."), code="title_required", field="title")
    if field.year != campaign.year:
        raise DomainError(_("Choose one of the year's industry fields."), code="invalid_field", field="field")
    ids = list(dict.fromkeys(int(pk) for pk in demand_ids))
    if not ids or len(ids) > MAX_DEMANDS:
        raise DomainError(_("Put between 1 and %(n)s approved demands on the list.") % {"n": MAX_DEMANDS},
                          code="invalid_demands", field="demands")
    demands = list(Demand.objects.filter(pk__in=ids, campaign=campaign, field=field, status=DemandStatus.APPROVED))
    if len(demands) != len(ids):
        found = {d.pk for d in demands}
        numbers = Demand.objects.filter(pk__in=[pk for pk in ids if pk not in found]).values_list("number", flat=True)
        raise DomainError(_("Only approved demands of this year and field go on the list, not: %(numbers)s.") % {
            "numbers": "、".join(numbers) or "—"}, code="invalid_demands", field="demands")
    with transaction.atomic():
        hot_list = HotList.objects.create(campaign=campaign, field=field, title=title, created_by=actor)
        hot_list.demands.set(demands)
        audit(hot_list, ChallengeAction.HOT_LIST_CREATED, actor=actor, data={"demands": [d.number for d in demands]})
    return hot_list


def publish_hot_list(*, actor, hot_list: HotList, now=None) -> HotList:
    """Publish the list and its demands. A demand withdrawn or expired meanwhile stops it,
    by name: nothing is half-published."""
    if not access.is_admin(actor):
        raise NotAllowed()
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(HotList.objects, pk=hot_list.pk)
        if locked.published_at is not None:
            raise InvalidTransition(_("This list is already published."))
        demands = lock_all(Demand.objects.filter(hot_lists=locked).order_by("pk"))
        stale = [d.number for d in demands if d.status != DemandStatus.APPROVED]
        if stale:
            raise InvalidTransition(_("These demands are no longer approved: %(numbers)s. Draw the list up again.")
                                    % {"numbers": "、".join(stale)})
        for demand in demands:
            before = move(demand, DemandStatus.PUBLISHED, DEMAND_TRANSITIONS)
            demand.published_at = now
            index_for_search(demand)
            demand.save(update_fields=["status", "published_at", "updated_at", "search_title", "search_body"])
            audit(demand, ChallengeAction.DEMAND_PUBLISHED, actor=actor, now=now, from_state=before,
                  to_state=DemandStatus.PUBLISHED, data={"hot_list": locked.title})
        locked.published_at = now
        locked.save(update_fields=["published_at"])
        audit(locked, ChallengeAction.HOT_LIST_PUBLISHED, actor=actor, now=now, data={"demands": len(demands)})
        transaction.on_commit(lambda: _queue_push(locked.pk), robust=True)
        signals.demands_published.send_on_commit(HotList, hot_list=locked, demands=demands)
    return locked


def _queue_push(hot_list_id: int) -> None:
    """Push the list to the universities in the background; without a broker the sweeper
    (challenge.push_pending_hot_lists) does it within minutes."""
    from challenge import tasks

    try:
        tasks.push_hot_list.delay(hot_list_id)
    except Exception:  # the broker is down: the sweeper takes it up
        logger.warning("hot list %s: push not queued; the sweeper will send it", hot_list_id, exc_info=True)
