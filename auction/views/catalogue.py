"""The public catalogue (no sign-in): published items only, public fields only; and the
question a signed-in visitor sends the seller from an entry (咨询)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from auction import access, catalogue, selectors
from auction.forms import CatalogueForm, ColumnForm
from auction.forms_enquiries import EnquiryForm
from auction.services import enquiries
from jbgs import access as kernel_access
from jbgs.exceptions import DomainError
from jbgs.views.helpers import (
    form_error_from_domain,
    page_of,
    querystring_without_page,
    render_partial,
)


def catalogue_list(request):
    """One year's catalogue at a time (the latest by default), as the market publishes it."""
    years = selectors.published_years()
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and int(asked) in years else (years[0] if years else None)
    form = CatalogueForm(request.GET or None, year=year, years=years)
    filters = catalogue.Filters(year=year)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") and k != "year"}
        filters = catalogue.Filters(year=year, **data)
    found = catalogue.search(filters)
    context = {"form": form, "page": page_of(request, found.for_paginator(), per_page=20), "year": year,
               "more": found.more, "candidates": catalogue.TEXT_CANDIDATES,
               "querystring": querystring_without_page(request), "searched": bool(filters.q)}
    return render_partial(request, "auction/catalogue/list.html", "auction/catalogue/fragments/_results.html", context)


def catalogue_detail(request, pk: int):
    item = get_object_or_404(catalogue.published(), pk=pk)
    return _detail(request, item)


def _detail(request, item, enquiry_form=None):
    is_admin = kernel_access.is_admin(request.user)
    return render(request, "auction/catalogue/detail.html", {
        "item": item, "is_admin": is_admin, "column_form": ColumnForm(item=item) if is_admin else None,
        "lot": selectors.item_lot(item), "attachments": selectors.public_attachments([item]).get(item.pk, []),
        **_enquiry_card(request, item, enquiry_form)})


def public_attachment(request, pk: int):
    """A file its unit chose to show with a published item, opened in the browser (PDFs and
    images only are accepted on upload, and served as what they are)."""
    attachment = selectors.public_attachment(pk)
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), filename=attachment.original_name)


def _enquiry_card(request, item, form=None, sent=False) -> dict:
    """What the entry's enquiry card shows this reader: a sign-in link to a visitor, the way
    to the inbox to the seller's own people, the form to anyone else."""
    user = request.user
    if not user.is_authenticated:
        return {"enquiry_mode": "sign_in"}
    if user.organization_id == item.organization_id:
        return {"enquiry_mode": "seller", "inbox": access.may_read_inbox(user)}
    form = form or EnquiryForm(initial={"contact_name": user.name, "contact_phone": user.phone})
    return {"enquiry_mode": "ask", "enquiry_form": form, "sent": sent,
            "asked": selectors.asked_about(user, item)}


@login_required
@require_POST
def enquire(request, pk: int):
    """Send the seller a question. With htmx, the card answers in place (cleared, with the
    confirmation, or with the errors); without, the page reloads with a message. Someone who
    may not ask at all (the seller's own people) is sent back to the entry with the reason."""
    item = get_object_or_404(catalogue.published(), pk=pk)
    try:
        enquiries.check_ask(request.user, item)
    except DomainError as error:
        messages.error(request, error.message)
        return _back_to(request, item)
    form, sent = EnquiryForm(request.POST), False
    if form.is_valid():
        try:
            enquiries.ask(asker=request.user, item=item, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form_error_from_domain(form, error)
        else:
            if not request.htmx:
                messages.success(request, _("Your enquiry was sent to the seller. Its answer will be in "
                                            "“My enquiries”, and you will be told."))
                return _back_to(request, item)
            contact = {name: form.cleaned_data[name] for name in ("contact_name", "contact_phone")}
            form, sent = EnquiryForm(initial=contact), True
    if request.htmx:
        return render(request, "auction/catalogue/fragments/_enquiry.html",
                      {"item": item, **_enquiry_card(request, item, form, sent)})
    return _detail(request, item, form)


def _back_to(request, item):
    url = reverse("catalogue:detail", args=[item.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
