"""What the supply side's pages share."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from auction import selectors
from jbgs.models import Campaign


def campaign_from(request) -> Campaign:
    """The auction campaign a page is about: `?campaign=<id>`, else the current one; 404
    (with the reason) while there is none at all."""
    pk = request.GET.get("campaign", "")
    if pk.isdigit():
        return get_object_or_404(Campaign, pk=pk, kind="auction")
    campaign = selectors.current_auction_campaign(timezone.localdate())
    if campaign is None:
        raise Http404(_("There is no auction campaign yet."))
    return campaign
