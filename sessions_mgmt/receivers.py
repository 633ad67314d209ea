"""What the special sessions do when the apps below tell them something: published items and
demands join the collections they belong to, and every change that a session's figures count
asks for a computation soon (coalesced: sessions_mgmt.tasks.recompute_soon)."""

from auction import signals as auction_signals
from challenge import signals as challenge_signals
from sessions_mgmt import tasks
from sessions_mgmt.services import collection


def connect() -> None:
    @auction_signals.items_published.receiver
    def items_published(sender, batch, items, **kwargs):
        collection.collect_published_items(items)
        tasks.recompute_soon()

    @challenge_signals.demands_published.receiver
    def demands_published(sender, hot_list, demands, **kwargs):
        collection.collect_published_demands(demands)
        tasks.recompute_soon()

    for signal in (auction_signals.item_withdrawn, auction_signals.lot_closed, auction_signals.deal_concluded,
                   auction_signals.contract_registered, challenge_signals.intention_recorded):
        signal.connect(_changed, weak=False, dispatch_uid=f"sessions_mgmt.receivers.changed.{signal.name}")


def _changed(sender, **kwargs):
    tasks.recompute_soon()
