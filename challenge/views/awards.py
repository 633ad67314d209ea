"""The awards (奖榜): the public's honours lists, and the administrators' page where the year's
pairs are nominated into its categories (the held contests' results first) and the list is
published."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from challenge import selectors
from challenge.choices import ContestStatus
from challenge.models import ContestPair, Cooperation, HonoursList, Nomination
from challenge.services import awards as award_services
from jbgs.exceptions import DomainError
from jbgs.views.helpers import admin_required


def honours_index(request):
    return render(request, "challenge/awards/index.html", {"lists": selectors.published_honours()})


def honours(request, year: int):
    honours_list = get_object_or_404(HonoursList.objects.select_related("campaign"), campaign__year=year,
                                     campaign__kind="challenge")
    campaign = honours_list.campaign
    return render(request, "challenge/awards/honours.html", {
        "honours_list": honours_list, "campaign": campaign,
        "categories": selectors.honours(campaign, award_services.categories(campaign))})


def _campaign():
    campaign = selectors.current_campaign()
    if campaign is None:
        raise Http404
    return campaign


@admin_required
@require_http_methods(["GET", "POST"])
def awards_manage(request):
    campaign = _campaign()
    if request.method == "POST":
        return _nominate(request, campaign)
    categories = award_services.categories(campaign)
    found = list(selectors.nominations(campaign))
    held = (ContestPair.objects.filter(contest__campaign=campaign, contest__status=ContestStatus.HELD)
            .select_related("contest", "cooperation__demand", "cooperation__solution__organization"))
    means = selectors.pair_means(p.pk for p in held)
    results = sorted(held, key=lambda p: (-(means.get(p.pk) or 0), p.contest_id, p.position))
    cooperations = list(Cooperation.objects.filter(demand__campaign=campaign).select_related(
        "demand", "solution__organization").order_by("-created_at")[:100])
    refusals = award_services.nomination_refusals(campaign, cooperations)
    return render(request, "challenge/awards/manage.html", {
        "campaign": campaign, "categories": categories, "published": award_services.is_published(campaign),
        "nominations": [(label, [n for n in found if n.category == code]) for code, label in categories.items()],
        "results": [(p, means.get(p.pk)) for p in results],
        "cooperations": [(c, refusals.get(c.pk)) for c in cooperations]})


def _nominate(request, campaign):
    cooperation = get_object_or_404(Cooperation, pk=_id(request.POST.get("cooperation")))
    pair_id = _id(request.POST.get("contest_pair"), required=False)
    pair = get_object_or_404(ContestPair.objects.select_related("contest"), pk=pair_id) if pair_id else None
    try:
        award_services.nominate(actor=request.user, campaign=campaign, category=request.POST.get("category", ""),
                                cooperation=cooperation, contest_pair=pair, citation=request.POST.get("citation", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The pair is nominated."))
    return redirect("challenge:awards-manage")


def _id(value, required: bool = True) -> int | None:
    if value and str(value).isdigit():
        return int(value)
    if required:
        raise Http404
    return None


@admin_required
@require_POST
def awards_action(request, action: str):
    campaign = _campaign()
    try:
        if action == "publish":
            award_services.publish(actor=request.user, campaign=campaign)
            messages.success(request, _("The honours list is published; the honoured pairs are told."))
        elif action == "withdraw":
            nomination = get_object_or_404(Nomination, pk=_id(request.POST.get("nomination")), campaign=campaign)
            award_services.withdraw_nomination(actor=request.user, nomination=nomination)
            messages.success(request, _("The nomination is withdrawn."))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("challenge:awards-manage")
