"""The supply side's navigation entries and home panels (registered in AuctionConfig.ready)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auction import selectors
from auction.choices import ListStatus
from auction.models import Assignment, SubmissionList
from jbgs.choices import Role
from jbgs.services.audit import register_actions
from jbgs.ui import ANYONE, HomePanel, NavItem, register_nav, register_panel


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
    register_panel(HomePanel("auction-lists", "auction/panels/lists.html", _lists, audience=(Role.LIAISON,), order=15))
    register_panel(HomePanel("auction-reviews", "auction/panels/reviews.html", _reviews, audience=(Role.EXPERT,),
                             order=15))
    register_actions({
        "auction.list.created": _("List started"),
        "auction.list.contacts_updated": _("List liaison and experts changed"),
        "auction.list.sealed_copy": _("Sealed copy uploaded"),
        "auction.list.submitted": _("List submitted"),
        "auction.list.accepted": _("List accepted"),
        "auction.list.returned": _("List returned for revision"),
        "auction.list.exception": _("Exception to the maximum"),
        "auction.item.created": _("Item added"),
        "auction.item.updated": _("Item changed"),
        "auction.item.deleted": _("Item removed"),
        "auction.item.attachment_added": _("Attachment added"),
        "auction.item.attachment_removed": _("Attachment removed"),
        "auction.list.imported": _("Form imported"),
        "auction.scheme.updated": _("Scoring scheme changed"),
        "auction.panel.created": _("Expert panel formed"),
        "auction.panel.updated": _("Expert panel changed"),
        "auction.items.assigned": _("Items assigned to experts"),
        "auction.score.submitted": _("Expert scored"),
        "auction.score.changed": _("Expert changed a score"),
        "auction.items.selected": _("High-value items selected"),
        "auction.item.selection_changed": _("Selection changed by hand"),
        "auction.batch.published": _("Batch published"),
        "auction.item.withdrawn": _("Item withdrawn from the catalogue"),
    })
