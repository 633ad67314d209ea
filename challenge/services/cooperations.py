"""The project library (跟踪问效): cooperations followed up by their responsible manager at the
year's interval; a daily job reminds the manager when a follow-up is due. The contract a pair
signs is recorded as a deal of the auction's (auction.services.deals), the one contract model
of both campaigns, and the cooperation moves to 合同签署 with it."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from auction.services import deals as deal_services
from challenge import access as challenge_access
from challenge.choices import (
    COOPERATION_OPEN,
    COOPERATION_TRANSITIONS,
    ChallengeAction,
    CooperationStage,
)
from challenge.models import ChallengeRules, Cooperation, FollowUp
from jbgs import access
from jbgs.choices import Role
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.locking import lock
from jbgs.parsing import plain_text
from jbgs.services.audit import audit
from jbgs.services.notifications import notify
from jbgs.transitions import move


def may_follow_up(user, cooperation: Cooperation) -> bool:
    return access.is_admin(user) or (user.is_authenticated and user.pk == cooperation.manager_id)


def may_record_contract(user, cooperation: Cooperation) -> bool:
    """Who records the pair's contract: the enterprise (a member of the demand's), the
    responsible manager and the administrators. Not the solver's side: the enterprise is the
    party that pays under the contract, and it or those following the cooperation confirm it."""
    return may_follow_up(user, cooperation) or challenge_access.is_member(user, cooperation.demand)


def assign_manager(*, actor, cooperation: Cooperation, manager) -> Cooperation:
    """An administrator names who follows the cooperation up: a technology manager, an
    organiser or an administrator."""
    if not access.is_admin(actor):
        raise NotAllowed()
    if not (manager.is_active and manager.has_role(Role.MANAGER, Role.ORGANIZER, Role.ADMIN)):
        raise DomainError(_("Choose a technology manager, an organiser or an administrator."), code="not_a_manager",
                          field="manager")
    with transaction.atomic():
        locked = lock(Cooperation.objects, pk=cooperation.pk)
        locked.manager = manager
        locked.save(update_fields=["manager", "updated_at"])
        audit(locked, ChallengeAction.MANAGER_ASSIGNED, actor=actor, data={"manager": manager.username})
    return locked


def record_follow_up(*, actor, cooperation: Cooperation, note: str, stage: str,
                     next_on: datetime.date | None = None, now=None) -> FollowUp:
    """What the follow-up found, the stage it leaves the cooperation in (through the transition
    table), and when next: by default after the year's interval while it is still open."""
    now = now or timezone.now()
    note = plain_text(note)
    if not note:
        raise DomainError(_("Say what the follow-up found."), code="note_required", field="note")
    today = timezone.localdate(now)
    if next_on is not None and next_on <= today:
        raise DomainError(_("The next follow-up is after today."), code="next_in_past", field="next_on")
    with transaction.atomic():
        locked = lock(Cooperation.objects.select_related("demand__campaign"), pk=cooperation.pk)
        if not may_follow_up(actor, locked):
            raise NotAllowed()
        before = locked.stage
        if stage == CooperationStage.CONTRACT_SIGNED and stage != before:
            raise DomainError(_("Record the signed contract (its number, amount and date): the stage moves with it."),
                              code="contract_required", field="stage")
        if stage != before:
            move(locked, stage, COOPERATION_TRANSITIONS, field="stage")
        if locked.stage in COOPERATION_OPEN:
            interval = ChallengeRules.of(locked.demand.campaign).follow_up_days
            locked.next_follow_up_on = next_on or today + datetime.timedelta(days=interval)
        else:
            locked.next_follow_up_on = None
        locked.save()
        follow_up = FollowUp.objects.create(cooperation=locked, author=actor, note=note, stage=locked.stage,
                                            next_on=locked.next_follow_up_on)
        audit(locked, ChallengeAction.FOLLOW_UP_RECORDED, actor=actor, now=now, from_state=before,
              to_state=locked.stage, data={"next_on": str(locked.next_follow_up_on or "")})
    return follow_up


