"""The project library (项目库): every cooperation for administrators, one's own for a
responsible manager; each with its follow-ups, recorded on its page; and each pair's contract,
recorded by the enterprise, the responsible manager or an administrator."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from auction.choices import DealStage
from challenge import selectors
from challenge.choices import COOPERATION_OPEN, COOPERATION_TRANSITIONS, CooperationStage
from challenge.services import cooperations as cooperation_services
from jbgs import access
from jbgs.choices import Role
from jbgs.exceptions import DomainError
from jbgs.forms import LooseDateField
from jbgs.models import User
from jbgs.parsing import TYPED_UNIT, parse_amount
from jbgs.views.helpers import form_error_from_domain, page_of, require


class FollowUpForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("What the follow-up found"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    stage = forms.ChoiceField(label=gettext_lazy("Stage after it"), choices=CooperationStage.choices)
    next_on = LooseDateField(label=gettext_lazy("Next follow-up"), required=False,
                             help_text=gettext_lazy("Left empty: after the year's interval."))

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        reachable = {cooperation.stage, *COOPERATION_TRANSITIONS[cooperation.stage]}
        if cooperation.stage != CooperationStage.CONTRACT_SIGNED:
            reachable.discard(CooperationStage.CONTRACT_SIGNED)  # with the contract, on its own form
        self.fields["stage"].choices = [(code, label) for code, label in CooperationStage.choices if code in reachable]
        self.fields["stage"].initial = cooperation.stage


class RegistrationForm(forms.Form):
    """合同登记 added later: the registration's number and date, both required. The contract
    form takes them too, optionally (both or neither: the service says which one is missing)."""

    registration_number = forms.CharField(label=gettext_lazy("Technology contract registration number"),
                                          max_length=60)
    registered_on = LooseDateField(label=gettext_lazy("Registered on"))


class ContractForm(RegistrationForm):
    """合同签署: the contract's number, amount (in 万元, as the demand's amount is typed) and
    signing date; its registration too, if it is registered already."""

    field_order = ["contract_number", "contract_amount", "signed_on", "registration_number", "registered_on"]
    contract_number = forms.CharField(label=gettext_lazy("Contract number"), max_length=60)
    contract_amount = forms.CharField(label=gettext_lazy("Contract amount (10,000 yuan)"),
                                      widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    signed_on = LooseDateField(label=gettext_lazy("Signed on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("registration_number", "registered_on"):
            self.fields[name].required = False
            self.fields[name].help_text = gettext_lazy("If it is registered already; else later.")

    def clean_contract_amount(self):
        amount = parse_amount(self.cleaned_data.get("contract_amount"), unit=TYPED_UNIT)
        if amount is None or amount <= 0:
            raise ValidationError(_("Give the contract amount."), code="required")
        return amount


@login_required
def library(request):
    require(access.is_admin(request.user) or request.user.has_role(Role.MANAGER, Role.ORGANIZER))
    stage = request.GET.get("stage", "")
    cooperations = selectors.cooperations(None if access.is_admin(request.user) else request.user)
    if stage in CooperationStage.values:
        cooperations = cooperations.filter(stage=stage)
    return render(request, "challenge/cooperations/list.html", {
        "page": page_of(request, cooperations), "stage": stage, "stages": CooperationStage.choices,
        "today": timezone.localdate()})


@login_required
@require_http_methods(["GET", "POST"])
def cooperation_detail(request, pk: int):
    cooperation = get_object_or_404(selectors.cooperations(None), pk=pk)
    if not cooperation_services.may_follow_up(request.user, cooperation):
        raise Http404
    form = FollowUpForm(request.POST if "note" in request.POST else None, cooperation=cooperation)
    if request.method == "POST" and "manager" in request.POST and access.is_admin(request.user):
        manager = User.objects.filter(pk=request.POST.get("manager") or 0).first()
        try:
            if manager is None:
                raise DomainError(_("Choose a technology manager, an organiser or an administrator."))
            cooperation_services.assign_manager(actor=request.user, cooperation=cooperation, manager=manager)
            messages.success(request, _("The responsible manager is named."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("challenge:cooperation", pk=cooperation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            cooperation_services.record_follow_up(actor=request.user, cooperation=cooperation, **form.cleaned_data)
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The follow-up is recorded."))
            return redirect("challenge:cooperation", pk=cooperation.pk)
    return render(request, "challenge/cooperations/detail.html", {
        "cooperation": cooperation, "form": form, "follow_ups": cooperation.follow_ups.select_related("author"),
        "managers": selectors.possible_managers() if access.is_admin(request.user) else None,
        "open": cooperation.stage in COOPERATION_OPEN})


@login_required
@require_http_methods(["GET", "POST"])
def cooperation_contract(request, pk: int):
    """The pair's contract: recorded once (合同签署), then its registration (合同登记) if it
    was not given with it. A cooperation the user may not record a contract for is not found."""
    cooperation = get_object_or_404(selectors.cooperations(None), pk=pk)
    if not cooperation_services.may_record_contract(request.user, cooperation):
        raise Http404
    deal = cooperation.deal
    form_class = ContractForm if deal is None else RegistrationForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if deal is None:
                cooperation_services.record_contract(actor=request.user, cooperation=cooperation, **form.cleaned_data)
            else:
                cooperation_services.register_contract(actor=request.user, cooperation=cooperation,
                                                       **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The contract is recorded."))
            return redirect("challenge:cooperation-contract", pk=cooperation.pk)
    return render(request, "challenge/cooperations/contract.html", {
        "cooperation": cooperation, "deal": deal, "form": form,
        "form_open": (deal is None and cooperation.stage != CooperationStage.STOPPED)
        or (deal is not None and deal.stage == DealStage.CONTRACT_SIGNED),
        "follows_up": cooperation_services.may_follow_up(request.user, cooperation)})
