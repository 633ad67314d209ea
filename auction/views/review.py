"""The administrator's side of the lists: every unit's progress, review, exceptions."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auction import selectors
from auction.choices import ItemReview
from auction.forms import DeadlineForm, ExceptionForm, ReviewListForm
from auction.services import lists as list_services
from auction.views.common import campaign_from
from auction.views.lists import _list_context, list_for
from jbgs.exceptions import DomainError
from jbgs.exports import xlsx_response
from jbgs.forms import errors_text
from jbgs.models import Campaign
from jbgs.views.helpers import admin_required, form_error_from_domain


@admin_required
def progress(request):
    """Every unit's list of the year: submitted, accepted, selected, published."""
    campaign = campaign_from(request)
    rows = selectors.progress(campaign)
    if request.GET.get("format") == "xlsx":
        return _export(campaign, rows)
    totals = {key: sum(getattr(r, key) for r in rows)
              for key in ("item_count", "accepted_count", "selected_count", "published_count")}
    return render(request, "auction/review/progress.html", {
        "campaign": campaign, "rows": rows, "totals": totals,
        "campaigns": selectors.auction_campaigns(),
    })


def _export(campaign: Campaign, rows) -> HttpResponse:
    header = [_("Unit"), _("Kind"), _("Region"), _("Status"), _("Items"), _("Accepted"), _("Selected"),
              _("Published"), _("Submitted at")]
    lines = ([row.organization.name, row.organization.get_kind_display(), str(row.organization.region),
              row.get_status_display(), row.item_count, row.accepted_count, row.selected_count, row.published_count,
              timezone.localtime(row.submitted_at).strftime("%Y-%m-%d %H:%M") if row.submitted_at else ""]
             for row in rows)
    return xlsx_response(sheet=str(campaign.year), header=header, rows=lines,
                         widths=(36, 16, 24, 12, 8, 8, 8, 8, 18), filename=f"progress-{campaign.year}.xlsx")


@admin_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    """Accept a submitted list, or return it, with comments on the list and its items."""
    submission_list = list_for(request, pk)
    form = ReviewListForm(request.POST or None)
    items = list(selectors.list_items(submission_list))
    if request.method == "POST" and form.is_valid():
        item_reviews = {
            item.pk: (ItemReview.RETURNED, request.POST.get(f"item-{item.pk}-comment", "").strip())
            for item in items
            if request.POST.get(f"item-{item.pk}-return")
        }
        try:
            list_services.review_list(actor=request.user, submission_list=submission_list,
                                      accept=form.cleaned_data["decision"] == "accept",
                                      comment=form.cleaned_data["comment"], item_reviews=item_reviews)
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The review was recorded and the unit told."))
            return redirect(f"{redirect('auction:progress').url}?campaign={submission_list.campaign_id}")
    return render(request, "auction/review/review.html", {
        **_list_context(request, submission_list), "items": items, "form": form,
        "exception_form": ExceptionForm(initial={"max_items": submission_list.max_items_override,
                                                 "reason": submission_list.override_reason}),
        "deadline_form": DeadlineForm(initial={"until": submission_list.deadline_override,
                                               "reason": submission_list.deadline_reason}),
    })


@admin_required
@require_POST
def deadline(request, pk: int):
    """Give one unit more time to hand its list in (or withdraw that)."""
    submission_list = list_for(request, pk)
    form = DeadlineForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(errors_text(form))
        list_services.extend_deadline(actor=request.user, submission_list=submission_list,
                                      until=form.cleaned_data["until"], reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The deadline was recorded."))
    return redirect("auction:list-review", pk=pk)


@admin_required
@require_POST
def exception(request, pk: int):
    submission_list = list_for(request, pk)
    form = ExceptionForm(request.POST)
    if form.is_valid():
        list_services.grant_exception(actor=request.user, submission_list=submission_list,
                                      max_items=form.cleaned_data["max_items"], reason=form.cleaned_data["reason"])
        messages.success(request, _("The exception was recorded."))
    else:
        messages.error(request, errors_text(form))
    return redirect("auction:list-review", pk=pk)
