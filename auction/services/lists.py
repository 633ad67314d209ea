"""A unit's list: opening it, its contacts and sealed copy, submission and review."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from auction import access, selectors, signals
from auction.choices import LIST_TRANSITIONS, AuctionAction, ItemReview, ListStatus
from auction.models import Item, ListExpert, SubmissionList
from auction.rules import deadline_refusal, list_compliance
from jbgs.choices import CampaignKind, NotificationLevel
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.files import DOCUMENTS, validate_upload
from jbgs.locking import lock
from jbgs.selectors import active_admins
from jbgs.services.audit import audit, changed_fields, snapshot
from jbgs.services.notifications import notify
from jbgs.services.organizations import require_agreement
from jbgs.transitions import move

CONTACT_FIELDS = ("liaison_name", "liaison_department", "liaison_phone", "liaison_email")


class ListNotReady(DomainError):
    code = "list_not_ready"
    status_code = 409




def open_list(*, organization, campaign, actor) -> SubmissionList:
    """The unit's list for the campaign year, created on first use by its liaison. One
    transaction; the unique (unit, campaign) constraint settles two first uses at once."""
    if campaign.kind != CampaignKind.AUCTION:
        raise DomainError(_("Lists are handed in for the auction season only."), code="wrong_campaign")
    if not access.is_unit_liaison(actor, organization):
        raise NotAllowed(_("Only your unit's liaison opens its list."))
    with transaction.atomic():
        submission_list, created = SubmissionList.objects.get_or_create(
            organization=organization,
            campaign=campaign,
            defaults={"liaison_name": actor.name, "liaison_phone": actor.phone, "liaison_email": actor.email},
        )
        if created:
            audit(submission_list, AuctionAction.LIST_CREATED, actor=actor, to_state=submission_list.status)
    return submission_list


def lock_editable_list(actor, submission_list: SubmissionList, now=None) -> SubmissionList:
    """The list's row, locked (not its unit's or campaign's), if `actor` may change it now:
    the unit's liaison, a list not handed in (or returned for revision), and for one never
    handed in, its deadline not passed (see deadline_refusal)."""
    locked = lock(SubmissionList.objects.select_related("organization", "campaign__auction_rules"), of=("self",),
                  pk=submission_list.pk)
    if not access.is_unit_liaison(actor, locked.organization):
        raise NotAllowed()
    if not locked.is_editable:
        raise InvalidTransition(
            _("The list is %(state)s: it can be changed again only if it is returned for revision.")
            % {"state": locked.get_status_display()}
        )
    refusal = deadline_refusal(locked, now)
    if refusal is not None:
        raise refusal
    return locked


def extend_deadline(*, actor, submission_list: SubmissionList, until, reason: str) -> SubmissionList:
    """Give one unit until `until` to hand its list in (None withdraws the extension), with
    the reason. Locks the list row."""
    if not access.can_review_lists(actor):
        raise NotAllowed()
    if until is not None and not reason.strip():
        raise DomainError(_("Give the reason for the extension."), code="reason_required", field="reason")
    with transaction.atomic():
        locked = lock(SubmissionList.objects, pk=submission_list.pk)
        before = locked.deadline_override
        locked.deadline_override, locked.deadline_reason = until, reason.strip() if until else ""
        locked.save(update_fields=["deadline_override", "deadline_reason", "updated_at"])
        audit(locked, AuctionAction.LIST_DEADLINE_EXTENDED, actor=actor, from_state=str(before or ""),
              to_state=str(until or ""), data={"reason": reason})
    return locked


def update_contacts(*, actor, submission_list: SubmissionList, contacts: dict, experts: list[dict],
                    now=None) -> SubmissionList:
    """The 活动联络员（及技术专家）信息表: the liaison's details and the unit's technical experts.
    Locks the list row; the experts are replaced in the same transaction."""
    with transaction.atomic():
        locked = lock_editable_list(actor, submission_list, now)
        before = snapshot(locked, CONTACT_FIELDS)
        for name in CONTACT_FIELDS:
            setattr(locked, name, contacts.get(name, ""))
        locked.full_clean()
        locked.save()
        locked.experts.all().delete()
        ListExpert.objects.bulk_create([ListExpert(submission_list=locked, **row) for row in experts])
        audit(locked, AuctionAction.LIST_CONTACTS_UPDATED, actor=actor,
              data={"changes": changed_fields(locked, before, CONTACT_FIELDS), "experts": len(experts)})
    return locked


def attach_sealed_copy(*, actor, submission_list: SubmissionList, upload, now=None) -> SubmissionList:
    """The scanned sealed copy (盖章件), replacing an earlier one. Locks the list row; the
    replaced file is deleted only once the transaction has committed."""
    validate_upload(upload, DOCUMENTS)
    with transaction.atomic():
        locked = lock_editable_list(actor, submission_list, now)
        replaced = locked.sealed_copy.name
        locked.sealed_copy = upload
        locked.save(update_fields=["sealed_copy", "updated_at"])
        if replaced:
            storage = locked.sealed_copy.storage
            transaction.on_commit(lambda: storage.delete(replaced))
        audit(locked, AuctionAction.LIST_SEALED_COPY, actor=actor, data={"file": upload.name})
    return locked


def readiness_problems(submission_list: SubmissionList, counts: dict | None = None) -> list[str]:
    """What still stands between the list and its submission, in words the liaison reads."""
    problems = []
    counts = counts or selectors.list_counts(submission_list)
    if not counts["total"]:
        problems.append(_("The list has no item yet."))
    for check in list_compliance(submission_list, counts).failures():
        message = (_("%(label)s: %(count)s, the year requires at least %(bound)s.") if check.kind == "min"
                   else _("%(label)s: %(count)s, the year allows at most %(bound)s."))
        problems.append(message % {"label": check.label, "count": check.count, "bound": check.bound})
    if not (submission_list.liaison_name and submission_list.liaison_phone and submission_list.liaison_email):
        problems.append(_("Fill in the liaison's name, phone and e-mail."))
    if not submission_list.sealed_copy:
        problems.append(_("Upload the scanned sealed copy of the list."))
    return problems


def item_problems(submission_list: SubmissionList) -> list[str]:
    """Each item checked again against the year's rules as they stand now (an administrator
    may have changed them since the item was entered or imported)."""
    from auction.rules import item_errors

    problems = []
    for item in submission_list.items.select_related("field"):
        item.campaign = submission_list.campaign  # one campaign, its rules read once
        errors = item_errors(item)
        if errors:
            reasons = "；".join(m for found in errors.values() for e in found for m in e.messages)
            problems.append(_("“%(title)s”: %(reasons)s") % {"title": item.title, "reasons": reasons})
    return problems


def submit_list(*, actor, submission_list: SubmissionList, now=None) -> SubmissionList:
    """Hand the list in. Locks the list row; refuses, saying why, while the unit has not
    accepted the service agreement or the list breaks the year's rules."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_editable_list(actor, submission_list, now)
        require_agreement(locked.organization)
        problems = readiness_problems(locked) + item_problems(locked)
        if problems:
            raise ListNotReady(" ".join(problems))
        previous = move(locked, ListStatus.SUBMITTED, LIST_TRANSITIONS)
        locked.submitted_at, locked.submitted_by = now, actor
        locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        returned = locked.items.filter(review_state=ItemReview.RETURNED)
        reset = list(returned.values_list("pk", flat=True))
        returned.update(review_state=ItemReview.PENDING)
        counts = selectors.list_counts(locked)
        audit(locked, AuctionAction.LIST_SUBMITTED, actor=actor, from_state=previous, to_state=locked.status, now=now,
              data={"items": counts["total"], "returned_items_to_review_again": reset})
        notify(
            active_admins(),
            kind="auction.list.submitted",
            title=_("%(unit)s submitted its %(year)s list") % {"unit": locked.organization, "year": locked.campaign.year},
            body=_("%(count)s patents and results.") % {"count": counts["total"]},
            url=reverse("auction:list-review", args=[locked.pk]),
            email=False,
        )
        signals.list_submitted.send_on_commit(SubmissionList, submission_list=locked)
    return locked


