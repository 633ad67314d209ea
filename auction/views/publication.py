"""The administrator publishes selected items, a field at a time."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from auction import selectors
from auction.forms import ColumnForm
from auction.models import Item
from auction.services import publication, selection
from auction.views.common import campaign_from
from jbgs.exceptions import DomainError
from jbgs.forms import errors_text
from jbgs.models import Campaign, IndustryField
from jbgs.parsing import plain_text
from jbgs.selectors import industry_fields
from jbgs.views.helpers import admin_required


@admin_required
def overview(request):
    campaign = campaign_from(request)
    counts = selection.field_counts(campaign)
    batches = selectors.batch_counts(campaign)
    held = selectors.held_back(campaign)
    rows = []
    for field in industry_fields(campaign.year):
        c = counts.get(field.pk, {})
        waiting = (c.get("selected") or 0) - (c.get("published") or 0)
        title = _("%(year)s %(field)s, batch %(n)s") % {"year": campaign.year, "field": field.name,
                                                        "n": batches.get(field.pk, 0) + 1}
        field_held = held.get(field.pk, [])
        rows.append({"field": field, "ready": waiting - len(field_held), "held": field_held,
                     "published": c.get("published") or 0, "title": title})
    return render(request, "auction/publication/overview.html", {
        "campaign": campaign, "rows": rows,
        "batches": selectors.batches(campaign),
    })


@admin_required
@require_POST
def publish(request, field_pk: int):
    field = get_object_or_404(IndustryField, pk=field_pk)
    campaign = get_object_or_404(Campaign, kind="auction", year=field.year)  # the field's own year
    try:
        batch = publication.publish(actor=request.user, campaign=campaign, field=field,
                                    title=plain_text(request.POST.get("title")) or field.name)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)s items were published in “%(title)s”.") % {"n": batch.item_count,
                                                                                   "title": batch.title})
        left = selectors.held_back(campaign).get(field.pk, [])
        if left:
            messages.warning(request, _("%(n)s selected items of %(field)s were not published; the list below says "
                                        "why.") % {"n": len(left), "field": field.name})
    return redirect(f"{redirect('auction:publication').url}?campaign={campaign.pk}")


@admin_required
@require_POST
def place_in_column(request, pk: int):
    item = get_object_or_404(Item.objects.select_related("campaign"), pk=pk)
    form = ColumnForm(request.POST, item=item)
    try:
        if not form.is_valid():
            raise DomainError(errors_text(form))
        publication.place_in_column(actor=request.user, item=item, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The item is in the column."))
    return redirect("catalogue:detail", pk=pk)


@admin_required
@require_POST
def withdraw(request, pk: int):
    item = get_object_or_404(Item, pk=pk)
    try:
        publication.withdraw(actor=request.user, item=item, reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("catalogue:detail", pk=pk)
    messages.success(request, _("The item was taken out of the catalogue."))
    return redirect("catalogue:list")


