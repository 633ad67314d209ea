"""Stable codes of the supply side. Codes are part of the API and the import templates."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MinimumScope(models.TextChoices):
    """Which units a campaign's per-unit minimum applies to (2022: every undergraduate
    university; 2023: only ministry- or province-affiliated ones)."""

    NONE = "none", _("No minimum")
    UNDERGRADUATE = "undergraduate", _("Every undergraduate university")
    MINISTRY_PROVINCIAL = (
        "ministry_provincial",
        _("Ministry- or province-affiliated undergraduate universities"),
    )


class ItemKind(models.TextChoices):
    PATENT = "patent", _("Patent")
    RESULT = "result", _("Research result")


class PatentType(models.TextChoices):
    INVENTION = "invention", _("Invention patent")
    UTILITY = "utility", _("Utility model")
    DESIGN = "design", _("Design patent")


# Type digit of a Chinese application number → patent type (8 and 9 are PCT entries).
PATENT_TYPE_BY_DIGIT = {
    "1": PatentType.INVENTION,
    "2": PatentType.UTILITY,
    "3": PatentType.DESIGN,
    "8": PatentType.INVENTION,
    "9": PatentType.UTILITY,
}


class LegalStatus(models.TextChoices):
    VALID = "valid", _("Valid (granted, in force)")
    PENDING = "pending", _("Under examination")
    LAPSED = "lapsed", _("Lapsed or invalid")


class Maturity(models.TextChoices):
    RESEARCH = "research", _("Under research")
    SAMPLE = "sample", _("Sample made")
    PILOT = "pilot", _("Small-scale trial passed")
    INTERMEDIATE = "intermediate", _("Pilot-scale trial passed")
    MASS_PRODUCTION = "mass_production", _("Ready for mass production")


class TradeMode(models.TextChoices):
    ASSIGNMENT = "assignment", _("Assignment")
    LICENSE_EXCLUSIVE = "license_exclusive", _("Exclusive licence")
    LICENSE_SOLE = "license_sole", _("Sole licence")
    LICENSE_ORDINARY = "license_ordinary", _("Ordinary licence")
    LICENSE_OPEN = "license_open", _("Open licence")
    EQUITY_CONTRIBUTION = "equity_contribution", _("Equity contribution")
    EQUITY_TRANSFER = "equity_transfer", _("Equity transfer")


class ProgrammeLevel(models.TextChoices):
    NATIONAL = "national", _("National science programme")
    PROVINCIAL = "provincial", _("Provincial science programme")


class ResultCategory(models.TextChoices):
    TECHNOLOGY = "technology", _("New technology or process")
    PRODUCT = "product", _("New product or device")
    MATERIAL = "material", _("New material")
    VARIETY = "variety", _("New variety")
    SOFTWARE = "software", _("Software or system")
    OTHER = "other", _("Other")


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", pgettext_lazy("list status", "Accepted")
    RETURNED = "returned", _("Returned for revision")


LIST_TRANSITIONS = {
    ListStatus.DRAFT: {ListStatus.SUBMITTED},
    ListStatus.SUBMITTED: {ListStatus.ACCEPTED, ListStatus.RETURNED},
    ListStatus.RETURNED: {ListStatus.SUBMITTED},
    ListStatus.ACCEPTED: {ListStatus.RETURNED},
}
# Lists whose items the unit may change.
EDITABLE_LIST_STATES = {ListStatus.DRAFT, ListStatus.RETURNED}


class ItemReview(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", pgettext_lazy("list status", "Accepted")
    RETURNED = "returned", _("Returned")


class Column(models.TextChoices):
    """Special columns (专栏) of the catalogue, besides the industry fields."""

    CARBON = "carbon", _("Carbon peak and neutrality")
    OUT_OF_PROVINCE_MILLION = "out_of_province_million", _("Out-of-province results of a million yuan and more")


# --- Bidding (竞价交易) ------------------------------------------------------------------


class DayStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("bidding day", "Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("bidding day", "Cancelled")


class LotStatus(models.TextChoices):
    DRAFT = "draft", _("Awaiting the seller's confirmation")
    CONFIRMED = "confirmed", _("Terms confirmed")
    SCHEDULED = "scheduled", pgettext_lazy("lot", "Scheduled")
    OPEN = "open", pgettext_lazy("lot", "Bidding")
    SOLD = "sold", pgettext_lazy("lot", "Sold")
    UNSOLD = "unsold", pgettext_lazy("lot", "Unsold")
    WITHDRAWN = "withdrawn", pgettext_lazy("lot", "Withdrawn")


class ReserveState(models.TextChoices):
    """What the public may know of the reserve: whether there is one, and whether the price
    has reached it (never its amount)."""

    NONE = "none", _("No reserve price")
    NOT_MET = "not_met", _("Reserve price not reached")
    MET = "met", _("Reserve price reached")


class UnsoldReason(models.TextChoices):
    """Why a lot ended unsold (流拍), as its page and the notices say."""

    NO_BIDS = "no_bids", _("nobody bid")
    RESERVE_NOT_MET = "reserve_not_met", _("the highest bid did not reach the reserve price")
    UNIT_NOT_ACTIVE = "unit_not_active", _("the highest bidder's unit is suspended")


# Changed terms send a confirmed or scheduled lot back to draft, for the seller to confirm again.
LOT_TRANSITIONS = {
    LotStatus.DRAFT: {LotStatus.CONFIRMED, LotStatus.WITHDRAWN},
    LotStatus.CONFIRMED: {LotStatus.SCHEDULED, LotStatus.DRAFT, LotStatus.WITHDRAWN},
    LotStatus.SCHEDULED: {LotStatus.OPEN, LotStatus.SCHEDULED, LotStatus.CONFIRMED, LotStatus.DRAFT,
                          LotStatus.WITHDRAWN, LotStatus.UNSOLD},
    LotStatus.OPEN: {LotStatus.SOLD, LotStatus.UNSOLD},
    LotStatus.SOLD: set(),
    LotStatus.UNSOLD: set(),
    LotStatus.WITHDRAWN: set(),
}
# Lots whose terms may still change (before bidding can start).
LOT_EDITABLE = {LotStatus.DRAFT, LotStatus.CONFIRMED, LotStatus.SCHEDULED}
LOT_ENDED = {LotStatus.SOLD, LotStatus.UNSOLD, LotStatus.WITHDRAWN}
# Lots the public sees: on a day, open, or ended there (not drafts or withdrawn ones).
LOT_PUBLIC = (LotStatus.SCHEDULED, LotStatus.OPEN, LotStatus.SOLD, LotStatus.UNSOLD)


class DepositState(models.TextChoices):
    AWAITING = "awaiting", _("Deposit awaited")
    HELD = "held", _("Deposit held")
    RETAINED = "retained", _("Deposit retained (winner)")
    RELEASED = "released", _("Deposit to be refunded")
    REFUNDED = "refunded", _("Deposit refunded")
    LAPSED = "lapsed", _("Deposit no longer needed (the lot ended)")


class BidRejection(models.TextChoices):
    """Why a bid was refused: the API's stable codes."""

    LOT_NOT_OPEN = "lot_not_open", _("The lot is not open for bidding.")
    NOT_REGISTERED = "not_registered", _("You are not registered for this lot, or your deposit is not confirmed yet.")
    BID_TOO_LOW = "bid_too_low", _("The bid is below the lowest acceptable amount.")
    NOT_INCREMENT_MULTIPLE = "not_increment_multiple", _("The bid must rise by whole increments.")
    ALREADY_LEADING = "already_leading", _("You are already the highest bidder.")
    UNIT_NOT_ACTIVE = "unit_not_active", _("Your unit is suspended on the platform: it cannot bid.")


