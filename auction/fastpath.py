"""The live state of a lot, answered in front of Django's request handling.

Everyone watching a lot asks for its state every second: `GET /api/v1/auction/lots/<id>/state/`.
The state is public, kept in Redis (auction.services.live) and carries an ETag, so this WSGI
layer answers it from the cache (304 when the watcher's copy is current) without running
the middleware, the authentication and the API view, which cost far more than the answer.
When the cache has no state (or cannot be read), or for anything else, the request goes on
to Django, which fills the cache (and answers 404 for a lot that is not public). The answer
carries the security headers Django's middleware would add to it; HSTS comes from the
TLS-terminating proxy, as for every answer.
"""

import functools
import io
import json
import logging
import re
import threading
from http.client import responses

from django.conf import settings
from django.core import signals
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http.request import split_domain_port, validate_host
from django.utils import timezone, translation
from django.utils.log import log_response
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.renderers import JSONRenderer

from auction.api.bidding import BidRequestSerializer, BidSerializer
from auction.choices import LOT_PUBLIC
from auction.services import bidding, live
from jbgs.api.exceptions import exception_handler
from jbgs.context import client_address, client_ip
from jbgs.db import checked_by

log = logging.getLogger(__name__)

STATE_PATH = re.compile(r"^/api/v1/auction/lots/(\d+)/state/$")
HEADERS = [("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
           ("Referrer-Policy", "same-origin"), ("Vary", "Accept-Encoding")]


class LiveStateFastPath:
    """WSGI middleware: answers a public lot's cached live state, passes on everything else."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        match = STATE_PATH.match(environ.get("PATH_INFO", ""))
        if match and environ.get("REQUEST_METHOD") == "GET":
            answer = self.answer(int(match.group(1)), environ.get("HTTP_IF_NONE_MATCH"))
            if answer is not None:
                status, headers, content = answer
                start_response(status, headers)
                return [content]
        return self.application(environ, start_response)

    def answer(self, lot_id: int, if_none_match: str | None):
        """(status, headers, content) from the cache, or None to let Django answer."""
        now = timezone.now()
        try:
            state = live.cached_public_state(lot_id, now)
        except Exception:  # noqa: BLE001 (Redis unreachable: Django answers, or reports the failure)
            log.warning("live state cache unreadable", exc_info=True)
            return None
        if state is None or state["status"] not in LOT_PUBLIC:
            return None
        headers = [("ETag", state["etag"]), *HEADERS]
        if if_none_match == state["etag"]:
            return "304 Not Modified", headers, b""
        content = json.dumps(live.body(state, now), ensure_ascii=False, separators=(",", ":")).encode()
        return "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(content))),
                          *headers], content


# --- Bids ------------------------------------------------------------------------------------

# What Django's middleware adds to an API answer (see the test comparing the two paths).
BID_HEADERS = [("Vary", "Accept, Accept-Language"), ("Allow", "GET, POST, HEAD, OPTIONS"),
               ("X-Frame-Options", "DENY"), ("X-Content-Type-Options", "nosniff"),
               ("Referrer-Policy", "same-origin"), ("Cross-Origin-Opener-Policy", "same-origin")]
BIDS_PATH = re.compile(r"^/api/v1/auction/lots/(\d+)/bids/$")
JSON_ACCEPTS = {"", "*/*", "application/json"}
JSON_TYPES = {"application/json", "application/json;charset=utf-8"}  # another charset: DRF decodes it


class BidFastPath:
    """WSGI middleware: a bid by the API (`POST /api/v1/auction/lots/<id>/bids/` with
    `Authorization: Token <key>`) placed without the middleware, DRF's dispatch and its
    serializers' re-building, which cost a bid several times the database's work. It runs
    what LotViewSet.bids runs, in the same order: the token as the API's own authentication
    checks it, read in one query with the lot and registration (bidding.read_for_bid_by_token,
    which also stands for Django's check of the kept connection), the body by
    BidRequestSerializer, the bid by bidding.place_bid, a refusal by the API's exception
    handler, the answer by DRF's JSON renderer: the rules and the answers have one
    definition. Anything it does not expect (cookies, hence sessions and CSRF-bearing page
    posts; another credential or Accept; a body or token the API would refuse; a lot not
    public; a host not allowed; plain HTTP where HTTPS is required) goes on to Django
    unchanged, which answers it as before."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not self.wanted(environ):
            return self.application(environ, start_response)
        signals.request_started.send(sender=self.__class__, environ=environ)
        try:
            answer = self.answer(environ)
        except BaseException:
            signals.request_finished.send(sender=self.__class__)
            raise
        if answer is None:  # Django answers, and sends request_finished itself
            return self.application(environ, start_response)
        signals.request_finished.send(sender=self.__class__)
        status, headers, content = answer
        start_response(status, headers)
        return [content]

    @staticmethod
    def wanted(environ) -> bool:
        """A bid by token, as API clients send it: cheap checks before anything is read."""
        return (environ.get("REQUEST_METHOD") == "POST" and BIDS_PATH.match(environ.get("PATH_INFO", "")) is not None
                and not environ.get("HTTP_COOKIE") and _token_key(environ) is not None
                and environ.get("CONTENT_TYPE", "").replace(" ", "").lower() in JSON_TYPES
                and environ.get("HTTP_ACCEPT", "").strip() in JSON_ACCEPTS and _host_allowed(environ)
                and (not settings.SECURE_SSL_REDIRECT or _secure(environ)))

    def answer(self, environ):
        """(status, headers, content) for the bid, or None to let Django answer it. The body
        read here is put back for Django."""
        length = environ.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return None
        body = environ["wsgi.input"].read(int(length))
        environ["wsgi.input"] = io.BytesIO(body)
        lot_id, now = int(BIDS_PATH.match(environ["PATH_INFO"]).group(1)), timezone.now()
        try:  # the caller, the lot and the registration: one query, which also checks the connection
            user, lot, registration = checked_by(lambda: bidding.read_for_bid_by_token(lot_id, _token_key(environ)))
        except AuthenticationFailed:
            return None
        if lot is None or lot.status not in LOT_PUBLIC:
            return None
        with translation.override(_language(environ)):
            return self.bid(lot, registration, user, body, environ, now)

    def bid(self, lot, registration, user, body: bytes, environ, now):
        try:
            data = json.loads(body, parse_constant=_refuse)
        except ValueError:
            return None
        try:
            wanted = _serializers().request.run_validation(data)  # what is_valid() runs
        except (ValidationError, DjangoValidationError):
            return None
        ip = client_ip.set(client_address(_Request(environ)))
        try:
            result = bidding.place_bid(lot_id=lot.pk, bidder=user, now=now, seen=(lot, registration), **wanted)
        except Exception as exc:  # noqa: BLE001 (answered as the API answers it, or raised again)
            request = _Request(environ)
            refusal = exception_handler(exc, {"request": request})
            if refusal is None:  # a bug: logged as Django logs a 500, and answered 500 by the server
                logging.getLogger("django.request").error("Internal Server Error: %s", request.path, exc_info=True,
                                                          extra={"status_code": 500, "request": request})
                raise
            if not getattr(exc, "routine", False):  # logged as Django logs a 4xx (see jbgs.logs)
                log_response("%s: %s", refusal.status_text, request.path, response=refusal, request=request)
            extra = [(name, value) for name, value in refusal.headers.items() if name != "Content-Type"]  # Retry-After
            return _render(refusal.status_code, refusal.data, extra, environ)
        finally:
            client_ip.reset(ip)
        data = {"bid": _serializers().bid.to_representation(result.bid), "lot": live.after_bid(result.lot, user.pk, now)}
        return _render(201, data, (), environ)


_local = threading.local()


def _serializers():
    """The API's bid serializers, one of each per thread and kept: a serializer deep-copies
    its declared fields when built, which cost more than validating a bid. Used statelessly
    (run_validation, to_representation), as is_valid() and .data use them."""
    if not hasattr(_local, "request"):
        _local.request, _local.bid = BidRequestSerializer(), BidSerializer()
    return _local


class _Request:
    """What the functions shared with Django read of a request: its META and (none) COOKIES;
    `_request` for the exception handler, which marks routine refusals on it for the logs."""

    COOKIES = {}

    def __init__(self, environ):
        self.META, self.path = environ, environ.get("PATH_INFO", "")
        self._request = self


def _token_key(environ) -> str | None:
    """The key of `Authorization: Token <key>` as DRF's TokenAuthentication splits it; None
    for anything else (DRF would answer it or try the session)."""
    parts = environ.get("HTTP_AUTHORIZATION", "").split()
    if len(parts) != 2 or parts[0].lower() != "token" or not (parts[1].isascii() and parts[1].isprintable()):
        return None
    return parts[1]


def _host_allowed(environ) -> bool:
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return False  # Django's to judge
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS or (["localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else [])
    return bool(domain) and validate_host(domain, allowed)


def _secure(environ) -> bool:
    header = settings.SECURE_PROXY_SSL_HEADER
    if header:
        return environ.get(header[0], "").split(",")[0].strip() == header[1]
    return environ.get("wsgi.url_scheme") == "https"


def _language(environ) -> str:
    """The answer's language as LocaleMiddleware picks it for the API (no cookie here)."""
    return translation.get_language_from_request(_Request(environ))


def _refuse(constant):
    raise ValueError(constant)  # NaN and Infinity, as DRF's JSONParser refuses them


def _render(status: int, data, extra_headers, environ):
    content = JSONRenderer().render(data)
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(content))), *BID_HEADERS,
               ("Content-Language", translation.get_language()), *_policy_headers(), *extra_headers]
    if settings.SECURE_HSTS_SECONDS and _secure(environ):  # as SecurityMiddleware adds it
        headers.append(("Strict-Transport-Security", "; ".join(
            [f"max-age={settings.SECURE_HSTS_SECONDS}"] + ["includeSubDomains"] * settings.SECURE_HSTS_INCLUDE_SUBDOMAINS
            + ["preload"] * settings.SECURE_HSTS_PRELOAD)))
    return f"{status} {responses[status]}", headers, content


@functools.cache
def _policy_headers() -> tuple:
    """The Content-Security-Policy headers csp.middleware adds to every answer (the settings'
    policy: an API answer has no nonce nor per-view change)."""
    from csp.utils import build_policy

    headers = []
    if getattr(settings, "CONTENT_SECURITY_POLICY", None) is not None:
        headers.append(("Content-Security-Policy", build_policy()))
    if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) is not None:
        headers.append(("Content-Security-Policy-Report-Only", build_policy(report_only=True)))
    return tuple(headers)