def review_list(*, actor, submission_list: SubmissionList, accept: bool, comment: str = "",
                item_reviews: dict[int, tuple[str, str]] | None = None, now=None) -> SubmissionList:
    """Accept a submitted list, or return it for revision with comments. Items may be
    returned one by one with their own comment (`item_reviews`: id → (state, comment)).
    Locks the list row; items' review states change in the same transaction."""
    if not access.can_review_lists(actor):
        raise NotAllowed()
    now = now or timezone.now()
    item_reviews = item_reviews or {}
    returned_items = [pk for pk, (state, _c) in item_reviews.items() if state == ItemReview.RETURNED]
    if accept and returned_items:
        raise DomainError(_("A list with returned items cannot be accepted: return the list instead."),
                          code="items_returned")
    if not accept and not (comment.strip() or returned_items):
        raise DomainError(_("Say what to revise: a comment on the list or on its items."), code="reason_required",
                          field="comment")
    target = ListStatus.ACCEPTED if accept else ListStatus.RETURNED
    with transaction.atomic():
        locked = lock(SubmissionList.objects.select_related("organization", "campaign__auction_rules"), of=("self",),
                      pk=submission_list.pk)
        previous = move(locked, target, LIST_TRANSITIONS)
        if not accept and locked.items.filter(Q(selected=True) | Q(published_at__isnull=False)).exists():
            raise InvalidTransition(_("Items of this list were selected or published: it can no longer be returned."))
        for item in Item.objects.filter(submission_list=locked, pk__in=item_reviews):
            item.review_state, item.review_comment = item_reviews[item.pk]
            item.save(update_fields=["review_state", "review_comment", "updated_at"])
        accepted = []
        if accept:
            pending = locked.items.filter(review_state=ItemReview.PENDING)
            accepted = list(pending.values_list("pk", flat=True))
            pending.update(review_state=ItemReview.ACCEPTED)
        locked.reviewed_at, locked.reviewed_by, locked.review_comment = now, actor, comment
        locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment", "updated_at"])
        audit(locked, AuctionAction.LIST_ACCEPTED if accept else AuctionAction.LIST_RETURNED, actor=actor, now=now,
              from_state=previous, to_state=target,
              data={"comment": comment, "returned_items": returned_items, "accepted_items": accepted})
        _tell_unit(locked, accept, comment, len(returned_items))
    return locked


