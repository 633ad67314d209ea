"""Organising a contest (竞榜): an administrator creates it for the year's challenge season,
adds the pairs whose two sides consented and accepted the 《免责声明》, invites external experts
and financial institutions, publishes it (the pairs are announced and their consent holds from
then on) and marks it held on or after its date (the aggregate scores become public).

Locks: a contest's row, then its pairs' cooperation rows by id; consents.give() and
withdraw() lock the cooperation row alone, so a consent withdrawn and a contest published
at the same moment are one before the other."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge.choices import (
    CONTEST_TRANSITIONS,
    DEMAND_PUBLIC,
    ChallengeAction,
    ConsentSide,
    ContestStatus,
    CooperationStage,
)
from challenge.models import (
    Contest,
    ContestConsent,
    ContestExpert,
    ContestInstitution,
    ContestPair,
    Cooperation,
)
from challenge.services import disclaimers
from jbgs import access
from jbgs.choices import OrganizationKind, Role
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.locking import lock, lock_all
from jbgs.parsing import plain_text
from jbgs.services.audit import audit, changed_fields, snapshot
from jbgs.services.notifications import notify
from jbgs.transitions import move

CONTEST_FIELDS = ("title", "field", "session_label", "held_on", "venue")


def _admin(actor) -> None:
    if not access.is_admin(actor):
        raise NotAllowed()


def checked_details(campaign, data: dict) -> dict:
    """A contest's details as typed, checked: every refusal beside its field (ValidationError)."""
    details = {"title": plain_text(data.get("title"))[:200], "session_label": plain_text(data.get("session_label"))[:200],
               "venue": plain_text(data.get("venue"))[:200], "held_on": data.get("held_on"),
               "field": data.get("field")}
    errors = {}
    if not details["title"]:
        errors["title"] = [_("Give the contest a title.")]
    if not details["venue"]:
        errors["venue"] = [_("Say where the contest is held.")]
    if not isinstance(details["held_on"], datetime.date):
        errors["held_on"] = [_("Give the contest's date.")]
    field = details["field"]
    if field is not None and field.year != campaign.year:
        errors["field"] = [_("Choose an industry field of %(year)s.") % {"year": campaign.year}]
    if errors:
        raise ValidationError(errors)
    return details


def create_contest(*, actor, campaign, data: dict, now=None) -> Contest:
    _admin(actor)
    details = checked_details(campaign, data)
    now = now or timezone.now()
    with transaction.atomic():
        contest = Contest.objects.create(campaign=campaign, created_by=actor, **details)
        audit(contest, ChallengeAction.CONTEST_CREATED, actor=actor, now=now, to_state=contest.status)
    return contest


def update_contest(*, actor, contest: Contest, data: dict, now=None) -> Contest:
    """The details change until the contest is held (a venue moves, a date is put back)."""
    _admin(actor)
    with transaction.atomic():
        locked = lock(Contest.objects.select_related("campaign"), pk=contest.pk)
        if locked.status == ContestStatus.HELD:
            raise InvalidTransition(_("The contest is held: its details are kept as they were."))
        details = checked_details(locked.campaign, data)
        before = snapshot(locked, CONTEST_FIELDS)
        for name, value in details.items():
            setattr(locked, name, value)
        locked.save()
        changes = changed_fields(locked, before, CONTEST_FIELDS)
        if changes:
            audit(locked, ChallengeAction.CONTEST_UPDATED, actor=actor, now=now, data={"changes": changes})
    return locked


# --- The pairs ---------------------------------------------------------------------------


def pair_refusals(contest: Contest, cooperations, now=None) -> dict[int, str]:
    """Why each of `cooperations` cannot be shown at the contest, by cooperation id (those
    that can are absent): the year, the stage, the demand's state, both sides' consent and
    their disclaimers of the current version. Two queries whatever their number."""
    cooperations = list(cooperations)
    consents: dict[int, dict[str, ContestConsent]] = {}
    for consent in ContestConsent.objects.filter(cooperation__in=cooperations, withdrawn_at__isnull=True):
        consents.setdefault(consent.cooperation_id, {})[consent.side] = consent
    signers = {c.given_by_id for by_side in consents.values() for c in by_side.values()}
    accepted = disclaimers.accepted_current(signers, now)
    refusals = {}
    for cooperation in cooperations:
        reason = _refusal(contest, cooperation, consents.get(cooperation.pk, {}), accepted)
        if reason:
            refusals[cooperation.pk] = reason
    return refusals


