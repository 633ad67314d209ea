"""Importing the official forms into a list, following the job, correcting rejected rows."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from auction import selectors
from auction.choices import ItemKind
from auction.forms_xlsx import TITLES, blank_form
from auction.importers import initial_from_row
from auction.views.lists import item_form_page, list_for
from jbgs import access as kernel_access
from jbgs.choices import Role
from jbgs.exceptions import DomainError
from jbgs.models import Campaign, ImportJob
from jbgs.selectors import (
    ImportErrors,
    import_error_rows,
    import_jobs,
    import_row_errors,
    rejected_rows,
)
from jbgs.services.imports import mark_row_fixed, start_import
from jbgs.views.helpers import error_text, render_partial, require


@login_required
def template(request, kind: str):
    """The blank 《专利征集表》 or 《成果征集表》 of a campaign year."""
    if kind not in ItemKind.values:
        raise Http404
    pk = request.GET.get("campaign", "")
    campaign = get_object_or_404(Campaign, pk=int(pk) if pk.isdigit() else 0, kind="auction")
    # A unit's liaison gets the form with the unit's name in its 单位名称 row.
    liaison = request.user.is_authenticated and request.user.has_role(Role.LIAISON)
    unit = request.user.organization if liaison else None
    response = HttpResponse(blank_form(kind, campaign, unit=unit),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"{campaign.year}-{TITLES[kind]}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, pk: int):
    submission_list = list_for(request, pk, edit=True)
    if request.method == "POST":
        kind = request.POST.get("kind")
        upload_file = request.FILES.get("file")
        if kind not in ItemKind.values or upload_file is None:
            messages.error(request, _("Choose the form and the file to import."))
        else:
            try:
                job = start_import(kind=f"auction.{kind}", target_id=submission_list.pk, actor=request.user,
                                   upload=upload_file)
            except (ValidationError, DomainError) as error:
                messages.error(request, error_text(error))
            else:
                return redirect("auction:import-detail", pk=job.pk)
    jobs = selectors.list_imports(submission_list)
    return render(request, "auction/imports/upload.html", {"list": submission_list, "jobs": jobs})


ERRORS_PER_PAGE = 100


def job_for(request, pk: int) -> ImportJob:
    job = get_object_or_404(import_jobs(), pk=pk, kind__startswith="auction.")
    require(job.owner_id == request.user.pk or kernel_access.is_admin(request.user))
    return job


@login_required
def detail(request, pk: int):
    """The job's progress bar while it runs (htmx polls the fragment), then its row errors,
    ERRORS_PER_PAGE at a time."""
    job = job_for(request, pk)
    page = Paginator(ImportErrors(job), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"job": job, "kind": job.kind.split(".", 1)[1], "list_pk": job.target_id, "page": page,
               "rows": import_error_rows(job, page.object_list)}
    return render_partial(request, "auction/imports/detail.html", "auction/imports/fragments/_job.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fix_row(request, pk: int, row: int):
    """A rejected row in the item form, filled with what the file said, to correct and save."""
    job = job_for(request, pk)
    raw = rejected_rows(job.pk, [row]).get(str(row))
    if raw is None:
        raise Http404
    submission_list = list_for(request, job.target_id, edit=True)
    kind = job.kind.split(".", 1)[1]

    def mark_fixed(item):
        mark_row_fixed(job, row, item.pk)
        return redirect("auction:import-detail", pk=job.pk)

    initial = initial_from_row(kind, raw, submission_list.campaign.year)
    # What the import said about the row, above the form, so the liaison knows what to correct.
    extra = {"import_job": job, "import_row": row, "import_problems": import_row_errors(job.pk, row)}
    return item_form_page(request, submission_list, kind, initial=initial, after_save=mark_fixed, extra=extra)
