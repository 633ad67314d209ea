"""The administrator's selection (遴选): scheme, panels, assignment, ranking, selection."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auction import selectors
from auction.forms import PanelForm, SchemeForm, SelectForm
from auction.models import Item, Panel
from auction.services import selection
from auction.views.common import campaign_from
from jbgs.exceptions import DomainError
from jbgs.models import Campaign, IndustryField
from jbgs.parsing import plain_text
from jbgs.selectors import industry_fields
from jbgs.views.helpers import admin_required, form_error_from_domain


@admin_required
def overview(request):
    campaign = campaign_from(request)
    counts = selection.field_counts(campaign)
    fields = [(field, counts.get(field.pk, {})) for field in industry_fields(campaign.year)]
    return render(request, "auction/selection/overview.html", {
        "campaign": campaign, "fields": fields, "scheme": selection.scheme_for(campaign),
        "panels": [(panel, selection.missing_kinds(panel.experts.all())) for panel in selectors.panels(campaign)],
        "experts": selection.expert_progress(campaign),
    })


@admin_required
@require_http_methods(["GET", "POST"])
def scheme(request):
    campaign = campaign_from(request)
    current = selection.scheme_for(campaign)
    form = SchemeForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            selection.save_scheme(actor=request.user, scheme=form.save(commit=False))
        except ValidationError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The scoring scheme was saved."))
            return redirect(f"{redirect('auction:selection').url}?campaign={campaign.pk}")
    return render(request, "auction/selection/scheme.html", {"form": form, "campaign": campaign})


@admin_required
@require_http_methods(["GET", "POST"])
def panel(request, pk: int | None = None):
    existing = get_object_or_404(Panel, pk=pk) if pk else None
    campaign = existing.campaign if existing else campaign_from(request)
    form = PanelForm(request.POST or None, instance=existing or Panel(campaign=campaign), campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            saved = selection.save_panel(actor=request.user, panel=form.save(commit=False),
                                         experts=form.cleaned_data["experts"])
        except ValidationError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The panel %(name)s was saved.") % {"name": saved.name})
            return redirect(f"{redirect('auction:selection').url}?campaign={campaign.pk}")
    return render(request, "auction/selection/panel.html", {"form": form, "panel": existing, "campaign": campaign})


@admin_required
@require_POST
def assign(request, pk: int):
    target = get_object_or_404(Panel, pk=pk)
    try:
        count = selection.assign(actor=request.user, panel=target,
                                 incomplete_reason=request.POST.get("incomplete_reason", "")[:500])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)s new assignments for %(panel)s.") % {"n": count, "panel": target.name})
    return redirect(f"{redirect('auction:selection').url}?campaign={target.campaign_id}")


@admin_required
@require_http_methods(["GET", "POST"])
def ranking(request, field_pk: int):
    """A field's items by score, and the selection of the high-value ones."""
    field = get_object_or_404(IndustryField, pk=field_pk)
    campaign = get_object_or_404(Campaign, year=field.year, kind="auction")
    form = SelectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = selection.select(actor=request.user, campaign=campaign, field=field, **form.cleaned_data)
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("%(n)s items newly selected.") % {"n": count})
            return redirect("auction:ranking", field_pk=field.pk)
    return render(request, "auction/selection/ranking.html", {
        "field": field, "campaign": campaign, "items": selection.ranking(campaign, field), "form": form,
    })


@admin_required
@require_POST
def toggle(request, pk: int):
    """Select or unselect one item by hand; htmx swaps its row."""
    item = get_object_or_404(Item.objects.select_related("organization", "field"), pk=pk)
    try:
        item = selection.set_selected(actor=request.user, item=item, selected=request.POST.get("selected") == "1",
                                      reason=plain_text(request.POST.get("reason")))
    except DomainError as error:
        messages.error(request, error.message)
    if request.htmx:
        ranked = list(selection.ranking(item.campaign, item.field))
        found = next(((n, r) for n, r in enumerate(ranked, start=1) if r.pk == item.pk), None)
        if found is None:  # not an item the experts rank (a draft list's, say)
            raise Http404
        rank, row = found
        # The swapped row keeps its number in the ranking.
        return render(request, "auction/selection/fragments/_row.html", {"item": row, "rank": rank})
    return redirect("auction:ranking", field_pk=item.field_id)
