"""Matching on screen: a solver's matched demands, with why; the demands a catalogue item
could answer; the profile a solver declares; the digest's settings and its unsubscribe link.
Demands appear here through challenge.public only, like everywhere but their owner's pages."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from auction import selectors as auction_selectors
from challenge import access, matching, selectors
from challenge.models import DigestChannel, SolverProfile
from challenge.public import public_demand
from challenge.services import digests as digest_services
from challenge.services import matching as matching_services
from jbgs.exceptions import DomainError
from jbgs.models import IndustryField
from jbgs.views.helpers import form_error_from_domain, page_of, require


class ProfileForm(forms.Form):
    directions = forms.CharField(label=gettext_lazy("Research directions"), max_length=2000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    keywords = forms.CharField(label=gettext_lazy("Keywords"), max_length=500, required=False,
                               help_text=gettext_lazy("Separated by commas or spaces, e.g. 锂电池、健康状态估计、储能."))
    field_codes = forms.MultipleChoiceField(label=gettext_lazy("Industry fields"), required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_codes"].choices = [(f.code, f.name) for f in fields]


class DigestForm(forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("Daily digest of matching demands"),
                                choices=DigestChannel.choices, widget=forms.RadioSelect)


def _fields():
    campaign = selectors.current_campaign()
    return IndustryField.objects.filter(year=campaign.year).order_by("position") if campaign else []


@login_required
def matches(request):
    """为我推荐的需求: the public demands matched to the person's unit or to themselves, best
    first, each with its score's parts, the words shared and the items sharing them."""
    require(access.is_matched(request.user))
    found = page_of(request, selectors.matches_of(request.user), per_page=20)
    titles = auction_selectors.item_titles({pk for match in found for pk in match.items})
    entries = [{"demand": public_demand(match.demand), "why": matching.explanation(
        match.parts, match.terms, [(pk, titles[pk]) for pk in match.items if pk in titles])} for match in found]
    unit = access.matched_unit(request.user)
    return render(request, "challenge/matching/matches.html", {
        "page": found, "entries": entries,
        "items": auction_selectors.published_items(organizations=[unit]).order_by("-published_at")[:10]
        if unit else [],
        "profiled": SolverProfile.objects.filter(organization_id=unit).exists() if unit else False})


@login_required
def item_demands(request, pk: int):
    """The public demands a published catalogue item could answer, with the words they share."""
    require(access.is_matched(request.user))
    item = get_object_or_404(auction_selectors.catalogue_items(), pk=pk)
    found = matching.demands_for_item(item)
    return render(request, "challenge/matching/item_demands.html", {
        "item": item, "found": [(m, public_demand(m.demand)) for m in found]})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The unit's declared profile (its liaisons and solvers keep it), the person's own (an
    expert's, a solver's), and how they want their digest."""
    user = request.user
    unit = access.matched_unit(user)
    require(access.is_matched(user))
    fields = list(_fields())
    forms_ = {}
    if unit is not None:
        stored = SolverProfile.objects.filter(organization_id=unit).first()
        forms_["unit"] = ProfileForm(request.POST if request.POST.get("which") == "unit" else None, prefix="unit",
                                     fields=fields, initial=_initial(stored))
    if access.matched_person(user):
        stored = SolverProfile.objects.filter(user=user).first()
        forms_["own"] = ProfileForm(request.POST if request.POST.get("which") == "own" else None, prefix="own",
                                    fields=fields, initial=_initial(stored))
    digest = DigestForm(request.POST if request.POST.get("which") == "digest" else None,
                        initial={"channel": digest_services.channel_of(user)})
    if request.method == "POST":
        which = request.POST.get("which")
        if which == "digest" and digest.is_valid():
            digest_services.set_channel(user, digest.cleaned_data["channel"])
            messages.success(request, _("Your digest setting is saved."))
            return redirect("challenge:solver-profile")
        require(which == "digest" or which in forms_)  # a profile the person does not keep
        form = forms_.get(which)
        if form is not None and form.is_valid():
            try:
                matching_services.save_profile(
                    actor=user, organization=user.organization if which == "unit" else None, **form.cleaned_data)
            except (ValidationError, DomainError) as error:
                form_error_from_domain(form, error)
            else:
                messages.success(request, _("The profile is saved; matching reads it from now on."))
                return redirect("challenge:solver-profile")
    return render(request, "challenge/matching/profile.html", {
        "unit_form": forms_.get("unit"), "own_form": forms_.get("own"), "digest_form": digest,
        "unit": user.organization if unit is not None else None})


def _initial(stored: SolverProfile | None) -> dict:
    if stored is None:
        return {}
    return {"directions": stored.directions, "keywords": stored.keywords, "field_codes": stored.field_codes}


@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token: str):
    """The link in every digest e-mail: no sign-in needed; a confirmation, then the e-mails
    stop (the digest stays in the inbox, which the settings page can stop too)."""
    user = digest_services.user_of_token(token)
    if user is None:
        raise Http404
    done = request.method == "POST"
    if done and digest_services.channel_of(user) == DigestChannel.ALL:
        digest_services.set_channel(user, DigestChannel.INBOX)
    return render(request, "challenge/matching/unsubscribe.html", {"done": done, "person": user})
