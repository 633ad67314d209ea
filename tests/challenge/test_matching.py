"""智能匹配: a demand finds the solvers whose catalogue shares its rare words, and says which;
common words count for nothing; declared profiles and earlier solutions count; an item finds
the demands it could answer. Matches are kept per demand, first found once."""

import pytest
from django.urls import reverse

from challenge import matching
from challenge.models import Match, SolverProfile, Term
from challenge.services import matching as matching_services
from tests.challenge.conftest import approved_demand
from tests.challenge.matching import catalogue
from tests.conftest import make_organization, make_user

RARE = "钙钛矿叠层"  # in the dictionary? jieba keeps it whole or as 钙钛矿 + 叠层: both rare


@pytest.fixture
def units(db, challenge_2023):
    filler = [(f"一种数据处理方法{n}", "本发明公开了一种方法，涉及技术领域，提高效率。") for n in range(30)]
    return catalogue({
        "东南大学": [("钙钛矿叠层太阳能电池的制备方法", "一种钙钛矿叠层电池，提高光电转换效率与稳定性。"),
                 ("一种数据处理方法", "本发明公开了一种方法，提高效率。")],
        "南京理工大学": [("锂电池健康状态估计方法", "利用神经网络估计锂电池健康状态，提高效率。")],
        "江苏大学": filler,
    })


def _published(enterprise_user, expert, admin_user, **changes):
    from challenge.services import hot_lists
    from tests.challenge.conftest import challenge_campaign

    demand = approved_demand(enterprise_user, expert, **changes)
    hot_list = hot_lists.create_hot_list(actor=admin_user, campaign=challenge_campaign(), field=demand.field,
                                         title="热门需求", demand_ids=[demand.pk])
    hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    demand.refresh_from_db()
    return demand


def test_a_demand_finds_the_unit_sharing_its_rare_words_and_says_which(units, enterprise_user, expert, admin_user):
    demand = _published(enterprise_user, expert, admin_user, title="钙钛矿叠层电池稳定性提升",
                        description="需要提高钙钛矿叠层电池的稳定性和效率，现有方法衰减快。")
    ranked = matching.rank_solvers(demand)
    assert ranked and ranked[0].name == "东南大学", [(c.name, c.parts) for c in ranked]
    best = ranked[0]
    assert "钙钛矿" in best.terms or "钙钛矿叠层" in best.terms
    assert best.items[0][1] == "钙钛矿叠层太阳能电池的制备方法"
    assert best.parts["text"] > 0 and best.parts["field"] == 15 and best.score == sum(best.parts.values())
    # The common words (方法, 提高, 效率: in nearly every item) matched nothing and name nothing.
    assert not {"方法", "提高", "效率"} & set(best.terms)
    assert "江苏大学" not in [c.name for c in ranked]


def test_common_words_alone_match_no_one(units, enterprise_user, expert, admin_user):
    demand = _published(enterprise_user, expert, admin_user, title="一种提高效率的方法",
                        description="本发明公开了一种方法，提高效率。", sub_field="", expected_outcome="")
    assert matching.rank_solvers(demand) == []


def test_a_declared_profile_and_earlier_solutions_count(units, enterprise_user, expert, admin_user):
    demand = _published(enterprise_user, expert, admin_user, title="钙钛矿叠层电池稳定性提升",
                        description="需要提高钙钛矿叠层电池的稳定性。")
    institute = make_organization("江苏省光伏研究院", "research_institute", "320102")
    keeper = make_user("pv-liaison", institute, ["liaison"])
    matching_services.save_profile(actor=keeper, organization=institute, directions="钙钛矿叠层电池封装与稳定性研究",
                                   keywords="钙钛矿，叠层电池、封装", field_codes=["new_energy"])
    person = make_user("pv-expert", None, ["expert"], name="周教授")
    matching_services.save_profile(actor=person, directions="", keywords="钙钛矿 稳定性", field_codes=[])
    ranked = {c.name: c for c in matching.rank_solvers(demand)}
    assert ranked["江苏省光伏研究院"].parts["profile"] > 0 and ranked["江苏省光伏研究院"].parts["field"] == 15
    assert ranked["周教授"].user_id == person.pk and ranked["周教授"].parts["profile"] > 0
    assert ranked["江苏省光伏研究院"].parts["text"] == 0  # no catalogue item of its own


