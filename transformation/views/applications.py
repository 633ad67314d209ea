"""Project applications' pages: the form with its eligibility pre-check, a unit's own
applications, an application's page (content, digest, 申报书 PDF, sealed scan, the city's and
the province's buttons), the city's list with its cap counter and the province's list."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jbgs.exceptions import DomainError
from jbgs.models import Region
from jbgs.views.helpers import (
    add_upload,
    admin_required,
    download,
    error_text,
    form_error_from_domain,
    page_of,
)
from transformation import application_access as access
from transformation import application_content as contents
from transformation import application_selectors as selectors
from transformation import performance
from transformation import selectors as call_selectors
from transformation.application_forms import (
    ApplicationForm,
    DecisionForm,
    ListFilterForm,
    TraineesForm,
    VerifyForm,
)
from transformation.application_pdf import application_pdf, filename
from transformation.choices import ApplicationStatus, Figure
from transformation.models import ProjectApplication
from transformation.services import applications as services


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk: int):
    """A new application of the signed-in person's unit to the call (a draft, then its page)."""
    call = get_object_or_404(call_selectors.calls(), pk=pk)
    organization = request.user.organization
    if not access.may_apply_for(request.user, organization):
        raise Http404
    existing = ProjectApplication.objects.filter(call=call, organization=organization).exclude(
        status=ApplicationStatus.WITHDRAWN).first()
    if existing is not None:
        return redirect("transformation:application", existing.pk)
    form = ApplicationForm(request.POST or None, call=call, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.save_draft(actor=request.user, call=call, data=form.data_for_service())
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The draft is saved. Check it and submit it."))
            return redirect("transformation:application", application.pk)
    draft = ProjectApplication(call=call, organization=organization, city=access.city_of(organization))
    return render(request, "transformation/applications/apply.html", {
        "call": call, "form": form, "check": _precheck(draft), "today": timezone.localdate()})


def _precheck(application):
    figures, verdict = contents.precheck(application)
    return {"figures": [(Figure(code).label, value) for code, value in figures.items()], "verdict": verdict}


def _visible(request, pk: int) -> ProjectApplication:
    application = get_object_or_404(selectors.application(pk))
    if not access.may_see(request.user, application):
        raise Http404
    return application


@login_required
@require_http_methods(["GET", "POST"])
def application(request, pk: int):
    """The application's page; for a draft and its unit's liaison, the form (save, or save and submit)."""
    application = _visible(request, pk)
    editable = application.status == ApplicationStatus.DRAFT and access.may_edit(request.user, application)
    form = None
    if editable:
        form = ApplicationForm(request.POST or None, call=application.call, organization=application.organization,
                               application=application)
        if request.method == "POST" and form.is_valid():
            try:
                application = services.save_draft(actor=request.user, call=application.call,
                                                  application=application, data=form.data_for_service())
                if "submit" in request.POST:
                    application = services.submit(actor=request.user, application=application)
                    messages.success(request, _("The application is submitted. Download the application form, "
                                                "have it sealed and upload the scan."))
                else:
                    messages.success(request, _("The draft is saved."))
            except DomainError as error:
                form_error_from_domain(form, error)
                messages.error(request, error_text(error))
            else:
                return redirect("transformation:application", application.pk)
    elif request.method == "POST":
        raise Http404
    content, digest = contents.current_content(application)
    tracking = performance.evaluate(application) if application.status == ApplicationStatus.FUNDED else []
    return render(request, "transformation/applications/detail.html", {
        "application": application, "form": form, "content": content, "digest": digest,
        "check": _precheck(application) if editable else None,
        "may_edit": access.may_edit(request.user, application),
        "may_recommend": access.may_recommend(request.user, application)
        and application.status == ApplicationStatus.SUBMITTED,
        "may_decide": access.may_decide(request.user) and application.status == ApplicationStatus.RECOMMENDED,
        "may_scan": access.may_edit(request.user, application) and application.status in services.SCAN_STATES,
        "tracking": tracking, "decision_form": DecisionForm(), "verify_form": VerifyForm(),
        "trainees_form": TraineesForm(initial={"year": timezone.localdate().year}),
        "figure_labels": dict(Figure.choices)})


@login_required
def document(request, pk: int):
    """The 申报书 PDF, from the stored content (or the draft's current one)."""
    application = _visible(request, pk)
    pdf, digest = application_pdf(application)
    response = FileResponse(io.BytesIO(pdf), as_attachment=True, filename=filename(application),
                            content_type="application/pdf")
    response["X-Content-Digest"] = digest
    return response


@login_required
@require_http_methods(["GET", "POST"])
def scan(request, pk: int):
    application = _visible(request, pk)
    if request.method == "POST":
        if not access.may_edit(request.user, application):
            raise Http404
        add_upload(request, lambda upload: services.add_scan(actor=request.user, application=application,
                                                             upload=upload))
        return redirect("transformation:application", application.pk)
    if not application.scan:
        raise Http404
    return download(application.scan, f"{application.organization.name}-{application.call.code}-盖章扫描件"
                                      f"{application.scan.name[application.scan.name.rfind('.'):]}")


def _act(request, application, action, success: str):
    try:
        action()
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success)
    return redirect("transformation:application", application.pk)


