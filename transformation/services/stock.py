"""The stock-patent inventory's writes: a patent evaluated (one evaluation per way, replaced
when recorded again), given to a reviewer, screened, registered into the resource pool and
matched to enterprises. Each is `check → lock the patent row → change → audit`, in one
transaction that the caller need not open; a push's notifications are e-mailed after commit.
Refusals are DomainErrors naming the field (`extra={"errors": [{"field", "message"}]}` when
several values are wrong). The import writes through `write_patents()`."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jbgs.choices import OrganizationStatus, Role
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.locking import lock, lock_all
from jbgs.models import Organization, User
from jbgs.parsing import plain_text
from jbgs.services.audit import audit, audit_each
from jbgs.services.notifications import Message, notify_each
from jbgs.transitions import move
from transformation import stock_access
from transformation.choices import (
    STOCK_REACHED,
    STOCK_TRANSITIONS,
    EvaluatorKind,
    StockAction,
    StockPool,
    StockStage,
)
from transformation.models import StockEvaluation, StockMatch, StockPatent
from transformation.stock_filters import StockFilter

SCORES = ("maturity", "market", "value")
YES = {"1", "true", "yes", "on", "是", True}
NO = {"0", "false", "no", "off", "否", False}


def _refuse(errors: list[dict]) -> None:
    if errors:
        raise DomainError("; ".join(e["message"] for e in errors), code="invalid", field=errors[0]["field"],
                          extra={"errors": errors})


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def clean_evaluation(data: dict) -> dict:
    """The short form's values: three scores from 1 to 5, a recommendation yes or no, a comment
    and who evaluated; every wrong one named."""
    errors, clean = [], {}
    for name in SCORES:
        raw = str(data.get(name, "")).strip()
        if not raw.isdigit() or not 1 <= int(raw) <= 5:
            errors.append({"field": name, "message": _("%(field)s: give a score from 1 to 5.")
                           % {"field": _label(StockEvaluation, name)}})
        else:
            clean[name] = int(raw)
    recommended = data.get("recommended", "")
    recommended = recommended.strip().lower() if isinstance(recommended, str) else recommended
    if recommended in YES:
        clean["recommended"] = True
    elif recommended in NO:
        clean["recommended"] = False
    else:
        errors.append({"field": "recommended", "message": _("Say whether the patent is recommended for "
                                                            "transformation (yes or no).")})
    clean["comment"] = plain_text(data.get("comment"))[:1000]
    clean["evaluator_name"] = plain_text(data.get("evaluator_name"))[:100]
    _refuse(errors)
    return clean


def _locked(patent_id: int) -> StockPatent:
    return lock(StockPatent.objects.select_related("organization__region"), pk=patent_id, of=("self",))


def _forward(patent: StockPatent, stage: str) -> str:
    """Move the patent to `stage` if it has not reached it yet; returns the stage it had."""
    before = patent.stage
    if patent.stage not in STOCK_REACHED[stage]:
        move(patent, stage, STOCK_TRANSITIONS, field="stage")
    return before


@transaction.atomic
def evaluate(*, actor, patent_id: int, kind: str, data: dict, now: datetime.datetime | None = None) -> StockEvaluation:
    """Record one way's evaluation of the patent, replacing that way's earlier one (its values
    kept in the audit entry). The first evaluation of any way makes the patent evaluated.
    Locks the patent row."""
    if kind not in EvaluatorKind.values:
        raise DomainError(_("Choose who evaluates: the inventor, the institution or a reviewer."), field="kind")
    values = clean_evaluation(data)
    now = now or timezone.now()
    patent = _locked(patent_id)
    if not stock_access.may_evaluate(actor, patent, kind):
        raise NotAllowed()
    earlier = StockEvaluation.objects.filter(patent=patent, kind=kind).first()
    replaced = {name: getattr(earlier, name) for name in (*SCORES, "recommended", "comment")} if earlier else None
    unit = actor.organization if kind == EvaluatorKind.THIRD_PARTY else patent.organization
    evaluation, _created = StockEvaluation.objects.update_or_create(
        patent=patent, kind=kind,
        defaults={**values, "evaluator_organization": unit, "recorded_by": actor, "recorded_at": now})
    before = _forward(patent, StockStage.EVALUATED)
    patent.save(update_fields=["stage", "updated_at"])
    audit(patent, StockAction.EVALUATED, actor=actor, from_state=before, to_state=patent.stage, now=now,
          data={"kind": kind, **{name: values[name] for name in (*SCORES, "recommended")}, "replaced": replaced})
    return evaluation


def _reviewer_for(actor, organization, reviewer_id: int | None) -> Organization | None:
    """The one rule for giving an institution's patents to a reviewer: its keeper (may_keep_stock)
    gives them to an active enterprise or third-party service body (REVIEWER_KINDS); None takes
    them back."""
    if organization is None or not stock_access.may_keep_stock(actor, organization):
        raise NotAllowed()
    if reviewer_id is None:
        return None
    reviewer = Organization.objects.filter(pk=reviewer_id, kind__in=stock_access.REVIEWER_KINDS,
                                           status=OrganizationStatus.ACTIVE).first()
    if reviewer is None:
        raise DomainError(_("Choose an active enterprise or third-party service body as the reviewer."),
                          field="reviewer")
    return reviewer


def _reviewer_data(reviewer: Organization | None, previous: int | None) -> dict:
    return {"reviewer": reviewer.pk if reviewer else None, "name": reviewer.name if reviewer else "",
            "previous": previous}


@transaction.atomic
def assign_reviewer(*, actor, patent_id: int, reviewer_id: int | None) -> StockPatent:
    """Give the patent to an enterprise or third-party service body for the third evaluation
    (None takes it back). An evaluation it recorded stays. Locks the patent row."""
    patent = _locked(patent_id)
    reviewer = _reviewer_for(actor, patent.organization, reviewer_id)
    previous = patent.reviewer_id
    patent.reviewer = reviewer
    patent.save(update_fields=["reviewer", "updated_at"])
    audit(patent, StockAction.REVIEWER_ASSIGNED, actor=actor, data=_reviewer_data(reviewer, previous))
    return patent


# At most this many patents are given to a reviewer at once: a larger stock goes by field or stage.
REVIEWER_BATCH_MAX = 2000


@transaction.atomic
def assign_reviewer_many(*, actor, organization_id: int, reviewer_id: int | None, patent_ids=None,
                         matching: StockFilter | None = None, now=None) -> int:
    """Give many of the institution's patents to one reviewer at once (None takes them back):
    the ticked ones (`patent_ids`, each the institution's) or every one matching a filter
    (`matching`), at most REVIEWER_BATCH_MAX; those it already has are left as they are. The
    same rule as assign_reviewer (_reviewer_for). Locks the chosen patent rows in id order
    (waiting a bounded time: Busy), changes them in one UPDATE and writes one audit entry per
    patent (one COPY). Returns how many patents changed hands."""
    now = now or timezone.now()
    organization = Organization.objects.filter(pk=organization_id).first()
    reviewer = _reviewer_for(actor, organization, reviewer_id)
    chosen = StockPatent.objects.filter(organization=organization)
    if patent_ids is not None:
        ids = sorted({int(pk) for pk in patent_ids})
        if not ids:
            raise DomainError(_("Tick the patents to give to the reviewer."), field="patents")
        _cap(len(ids))
        chosen = chosen.filter(pk__in=ids)
    elif matching is not None:
        chosen = matching.apply(chosen)
    else:
        raise DomainError(_("Tick the patents, or say which patents to give to the reviewer."), field="patents")
    found = lock_all(chosen.only("pk", "application_number", "title", "reviewer").order_by("pk")
                     [:REVIEWER_BATCH_MAX + 1])
    _cap(len(found))
    if patent_ids is not None and len(found) != len(ids):
        raise DomainError(_("Some of the ticked patents are not the institution's stock."), field="patents")
    if not found:
        raise DomainError(_("No patent of the institution matches this choice."), field="patents")
    changing = [patent for patent in found if patent.reviewer_id != (reviewer.pk if reviewer else None)]
    StockPatent.objects.filter(pk__in=[patent.pk for patent in changing]).update(reviewer=reviewer, updated_at=now)
    audit_each(changing, StockAction.REVIEWER_ASSIGNED, actor=actor, now=now,
               data=lambda patent: _reviewer_data(reviewer, patent.reviewer_id))
    return len(changing)


def _cap(count: int) -> None:
    if count > REVIEWER_BATCH_MAX:
        raise DomainError(_("At most %(max)s patents are given to a reviewer at once; this choice has more. Narrow "
                            "it by field, sub-field or stage.") % {"max": REVIEWER_BATCH_MAX}, code="too_many",
                          field="patents")


@transaction.atomic
def screen(*, actor, patent_id: int, selected: bool, note: str = "", now=None) -> StockPatent:
    """The screening decision (筛选): whether the patent shows high market potential and value.
    Needs an evaluation first; deciding again changes the decision. Locks the patent row."""
    now = now or timezone.now()
    patent = _locked(patent_id)
    if not stock_access.may_keep_stock(actor, patent.organization):
        raise NotAllowed()
    if patent.stage == StockStage.IMPORTED:
        raise InvalidTransition(_("Evaluate the patent before screening it."))
    if not selected and patent.pool in (StockPool.PROVINCIAL, StockPool.NATIONAL):
        raise InvalidTransition(_("The patent is recommended to a resource pool: register it for the platform's "
                                  "pool only before setting it aside."))
    before = _forward(patent, StockStage.SCREENED)
    patent.selected, patent.screening_note, patent.screened_at = bool(selected), plain_text(note)[:500], now
    patent.save(update_fields=["stage", "selected", "screening_note", "screened_at", "updated_at"])
    audit(patent, StockAction.SCREENED, actor=actor, from_state=before, to_state=patent.stage, now=now,
          data={"selected": patent.selected, "note": patent.screening_note})
    return patent


@transaction.atomic
def register(*, actor, patent_id: int, pool: str, open_licence_fee: str = "", open_licence_payment: str = "",
             now=None) -> StockPatent:
    """Register the screened patent in the transformation resource pool (登记), recommended to
    the provincial or national pool only if it was selected at screening; an open licence is
    published with both its fee standard and its payment method. Locks the patent row."""
    now = now or timezone.now()
    fee, payment = plain_text(open_licence_fee)[:300], plain_text(open_licence_payment)[:300]
    errors = []
    if pool not in StockPool.values:
        errors.append({"field": "pool", "message": _("Choose the resource pool.")})
    if bool(fee) != bool(payment):
        errors.append({"field": "open_licence_payment" if fee else "open_licence_fee",
                       "message": _("An open licence is published with both its fee standard and its payment "
                                    "method.")})
    _refuse(errors)
    patent = _locked(patent_id)
    if not stock_access.may_keep_stock(actor, patent.organization):
        raise NotAllowed()
    if patent.stage not in STOCK_REACHED[StockStage.SCREENED]:
        raise InvalidTransition(_("Screen the patent before registering it."))
    if pool != StockPool.PLATFORM and not patent.selected:
        raise DomainError(_("Only a patent selected at screening is recommended to the provincial or national "
                            "pool."), field="pool")
    before = _forward(patent, StockStage.REGISTERED)
    patent.pool, patent.open_licence_fee, patent.open_licence_payment = pool, fee, payment
    patent.registered_at = patent.registered_at or now
    patent.save(update_fields=["stage", "pool", "open_licence_fee", "open_licence_payment", "registered_at",
                               "updated_at"])
    audit(patent, StockAction.REGISTERED, actor=actor, from_state=before, to_state=patent.stage, now=now,
          data={"pool": pool, "open_licence_fee": fee, "open_licence_payment": payment})
    return patent


@transaction.atomic
def match(*, actor, patent_id: int, organization_ids: list[int], reason: str, now=None) -> list[StockMatch]:
    """Match the registered patent with enterprises and push it to their people (an inbox
    message each, e-mailed after commit). An enterprise matched before is not pushed again.
    Locks the patent row."""
    now = now or timezone.now()
    reason = plain_text(reason)[:300]
    patent = _locked(patent_id)
    if not stock_access.may_keep_stock(actor, patent.organization):
        raise NotAllowed()
    if patent.stage not in STOCK_REACHED[StockStage.REGISTERED]:
        raise InvalidTransition(_("Register the patent before matching it with enterprises."))
    enterprises = list(Organization.objects.filter(pk__in=organization_ids, kind__in=stock_access.ENTERPRISE_KINDS,
                                                   status=OrganizationStatus.ACTIVE).order_by("pk"))
    if not enterprises or len(enterprises) != len(set(organization_ids)):
        raise DomainError(_("Choose active enterprises to push the patent to."), field="organizations")
    if not reason:
        raise DomainError(_("Say why the patent suits them."), field="reason")
    known = set(patent.matches.values_list("organization", flat=True))
    new = [unit for unit in enterprises if unit.pk not in known]
    people = list(User.objects.filter(Q(roles__contains=[Role.ENTERPRISE]) | Q(roles__contains=[Role.LIAISON]),
                                      organization__in=new, is_active=True))
    by_unit = {}
    for person in people:
        by_unit.setdefault(person.organization_id, []).append(person)
    made = StockMatch.objects.bulk_create([
        StockMatch(patent=patent, organization=unit, reason=reason, matched_by=actor, matched_at=now,
                   pushed_to=len(by_unit.get(unit.pk, []))) for unit in new])
    title = _("A patent for you: %(title)s") % {"title": patent.title}
    body = _("%(institution)s offers %(number)s. %(reason)s") % {
        "institution": patent.organization.name, "number": patent.application_number, "reason": reason}
    notify_each([Message(person, title, body) for person in people], kind="transformation.stock.push")
    before = _forward(patent, StockStage.MATCHED) if made else patent.stage
    patent.save(update_fields=["stage", "updated_at"])
    audit(patent, StockAction.MATCHED, actor=actor, from_state=before, to_state=patent.stage, now=now,
          data={"organizations": [unit.pk for unit in new], "reason": reason, "people": len(people)})
    return made
