"""The annual exhibition (成效展): the administrators record the year's special awards, given
to a session, one of its typical cases or a project it recommended, and pick which typical
cases the exhibition shows. Every change is audited."""

from django.db import transaction
from django.utils.translation import gettext as _

from jbgs import access
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.services.audit import audit
from sessions_mgmt.choices import SessionAction
from sessions_mgmt.models import RecommendedProject, Session, SessionYear, SpecialAward, TypicalCase

TITLE_MAX, RECIPIENT_MAX = 200, 200


def _require_admin(actor) -> None:
    if not access.is_admin(actor):
        raise NotAllowed()


def award_errors(year: int, title: str, recipient: str, session: Session | None, case: TypicalCase | None,
                 project: RecommendedProject | None) -> list[DomainError]:
    """What is wrong with an award, each naming its field."""
    errors = []
    if not SessionYear.objects.filter(year=year).exists():
        errors.append(DomainError(_("The year %(year)s has no special sessions.") % {"year": year}, field="year"))
    if not title:
        errors.append(DomainError(_("Name the award."), field="title"))
    elif len(title) > TITLE_MAX:
        errors.append(DomainError(_("The award's name is too long."), field="title"))
    if not recipient:
        errors.append(DomainError(_("Say to whom the award goes."), field="recipient"))
    elif len(recipient) > RECIPIENT_MAX:
        errors.append(DomainError(_("The recipient's name is too long."), field="recipient"))
    for field, record in (("session", session), ("case", case), ("project", project)):
        if record is not None and (record.year if field == "session" else record.session.year) != year:
            errors.append(DomainError(_("This is not of the year %(year)s.") % {"year": year}, field=field))
    if session is not None:
        for field, record in (("case", case), ("project", project)):
            if record is not None and record.session_id != session.pk:
                errors.append(DomainError(_("This is not of the session chosen."), field=field))
    return errors


def record_award(actor, year: int, title: str, recipient: str, session: Session | None = None,
                 case: TypicalCase | None = None, project: RecommendedProject | None = None,
                 citation: str = "") -> SpecialAward:
    """Record a special award of the year's exhibition. One row written in one transaction,
    with its audit entry; no lock (an award changes nothing else)."""
    _require_admin(actor)
    title, recipient, citation = title.strip(), recipient.strip(), citation.strip()
    errors = award_errors(year, title, recipient, session, case, project)
    if errors:
        raise errors[0]
    with transaction.atomic():
        award = SpecialAward.objects.create(year=year, title=title, recipient=recipient, session=session, case=case,
                                            project=project, citation=citation, created_by=actor)
        audit(award, SessionAction.AWARD_RECORDED, actor=actor,
              data={"year": year, "title": title, "recipient": recipient})
    return award


def remove_award(actor, award: SpecialAward) -> None:
    """Remove an award: its row locked, deleted, the audit entry keeping what it said."""
    _require_admin(actor)
    with transaction.atomic():
        award = lock(SpecialAward.objects, pk=award.pk)
        audit(award, SessionAction.AWARD_REMOVED, actor=actor,
              data={"year": award.year, "title": award.title, "recipient": award.recipient})
        award.delete()


def show_case(actor, case: TypicalCase, public: bool) -> TypicalCase:
    """Pick a typical case for the public exhibition (or take it off). Locks the case's row."""
    _require_admin(actor)
    with transaction.atomic():
        case = lock(TypicalCase.objects, pk=case.pk)
        if case.public != public:
            before = case.public
            case.public = public
            case.save(update_fields=["public"])
            audit(case, SessionAction.RECORD_CHANGED, actor=actor, from_state=str(before), to_state=str(public),
                  data={"field": "public"})
    return case
