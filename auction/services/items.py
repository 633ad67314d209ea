"""Items in a unit's list: one write path for the browser form, the API and the importer.

An entry turns what a person typed into data by field, then stage() applies it to an item
and checks it under the year's rules, and write() saves staged items under the list's lock.
save_item() is both for one item; the importer stages a file's rows and writes them a chunk
at a time."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auction.choices import AuctionAction, ItemKind, ItemReview
from auction.models import ITEM_FIELDS, AuctionRules, Item, ItemAttachment, SubmissionList
from auction.rules import RuleContext, change_refusal
from auction.search import index_words
from auction.services.lists import lock_editable_list
from jbgs.db import bulk_insert, bulk_update, save_fields
from jbgs.exceptions import NotAllowed
from jbgs.files import DOCUMENTS, validate_upload
from jbgs.locking import lock, lock_all
from jbgs.services.audit import audit, changed_fields, snapshot

MAX_ATTACHMENTS = 10


@dataclass
class Earlier:
    """What the platform published in earlier years that a batch of items may repeat: by
    patent number (a patent's own, or those a result rests on) and by the same unit's same
    title (a result published again under its name)."""

    by_number: dict[str, Item] = field(default_factory=dict)
    by_linked: dict[str, Item] = field(default_factory=dict)  # results, by a patent they rest on
    by_title: dict[tuple[int, str], Item] = field(default_factory=dict)

    @classmethod
    def of(cls, campaign, items) -> "Earlier":
        numbers = {n for item in items for n in _numbers(item)}
        linked = {n for item in items if item.kind == ItemKind.RESULT for n in _numbers(item)}
        titled = {(item.organization_id, title_key(item.title)) for item in items
                  if item.kind == ItemKind.RESULT and item.title}
        return cls(earlier_publications(campaign, numbers), _earlier_results(campaign, linked),
                   _earlier_titles(campaign, titled))

    def of_item(self, item: Item) -> Item | None:
        numbers = _numbers(item)
        for found in (self.by_number, self.by_linked if item.kind == ItemKind.RESULT else {}):
            for number in numbers:
                if number in found:
                    return found[number]
        if item.kind == ItemKind.RESULT:
            return self.by_title.get((item.organization_id, title_key(item.title)))
        return None


def _numbers(item: Item) -> list[str]:
    if item.kind == ItemKind.PATENT:
        return [item.application_number] if item.application_number else []
    return list(item.linked_patents or [])


def title_key(title: str) -> str:
    """A title as compared for repeats: full-width forms, spaces and case do not count."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title or "")).lower()


def prepare(item: Item, earlier: Earlier | None = None) -> None:
    """Derived fields: an earlier publication of the same patent, or of the same result (by
    the patents it rests on, or the unit's same title). (The words for search are written
    when the item is published: see index_for_search.)"""
    earlier = earlier if earlier is not None else Earlier.of(item.campaign, [item])
    item.previously_published = earlier.of_item(item)


def index_for_search(item: Item) -> None:
    """The words the catalogue finds the item by (jieba segmentation, see auction.search).
    Only published items are searched, and a published item no longer changes, so this runs
    once, at publication, instead of at every save and import."""
    item.search_title = index_words(item.title)
    item.search_body = index_words(
        item.summary, item.prospects, item.patentees, item.inventors, item.organization.name, item.application_number
    )


def _published_before(campaign):
    return (Item.objects.filter(published_at__isnull=False, campaign__year__lt=campaign.year)
            .select_related("campaign", "organization").order_by("published_at"))


def earlier_publications(campaign, numbers) -> dict[str, Item]:
    """Patents among `numbers` that the platform published in an earlier year."""
    found = {}
    numbers = list(numbers)
    if numbers:
        for item in _published_before(campaign).filter(kind=ItemKind.PATENT, application_number__in=numbers):
            found.setdefault(item.application_number, item)
    return found


def _earlier_results(campaign, numbers: set[str]) -> dict[str, Item]:
    """Results published in an earlier year that rest on any of the patents `numbers`."""
    found = {}
    if numbers:
        for item in _published_before(campaign).filter(kind=ItemKind.RESULT, linked_patents__overlap=list(numbers)):
            for number in item.linked_patents:
                if number in numbers:
                    found.setdefault(number, item)
    return found


def _earlier_titles(campaign, titled: set[tuple[int, str]]) -> dict[tuple[int, str], Item]:
    """The units' items published in an earlier year, by (unit, title key), among `titled`."""
    found = {}
    units = {unit for unit, _title in titled}
    if units:
        for item in _published_before(campaign).filter(organization_id__in=units).only(
                "pk", "title", "organization_id", "published_at", "campaign__year", "organization__name"):
            key = (item.organization_id, title_key(item.title))
            if key in titled:
                found.setdefault(key, item)
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


def stage(item: Item, data: dict, *, context: RuleContext | None = None, loaded: bool = False) -> Item:
    """Take a unit's input into an item (new, or as stored) and check it under the year's
    rules: the unit's own fields only, a change the unit may no longer make refused,
    identifiers normalised and every rule of Item.clean, and an item changed after review
    sent back to review. Raises ValidationError (by field, but for a refused change); writes nothing.

    `loaded`: the item's list, campaign, unit and field were resolved from rows loaded for
    the purpose (the importer's), so checking that they exist is not repeated."""
    refusal = change_refusal(item) if item.pk else None
    if refusal is not None:
        raise refusal
    for name, value in data.items():
        if name in ITEM_FIELDS:
            setattr(item, name, value)
    errors: dict = {}
    try:
        item.clean_fields(exclude=[*_NOT_CHECKED, *(_LOADED if loaded else ())])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        item.clean(context=context)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if item.pk and item.review_state == ItemReview.ACCEPTED:
        item.review_state = ItemReview.PENDING  # changed after review: reviewed again
    return item


_NOT_CHECKED = ("search_vector", "previously_published", "batch")
_LOADED = ("submission_list", "campaign", "organization", "field")
_DERIVED = ("previously_published", "review_state", "updated_at")  # written with whatever was entered
_REFUSALS = ("published_at", "selected", "score_count")  # what change_refusal() reads


@dataclass
class Written:
    created: list[Item] = field(default_factory=list)
    updated: list[Item] = field(default_factory=list)
    refused: list[tuple[Item, ValidationError]] = field(default_factory=list)


def write(*, locked_list: SubmissionList, items: list[Item], fields=ITEM_FIELDS, now=None) -> Written:
    """Write staged items into their list: the one write of items, whatever the entry.
    `fields` are those the entry set (a file's columns); changed rows get only those.

    The caller holds the list's row lock (lock_editable_list), so nobody else adds to the
    list meanwhile. Here the items being changed are locked, in id order, and what may have
    changed since they were staged is checked again (see _still_allowed). Earlier
    publications are marked, then the rows are written together, or one by one when another
    writer took one of them meanwhile (a unique constraint). What was refused comes back
    with why; nothing refused is written."""
    now = now or timezone.now()
    written = Written()
    ready = _still_allowed(locked_list, items, written)
    earlier = Earlier.of(locked_list.campaign, ready)
    for item in ready:
        prepare(item, earlier)
        item.updated_at = now
    columns = [*fields, *(("patent_type",) if "application_number" in fields else ()), *_DERIVED]
    _save(ready, written, list(dict.fromkeys(columns)))
    return written


def locked_values(pks: list[int], attnames: tuple[str, ...]) -> dict[int, tuple]:
    """The items' values of these columns as stored now, the rows locked in id order (as
    write() locks them): a cheap check of what changed since an entry staged its items."""
    rows = lock_all(Item.objects.filter(pk__in=pks).order_by("pk").values_list("pk", *attnames)) if pks else []
    return {row[0]: tuple(row[1:]) for row in rows}


def current_items(pks: list[int]) -> dict[int, Item]:
    """The items as stored now, locked in id order (as write() locks them): what an entry
    that staged its changes on an older copy applies them to again. Call it inside the
    transaction that writes them, under the list's lock."""
    return {item.pk: item for item in lock_all(Item.objects.filter(pk__in=pks).order_by("pk"))}


def _still_allowed(locked_list: SubmissionList, items: list[Item], written: Written) -> list[Item]:
    """The items that may still be written, under the locks: a changed item the unit may
    no longer change (scored, selected or published meanwhile, or removed), a new item
    beyond the year's maximum and a roadshow pick beyond the year's number, counted afresh,
    are refused."""
    changed = (Item.objects.filter(pk__in=[item.pk for item in items if item.pk])
               .only(*_REFUSALS, "roadshow_pick").order_by("pk"))
    stored = {row.pk: row for row in lock_all(changed)}
    count = Item.objects.filter(submission_list=locked_list).count() if locked_list.max_items else 0
    cap = AuctionRules.of(locked_list.campaign).roadshow_picks
    picks = Item.objects.filter(submission_list=locked_list, roadshow_pick=True).count() if cap else 0
    ready = []
    for item in items:
        error = _refusal(stored.get(item.pk)) if item.pk else limit_error(locked_list, count)
        was_picked = item.pk in stored and stored[item.pk].roadshow_pick
        if error is None and cap and item.roadshow_pick and not was_picked:  # a new pick only
            error = roadshow_error(locked_list, picks, cap)
        if error is not None:
            written.refused.append((item, error))
            continue
        count += item.pk is None
        picks += int(bool(item.roadshow_pick)) - int(was_picked)
        ready.append(item)
    return ready


def roadshow_error(submission_list: SubmissionList, picks: int, cap: int) -> ValidationError | None:
    """A unit picks the year's number of items for the roadshow (现场路演), no more."""
    if picks < cap:
        return None
    return ValidationError({"roadshow_pick": ValidationError(
        _("%(year)s asks each unit to pick %(cap)s items for the roadshow, and %(picks)s are picked: unpick one "
          "first."), code="too_many_roadshow_picks",
        params={"year": submission_list.campaign.year, "cap": cap, "picks": picks})})


def _refusal(stored: Item | None) -> ValidationError | None:
    if stored is None:
        return ValidationError(_("This item was removed from the list meanwhile."), code="item_removed")
    return change_refusal(stored)


def _save(items: list[Item], written: Written, columns: list[str]) -> None:
    new = [item for item in items if item.pk is None]
    try:
        with transaction.atomic():
            _insert_and_update(items, written, columns)
    except IntegrityError:  # another writer took a patent or a result title meanwhile: one by one
        written.created, written.updated = [], []
        for item in new:  # the failed INSERT gave them ids that were rolled back
            item.pk, item._state.adding = None, True
        for item in items:
            try:
                with transaction.atomic():
                    _insert_and_update([item], written, columns)
            except IntegrityError:
                if item in new:
                    item.pk, item._state.adding = None, True
                written.refused.append((item, ValidationError({item.key_field: ValidationError(
                    _("This item was just saved by someone else."), code="duplicate")})))


def _insert_and_update(items: list[Item], written: Written, columns: list[str]) -> None:
    created = [item for item in items if item.pk is None]
    updated = [item for item in items if item.pk is not None]
    bulk_insert(created)
    if len(updated) == 1:
        save_fields(updated[0], columns)
    else:
        bulk_update(updated, columns)
    written.created += created
    written.updated += updated


def save_item(*, actor, submission_list: SubmissionList, data: dict, item: Item | None = None, now=None) -> Item:
    """Create or change one item of an editable list, from the browser form or the API;
    raises ValidationError by field. Locks the list row (so that two people, or a person
    and an import, cannot both take the last place under the year's maximum), then the
    item's, and applies `data` to the item as stored: see stage() and write()."""
    with transaction.atomic():
        locked = lock_editable_list(actor, submission_list, now)
        if item is None:
            item, before = Item(submission_list=locked, kind=data.get("kind", ItemKind.PATENT)), None
        elif item.submission_list_id != locked.pk:
            raise NotAllowed()
        else:  # the row as stored now, not the caller's copy: a change made meanwhile is kept
            item = lock(Item.objects, pk=item.pk)
            before = snapshot(item, ITEM_FIELDS)
        item.campaign, item.organization = locked.campaign, locked.organization
        stage(item, data)
        written = write(locked_list=locked, items=[item], now=now)
        if written.refused:
            raise written.refused[0][1]
        if before is None:
            audit(item, AuctionAction.ITEM_CREATED, actor=actor, data={"list": locked.pk, "kind": item.kind})
        else:
            audit(item, AuctionAction.ITEM_UPDATED, actor=actor,
                  data={"changes": changed_fields(item, before, ITEM_FIELDS)})
    return item


def _lock_changeable(item: Item, locked_list: SubmissionList) -> Item:
    """The item's row, locked, if the unit may still change it (see rules.change_refusal)."""
    if item.submission_list_id != locked_list.pk:
        raise NotAllowed()
    locked = lock(Item.objects, pk=item.pk)
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


def add_attachment(*, actor, item: Item, upload, public: bool = False) -> ItemAttachment:
    """Evidence for a result (test report, certificate…): PDF or image, at most ten; a
    `public` one is shown with the published item and its lot, the others only to the
    experts and the desk. Locks the list row, so two uploads cannot both take the tenth place."""
    validate_upload(upload, DOCUMENTS)
    with transaction.atomic():
        lock_editable_list(actor, item.submission_list)
        if item.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError(_("An item has at most %(n)s attachments."), code="too_many_files",
                                  params={"n": MAX_ATTACHMENTS})
        attachment = ItemAttachment.objects.create(item=item, file=upload, original_name=upload.name[:255],
                                                   size=upload.size, uploaded_by=actor, public=public)
        audit(item, AuctionAction.ITEM_ATTACHMENT_ADDED, actor=actor,
              data={"file": attachment.original_name, "public": public})
    return attachment


def set_attachment_public(*, actor, attachment: ItemAttachment, public: bool) -> ItemAttachment:
    """Show an attachment with the published item (a brochure, a test report the unit is glad
    to share) or keep it for the experts; while the list may be changed, like the file itself."""
    with transaction.atomic():
        lock_editable_list(actor, attachment.item.submission_list)
        if attachment.public != public:
            attachment.public = public
            attachment.save(update_fields=["public"])
            audit(attachment.item, AuctionAction.ITEM_ATTACHMENT_SHOWN if public else AuctionAction.ITEM_ATTACHMENT_HIDDEN,
                  actor=actor, data={"file": attachment.original_name})
    return attachment


def remove_attachment(*, actor, attachment: ItemAttachment) -> None:
    """Locks the list row; the file goes only once the removal has committed."""
    with transaction.atomic():
        lock_editable_list(actor, attachment.item.submission_list)
        audit(attachment.item, AuctionAction.ITEM_ATTACHMENT_REMOVED, actor=actor, data={"file": attachment.original_name})
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
