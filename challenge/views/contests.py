"""Contests (竞榜): the public's page of each announced contest (its pairs by the demand's public
projection, the aggregate scores once held), and the invited people's: the experts mark the
pairs, the financial institutions record their interest."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from challenge import access as challenge_access
from challenge import selectors
from challenge.choices import CONTEST_PUBLIC, ContestStatus
from challenge.forms_contests import InterestForm, ScoreForm
from challenge.models import ChallengeRules, Contest, ContestInterest, ContestPair, ContestScore
from challenge.public import public_demand
from challenge.services import contest_reviews, disclaimers
from jbgs.choices import Role
from jbgs.exceptions import DomainError
from jbgs.views.helpers import form_error_from_domain, page_of, require

# --- The public ------------------------------------------------------------------------


def contest_list(request):
    return render(request, "challenge/contests/list.html", {"page": page_of(request, selectors.public_contests())})


def contest_detail(request, pk: int):
    contest = get_object_or_404(selectors.public_contests(), pk=pk)
    return render(request, "challenge/contests/detail.html", {
        "contest": contest, "pairs": selectors.public_contest_pairs(contest),
        "held": contest.status == ContestStatus.HELD,
        "in_room": challenge_access.in_contest_room(request.user, contest)})


# --- The invited experts and institutions ----------------------------------------------


@login_required
def my_contests(request):
    require(request.user.has_role(Role.EXPERT, Role.FINANCIER))
    return render(request, "challenge/contests/mine.html", {
        "contests": selectors.participant_contests(request.user)})


def _room(request, pk: int) -> Contest:
    """An announced contest the user is invited to (or administers); 403 for other people."""
    contest = get_object_or_404(Contest.objects.filter(status__in=CONTEST_PUBLIC).select_related("campaign", "field"),
                                pk=pk)
    require(challenge_access.in_contest_room(request.user, contest))
    return contest


@login_required
def contest_room(request, pk: int):
    contest = _room(request, pk)
    pairs = list(selectors.contest_pairs(contest))
    expert = challenge_access.is_contest_expert(request.user, contest)
    institution = challenge_access.contest_institution(request.user, contest)
    mine = {s.pair_id: s for s in ContestScore.objects.filter(pair__contest=contest, expert=request.user)} \
        if expert else {}
    interests = {i.pair_id: i for i in ContestInterest.objects.filter(pair__contest=contest,
                                                                       organization=institution)} \
        if institution else {}
    return render(request, "challenge/contests/room.html", {
        "contest": contest, "expert": expert, "institution": institution,
        "scoring": expert and contest.status == ContestStatus.PUBLISHED,
        "disclaimer_ok": not expert or request.user.pk in disclaimers.accepted_current([request.user.pk]),
        "rows": [{"pair": pair, "demand": public_demand(pair.cooperation.demand, pair.cooperation.demand.targets.all()),
                  "solution": pair.cooperation.solution, "score": mine.get(pair.pk),
                  "interest": interests.get(pair.pk)} for pair in pairs],
        "interest_form": InterestForm()})


def _pair(request, pk: int) -> ContestPair:
    pair = get_object_or_404(ContestPair.objects.select_related(
        "contest__campaign", "cooperation__demand__field", "cooperation__demand__organization",
        "cooperation__demand__region", "cooperation__solution__organization", "cooperation__solution__solver"), pk=pk)
    if pair.contest.status not in CONTEST_PUBLIC:
        raise Http404
    return pair


@login_required
@require_http_methods(["GET", "POST"])
def pair_score(request, pk: int):
    pair = _pair(request, pk)
    require(challenge_access.is_contest_expert(request.user, pair.contest))
    criteria = ChallengeRules.of(pair.contest.campaign).contest_criteria
    given = ContestScore.objects.filter(pair=pair, expert=request.user).first()
    initial = {f"score_{code}": mark for code, mark in given.marks.items()} | {"comment": given.comment} \
        if given else None
    form = ScoreForm(request.POST or None, initial=initial, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            contest_reviews.score(actor=request.user, pair=pair, marks=form.marks(),
                                  comment=form.cleaned_data["comment"])
        except disclaimers.DisclaimerRequired as error:
            messages.error(request, error.message)
            return redirect(f"{reverse('challenge:disclaimer')}?{urlencode({'next': request.path})}")
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Your marks are recorded."))
            return redirect("challenge:contest-room", pk=pair.contest_id)
    return render(request, "challenge/contests/score.html", {
        "pair": pair, "contest": pair.contest, "demand": public_demand(pair.cooperation.demand),
        "solution": pair.cooperation.solution, "form": form, "given": given,
        "open": pair.contest.status == ContestStatus.PUBLISHED})


@login_required
@require_POST
def pair_interest(request, pk: int):
    pair = _pair(request, pk)
    require(challenge_access.contest_institution(request.user, pair.contest) is not None)
    form = InterestForm(request.POST)
    try:
        if request.POST.get("action") == "withdraw":
            contest_reviews.withdraw_interest(actor=request.user, pair=pair)
            messages.success(request, _("Your institution's interest is withdrawn."))
        elif not form.is_valid():
            raise DomainError(" ".join(form.errors.get("note", [])))
        else:
            contest_reviews.record_interest(actor=request.user, pair=pair, note=form.cleaned_data["note"])
            messages.success(request, _("Your institution's interest is recorded; both sides of the pair are told."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("challenge:contest-room", pk=pair.contest_id)
