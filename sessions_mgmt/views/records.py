"""A session's records page (its organisers' and the administrators'): every kind of record
with its count, a form to add each, removal, the evidence downloads; the 专场活动数据汇交表
(blank, upload, the import's page); and the session's collection of items and demands.
Anyone else gets 404, as if the session were not there."""

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

from auction import selectors as auction_selectors
from challenge import selectors as challenge_selectors
from jbgs import access as kernel_access
from jbgs.exceptions import DomainError
from jbgs.exports import XLSX
from jbgs.selectors import ImportErrors, import_jobs
from jbgs.services.imports import start_import
from jbgs.views.helpers import download, error_text, form_error_from_domain, render_partial, require
from sessions_mgmt import access, selectors
from sessions_mgmt.forms_records import FORMS, ReportForm
from sessions_mgmt.importers import RECORDS_IMPORT, TITLE, blank_workbook
from sessions_mgmt.models import SummaryReport
from sessions_mgmt.services import collection as collection_services
from sessions_mgmt.services import records as record_services

ERRORS_PER_PAGE = 100
FILE_FIELDS = {"intention": "evidence", "deal": "evidence"}


def _managed(request, pk: int):
    """The session, if the person runs it; 404 otherwise."""
    session = get_object_or_404(selectors.sessions(), pk=pk)
    if not access.may_manage(request.user, session):
        raise Http404
    return session


def _forms(session, bound=None) -> dict:
    forms = {kind: form_class(prefix=kind, session=session) for kind, form_class in FORMS.items()}
    if bound is not None:
        forms[bound.kind] = bound
    return forms


def _page(request, session, *, bound=None, report_form=None, status=200):
    records = selectors.session_records(session)
    counts = {kind: len(rows) for kind, rows in records.items() if kind != "summary_report"}
    jobs = import_jobs().filter(kind=RECORDS_IMPORT, target_id=session.pk)[:5]
    return render(request, "sessions_mgmt/records/records.html", {
        "session": session, "records": records, "counts": counts, "forms": _forms(session, bound),
        "report_form": report_form or ReportForm(), "jobs": jobs}, status=status)


@login_required
def records(request, pk: int):
    return _page(request, _managed(request, pk))


@login_required
@require_POST
def record_add(request, pk: int, kind: str):
    """One record of `kind` from its form; refused values shown beside their fields."""
    session = _managed(request, pk)
    if kind not in FORMS:
        raise Http404
    form = FORMS[kind](request.POST, request.FILES, prefix=kind, session=session)
    if form.is_valid():
        try:
            record_services.add(actor=request.user, session=session, kind=kind, data=form.values())
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, _on_form(error))
        else:
            messages.success(request, _("Recorded."))
            return redirect(f"{_url(session)}#{kind}")
    return _page(request, session, bound=form)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, pk: int, kind: str, record_pk: int):
    """One record's form filled from it; saved whole (what the form does not show kept, and the
    evidence unless a new file is given), refused values shown beside their fields."""
    session = _managed(request, pk)
    if kind not in FORMS:
        raise Http404
    record = get_object_or_404(record_services.MODELS[kind], pk=record_pk, session=session)
    form_class = FORMS[kind]
    if request.method == "GET":
        form = form_class(initial=form_class.initial_of(record), prefix=kind, session=session)
    else:
        form = form_class(request.POST, request.FILES, prefix=kind, session=session)
        if form.is_valid():
            try:
                record_services.change(actor=request.user, record=record,
                                       data={**form_class.kept(record), **form.values()})
            except (ValidationError, DomainError) as error:
                form_error_from_domain(form, _on_form(error))
            else:
                messages.success(request, _("Changed."))
                return redirect(f"{_url(session)}#{kind}")
    return render(request, "sessions_mgmt/records/edit.html", {
        "session": session, "record": record, "kind": kind, "form": form,
        "has_file": bool(getattr(record, "evidence", None))})