def record_contract(*, actor, cooperation: Cooperation, contract_number: str, contract_amount, signed_on,
                    registration_number: str = "", registered_on: datetime.date | None = None,
                    now=None) -> Cooperation:
    """合同签署: the technology contract the enterprise and the solver's unit signed, recorded
    as a deal of the auction's (its buyer the enterprise, its seller the solver's unit, its
    campaign the demand's), with its registration when it is given; the cooperation moves from
    意向 to 合同签署. A cooperation followed past 意向 before contracts were recorded keeps its
    stage and gains its contract.

    Locks the cooperation, then the deal it writes (auction.services.deals); one transaction:
    anything refused leaves neither a deal nor a change of stage."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(Cooperation.objects.select_related("demand__campaign", "demand__organization",
                                                         "solution__organization"), of=("self",), pk=cooperation.pk)
        if not may_record_contract(actor, locked):
            raise NotAllowed()
        if locked.deal_id is not None:
            raise InvalidTransition(_("The contract of this cooperation is recorded already."))
        before = locked.stage
        if before == CooperationStage.INTENTION:
            move(locked, CooperationStage.CONTRACT_SIGNED, COOPERATION_TRANSITIONS, field="stage")
        elif before == CooperationStage.STOPPED:
            raise InvalidTransition(_("The cooperation was stopped: it has no contract to record."))
        demand = locked.demand
        locked.deal = deal_services.do_record_contract_deal(
            actor=actor, campaign=demand.campaign, buyer=demand.organization, seller=locked.solution.organization,
            subject=f"{demand.number} {demand.title}", contract_number=contract_number,
            contract_amount=contract_amount, signed_on=signed_on, registration_number=registration_number,
            registered_on=registered_on, now=now)
        locked.save(update_fields=["deal", "stage", "updated_at"])
        audit(locked, ChallengeAction.CONTRACT_RECORDED, actor=actor, now=now, from_state=before,
              to_state=locked.stage, data={"deal": locked.deal.number,
                                           "contract_amount": str(locked.deal.contract_amount)})
    return locked


def register_contract(*, actor, cooperation: Cooperation, registration_number: str, registered_on: datetime.date,
                      now=None) -> Cooperation:
    """合同登记 of the cooperation's contract, added after it was recorded: through the
    auction's one registration write, which locks the deal and audits it."""
    with transaction.atomic():
        locked = lock(Cooperation.objects.select_related("demand", "deal"), of=("self",), pk=cooperation.pk)
        if not may_record_contract(actor, locked):
            raise NotAllowed()
        if locked.deal is None:
            raise InvalidTransition(_("Record the contract before its registration."))
        locked.deal = deal_services.do_register_contract(
            actor=actor, deal=locked.deal, registration_number=registration_number, registered_on=registered_on,
            now=now)
    return locked


def remind_due(today: datetime.date | None = None) -> int:
    """Tell each responsible manager of the open cooperations whose follow-up is due, once a
    day at most (compare-and-set on reminded_on, so a repeated run tells nobody twice)."""
    today = today or timezone.localdate()
    due = Cooperation.objects.filter(stage__in=COOPERATION_OPEN, next_follow_up_on__lte=today,
                                     manager__isnull=False).exclude(reminded_on=today)
    reminded = 0
    for cooperation in due.select_related("manager", "demand", "solution__organization"):
        with transaction.atomic():
            claimed = Cooperation.objects.filter(pk=cooperation.pk).exclude(reminded_on=today).update(reminded_on=today)
            if claimed:
                notify([cooperation.manager], kind="challenge.cooperation.follow_up_due",
                       title=_("Follow-up due: %(number)s with %(unit)s") % {
                           "number": cooperation.demand.number, "unit": cooperation.solution.organization.name},
                       url=reverse("challenge:cooperation", args=[cooperation.pk]))
                reminded += 1
    return reminded
