"""Many items and demands collected at once (the demo's seeding) by the rules and with the audit
of one collected by hand: an earlier year's item and one counted by another session left out
with their reasons, each one that joins audited, an outsider refused."""

import pytest

from jbgs.exceptions import NotAllowed
from jbgs.services.audit import AuditEntry
from sessions_mgmt.choices import SessionAction
from sessions_mgmt.models import SessionItem
from sessions_mgmt.services import collection
from tests.auction.bidding import published_items
from tests.conftest import persona
from tests.sessions_mgmt.helpers import make_session

pytestmark = pytest.mark.django_db


def test_many_at_once_obey_the_no_repeat_rule_and_are_audited(admin_user):
    old = published_items(admin_user, count=1, year=2022)
    items = published_items(admin_user, count=3)
    session, other = make_session(2023), make_session(2023, title="另一拍卖季专场")
    organiser = persona("organizer")
    collection.collect_item(actor=organiser, session=other, item=items[0])
    refusals = collection.collect(actor=organiser, session=session, items=[*old, *items])
    assert len(refusals) == 2 and "2022" in refusals[0]
    assert set(SessionItem.objects.filter(session=session).values_list("item_id", flat=True)) == {
        items[1].pk, items[2].pk}
    assert AuditEntry.objects.filter(action=SessionAction.ITEM_COLLECTED, object_id=str(session.pk)).count() == 2
    assert collection.collect(actor=organiser, session=session, items=items[1:]) == []  # again: nothing new
    assert AuditEntry.objects.filter(action=SessionAction.ITEM_COLLECTED, object_id=str(session.pk)).count() == 2
    with pytest.raises(NotAllowed):
        collection.collect(actor=persona("enterprise_user"), session=session, items=items)
