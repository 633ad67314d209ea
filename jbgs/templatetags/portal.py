from decimal import Decimal

from django import forms, template
from django.utils.html import format_html

register = template.Library()

_STATUS_COLOURS = {
    "pending": "warning",
    "active": "success",
    "rejected": "danger",
    "suspended": "secondary",
    "draft": "secondary",
    "submitted": "info",
    "accepted": "success",
    "returned": "warning",
    # Lots, deposits and deals.
    "confirmed": "primary",
    "scheduled": "info",
    "open": "danger",
    "sold": "success",
    "unsold": "secondary",
    "withdrawn": "dark",
    "cancelled": "dark",
    "awaiting": "warning",
    "held": "success",
    "retained": "primary",
    "released": "info",
    "refunded": "secondary",
    "contract_signed": "info",
    "registered": "primary",
    "transferred": "success",
    # Enquiries ("open" is a lot's too: waiting for someone).
    "answered": "success",
    "closed": "secondary",
    # Applications decided (a hosting application, a project application).
    "selected": "success",
    "declined": "danger",
    "recommended": "primary",
    "funded": "success",
}


@register.filter
def widget(field):
    """Render a bound field's widget with the Bootstrap class its kind needs."""
    w = field.field.widget
    if isinstance(w, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
        css = "form-check-input"
    elif isinstance(w, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = w.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multiple_choice(field) -> bool:
    return isinstance(field.field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect))


@register.simple_tag
def status_badge(value, label):
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        _STATUS_COLOURS.get(str(value), "secondary"),
        label,
    )


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    query = context.get("querystring", "")
    return f"?{query}&page={page_number}" if query else f"?page={page_number}"


@register.filter
def stage_state(stage, day) -> str:
    return stage.state_on(day)


@register.filter
def stages_on(campaign, day) -> list:
    return campaign.stage_on(day)


@register.filter
def stage_label(code) -> str:
    from jbgs.choices import Stage

    return Stage(code).label if code in Stage.values else code


@register.filter
def action_label(code: str) -> str:
    from jbgs.services.audit import action_label as label

    return label(code)


@register.filter
def state_label(entry, code: str) -> str:
    """{{ entry|state_label:entry.to_state }}: an audit entry's state in words."""
    from jbgs.services.audit import state_label as label

    return label(entry, code)


@register.filter
def wan(value) -> str:
    """Yuan shown in 万元 (jbgs.money.wan)."""
    from jbgs.money import wan as in_wan

    return in_wan(value)


@register.filter
def yuan(value) -> str:
    """Yuan with two decimals, thousands separated (jbgs.money.yuan_text): 1,856,000.00."""
    from jbgs.money import yuan_text

    return yuan_text(value)


@register.filter
def yuan_wan(value) -> str:
    """An amount as documents state it, in yuan and in 万元: 1,250,000.00 元（125 万元）."""
    from django.utils.translation import gettext

    from jbgs.money import wan as in_wan
    from jbgs.money import yuan_text

    return gettext("%(yuan)s yuan (%(wan)s × 10,000 yuan)") % {"yuan": yuan_text(value), "wan": in_wan(value)}


@register.filter
def rmb_upper(value) -> str:
    """Yuan in capital numerals (大写): 1250000 → 壹佰贰拾伍万元整."""
    from jbgs.money import rmb_upper as upper

    return "" if value in (None, "") else upper(value)



@register.filter
def parse_iso(value):
    """An ISO 8601 string (as cached states keep times) as an aware datetime, or None."""
    import datetime

    from django.utils import timezone

    if not value:
        return None
    moment = datetime.datetime.fromisoformat(value)
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def percent(value) -> str:
    """A change as a fraction shown as a signed percentage: 0.2 → +20.0%, -0.05 → -5.0%."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value) * 100:+.1f}%"
