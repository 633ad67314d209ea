"""API throttles, counting clients by the address the rest of the portal sees."""

import time

from rest_framework import throttling

from jbgs.context import client_address


class ScopedRateThrottle(throttling.ScopedRateThrottle):
    """DRF's scoped throttle, with the client's address taken behind the trusted proxies
    only (settings.TRUSTED_PROXY_COUNT): a forged X-Forwarded-For does not make a new client."""

    def get_ident(self, request):
        return client_address(request) or ""

    def timer(self) -> float:
        # DRF binds `timer = time.time` when its module is first imported: imported under a test's
        # frozen clock, that is freezegun's function, called as a method with one argument too many.
        return time.time()
