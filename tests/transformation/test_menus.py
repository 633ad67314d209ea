"""Patent transformation's menu entries are offered only to those whose page answers: a park's
organiser applies but recommends for no city and follows no stock; a city authority's organiser
recommends, follows the city's stock and sees the policy lists but applies for nothing; an
enterprise's liaison keeps no stock and no figures. Every entry offered opens."""

import pytest
from django.urls import reverse

from jbgs.choices import Role
from tests.conftest import make_organization, make_user
from transformation.models import Call

CALLS = reverse("transformation:calls")
FIGURES = reverse("transformation:my-figures")
STOCK = reverse("transformation:stock")
POLICY = reverse("transformation:policy-lists")
MINE = reverse("transformation:my-applications")
CITY = reverse("transformation:city-applications")
ALL = (CALLS, FIGURES, STOCK, POLICY, MINE, CITY)


def _offered(client, user) -> set[str]:
    client.force_login(user)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    offered = {url for url in ALL if f'href="{url}"' in page.content.decode()}
    for url in offered:
        assert client.get(url, follow=True).status_code == 200, url
    return offered


@pytest.mark.django_db
def test_a_city_authority_organiser_recommends_and_follows_but_does_not_apply(client):
    city = make_organization("苏州市科学技术局", "local_authority", "320500")
    user = make_user("sz_org", city, [Role.ORGANIZER])
    assert _offered(client, user) == {CALLS, STOCK, POLICY, CITY}


@pytest.mark.django_db
def test_a_park_organiser_applies_but_neither_recommends_nor_follows_stock(client):
    park = make_organization("苏州工业园区管委会", "science_park", "320506")
    user = make_user("park_org", park, [Role.ORGANIZER])
    assert _offered(client, user) == {CALLS, MINE}


@pytest.mark.django_db
def test_a_university_liaison_keeps_figures_and_stock_and_applies(client):
    university = make_organization("苏州大学", "undergraduate_university", "320506")
    user = make_user("suda", university, [Role.LIAISON])
    assert _offered(client, user) == {CALLS, FIGURES, STOCK, MINE}


@pytest.mark.django_db
def test_an_enterprise_liaison_keeps_neither_figures_nor_stock(client):
    enterprise = make_organization("苏州某科技有限公司", "enterprise", "320506")
    user = make_user("ent_liaison", enterprise, [Role.LIAISON])
    assert _offered(client, user) == {CALLS, MINE}


@pytest.mark.django_db
@pytest.mark.usefixtures("in_the_window")
def test_an_applicant_is_offered_only_the_open_calls_of_its_kind(client):
    """In the 2022 window a university is offered the university direction (and the campaign
    deals' support), never the industry direction, which is for parks."""
    university = make_organization("苏州大学", "undergraduate_university", "320506")
    client.force_login(make_user("suda", university, [Role.LIAISON]))
    offered = client.get(MINE).content.decode()
    calls = {call.code: reverse("transformation:apply", args=[call.pk]) for call in Call.objects.filter(year=2022)}
    assert calls["2022-university"] in offered
    assert calls["2022-industry"] not in offered
