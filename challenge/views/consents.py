"""Consent to a public contest, on the solution's page: each side of a cooperation gives or
withdraws its own; anyone else is not told the cooperation exists (404). The page also shows
the announced contests showing the pair and the financial institutions' interest in it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from challenge.choices import CONTEST_PUBLIC, ConsentSide
from challenge.models import Contest, ContestInterest, Cooperation, Solution
from challenge.services import consents as consent_services
from challenge.services import disclaimers
from jbgs.exceptions import DomainError


def consent_panel(user, solution: Solution) -> dict | None:
    """What the solution's page shows of its pair's consents, to either side (None when the
    solution has no cooperation)."""
    cooperation = Cooperation.objects.filter(solution=solution).select_related("demand", "solution").first()
    if cooperation is None:
        return None
    side = consent_services.side_of(user, cooperation)
    live = consent_services.live_consents(cooperation)
    shown = list(Contest.objects.filter(pairs__cooperation=cooperation, status__in=CONTEST_PUBLIC).order_by("held_on"))
    return {"cooperation": cooperation, "side": side, "given": live.get(side) if side else None,
            "sides": [(label, live.get(code)) for code, label in ConsentSide.choices],
            "disclaimer_ok": side is None or user.pk in disclaimers.accepted_current([user.pk]),
            "contests": shown, "holds": consent_services.is_shown(cooperation),
            "interests": ContestInterest.objects.filter(pair__cooperation=cooperation).select_related(
                "organization", "pair__contest").order_by("recorded_at")}


@login_required
@require_POST
def consent(request, pk: int):
    cooperation = get_object_or_404(Cooperation.objects.select_related("demand", "solution"), pk=pk)
    if consent_services.side_of(request.user, cooperation) is None:
        raise Http404
    page = reverse("challenge:solution", args=[cooperation.solution_id])
    withdrawing = request.POST.get("action") == "withdraw"
    try:
        if withdrawing:
            consent_services.withdraw(actor=request.user, cooperation=cooperation)
        else:
            consent_services.give(actor=request.user, cooperation=cooperation)
    except disclaimers.DisclaimerRequired as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('challenge:disclaimer')}?{urlencode({'next': page})}")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your consent is withdrawn.") if withdrawing else _("Your consent is recorded."))
    return redirect(page)
