"""At an announced contest: the invited experts mark each pair on the year's contest criteria
and comment on it (现场邀请外部专家进行点评和指导), until the contest is marked held; the invited
financial institutions record their interest in a pair, with a note (考察评估, 嫁接金融资源),
and may withdraw it. One expert's marks are theirs and the administrators' alone."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge import access as challenge_access
from challenge import scoring
from challenge.choices import CONTEST_PUBLIC, ChallengeAction, ContestStatus
from challenge.models import ChallengeRules, Contest, ContestInterest, ContestPair, ContestScore
from challenge.services import disclaimers
from jbgs.choices import Role
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.parsing import plain_text
from jbgs.services.audit import audit
from jbgs.services.notifications import notify

MAX_COMMENT = 2000
MAX_NOTE = 500


def score(*, actor, pair: ContestPair, marks: dict, comment: str = "", now=None) -> ContestScore:
    """An invited expert marks a pair (every criterion, 0–100) and comments; marking again
    replaces their marks until the contest is held. Locks the contest row, which marking it
    held locks too, so no mark lands after it."""
    now = now or timezone.now()
    if not challenge_access.is_contest_expert(actor, pair.contest):
        raise NotAllowed(_("Only the experts invited to the contest mark its pairs."))
    disclaimers.ensure(actor, now)
    comment = plain_text(comment)
    if len(comment) > MAX_COMMENT:
        raise DomainError(_("A comment has at most 2,000 characters."), code="comment_too_long", field="comment")
    criteria = ChallengeRules.of(pair.contest.campaign).contest_criteria
    marks = scoring.checked_marks(criteria, marks or {})
    with transaction.atomic():
        contest = lock(Contest.objects, pk=pair.contest_id)
        if contest.status != ContestStatus.PUBLISHED:
            raise DomainError(_("Pairs are marked once the contest is published and until it is marked held."),
                              code="not_scoring")
        values = {"marks": marks, "total": scoring.weighted_total(criteria, marks), "comment": comment,
                  "scored_at": now}
        result, created = ContestScore.objects.update_or_create(pair=pair, expert=actor, defaults=values)
        audit(pair, ChallengeAction.CONTEST_SCORED, actor=actor, now=now,
              data={"contest": contest.pk, "total": str(result.total), "again": not created})
    return result


def record_interest(*, actor, pair: ContestPair, note: str = "", now=None) -> ContestInterest:
    """An invited institution is interested in a pair (recorded again, the note and the time
    change); both sides of the pair are told who, to take it up with them."""
    now = now or timezone.now()
    organization = _institution(actor, pair)
    note = plain_text(note)
    if len(note) > MAX_NOTE:
        raise DomainError(_("A note has at most 500 characters."), code="note_too_long", field="note")
    with transaction.atomic():
        contest = lock(Contest.objects, pk=pair.contest_id)
        if contest.status not in CONTEST_PUBLIC:
            raise DomainError(_("Interest is recorded once the contest is published."), code="not_published")
        interest, created = ContestInterest.objects.update_or_create(
            pair=pair, organization=organization, defaults={"recorded_by": actor, "recorded_at": now, "note": note})
        audit(pair, ChallengeAction.CONTEST_INTEREST_RECORDED, actor=actor, now=now,
              data={"contest": contest.pk, "organization": organization.name, "note": note})
        if created:
            _tell_the_pair(pair, _("%(unit)s is interested in your project at %(title)s") % {
                "unit": organization.name, "title": contest.title}, note)
    return interest


def withdraw_interest(*, actor, pair: ContestPair, now=None) -> None:
    organization = _institution(actor, pair)
    with transaction.atomic():
        deleted, _rows = ContestInterest.objects.filter(pair=pair, organization=organization).delete()
        if not deleted:
            raise DomainError(_("Your institution has recorded no interest in this pair."), code="no_interest")
        audit(pair, ChallengeAction.CONTEST_INTEREST_WITHDRAWN, actor=actor, now=now,
              data={"contest": pair.contest_id, "organization": organization.name})


def _institution(actor, pair: ContestPair):
    organization = challenge_access.contest_institution(actor, pair.contest)
    if organization is None:
        raise NotAllowed(_("Only the financial institutions invited to the contest record their interest."))
    return organization


def _tell_the_pair(pair: ContestPair, title: str, body: str) -> None:
    cooperation = pair.cooperation
    enterprise = cooperation.demand.organization.members.filter(is_active=True, roles__contains=[Role.ENTERPRISE])
    notify([*enterprise, cooperation.solution.solver], kind="challenge.contest.interest", title=title, body=body,
           url=reverse("challenge:solution", args=[cooperation.solution_id]))