def _refusal(contest: Contest, cooperation: Cooperation, consents: dict, accepted: set[int]) -> str | None:
    if cooperation.demand.campaign_id != contest.campaign_id:
        return _("Its demand belongs to another year's season.")
    if cooperation.stage == CooperationStage.STOPPED:
        return _("The cooperation has stopped.")
    if cooperation.demand.status not in DEMAND_PUBLIC:
        return _("Its demand is not public.")
    for side, label in ConsentSide.choices:
        if side not in consents:
            return _("%(side)s has not consented to a public contest.") % {"side": label}
        if consents[side].given_by_id not in accepted:
            return _("%(side)s has not accepted the current disclaimer.") % {"side": label}
    return None


def add_pair(*, actor, contest: Contest, cooperation: Cooperation, now=None) -> ContestPair:
    """Show a cooperation at a draft contest, last. Locks the contest, then the cooperation."""
    _admin(actor)
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(Contest.objects, pk=contest.pk)
        if locked.status != ContestStatus.DRAFT:
            raise InvalidTransition(_("Pairs are added while the contest is a draft."))
        pair_of = lock(Cooperation.objects.select_related("demand", "solution__organization"), pk=cooperation.pk)
        reason = pair_refusals(locked, [pair_of], now).get(pair_of.pk)
        if reason:
            raise DomainError(reason, code="pair_not_ready", field="cooperation")
        position = (locked.pairs.aggregate(last=Max("position"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                pair = ContestPair.objects.create(contest=locked, cooperation=pair_of, position=position,
                                                  added_by=actor, added_at=now)
        except IntegrityError:
            raise DomainError(_("This pair is in the contest already."), code="pair_taken",
                              field="cooperation") from None
        audit(locked, ChallengeAction.CONTEST_PAIR_ADDED, actor=actor, now=now,
              data={"cooperation": pair_of.pk, "demand": pair_of.demand.number})
    return pair


def remove_pair(*, actor, pair: ContestPair, now=None) -> None:
    _admin(actor)
    with transaction.atomic():
        locked = lock(Contest.objects, pk=pair.contest_id)
        if locked.status != ContestStatus.DRAFT:
            raise InvalidTransition(_("Pairs are taken out while the contest is a draft."))
        removed = ContestPair.objects.filter(pk=pair.pk, contest=locked).select_related("cooperation__demand").first()
        if removed is None:
            return
        removed.delete()
        audit(locked, ChallengeAction.CONTEST_PAIR_REMOVED, actor=actor, now=now,
              data={"cooperation": removed.cooperation_id, "demand": removed.cooperation.demand.number})


# --- Who is invited ----------------------------------------------------------------------


def invite_expert(*, actor, contest: Contest, expert, now=None) -> ContestExpert:
    """An external expert marks the pairs; they are told once the contest is published."""
    _admin(actor)
    if not (expert.is_active and expert.has_role(Role.EXPERT)):
        raise DomainError(_("Choose an active account with the expert role."), code="not_an_expert", field="expert")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _open_for_invitations(contest)
        try:
            with transaction.atomic():
                invited = ContestExpert.objects.create(contest=locked, expert=expert, invited_by=actor, invited_at=now)
        except IntegrityError:
            raise DomainError(_("This expert is invited already."), code="already_invited", field="expert") from None
        audit(locked, ChallengeAction.CONTEST_EXPERT_INVITED, actor=actor, now=now, data={"expert": expert.username})
        if locked.status == ContestStatus.PUBLISHED:
            _tell_invited([expert], locked)
    return invited


def invite_institution(*, actor, contest: Contest, organization, now=None) -> ContestInstitution:
    """A financial institution evaluates the pairs and records its interest; its people with
    the financier role are told once the contest is published."""
    _admin(actor)
    if not (organization.kind == OrganizationKind.FINANCIAL_INSTITUTION and organization.is_active):
        raise DomainError(_("Choose an active financial institution."), code="not_an_institution",
                          field="organization")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _open_for_invitations(contest)
        try:
            with transaction.atomic():
                invited = ContestInstitution.objects.create(contest=locked, organization=organization,
                                                            invited_by=actor, invited_at=now)
        except IntegrityError:
            raise DomainError(_("This institution is invited already."), code="already_invited",
                              field="organization") from None
        audit(locked, ChallengeAction.CONTEST_INSTITUTION_INVITED, actor=actor, now=now,
              data={"organization": organization.name})
        if locked.status == ContestStatus.PUBLISHED:
            _tell_invited(_financiers([organization.pk]), locked)
    return invited


def _open_for_invitations(contest: Contest) -> Contest:
    locked = lock(Contest.objects, pk=contest.pk)
    if locked.status == ContestStatus.HELD:
        raise InvalidTransition(_("The contest is held: nobody is invited any more."))
    return locked


def _financiers(organization_ids):
    from jbgs.models import User

    return User.objects.filter(organization_id__in=list(organization_ids), is_active=True,
                               roles__contains=[Role.FINANCIER])


def _tell_invited(people, contest: Contest) -> None:
    notify(people, kind="challenge.contest.invited",
           title=_("You are invited to the contest %(title)s on %(date)s") % {
               "title": contest.title, "date": contest.held_on.isoformat()},
           url=reverse("challenge:contest-room", args=[contest.pk]))


# --- Publication and after ---------------------------------------------------------------


def publish(*, actor, contest: Contest, now=None) -> Contest:
    """Announce the contest: it needs a pair, and every pair still both consents and both
    disclaimers (a side may have withdrawn, a new disclaimer may be out). From now on the
    pairs' consents hold. Locks the contest, then its pairs' cooperations by id."""
    _admin(actor)
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(Contest.objects, pk=contest.pk)
        cooperations = lock_all(Cooperation.objects.filter(contest_pairs__contest=locked)
                                .select_related("demand", "solution__organization").order_by("pk"), of=("self",))
        if not cooperations:
            raise DomainError(_("Add the pairs to be shown first."), code="no_pairs")
        refusals = pair_refusals(locked, cooperations, now)
        if refusals:
            raise DomainError(_("Not every pair can be shown: %(pairs)s") % {"pairs": "; ".join(
                f"{c.demand.number} × {c.solution.organization}：{refusals[c.pk]}" for c in cooperations
                if c.pk in refusals)}, code="pair_not_ready")
        before = move(locked, ContestStatus.PUBLISHED, CONTEST_TRANSITIONS)
        locked.published_at = now
        locked.save(update_fields=["status", "published_at", "updated_at"])
        audit(locked, ChallengeAction.CONTEST_PUBLISHED, actor=actor, now=now, from_state=before,
              to_state=locked.status, data={"pairs": len(cooperations)})
        _tell_invited([e.expert for e in locked.experts.select_related("expert")], locked)
        _tell_invited(_financiers(locked.institutions.values_list("organization_id", flat=True)), locked)
        _tell_pairs(cooperations, locked)
    return locked


def _tell_pairs(cooperations, contest: Contest) -> None:
    from jbgs.models import User

    enterprises = {c.demand.organization_id for c in cooperations}
    people = [*User.objects.filter(organization_id__in=enterprises, is_active=True, roles__contains=[Role.ENTERPRISE]),
              *(c.solution.solver for c in cooperations)]
    notify(people, kind="challenge.contest.published",
           title=_("Your project is shown at the contest %(title)s on %(date)s") % {
               "title": contest.title, "date": contest.held_on.isoformat()},
           url=reverse("challenge:contest", args=[contest.pk]))


def mark_held(*, actor, contest: Contest, now=None) -> Contest:
    """The contest took place (on or after its date): the experts' marks are final and each
    pair's aggregate is public from now on."""
    _admin(actor)
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(Contest.objects, pk=contest.pk)
        if timezone.localdate(now) < locked.held_on:
            raise DomainError(_("The contest is on %(date)s: it is marked held on that day or later.") % {
                "date": locked.held_on.isoformat()}, code="not_yet")
        before = move(locked, ContestStatus.HELD, CONTEST_TRANSITIONS)
        locked.held_at = now
        locked.save(update_fields=["status", "held_at", "updated_at"])
        audit(locked, ChallengeAction.CONTEST_HELD, actor=actor, now=now, from_state=before, to_state=locked.status)
    return locked
