"""Contest pages: the public sees an announced contest's date, venue and pairs through the
demand's public projection (what an enterprise hid stays hidden), and once the contest is held
each pair's mean score, never one expert's marks or comments; each persona reaches only its
own pages; the public page's queries do not grow with its pairs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenge.services import contest_reviews, disclaimers
from challenge.services import contests as contest_services
from tests.challenge.conftest import leaks
from tests.challenge.contests import accept, contest, cooperation_of, financier, ready_pair
from tests.challenge.test_hidden_fields import crawl
from tests.conftest import make_user

CRITERIA = ("advancement", "feasibility", "fit", "economic_benefit", "industry_driving")


def marks(value):
    return dict.fromkeys(CRITERIA, value)


@pytest.fixture
def second_expert(university):
    return make_user("expert-2", university, ["expert"], name="钱学文")


@pytest.fixture
def scored(admin_user, enterprise_user, solver, expert, second_expert, published):
    """A published contest showing the pair of the demand that hides everything it may, marked
    70 by one expert and 90 by the other, with a comment each."""
    from challenge.services import consents

    cooperation = cooperation_of(enterprise_user, solver, published)
    accept(enterprise_user, solver, expert, second_expert)
    consents.give(actor=enterprise_user, cooperation=cooperation)
    consents.give(actor=solver, cooperation=cooperation)
    draft = contest(admin_user)
    contest_services.add_pair(actor=admin_user, contest=draft, cooperation=cooperation)
    for person in (expert, second_expert):
        contest_services.invite_expert(actor=admin_user, contest=draft, expert=person)
    contest_services.invite_institution(actor=admin_user, contest=draft, organization=financier().organization)
    announced = contest_services.publish(actor=admin_user, contest=draft)
    pair = announced.pairs.get()
    contest_reviews.score(actor=expert, pair=pair, marks=marks(70), comment="甲专家：建议补充中试数据")
    contest_reviews.score(actor=second_expert, pair=pair, marks=marks(90), comment="乙专家：方案成熟")
    return announced


INDIVIDUAL = ("70.00", "90.00", "甲专家：建议补充中试数据", "乙专家：方案成熟")


def test_the_public_page_shows_the_pairs_then_the_mean_never_an_experts_marks(client, scored, published):
    url = reverse("challenge:contest", args=[scored.pk])
    page = client.get(url).text
    assert published.title in page and scored.venue in page and "2023-10-20" in page
    assert "南京工业大学" in page  # the solver's unit: both sides consented to a public contest
    assert not any(text in page for text in (*INDIVIDUAL, "80.00"))  # no score before it is held
    contest_services.mark_held(actor=scored.created_by, contest=scored)
    page = client.get(url).text
    assert "80.00" in page and "（2 位专家）" in page
    assert not any(text in page for text in INDIVIDUAL)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "financier", "expert"])
def test_no_hidden_field_on_a_contest_page_for_anyone(who, client, client_as, outsider, expert, scored):
    contest_services.mark_held(actor=scored.created_by, contest=scored)
    person = {"anonymous": None, "outsider": outsider, "expert": expert,
              "financier": scored.institutions.get().organization.members.get()}[who]
    browser = client_as(person) if person else client
    starts = [reverse("challenge:contests"), reverse("challenge:contest", args=[scored.pk])]
    if who in ("financier", "expert"):
        starts.append(reverse("challenge:contest-room", args=[scored.pk]))
    pages = crawl(browser, starts, limit=60)
    assert reverse("challenge:contest", args=[scored.pk]) in pages
    assert leaks(pages) == []
    # The expert's room shows their own total (70.00), nobody else's marks or any comment.
    never = INDIVIDUAL[1:] if who == "expert" else INDIVIDUAL
    contest_pages = [text for url, text in pages.items() if "/contest" in url]
    assert contest_pages and not any(text in page for page in contest_pages for text in never)


def test_an_expert_sees_only_their_own_marks(client_as, expert, scored):
    room = client_as(expert).get(reverse("challenge:contest-room", args=[scored.pk])).text
    assert "70.00" in room and "90.00" not in room and "乙专家" not in room


def test_a_draft_contest_is_not_found_at_the_public_address(client, client_as, admin_user, challenge_2023):
    draft = contest(admin_user)
    for browser in (client, client_as(admin_user)):
        assert browser.get(reverse("challenge:contest", args=[draft.pk])).status_code == 404
        assert draft.title not in browser.get(reverse("challenge:contests")).text


def _answers(client, scored):
    pair = scored.pairs.get()
    gets = {"list": reverse("challenge:contests"), "page": reverse("challenge:contest", args=[scored.pk]),
            "mine": reverse("challenge:my-contests"), "room": reverse("challenge:contest-room", args=[scored.pk]),
            "score": reverse("challenge:contest-pair-score", args=[pair.pk]),
            "manage": reverse("challenge:contests-manage"),
            "manage-one": reverse("challenge:contest-manage", args=[scored.pk])}
    answers = {name: client.get(url).status_code for name, url in gets.items()}
    interest = client.post(reverse("challenge:contest-pair-interest", args=[pair.pk]), {"action": "record"})
    answers["interest"] = interest.status_code
    return answers


LOGIN = 302
EXPECTED = {
    # list, page, mine, room, score, manage, manage-one, interest
    "anonymous": (200, 200, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "enterprise": (200, 200, 403, 403, 403, 403, 403, 403),
    "solver": (200, 200, 403, 403, 403, 403, 403, 403),
    "invited expert": (200, 200, 200, 200, 200, 403, 403, 403),
    "other expert": (200, 200, 200, 403, 403, 403, 403, 403),
    "invited institution": (200, 200, 200, 200, 403, 403, 403, 302),
    "other institution": (200, 200, 200, 403, 403, 403, 403, 403),
    "admin": (200, 200, 403, 200, 403, 200, 200, 403),
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_each_persona_reaches_only_its_own_contest_pages(persona, client, client_as, admin_user, enterprise_user,
                                                         solver, expert, scored):
    people = {"anonymous": None, "enterprise": enterprise_user, "solver": solver, "invited expert": expert,
              "other expert": make_user("expert-3", None, ["expert"]),
              "invited institution": scored.institutions.get().organization.members.get(),
              "other institution": financier("江苏恒润科技融资担保有限公司", "financier-2"), "admin": admin_user}
    person = people[persona]
    got = _answers(client_as(person) if person else client, scored)
    names = ("list", "page", "mine", "room", "score", "manage", "manage-one", "interest")
    assert tuple(got[name] for name in names) == EXPECTED[persona], got


def test_the_public_pages_queries_do_not_grow_with_the_pairs(client, admin_user, enterprise_user, solver, expert,
                                                              challenge_2023):
    def queries(count):
        draft = contest(admin_user, title=f"竞榜 {count}")
        for number in range(count):
            cooperation = ready_pair(enterprise_user, solver, expert, admin_user, title=f"需求 {count}-{number}")
            contest_services.add_pair(actor=admin_user, contest=draft, cooperation=cooperation)
        contest_services.publish(actor=admin_user, contest=draft)
        contest_services.mark_held(actor=admin_user, contest=draft)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("challenge:contest", args=[draft.pk])).status_code == 200
        return len(captured)

    assert queries(1) == queries(4)


def test_experts_are_sent_to_the_disclaimer_before_marking(client_as, admin_user, expert, second_expert, scored):
    later_disclaimer = disclaimers.publish(actor=admin_user, version="2024", text="新版")
    pair = scored.pairs.get()
    answer = client_as(expert).post(reverse("challenge:contest-pair-score", args=[pair.pk]),
                                    {f"score_{code}": "60" for code in CRITERIA})
    assert answer["Location"].startswith(reverse("challenge:disclaimer"))
    assert pair.scores.get(expert=expert).total == 70  # unchanged
    assert later_disclaimer.version == "2024"
