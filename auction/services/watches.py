"""A bidder's watchlist: lots they follow, reminded before they open (closing.remind_watchers)."""

from django.db import transaction

from auction.choices import AuctionAction
from auction.models import Lot, Watch
from jbgs.services.audit import audit


def toggle_watch(*, user, lot: Lot) -> bool:
    """Watch the lot, or stop watching it; True when the user now watches it. The row's
    unique constraint keeps two quick clicks from watching twice (get_or_create retries)."""
    with transaction.atomic():
        watch, created = Watch.objects.get_or_create(user=user, lot=lot)
        if not created:
            watch.delete()
        audit(lot, AuctionAction.LOT_WATCHED if created else AuctionAction.LOT_UNWATCHED, actor=user)
    return created
