"""Hidden means hidden: what an enterprise hides on publication appears nowhere public. Every
hidden field carries a unique marker (the amount in every way the portal writes amounts);
a crawler follows every link from the home page and the demand pages, anonymously and as an
unrelated solver, searching with each marker as well, and finds none. The enterprise still
sees them all on its own page."""

import re
from urllib.parse import urlencode, urljoin, urlparse

import pytest
from django.urls import reverse

from auction.models import Item
from challenge.public import public_demand
from jbgs.money import wan
from tests.challenge.conftest import AMOUNT, AMOUNT_FORMS, MARKERS, leaks

SKIP = ("/static/", "/media/", "/i18n/", "/accounts/logout", "/backoffice/", "/api/docs", "/api/schema")


def crawl(client, starts: list[str], limit: int = 400) -> dict[str, str]:
    """Every page reachable by GET from `starts` on this site, by path: its text."""
    seen, queue, pages = set(), list(starts), {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            if response.status_code == 200:
                pages[url] = b"".join(response.streaming_content).decode(errors="ignore") if response.streaming \
                    else response.content.decode(errors="ignore")
            continue
        text = response.content.decode()
        pages[url] = text
        for href in re.findall(r'href="([^"#]+)"', text):
            target = urlparse(urljoin(url, href.replace("&amp;", "&")))
            if target.netloc in ("", "testserver") and target.path.startswith("/"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


@pytest.mark.parametrize("who", ["anonymous", "solver"])
def test_no_hidden_field_on_any_public_page_or_search(who, client, client_as, solver, published):
    from challenge.services import matching
    from tests.challenge.matching import catalogue

    # A unit whose catalogue shares the demand's words, and the solver's unit matched to it:
    # the matches, their explanations and an item's demands are crawled too.
    catalogue({"高镍材料研究院": [("高镍正极材料包覆改性方法", "一种高镍三元正极材料循环寿命提升的包覆工艺。")]})
    matching.count_terms()
    matching.save_profile(actor=solver, organization=solver.organization, directions="高镍正极材料循环寿命",
                          keywords="高镍、正极、包覆", field_codes=["new_energy"])
    assert matching.match_demand(published) >= 1
    browser = client if who == "anonymous" else client_as(solver)
    item = Item.objects.get(title="高镍正极材料包覆改性方法")
    starts = ["/", reverse("challenge:demands"), reverse("challenge:demand", args=[published.pk]),
              reverse("sitemap"), reverse("django.contrib.sitemaps.views.sitemap", args=["demands"]),
              reverse("challenge:matches"), reverse("challenge:item-demands", args=[item.pk]),
              "/api/v1/challenge/demands/", f"/api/v1/challenge/demands/{published.pk}/",
              f"/api/v1/challenge/demands/{published.pk}/matches/", "/api/v1/challenge/hot-lists/",
              f"/api/v1/challenge/demands/?{urlencode({'q': '高镍'})}",
              *(f"{reverse('challenge:demands')}?{urlencode({'q': marker})}"
                for marker in [*MARKERS.values(), *AMOUNT_FORMS])]
    pages = crawl(browser, starts)
    assert f"/challenge/demands/{published.pk}/" in pages[reverse("django.contrib.sitemaps.views.sitemap",
                                                                  args=["demands"])]
    if who == "solver":  # the match is listed and explained; the item finds the demand
        assert "高镍" in pages[reverse("challenge:matches")]
        assert published.title in pages[reverse("challenge:item-demands", args=[item.pk])]
    assert reverse("challenge:demand", args=[published.pk]) in pages  # the crawl reached the demand
    assert any("/challenge/hot-lists/" in url for url in pages)
    assert "循环寿命" in pages[reverse("challenge:demand", args=[published.pk])]  # what is shown, is shown
    assert leaks(pages) == []
    # A search by a hidden word finds nothing (it would tell which demand it belongs to).
    for marker in MARKERS.values():
        assert published.title not in pages[f"{reverse('challenge:demands')}?{urlencode({'q': marker})}"]


def test_the_public_projection_has_no_hidden_value(published):
    shown = public_demand(published)
    assert (shown.organization_name, shown.amount, shown.contact_name, shown.contact_phone, shown.contact_email) == (
        None, None, None, None, None)
    assert [t.indicator for t in shown.targets] == ["循环寿命"]
    assert leaks({"projection": repr(shown)}) == []


def test_the_enterprise_still_sees_everything_it_hid(client_as, enterprise_user, published):
    page = client_as(enterprise_user).get(reverse("challenge:demand-mine-detail", args=[published.pk])).text
    for marker in (MARKERS["contact_name"], MARKERS["contact_phone"], MARKERS["target"], wan(AMOUNT)):
        assert marker in page


@pytest.mark.parametrize("query", ["q=%00", "q=" + "长" * 5000, "field=%27%22", "page=abc", "page=99999"])
def test_absurd_searches_answer_a_page_not_an_error(client, published, query):
    assert client.get(f"{reverse('challenge:demands')}?{query}").status_code == 200


def test_a_solver_sees_the_hidden_details_only_once_the_enterprise_grants_them(client_as, enterprise_user, solver,
                                                                               published):
    from django.test import Client

    from challenge.models import DetailRequest
    from jbgs.models import AuditEntry
    from tests.conftest import make_organization, make_user

    page = reverse("challenge:demand", args=[published.pk])
    asker = Client()
    asker.force_login(solver)
    asker.post(reverse("challenge:details-request", args=[published.pk]), {"message": "评估技术可行性需要具体指标"})
    request = DetailRequest.objects.get()
    assert leaks({page: asker.get(page).text}) == []  # asked, not yet granted
    owner = client_as(enterprise_user)
    assert "评估技术可行性需要具体指标" in owner.get(reverse("challenge:demand-mine-detail", args=[published.pk])).text
    owner.post(reverse("challenge:details-decide", args=[request.pk]), {"grant": "1"})
    shown = asker.get(page).text
    for marker in (MARKERS["organization"], MARKERS["contact_phone"], MARKERS["target"], wan(AMOUNT)):
        assert marker in shown
    assert AuditEntry.objects.filter(action="challenge.details.decided", to_state="granted").exists()
    other = Client()
    other.force_login(make_user("other-solver", make_organization("苏州大学", "undergraduate_university", "320508"),
                                ["solver"]))
    assert leaks({page: other.get(page).text}) == []
    assert Client().get(page).status_code == 200 and leaks({page: Client().get(page).text}) == []
    # Decided once; a stranger cannot decide.
    assert owner.post(reverse("challenge:details-decide", args=[request.pk]), {"grant": "0"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "granted"
    assert other.post(reverse("challenge:details-decide", args=[request.pk]), {"grant": "0"}).status_code == 404
