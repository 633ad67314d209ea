"""Enquiries (咨询): a signed-in visitor asks the seller of a catalogue entry a question, the
seller unit's liaison (or the platform) answers it, either side closes it.

ask() writes one new row and locks nothing: it reads the item without changing it. answer()
and close() lock the enquiry's row (jbgs.locking, a bounded wait) and move its status through
ENQUIRY_TRANSITIONS, so an answer and a close racing each other cannot both win. Each opens
its own transaction; the notices are written in it, their e-mails queued after the commit.
"""

import math

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from auction import access
from auction.choices import ENQUIRY_TRANSITIONS, AuctionAction, EnquiryStatus
from auction.models import Enquiry, Item
from auction.models.enquiries import ANSWER_MAX
from jbgs import ratelimit
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.selectors import active_admins
from jbgs.services.audit import audit
from jbgs.services.notifications import notify
from jbgs.transitions import move

NOTICE_EXCERPT = 200  # characters of a question or an answer quoted in a notice


class TooManyEnquiries(DomainError):
    code = "too_many_enquiries"
    status_code = 429


def check_ask(asker, item: Item) -> None:
    """Why `asker` may not ask about `item` (raised), or nothing: a signed-in person, about an
    item in the catalogue, not of their own unit (whose liaison answers its enquiries)."""
    if not (asker.is_authenticated and asker.is_active):
        raise NotAllowed(_("Sign in to send an enquiry."), code="sign_in_required")
    if item.published_at is None:
        raise DomainError(_("This item is not in the catalogue: it takes no enquiries."), code="not_published")
    if asker.organization_id is not None and asker.organization_id == item.organization_id:
        raise NotAllowed(_("This is your own unit's item: its enquiries come to your unit's liaison."),
                         code="own_unit")


def ask(*, asker, item: Item, contact_name: str, contact_phone: str, message: str, now=None) -> Enquiry:
    """Send the seller a question. Refused (DomainError, or ValidationError by field) for
    someone check_ask() refuses, for an invalid contact or message, and beyond
    settings.ENQUIRIES_PER_HOUR per account (counted in Redis; without Redis, not counted).
    Tells the seller unit's liaisons and the administrators. Locks nothing."""
    check_ask(asker, item)
    now = now or timezone.now()
    enquiry = Enquiry(item=item, asker=asker, organization=asker.organization, contact_name=contact_name.strip(),
                      contact_phone=contact_phone.strip(), message=message.strip(), created_at=now)
    enquiry.full_clean(exclude=["item", "asker", "organization", "answered_by"])
    _count(asker)
    with transaction.atomic():
        enquiry.save()
        audit(enquiry, AuctionAction.ENQUIRY_ASKED, actor=asker, now=now, to_state=EnquiryStatus.OPEN,
              data={"item": item.pk})
        _tell_seller(enquiry)
    return enquiry


def _count(asker) -> None:
    limit = settings.ENQUIRIES_PER_HOUR
    wait = ratelimit.hit("auction-enquiries", str(asker.pk), limit=limit)
    if wait:
        raise TooManyEnquiries(_("You can send at most %(limit)s enquiries an hour: please try again in "
                                 "%(minutes)s minutes.") % {"limit": limit, "minutes": math.ceil(wait / 60)})


def _tell_seller(enquiry: Enquiry) -> None:
    """The liaisons by e-mail too, since they answer; the administrators in their inbox only."""
    item = enquiry.item
    title = _("New enquiry about “%(title)s”") % {"title": Truncator(item.title).chars(60)}
    body = _("%(who)s asks: %(message)s") % {"who": enquiry.organization or enquiry.contact_name,
                                            "message": Truncator(enquiry.message).chars(NOTICE_EXCERPT)}
    url = reverse("auction:enquiry", args=[enquiry.pk])
    liaisons = access.unit_liaisons(item.organization).exclude(pk=enquiry.asker_id)
    notify(liaisons, kind="auction.enquiry.asked", title=title, body=body, url=url)
    admins = active_admins().exclude(pk=enquiry.asker_id).exclude(pk__in=liaisons.values("pk"))
    notify(admins, kind="auction.enquiry.asked", title=title, body=body, url=url, email=False)


def answer(*, actor, enquiry: Enquiry, text: str, now=None) -> Enquiry:
    """Answer an open enquiry, once: by a liaison of the seller's unit or an administrator.
    Tells the asker. Locks the enquiry's row."""
    if not access.can_answer_enquiry(actor, enquiry):
        raise NotAllowed(_("Only the seller unit's liaison or an administrator can answer this enquiry."))
    text = text.strip()
    if not text:
        raise DomainError(_("Write the answer."), code="answer_required", field="answer")
    if len(text) > ANSWER_MAX:
        raise DomainError(_("An answer has at most %(max)s characters.") % {"max": ANSWER_MAX},
                          code="answer_too_long", field="answer")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(enquiry)
        before = move(locked, EnquiryStatus.ANSWERED, ENQUIRY_TRANSITIONS, message=_(
            "This enquiry is %(state)s: it can no longer be answered.") % {"state": locked.get_status_display()})
        locked.answer, locked.answered_at, locked.answered_by = text, now, actor
        locked.save(update_fields=["status", "answer", "answered_at", "answered_by"])
        audit(locked, AuctionAction.ENQUIRY_ANSWERED, actor=actor, now=now, from_state=before,
              to_state=EnquiryStatus.ANSWERED, data={"item": locked.item_id})
        notify([locked.asker], kind="auction.enquiry.answered",
               title=_("Your enquiry about “%(title)s” is answered") % {"title": Truncator(locked.item.title).chars(60)},
               body=Truncator(text).chars(NOTICE_EXCERPT), url=reverse("auction:enquiry", args=[locked.pk]))
    return locked


def close(*, actor, enquiry: Enquiry, now=None) -> Enquiry:
    """Close an enquiry that needs nothing more: the asker, the seller unit's liaison or an
    administrator. The asker is told when someone else closed it. Locks the enquiry's row."""
    if not access.can_close_enquiry(actor, enquiry):
        raise NotAllowed()
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(enquiry)
        before = move(locked, EnquiryStatus.CLOSED, ENQUIRY_TRANSITIONS,
                      message=_("This enquiry is already closed."))
        locked.save(update_fields=["status"])
        audit(locked, AuctionAction.ENQUIRY_CLOSED, actor=actor, now=now, from_state=before,
              to_state=EnquiryStatus.CLOSED, data={"item": locked.item_id})
        if actor.pk != locked.asker_id:
            notify([locked.asker], kind="auction.enquiry.closed",
                   title=_("Your enquiry about “%(title)s” was closed") % {
                       "title": Truncator(locked.item.title).chars(60)},
                   url=reverse("auction:enquiry", args=[locked.pk]))
    return locked


def _lock(enquiry: Enquiry) -> Enquiry:
    locked = lock(Enquiry.objects, pk=enquiry.pk)
    locked.item = enquiry.item  # read before the lock; an enquiry never changes its item
    return locked

