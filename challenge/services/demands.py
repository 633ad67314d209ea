"""The one write path of demands, whatever the entry (the form, the 需求征集表 import, the API):
create and change, submit, diagnose, publish, withdraw, expire. Every change is audited."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge import scoring
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
from jbgs.choices import CampaignKind, OrganizationKind, OrganizationStatus, Role
from jbgs.db import bulk_insert, bulk_update, insert_values, reserve_ids, save_fields
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock, lock_all
from jbgs.parsing import MAX_AMOUNT, plain_text
from jbgs.services.audit import audit, audit_each, changed_fields, snapshot
from jbgs.services.notifications import notify
from jbgs.transitions import move, sources
from jbgs.validators import validate_phone

# What the data of save_demand() may set, by the API's names.
DEMAND_FIELDS = ("title", "field", "sub_field", "description", "expected_outcome", "amount", "cooperation_modes",
                 "valid_until", "region", "contact_name", "contact_phone", "contact_email",
                 "hidden_fields")
MAX_TARGETS = 20
_MODES, _HIDEABLE = frozenset(CooperationMode.values), frozenset(HideableField.values)


ENTERPRISE_KINDS = (OrganizationKind.ENTERPRISE, OrganizationKind.STATE_OWNED_ENTERPRISE)
COLLECTING_ROLES = (Role.ORGANIZER, Role.MANAGER)


def may_collect(user) -> bool:
    """Who collects enterprises' demands for them with the 需求征集表 (寻榜): a local authority
    or a park (session organisers), a market sub-centre's people, a technology manager, and
    administrators; a member of a unit that is not active, nobody."""
    if access.is_admin(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    unit = user.organization
    if unit is not None and not unit.is_active:
        return False
    return user.has_role(*COLLECTING_ROLES) or (unit is not None and unit.kind == OrganizationKind.MARKET_BRANCH)


def may_post_for(user, organization, collector_id: int | None = None) -> bool:
    """Who posts and changes an enterprise's demands: its own members while it is active;
    administrators; and a collector (may_collect()) the demands they collect for it, while
    it is active or awaiting verification. `collector_id` is the collector of the demand
    changed, or of the one posted: a collector changes no demand the enterprise or another
    collector posted."""
    if access.is_admin(user):
        return True
    if not user.is_authenticated:
        return False
    if user.has_role(Role.ENTERPRISE) and user.organization_id == organization.pk and organization.is_active:
        return True
    return (collector_id == user.pk and organization.kind in ENTERPRISE_KINDS
            and organization.status in (OrganizationStatus.ACTIVE, OrganizationStatus.PENDING) and may_collect(user))


def change_refusal(actor, demand: Demand) -> DomainError | None:
    """Why `actor` may not change the stored `demand` (None: they may): not theirs to
    change, or no longer a draft or returned for revision."""
    if not may_post_for(actor, demand.organization, demand.collector_id):
        return NotAllowed(_("Demand %(number)s was posted by its enterprise or collected by someone else: only "
                            "they can change it.") % {"number": demand.number})
    if demand.status not in DEMAND_EDITABLE:
        return DomainError(_("Demand %(number)s is %(state)s: a demand can be changed while it is a draft or "
                             "returned for revision.") % {"number": demand.number,
                                                          "state": demand.get_status_display()},
                           code="not_editable")
    return None


def stage(demand: Demand, data: dict, targets: list[dict] | None, *, today: datetime.date,
          loaded: bool = False) -> list[dict]:
    """Apply `data` (typed values: the form, the importer and the API parse what people
    wrote with jbgs.parsing first) and check the demand as the documents require it.
    Raises ValidationError by field; nothing is saved here. Returns the technical targets,
    checked, to write. `loaded`: the relations were found among rows loaded for the purpose
    (the importer's), so that their existence is not asked of the database again, row by row."""
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
    unknown = [m for m in modes if m not in _MODES]
    if unknown:
        errors.setdefault("cooperation_modes", []).append(
            _("Unknown cooperation mode: %(codes)s.") % {"codes": "、".join(unknown)})
    demand.cooperation_modes = modes
    hidden = list(dict.fromkeys(demand.hidden_fields or []))
    unknown = [h for h in hidden if h not in _HIDEABLE]
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
    rows = _staged_targets(targets, errors) if targets is not None else []
    try:
        # The constraints (an amount, a mode) and the number's uniqueness are checked above or by the write.
        demand.clean_fields(exclude=[*_NOT_ENTERED, *_CHECKED, *errors, *(_LOADED if loaded else ())])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return rows


def _staged_targets(targets: list[dict], errors: dict) -> list[dict]:
    """The targets given, each checked by DemandTarget's fields (their lengths): the rows to
    write, by position."""
    if len(targets) > MAX_TARGETS:
        errors.setdefault("targets", []).append(_("At most %(n)s technical targets.") % {"n": MAX_TARGETS})
    rows = []
    for position, row in enumerate(targets[:MAX_TARGETS]):
        target = {"position": position, "indicator": str(row.get("indicator") or "").strip(),
                  "value": str(row.get("value") or "").strip(), "unit": str(row.get("unit") or "").strip(),
                  "hidden": bool(row.get("hidden"))}
        if not target["indicator"] and not target["value"]:
            continue
        if not (target["indicator"] and target["value"]):
            errors.setdefault("targets", []).append(
                _("Target %(n)s: give both the indicator and its value.") % {"n": position + 1})
            continue
        for name in _TARGET_TEXTS:
            try:
                _TARGET_FIELDS[name].clean(target[name], None)
            except ValidationError as error:
                errors.setdefault("targets", []).extend(
                    f"{_('Target %(n)s') % {'n': position + 1}}: {message}" for message in error.messages)
        rows.append(target)
    return rows


_TARGET_TEXTS = ("indicator", "value", "unit")
_TARGET_FIELDS = {name: DemandTarget._meta.get_field(name) for name in _TARGET_TEXTS}
_LOADED = ("field", "region", "collector")
_CHECKED = ("cooperation_modes", "hidden_fields")  # against their choices, by stage() itself
# What no entry sets: the number, the relations the service sets, the status and its dates.
_NOT_ENTERED = tuple(f.name for f in Demand._meta.fields if f.name not in (*DEMAND_FIELDS, "collector"))


@dataclass
class Staged:
    """A demand an entry staged (stage() checked it), to write with write_demands(): the
    entry's `data` and `targets` are kept to apply again to the demand as stored, should it
    have changed since it was read."""

    demand: Demand
    data: dict
    targets: list[dict] | None
    rows: list[dict]  # the targets as staged; written when `targets` is given
    before: dict | None = None  # a stored demand's values when it was staged
    seen_at: datetime.datetime | None = None  # and when it was last changed then


@dataclass
class Written:
    created: list[Staged] = field(default_factory=list)
    updated: list[Staged] = field(default_factory=list)
    refused: list[tuple[Staged, Exception]] = field(default_factory=list)


def staged(demand: Demand, data: dict, targets: list[dict] | None, *, today: datetime.date,
           loaded: bool = False, stored_targets: list[dict] | None = None) -> Staged:
    """Stage `data` on the demand (new, or as stored): see stage(). `stored_targets`, a
    stored demand's targets as its entry loaded them, spare writing the same ones again."""
    before = snapshot(demand, DEMAND_FIELDS) if demand.pk else None
    seen_at = demand.updated_at if demand.pk else None
    rows = stage(demand, data, targets, today=today, loaded=loaded)
    if stored_targets is not None and rows == stored_targets:
        targets = None
    return Staged(demand, data, targets, rows, before, seen_at)


def save_demand(*, actor, organization=None, campaign=None, data: dict, targets: list[dict] | None = None,
                demand: Demand | None = None, collector=None, now=None) -> Demand:
    """Create a demand for `organization` in `campaign`, or change `demand` (while it is a
    draft or returned for revision). `targets` replaces the technical targets when given.
    Locks the demand's row when it changes one; writes it as write_demands() does."""
    now = now or timezone.now()
    with transaction.atomic():
        if demand is None:
            if campaign is None or campaign.kind != CampaignKind.CHALLENGE:
                raise DomainError(_("Choose a challenge season."), code="not_a_challenge", field="campaign")
            if not may_post_for(actor, organization, collector.pk if collector else None):
                raise NotAllowed()
            demand = Demand(campaign=campaign, organization=organization, created_by=actor, collector=collector)
        else:
            demand = lock(Demand.objects.select_related("campaign", "organization"), pk=demand.pk)
            refusal = change_refusal(actor, demand)
            if refusal is not None:
                raise refusal
        _save(actor, [staged(demand, data, targets, today=timezone.localdate(now))], Written(), now)
    return demand


def write_demands(*, actor, entries: list[Staged], now) -> Written:
    """Write demands an entry staged many at a time (the importer's chunk of rows): the new
    ones, and the stored ones locked in id order; one changed since it was staged is checked
    again (still the actor's to change, still editable) and given the entry's data again as
    it is stored now. What is refused comes back with why; nothing refused is written. The
    caller owns the transaction."""
    written = Written()
    pks = [entry.demand.pk for entry in entries if entry.demand.pk]
    # Only when each was last changed, locked: most are as they were staged, and stand.
    seen = dict(lock_all(Demand.objects.filter(pk__in=pks).order_by("pk").values_list("pk", "updated_at")))
    ready = []
    for entry in entries:
        error = _rebase(actor, entry, seen, now) if entry.demand.pk else None
        if error is not None:
            written.refused.append((entry, error))
        else:
            ready.append(entry)
    _save(actor, ready, written, now)
    return written


def _rebase(actor, entry: Staged, seen: dict, now) -> Exception | None:
    """The entry staged on the demand as stored now, if it changed since; or why it is refused."""
    if entry.demand.pk not in seen:
        return DomainError(_("This demand was removed meanwhile."), code="demand_removed")
    if seen[entry.demand.pk] == entry.seen_at:
        return None
    stored = Demand.objects.get(pk=entry.demand.pk)  # locked above
    stored.campaign, stored.organization = entry.demand.campaign, entry.demand.organization
    refusal = change_refusal(actor, stored)
    if refusal is not None:
        return refusal
    try:
        restaged = staged(stored, entry.data, entry.targets, today=timezone.localdate(now), loaded=True)
    except ValidationError as error:
        return error
    entry.demand, entry.rows, entry.before = stored, restaged.rows, restaged.before
    return None


def _save(actor, entries: list[Staged], written: Written, now) -> None:
    """The one write of demands: their rows (a new one numbered by its id), their targets
    where the entry gave others, and an audit entry each. A stored demand the entry leaves
    as it was is not written again."""
    new = [entry for entry in entries if entry.demand.pk is None]
    stored = [entry for entry in entries if entry.demand.pk is not None]
    changes = {id(entry.demand): _changes(entry) for entry in stored}
    changed = [entry for entry in stored if changes[id(entry.demand)]]
    for entry in [*new, *changed]:
        entry.demand.updated_at = now
    demands = [entry.demand for entry in new]
    for demand, pk in zip(demands, reserve_ids(Demand, len(demands)) if demands else [], strict=True):
        demand.pk, demand.number = pk, f"XQ{demand.campaign.year}{pk:06d}"
    bulk_insert(demands)
    # What the entries changed, and nothing else: the same file again writes only its corrections.
    columns = {name for entry in changed for name in changes[id(entry.demand)] if name in DEMAND_FIELDS}
    _update([entry.demand for entry in changed], [*sorted(columns), "updated_at"])
    _replace_targets([entry for entry in [*new, *changed] if entry.targets is not None])
    audit_each([entry.demand for entry in new], ChallengeAction.DEMAND_CREATED, actor=actor, now=now,
               to_state=DemandStatus.DRAFT, data=lambda demand: {
                   "organization": demand.organization.name, "collector": demand.collector_id})
    audit_each([entry.demand for entry in changed], ChallengeAction.DEMAND_UPDATED, actor=actor, now=now,
               data=lambda demand: {"changes": changes[id(demand)]})
    written.created += new
    written.updated += stored


def _update(demands: list[Demand], fields: list[str]) -> None:
    if not demands:
        return
    if len(demands) == 1:
        save_fields(demands[0], fields)
    else:
        bulk_update(demands, fields)


def _replace_targets(entries: list[Staged]) -> None:
    stored = [entry.demand.pk for entry in entries if entry.before is not None]
    if stored:
        DemandTarget.objects.filter(demand_id__in=stored).delete()
    insert_values(DemandTarget, ("demand", "position", *_TARGET_TEXTS, "hidden"), [
        (entry.demand.pk, row["position"], row["indicator"], row["value"], row["unit"], row["hidden"])
        for entry in entries for row in entry.rows])


def _changes(entry: Staged) -> dict:
    changes = changed_fields(entry.demand, entry.before, DEMAND_FIELDS)
    if entry.targets is not None:
        changes["targets"] = len(entry.rows)
    return changes


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
        if not may_post_for(actor, locked.organization, locked.collector_id):
            raise NotAllowed()
        if locked.valid_until <= timezone.localdate(now):
            raise DomainError(_("The demand's validity has ended: extend it before submitting."),
                              code="validity_ended", field="valid_until")
        locked.submitted_at = now

    return _transition(demand, DemandStatus.SUBMITTED, actor=actor, action=ChallengeAction.DEMAND_SUBMITTED,
                       now=now, check=check)


def weighted_total(rules: ChallengeRules, scores: dict) -> Decimal | None:
    """The marks (0–100 by criterion) weighed by the year's diagnosis criteria; None without marks."""
    return scoring.weighted_total(rules.diagnosis_criteria, scores)


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
    """All the year's diagnosis criteria marked, or none."""
    return scoring.checked_marks(rules.diagnosis_criteria, scores) if scores else {}


def withdraw(*, actor, demand: Demand, reason: str, now=None) -> Demand:
    """The enterprise (or an administrator) takes the demand back, saying why."""
    now = now or timezone.now()
    reason = plain_text(reason)
    if not reason:
        raise DomainError(_("Give the reason."), code="reason_required", field="reason")

    def check(locked):
        if not may_post_for(actor, locked.organization, locked.collector_id):
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
