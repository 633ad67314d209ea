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

import json
import logging
import re

from django.utils import timezone

from auction.choices import LOT_PUBLIC
from auction.services import live

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
