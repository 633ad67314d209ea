"""A demand's and a solution's files: added and removed by the side that wrote them while it may
still change them, read by those who may see them. One rule each for who reads, used by every
download and every page that lists the files."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from challenge import access
from challenge.choices import ChallengeAction, HideableField, SolutionStatus
from challenge.models import Demand, DemandAttachment, Solution, SolutionAttachment
from challenge.services import details
from challenge.services.demands import change_refusal
from challenge.services.solutions import may_see
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.files import DOCUMENTS, validate_upload
from jbgs.locking import lock
from jbgs.services.audit import audit

MAX_FILES = 10
SOLUTION_OPEN = (SolutionStatus.SUBMITTED, SolutionStatus.SHORTLISTED)


def may_read_demand_file(user, demand: Demand) -> bool:
    """The enterprise and the administrators; anyone, once the demand is public and shows its
    attachments; a solver the enterprise granted its hidden details."""
    if access.sees_whole(user, demand):
        return True
    if not demand.is_public:
        return False
    return not demand.hides(HideableField.ATTACHMENTS) or details.granted(user, demand)


def add_demand_file(*, actor, demand: Demand, upload) -> DemandAttachment:
    """A file of the demand, while the enterprise may change it (a draft, or returned)."""
    validate_upload(upload, DOCUMENTS)
    with transaction.atomic():
        locked = lock(Demand.objects.select_related("campaign", "organization"), of=("self",), pk=demand.pk)
        refusal = change_refusal(actor, locked)
        if refusal is not None:
            raise refusal
        _room_for_one(locked.attachments.count())
        attachment = DemandAttachment.objects.create(demand=locked, file=upload, original_name=upload.name[:255],
                                                     size=upload.size, uploaded_by=actor)
        audit(locked, ChallengeAction.ATTACHMENT_ADDED, actor=actor, data={"file": attachment.original_name})
    return attachment


def remove_demand_file(*, actor, attachment: DemandAttachment) -> None:
    with transaction.atomic():
        locked = lock(Demand.objects.select_related("campaign", "organization"), of=("self",),
                      pk=attachment.demand_id)
        refusal = change_refusal(actor, locked)
        if refusal is not None:
            raise refusal
        attachment.delete()
        audit(locked, ChallengeAction.ATTACHMENT_REMOVED, actor=actor, data={"file": attachment.original_name})
    attachment.file.delete(save=False)


def add_solution_file(*, actor, solution: Solution, upload) -> SolutionAttachment:
    """A file of the solution, by its solver, while the enterprise has not decided on it."""
    if not (actor.is_authenticated and actor.pk == solution.solver_id):
        raise NotAllowed()
    validate_upload(upload, DOCUMENTS)
    with transaction.atomic():
        locked = lock(Solution.objects, pk=solution.pk)
        if locked.status not in SOLUTION_OPEN:
            raise DomainError(_("Files can be added while the solution awaits the enterprise's decision."),
                              code="solution_closed")
        _room_for_one(locked.attachments.count())
        attachment = SolutionAttachment.objects.create(solution=locked, file=upload, original_name=upload.name[:255],
                                                       size=upload.size, uploaded_by=actor)
        audit(locked, ChallengeAction.ATTACHMENT_ADDED, actor=actor, data={"file": attachment.original_name})
    return attachment


def may_read_solution_file(user, solution: Solution) -> bool:
    return may_see(user, solution)


def _room_for_one(count: int) -> None:
    if count >= MAX_FILES:
        raise ValidationError(_("At most %(n)s files."), code="too_many_files", params={"n": MAX_FILES})
