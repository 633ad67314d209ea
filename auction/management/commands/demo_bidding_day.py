from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from auction import demo_bidding
from auction.models import Lot
from auction.selectors import current_auction_campaign
from jbgs.demo import refuse_in_production
from jbgs.models import User


class Command(BaseCommand):
    help = ("Lay out a live demo bidding day now: four lots of published items open in two minutes and "
            "end within the hour, both demo bidders registered with their deposits held.")

    def handle(self, *args, **options):
        try:
            refuse_in_production()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        admin = User.objects.filter(username="admin").first()
        campaign = current_auction_campaign(timezone.localdate())
        if admin is None or campaign is None:
            raise CommandError("Load the demo data first: manage.py seed_demo")
        listed = set(Lot.objects.values_list("pk", flat=True))
        day = demo_bidding.live_day(admin, campaign)
        lots = day.lots.exclude(pk__in=listed).order_by("starts_at", "number")  # the ones laid out now
        for lot in lots:
            self.stdout.write(f"  {lot.number}  {timezone.localtime(lot.starts_at):%H:%M}–"
                              f"{timezone.localtime(lot.ends_at):%H:%M}  {lot.title}")
        self.stdout.write(self.style.SUCCESS(f"bidding day {day.date}: {len(lots)} new lots"))