@login_required
@require_POST
def recommend(request, pk: int):
    application = _visible(request, pk)
    if not access.may_recommend(request.user, application):
        raise Http404
    return _act(request, application, lambda: services.recommend(
        actor=request.user, application=application, comment=request.POST.get("comment", "")),
        _("The application is recommended."))


@login_required
@require_POST
def decide(request, pk: int):
    application = _visible(request, pk)
    if not access.may_decide(request.user):
        raise Http404
    funded = request.POST.get("decision") == "funded"
    return _act(request, application, lambda: services.decide(
        actor=request.user, application=application, funded=funded, comment=request.POST.get("comment", "")),
        _("The application is funded.") if funded else _("The application is declined."))


@login_required
@require_POST
def withdraw(request, pk: int):
    application = _visible(request, pk)
    if not access.may_edit(request.user, application):
        raise Http404
    return _act(request, application, lambda: services.withdraw(actor=request.user, application=application),
                _("The application is withdrawn."))


@login_required
@require_POST
def trainees(request, pk: int):
    application = _visible(request, pk)
    if not access.may_edit(request.user, application):
        raise Http404
    return _act(request, application, lambda: services.save_trainees(
        actor=request.user, application=application, year=request.POST.get("year"),
        count=request.POST.get("count")), _("The trainees are saved."))


@login_required
@require_POST
def verify(request, pk: int):
    """A digest read off a printed 申报书 checked against the stored application."""
    application = _visible(request, pk)
    if contents.digest_matches(application, request.POST.get("digest", "")):
        messages.success(request, _("The digest matches: the printed copy is the submitted application."))
    else:
        messages.error(request, _("The digest does not match the submitted application."))
    return redirect("transformation:application", application.pk)


@login_required
def my_applications(request):
    organization = request.user.organization
    if organization is None:
        raise Http404
    today = timezone.localdate()
    return render(request, "transformation/applications/mine.html", {
        "page": page_of(request, selectors.own_applications(organization)),
        "calls": [call for call in call_selectors.calls() if access.may_apply_to(request.user, call, today)],
        "may_apply": access.may_apply_for(request.user, organization)})


@login_required
def city_applications(request):
    city = access.recommending_city(request.user)
    if city is None:
        raise Http404
    filters = ListFilterForm(request.GET)
    call_id = filters.cleaned_data.get("call") if filters.is_valid() else None
    return render(request, "transformation/applications/city.html", {
        "city": city, "counters": selectors.city_counters(city),
        "page": page_of(request, selectors.city_applications(city, call_id), per_page=50)})


@admin_required
def province_applications(request):
    filters = ListFilterForm(request.GET)
    values = filters.cleaned_data if filters.is_valid() else {}
    status = values.get("status") if values.get("status") in ApplicationStatus.values else ""
    return render(request, "transformation/applications/province.html", {
        "page": page_of(request, selectors.province_applications(
            call_id=values.get("call"), status=status, city=values.get("city") or ""), per_page=50),
        "filters": {"call": values.get("call"), "status": status, "city": values.get("city") or ""},
        "calls": call_selectors.calls(), "statuses": ApplicationStatus.choices,
        "cities": Region.objects.jiangsu_cities().order_by("code")})
