"""The live state of a lot, answered in front of Django's request handling.

Everyone watching a lot asks for its state every second: `GET /api/v1/auction/lots/<id>/state/`.
The state is public, kept in Redis (auction.services.live) and carries an ETag, so this WSGI
layer answers it from the cache (304 when the watcher's copy is current) without running
the middleware, the authentication and the API view, which cost far more than the answer.
When the cache has no state, or for anything else, the request goes on to Django, which
fills the cache (and answers 404 for a lot that is not public).
"""

import json
import re

from django.utils import timezone

from auction.choices import LOT_PUBLIC

STATE_PATH = re.compile(r"^/api/v1/auction/lots/(\d+)/state/$")
HEADERS = [("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff"), ("Vary", "Accept-Encoding")]


class LiveStateFastPath:
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
        from auction.services import live

        now = timezone.now()
        state = live.cached_public_state(lot_id, now)
        if state is None or state["status"] not in LOT_PUBLIC:
            return None
        headers = [("ETag", state["etag"]), *HEADERS]
        if if_none_match == state["etag"]:
            return "304 Not Modified", headers, b""
        content = json.dumps(live.body(state, now), ensure_ascii=False, separators=(",", ":")).encode()
        return "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(content))),
                          *headers], content
