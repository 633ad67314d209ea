"""Contests (竞榜): an administrator creates a contest, adds the pairs whose two sides consented
and accepted the disclaimer, invites experts and financial institutions, publishes it (the
consents then hold) and marks it held; the experts mark the pairs on the year's criteria while
it is published; the institutions record their interest. Refusals name their field and
write nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from challenge.models import (
    ChallengeRules,
    Contest,
    ContestInterest,
    ContestPair,
    ContestScore,
    Nomination,
)
from challenge.services import consents, contest_reviews, disclaimers
from challenge.services import contests as contest_services
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.models import AuditEntry, IndustryField, Notification
from tests.challenge.conftest import challenge_campaign
from tests.challenge.contests import (
    CONTEST,
    accept,
    contest,
    cooperation_of,
    financier,
    published_demand,
    ready_pair,
)

MARKS = {"advancement": 80, "feasibility": 80, "fit": 80, "economic_benefit": 80, "industry_driving": 80}


@pytest.fixture
def pair_ready(enterprise_user, solver, expert, admin_user, challenge_2023):
    return ready_pair(enterprise_user, solver, expert, admin_user)


@pytest.fixture
def draft(admin_user, challenge_2023):
    return contest(admin_user)


@pytest.fixture
def announced(admin_user, expert, draft, pair_ready):
    """A published contest with the ready pair, the expert (who accepted the disclaimer) and an
    institution invited."""
    accept(expert)
    contest_services.add_pair(actor=admin_user, contest=draft, cooperation=pair_ready)
    contest_services.invite_expert(actor=admin_user, contest=draft, expert=expert)
    contest_services.invite_institution(actor=admin_user, contest=draft, organization=financier().organization)
    return contest_services.publish(actor=admin_user, contest=draft)


def test_a_contest_is_created_with_each_refusal_beside_its_field(client_as, admin_user, outsider, challenge_2023):
    other_year = IndustryField.objects.get(year=2022, code="new_energy")
    with pytest.raises(ValidationError) as refused:
        contest(admin_user, title=" ", venue="", held_on=None, field=other_year)
    assert set(refused.value.error_dict) == {"title", "venue", "held_on", "field"}
    with pytest.raises(NotAllowed):
        contest(outsider)
    assert not Contest.objects.exists() and not AuditEntry.objects.filter(action="challenge.contest.created").exists()
    client = client_as(admin_user)
    page = client.post(reverse("challenge:contests-manage"), {"title": "新能源产业专场竞榜", "venue": ""})
    assert page.status_code == 200 and page.context["form"].errors.keys() >= {"venue", "held_on"}
    made = client.post(reverse("challenge:contests-manage"), {
        "title": "新能源产业专场竞榜", "session_label": "新能源产业专场", "held_on": "2023.10.20", "venue": "常州科教城",
        "field": IndustryField.objects.get(year=2023, code="new_energy").pk})
    created = Contest.objects.get()
    assert made["Location"] == reverse("challenge:contest-manage", args=[created.pk])
    assert (created.status, created.held_on, created.field.code) == ("draft", datetime.date(2023, 10, 20), "new_energy")


def test_a_pair_needs_both_consents_and_both_disclaimers(admin_user, enterprise_user, solver, expert, draft):
    cooperation = cooperation_of(enterprise_user, solver, published_demand(enterprise_user, expert, admin_user))

    def refusal():
        with pytest.raises(DomainError) as refused:
            contest_services.add_pair(actor=admin_user, contest=draft, cooperation=cooperation)
        assert refused.value.field == "cooperation" and not ContestPair.objects.exists()
        return refused.value.message

    assert refusal() == "需求方（企业）尚未同意参加公开赛事。"
    accept(enterprise_user, solver)
    consents.give(actor=enterprise_user, cooperation=cooperation)
    assert refusal() == "技术供给方（揭榜方）尚未同意参加公开赛事。"
    consents.give(actor=solver, cooperation=cooperation)
    disclaimers.publish(actor=admin_user, version="2024", text="新版")
    assert refusal() == "需求方（企业）尚未确认现行《免责声明》。"
    accept(enterprise_user, solver)
    pair = contest_services.add_pair(actor=admin_user, contest=draft, cooperation=cooperation)
    assert (pair.position, pair.added_by) == (1, admin_user)
    with pytest.raises(DomainError) as twice:
        contest_services.add_pair(actor=admin_user, contest=draft, cooperation=cooperation)
    assert twice.value.code == "pair_taken"
    with pytest.raises(NotAllowed):
        contest_services.add_pair(actor=enterprise_user, contest=draft, cooperation=cooperation)


def test_a_pair_of_another_years_season_is_refused(admin_user, pair_ready):
    other = contest_services.create_contest(actor=admin_user, campaign=challenge_campaign(2022), data=CONTEST)
    with pytest.raises(DomainError) as refused:
        contest_services.add_pair(actor=admin_user, contest=other, cooperation=pair_ready)
    assert "其他年度" in refused.value.message


def test_publishing_checks_every_pair_again_and_then_the_consents_hold(admin_user, enterprise_user, solver, expert,
                                                                      draft, pair_ready):
    with pytest.raises(DomainError) as empty:
        contest_services.publish(actor=admin_user, contest=draft)
    assert empty.value.code == "no_pairs"
    contest_services.add_pair(actor=admin_user, contest=draft, cooperation=pair_ready)
    contest_services.invite_expert(actor=admin_user, contest=draft, expert=expert)
    consents.withdraw(actor=solver, cooperation=pair_ready)  # a draft does not hold it
    with pytest.raises(DomainError) as refused:
        contest_services.publish(actor=admin_user, contest=draft)
    assert refused.value.code == "pair_not_ready" and pair_ready.demand.number in refused.value.message
    draft.refresh_from_db()
    assert draft.status == "draft"
    consents.give(actor=solver, cooperation=pair_ready)
    contest_services.publish(actor=admin_user, contest=draft)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    for person, kind in ((solver, "challenge.contest.published"), (enterprise_user, "challenge.contest.published"),
                         (expert, "challenge.contest.invited")):
        assert Notification.objects.filter(recipient=person, kind=kind).exists()
    with pytest.raises(DomainError) as holds:
        consents.withdraw(actor=enterprise_user, cooperation=pair_ready)
    assert holds.value.code == "contest_published"
    with pytest.raises(InvalidTransition):
        contest_services.remove_pair(actor=admin_user, pair=draft.pairs.get())
    with pytest.raises(InvalidTransition):
        contest_services.publish(actor=admin_user, contest=draft)
    assert AuditEntry.objects.filter(action="challenge.contest.published", to_state="published").count() == 1


def test_a_contest_is_marked_held_on_its_date_or_later(admin_user, announced):
    before = datetime.datetime.combine(announced.held_on - datetime.timedelta(days=1), datetime.time(12),
                                       tzinfo=timezone.get_current_timezone())
    with pytest.raises(DomainError) as early:
        contest_services.mark_held(actor=admin_user, contest=announced, now=before)
    assert early.value.code == "not_yet"
    contest_services.mark_held(actor=admin_user, contest=announced)
    announced.refresh_from_db()
    assert announced.status == "held" and announced.held_at is not None
    with pytest.raises(InvalidTransition):
        contest_services.update_contest(actor=admin_user, contest=announced, data=CONTEST)


def test_experts_mark_the_pairs_on_the_years_criteria_while_the_contest_is_published(admin_user, expert, announced):
    pair = announced.pairs.get()
    for marks in ({"advancement": 80}, {**MARKS, "fit": 101}, {**MARKS, "fit": "很好"}, {**MARKS, "extra": 5}):
        with pytest.raises(DomainError) as refused:
            contest_reviews.score(actor=expert, pair=pair, marks=marks)
        assert refused.value.field == "scores"
    with pytest.raises(DomainError) as long:
        contest_reviews.score(actor=expert, pair=pair, marks=MARKS, comment="长" * 2001)
    assert long.value.field == "comment" and not ContestScore.objects.exists()
    score = contest_reviews.score(actor=expert, pair=pair, marks={**MARKS, "advancement": 100}, comment="方案可行")
    assert str(score.total) == "85.00"  # 100×25% + 80×75%
    contest_reviews.score(actor=expert, pair=pair, marks=MARKS, comment="再议")
    assert ContestScore.objects.get().total == 80 and AuditEntry.objects.filter(action="challenge.contest.scored").count() == 2
    contest_services.mark_held(actor=admin_user, contest=announced)
    with pytest.raises(DomainError) as closed:
        contest_reviews.score(actor=expert, pair=pair, marks=MARKS)
    assert closed.value.code == "not_scoring"


def test_only_invited_experts_who_accepted_the_disclaimer_mark(admin_user, solver, announced):
    from tests.conftest import make_user

    pair = announced.pairs.get()
    uninvited = make_user("expert-2", None, ["expert"])
    accept(uninvited)
    with pytest.raises(NotAllowed):
        contest_reviews.score(actor=uninvited, pair=pair, marks=MARKS)
    with pytest.raises(NotAllowed):
        contest_reviews.score(actor=solver, pair=pair, marks=MARKS)
    contest_services.invite_expert(actor=admin_user, contest=announced, expert=uninvited)
    later = timezone.now() + datetime.timedelta(seconds=1)
    disclaimers.publish(actor=admin_user, version="2024", text="新版", now=later)
    with pytest.raises(disclaimers.DisclaimerRequired):
        contest_reviews.score(actor=uninvited, pair=pair, marks=MARKS, now=later)
    with pytest.raises(DomainError) as not_expert:
        contest_services.invite_expert(actor=admin_user, contest=announced, expert=solver)
    assert not_expert.value.field == "expert"


def test_the_years_contest_criteria_are_its_own(admin_user, expert, announced):
    rules = ChallengeRules.of(challenge_campaign())
    rules.contest_criteria = [{"code": "overall", "label": "综合评价", "weight": 100}]
    rules.full_clean()
    rules.save()
    pair = ContestPair.objects.get(pk=announced.pairs.get().pk)
    with pytest.raises(DomainError):
        contest_reviews.score(actor=expert, pair=pair, marks=MARKS)
    assert contest_reviews.score(actor=expert, pair=pair, marks={"overall": 77}).total == 77
    rules.contest_criteria = [{"code": "a", "label": "甲", "weight": 60}]
    with pytest.raises(ValidationError) as refused:
        rules.full_clean()
    assert "contest_criteria" in refused.value.error_dict


def test_an_invited_institution_records_and_withdraws_its_interest(client_as, enterprise_user, solver, announced):
    person = announced.institutions.get().organization.members.get()
    pair = announced.pairs.get()
    outsider_bank = financier("江苏恒润科技融资担保有限公司", "financier-2")
    with pytest.raises(NotAllowed):
        contest_reviews.record_interest(actor=outsider_bank, pair=pair)
    with pytest.raises(DomainError) as long:
        contest_reviews.record_interest(actor=person, pair=pair, note="长" * 501)
    assert long.value.field == "note" and not ContestInterest.objects.exists()
    client = client_as(person)
    url = reverse("challenge:contest-pair-interest", args=[pair.pk])
    assert client.post(url, {"action": "record", "note": "可提供知识产权质押贷款"})["Location"] == reverse(
        "challenge:contest-room", args=[announced.pk])
    interest = ContestInterest.objects.get()
    assert (interest.organization, interest.recorded_by, interest.note) == (person.organization, person, "可提供知识产权质押贷款")
    for side in (enterprise_user, solver):
        assert Notification.objects.filter(recipient=side, kind="challenge.contest.interest").exists()
    assert "可提供知识产权质押贷款" in client.get(reverse("challenge:contest-room", args=[announced.pk])).text
    side = client_as(enterprise_user).get(reverse("challenge:solution", args=[pair.cooperation.solution_id])).text
    assert "可提供知识产权质押贷款" in side and "同意不可撤回" in side and 'value="withdraw"' not in side
    client = client_as(person)
    client.post(url, {"action": "withdraw"})
    assert not ContestInterest.objects.exists()
    assert AuditEntry.objects.filter(action="challenge.contest.interest_withdrawn", actor=person).exists()


def test_an_institution_must_be_a_financial_one(admin_user, draft, enterprise_user):
    with pytest.raises(DomainError) as refused:
        contest_services.invite_institution(actor=admin_user, contest=draft, organization=enterprise_user.organization)
    assert refused.value.field == "organization"


def test_the_administrator_runs_a_contest_from_its_page(client_as, admin_user, expert, draft, pair_ready):
    accept(expert)
    client = client_as(admin_user)
    page = client.get(reverse("challenge:contest-manage", args=[draft.pk])).text
    assert pair_ready.demand.title in page and "添加" in page
    action = lambda name, **data: client.post(reverse("challenge:contest-action", args=[draft.pk, name]), data)  # noqa: E731
    action("add-pair", cooperation=pair_ready.pk)
    action("invite-expert", expert=expert.pk)
    action("invite-institution", organization=financier().organization_id)
    assert action("publish").status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.pairs.count(), draft.experts.count(), draft.institutions.count()) == (
        "published", 1, 1, 1)
    contest_reviews.score(actor=expert, pair=draft.pairs.get(), marks=MARKS, comment="建议补充中试数据")
    page = client.get(reverse("challenge:contest-manage", args=[draft.pk])).text
    assert "建议补充中试数据" in page and "80.00" in page  # the administrators see every expert's marks
    action("hold")
    draft.refresh_from_db()
    assert draft.status == "held"


def test_the_demo_has_a_held_an_upcoming_and_a_draft_contest(db, client):
    from django.core.management import call_command

    call_command("seed_demo")
    held, upcoming, draft = (Contest.objects.get(status=status) for status in ("held", "published", "draft"))
    assert held.pairs.count() == 2 and ContestScore.objects.filter(pair__contest=held).count() == 4
    assert ContestInterest.objects.filter(pair__contest=held).exists()
    assert upcoming.experts.filter(expert__username="expert").exists() and upcoming.institutions.exists()
    assert "位专家" in client.get(reverse("challenge:contest", args=[held.pk])).text
    assert not draft.pairs.exists()
    assert Nomination.objects.filter(contest_pair__contest=held).count() == 1
