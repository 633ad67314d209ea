"""Who may see and change what on the supply side."""

from django.db.models import QuerySet

from auction.choices import LOT_PUBLIC
from auction.models import Enquiry, Item, SubmissionList
from auction.rules import deadline_refusal
from jbgs import access
from jbgs.choices import Role


def is_unit_liaison(user, organization) -> bool:
    return (
        organization is not None
        and user.is_authenticated
        and user.is_active
        and user.organization_id == organization.pk
        and organization.is_active
        and user.has_role(Role.LIAISON)
    )


def unit_liaisons(organization) -> QuerySet:
    """The unit's active liaisons: who acts for it on the supply side."""
    return organization.members.filter(roles__contains=[Role.LIAISON], is_active=True)


def can_view_list(user, submission_list: SubmissionList) -> bool:
    return access.is_admin(user) or is_unit_liaison(user, submission_list.organization)


def can_edit_list(user, submission_list: SubmissionList) -> bool:
    """The unit's liaison, while the list is a draft or was returned for revision, and for a
    draft, until its deadline."""
    return (is_unit_liaison(user, submission_list.organization) and submission_list.is_editable
            and deadline_refusal(submission_list) is None)


def can_review_lists(user) -> bool:
    return access.is_admin(user)


def acts_for_own_unit(user) -> bool:
    """An active liaison of an active unit: who sees the unit's records on the supply side."""
    return user.is_authenticated and is_unit_liaison(user, user.organization)


def _unit_records(user, qs: QuerySet, unit: str) -> QuerySet:
    """All of `qs` for the administrators; for a liaison, the rows whose `unit` lookup is
    their unit; nothing for anyone else."""
    if access.is_admin(user):
        return qs
    if acts_for_own_unit(user):
        return qs.filter(**{unit: user.organization_id})
    return qs.none()


def visible_lists(user) -> QuerySet[SubmissionList]:
    qs = SubmissionList.objects.select_related("organization__region", "campaign__auction_rules")
    return _unit_records(user, qs, "organization_id")


def visible_items(user) -> QuerySet[Item]:
    """Administrators see every item; a liaison their unit's; an expert those assigned to them."""
    qs = Item.objects.select_related("field", "organization", "campaign__auction_rules")
    if access.is_admin(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    mine = qs.none()
    if is_unit_liaison(user, user.organization):  # an active liaison of an active unit
        mine = qs.filter(organization_id=user.organization_id)
    if user.is_active and user.has_role(Role.EXPERT):
        mine = mine | qs.filter(assignments__expert=user)
    return mine.distinct()


def can_see_reserve(user, lot) -> bool:
    """The reserve price is for the administrators and the seller unit's liaisons only."""
    return access.is_admin(user) or is_unit_liaison(user, lot.seller)


def can_view_lot(user, lot) -> bool:
    """A lot on a bidding day (or ended there) is public; a draft or a withdrawn lot is known
    only to the administrators and the seller unit's liaisons."""
    return lot.status in LOT_PUBLIC or can_see_reserve(user, lot)


def can_view_deal(user, deal) -> bool:
    """Administrators, the seller unit's liaisons and the buyer unit's bidders."""
    if access.is_admin(user) or is_unit_liaison(user, deal.seller):
        return True
    return (user.is_authenticated and user.is_active and user.organization_id == deal.buyer_id
            and user.has_role(Role.BIDDER))


def visible_deals(user):
    from auction.models import Deal

    deals = Deal.objects.select_related("lot", "buyer", "seller", "campaign")
    if access.is_admin(user):
        return deals
    if not (user.is_authenticated and user.organization_id):
        return deals.none()
    mine = deals.none()
    if user.has_role(Role.LIAISON):
        mine = mine | deals.filter(seller_id=user.organization_id)
    if user.has_role(Role.BIDDER):
        mine = mine | deals.filter(buyer_id=user.organization_id)
    return mine


def can_answer_enquiry(user, enquiry: Enquiry) -> bool:
    """The seller unit's liaisons, and the administrators."""
    return access.is_admin(user) or is_unit_liaison(user, enquiry.item.organization)


def can_view_enquiry(user, enquiry: Enquiry) -> bool:
    """Those who may answer it, and the asker (who may also close it)."""
    return can_answer_enquiry(user, enquiry) or (user.is_authenticated and enquiry.asker_id == user.pk)


can_close_enquiry = can_view_enquiry


def may_read_inbox(user) -> bool:
    return access.is_admin(user) or acts_for_own_unit(user)


def received_enquiries(user) -> QuerySet[Enquiry]:
    """The inbox: every enquiry for the administrators, a liaison's unit's for the liaison."""
    qs = Enquiry.objects.select_related("item__organization", "organization")
    return _unit_records(user, qs, "item__organization_id")
