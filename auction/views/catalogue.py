"""The public catalogue (no sign-in): published items only, public fields only."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from auction import catalogue, selectors
from auction.forms import CatalogueForm, ColumnForm
from jbgs import access
from jbgs.views.helpers import page_of, querystring_without_page, render_partial


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
    is_admin = access.is_admin(request.user)
    return render(request, "auction/catalogue/detail.html", {
        "item": item, "is_admin": is_admin, "column_form": ColumnForm(item=item) if is_admin else None,
        "lot": selectors.item_lot(item), "attachments": selectors.public_attachments([item]).get(item.pk, [])})


def public_attachment(request, pk: int):
    """A file its unit chose to show with a published item, opened in the browser (PDFs and
    images only are accepted on upload, and served as what they are)."""
    attachment = selectors.public_attachment(pk)
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), filename=attachment.original_name)
