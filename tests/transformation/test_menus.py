"""Patent transformation's menu entries are offered only to those whose page answers: a park's
organiser applies but recommends for no city and follows no stock; a city authority's organiser
recommends, follows the city's stock and sees the policy lists but applies for nothing; an
enterprise's liaison keeps no stock and no figures. Every entry offered opens."""

import pytest
from django.urls import reverse

from jbgs.choices import Role
from tests.conftest import make_organization, make_user

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
