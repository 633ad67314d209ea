"""PDF documents (confirmations, certificates) rendered from templates with WeasyPrint.

Chinese needs its font named: "Noto Sans CJK SC" (Debian's fonts-noto-cjk), which
WeasyPrint embeds; a plain sans-serif would pick the Japanese glyph forms."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

# A public document's PDF is kept this long after its last rendering; its key is its HTML's
# digest, so a kept one is never stale, and one nobody asks for again simply expires.
CACHED_PDF_SECONDS = 24 * 3600


def render_html(template: str, context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # documents are issued in Chinese
        return render_to_string(template, context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_html(template, context))


def cached_pdf(template: str, context: dict) -> bytes:
    """A public document, as often as it is asked for. The HTML is rendered every time
    (milliseconds), the PDF (a few hundred) only for HTML not seen before: the key is the
    HTML's digest, so a change of anything the document says is a new key and nothing needs
    invalidating. Without Redis, every call renders."""
    html = render_html(template, context)
    key = f"pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, CACHED_PDF_SECONDS)
    return pdf
