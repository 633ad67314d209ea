"""What the supply side tells the apps above it (the demand side, the special sessions),
sent after the change commits (jbgs.events). Each is sent with the model class as sender."""

from jbgs.events import DomainSignal

list_submitted = DomainSignal(
    "auction.list_submitted", ("submission_list",),
    "A unit submitted its list of the year (SubmissionList).")
items_published = DomainSignal(
    "auction.items_published", ("batch", "items"),
    "A batch of selected items was published in the catalogue (PublicationBatch, list of Item).")
item_withdrawn = DomainSignal(
    "auction.item_withdrawn", ("item",),
    "A published item was taken out of the catalogue (Item).")
lot_opened = DomainSignal(
    "auction.lot_opened", ("lot",),
    "A lot's bidding opened (Lot).")
lot_closed = DomainSignal(
    "auction.lot_closed", ("lot", "deal"),
    "A lot's bidding ended, sold (with its Deal) or unsold (deal None) (Lot, Deal or None).")
deal_concluded = DomainSignal(
    "auction.deal_concluded", ("deal",),
    "A deal was concluded, by bidding, negotiated after it, or by a contract signed in the challenge (Deal).")
contract_recorded = DomainSignal(
    "auction.contract_recorded", ("deal",),
    "A deal's contract was signed and recorded, with its amount (Deal).")
contract_registered = DomainSignal(
    "auction.contract_registered", ("deal",),
    "A deal's contract was registered as a technology contract (Deal).")
ownership_transferred = DomainSignal(
    "auction.ownership_transferred", ("deal",),
    "The rights of a deal's items were transferred to the buyer (Deal).")