class DealStage(models.TextChoices):
    CONFIRMED = "confirmed", _("Deal confirmed")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    REGISTERED = "registered", _("Contract registered")
    TRANSFERRED = "transferred", _("Ownership transferred")


DEAL_TRANSITIONS = {
    DealStage.CONFIRMED: {DealStage.CONTRACT_SIGNED},
    DealStage.CONTRACT_SIGNED: {DealStage.REGISTERED},
    DealStage.REGISTERED: {DealStage.TRANSFERRED},
    DealStage.TRANSFERRED: set(),
}


class DealMethod(models.TextChoices):
    BIDDING = "bidding", _("Online bidding")
    NEGOTIATED = "negotiated", _("Negotiated after an unsold lot (协议成交)")
    # A technology contract an enterprise signed with a solver in the J-TOP challenge: no lot,
    # registered here so that the contracts of both campaigns are counted in one place.
    CHALLENGE = "challenge", _("Contract reached in the challenge (揭榜挂帅对接)")


# --- Enquiries (咨询) ---------------------------------------------------------------------


class EnquiryStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("enquiry", "Awaiting an answer")
    ANSWERED = "answered", pgettext_lazy("enquiry", "Answered")
    CLOSED = "closed", pgettext_lazy("enquiry", "Closed")


# An answer is final: a further question is a new enquiry, so each answer stays the one the
# asker was told of.
ENQUIRY_TRANSITIONS = {
    EnquiryStatus.OPEN: {EnquiryStatus.ANSWERED, EnquiryStatus.CLOSED},
    EnquiryStatus.ANSWERED: {EnquiryStatus.CLOSED},
    EnquiryStatus.CLOSED: set(),
}


