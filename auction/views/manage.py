"""The administrator's bidding pages: bidding days, lots and their terms, scheduling,
withdrawal and relisting, registrations and deposits, and the seller's confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auction import access, selectors
from auction.choices import LOT_EDITABLE, LotStatus
from auction.forms_bidding import (
    DayForm,
    DepositForm,
    LotForm,
    NegotiatedDealForm,
    ReasonForm,
    RefundForm,
    ScheduleForm,
)
from auction.models import AuctionRules, BiddingDay, Lot, Registration
from auction.services import bidding, days, deals, lots
from auction.views.bidding import lot_for
from auction.views.common import campaign_from
from jbgs import access as kernel_access
from jbgs.exceptions import DomainError
from jbgs.forms import errors_text
from jbgs.views.helpers import admin_required, form_error_from_domain, page_of, require


@admin_required
@require_http_methods(["GET", "POST"])
def days_page(request):
    """Lay the year's days out from its rules, add a special day, cancel one."""
    campaign = campaign_from(request)
    form = DayForm(request.POST or None, prefix="add")
    if request.method == "POST":
        try:
            if "layout" in request.POST:
                count = days.layout_days(actor=request.user, campaign=campaign)
                messages.success(request, _("%(n)s bidding days added.") % {"n": count})
                return redirect("auction:manage-days")
            if form.is_valid():
                data = form.cleaned_data
                day = days.add_day(actor=request.user, campaign=campaign, date=data["date"],
                                   opens_at=data["opens_at"], closes_at=data["closes_at"], note=data["note"])
                messages.success(request, _("%(date)s is a bidding day.") % {"date": day.date})
                return redirect("auction:manage-days")
        except DomainError as error:
            if error.field:
                form_error_from_domain(form, error)
            else:
                messages.error(request, error.message)
    all_days = selectors.bidding_days(campaign=campaign, public_only=False)
    return render(request, "auction/manage/days.html", {"campaign": campaign, "rules": AuctionRules.of(campaign),
                                                        "days": all_days, "form": form,
                                                        "cancel_form": ReasonForm()})


