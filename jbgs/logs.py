"""Logging filters of the portal."""

import logging


class SkipRoutineRefusals(logging.Filter):
    """Keep django.request's warnings for 4xx answers except routine refusals (see
    DomainError.routine): on a contested lot hundreds of bids a second lose their race,
    each recorded with its reason, and a warning for each would bury the ones that matter."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        return not getattr(request, "routine_refusal", False)
