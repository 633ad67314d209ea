"""The demand side's pages: the public's (published demands and hot lists, through
challenge.public only), the enterprise's own demands, the experts' diagnosis and the
administrator's hot lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from challenge import access, matching, selectors
from challenge.choices import DEMAND_EDITABLE, DemandStatus
from challenge.forms import DemandForm, DemandSearchForm, DiagnosisForm
from challenge.models import ChallengeRules, Demand, DetailRequest, HotList
from challenge.public import public_demand
from challenge.services import attachments as attachment_services
from challenge.services import demands as demand_services
from challenge.services import details as detail_services
from challenge.services import hot_lists as hot_list_services
from challenge.services import pushes as push_services
from jbgs import access as kernel_access
from jbgs.choices import Role
from jbgs.exceptions import DomainError
from jbgs.exports import xlsx_response
from jbgs.models import Campaign, IndustryField
from jbgs.views.helpers import admin_required, form_error_from_domain, page_of, require


def _current_campaign() -> Campaign:
    campaign = selectors.current_campaign()
    if campaign is None:
        raise Http404
    return campaign


# --- The public ------------------------------------------------------------------------


def demand_list(request):
    q, field_code = DemandSearchForm(request.GET).terms()
    page = page_of(request, selectors.search_public(q, field_code), per_page=20)
    return render(request, "challenge/demands/list.html", {
        "page": page, "demands": [public_demand(d, d.targets.all()) for d in page], "q": q, "field_code": field_code,
        "fields": IndustryField.objects.filter(year=_current_campaign().year),
        "hot_lists": selectors.published_hot_lists()[:6]})


def demand_detail(request, pk: int):
    demand = get_object_or_404(selectors.public_demands(), pk=pk)
    push_services.mark_opened(request.user, demand.pk)
    asked = (demand.detail_requests.filter(solver=request.user).first() if request.user.is_authenticated else None)
    return render(request, "challenge/demands/detail.html", {
        "demand": public_demand(demand), "asked": asked,
        # Its files, if it shows them (or the enterprise granted this solver its hidden details).
        "files": demand.attachments.all() if attachment_services.may_read_demand_file(request.user, demand) else [],
        # Only a solver the enterprise granted sees the demand whole, here and nowhere else.
        "whole": demand if asked and detail_services.granted(request.user, demand) else None,
        "may_solve": request.user.is_authenticated and request.user.has_role(Role.SOLVER)
        and request.user.organization_id != demand.organization_id and demand.status == DemandStatus.PUBLISHED})


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
    if not access.sees_whole(request.user, demand):
        raise Http404
    return demand


@login_required
def mine(request):
    require(access.posts_demands(request.user))
    return render(request, "challenge/demands/mine.html", {
        "demands": selectors.organization_demands(request.user.organization)})


@login_required
@require_http_methods(["GET", "POST"])
def demand_edit(request, pk: int | None = None):
    demand = _own_demand(request, pk) if pk else None
    if demand is None:
        require(access.posts_demands(request.user))
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
        except (ValidationError, DomainError) as error:
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
        "solutions": selectors.demand_solutions(demand),
        "detail_requests": demand.detail_requests.select_related("organization", "solver"),
        "editable": demand.status in DEMAND_EDITABLE,
        # 推荐揭榜方: ranked now, as the catalogue stands; each with why.
        "recommended": [{"name": c.name, "why": matching.explanation(c.parts, c.terms, [
            (pk, title) for pk, title, _weight in c.items])} for c in matching.rank_solvers(demand, limit=10)]
        if demand.is_public else []})


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
def details_request(request, pk: int):
    demand = get_object_or_404(selectors.public_demands(), pk=pk)
    try:
        detail_services.request_details(actor=request.user, demand=demand, message=request.POST.get("message", ""))
        messages.success(request, _("Your request was sent to the enterprise."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("challenge:demand", pk=demand.pk)


@login_required
@require_POST
def details_decide(request, pk: int):
    detail_request = get_object_or_404(DetailRequest.objects.select_related("demand"), pk=pk)
    _own_demand(request, detail_request.demand_id)
    try:
        detail_services.decide(actor=request.user, request=detail_request, grant=request.POST.get("grant") == "1")
        messages.success(request, _("Your decision is recorded."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("challenge:demand-mine-detail", pk=detail_request.demand_id)


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


@login_required
def diagnosis_queue(request):
    require(access.may_diagnose(request.user))
    return render(request, "challenge/diagnosis/queue.html", {"demands": selectors.awaiting_diagnosis()})


@login_required
@require_http_methods(["GET", "POST"])
def diagnose(request, pk: int):
    require(access.may_diagnose(request.user))
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


FUNNEL_HEADER = (gettext_lazy("Collected"), gettext_lazy("Diagnosed"), gettext_lazy("Published"),
                 gettext_lazy("Answered"), gettext_lazy("Intention"), gettext_lazy("Contract"))


@admin_required
def funnel(request):
    """The year's funnel by field or by city, on the page or as an Excel file."""
    campaign = _current_campaign()
    by = "city" if request.GET.get("by") == "city" else "field"
    rows = selectors.funnel(campaign, by)
    if request.GET.get("format") == "xlsx":
        first = _("City") if by == "city" else _("Industry field")
        return xlsx_response(
            sheet=_("Demand funnel"), header=[first, *FUNNEL_HEADER], widths=[24, 10, 10, 10, 10, 10, 10],
            rows=[[row["group"] or _("Total"), *(row[step] for step in selectors.FUNNEL_STEPS)] for row in rows],
            filename=f"{campaign.year}-demand-funnel-{by}.xlsx")
    return render(request, "challenge/hot_lists/funnel.html", {
        "campaign": campaign, "rows": rows, "by": by, "steps": selectors.FUNNEL_STEPS, "header": FUNNEL_HEADER})


@admin_required
def push_coverage(request):
    campaign = _current_campaign()
    return render(request, "challenge/hot_lists/coverage.html", {"campaign": campaign,
                                                                 **selectors.push_coverage(campaign)})


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


@login_required
def long_standing(request):
    """长期未揭榜的需求: published demands still without a solution, for the managers who serve
    them (technology managers, session organisers, the administrators), with how often they
    were pushed and matched. Through the public projection: the managers are not the enterprise."""
    require(kernel_access.is_admin(request.user) or request.user.has_role(Role.MANAGER, Role.ORGANIZER))
    page = page_of(request, selectors.long_standing(), per_page=30)
    now = timezone.now()
    return render(request, "challenge/demands/long_standing.html", {
        "page": page, "rows": [(public_demand(d, d.targets.all()), (now - d.published_at).days, d.push_count,
                                d.match_count, d.repushed_at) for d in page]})
