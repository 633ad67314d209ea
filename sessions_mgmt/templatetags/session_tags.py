"""Template helpers of the special sessions' pages: a target's status badge in its own
colours (the kernel's map gives "pending" the amber of an organisation awaiting review; a
target not yet computed is grey) and its progress bar."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from sessions_mgmt import charts

register = template.Library()

BADGE = {"met": "success", "on_track": "primary", "at_risk": "warning", "missed": "danger", "pending": "secondary"}


@register.simple_tag
def target_badge(status: str, label: str):
    return format_html('<span class="badge text-bg-{}">{}</span>', BADGE.get(str(status), "secondary"), label)


@register.simple_tag
def target_bar(card: dict):
    target = card["target"]
    return charts.progress_bar(card["progress"], target.status, f"{target.label}: {card['progress']}%")


@register.filter
def status_cell(status: str) -> str:
    """The class of a compact coloured cell of the province's table."""
    return f"text-bg-{BADGE.get(str(status), 'secondary')}"


SYMBOL = {"met": "✓", "on_track": "→", "at_risk": "!", "missed": "✗", "pending": "·"}


@register.filter
def status_symbol(status: str) -> str:
    """A status in one sign, for a cell too small for its words (the words are its title)."""
    return SYMBOL.get(str(status), "·")


@register.simple_tag
def status_rows(rows: list[dict], labels: dict):
    """The body rows of the province's table, built in one pass: at 60 sessions of 20 targets
    its 1,200 cells through the template language were half the page's time
    (bench/session_dashboard.py --profile)."""
    from django.urls import reverse
    from django.utils.html import format_html_join

    def row(entry: dict):
        session = entry["session"]
        return (reverse("sessions:dashboard", args=[session.pk]), session.title, session.get_session_type_display(),
                entry["city"], mark_safe("".join(status_td(cell, labels) for cell in entry["cells"])))

    return format_html_join("", '<tr><th scope="row"><a href="{}">{}</a><div class="text-secondary fw-normal">{}</div>'
                                "</th><td>{}</td>{}</tr>", (row(entry) for entry in rows))


@register.simple_tag
def status_td(target, labels: dict):
    """A target's cell of the province's table: its sign in its colour, its label and status in
    words for the title and screen readers. One tag for the hundreds of cells of a year (the
    same markup in template tags and `get_status_display` cost a third of the page's time)."""
    if target is None:
        return mark_safe("<td></td>")
    status = str(target.status)
    words = labels.get(status, status)
    return format_html('<td class="text-center {}" title="{}: {}" data-status="{}">{}<span class="visually-hidden"> {}'
                       "</span></td>", status_cell(status), target.label, words, status, status_symbol(status), words)