def _tell_unit(submission_list, accept: bool, comment: str, returned: int) -> None:
    liaisons = access.unit_liaisons(submission_list.organization)
    year = submission_list.campaign.year
    if accept:
        title = _("Your %(year)s list was accepted") % {"year": year}
    else:
        title = _("Your %(year)s list was returned for revision") % {"year": year}
    body = comment
    if returned:
        body += "\n" + _("%(count)s items were returned with comments.") % {"count": returned}
    notify(liaisons, kind="auction.list.reviewed", title=title, body=body.strip(),
           level=NotificationLevel.SUCCESS if accept else NotificationLevel.WARNING,
           url=reverse("auction:list-detail", args=[submission_list.pk]))


def grant_exception(*, actor, submission_list: SubmissionList, max_items: int | None, reason: str) -> SubmissionList:
    """Let one unit list more than the year's maximum (or withdraw that), with the reason.
    Locks the list row."""
    if not access.can_review_lists(actor):
        raise NotAllowed()
    if max_items is not None and not reason.strip():
        raise DomainError(_("Give the reason for the exception."), code="reason_required", field="override_reason")
    with transaction.atomic():
        locked = lock(SubmissionList.objects, pk=submission_list.pk)
        before = locked.max_items_override
        locked.max_items_override, locked.override_reason = max_items, reason
        locked.save(update_fields=["max_items_override", "override_reason", "updated_at"])
        audit(locked, AuctionAction.LIST_EXCEPTION, actor=actor, from_state=str(before or ""),
              to_state=str(max_items or ""), data={"reason": reason})
    return locked
