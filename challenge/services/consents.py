"""Consent to a public contest (进行公开赛事须征得需求方和技术供给方同意): each side of a pair (a
cooperation) records its own, having accepted the 《免责声明》, and may withdraw it until a
contest showing the pair is published. The other side is told."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge import access as challenge_access
from challenge.choices import CONTEST_PUBLIC, ChallengeAction, ConsentSide, CooperationStage
from challenge.models import ContestConsent, Cooperation
from challenge.services import disclaimers
from jbgs.choices import Role
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.services.audit import audit
from jbgs.services.notifications import notify


def side_of(user, cooperation: Cooperation) -> str | None:
    """The side `user` speaks for: the demand's enterprise (its members with the enterprise
    role) or the solver who answered; None for anyone else, administrators included."""
    if challenge_access.is_member(user, cooperation.demand):
        return ConsentSide.ENTERPRISE
    if user.is_authenticated and user.pk == cooperation.solution.solver_id:
        return ConsentSide.SOLVER
    return None


def live_consents(cooperation: Cooperation) -> dict[str, ContestConsent]:
    """The consents in force, by side."""
    return {c.side: c for c in cooperation.consents.filter(withdrawn_at__isnull=True).select_related("given_by")}


def give(*, actor, cooperation: Cooperation, now=None) -> ContestConsent:
    """`actor` consents for their side. Giving it twice keeps the first. Locks the cooperation
    row (as a contest's changes to the pair do) for the check and the write."""
    now = now or timezone.now()
    side = _side(actor, cooperation)
    disclaimers.ensure(actor, now)
    with transaction.atomic():
        locked = lock(Cooperation.objects.select_related("demand__organization", "solution__solver"),
                      pk=cooperation.pk)
        if locked.stage == CooperationStage.STOPPED:
            raise DomainError(_("This cooperation has stopped: it is not shown in a contest."), code="cooperation_stopped")
        current = locked.consents.filter(side=side, withdrawn_at__isnull=True).first()
        if current is not None:
            return current
        consent = ContestConsent.objects.create(cooperation=locked, side=side, given_by=actor, given_at=now)
        audit(locked, ChallengeAction.CONSENT_GIVEN, actor=actor, now=now, to_state=side,
              data={"side": side, "demand": locked.demand.number})
        _tell_the_other_side(locked, side, _("%(side)s consents to showing %(number)s in a public contest") % {
            "side": ConsentSide(side).label, "number": locked.demand.number})
    return consent


def withdraw(*, actor, cooperation: Cooperation, now=None) -> ContestConsent:
    """`actor` withdraws their side's consent, while no published contest shows the pair.
    Locks the cooperation row, as give() does."""
    now = now or timezone.now()
    side = _side(actor, cooperation)
    with transaction.atomic():
        locked = lock(Cooperation.objects.select_related("demand__organization", "solution__solver"),
                      pk=cooperation.pk)
        consent = locked.consents.filter(side=side, withdrawn_at__isnull=True).first()
        if consent is None:
            raise DomainError(_("Your side has not consented: there is nothing to withdraw."), code="no_consent")
        if is_shown(locked):
            raise DomainError(_("A published contest or honours list shows this pair: the consent holds."),
                              code="contest_published")
        consent.withdrawn_by, consent.withdrawn_at = actor, now
        consent.save(update_fields=["withdrawn_by", "withdrawn_at"])
        audit(locked, ChallengeAction.CONSENT_WITHDRAWN, actor=actor, now=now, from_state=side,
              data={"side": side, "demand": locked.demand.number})
        _tell_the_other_side(locked, side, _("%(side)s withdrew its consent to showing %(number)s in a public contest")
                             % {"side": ConsentSide(side).label, "number": locked.demand.number})
    return consent


def is_shown(cooperation: Cooperation) -> bool:
    """Whether a published contest or a published honours list shows the pair: its consents
    then hold."""
    return (cooperation.contest_pairs.filter(contest__status__in=CONTEST_PUBLIC).exists()
            or cooperation.nominations.filter(campaign__honours_list__isnull=False).exists())


def _side(actor, cooperation: Cooperation) -> str:
    side = side_of(actor, cooperation)
    if side is None:
        raise NotAllowed(_("Each side of the pair records its own consent."))
    return side


def _tell_the_other_side(cooperation: Cooperation, side: str, title: str) -> None:
    if side == ConsentSide.ENTERPRISE:
        others = [cooperation.solution.solver]
    else:
        others = cooperation.demand.organization.members.filter(is_active=True, roles__contains=[Role.ENTERPRISE])
    notify(others, kind="challenge.consent", title=title,
           url=reverse("challenge:solution", args=[cooperation.solution_id]))