class AuctionAction(models.TextChoices):
    """What the supply side's audit entries record (registered in AuctionConfig.ready)."""

    LIST_CREATED = "auction.list.created", _("List started")
    LIST_CONTACTS_UPDATED = "auction.list.contacts_updated", _("List liaison and experts changed")
    LIST_SEALED_COPY = "auction.list.sealed_copy", _("Sealed copy uploaded")
    LIST_SUBMITTED = "auction.list.submitted", _("List submitted")
    LIST_ACCEPTED = "auction.list.accepted", _("List accepted")
    LIST_RETURNED = "auction.list.returned", _("List returned for revision")
    LIST_EXCEPTION = "auction.list.exception", _("Exception to the maximum")
    LIST_DEADLINE_EXTENDED = "auction.list.deadline_extended", _("Submission deadline extended for a unit")
    ITEM_CREATED = "auction.item.created", _("Item added")
    ITEM_UPDATED = "auction.item.updated", _("Item changed")
    ITEM_DELETED = "auction.item.deleted", _("Item removed")
    ITEM_ATTACHMENT_ADDED = "auction.item.attachment_added", _("Attachment added")
    ITEM_ATTACHMENT_REMOVED = "auction.item.attachment_removed", _("Attachment removed")
    ITEM_ATTACHMENT_SHOWN = "auction.item.attachment_shown", _("Attachment made public")
    ITEM_ATTACHMENT_HIDDEN = "auction.item.attachment_hidden", _("Attachment kept for the experts")
    LIST_IMPORTED = "auction.list.imported", _("Form imported")
    SCHEME_UPDATED = "auction.scheme.updated", _("Scoring scheme changed")
    PANEL_CREATED = "auction.panel.created", _("Expert panel formed")
    PANEL_UPDATED = "auction.panel.updated", _("Expert panel changed")
    ITEMS_ASSIGNED = "auction.items.assigned", _("Items assigned to experts")
    SCORE_SUBMITTED = "auction.score.submitted", _("Expert scored")
    SCORE_CHANGED = "auction.score.changed", _("Expert changed a score")
    ITEMS_SELECTED = "auction.items.selected", _("High-value items selected")
    ITEM_SELECTION_CHANGED = "auction.item.selection_changed", _("Selection changed by hand")
    BATCH_PUBLISHED = "auction.batch.published", _("Batch published")
    ITEM_WITHDRAWN = "auction.item.withdrawn", _("Item withdrawn from the catalogue")
    ITEM_PLACED_IN_COLUMN = "auction.item.placed_in_column", _("Item placed in a special column by hand")
    DAYS_LAID_OUT = "auction.days.laid_out", _("Bidding days laid out")
    DAY_ADDED = "auction.day.added", _("Bidding day added")
    DAY_CANCELLED = "auction.day.cancelled", _("Bidding day cancelled")
    LOT_CREATED = "auction.lot.created", _("Lot created")
    LOT_RELISTED = "auction.lot.relisted", _("Lot relisted")
    LOT_CARRIED = "auction.lot.carried", _("Unsold lot carried to the next bidding day")
    LOT_SERIES_STOPPED = "auction.lot.series_stopped", _("Seller stopped the lot's bidding series")
    LOT_TERMS_CHANGED = "auction.lot.terms_changed", _("Lot terms changed")
    LOT_CONFIRMED = "auction.lot.confirmed", _("Seller confirmed the terms")
    LOT_SCHEDULED = "auction.lot.scheduled", _("Lot scheduled")
    LOT_MOVED = "auction.lot.moved", _("Lot moved")
    LOT_WITHDRAWN = "auction.lot.withdrawn", _("Lot withdrawn")
    LOT_OPENED = "auction.lot.opened", _("Lot opened")
    LOT_CLOSED = "auction.lot.closed", _("Lot closed")
    REGISTRATION_CREATED = "auction.registration.created", _("Bidder registered")
    DEPOSIT_CONFIRMED = "auction.deposit.confirmed", _("Deposit confirmed")
    DEPOSIT_REFUNDED = "auction.deposit.refunded", _("Deposit refunded")
    PROXY_SET = "auction.proxy.set", _("Automatic bidding set")
    PROXY_CANCELLED = "auction.proxy.cancelled", _("Automatic bidding stopped")
    DEAL_CONTRACT_SIGNED = "auction.deal.contract_signed", _("Contract signed")
    DEAL_REGISTERED = "auction.deal.registered", _("Contract registered")
    DEAL_TRANSFERRED = "auction.deal.transferred", _("Ownership transferred")
    DEAL_NEGOTIATED = "auction.deal.negotiated", _("Negotiated deal recorded")
    LOT_WATCHED = "auction.lot.watched", _("Lot added to a watchlist")
    LOT_UNWATCHED = "auction.lot.unwatched", _("Lot removed from a watchlist")
    ENQUIRY_ASKED = "auction.enquiry.asked", _("Enquiry sent to the seller")
    ENQUIRY_ANSWERED = "auction.enquiry.answered", _("Enquiry answered")
    ENQUIRY_CLOSED = "auction.enquiry.closed", _("Enquiry closed")
