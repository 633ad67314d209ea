"""The stock-patent inventory's pages: the coverage dashboard (and what is left, as Excel), the
import of an institution's stock, a patent with its evaluations, screening, registration and
matching, and a reviewer's list of patents to review."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jbgs import access as kernel_access
from jbgs.exceptions import DomainError
from jbgs.exports import XLSX, xlsx_response
from jbgs.models import Organization, Region
from jbgs.selectors import ImportErrors, import_jobs
from jbgs.services.imports import start_import
from jbgs.views.helpers import error_text, page_of, render_partial, require
from transformation import stock_access, stock_filters, stock_selectors
from transformation.access import is_institution
from transformation.choices import EvaluatorKind, StockStage
from transformation.forms_stock import (
    EvaluationForm,
    MatchForm,
    RegisterForm,
    ReviewerForm,
    ReviewerManyForm,
    ScreenForm,
)
from transformation.importers import STOCK_IMPORT, TITLE, blank_form
from transformation.services import coverage_targets as target_services
from transformation.services import stock as services

LEFT_PER_PAGE = 50
ERRORS_PER_PAGE = 100


def _scope(request):
    """The dashboard's patents and what it is about: every institution for the administrators
    (narrowed by ?city= and ?unit=), a city's for its organisers (by ?unit=), an institution's
    own for its people. Anyone else is not shown the page."""
    user = request.user
    unit = request.GET.get("unit", "")
    unit = int(unit) if unit.isdigit() else None
    city_code = request.GET.get("city", "")[:6]
    if kernel_access.is_admin(user):
        city = Region.objects.filter(pk=city_code).first() if city_code else None
    elif stock_access.organizer_city(user) is not None:
        city = stock_access.organizer_city(user)
    elif is_institution(user.organization) and stock_access.may_keep_stock(user, user.organization):
        city, unit = None, user.organization_id
    else:
        raise Http404
    scope, title = stock_selectors.scope_for(user, unit=unit, city=city.code if city else "")
    return scope, {"unit": unit, "unit_name": title, "city": city}


@login_required
def dashboard(request):
    scope, about = _scope(request)
    own = request.user.organization if is_institution(request.user.organization) else None
    province_wide = not about["unit"] and about["city"] is None
    target = None if province_wide else stock_selectors.coverage_target(unit=about["unit"], city=about["city"])
    admin = kernel_access.is_admin(request.user)
    whole = stock_selectors.whole_stock(request.user, unit=about["unit"], city=about["city"])
    coverage = stock_selectors.coverage(scope, whole=whole, target=target.due_on if target else None)
    return render(request, "transformation/stock/dashboard.html", {
        **about, "coverage": coverage, "target": target, "province_wide": province_wide,
        "cities": list(stock_selectors.city_targets()) if province_wide else None, "may_set_target": admin,
        "institutions": None if about["unit"] else stock_selectors.coverage_by_institution(scope),
        "page": page_of(request, stock_selectors.LeftPages(scope, one_institution=bool(about["unit"]),
                                                           count=coverage.left), per_page=LEFT_PER_PAGE),
        "may_import": admin or (own is not None and stock_access.may_keep_stock(request.user, own)),
        "bulk": reviewer_many_form(request.user, about["unit"]), "query": request.GET.urlencode()})


@login_required
@require_POST
def target(request):
    """An administrator sets or changes a city's target date, from the province-wide dashboard."""
    if not kernel_access.is_admin(request.user):
        raise Http404
    try:
        found = target_services.set_target(actor=request.user, region_code=request.POST.get("region", ""),
                                           due_on=request.POST.get("due_on", ""),
                                           document=request.POST.get("document", ""))
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The target date of %(city)s is %(date)s.")
                         % {"city": found.region.name, "date": f"{found.due_on:%Y-%m-%d}"})
    return redirect("transformation:stock")


@login_required
def left_export(request):
    """What is left, every row, as an Excel sheet."""
    scope, about = _scope(request)
    rows = stock_selectors.left(scope, one_institution=bool(about["unit"])).values_list(
        "organization__name", "application_number", "title", "patent_type", "grant_date", "field__name", "sub_field",
        "stage")
    labels = dict(StockStage.choices)
    return xlsx_response(sheet=_("Left to do"), header=[
        _("institution"), _("application number"), _("title"), _("patent type"), _("grant date"), _("industry field"),
        _("sub-field"), _("stage")], rows=((*row[:7], str(labels[row[7]])) for row in rows.iterator()),
        widths=[24, 18, 40, 10, 12, 16, 16, 10], filename="stock-patents-left.xlsx")