@admin_required
@require_POST
def cancel_day(request, pk: int):
    day = get_object_or_404(BiddingDay, pk=pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Give the reason."))
        days.cancel_day(actor=request.user, day=day, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(date)s is cancelled.") % {"date": day.date})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("auction:manage-days")


@admin_required
def lot_list(request):
    status = request.GET.get("status", "")
    qs, counts = selectors.lots_by_status(status if status in LotStatus.values else "")
    return render(request, "auction/manage/lots.html", {
        "page": page_of(request, qs), "status": status, "statuses": LotStatus.choices, "counts": counts})


@admin_required
@require_http_methods(["GET", "POST"])
def lot_create(request):
    """A new lot from a published item (and, as a package, others of the same unit)."""
    pk = request.GET.get("item") or request.POST.get("item_pk")
    first = get_object_or_404(selectors.publishable_item(pk if str(pk).isdigit() else None))
    campaign = campaign_from(request)
    rules = AuctionRules.of(campaign)
    initial = {"items": [first.pk], "title": first.title, "trade_mode": (first.trade_modes or ["assignment"])[0],
               "start_price": first.asking_price, "snipe_window_minutes": rules.snipe_window_minutes,
               "snipe_extension_minutes": rules.snipe_extension_minutes,
               "snipe_cap_minutes": rules.snipe_cap_minutes}
    form = LotForm(request.POST or None, seller=first.organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lot = lots.create_lot(actor=request.user, campaign=campaign, items=form.cleaned_data["items"],
                                  terms=form.terms())
        except (DomainError, ValidationError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Lot %(number)s was created; the seller is asked to confirm its terms.")
                             % {"number": lot.number})
            return redirect("auction:manage-lot", pk=lot.pk)
    return render(request, "auction/manage/lot_form.html", {"form": form, "first": first, "lot": None})


def _manage_lot(pk: int) -> Lot:
    return get_object_or_404(selectors.lots(), pk=pk)


def _seller_lot(request, pk: int) -> Lot:
    """A lot for its seller's liaison or an administrator: not found by others while it is
    not public, refused once it is."""
    lot = lot_for(request, pk)
    require(access.can_see_reserve(request.user, lot))
    return lot


@admin_required
@require_http_methods(["GET", "POST"])
def lot_edit(request, pk: int):
    lot = _manage_lot(pk)
    initial = {name: getattr(lot, name) for name in lots.TERM_FIELDS}
    initial["items"] = list(lot.items.values_list("pk", flat=True))
    form = LotForm(request.POST or None, seller=lot.seller, lot=lot, initial=initial)
    form.fields["items"].disabled = True  # a lot's items are fixed; relist to change them
    if request.method == "POST" and form.is_valid():
        try:
            lots.update_terms(actor=request.user, lot=lot, terms=form.terms())
        except (DomainError, ValidationError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The terms were saved."))
            return redirect("auction:manage-lot", pk=lot.pk)
    return render(request, "auction/manage/lot_form.html", {"form": form, "lot": lot, "first": None})


@admin_required
@require_http_methods(["GET", "POST"])
def lot_manage(request, pk: int):
    """One lot for the administrator: terms, schedule, withdrawal, relisting, bidders."""
    lot = _manage_lot(pk)
    schedule_form = ScheduleForm(request.POST or None, campaign=lot.campaign, prefix="schedule")
    if request.method == "POST" and "schedule" in request.POST and schedule_form.is_valid():
        day, starts_at, ends_at = schedule_form.times()
        try:
            lots.schedule(actor=request.user, lot=lot, day=day, starts_at=starts_at, ends_at=ends_at)
        except DomainError as error:
            form_error_from_domain(schedule_form, error)
        else:
            messages.success(request, _("Lot %(number)s is on %(date)s.") % {"number": lot.number, "date": day.date})
            return redirect("auction:manage-lot", pk=lot.pk)
    return render(request, "auction/manage/lot.html", {
        "lot": lot, **selectors.desk_lot(lot), **selectors.lot_series(lot), "schedule_form": schedule_form,
        "withdraw_form": ReasonForm(prefix="withdraw"), "series_form": ReasonForm(prefix="series"),
        "can_stop_series": True, "refund_form": RefundForm(), "deposit_due": selectors.deposit_due_at(lot),
        "now": timezone.now(), "today": timezone.localdate(),
        "editable": lot.status in LOT_EDITABLE,
        "negotiated_form": NegotiatedDealForm(lot=lot) if lot.status == LotStatus.UNSOLD else None,
    })


@admin_required
@require_POST
def lot_withdraw(request, pk: int):
    lot = _manage_lot(pk)
    form = ReasonForm(request.POST, prefix="withdraw")
    try:
        if not form.is_valid():
            raise DomainError(_("Give the reason."))
        lots.withdraw(actor=request.user, lot=lot, reason=form.cleaned_data["reason"])
        messages.success(request, _("Lot %(number)s was withdrawn.") % {"number": lot.number})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("auction:manage-lot", pk=lot.pk)


@admin_required
@require_POST
def lot_relist(request, pk: int):
    lot = _manage_lot(pk)
    try:
        new = lots.relist(actor=request.user, lot=lot)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("auction:manage-lot", pk=lot.pk)
    messages.success(request, _("Relisted as lot %(number)s.") % {"number": new.number})
    return redirect("auction:manage-lot", pk=new.pk)


@login_required
@require_POST
def lot_stop_series(request, pk: int):
    """The seller's liaison or an administrator stops the lot's bidding series."""
    lot = _seller_lot(request, pk)
    form = ReasonForm(request.POST, prefix="series")
    try:
        if not form.is_valid():
            raise DomainError(_("Give the reason."))
        stopped = lots.stop_series(actor=request.user, lot=lot, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Lot %(number)s will not be offered on later bidding days.")
                         % {"number": stopped.number})
    if kernel_access.is_admin(request.user):
        return redirect("auction:manage-lot", pk=lot.pk)
    return redirect("auction:lot-terms", pk=lot.pk)


@admin_required
@require_POST
def negotiated_deal(request, pk: int):
    lot = _manage_lot(pk)
    form = NegotiatedDealForm(request.POST, lot=lot)
    try:
        if not form.is_valid():
            raise DomainError(errors_text(form))
        data = form.cleaned_data
        deal = deals.record_negotiated_deal(actor=request.user, lot=lot, buyer=data["buyer"], price=data["price"],
                                            trade_mode=data["trade_mode"], note=data["note"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("auction:manage-lot", pk=lot.pk)
    messages.success(request, _("Deal %(number)s recorded.") % {"number": deal.number})
    return redirect("auction:deal", pk=deal.pk)


@admin_required
@require_POST
def confirm_deposit(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    form = DepositForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(errors_text(form))
        bidding.confirm_deposit(actor=request.user, registration=registration, **form.cleaned_data)
        messages.success(request, _("The deposit of bidder %(alias)s is confirmed.") % {"alias": registration.alias})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("auction:manage-lot", pk=registration.lot_id)


@admin_required
@require_POST
def record_refund(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    form = RefundForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Give the refund's date and reference."))
        bidding.record_refund(actor=request.user, registration=registration, **form.cleaned_data)
        messages.success(request, _("The refund to bidder %(alias)s is recorded.") % {"alias": registration.alias})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("auction:manage-lot", pk=registration.lot_id)


@login_required
def seller_lots(request):
    """The seller unit's lots: what waits for its confirmation, what is scheduled or sold."""
    require(request.user.has_role("liaison") and request.user.organization_id)
    unit_lots = selectors.seller_lots(request.user.organization_id)
    return render(request, "auction/manage/seller_lots.html", {"lots": unit_lots})


@login_required
@require_http_methods(["GET", "POST"])
def lot_terms(request, pk: int):
    """The seller unit's liaison reads the listing terms and confirms them."""
    lot = _seller_lot(request, pk)
    if request.method == "POST":
        seen = request.POST.get("version", "")
        try:  # the terms as the page showed them (the page below shows them as they are now)
            lots.confirm_terms(actor=request.user, lot=lot, seen_version=int(seen) if seen.isdigit() else -1)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You confirmed the terms of lot %(number)s.") % {"number": lot.number})
            return redirect("auction:lot-terms", pk=lot.pk)
    liaison = access.is_unit_liaison(request.user, lot.seller)
    return render(request, "auction/manage/terms.html", {
        "lot": lot, "items": lot.items.all(), "can_confirm": liaison and lot.status == LotStatus.DRAFT,
        "can_stop_series": liaison, "series_form": ReasonForm(prefix="series"), **selectors.lot_series(lot)})
