from auction.models.items import Item, ItemAttachment
from auction.models.lists import ListExpert, SubmissionList
from auction.models.publication import PublicationBatch
from auction.models.selection import Assignment, Panel, Score, ScoringScheme

__all__ = [
    "Assignment",
    "Item",
    "ItemAttachment",
    "ListExpert",
    "Panel",
    "PublicationBatch",
    "Score",
    "ScoringScheme",
    "SubmissionList",
]
