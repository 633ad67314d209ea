"""Request middleware of the portal."""

from django.conf import settings
from django.db import transaction
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme


class PortalLocaleMiddleware(LocaleMiddleware):
    """Pages speak Simplified Chinese unless the visitor picked English with the language
    switch (its cookie). The browser's Accept-Language alone does not switch them: many
    office and intranet machines run an English system for a Chinese-speaking user. The
    API honours Accept-Language, as its clients ask for it explicitly."""

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        try:
            language = translation.get_supported_language_variant(
                request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
            )
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class BusyMiddleware:
    """A page whose lock or statement timed out (jbgs.locking) answers 409 with the reason
    in words, not a 500: the person tries again in a moment, nothing was half-written (the
    request's transaction, if any, rolled back with the error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from jbgs.locking import Busy, is_busy

        if not (isinstance(exception, Busy) or is_busy(exception)):
            return None
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)
        busy = exception if isinstance(exception, Busy) else Busy()
        htmx = bool(getattr(request, "htmx", False))
        template = "jbgs/fragments/_busy.html" if htmx else "jbgs/busy.html"
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = request.get_full_path() if request.method == "GET" else "/"
        response = render(request, template, {"message": busy.message, "back": back}, status=busy.status_code)
        response["Retry-After"] = "1"
        if htmx:  # into the page's alert area, whatever the request was to swap (static/js/portal.js)
            response["HX-Retarget"], response["HX-Reswap"] = "#portal-alerts", "innerHTML"
        return response
