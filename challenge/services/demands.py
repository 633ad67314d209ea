"""The one write path of demands, whatever the entry (the form, the 需求征集表 import, the API):
create and change, submit, diagnose, publish, withdraw, expire. Every change is audited."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge.choices import (
    DEMAND_EDITABLE,
    DEMAND_TRANSITIONS,
    ChallengeAction,
    CooperationMode,
    DemandStatus,
    HideableField,
    Verdict,
)
from challenge.models import ChallengeRules, Demand, DemandTarget, Diagnosis
from jbgs import access
from jbgs.choices import CampaignKind, Role
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.parsing import MAX_AMOUNT, plain_text
from jbgs.services.audit import audit, changed_fields, snapshot
from jbgs.services.notifications import notify
from jbgs.transitions import move, sources
from jbgs.validators import validate_phone

# What the data of save_demand() may set, by the API's names.
DEMAND_FIELDS = ("title", "field", "sub_field", "description", "expected_outcome", "amount", "cooperation_modes",
                 "valid_until", "region", "contact_name", "contact_phone", "contact_email",
                 "hidden_fields")
MAX_TARGETS = 20


def may_post_for(user, organization) -> bool:
    """An enterprise's own members post its demands; administrators post for any."""
    if access.is_admin(user):
        return True
    return bool(user.is_authenticated and user.has_role(Role.ENTERPRISE) and user.organization_id == organization.pk
                and organization.is_active)


def stage(demand: Demand, data: dict, targets: list[dict] | None, *, today: datetime.date) -> list[DemandTarget]:
    """Apply `data` (typed values: the form, the importer and the API parse what people
    wrote with jbgs.parsing first) and check the demand as the documents require it.
    Raises ValidationError by field; nothing is saved here."""
    for name in DEMAND_FIELDS:
        if name in data:
            setattr(demand, name, data[name])
    errors: dict[str, list] = {}
    if demand.amount is None:
        errors.setdefault("amount", []).append(_("Give the intended investment: every demand states it."))
    elif not (Decimal(0) <= demand.amount <= MAX_AMOUNT):
        errors.setdefault("amount", []).append(_("The intended investment cannot be negative or beyond what the platform records."))
    modes = list(dict.fromkeys(demand.cooperation_modes or []))
    if not modes:
        errors.setdefault("cooperation_modes", []).append(_("Choose at least one cooperation mode."))
    unknown = [m for m in modes if m not in CooperationMode.values]
    if unknown:
        errors.setdefault("cooperation_modes", []).append(
            _("Unknown cooperation mode: %(codes)s.") % {"codes": "、".join(unknown)})
    demand.cooperation_modes = modes
    hidden = list(dict.fromkeys(demand.hidden_fields or []))
    unknown = [h for h in hidden if h not in HideableField.values]
    if unknown:
        errors.setdefault("hidden_fields", []).append(
            _("These cannot be hidden: %(names)s.") % {"names": "、".join(unknown)})
    demand.hidden_fields = hidden
    if demand.valid_until is None:
        errors.setdefault("valid_until", []).append(_("Give the date until which the demand is valid."))
    elif demand.valid_until <= today:
        errors.setdefault("valid_until", []).append(_("The validity must end after today."))
    if demand.field_id and demand.campaign_id and demand.field.year != demand.campaign.year:
        errors.setdefault("field", []).append(_("Choose one of the year's industry fields."))
    if demand.contact_phone:
        try:
            demand.contact_phone = validate_phone(demand.contact_phone)
        except ValidationError as error:
            errors.setdefault("contact_phone", []).extend(error.messages)
    rows = []
    if targets is not None:
        if len(targets) > MAX_TARGETS:
            errors.setdefault("targets", []).append(_("At most %(n)s technical targets.") % {"n": MAX_TARGETS})
        for position, row in enumerate(targets[:MAX_TARGETS]):
            indicator, value = str(row.get("indicator") or "").strip(), str(row.get("value") or "").strip()
            if not indicator and not value:
                continue
            if not (indicator and value):
                errors.setdefault("targets", []).append(
                    _("Target %(n)s: give both the indicator and its value.") % {"n": position + 1})
                continue
            target = DemandTarget(position=position, indicator=indicator, value=value,
                                  unit=str(row.get("unit") or "").strip(), hidden=bool(row.get("hidden")))
            try:
                target.full_clean(exclude=["demand"])
            except ValidationError as error:
                errors.setdefault("targets", []).extend(
                    f"{_('Target %(n)s') % {'n': position + 1}}: {message}" for message in error.messages)
            rows.append(target)
    try:
        demand.full_clean(exclude=["number", "created_by", "campaign", "organization", *errors])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return rows


