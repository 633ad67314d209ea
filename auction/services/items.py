"""Items in a unit's list: one path for the browser form, the importer and the API."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from auction.choices import AuctionAction, ItemKind, ItemReview
from auction.models import Item, ItemAttachment, SubmissionList
from auction.rules import change_refusal
from auction.search import index_words
from auction.services.lists import lock_editable_list
from jbgs.exceptions import NotAllowed
from jbgs.files import DOCUMENTS, validate_upload
from jbgs.services.audit import audit, changed_fields, snapshot

# What a unit fills in; the rest (review, selection, publication) is the platform's.
ITEM_FIELDS = (
    "title", "field", "summary", "prospects", "maturity", "trade_modes", "asking_price", "programme_related",
    "programme_level", "programme_name", "carbon_related", "open_license_fee", "open_license_payment",
    "open_license_term", "roadshow_pick", "application_number", "patent_type", "application_date", "grant_date",
    "legal_status", "patentees", "inventors", "ipc", "result_year", "result_category", "linked_patents",
)
MAX_ATTACHMENTS = 10


def prepare(item: Item, previous_publications: dict[str, Item] | None = None) -> None:
    """Derived fields: an earlier publication of the same patent. (The words for search are
    written when the item is published: see index_for_search.)"""
    if item.kind == ItemKind.PATENT and item.application_number:
        if previous_publications is None:
            previous_publications = earlier_publications(item.campaign, [item.application_number])
        item.previously_published = previous_publications.get(item.application_number)


def index_for_search(item: Item) -> None:
    """The words the catalogue finds the item by (jieba segmentation, see auction.search).
    Only published items are searched, and a published item no longer changes, so this runs
    once, at publication, instead of at every save and import."""
    item.search_title = index_words(item.title)
    item.search_body = index_words(
        item.summary, item.prospects, item.patentees, item.inventors, item.organization.name, item.application_number
    )


def earlier_publications(campaign, numbers) -> dict[str, Item]:
    """Patents among `numbers` that the platform published in an earlier year."""
    earlier = (
        Item.objects.filter(
            kind=ItemKind.PATENT,
            application_number__in=list(numbers),
            published_at__isnull=False,
            campaign__year__lt=campaign.year,
        )
        .select_related("campaign", "organization")
        .order_by("published_at")
    )
    found = {}
    for item in earlier:
        found.setdefault(item.application_number, item)
    return found


def limit_error(submission_list: SubmissionList, existing: int, adding: int = 1) -> ValidationError | None:
    limit = submission_list.max_items
    if limit and existing + adding > limit:
        return ValidationError(
            _("The list already has %(count)s items: %(year)s allows at most %(limit)s per unit."),
            code="too_many_items",
            params={"count": existing, "year": submission_list.campaign.year, "limit": limit},
        )
    return None


def save_item(*, actor, submission_list: SubmissionList, data: dict, item: Item | None = None) -> Item:
    """Create or change an item in an editable list; raises ValidationError by field.

    Locks the list row, so that two people (or two imports) cannot both take the last
    place under the year's maximum."""
    with transaction.atomic():
        locked = lock_editable_list(actor, submission_list)
        creating = item is None
        if creating:
            error = limit_error(locked, locked.items.count())
            if error:
                raise error
            item = Item(submission_list=locked, campaign=locked.campaign, organization=locked.organization,
                        kind=data.get("kind", ItemKind.PATENT))
        else:
            item = _lock_changeable(item, locked)
        before = {} if creating else snapshot(item, ITEM_FIELDS)
        for name, value in data.items():
            if name in ITEM_FIELDS:
                setattr(item, name, value)
        item.full_clean(exclude=["search_vector"], validate_constraints=False)
        prepare(item)
        if not creating and item.review_state == ItemReview.ACCEPTED:
            item.review_state = ItemReview.PENDING  # changed after review: reviewed again
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:  # someone saved the same patent or result meanwhile
            field = "application_number" if item.kind == ItemKind.PATENT else "title"
            raise ValidationError({field: ValidationError(_("This item was just saved by someone else."),
                                                          code="duplicate")})
        if creating:
            audit(item, AuctionAction.ITEM_CREATED, actor=actor, data={"list": locked.pk, "kind": item.kind})
        else:
            audit(item, AuctionAction.ITEM_UPDATED, actor=actor, data={"changes": changed_fields(item, before, ITEM_FIELDS)})
    return item


def _lock_changeable(item: Item, locked_list: SubmissionList) -> Item:
    """The item's row, locked, if the unit may still change it (see rules.change_refusal)."""
    if item.submission_list_id != locked_list.pk:
        raise NotAllowed()
    locked = Item.objects.select_for_update().get(pk=item.pk)
    refusal = change_refusal(locked)
    if refusal is not None:
        raise refusal
    return locked


def delete_item(*, actor, item: Item) -> None:
    """Remove an item from an editable list. Locks the list, then the item."""
    with transaction.atomic():
        locked_list = lock_editable_list(actor, item.submission_list)
        locked = _lock_changeable(item, locked_list)
        audit(locked, AuctionAction.ITEM_DELETED, actor=actor,
              data={"title": locked.title, "application_number": locked.application_number})
        locked.delete()


def add_attachment(*, actor, item: Item, upload) -> ItemAttachment:
    """Evidence for a result (test report, certificate…): PDF or image, at most ten.
    Locks the list row, so two uploads cannot both take the tenth place."""
    validate_upload(upload, DOCUMENTS)
    with transaction.atomic():
        lock_editable_list(actor, item.submission_list)
        if item.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError(_("An item has at most %(n)s attachments."), code="too_many_files",
                                  params={"n": MAX_ATTACHMENTS})
        attachment = ItemAttachment.objects.create(item=item, file=upload, original_name=upload.name[:255],
                                                   size=upload.size, uploaded_by=actor)
        audit(item, AuctionAction.ITEM_ATTACHMENT_ADDED, actor=actor, data={"file": attachment.original_name})
    return attachment


def remove_attachment(*, actor, attachment: ItemAttachment) -> None:
    """Locks the list row; the file goes only once the removal has committed."""
    with transaction.atomic():
        lock_editable_list(actor, attachment.item.submission_list)
        audit(attachment.item, AuctionAction.ITEM_ATTACHMENT_REMOVED, actor=actor, data={"file": attachment.original_name})
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
