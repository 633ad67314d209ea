"""Bidding pages: the calendar of bidding days, a day's lots, the live lot page with its bid
forms and its documents, registration, proxy bidding, the watchlist, and the deal confirmation."""

import datetime
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auction import access, documents, selectors
from auction.choices import LOT_PUBLIC, LotStatus
from auction.forms_bidding import BidForm, ProxyForm, RegisterForm
from auction.models import AuctionRules, Lot
from auction.services import bidding, deals, live, watches
from jbgs import access as kernel_access
from jbgs.choices import Role
from jbgs.exceptions import DomainError
from jbgs.money import wan, yuan_text
from jbgs.views.helpers import require


def lot_for(request, pk: int) -> Lot:
    """The one access helper for lot pages: a lot before its day (or withdrawn) is seen only
    by the administrators and the seller; for anyone else it is not found, as in the API."""
    lot = get_object_or_404(selectors.lots(), pk=pk)
    if not access.can_view_lot(request.user, lot):
        raise Http404
    return lot


def calendar(request):
    """The year's bidding days, with how many lots each has."""
    today = timezone.localdate()
    campaign = selectors.current_auction_campaign(today)
    days = selectors.bidding_days(campaign=campaign) if campaign else []
    return render(request, "auction/bidding/calendar.html", {
        "campaign": campaign, "rules": AuctionRules.of(campaign) if campaign else None,
        "upcoming": [d for d in days if d.date >= today],
        "past": [d for d in days if d.date < today and d.lot_count][::-1][:20], "today": today,
    })


def _day_context(date: str) -> dict:
    try:
        when = datetime.date.fromisoformat(date)
    except ValueError:
        raise Http404
    bidding_day = get_object_or_404(selectors.bidding_day(when))
    lots = list(selectors.day_lots(bidding_day))
    now = timezone.now()
    for lot in lots:
        lot.shown_status = live.status_at(lot.status, lot.starts_at, lot.effective_end, now)
    return {"day": bidding_day, "lots": lots, "now": now,
            "day_live": any(lot.shown_status in (LotStatus.SCHEDULED, LotStatus.OPEN) for lot in lots)}


def day(request, date: str):
    return render(request, "auction/bidding/day.html", _day_context(date))


def day_live(request, date: str):
    """The day's lots, polled every few seconds while any is yet to end: an unchanged day
    (no bid, no close, no lot opening) answers 304 (ETag)."""
    context = _day_context(date)
    fingerprint = "|".join(f"{lot.pk}:{lot.version}:{lot.shown_status}:{lot.effective_end}" for lot in context["lots"])
    etag = '"day-' + hashlib.sha256(fingerprint.encode()).hexdigest()[:20] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = render(request, "auction/bidding/fragments/_day_rows.html", context)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    response["X-Server-Time"] = str(int(context["now"].timestamp() * 1000))
    return response


def _live_context(request, lot: Lot, state: dict, registration) -> dict:
    """What the live panel shows: the state, and the user's registration (or None)."""
    from decimal import Decimal

    now = timezone.now()
    minimum = Decimal(state["minimum_bid"])
    increment = Decimal(state["increment"])
    mine = selectors.my_state(state["leader_registration"], registration, request.user, state["status"])
    # Before the first bid the start price, then 1 and 4 increments above it; after it, 1, 2
    # and 5 increments above the price. Each button posts its exact amount in yuan.
    price = Decimal(state["current_price"]) if state["current_price"] else None
    quick = ([(steps, price + steps * increment) for steps in (1, 2, 5)] if price is not None
             else [(steps, minimum + steps * increment) for steps in (0, 1, 4)])
    return {"lot": lot, "state": state, "now": now, "mine": mine, "quick": quick,
            "is_open": state["status"] == LotStatus.OPEN, "registration": registration}


