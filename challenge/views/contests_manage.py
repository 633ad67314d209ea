"""Organising contests (竞榜), for the administrators: the season's contests and a new one; a
contest's details, its pairs (with why a cooperation is not ready), the experts and
institutions invited, publication, and once it is under way every expert's marks and every
institution's interest."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from challenge import selectors
from challenge.forms_contests import ContestForm
from challenge.models import (
    ChallengeRules,
    Contest,
    ContestInterest,
    ContestPair,
    ContestScore,
    Cooperation,
)
from challenge.services import contests as contest_services
from jbgs.choices import OrganizationKind, OrganizationStatus, Role
from jbgs.exceptions import DomainError
from jbgs.models import Organization, User
from jbgs.views.helpers import admin_required, form_error_from_domain


@admin_required
@require_http_methods(["GET", "POST"])
def contests_manage(request):
    campaign = selectors.current_campaign()
    if campaign is None:
        raise Http404
    form = ContestForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            contest = contest_services.create_contest(actor=request.user, campaign=campaign, data=form.cleaned_data)
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The contest is created as a draft: add its pairs and invite its experts."))
            return redirect("challenge:contest-manage", pk=contest.pk)
    contests = (Contest.objects.select_related("campaign", "field")
                .annotate(pair_count=Count("pairs", distinct=True), expert_count=Count("experts", distinct=True))
                .order_by("-held_on", "-pk"))
    return render(request, "challenge/contests/manage_list.html", {
        "form": form, "campaign": campaign, "contests": contests})


@admin_required
@require_http_methods(["GET", "POST"])
def contest_manage(request, pk: int):
    contest = get_object_or_404(Contest.objects.select_related("campaign", "field"), pk=pk)
    initial = {name: getattr(contest, name) for name in contest_services.CONTEST_FIELDS}
    form = ContestForm(request.POST or None, initial=initial, campaign=contest.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            contest_services.update_contest(actor=request.user, contest=contest, data=form.cleaned_data)
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The contest's details are saved."))
            return redirect("challenge:contest-manage", pk=contest.pk)
    return render(request, "challenge/contests/manage.html", {"contest": contest, "form": form,
                                                             **_line_up(contest)})


def _line_up(contest: Contest) -> dict:
    pairs = list(selectors.contest_pairs(contest))
    candidates = list(selectors.contest_candidates(contest)[:100])
    refusals = contest_services.pair_refusals(contest, candidates)
    scores: dict[int, list] = {}
    for score in ContestScore.objects.filter(pair__contest=contest).select_related("expert"):
        scores.setdefault(score.pair_id, []).append(score)
    interests: dict[int, list] = {}
    for interest in ContestInterest.objects.filter(pair__contest=contest).select_related("organization"):
        interests.setdefault(interest.pair_id, []).append(interest)
    results = selectors.contest_results(contest)
    experts = contest.experts.select_related("expert__organization")
    institutions = contest.institutions.select_related("organization")
    return {
        "pairs": [{"pair": p, "scores": scores.get(p.pk, []), "interests": interests.get(p.pk, []),
                   "result": results.get(p.pk)} for p in pairs],
        "candidates": [(c, refusals.get(c.pk)) for c in candidates],
        "experts": experts, "institutions": institutions,
        "criteria": ChallengeRules.of(contest.campaign).contest_criteria,
        "expert_choices": User.objects.filter(is_active=True, roles__contains=[Role.EXPERT]).exclude(
            pk__in=[e.expert_id for e in experts]).select_related("organization").order_by("organization__name", "name"),
        "institution_choices": Organization.objects.filter(
            kind=OrganizationKind.FINANCIAL_INSTITUTION, status=OrganizationStatus.ACTIVE).exclude(
            pk__in=[i.organization_id for i in institutions]).order_by("name"),
    }


def _publish(request, contest):
    contest_services.publish(actor=request.user, contest=contest)
    return _("The contest is published: the pairs, the experts and the institutions are told.")


def _hold(request, contest):
    contest_services.mark_held(actor=request.user, contest=contest)
    return _("The contest is marked held: each pair's aggregate score is public.")


def _add_pair(request, contest):
    cooperation = get_object_or_404(Cooperation, pk=_id(request, "cooperation"))
    contest_services.add_pair(actor=request.user, contest=contest, cooperation=cooperation)
    return _("The pair is added.")


def _remove_pair(request, contest):
    pair = get_object_or_404(ContestPair, pk=_id(request, "pair"), contest=contest)
    contest_services.remove_pair(actor=request.user, pair=pair)
    return _("The pair is taken out.")


def _invite_expert(request, contest):
    expert = get_object_or_404(User, pk=_id(request, "expert"))
    contest_services.invite_expert(actor=request.user, contest=contest, expert=expert)
    return _("The expert is invited.")


def _invite_institution(request, contest):
    organization = get_object_or_404(Organization, pk=_id(request, "organization"))
    contest_services.invite_institution(actor=request.user, contest=contest, organization=organization)
    return _("The institution is invited.")


def _id(request, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise DomainError(_("Choose one from the list."), field=name)
    return int(value)


ACTIONS = {"publish": _publish, "hold": _hold, "add-pair": _add_pair, "remove-pair": _remove_pair,
           "invite-expert": _invite_expert, "invite-institution": _invite_institution}


@admin_required
@require_POST
def contest_action(request, pk: int, action: str):
    contest = get_object_or_404(Contest, pk=pk)
    if action not in ACTIONS:
        raise Http404
    try:
        messages.success(request, ACTIONS[action](request, contest))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("challenge:contest-manage", pk=contest.pk)
