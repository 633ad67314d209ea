"""Rate limits for public forms (applying to join, asking for a password reset): attempts are
counted in Redis per key (a client address, an e-mail address) in fixed windows. Without
Redis nothing is counted: the forms keep working (see jbgs.cache)."""

import hashlib
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from jbgs.context import client_address


def hit(scope: str, key: str, *, limit: int, period: int = 3600, now: float | None = None) -> int | None:
    """Count one attempt of `key` under `scope`: None while within `limit` per `period`
    seconds, else the seconds until the window ends."""
    now = time.time() if now is None else now
    window = int(now // period)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # e-mail addresses stay out of Redis
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    if cache.add(cache_key, 1, period + 60):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between the two calls: a new window
            count = 1
    if count <= limit:
        return None
    return max(1, math.ceil((window + 1) * period - now))


def too_many(request, message: str, wait: int):
    """The answer to a request over its limit: 429, saying what happened and how long to wait."""
    minutes = max(1, math.ceil(wait / 60))
    response = render(
        request,
        "jbgs/too_many.html",
        {"message": message, "wait": _("Please try again in %(minutes)s minutes.") % {"minutes": minutes}},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def limit_posts_per_address(scope: str, setting: str, message):
    """A view decorator: at most settings.<setting> POSTs an hour from one client address,
    refused before the body (an upload, say) is read."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                address = client_address(request) or "unknown"
                wait = hit(scope, address, limit=getattr(settings, setting))
                if wait:
                    return too_many(request, str(message), wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
