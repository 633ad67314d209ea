"""PDF documents (confirmations, certificates) rendered from templates with WeasyPrint.

Chinese needs its font named: "Noto Sans CJK SC" (Debian's fonts-noto-cjk), which
WeasyPrint embeds; a plain sans-serif would pick the Japanese glyph forms."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):  # documents are issued in Chinese
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