def lot_page(request, pk: int):
    lot = lot_for(request, pk)
    state = live.public_state(lot.pk)
    bidder = selectors.bidder_state(request.user, lot)
    context = {**_live_context(request, lot, state, bidder["registration"]), **bidder}
    context.update({
        "biddable": lot.status in (LotStatus.SCHEDULED, LotStatus.OPEN) and lot.effective_end is not None
        and lot.effective_end > context["now"],
        "is_bidder": request.user.is_authenticated and request.user.has_role(Role.BIDDER),
        "is_admin": kernel_access.is_admin(request.user),
        "items": (items := list(selectors.lot_items(lot))),
        "attachments": selectors.public_attachments(items),
        "can_see_reserve": access.can_see_reserve(request.user, lot),
        "bid_form": BidForm(), "proxy_form": ProxyForm(), "deal": selectors.sold_deal(lot),
        "carried_to": selectors.lot_series(lot)["carried_to"] if lot.status == LotStatus.UNSOLD else None,
        "public_statuses": LOT_PUBLIC,
        "registered": selectors.registered_bidders(lot),
        "payment": selectors.deposit_payment(lot, bidder["registration"]),
    })
    if context["deal"] is not None and not access.can_view_deal(request.user, context["deal"]):
        context["deal"] = None
    return render(request, "auction/bidding/lot.html", context)


def announcement(request, pk: int):
    """The lot's 拍卖公告, to whoever may see the lot."""
    lot = lot_for(request, pk)
    return _inline_pdf(documents.announcement_pdf(lot), f"拍卖公告-{lot.number}.pdf")


def bidding_terms(request, pk: int):
    """The lot's 竞买须知, to whoever may see the lot."""
    lot = lot_for(request, pk)
    return _inline_pdf(documents.bidding_terms_pdf(lot), f"竞买须知-{lot.number}.pdf")