def _own_institution(request):
    organization = request.user.organization
    if not is_institution(organization) or not stock_access.may_keep_stock(request.user, organization):
        raise Http404
    return organization


def _an_id(raw: str) -> int | None:
    """A row id typed in a form or a query string, or None (never a 500 on "²" or 10**30)."""
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) < 2**63 else None


def _importing_into(request):
    """The institution whose stock is imported: the liaison's own; for an administrator, the one
    chosen (the form's `organization`, or ?unit=), None until one is chosen."""
    if not kernel_access.is_admin(request.user):
        return _own_institution(request)
    chosen = _an_id(request.POST.get("organization") or request.GET.get("unit", ""))
    return stock_filters.institutions().filter(pk=chosen).first() if chosen else None


@login_required
def template(request):
    organization = _importing_into(request)
    response = HttpResponse(blank_form(organization), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{TITLE}.xlsx')}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """An institution's liaison imports its stock; an administrator, the stock of the institution
    chosen on the page (the job records the institution as its target and the administrator as
    the one who started it)."""
    organization = _importing_into(request)
    if request.method == "POST":
        upload_file = request.FILES.get("file")
        if organization is None:
            messages.error(request, _("Choose the institution whose stock this is."))
        elif upload_file is None:
            messages.error(request, _("Choose the file to import."))
        else:
            try:
                job = start_import(kind=STOCK_IMPORT, target_id=organization.pk, actor=request.user,
                                   upload=upload_file)
            except (ValidationError, DomainError) as error:
                messages.error(request, error_text(error))
            else:
                return redirect("transformation:stock-import-job", pk=job.pk)
    jobs = import_jobs().filter(kind=STOCK_IMPORT)
    jobs = jobs.filter(target_id=organization.pk) if organization else jobs
    admin = kernel_access.is_admin(request.user)
    return render(request, "transformation/stock/upload.html", {
        "organization": organization, "jobs": jobs.order_by("-created_at")[:10],
        "institutions": stock_filters.institutions() if admin else None})


@login_required
def job(request, pk: int):
    found = get_object_or_404(import_jobs(), pk=pk, kind=STOCK_IMPORT)
    require(found.owner_id == request.user.pk or kernel_access.is_admin(request.user))
    page = Paginator(ImportErrors(found), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render_partial(request, "transformation/stock/job.html", "transformation/stock/fragments/_job.html",
                          {"job": found, "page": page,
                           "institution": Organization.objects.filter(pk=found.target_id).first()})


def _patent(request, pk: int):
    return get_object_or_404(stock_selectors.visible_patents(request.user), pk=pk)


@login_required
def patent(request, pk: int):
    found = _patent(request, pk)
    user = request.user
    evaluations = stock_selectors.evaluations_of(found)
    keeps = stock_access.may_keep_stock(user, found.organization)
    forms = [EvaluationForm(kind=kind, evaluation=evaluations.get(kind)) for kind in EvaluatorKind.values
             if stock_access.may_evaluate(user, found, kind)]
    suggestions = stock_selectors.suggestions(found) if keeps else []
    return render(request, "transformation/stock/patent.html", {
        "patent": found, "keeps": keeps, "forms": forms,
        "evaluations": [(label, evaluations.get(kind)) for kind, label in EvaluatorKind.choices],
        "screen_form": ScreenForm(initial={"selected": "yes" if found.selected else "no", "note": found.screening_note}),
        "register_form": RegisterForm(initial={"pool": found.pool, "open_licence_fee": found.open_licence_fee,
                                               "open_licence_payment": found.open_licence_payment}),
        "reviewer_form": ReviewerForm(reviewers=stock_selectors.reviewers(),
                                      initial={"reviewer": found.reviewer_id}) if keeps else None,
        "match_form": MatchForm(suggestions=suggestions), "suggestions": suggestions,
        "matches": stock_selectors.matches_of(found)})


def _do(request, pk: int, action) -> HttpResponse:
    """Run one service on the patent; its refusal said in the page's message."""
    found = _patent(request, pk)
    try:
        done = action(found)
    except (DomainError, ValidationError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return redirect("transformation:stock-patent", found.pk)


def _invalid(form) -> DomainError:
    first = next(iter(form.errors.items()))
    label = form.fields[first[0]].label if first[0] in form.fields else ""
    return DomainError(f"{label}: {first[1][0]}" if label else first[1][0])


@login_required
@require_POST
def evaluate(request, pk: int):
    kind = request.POST.get("kind", "")
    if kind not in EvaluatorKind.values:
        kind = next((k for k in EvaluatorKind.values if f"{k}-kind" in request.POST), "")

    def action(found):
        form = EvaluationForm(request.POST, kind=kind or EvaluatorKind.INSTITUTION)
        if not form.is_valid():
            raise _invalid(form)
        services.evaluate(actor=request.user, patent_id=found.pk, kind=form.cleaned_data["kind"],
                          data=form.cleaned_data)
        return _("The evaluation is saved.")

    return _do(request, pk, action)


@login_required
@require_POST
def screen(request, pk: int):
    def action(found):
        form = ScreenForm(request.POST)
        if not form.is_valid():
            raise _invalid(form)
        services.screen(actor=request.user, patent_id=found.pk, selected=form.cleaned_data["selected"] == "yes",
                        note=form.cleaned_data["note"])
        return _("The screening decision is saved.")

    return _do(request, pk, action)


@login_required
@require_POST
def register(request, pk: int):
    def action(found):
        form = RegisterForm(request.POST)
        if not form.is_valid():
            raise _invalid(form)
        services.register(actor=request.user, patent_id=found.pk, **form.cleaned_data)
        return _("The patent is registered in the resource pool.")

    return _do(request, pk, action)


@login_required
@require_POST
def reviewer(request, pk: int):
    def action(found):
        form = ReviewerForm(request.POST, reviewers=stock_selectors.reviewers())
        if not form.is_valid():
            raise _invalid(form)
        chosen = form.cleaned_data["reviewer"]
        services.assign_reviewer(actor=request.user, patent_id=found.pk, reviewer_id=chosen.pk if chosen else None)
        return _("The reviewer is saved.")

    return _do(request, pk, action)


@login_required
@require_POST
def match(request, pk: int):
    def action(found):
        form = MatchForm(request.POST, suggestions=stock_selectors.suggestions(found, limit=200))
        if not form.is_valid():
            raise _invalid(form)
        made = services.match(actor=request.user, patent_id=found.pk,
                              organization_ids=form.cleaned_data["organizations"], reason=form.cleaned_data["reason"])
        return _("The patent was pushed to %(count)s enterprises.") % {"count": len(made)}

    return _do(request, pk, action)


@login_required
def reviews(request):
    """The patents the person's unit was asked to review (企业和第三方服务机构评价)."""
    return render(request, "transformation/stock/reviews.html", {
        "page": page_of(request, stock_selectors.review_queue(request.user), per_page=LEFT_PER_PAGE)})


# --- Many patents given to one reviewer at once, from the dashboard's list of what is left --------


def _kept_institution(user, unit) -> Organization | None:
    """The institution `unit` if the user keeps its stock (its liaison, an administrator)."""
    if not unit:
        return None
    organization = user.organization if user.organization_id == unit else Organization.objects.filter(pk=unit).first()
    if organization is None or not is_institution(organization):
        return None
    return organization if stock_access.may_keep_stock(user, organization) else None


def reviewer_many_form(user, unit: int | None) -> ReviewerManyForm | None:
    """The dashboard's form, for one institution's keeper only."""
    if _kept_institution(user, unit) is None:
        return None
    form = ReviewerManyForm(reviewers=stock_selectors.reviewers(), fields=stock_filters.field_choices())
    form.max_at_once = services.REVIEWER_BATCH_MAX
    return form


@login_required
@require_POST
def reviewer_many(request):
    """Give the ticked patents of the list, or every one matching the filter, to one reviewer."""
    organization = _kept_institution(request.user, _an_id(request.POST.get("unit", "")))
    if organization is None:
        raise Http404
    form = ReviewerManyForm(request.POST, reviewers=stock_selectors.reviewers(), fields=stock_filters.field_choices())
    try:
        if not form.is_valid():
            raise _invalid(form)
        reviewer = form.cleaned_data["reviewer"]
        count = services.assign_reviewer_many(actor=request.user, organization_id=organization.pk,
                                              reviewer_id=reviewer.pk, **form.chosen())
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(count)s patents were given to %(reviewer)s.")
                         % {"count": count, "reviewer": reviewer.name})
    return redirect(f"{reverse('transformation:stock')}?unit={organization.pk}")
