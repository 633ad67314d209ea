"""Collecting demands with the unified 《需求征集表》: the blank form, the upload, the import's
page, and the demands a collector collected (我征集的需求)."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from challenge import selectors
from challenge.choices import DEMAND_IMPORT
from challenge.forms_xlsx import TITLE, blank_form
from challenge.services.demands import may_collect
from jbgs import access
from jbgs.exceptions import DomainError
from jbgs.exports import XLSX
from jbgs.selectors import ImportErrors, import_error_rows, import_jobs
from jbgs.services.imports import start_import
from jbgs.views.helpers import error_text, page_of, render_partial, require

ERRORS_PER_PAGE = 100


def _campaign():
    campaign = selectors.current_campaign()
    if campaign is None:
        raise Http404
    return campaign


@login_required
def template(request):
    """The blank 《需求征集表》 of the current season, with the collector's unit in its second row."""
    campaign = _campaign()
    unit = request.user.organization if may_collect(request.user) else None
    response = HttpResponse(blank_form(campaign, unit=unit), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{campaign.year}-{TITLE}.xlsx')}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """批量导入需求: a filled form, read by a background job into the current season."""
    require(may_collect(request.user))
    campaign = _campaign()
    if request.method == "POST":
        upload_file = request.FILES.get("file")
        if upload_file is None:
            messages.error(request, _("Choose the file to import."))
        else:
            try:
                job = start_import(kind=DEMAND_IMPORT, target_id=campaign.pk, actor=request.user, upload=upload_file)
            except (ValidationError, DomainError) as error:
                messages.error(request, error_text(error))
            else:
                return redirect("challenge:demand-import-job", pk=job.pk)
    return render(request, "challenge/imports/upload.html", {
        "campaign": campaign, "jobs": selectors.demand_imports(request.user)})


@login_required
def job(request, pk: int):
    """The import's progress while it runs (htmx polls the fragment), then its row errors,
    ERRORS_PER_PAGE at a time: its uploader's, and the administrators'."""
    found = get_object_or_404(import_jobs(), pk=pk, kind=DEMAND_IMPORT)
    require(found.owner_id == request.user.pk or access.is_admin(request.user))
    page = Paginator(ImportErrors(found), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render_partial(request, "challenge/imports/job.html", "challenge/imports/fragments/_job.html", {
        "job": found, "page": page, "rows": import_error_rows(found, page.object_list)})


@login_required
def collected(request):
    """我征集的需求: the demands the person collected, with their states."""
    require(may_collect(request.user))
    return render(request, "challenge/imports/collected.html", {
        "page": page_of(request, selectors.collected_demands(request.user), per_page=50),
        "counts": selectors.collected_counts(request.user)})