def _inline_pdf(pdf: bytes, filename: str) -> HttpResponse:
    """A document the browser shows; saved, it keeps its Chinese name."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename)
    return response


def lot_live(request, pk: int):
    """The live panel, polled every second: an unchanged state answers 304 (ETag)."""
    state = live.public_state(pk)
    if state is None or state["status"] not in LOT_PUBLIC:
        raise Http404
    lot, registration = Lot(pk=pk), None
    etag = state["etag"]
    if request.user.is_authenticated:
        registration = selectors.registration_of(request.user, lot)
        etag = etag[:-1] + (f"-r{registration.pk}{registration.deposit_state}" if registration else "-u") + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = render(request, "auction/bidding/fragments/_live.html",
                          _live_context(request, lot, state, registration))
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache, private"
    # The server's clock at every poll, for the countdown: a 304 leaves the browser with the
    # body it cached, whose time is that of the last change, but its headers are this answer's.
    response["X-Server-Time"] = str(int(timezone.now().timestamp() * 1000))
    return response


def _answer(request, lot: Lot, registration, error: DomainError | None = None, success: str = "",
            state: dict | None = None):
    """The live panel with the bid's outcome beside it (htmx), or back to the lot's page.
    `state`: what the bid left; otherwise the state is read from the database (the cache is
    the bid's to drop, after its commit; a refused or invalid request leaves it alone)."""
    if error is not None:
        messages.error(request, error.message)
    elif success:
        messages.success(request, success)
    if request.htmx:
        state = state or live.public_state(lot.pk, fresh=True)
        context = _live_context(request, lot, state, registration)
        return render(request, "auction/bidding/fragments/_live.html", {**context, "flash": True})
    return redirect("auction:lot", pk=lot.pk)


@login_required
@require_POST
def place_bid(request, pk: int):
    """A quick bid (its exact amount is on the button) or a confirmed free amount. The lot and
    the bidder's registration are read once, for the page's access and for the bid's rules,
    and the answer shows the state the bid left: as the API, a bid costs its read and its
    write, and the panel the history."""
    now = timezone.now()  # before the lot is read, as the API takes it
    lot, registration = bidding.read_for_bid(pk, request.user)
    if lot is None or not access.can_view_lot(request.user, lot):
        raise Http404
    form = BidForm(request.POST)
    if not form.is_valid():
        return _answer(request, lot, registration, DomainError(form.errors["amount"][0]))
    try:
        result = bidding.place_bid(lot_id=lot.pk, bidder=request.user, amount=form.cleaned_data["amount"], now=now,
                                   seen=(lot, registration))
    except DomainError as error:
        return _answer(request, lot, registration, error)
    last_bid = max(bid.pk for bid in [result.bid, *result.proxy_bids] if bid.accepted)
    state = live.state_left_by(result.lot, last_bid, now) if request.htmx else None
    accepted = _("Your bid of %(amount)s × 10,000 yuan is accepted.") % {"amount": wan(result.bid.amount)}
    return _answer(request, result.lot, registration, success=accepted, state=state)


@login_required
def confirm_bid(request, pk: int):
    """The confirmation step of a free amount: the amount in 万元 and in 大写, then the bid."""
    lot = lot_for(request, pk)
    form = BidForm(request.GET)
    if not form.is_valid():
        return render(request, "auction/bidding/fragments/_confirm.html", {"lot": lot, "form": form})
    amount = form.cleaned_data["amount"]
    # The same rules as the bid: a wrong amount is refused here, with the valid ones.
    refusal = bidding.check_amount(lot_id=lot.pk, bidder=request.user, amount=amount)
    return render(request, "auction/bidding/fragments/_confirm.html", {
        "lot": lot, "form": form, "amount": None if refusal else amount, "refusal": refusal})


@login_required
@require_http_methods(["GET", "POST"])
def register(request, pk: int):
    lot = lot_for(request, pk)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = bidding.register(bidder=request.user, lot=lot, rules_accepted=True,
                                            disclaimer_accepted=True)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if registration.may_bid:
                messages.success(request, _("You are registered as bidder %(alias)s.") % {"alias": registration.alias})
            else:
                messages.success(request, _("You are registered as bidder %(alias)s. Pay the deposit of %(amount)s "
                                            "yuan as shown below; you can bid once the platform has confirmed it.")
                                 % {"alias": registration.alias, "amount": yuan_text(registration.deposit_amount)})
                return redirect(reverse("auction:lot", args=[lot.pk]) + "#deposit")
            return redirect("auction:lot", pk=lot.pk)
    return render(request, "auction/bidding/register.html",
                  {"lot": lot, "form": form, "rules": AuctionRules.of(lot.campaign),
                   "payment": selectors.deposit_payment(lot)})


@login_required
@require_POST
def proxy(request, pk: int):
    lot = lot_for(request, pk)
    if "cancel" in request.POST:
        bidding.cancel_proxy(bidder=request.user, lot_id=lot.pk)
        messages.success(request, _("Automatic bidding is off."))
        return redirect("auction:lot", pk=lot.pk)
    form = ProxyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["ceiling"][0])
        return redirect("auction:lot", pk=lot.pk)
    try:
        bidding.set_proxy(bidder=request.user, lot_id=lot.pk, ceiling=form.cleaned_data["ceiling"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The platform will bid for you up to %(amount)s × 10,000 yuan.") % {
            "amount": wan(form.cleaned_data["ceiling"])})
    return redirect("auction:lot", pk=lot.pk)


@login_required
@require_POST
def watch(request, pk: int):
    lot = lot_for(request, pk)
    watching = watches.toggle_watch(user=request.user, lot=lot)
    if request.htmx:
        return render(request, "auction/bidding/fragments/_watch.html", {"lot": lot, "watching": watching})
    return redirect("auction:lot", pk=lot.pk)


@login_required
def mine(request):
    """A bidder's lots: registered and watched, with their state."""
    registrations, watches = selectors.bidder_lots(request.user)
    return render(request, "auction/bidding/mine.html", {"registrations": registrations, "watches": watches,
                                                         "open_statuses": (LotStatus.SCHEDULED, LotStatus.OPEN)})


@login_required
def confirmation(request, pk: int):
    """The 成交确认书 of a deal: for the winner, the seller and the administrators. The copy
    kept with the deal (stored by a task after the close), or, until it is, one rendered for
    this answer: a GET stores nothing. A contract of the challenge has none (no lot was sold)."""
    deal = get_object_or_404(selectors.deals().filter(lot__isnull=False), pk=pk)
    require(access.can_view_deal(request.user, deal))
    filename = f"成交确认书-{deal.number}.pdf"
    if deal.confirmation:
        return FileResponse(deal.confirmation.open("rb"), as_attachment=True, filename=filename,
                            content_type="application/pdf")
    response = HttpResponse(deals.confirmation_pdf(deal), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
