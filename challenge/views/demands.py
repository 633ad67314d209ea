"""The demand side's pages: the public's (published demands and hot lists, through
challenge.public only), the enterprise's own demands, the experts' diagnosis and the
administrator's hot lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from challenge import selectors
from challenge.choices import DEMAND_EDITABLE, DemandStatus
from challenge.forms import DemandForm, DiagnosisForm
from challenge.models import ChallengeRules, Demand, HotList
from challenge.public import public_demand
from challenge.services import demands as demand_services
from challenge.services import hot_lists as hot_list_services
from jbgs import access
from jbgs.choices import Role
from jbgs.exceptions import DomainError
from jbgs.models import Campaign, IndustryField
from jbgs.views.helpers import admin_required, form_error_from_domain, page_of, require


def _current_campaign() -> Campaign:
    campaign = selectors.current_campaign()
    if campaign is None:
        raise Http404
    return campaign


# --- The public ------------------------------------------------------------------------


def demand_list(request):
    q, field_code = request.GET.get("q", ""), request.GET.get("field", "")
    page = page_of(request, selectors.search_public(q, field_code), per_page=20)
    return render(request, "challenge/demands/list.html", {
        "page": page, "demands": [public_demand(d, d.targets.all()) for d in page], "q": q, "field_code": field_code,
        "fields": IndustryField.objects.filter(year=_current_campaign().year),
        "hot_lists": selectors.published_hot_lists()[:6]})


def demand_detail(request, pk: int):
    demand = get_object_or_404(selectors.public_demands(), pk=pk)
    return render(request, "challenge/demands/detail.html", {"demand": public_demand(demand)})


def hot_list_detail(request, pk: int):
    hot_list = get_object_or_404(selectors.published_hot_lists(), pk=pk)
    demands = selectors.public_demands().filter(hot_lists=hot_list)
    return render(request, "challenge/hot_lists/detail.html", {
        "hot_list": hot_list, "demands": [public_demand(d, d.targets.all()) for d in demands]})


# --- The enterprise ----------------------------------------------------------------------


def _own_demand(request, pk: int) -> Demand:
    """The demand, if the user's unit posted it (or the user administers the platform); 404
    otherwise, so that a demand's existence is not told to others."""
    demand = get_object_or_404(Demand.objects.select_related("field", "organization", "campaign", "region"), pk=pk)
    if not (access.is_admin(request.user) or (request.user.organization_id == demand.organization_id
                                              and request.user.has_role(Role.ENTERPRISE))):
        raise Http404
    return demand


@login_required
def mine(request):
    require(request.user.has_role(Role.ENTERPRISE) and request.user.organization_id)
    return render(request, "challenge/demands/mine.html", {
        "demands": selectors.organization_demands(request.user.organization)})


@login_required
@require_http_methods(["GET", "POST"])
def demand_edit(request, pk: int | None = None):
    demand = _own_demand(request, pk) if pk else None
    if demand is None:
        require(request.user.has_role(Role.ENTERPRISE) and request.user.organization_id)
    campaign = demand.campaign if demand else _current_campaign()
    if demand is not None and demand.status not in DEMAND_EDITABLE:
        messages.error(request, _("A demand can be changed while it is a draft or returned for revision."))
        return redirect("challenge:demand-mine-detail", pk=demand.pk)
    form = DemandForm(request.POST or None, instance=demand, campaign=campaign)
    targets = form.targets() if request.method == "POST" else (
        [{"indicator": t.indicator, "value": t.value, "unit": t.unit, "hidden": t.hidden} for t in demand.targets.all()]
        if demand else [])
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = demand_services.save_demand(actor=request.user, organization=request.user.organization,
                                                campaign=campaign, data=data, targets=targets, demand=demand)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Demand %(number)s saved.") % {"number": saved.number})
            return redirect("challenge:demand-mine-detail", pk=saved.pk)
    while len(targets) < 3:
        targets.append({"indicator": "", "value": "", "unit": "", "hidden": False})
    return render(request, "challenge/demands/form.html", {
        "form": form, "demand": demand, "targets": targets, "target_errors": form.errors.get("targets")})


