"""The awards (奖榜): an administrator nominates pairs of the year (a cooperation, with its
result at a held contest where it was shown) into the year's award categories, each with a
citation, and publishes the year's honours list. The list is public, so a pair is nominated
only with both sides' consent to being shown in public, as for a contest; once the list is
published its nominations and those consents hold.

Locks: the campaign's row, then the nominated cooperations' rows by id."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge.choices import (
    DEMAND_PUBLIC,
    ChallengeAction,
    ConsentSide,
    ContestStatus,
    CooperationStage,
)
from challenge.models import (
    ChallengeRules,
    ContestConsent,
    ContestPair,
    Cooperation,
    HonoursList,
    Nomination,
)
from jbgs import access
from jbgs.choices import Role
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.locking import lock, lock_all
from jbgs.models import Campaign, User
from jbgs.parsing import plain_text
from jbgs.services.audit import audit
from jbgs.services.notifications import notify

MAX_CITATION = 500


def categories(campaign) -> dict[str, str]:
    """The year's award categories: code → name, in their order."""
    return {c["code"]: c["label"] for c in ChallengeRules.of(campaign).award_categories}


def is_published(campaign) -> bool:
    return HonoursList.objects.filter(campaign=campaign).exists()


def nomination_refusals(campaign, cooperations) -> dict[int, str]:
    """Why each of `cooperations` cannot be on the year's public list, by id: another year, a
    stopped cooperation, a demand not public, a side's consent missing. One query for the
    consents whatever their number."""
    cooperations = list(cooperations)
    consented: dict[int, set] = {}
    for cooperation_id, side in ContestConsent.objects.filter(
            cooperation__in=cooperations, withdrawn_at__isnull=True).values_list("cooperation", "side"):
        consented.setdefault(cooperation_id, set()).add(side)
    refusals = {}
    for cooperation in cooperations:
        missing = [label for side, label in ConsentSide.choices if side not in consented.get(cooperation.pk, ())]
        if cooperation.demand.campaign_id != campaign.pk:
            refusals[cooperation.pk] = _("Its demand belongs to another year's season.")
        elif cooperation.stage == CooperationStage.STOPPED:
            refusals[cooperation.pk] = _("The cooperation has stopped.")
        elif cooperation.demand.status not in DEMAND_PUBLIC:
            refusals[cooperation.pk] = _("Its demand is not public.")
        elif missing:
            refusals[cooperation.pk] = _("%(side)s has not consented to a public contest.") % {"side": missing[0]}
    return refusals


def nominate(*, actor, campaign, category: str, cooperation: Cooperation, citation: str,
             contest_pair: ContestPair | None = None, now=None) -> Nomination:
    """Name a pair in a category of its year, with a citation; its contest result, when given,
    is the pair's at a held contest of that year."""
    if not access.is_admin(actor):
        raise NotAllowed()
    citation = plain_text(citation)
    errors = {}
    if category not in categories(campaign):
        errors["category"] = [_("Choose one of the year's award categories.")]
    if not citation:
        errors["citation"] = [_("Say why the pair is honoured.")]
    elif len(citation) > MAX_CITATION:
        errors["citation"] = [_("A citation has at most 500 characters.")]
    if contest_pair is not None and not ContestPair.objects.filter(  # its state now, not the caller's
            pk=contest_pair.pk, cooperation=cooperation, contest__campaign=campaign,
            contest__status=ContestStatus.HELD).exists():
        errors["contest_pair"] = [_("Choose the pair's result at a held contest of the year.")]
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _open_year(campaign)
        pair_of = lock(Cooperation.objects.select_related("demand"), pk=cooperation.pk)
        reason = nomination_refusals(locked, [pair_of]).get(pair_of.pk)
        if reason:
            raise DomainError(reason, code="pair_not_ready", field="cooperation")
        try:
            with transaction.atomic():
                nomination = Nomination.objects.create(
                    campaign=locked, category=category, cooperation=pair_of, contest_pair=contest_pair,
                    citation=citation, nominated_by=actor, nominated_at=now)
        except IntegrityError:
            raise DomainError(_("This pair is nominated in this category already."), code="already_nominated",
                              field="cooperation") from None
        audit(nomination, ChallengeAction.AWARD_NOMINATED, actor=actor, now=now,
              data={"category": category, "demand": pair_of.demand.number})
    return nomination


def withdraw_nomination(*, actor, nomination: Nomination, now=None) -> None:
    if not access.is_admin(actor):
        raise NotAllowed()
    with transaction.atomic():
        _open_year(nomination.campaign)
        deleted, _rows = Nomination.objects.filter(pk=nomination.pk).delete()
        if deleted:
            audit(nomination.cooperation, ChallengeAction.AWARD_NOMINATION_WITHDRAWN, actor=actor, now=now,
                  data={"category": nomination.category})


def _open_year(campaign) -> Campaign:
    locked = lock(Campaign.objects, pk=campaign.pk)
    if is_published(locked):
        raise InvalidTransition(_("The year's honours list is published: it no longer changes."))
    return locked


def publish(*, actor, campaign, now=None) -> HonoursList:
    """Publish the year's honours list: it needs a nomination, and every nominated pair still
    both consents. Locks the campaign, then the pairs' cooperations by id."""
    if not access.is_admin(actor):
        raise NotAllowed()
    now = now or timezone.now()
    with transaction.atomic():
        locked = _open_year(campaign)
        nominated = Nomination.objects.filter(campaign=locked).values("cooperation")
        cooperations = lock_all(Cooperation.objects.filter(pk__in=nominated)
                                .select_related("demand", "solution__organization", "solution__solver")
                                .order_by("pk"), of=("self",))
        if not cooperations:
            raise DomainError(_("Nominate the pairs to be honoured first."), code="no_nominations")
        refusals = nomination_refusals(locked, cooperations)
        if refusals:
            raise DomainError(_("Not every pair can be shown: %(pairs)s") % {"pairs": "; ".join(
                f"{c.demand.number} × {c.solution.organization}：{refusals[c.pk]}" for c in cooperations
                if c.pk in refusals)}, code="pair_not_ready")
        honours = HonoursList.objects.create(campaign=locked, published_by=actor, published_at=now)
        audit(locked, ChallengeAction.HONOURS_PUBLISHED, actor=actor, now=now,
              data={"nominations": Nomination.objects.filter(campaign=locked).count()})
        enterprises = {c.demand.organization_id for c in cooperations}
        notify([*User.objects.filter(organization_id__in=enterprises, is_active=True, roles__contains=[Role.ENTERPRISE]),
                *(c.solution.solver for c in cooperations)], kind="challenge.honours.published",
               title=_("Your project is on the honours list of %(year)s") % {"year": locked.year},
               url=reverse("challenge:honours", args=[locked.year]))
    return honours
