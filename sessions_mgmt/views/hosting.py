"""Hosting (申办) in the browser: a local authority's organisers fill in the 申办表, attach its
files, submit and withdraw it; the administrators read every application, decide on it, watch
the year's plan against the selection and add a year. An application of another authority is
not found."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from jbgs import access as jbgs_access
from jbgs.exceptions import DomainError
from jbgs.forms import LooseDateField
from jbgs.selectors import audit_trail, industry_fields
from jbgs.views.helpers import (
    add_upload,
    admin_required,
    download,
    error_text,
    form_error_from_domain,
    require,
)
from sessions_mgmt import access, selectors
from sessions_mgmt.choices import APPLICATION_TRANSITIONS, ApplicationStatus, SessionType
from sessions_mgmt.models import ApplicationAttachment, HostingApplication, SessionYear
from sessions_mgmt.services import hosting
from sessions_mgmt.services import years as year_services

FIELD_LABELS = {
    "applicant": gettext_lazy("Main host"), "session_type": gettext_lazy("Session type"),
    "field": gettext_lazy("Industry field"), "torch": gettext_lazy("火炬科技成果直通车"),
    "co_hosts": gettext_lazy("Co-hosts"), "year": gettext_lazy("Year"), "comment": gettext_lazy("Comment"),
    "file": gettext_lazy("File"),
}


class ApplicationForm(forms.Form):
    """The 申办表. Its years are the open ones (and the application's own); its fields, those
    of the chosen year; its co-hosts, active units grouped by what they bring."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    session_type = forms.ChoiceField(label=gettext_lazy("Session type"), choices=SessionType.choices)
    field = forms.ChoiceField(label=gettext_lazy("Industry field"), required=False,
                              help_text=gettext_lazy("For an industry session: one of the year's fields."))
    title = forms.CharField(label=gettext_lazy("Session title"), max_length=200)
    torch = forms.BooleanField(label=gettext_lazy("Host the 火炬科技成果直通车（江苏站）"), required=False,
                               help_text=gettext_lazy("An auction-season industry session only."))
    co_hosts = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Co-hosts"), coerce=int, required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=gettext_lazy("Universities and institutes, science parks, market sub-centres, technology-manager "
                               "firms, other local authorities. Hold Ctrl (⌘) to choose several."))
    plan = forms.CharField(label=gettext_lazy("Work plan"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    policies = forms.CharField(label=gettext_lazy("Supporting policies"), max_length=20000, required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))
    groundwork = forms.CharField(label=gettext_lazy("Groundwork and organisation"), max_length=20000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    liaison_name = forms.CharField(label=gettext_lazy("Liaison"), max_length=100)
    liaison_phone = forms.CharField(label=gettext_lazy("Liaison's phone"), max_length=30)
    liaison_email = forms.EmailField(label=gettext_lazy("Liaison's e-mail"), required=False)

    def __init__(self, *args, years: list[int], applicant_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["field"].choices = [("", "—")] + [
            (f.pk, f"{f.year} {f.name}") for f in industry_fields_of(years)]
        self.fields["co_hosts"].choices = selectors.co_host_choices(exclude_id=applicant_id)

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in hosting.FIELDS if name != "field"}
        field = self.cleaned_data.get("field")
        data["field"] = _field(int(field)) if field else None
        return data


def industry_fields_of(years: list[int]) -> list:
    return [f for year in years for f in industry_fields(year)]


def _field(pk: int):
    from jbgs.models import IndustryField

    return IndustryField.objects.filter(pk=pk).first()


def _units(ids: list[int]) -> list:
    from jbgs.models import Organization

    found = {unit.pk: unit for unit in Organization.objects.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def _visible(request, pk: int) -> HostingApplication:
    application = selectors.application_detail(pk, access.visible_applications(request.user))
    if application is None:
        raise Http404
    return application


def _refusal(request, error) -> None:
    """A refusal in the page's messages, each rule's with the field it is about."""
    for item in getattr(error, "extra", {}).get("errors", []) or []:
        label = FIELD_LABELS.get(item["field"], item["field"])
        messages.error(request, f"{label}：{item['message']}")
    if not getattr(error, "extra", {}).get("errors"):
        field = getattr(error, "field", None)
        prefix = f"{FIELD_LABELS[field]}：" if field in FIELD_LABELS else ""
        messages.error(request, prefix + error_text(error))


@login_required
def application_list(request):
    """An organiser's own applications (with the open years to apply for); every application
    of a year, by city, for the administrators."""
    admin = jbgs_access.is_admin(request.user)
    require(admin or access.is_organiser(request.user))
    today = timezone.localdate()
    years = [y.year for y in selectors.session_years()]
    year = _int(request.GET.get("year")) if admin else None
    if admin and year is None and years:
        year = years[0]
    status = request.GET.get("status", "") if request.GET.get("status") in ApplicationStatus.values else ""
    found = list(selectors.applications(access.visible_applications(request.user), year=year, status=status))
    for application in found:
        application.city = selectors.city_of(application.applicant)
    return render(request, "sessions_mgmt/hosting/list.html", {
        "applications": found, "admin": admin, "may_apply": access.may_apply(request.user),
        "open_years": selectors.open_years(today), "next_window": selectors.next_window(today),
        "years": years, "year": year, "status": status, "statuses": ApplicationStatus.choices})


def _form_years(application: HostingApplication | None) -> list[int]:
    years = [y.year for y in selectors.open_years(timezone.localdate())]
    if application is not None and application.year not in years:
        years.insert(0, application.year)
    return years


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request):
    require(access.may_apply(request.user))
    years = _form_years(None)
    if not years:
        messages.error(request, _("No year accepts applications today."))
        return redirect("sessions:applications")
    wanted = _int(request.GET.get("year"))
    form = ApplicationForm(request.POST or None, years=years, applicant_id=request.user.organization_id,
                           initial={"year": wanted if wanted in years else years[-1], "liaison_name": request.user.name,
                                    "liaison_email": request.user.email})
    return _save(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk: int):
    application = _visible(request, pk)
    require(access.may_edit_application(request.user, application))
    if application.status not in hosting.EDITABLE:
        messages.error(request, _("A submitted application is withdrawn or decided, not changed."))
        return redirect("sessions:application", pk=application.pk)
    initial = {name: getattr(application, name) for name in hosting.FIELDS if name != "field"}
    initial.update(year=application.year, field=application.field_id,
                   co_hosts=[c.organization_id for c in application.co_hosts.all()])
    form = ApplicationForm(request.POST or None, years=[application.year], applicant_id=application.applicant_id,
                           initial=initial)
    return _save(request, form, application)


def _save(request, form: ApplicationForm, application: HostingApplication | None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = hosting.save_application(actor=request.user, year=form.cleaned_data["year"],
                                             data=form.data_for_service(), application=application,
                                             co_hosts=_units(form.cleaned_data["co_hosts"]))
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The application is saved as a draft. Submit it when it is complete."))
            return redirect("sessions:application", pk=saved.pk)
    return render(request, "sessions_mgmt/hosting/form.html", {"form": form, "application": application})


@login_required
def application_detail(request, pk: int):
    application = _visible(request, pk)
    admin = jbgs_access.is_admin(request.user)
    editable = access.may_edit_application(request.user, application) and application.status in hosting.EDITABLE
    moves = APPLICATION_TRANSITIONS[application.status]
    return render(request, "sessions_mgmt/hosting/detail.html", {
        "application": application, "admin": admin, "editable": editable,
        "may_submit": editable and ApplicationStatus.SUBMITTED in moves,
        "may_withdraw": access.may_edit_application(request.user, application) and ApplicationStatus.WITHDRAWN in moves,
        "may_decide": admin and application.status == ApplicationStatus.SUBMITTED,
        "session": getattr(application, "session", None) if application.status == ApplicationStatus.SELECTED else None,
        "trail": audit_trail(application)[:30]})


def _act(request, pk: int, act, success: str):
    application = _visible(request, pk)
    try:
        act(application)
    except DomainError as error:
        _refusal(request, error)
    else:
        messages.success(request, success)
    return redirect("sessions:application", pk=application.pk)


@login_required
@require_POST
def application_submit(request, pk: int):
    return _act(request, pk, lambda a: hosting.submit(actor=request.user, application=a),
                _("The application is submitted to the province."))


@login_required
@require_POST
def application_withdraw(request, pk: int):
    return _act(request, pk, lambda a: hosting.withdraw(actor=request.user, application=a),
                _("The application is withdrawn."))


@login_required
@require_POST
def application_decline(request, pk: int):
    return _act(request, pk, lambda a: hosting.decline(actor=request.user, application=a,
                                                       comment=request.POST.get("comment", "")[:2000]),
                _("The application is not selected; the applicant is told why."))


@login_required
@require_POST
def application_select(request, pk: int):
    application = _visible(request, pk)
    try:
        session = hosting.select(actor=request.user, application=application,
                                 comment=request.POST.get("comment", "")[:2000])
    except DomainError as error:
        _refusal(request, error)
        return redirect("sessions:application", pk=application.pk)
    messages.success(request, _("The host is selected and its session created."))
    return redirect("sessions:dashboard", pk=session.pk)


@login_required
@require_POST
def application_file_add(request, pk: int):
    application = _visible(request, pk)
    add_upload(request, lambda upload: hosting.add_file(actor=request.user, application=application, upload=upload))
    return redirect("sessions:application", pk=application.pk)


@login_required
@require_POST
def application_file_remove(request, pk: int):
    attachment = get_object_or_404(ApplicationAttachment.objects.select_related("application"), pk=pk)
    if not hosting.may_read_file(request.user, attachment.application):
        raise Http404
    try:
        hosting.remove_file(actor=request.user, attachment=attachment)
    except DomainError as error:
        messages.error(request, error_text(error))
    return redirect("sessions:application", pk=attachment.application_id)


@login_required
def application_file(request, pk: int):
    attachment = get_object_or_404(ApplicationAttachment.objects.select_related("application"), pk=pk)
    if not hosting.may_read_file(request.user, attachment.application):
        raise Http404
    return download(attachment.file, attachment.original_name)


@admin_required
def selection(request):
    years = [y.year for y in selectors.session_years()]
    year = _int(request.GET.get("year")) or (years[0] if years else None)
    overview = selectors.selection(year) if year else {"groups": [], "hosts": []}
    return render(request, "sessions_mgmt/hosting/selection.html", {"years": years, "year": year, **overview})


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    applications_open = LooseDateField(label=gettext_lazy("Applications open on"))
    applications_close = LooseDateField(label=gettext_lazy("Applications close on"))
    sessions_start = LooseDateField(label=gettext_lazy("Sessions start on"))
    sessions_end = LooseDateField(label=gettext_lazy("Sessions end on"),
                                  help_text=gettext_lazy("The day the year's targets are finally judged."))
    city_cap = forms.IntegerField(label=gettext_lazy("Sessions a city may host as main host"), min_value=0,
                                  max_value=50)
    county_cap = forms.IntegerField(label=gettext_lazy("Sessions a county may host as main host"), min_value=0,
                                    max_value=50)
    regional_authorities = forms.IntegerField(label=gettext_lazy("Local authorities a regional session needs"),
                                              min_value=1, max_value=20)
    auction_needs_university = forms.BooleanField(
        label=gettext_lazy("An auction-season session needs a university co-host"), required=False)
    challenge_needs_science_park = forms.BooleanField(
        label=gettext_lazy("A challenge-season session needs a science-park co-host"), required=False)
    copy_from = forms.TypedChoiceField(label=gettext_lazy("Copy the plan and target templates from"), coerce=int,
                                       required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].choices = [("", _("Nothing: start empty"))] + [
            (y, y) for y in reversed(selectors.template_years())]


def _year_initial() -> dict:
    """The latest year's settings, a year on."""
    from jbgs.rules import shift_date

    latest = SessionYear.objects.order_by("-year").first()
    if latest is None:
        return {"city_cap": 2, "county_cap": 1, "regional_authorities": 2}
    return {"year": latest.year + 1, "copy_from": latest.year,
            **{name: getattr(latest, name) for name in year_services.YEAR_FIELDS},
            **{name: shift_date(getattr(latest, name), 1) for name in (
                "applications_open", "applications_close", "sessions_start", "sessions_end")}}


@admin_required
def year_list(request):
    return render(request, "sessions_mgmt/hosting/years.html", {"years": selectors.session_years()})


@admin_required
@require_http_methods(["GET", "POST"])
def year_new(request):
    form = YearForm(request.POST or None, initial=_year_initial())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            year_services.add_year(actor=request.user, year=data["year"], copy_from=data["copy_from"],
                                   fields={name: data[name] for name in year_services.YEAR_FIELDS})
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The year %(year)s is added.") % {"year": data["year"]})
            return redirect("sessions:years")
    return render(request, "sessions_mgmt/hosting/year_form.html", {"form": form})


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 2000 <= number <= 2100 else None
