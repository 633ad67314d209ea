"""A session's collection: items published by a university co-hosting an auction session join
it by themselves; an organiser collects others; the no-repeat rule; a change asks for one
computation soon, however many changes come together."""

import pytest
from django.test import override_settings

from jbgs.exceptions import DomainError
from sessions_mgmt.models import SessionItem
from sessions_mgmt.services import collection
from sessions_mgmt.tasks import SOON_KEY, recompute_soon
from tests.auction.bidding import published_items, seller_liaison
from tests.conftest import persona
from tests.sessions_mgmt.helpers import make_session

pytestmark = pytest.mark.django_db


def test_items_published_by_a_co_hosting_institute_join_its_session(admin_user, django_capture_on_commit_callbacks):
    institute = seller_liaison().organization
    session = make_session(2023, co_hosts=[institute])
    other = make_session(2023, session_type="challenge_industry", title="挑战季专场")
    with django_capture_on_commit_callbacks(execute=True):
        items = published_items(admin_user, count=2)
    assert set(SessionItem.objects.filter(session=session).values_list("item_id", flat=True)) == {i.pk for i in items}
    assert not SessionItem.objects.filter(session=other).exists()
    # Counted by one session a year: another session cannot collect them again.
    third = make_session(2023, title="另一拍卖季专场")
    with pytest.raises(DomainError, match="已计入|already counted"):
        collection.collect_item(actor=persona("organizer"), session=third, item=items[0])


def test_an_item_of_an_earlier_year_is_not_counted_again(admin_user):
    items = published_items(admin_user, count=1, year=2022)
    session = make_session(2023)
    assert "2022" in collection.item_refusal(session, items[0])
    with pytest.raises(DomainError):
        collection.collect_item(actor=persona("organizer"), session=session, item=items[0])
    assert not SessionItem.objects.exists()


def test_an_organiser_collects_only_into_their_sessions(admin_user):
    items = published_items(admin_user, count=1)
    session = make_session(2023)
    with pytest.raises(DomainError):
        collection.collect_item(actor=persona("enterprise_user"), session=session, item=items[0])
    collection.collect_item(actor=persona("organizer"), session=session, item=items[0])
    collection.collect_item(actor=persona("organizer"), session=session, item=items[0])  # twice: once
    assert SessionItem.objects.filter(session=session).count() == 1


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_changes_together_ask_for_one_computation_soon():
    from django.core.cache import cache
    from kombu import Connection

    from config.celery import app

    cache.delete(SOON_KEY)
    with Connection(app.conf.broker_url) as connection:
        queue = connection.SimpleQueue("default")
        queue.clear()
        for _ in range(3):
            recompute_soon()
        assert queue.qsize() == 1
        queue.clear()
        queue.close()
    cache.delete(SOON_KEY)


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_with_the_broker_down_a_change_is_saved_and_the_hourly_run_catches_up(monkeypatch):
    from django.core.cache import cache

    from sessions_mgmt import tasks
    from tests.auction.test_import_recovery import broker_down

    monkeypatch.setattr(tasks.compute_compliance, "apply_async", broker_down)
    cache.delete(SOON_KEY)
    recompute_soon()  # no error reaches the caller
    assert cache.get(SOON_KEY) is None  # the next change asks again
