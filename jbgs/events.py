"""Domain signals: how an app tells the apps above it what happened, without importing them.

An app declares its signals in its own `signals.py` as DomainSignal instances, each with
the arguments it sends; its services send them after the change commits. An app higher on
the ladder (the sessions counting deals, say) connects a receiver in its AppConfig.ready().
`CATALOGUE` holds every declared signal; ARCHITECTURE.md lists them, and a test keeps the
list and the code in step.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

CATALOGUE: dict[str, "DomainSignal"] = {}


class DomainSignal(Signal):
    def __init__(self, name: str, args: tuple[str, ...], doc: str):
        super().__init__()
        self.name, self.args, self.doc = name, args, doc
        CATALOGUE[name] = self

    def __repr__(self) -> str:
        return f"<DomainSignal {self.name}({', '.join(self.args)})>"

    def send_on_commit(self, sender, **kwargs) -> None:
        """Send once the surrounding transaction commits (at once outside one), never for a
        change that rolls back. A receiver's failure is logged, not raised: the change is
        committed and its caller must not see a 500 for what another app does with it."""
        if set(kwargs) != set(self.args):
            raise TypeError(f"{self.name} sends {sorted(self.args)}, not {sorted(kwargs)}")
        transaction.on_commit(lambda: self._deliver(sender, kwargs), robust=True)

    def _deliver(self, sender, kwargs: dict) -> None:
        for receiver, outcome in self.send_robust(sender, **kwargs):
            if isinstance(outcome, Exception):
                logger.error("receiver %r of %s failed", receiver, self.name, exc_info=outcome)

    def receiver(self, function: Callable) -> Callable:
        """Connect a function as a receiver, kept for the life of the process."""
        self.connect(function, weak=False, dispatch_uid=f"{function.__module__}.{function.__qualname__}")
        return function
