"""The supply side's navigation entries and home panels (registered in AuctionConfig.ready)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auction import access, selectors
from auction.choices import DepositState, EnquiryStatus, ListStatus, LotStatus
from auction.models import Assignment, Lot, Registration, SubmissionList
from jbgs.choices import Role
from jbgs.ui import ANYONE, SIGNED_IN, HomePanel, NavItem, register_nav, register_panel


def _lists(request):
    if not request.user.organization_id:
        return None
    return {"lists": selectors.unit_lists(request.user.organization)[:4],
            "campaign": selectors.current_auction_campaign(timezone.localdate())}


def _submitted_count(request) -> int:
    campaign = selectors.current_auction_campaign(timezone.localdate())
    return SubmissionList.objects.filter(campaign=campaign, status=ListStatus.SUBMITTED).count() if campaign else 0


def _pending_reviews(request) -> int:
    return Assignment.objects.filter(expert=request.user, score__isnull=True).count()


def _reviews(request):
    pending = Assignment.objects.filter(expert=request.user, score__isnull=True).select_related("item__field")
    return {"pending": pending[:6], "count": pending.count()}


def _awaiting_deposits(request) -> int:
    return Registration.objects.filter(deposit_state=DepositState.AWAITING,
                                       lot__status__in=[LotStatus.SCHEDULED, LotStatus.OPEN]).count()


def _my_bidding(request):
    registrations = (Registration.objects.filter(bidder=request.user)
                     .exclude(lot__status__in=[LotStatus.SOLD, LotStatus.UNSOLD, LotStatus.WITHDRAWN])
                     .select_related("lot").order_by("lot__starts_at"))
    return {"registrations": registrations[:6]}


def _lots_to_confirm(request) -> int:
    if not request.user.organization_id:
        return 0
    return Lot.objects.filter(seller_id=request.user.organization_id, status=LotStatus.DRAFT).count()


def _enquiries_to_answer(request) -> int:
    return selectors.open_enquiries(request.user.organization_id) if request.user.organization_id else 0


def _waiting_enquiries(request):
    waiting = access.received_enquiries(request.user).filter(status=EnquiryStatus.OPEN)
    count = waiting.count()
    return {"enquiries": waiting[:5], "count": count} if count else None


def register() -> None:
    register_nav(NavItem("auction-lists", _("My lists"), "auction:my-lists", audience=(Role.LIAISON,), order=20))
    register_nav(NavItem("auction-progress", _("Patent lists"), "auction:progress", audience=(Role.ADMIN,),
                         group="admin", order=40, badge=_submitted_count))
    register_nav(NavItem("catalogue", _("Catalogue"), "catalogue:list", audience=(ANYONE,), order=10))
    register_nav(NavItem("auction-publication", _("Publication"), "auction:publication", audience=(Role.ADMIN,),
                         group="admin", order=42))
    register_nav(NavItem("auction-reviews", _("My reviews"), "auction:expert-reviews", audience=(Role.EXPERT,), order=21,
                         badge=_pending_reviews))
    register_nav(NavItem("auction-selection", _("Expert selection"), "auction:selection", audience=(Role.ADMIN,),
                         group="admin", order=41))
    register_nav(NavItem("bidding", _("Bidding"), "auction:bidding", audience=(ANYONE,), order=11))
    register_nav(NavItem("my-bidding", _("My bidding"), "auction:my-bidding", audience=(Role.BIDDER,), order=22))
    register_nav(NavItem("seller-lots", _("My unit's lots"), "auction:seller-lots", audience=(Role.LIAISON,), order=23,
                         badge=_lots_to_confirm))
    register_nav(NavItem("deals", _("Deals"), "auction:deals", audience=(Role.LIAISON, Role.BIDDER), order=24))
    register_nav(NavItem("manage-days", _("Bidding days"), "auction:manage-days", audience=(Role.ADMIN,),
                         group="admin", order=43))
    register_nav(NavItem("manage-lots", _("Lots"), "auction:manage-lots", audience=(Role.ADMIN,), group="admin",
                         order=44, badge=_awaiting_deposits))
    register_nav(NavItem("manage-deals", _("Deals"), "auction:deals", audience=(Role.ADMIN,), group="admin", order=45))
    # Enquiries: anyone may ask, so the asker's list is in everyone's own menu. The liaisons'
    # inbox is there too (the badge: still unanswered; their top bar is full at 1280 px), and
    # on their home page while something waits. The administrators oversee.
    register_nav(NavItem("my-enquiries", _("My enquiries"), "auction:my-enquiries", audience=(SIGNED_IN,),
                         group="account", order=10))
    register_nav(NavItem("enquiries", _("Enquiries received"), "auction:enquiries", audience=(Role.LIAISON,),
                         group="account", order=11, badge=_enquiries_to_answer))
    register_nav(NavItem("manage-enquiries", _("Enquiries"), "auction:enquiries", audience=(Role.ADMIN,),
                         group="admin", order=46))
    register_panel(HomePanel("my-bidding", "auction/panels/bidding.html", _my_bidding, audience=(Role.BIDDER,),
                             order=15))
    register_panel(HomePanel("auction-lists", "auction/panels/lists.html", _lists, audience=(Role.LIAISON,), order=15))
    register_panel(HomePanel("enquiries", "auction/panels/enquiries.html", _waiting_enquiries,
                             audience=(Role.LIAISON,), order=16))
    register_panel(HomePanel("auction-reviews", "auction/panels/reviews.html", _reviews, audience=(Role.EXPERT,),
                             order=15))
