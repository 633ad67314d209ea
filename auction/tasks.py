"""Celery tasks of the supply side: thin wrappers over services."""

from celery import shared_task
from django.urls import reverse
from django.utils.translation import gettext as _


@shared_task(name="auction.open_and_close_lots", ignore_result=True)
def open_and_close_lots() -> None:
    """Run by beat every few seconds: lots open at their start and close at their end."""
    from auction.services import closing

    closing.open_due_lots()
    closing.close_due_lots()


@shared_task(name="auction.remind_watchers", ignore_result=True)
def remind_watchers() -> None:
    from auction.services import closing

    closing.remind_watchers()


@shared_task(name="auction.notify_outbid", ignore_result=True)
def notify_outbid(*, lot_id: int, registration_ids: list[int]) -> None:
    from auction.models import Lot
    from jbgs.models import User
    from jbgs.money import wan
    from jbgs.services.notifications import notify

    lot = Lot.objects.get(pk=lot_id)
    notify(User.objects.filter(registrations__pk__in=registration_ids), kind="auction.bid.outbid", email=False,
           title=_("You were outbid on lot %(number)s") % {"number": lot.number},
           body=_("The price is now %(price)s × 10,000 yuan.") % {"price": wan(lot.current_price)},
           url=reverse("auction:lot", args=[lot.pk]))


@shared_task(name="auction.store_missing_confirmations", ignore_result=True)
def store_missing_confirmations() -> None:
    """Run by beat: the confirmations whose task after the close was lost."""
    from auction.services import deals

    deals.store_missing_confirmations()


@shared_task(name="auction.render_confirmation", ignore_result=True, autoretry_for=(OSError,), max_retries=3)
def render_confirmation(*, deal_id: int) -> None:
    """The 成交确认书 PDF, rendered once after the hammer and kept with the deal."""
    from auction.services import deals

    deals.store_confirmation(deal_id)