def save_demand(*, actor, organization=None, campaign=None, data: dict, targets: list[dict] | None = None,
                demand: Demand | None = None, collector=None, now=None) -> Demand:
    """Create a demand for `organization` in `campaign`, or change `demand` (while it is a
    draft or returned for revision). `targets` replaces the technical targets when given."""
    now = now or timezone.now()
    with transaction.atomic():
        if demand is None:
            if campaign is None or campaign.kind != CampaignKind.CHALLENGE:
                raise DomainError(_("Choose a challenge season."), code="not_a_challenge", field="campaign")
            if not may_post_for(actor, organization):
                raise NotAllowed()
            demand, before = Demand(campaign=campaign, organization=organization, created_by=actor,
                                    collector=collector), None
        else:
            demand = lock(Demand.objects.select_related("campaign", "organization"), pk=demand.pk)
            if not may_post_for(actor, demand.organization):
                raise NotAllowed()
            if demand.status not in DEMAND_EDITABLE:
                raise DomainError(_("A demand can be changed while it is a draft or returned for revision."),
                                  code="not_editable")
            before = snapshot(demand, DEMAND_FIELDS)
        rows = stage(demand, data, targets, today=timezone.localdate(now))
        if before is None:
            demand.number = f"pending-{now.timestamp()}"[:20]
            demand.save()
            demand.number = f"XQ{demand.campaign.year}{demand.pk:06d}"
            demand.save(update_fields=["number"])
        else:
            demand.save()
        if targets is not None:
            demand.targets.all().delete()
            for row in rows:
                row.demand = demand
            DemandTarget.objects.bulk_create(rows)
        if before is None:
            audit(demand, ChallengeAction.DEMAND_CREATED, actor=actor, now=now, to_state=demand.status,
                  data={"organization": demand.organization.name, "collector": collector.pk if collector else None})
        else:
            changes = changed_fields(demand, before, DEMAND_FIELDS)
            if targets is not None:
                changes["targets"] = len(rows)
            audit(demand, ChallengeAction.DEMAND_UPDATED, actor=actor, now=now, data={"changes": changes})
    return demand


def _transition(demand: Demand, target: str, *, actor, action: str, now, data: dict | None = None,
                check=None) -> Demand:
    with transaction.atomic():
        locked = lock(Demand.objects.select_related("organization", "campaign"), pk=demand.pk)
        if check is not None:
            check(locked)
        before = move(locked, target, DEMAND_TRANSITIONS)
        locked.save()
        audit(locked, action, actor=actor, now=now, from_state=before, to_state=target, data=data or {})
    return locked


def submit(*, actor, demand: Demand, now=None) -> Demand:
    """The enterprise hands the demand in for diagnosis."""
    now = now or timezone.now()

    def check(locked):
        if not may_post_for(actor, locked.organization):
            raise NotAllowed()
        if locked.valid_until <= timezone.localdate(now):
            raise DomainError(_("The demand's validity has ended: extend it before submitting."),
                              code="validity_ended", field="valid_until")
        locked.submitted_at = now

    return _transition(demand, DemandStatus.SUBMITTED, actor=actor, action=ChallengeAction.DEMAND_SUBMITTED,
                       now=now, check=check)


def weighted_total(rules: ChallengeRules, scores: dict) -> Decimal | None:
    """The marks (0–100 by criterion) weighed by the year's criteria; None without marks."""
    if not scores:
        return None
    total = sum(Decimal(scores[c["code"]]) * c["weight"] for c in rules.diagnosis_criteria) / 100
    return total.quantize(Decimal("0.01"))


