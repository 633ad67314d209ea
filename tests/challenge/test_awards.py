"""The awards (奖榜): administrators nominate the year's pairs into its award categories, from the
held contests' results or the cooperations, with a citation; a pair is on the public list only
with both sides' consent; the published list is public, hides what an enterprise hid, shows a
contest's mean and never an expert's marks, and no longer changes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from challenge.models import HonoursList, Nomination
from challenge.services import awards, consents, contest_reviews
from challenge.services import contests as contest_services
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.models import AuditEntry, Notification
from tests.challenge.conftest import challenge_campaign, leaks
from tests.challenge.contests import (
    accept,
    contest,
    cooperation_of,
    financier,
    published_demand,
    ready_pair,
)
from tests.conftest import make_user


@pytest.fixture
def pair_ready(enterprise_user, solver, expert, admin_user, challenge_2023):
    return ready_pair(enterprise_user, solver, expert, admin_user)


def nominate(admin_user, cooperation, category="project", citation="产学研合作典范", **more):
    return awards.nominate(actor=admin_user, campaign=challenge_campaign(), category=category, cooperation=cooperation,
                           citation=citation, **more)


def test_a_refused_nomination_names_its_fields_and_writes_nothing(admin_user, solver, pair_ready):
    with pytest.raises(ValidationError) as refused:
        nominate(admin_user, pair_ready, category="best_bank", citation=" \x00")
    assert set(refused.value.error_dict) == {"category", "citation"}
    draft = contest(admin_user)
    pair = contest_services.add_pair(actor=admin_user, contest=draft, cooperation=pair_ready)
    with pytest.raises(ValidationError) as not_held:
        nominate(admin_user, pair_ready, contest_pair=pair)
    assert set(not_held.value.error_dict) == {"contest_pair"}
    with pytest.raises(NotAllowed):
        nominate(solver, pair_ready)
    assert not Nomination.objects.exists() and not AuditEntry.objects.filter(action="challenge.award.nominated").exists()


def test_a_pair_is_nominated_only_with_both_consents(admin_user, enterprise_user, solver, expert, pair_ready):
    unconsented = cooperation_of(enterprise_user, solver, published_demand(enterprise_user, expert, admin_user,
                                                                           title="未同意公开的需求"))
    with pytest.raises(DomainError) as refused:
        nominate(admin_user, unconsented)
    assert refused.value.code == "pair_not_ready" and "尚未同意" in refused.value.message
    nominate(admin_user, pair_ready)
    with pytest.raises(DomainError) as twice:
        nominate(admin_user, pair_ready)
    assert twice.value.code == "already_nominated"
    nominate(admin_user, pair_ready, category="solver", citation="揭榜团队攻关能力强")
    assert Nomination.objects.count() == 2


def test_publishing_checks_the_pairs_again_and_then_nothing_changes(admin_user, enterprise_user, solver, pair_ready):
    campaign = challenge_campaign()
    with pytest.raises(DomainError) as empty:
        awards.publish(actor=admin_user, campaign=campaign)
    assert empty.value.code == "no_nominations"
    nomination = nominate(admin_user, pair_ready)
    consents.withdraw(actor=solver, cooperation=pair_ready)
    with pytest.raises(DomainError) as refused:
        awards.publish(actor=admin_user, campaign=campaign)
    assert refused.value.code == "pair_not_ready" and not HonoursList.objects.exists()
    consents.give(actor=solver, cooperation=pair_ready)
    awards.publish(actor=admin_user, campaign=campaign)
    assert Notification.objects.filter(recipient=enterprise_user, kind="challenge.honours.published").exists()
    with pytest.raises(InvalidTransition):
        nominate(admin_user, pair_ready, category="enterprise")
    with pytest.raises(InvalidTransition):
        awards.withdraw_nomination(actor=admin_user, nomination=nomination)
    with pytest.raises(DomainError) as holds:
        consents.withdraw(actor=enterprise_user, cooperation=pair_ready)
    assert holds.value.code == "contest_published"
    with pytest.raises(InvalidTransition):
        awards.publish(actor=admin_user, campaign=campaign)


@pytest.fixture
def honoured(admin_user, enterprise_user, solver, expert, university, published):
    """The pair of the demand that hides all it may, shown at a held contest (marked 70 and 90)
    and nominated with that result; the list not published yet."""
    cooperation = cooperation_of(enterprise_user, solver, published)
    second = make_user("expert-2", university, ["expert"])
    accept(enterprise_user, solver, expert, second)
    consents.give(actor=enterprise_user, cooperation=cooperation)
    consents.give(actor=solver, cooperation=cooperation)
    draft = contest(admin_user)
    pair = contest_services.add_pair(actor=admin_user, contest=draft, cooperation=cooperation)
    for person in (expert, second):
        contest_services.invite_expert(actor=admin_user, contest=draft, expert=person)
    contest_services.publish(actor=admin_user, contest=draft)
    for person, mark in ((expert, 70), (second, 90)):
        contest_reviews.score(actor=person, pair=pair, marks=dict.fromkeys(
            ("advancement", "feasibility", "fit", "economic_benefit", "industry_driving"), mark), comment=f"点评{mark}")
    contest_services.mark_held(actor=admin_user, contest=draft)
    return nominate(admin_user, cooperation, citation="攻克高镍正极循环寿命难题", contest_pair=pair)


def test_the_honours_list_is_public_once_published_and_hides_what_was_hidden(client, admin_user, honoured,
                                                                             published):
    url = reverse("challenge:honours", args=[2023])
    assert client.get(url).status_code == 404
    assert "2023" not in client.get(reverse("challenge:honours-index")).text.split("<main")[1]
    awards.publish(actor=admin_user, campaign=challenge_campaign())
    page = client.get(url).text
    for shown in ("年度优秀技术转移合作项目", published.title, "攻克高镍正极循环寿命难题", "南京工业大学", "专家平均分 80.00"):
        assert shown in page
    assert not any(text in page for text in ("70.00", "90.00", "点评70", "点评90"))
    assert leaks({url: page, "index": client.get(reverse("challenge:honours-index")).text}) == []


def test_the_administrator_nominates_from_the_contest_results_and_publishes(client_as, admin_user, honoured):
    client = client_as(admin_user)
    page = client.get(reverse("challenge:awards-manage")).text
    assert "已举办竞榜的成绩" in page and "80.00" in page and "攻克高镍正极循环寿命难题" in page
    answer = client.post(reverse("challenge:awards-manage"), {"cooperation": honoured.cooperation_id,
                                                               "category": "solver", "citation": ""})
    assert answer.status_code == 302 and Nomination.objects.count() == 1  # refused: no citation
    client.post(reverse("challenge:awards-manage"), {"cooperation": honoured.cooperation_id, "category": "solver",
                                                     "citation": "团队能力突出"})
    assert Nomination.objects.count() == 2
    client.post(reverse("challenge:awards-action", args=["withdraw"]), {"nomination": honoured.pk})
    assert list(Nomination.objects.values_list("category", flat=True)) == ["solver"]
    client.post(reverse("challenge:awards-action", args=["publish"]))
    assert HonoursList.objects.filter(campaign=challenge_campaign(), published_by=admin_user).exists()


@pytest.mark.parametrize("persona", ["anonymous", "enterprise_user", "solver", "expert", "financier", "outsider"])
def test_only_administrators_reach_the_awards_page(persona, request, client, client_as, challenge_2023):
    person = None if persona == "anonymous" else financier() if persona == "financier" \
        else request.getfixturevalue(persona)
    browser = client_as(person) if person else client
    for answer in (browser.get(reverse("challenge:awards-manage")),
                   browser.post(reverse("challenge:awards-action", args=["publish"]))):
        assert answer.status_code == (302 if person is None else 403)
    assert browser.get(reverse("challenge:honours-index")).status_code == 200
