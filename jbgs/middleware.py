"""Request middleware of the portal."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
