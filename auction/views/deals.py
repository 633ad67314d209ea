"""Deals: every deal's stage for the administrators (and export), each party's own deals,
and the steps after the hammer: contract, registration, transfer of ownership."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from auction import access, selectors
from auction.choices import DealStage
from auction.forms_bidding import ContractForm, ContractRegistrationForm, TransferForm
from auction.models import Deal
from auction.services import deals
from jbgs import access as kernel_access
from jbgs.exceptions import DomainError
from jbgs.exports import xlsx_response
from jbgs.forms import errors_text
from jbgs.views.helpers import admin_required, page_of, require


@login_required
def deal_list(request):
    qs = access.visible_deals(request.user).order_by("-concluded_at")
    stage = request.GET.get("stage", "")
    if stage in DealStage.values:
        qs = qs.filter(stage=stage)
    if request.GET.get("format") == "xlsx" and kernel_access.is_admin(request.user):
        return _export(qs)
    return render(request, "auction/deals/list.html", {"page": page_of(request, qs), "stage": stage,
                                                       "stages": DealStage.choices,
                                                       "is_admin": kernel_access.is_admin(request.user)})


def _export(deals_qs):
    header = [_("Confirmation number"), _("Lot or subject"), _("How it was reached"), _("Seller"), _("Buyer"),
              _("Deal price (yuan)"), _("Stage"), _("Concluded at"), _("Contract number"), _("Contract amount (yuan)"),
              _("Registration number"), _("Registered on"), _("Ownership recorded on"), _("Project support")]
    rows = ([d.number, f"{d.lot.number} {d.lot.title}" if d.lot else d.subject, d.get_method_display(), d.seller.name, d.buyer.name,
             d.price, d.get_stage_display(), timezone.localtime(d.concluded_at).strftime("%Y-%m-%d %H:%M"),
             d.contract_number, d.contract_amount, d.registration_number, d.registered_on, d.transferred_on,
             _("eligible") if d.support_eligible else ""] for d in deals_qs)
    return xlsx_response(sheet=_("Deals"), header=header, rows=rows,
                         widths=(18, 40, 14, 30, 30, 14, 12, 18, 18, 14, 20, 12, 12, 10),
                         filename=f"deals-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def deal_detail(request, pk: int):
    deal = get_object_or_404(selectors.deals(), pk=pk)
    require(access.can_view_deal(request.user, deal))
    is_admin = kernel_access.is_admin(request.user)
    forms = {}
    if is_admin:
        forms = {DealStage.CONFIRMED: ContractForm(initial={"trade_form": deal.trade_mode,
                                                            "contract_amount": deal.price}),
                 DealStage.CONTRACT_SIGNED: ContractRegistrationForm(), DealStage.REGISTERED: TransferForm()}
    return render(request, "auction/deals/detail.html", {
        "deal": deal, "items": deal.lot.items.all() if deal.lot else [], "next_form": forms.get(deal.stage),
        "is_admin": is_admin,
        "stages": DealStage.choices})


@admin_required
@require_POST
def deal_advance(request, pk: int):
    """The next step of the deal, from the form of its current stage."""
    deal = get_object_or_404(Deal, pk=pk)
    try:
        if deal.stage == DealStage.CONFIRMED:
            form = ContractForm(request.POST)
            _valid(form)
            deals.record_contract(actor=request.user, deal=deal, **form.cleaned_data)
        elif deal.stage == DealStage.CONTRACT_SIGNED:
            form = ContractRegistrationForm(request.POST, request.FILES)
            _valid(form)
            deals.register_contract(actor=request.user, deal=deal, **form.cleaned_data)
        elif deal.stage == DealStage.REGISTERED:
            form = TransferForm(request.POST)
            _valid(form)
            deals.record_transfer(actor=request.user, deal=deal, **form.cleaned_data)
        else:
            raise DomainError(_("The deal is complete."))
    except (DomainError, ValidationError) as error:
        messages.error(request, getattr(error, "message", None) or " ".join(error.messages))
    else:
        messages.success(request, _("The deal moved on."))
    return redirect("auction:deal", pk=deal.pk)


def _valid(form) -> None:
    if not form.is_valid():
        raise DomainError(errors_text(form))
