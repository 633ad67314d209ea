"""An institution's transformation figures by year: the table with the changes, the three-year
averages and the platform's registered contracts beside the declared figures; a year added or
corrected by the institution's liaison or an administrator. The administrators' list of every
institution with figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jbgs.exceptions import DomainError
from jbgs.exports import XLSX
from jbgs.models import Organization
from jbgs.parsing import TYPED_UNIT
from jbgs.views.helpers import admin_required, error_text, form_error_from_domain, page_of
from transformation import access, selectors
from transformation.forms import FiguresForm
from transformation.services import figures as services


@login_required
def my_figures(request):
    organization = request.user.organization
    if not access.is_institution(organization):
        raise Http404
    return redirect("transformation:figures", organization.pk)


def _institution(request, pk: int) -> Organization:
    organization = get_object_or_404(Organization.objects.select_related("region"), pk=pk)
    if not access.may_see_figures(request.user, organization) or not access.is_institution(organization):
        raise Http404
    return organization


@login_required
@require_http_methods(["GET", "POST"])
def figures(request, pk: int):
    organization = _institution(request, pk)
    may_keep = access.may_keep_figures(request.user, organization)
    editing = None
    if request.method == "POST":
        if not may_keep:
            raise Http404
        form = FiguresForm(request.POST)
        if form.is_valid():
            data = {name: request.POST.get(name, "") for name in form.fields if name != "year"}
            try:
                saved = services.save_figures(actor=request.user, organization=organization,
                                              year=form.cleaned_data["year"], data=data, unit=TYPED_UNIT)
            except (DomainError, ValidationError) as error:
                form_error_from_domain(form, error)
            else:
                messages.success(request, _("The figures of %(year)s are saved.") % {"year": saved.year})
                return redirect("transformation:figures", organization.pk)
    else:
        year = _year(request.GET.get("year"))
        editing = selectors.figures_of(organization).filter(year=year).first() if year else None
        form = FiguresForm(figures=editing, initial=None if editing else {"year": year or _next_year(organization)})
    return _page(request, organization, form=form if may_keep else None, editing=editing)


def _page(request, organization, *, form=None, editing=None, import_errors=None):
    rows = selectors.year_table(organization)
    call_year = (rows[0].year + 1) if rows else timezone.localdate().year
    return render(request, "transformation/figures.html", {
        "organization": organization, "rows": rows, "form": form, "editing": editing,
        "import_errors": import_errors, "averages": selectors.call_figures(organization, call_year),
        "call_year": call_year, "calls": selectors.calls(call_year)})


@login_required
@require_POST
def figures_import(request, pk: int):
    organization = _institution(request, pk)
    if not access.may_keep_figures(request.user, organization):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the workbook to import."))
        return redirect("transformation:figures", organization.pk)
    try:
        saved = services.import_figures(actor=request.user, organization=organization, upload=upload)
    except DomainError as error:
        errors = error.extra.get("errors") or [{"row": "", "column": "", "message": error_text(error)}]
        return _page(request, organization, form=FiguresForm(), import_errors=errors)
    messages.success(request, _("The figures of %(years)s are imported.") % {
        "years": "、".join(str(f.year) for f in saved)})
    return redirect("transformation:figures", organization.pk)


@login_required
def figures_template(request):
    response = HttpResponse(services.blank_workbook(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E8%BD%AC%E5%8C%96%E6%95%B0%E6%8D%AE%E8%A1%A8.xlsx"
    return response


def _next_year(organization) -> int:
    """The year a new row is most likely for: the one after the latest kept, else last year."""
    latest = selectors.figures_of(organization).values_list("year", flat=True).first()
    this_year = timezone.localdate().year
    return min(latest + 1, this_year) if latest else this_year - 1


def _year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


@admin_required
def institutions(request):
    return render(request, "transformation/institutions.html", {
        "page": page_of(request, selectors.institutions_with_figures(), per_page=50)})
