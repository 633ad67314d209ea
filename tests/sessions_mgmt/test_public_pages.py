"""A session's public page and the list of sessions: anyone reads them, on a phone, and they
show only what is public: published items, demands' public fields, deals without amounts or
parties, public cases."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from auction.models import Item
from challenge.models import Demand
from sessions_mgmt.models import DealRecord, Intention, Roadshow, SessionItem, TypicalCase
from tests.auction.bidding import published_items
from tests.conftest import persona
from tests.sessions_mgmt.helpers import make_session

pytestmark = pytest.mark.django_db

D = datetime.date


def test_anyone_reads_a_session_s_page_with_its_share_tags(client):
    session = make_session(title="2023年新能源产业专场")
    Roadshow.objects.create(session=session, held_on=D(2023, 9, 1), title="新能源路演", attendees=80,
                            created_by=persona("organizer"))
    page = client.get(reverse("sessions:session", args=[session.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<meta property="og:title" content="2023年新能源产业专场">' in html
    assert 'property="og:description"' in html and 'property="og:image" content="http' in html
    assert "share.png" in html  # WeChat shows a PNG, not an SVG
    assert 'name="viewport"' in html and "新能源路演" in html
    assert client.get(reverse("sessions:session", args=[999999])).status_code == 404


def test_the_page_shows_deals_without_amounts_or_parties_and_only_public_cases(client):
    session = make_session()
    organiser = persona("organizer")
    DealRecord.objects.create(session=session, subject="锂电池专利转让", seller="保密大学甲", buyer="保密企业乙",
                              amount=Decimal("1234567.89"), signed_on=D(2023, 7, 1), created_by=organiser)
    Intention.objects.create(session=session, subject="储能合作意向", supply_party="保密大学丙",
                             demand_party="保密企业丁", reached_on=D(2023, 7, 2), created_by=organiser)
    TypicalCase.objects.create(session=session, title="公开案例", parties="甲乙", summary="成效", recorded_on=D(2023, 8, 1),
                               created_by=organiser)
    TypicalCase.objects.create(session=session, title="内部案例", parties="丙丁", summary="不公开",
                               recorded_on=D(2023, 8, 1), public=False, created_by=organiser)
    html = client.get(reverse("sessions:session", args=[session.pk])).content.decode()
    assert "锂电池专利转让" in html and "储能合作意向" in html and "公开案例" in html
    for secret in ("1234567", "123.46", "保密大学甲", "保密企业乙", "保密大学丙", "保密企业丁", "内部案例"):
        assert secret not in html


def test_the_page_shows_published_items_only_and_demands_without_their_hidden_fields(client, sold_deal_2023):
    session = make_session()
    shown, unpublished = published_items(persona("admin_user"), count=2)
    Item.objects.filter(pk=unpublished.pk).update(published_at=None, title="尚未发布的成果")
    SessionItem.objects.bulk_create([SessionItem(session=session, item=shown), SessionItem(session=session,
                                                                                           item=unpublished)])
    sold_deal_2023(session)  # a published demand of the session's collection
    demand = Demand.objects.get(title="高镍正极材料包覆工艺")
    Demand.objects.filter(pk=demand.pk).update(hidden_fields=["organization", "contact_name", "contact_phone"])
    html = client.get(reverse("sessions:session", args=[session.pk])).content.decode()
    assert shown.title in html and reverse("catalogue:detail", args=[shown.pk]) in html
    assert "尚未发布的成果" not in html
    assert demand.title in html and reverse("challenge:demand", args=[demand.pk]) in html
    for hidden in (demand.organization.name, demand.contact_name, demand.contact_phone):
        assert hidden not in html


def test_the_list_of_sessions_is_public_and_narrows_by_year(client):
    make_session(2023, title="2023年专场")
    make_session(2022, title="2022年专场", starts_on=D(2022, 5, 15), ends_on=D(2022, 11, 30))
    html = client.get(reverse("sessions:public-list"), {"year": 2023}).content.decode()
    assert "2023年专场" in html and "2022年专场" not in html
    assert 'property="og:title"' in html


def test_the_sessions_public_pages_are_in_the_sitemap(client):
    session = make_session()
    xml = client.get("/sitemap-sessions.xml").content.decode()
    assert reverse("sessions:session", args=[session.pk]) in xml