def diagnose(*, actor, demand: Demand, verdict: str, comment: str = "", scores: dict | None = None,
             now=None) -> Diagnosis:
    """An expert's or the meeting's verdict on a submitted demand, with marks on the year's
    criteria (all or none): approved, returned for revision with a comment, or rejected."""
    now = now or timezone.now()
    if not (access.is_admin(actor) or (actor.is_authenticated and actor.has_role(Role.EXPERT))):
        raise NotAllowed()
    if verdict not in Verdict.values:
        raise DomainError(_("The verdict is approve, revise or reject."), code="invalid_verdict", field="verdict")
    comment = plain_text(comment)
    if verdict != Verdict.APPROVE and not comment:
        raise DomainError(_("Say why, for the enterprise to read."), code="comment_required", field="comment")
    rules = ChallengeRules.of(demand.campaign)
    scores = _checked_scores(rules, scores or {})
    target = {Verdict.APPROVE: DemandStatus.APPROVED, Verdict.REVISE: DemandStatus.RETURNED,
              Verdict.REJECT: DemandStatus.REJECTED}[verdict]
    with transaction.atomic():
        locked = lock(Demand.objects.select_related("organization", "campaign"), pk=demand.pk)
        before = move(locked, target, DEMAND_TRANSITIONS, message=_(
            "Only a submitted demand can be diagnosed; this one is %(state)s.") % {
                "state": locked.get_status_display()})
        locked.diagnosis_comment = comment
        locked.save()
        diagnosis = Diagnosis.objects.create(demand=locked, diagnosed_by=actor, verdict=verdict, scores=scores,
                                             total=weighted_total(rules, scores), comment=comment)
        audit(locked, ChallengeAction.DEMAND_DIAGNOSED, actor=actor, now=now, from_state=before, to_state=target,
              data={"verdict": verdict, "total": str(diagnosis.total) if diagnosis.total is not None else None})
        members = locked.organization.members.filter(is_active=True)
        notify(members, kind="challenge.demand.diagnosed",
               title=_("Your demand %(number)s: %(verdict)s") % {"number": locked.number,
                                                               "verdict": diagnosis.get_verdict_display()},
               body=comment, url=reverse("challenge:demand-mine-detail", args=[locked.pk]))
    return diagnosis


def _checked_scores(rules: ChallengeRules, scores: dict) -> dict:
    if not scores:
        return {}
    codes = [c["code"] for c in rules.diagnosis_criteria]
    missing = [code for code in codes if code not in scores]
    extra = [code for code in scores if code not in codes]
    if missing or extra:
        raise DomainError(_("Mark every criterion of the year (%(codes)s), and only those.") % {
            "codes": "、".join(c["label"] for c in rules.diagnosis_criteria)}, code="invalid_scores", field="scores")
    checked = {}
    for code in codes:
        try:
            mark = Decimal(str(scores[code]))
        except Exception:
            mark = None
        if mark is None or not mark.is_finite() or not (0 <= mark <= 100):
            raise DomainError(_("Each mark is a number from 0 to 100."), code="invalid_scores", field="scores")
        checked[code] = str(mark)
    return checked


def withdraw(*, actor, demand: Demand, reason: str, now=None) -> Demand:
    """The enterprise (or an administrator) takes the demand back, saying why."""
    now = now or timezone.now()
    reason = plain_text(reason)
    if not reason:
        raise DomainError(_("Give the reason."), code="reason_required", field="reason")

    def check(locked):
        if not may_post_for(actor, locked.organization):
            raise NotAllowed()
        locked.closed_at = now

    return _transition(demand, DemandStatus.WITHDRAWN, actor=actor, action=ChallengeAction.DEMAND_WITHDRAWN,
                       now=now, data={"reason": reason}, check=check)


def expire_due(today: datetime.date | None = None) -> int:
    """The day after a demand's validity ends it expires: a compare-and-set per status the
    table allows, so a late run or a repeated one changes nothing twice (the nightly job)."""
    today = today or timezone.localdate()
    now = timezone.now()
    due = Demand.objects.filter(valid_until__lt=today, status__in=sources(DEMAND_TRANSITIONS, DemandStatus.EXPIRED))
    expired = 0
    for pk, status in due.values_list("pk", "status").order_by("pk"):
        with transaction.atomic():
            if Demand.objects.filter(pk=pk, status=status, valid_until__lt=today).update(
                    status=DemandStatus.EXPIRED, closed_at=now, updated_at=now):
                demand = Demand.objects.get(pk=pk)
                audit(demand, ChallengeAction.DEMAND_EXPIRED, now=now, from_state=status,
                      to_state=DemandStatus.EXPIRED, data={"valid_until": str(demand.valid_until)})
                expired += 1
    return expired
