"""Building blocks of the matching tests: units with published catalogue items, made straight
in the tables (the catalogue's own flow is tested in tests/auction), indexed as publication
indexes them."""

import datetime

from django.utils import timezone

from auction.choices import ItemReview, ListStatus
from auction.models import Item, SubmissionList
from auction.services.items import index_for_search
from jbgs.models import Campaign, IndustryField
from tests.conftest import make_organization


def catalogue(entries: dict[str, list[tuple[str, str]]], *, year: int = 2023, field: str = "new_energy") -> dict:
    """Units (name → [(title, summary), …]) and their published items; returns name → unit."""
    campaign = Campaign.objects.get(year=year, kind="auction")
    industry = IndustryField.objects.get(year=year, code=field)
    units = {}
    for n, (name, items) in enumerate(entries.items()):
        unit = make_organization(name, "undergraduate_university", "320102")
        units[name] = unit
        listed = SubmissionList.objects.create(organization=unit, campaign=campaign, status=ListStatus.ACCEPTED)
        for k, (title, summary) in enumerate(items):
            item = Item(submission_list=listed, campaign=campaign, organization=unit, kind="result", title=title,
                        field=industry, summary=summary, maturity="sample", review_state=ItemReview.ACCEPTED,
                        selected=True, published_at=timezone.now() - datetime.timedelta(days=n + k))
            index_for_search(item)
            item.save()
    return units