def _on_form(error):
    """A service's field names as the forms name them (the form's `kind` is its own)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict") and "kind" in error.error_dict:
        error.error_dict.setdefault("__all__", []).extend(error.error_dict.pop("kind"))
    return error


@login_required
@require_POST
def record_remove(request, pk: int, kind: str, record_pk: int):
    session = _managed(request, pk)
    model = record_services.MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=record_pk, session=session)
    try:
        record_services.remove(actor=request.user, record=record)
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Removed."))
    return redirect(f"{_url(session)}#{kind}")


@login_required
@require_POST
def report_submit(request, pk: int):
    session = _managed(request, pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            record_services.submit_report(actor=request.user, session=session, upload=form.cleaned_data["file"])
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The summary report was submitted."))
            return redirect(f"{_url(session)}#report")
    return _page(request, session, report_form=form)


@login_required
def record_file(request, pk: int, kind: str, record_pk: int):
    """An evidence file, or the summary report (`kind` report): the session's organisers' and
    the administrators'."""
    session = _managed(request, pk)
    if kind == "report":
        report = get_object_or_404(SummaryReport, session=session, pk=record_pk)
        return download(report.file, report.original_name)
    if kind not in FILE_FIELDS:
        raise Http404
    record = get_object_or_404(record_services.MODELS[kind], pk=record_pk, session=session)
    evidence = record.evidence
    if not evidence:
        raise Http404
    name = f"{record.subject}{_extension(evidence.name)}"
    return download(evidence, name)


def _extension(name: str) -> str:
    return name[name.rfind("."):] if "." in name else ""


def _url(session) -> str:
    return reverse("sessions:records", args=[session.pk])


@login_required
def records_template(request, pk: int):
    """The blank 专场活动数据汇交表 of the session."""
    session = _managed(request, pk)
    response = HttpResponse(blank_workbook(session), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{session.year}-{TITLE}.xlsx')}"
    return response


@login_required
@require_POST
def records_import(request, pk: int):
    """The filled workbook, read by a background job: all of it written, or nothing."""
    session = _managed(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the file to import."))
        return redirect(f"{_url(session)}#import")
    try:
        job = start_import(kind=RECORDS_IMPORT, target_id=session.pk, actor=request.user, upload=upload)
    except (ValidationError, DomainError) as error:
        messages.error(request, error_text(error))
        return redirect(f"{_url(session)}#import")
    return redirect("sessions:records-import-job", pk=session.pk, job_pk=job.pk)


@login_required
def records_import_job(request, pk: int, job_pk: int):
    """The import's progress while it runs, then its problems by sheet, row and column."""
    session = _managed(request, pk)
    job = get_object_or_404(import_jobs(), pk=job_pk, kind=RECORDS_IMPORT, target_id=session.pk)
    require(job.owner_id == request.user.pk or kernel_access.is_admin(request.user))
    page = Paginator(ImportErrors(job), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render_partial(request, "sessions_mgmt/records/import_job.html",
                          "sessions_mgmt/records/fragments/_import_job.html",
                          {"session": session, "job": job, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def collection(request, pk: int):
    """The session's collection, a search among the items and demands it may still collect,
    and the collecting (refusals of the no-repeat rule said in a message)."""
    session = _managed(request, pk)
    if request.method == "POST":
        _collect(request, session)
        return redirect("sessions:collection", pk=session.pk)
    query = request.GET.get("q", "").strip()[:100]
    items = collection_services.collectable_items(session).select_related("organization")
    demands = collection_services.collectable_demands(session).select_related("organization")
    if query:
        items, demands = items.filter(title__icontains=query), demands.filter(title__icontains=query)
    return render(request, "sessions_mgmt/records/collection.html", {
        "session": session, "collected": selectors.collection(session), "query": query,
        "items": items.order_by("-published_at")[:20], "demands": demands.order_by("-published_at")[:20]})


def _collect(request, session) -> None:
    what, number = request.POST.get("what"), request.POST.get("id", "")
    if what not in ("item", "demand") or not number.isdigit():
        messages.error(request, _("Choose an item or a demand to collect."))
        return
    found = (auction_selectors.published_items() if what == "item" else
             challenge_selectors.published_demands()).filter(pk=int(number)).first()
    if found is None:
        messages.error(request, _("Only a published item or demand joins a session's collection."))
        return
    try:
        if what == "item":
            collection_services.collect_item(actor=request.user, session=session, item=found)
        else:
            collection_services.collect_demand(actor=request.user, session=session, demand=found)
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Collected into the session."))