@login_required
def demand_mine_detail(request, pk: int):
    demand = _own_demand(request, pk)
    return render(request, "challenge/demands/mine_detail.html", {
        "demand": demand, "public": public_demand(demand), "diagnoses": demand.diagnoses.all(),
        "editable": demand.status in DEMAND_EDITABLE})


@login_required
@require_POST
def demand_submit(request, pk: int):
    demand = _own_demand(request, pk)
    try:
        demand_services.submit(actor=request.user, demand=demand)
        messages.success(request, _("Demand %(number)s is submitted for diagnosis.") % {"number": demand.number})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("challenge:demand-mine-detail", pk=demand.pk)


@login_required
@require_POST
def demand_withdraw(request, pk: int):
    demand = _own_demand(request, pk)
    try:
        demand_services.withdraw(actor=request.user, demand=demand, reason=request.POST.get("reason", ""))
        messages.success(request, _("Demand %(number)s is withdrawn.") % {"number": demand.number})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("challenge:demand-mine-detail", pk=demand.pk)


# --- Diagnosis ---------------------------------------------------------------------------


def _diagnoser(user) -> bool:
    return access.is_admin(user) or user.has_role(Role.EXPERT)


@login_required
def diagnosis_queue(request):
    require(_diagnoser(request.user))
    return render(request, "challenge/diagnosis/queue.html", {"demands": selectors.awaiting_diagnosis()})


@login_required
@require_http_methods(["GET", "POST"])
def diagnose(request, pk: int):
    require(_diagnoser(request.user))
    demand = get_object_or_404(Demand.objects.select_related("field", "organization", "campaign", "region"), pk=pk)
    rules = ChallengeRules.of(demand.campaign)
    form = DiagnosisForm(request.POST or None, criteria=rules.diagnosis_criteria)
    if request.method == "POST" and form.is_valid():
        try:
            demand_services.diagnose(actor=request.user, demand=demand, verdict=form.cleaned_data["verdict"],
                                     comment=form.cleaned_data["comment"], scores=form.scores())
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Demand %(number)s is diagnosed.") % {"number": demand.number})
            return redirect("challenge:diagnosis-queue")
    return render(request, "challenge/diagnosis/diagnose.html", {
        "demand": demand, "form": form, "criteria": rules.diagnosis_criteria,
        "open": demand.status in (DemandStatus.SUBMITTED, DemandStatus.IN_DIAGNOSIS)})


# --- Hot lists ---------------------------------------------------------------------------


@admin_required
@require_http_methods(["GET", "POST"])
def hot_lists(request):
    campaign = _current_campaign()
    if request.method == "POST":
        field = IndustryField.objects.filter(year=campaign.year, pk=request.POST.get("field") or 0).first()
        try:
            if field is None:
                raise DomainError(_("Choose one of the year's industry fields."), field="field")
            hot_list = hot_list_services.create_hot_list(
                actor=request.user, campaign=campaign, field=field, title=request.POST.get("title", ""),
                demand_ids=[pk for pk in request.POST.getlist("demands") if pk.isdigit()])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The list “%(title)s” is drawn up; publish it when ready.") % {
                "title": hot_list.title})
        return redirect("challenge:hot-lists")
    return render(request, "challenge/hot_lists/manage.html", {
        "campaign": campaign, "approved": selectors.approved_demands(campaign).order_by("field__position", "pk"),
        "fields": IndustryField.objects.filter(year=campaign.year),
        "lists": HotList.objects.filter(campaign=campaign).select_related("field")})


@admin_required
@require_POST
def hot_list_publish(request, pk: int):
    hot_list = get_object_or_404(HotList, pk=pk)
    try:
        hot_list_services.publish_hot_list(actor=request.user, hot_list=hot_list)
        messages.success(request, _("“%(title)s” is published.") % {"title": hot_list.title})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("challenge:hot-lists")
