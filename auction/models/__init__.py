from auction.models.bidding import Bid, BiddingDay, Lot, LotItem, ProxyBid, Registration, Watch
from auction.models.deals import SUPPORT_ELIGIBLE, Deal
from auction.models.enquiries import Enquiry
from auction.models.items import FIELDS_BY_KIND, ITEM_FIELDS, Item, ItemAttachment
from auction.models.lists import ListExpert, SubmissionList
from auction.models.publication import PublicationBatch
from auction.models.rules import AUCTION_RULE_FIELDS, AuctionRules
from auction.models.selection import Assignment, Panel, Score, ScoringScheme

__all__ = [
    "FIELDS_BY_KIND",
    "ITEM_FIELDS",
    "AUCTION_RULE_FIELDS",
    "AuctionRules",
    "Assignment",
    "Bid",
    "BiddingDay",
    "Deal",
    "SUPPORT_ELIGIBLE",
    "Enquiry",
    "Item",
    "ItemAttachment",
    "ListExpert",
    "Lot",
    "LotItem",
    "Panel",
    "ProxyBid",
    "PublicationBatch",
    "Registration",
    "Score",
    "ScoringScheme",
    "SubmissionList",
    "Watch",
]