def test_matches_are_kept_and_a_pair_keeps_the_day_it_was_first_found(units, enterprise_user, expert, admin_user):
    demand = _published(enterprise_user, expert, admin_user, title="钙钛矿叠层电池稳定性提升",
                        description="需要提高钙钛矿叠层电池的稳定性。")
    assert matching_services.match_demand(demand) >= 1
    first = Match.objects.get(demand=demand, organization__name="东南大学")
    assert first.score > 0 and first.terms and first.items
    matching_services.match_demand(demand)
    again = Match.objects.get(demand=demand, organization__name="东南大学")
    assert again.created_at == first.created_at and again.updated_at >= first.updated_at


def test_the_words_are_counted_over_the_catalogue_and_the_public_demands(units, enterprise_user, expert, admin_user):
    _published(enterprise_user, expert, admin_user, title="钙钛矿叠层电池稳定性提升")
    counted = matching_services.count_terms()
    assert counted.items == 33 and counted.demands == 1
    assert Term.objects.get(word="方法").items >= 31
    assert Term.objects.get(word="稳定性").demands == 1


def test_an_item_finds_the_demands_it_could_answer(units, enterprise_user, expert, admin_user):
    wanted = _published(enterprise_user, expert, admin_user, title="钙钛矿叠层电池稳定性提升",
                        description="需要提高钙钛矿叠层电池的稳定性。")
    _published(enterprise_user, expert, admin_user, title="高镍正极材料循环寿命提升")
    matching_services.count_terms()
    from auction.models import Item

    item = Item.objects.get(title="钙钛矿叠层太阳能电池的制备方法")
    found = matching.demands_for_item(item)
    assert [m.demand.pk for m in found][:1] == [wanted.pk]
    assert found[0].field_match and any("钙钛矿" in t for t in found[0].terms)


def test_a_profile_is_kept_by_its_unit_and_audited(units, solver, outsider):
    from jbgs.exceptions import NotAllowed
    from jbgs.models import AuditEntry

    profile = matching_services.save_profile(actor=solver, organization=solver.organization,
                                             directions="储能材料", keywords="固态电池,电解质", field_codes=["new_energy"])
    assert "电解质" in profile.search_words and profile.field_codes == ["new_energy"]
    assert AuditEntry.objects.filter(action="challenge.profile.saved").count() == 1
    with pytest.raises(NotAllowed):
        matching_services.save_profile(actor=outsider, organization=solver.organization, directions="x",
                                       keywords="", field_codes=[])
    assert SolverProfile.objects.count() == 1


def test_pages_show_the_explanation(units, client_as, enterprise_user, expert, admin_user):
    demand = _published(enterprise_user, expert, admin_user, title="钙钛矿叠层电池稳定性提升",
                        description="需要提高钙钛矿叠层电池的稳定性。")
    page = client_as(enterprise_user).get(reverse("challenge:demand-mine-detail", args=[demand.pk])).text
    assert "东南大学" in page and "钙钛矿叠层太阳能电池的制备方法" in page


def test_the_public_search_finds_words_as_the_catalogue_does(client, published):
    """jieba's words of the public text: 循环 finds 循环寿命's demand; a hidden word, nothing."""
    from urllib.parse import urlencode

    from challenge import selectors

    assert list(selectors.search_public("高镍 循环")) == [published]  # two words, in any order
    assert list(selectors.search_public("循环 高镍")) == [published]
    assert list(selectors.search_public("钠离子")) == []
    page = client.get(reverse("challenge:demands") + "?" + urlencode({"q": "包覆 高温"})).text
    assert published.title in page
