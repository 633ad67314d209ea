"""Request context that services read without every caller passing it: the client's IP
for audit entries. Set by middleware for web requests, empty for tasks and commands."""

import ipaddress
from contextvars import ContextVar

from django.conf import settings

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def client_address(request) -> str | None:
    """The address of the client that sent the request: REMOTE_ADDR, or, behind
    settings.TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For the address they
    were reached from, the entry the outermost of them appended. Entries before it were
    written by the client and prove nothing. The audit, the sign-in lockout (django-axes)
    and every rate limit count clients by it; DRF's NUM_PROXIES follows the same rule."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if proxies > 0 else ""
    if not forwarded.strip():
        return remote
    addresses = [a.strip() for a in forwarded.split(",")]
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # a misconfigured proxy: keep what the socket says
        return remote


class ClientIPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
