"""Reports made by a Celery job: the page where a person asks for one and watches it progress
(polled by htmx while one is unfinished), and the download of a finished one (its requester
and the administrators)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jbgs import access as kernel_access
from jbgs.exceptions import DomainError
from jbgs.views.helpers import download, error_text, render_partial, require
from sessions_mgmt import access
from sessions_mgmt.choices import SESSION_REPORTS, ReportKind, ReportStatus
from sessions_mgmt.models import ReportJob, SessionYear
from sessions_mgmt.services import reports as report_services


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Report"))
    session = forms.ModelChoiceField(label=gettext_lazy("Session"), queryset=None, required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False, choices=())

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        admin = kernel_access.is_admin(user)
        self.fields["kind"].choices = [(k.value, k.label) for k in ReportKind if admin or k in SESSION_REPORTS]
        self.fields["session"].queryset = access.managed_sessions(user).order_by("-year", "title")
        self.fields["year"].choices = [("", "—"), *((y, y) for y in SessionYear.objects.order_by("-year")
                                                    .values_list("year", flat=True))]


def _may_use(user) -> bool:
    return kernel_access.is_admin(user) or access.is_organiser(user)


@login_required
def report_list(request):
    require(_may_use(request.user))
    jobs = list(report_services.jobs_of(request.user)[:50])
    return render_partial(request, "sessions_mgmt/reports/list.html", "sessions_mgmt/reports/fragments/_jobs.html", {
        "jobs": jobs, "form": ReportForm(request.user), "polling": any(not job.is_finished for job in jobs)})


@login_required
@require_POST
def report_request(request):
    require(_may_use(request.user))
    form = ReportForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("sessions:reports")
    data = form.cleaned_data
    try:
        job = report_services.request_report(request.user, data["kind"], year=data.get("year"),
                                             session=data.get("session"))
    except DomainError as error:
        messages.error(request, error_text(error))
        return redirect("sessions:reports")
    job.refresh_from_db(fields=["status", "error"])
    if job.status == ReportStatus.QUEUED and job.error:
        messages.warning(request, job.error)
    else:
        messages.success(request, _("The report is being made; it appears below when it is ready."))
    return redirect("sessions:reports")


CONTENT_TYPES = {"pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@login_required
def report_file(request, pk: int):
    """A finished report: its requester's and the administrators'; anyone else is told nothing
    of it (404)."""
    job = get_object_or_404(ReportJob, pk=pk, status=ReportStatus.DONE)
    if not report_services.may_download(request.user, job) or not job.file:
        raise Http404
    extension = job.filename.rpartition(".")[2]
    return download(job.file, job.filename, content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
