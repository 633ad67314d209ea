"""Solutions (揭榜): a solver answers a published demand; only the enterprise, the solver's side
and the administrators see it; the enterprise asks, shortlists and records an intention, which
opens a cooperation in the project library and puts the demand in cooperation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from challenge.models import Cooperation, Solution
from challenge.services import demands as demand_services
from challenge.services import hot_lists
from challenge.services import solutions as solution_services
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.models import AuditEntry, Notification
from tests.challenge.conftest import post_demand
from tests.conftest import make_organization, make_user


@pytest.fixture
def published(enterprise_user, expert, admin_user, challenge_2023):
    demand = post_demand(enterprise_user, targets=[{"indicator": "循环寿命", "value": "2000", "unit": "次"}])
    demand_services.submit(actor=enterprise_user, demand=demand)
    demand_services.diagnose(actor=expert, demand=demand, verdict="approve")
    hot_list = hot_lists.create_hot_list(actor=admin_user, campaign=challenge_2023, field=demand.field, title="榜单",
                                         demand_ids=[demand.pk])
    hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    demand.refresh_from_db()
    return demand


def _answer(solver, demand, **changes):
    data = {"leader": "李振华", "approach": "采用原子层沉积包覆，抑制界面副反应。", "timeline": "12 个月，分两期",
            "promises": [{"indicator": "循环寿命", "value": "2500", "unit": "次"}]}
    data.update(changes)
    return solution_services.submit_solution(actor=solver, demand=demand, **data)


def test_a_solver_answers_in_the_browser_and_the_enterprise_is_told(client_as, solver, enterprise_user, published):
    client = client_as(solver)
    page = client.get(reverse("challenge:demand", args=[published.pk])).text
    assert reverse("challenge:solve", args=[published.pk]) in page
    form = client.get(reverse("challenge:solve", args=[published.pk])).text
    assert "要求：2000次" in form  # the demand's targets, to promise against
    refused = client.post(reverse("challenge:solve", args=[published.pk]), {"leader": "李振华"})
    assert refused.status_code == 200 and not Solution.objects.exists()
    answer = client.post(reverse("challenge:solve", args=[published.pk]), {
        "leader": "李振华", "members": "王磊、赵敏", "approach": "原子层沉积包覆", "timeline": "12 个月", "budget": "80",
        "promises-0-indicator": "循环寿命", "promises-0-value": "2500", "promises-0-unit": "次"})
    solution = Solution.objects.get()
    assert answer.status_code == 302 and solution.budget == 800000 and solution.promises[0]["value"] == "2500"
    assert Notification.objects.filter(recipient=enterprise_user, kind="challenge.solution.submitted").exists()
    assert AuditEntry.objects.filter(action="challenge.solution.submitted", object_id=str(solution.pk)).exists()
    mine = client_as(enterprise_user).get(reverse("challenge:demand-mine-detail", args=[published.pk])).text
    assert solver.organization.name in mine


def test_one_live_solution_per_solver_and_only_on_a_published_demand(solver, enterprise_user, published,
                                                                      challenge_2023):
    first = _answer(solver, published)
    with pytest.raises(DomainError) as again:
        _answer(solver, published)
    assert again.value.code == "already_answered"
    solution_services.withdraw_solution(actor=solver, solution=first)
    _answer(solver, published)  # withdrawn, it may answer again
    draft = post_demand(enterprise_user, title="草稿")
    with pytest.raises(DomainError):
        _answer(solver, draft)
    with pytest.raises(ValidationError) as incomplete:
        _answer(solver, published, leader="", promises=[{"indicator": "循环寿命"}])
    assert {"leader", "promises"} <= set(incomplete.value.message_dict)
    with pytest.raises(NotAllowed):
        _answer(enterprise_user, published)


def test_only_the_two_sides_and_administrators_see_a_solution(client, client_as, solver, enterprise_user, admin_user,
                                                              expert, published):
    solution = _answer(solver, published)
    url = reverse("challenge:solution", args=[solution.pk])
    for user in (solver, enterprise_user, admin_user):
        assert client_as(user).get(url).status_code == 200
    elsewhere = make_organization("南京大学", "undergraduate_university", "320106")
    stranger, other_liaison = (make_user(name, elsewhere, [role]) for name, role in (
        ("other-solver", "solver"), ("other-liaison", "liaison")))
    for user in (expert, other_liaison, stranger):
        assert client_as(user).get(url).status_code == 404
    visitor = Client()
    assert visitor.get(url).status_code == 302  # to sign in
    assert "原子层沉积包覆" not in visitor.get(reverse("challenge:demand", args=[published.pk])).text


def test_the_enterprise_asks_shortlists_and_records_an_intention(client_as, solver, enterprise_user, published,
                                                                 challenge_2023):
    solution = _answer(solver, published)
    client = client_as(enterprise_user)
    client.post(reverse("challenge:solution", args=[solution.pk]), {"body": "中试规模能否达到 100 吨？"})
    assert Notification.objects.filter(recipient=solver, kind="challenge.solution.message").exists()
    solver_client = Client()
    solver_client.force_login(solver)
    solver_client.post(reverse("challenge:solution", args=[solution.pk]), {"body": "可以，第二期完成。"})
    assert solution.messages.count() == 2
    with pytest.raises(NotAllowed):
        solution_services.shortlist(actor=solver, solution=solution)
    client.post(reverse("challenge:solution-action", args=[solution.pk, "shortlist"]))
    answer = client.post(reverse("challenge:solution-action", args=[solution.pk, "intention"]), follow=True)
    assert "已完成" in answer.text, answer.text[answer.text.find("alert"):][:300]
    solution.refresh_from_db()
    published.refresh_from_db()
    cooperation = Cooperation.objects.get()
    assert (solution.status, published.status, cooperation.stage) == ("intention", "in_cooperation", "intention")
    assert cooperation.next_follow_up_on == timezone.localdate() + datetime.timedelta(days=90)
    with pytest.raises(InvalidTransition):
        solution_services.decline(actor=enterprise_user, solution=solution)
    assert client.post(reverse("challenge:solution-action", args=[solution.pk, "explode"])).status_code == 404


def test_control_characters_in_free_text_are_refused_or_dropped_never_a_500(client_as, solver, enterprise_user,
                                                                           published):
    solution = _answer(solver, published)
    client = client_as(enterprise_user)
    answer = client.post(reverse("challenge:solution", args=[solution.pk]), {"body": "中试\x00规模"}, follow=True)
    assert answer.status_code == 200 and solution.messages.get().body == "中试规模"
    mine = client.post(reverse("challenge:demand-withdraw", args=[published.pk]), {"reason": "\x00"}, follow=True)
    assert mine.status_code == 200
    published.refresh_from_db()
    assert published.status == "published"  # a reason of nothing but a NUL is no reason


def test_the_funnel_counts_each_step_by_field_and_by_city_and_exports(client_as, admin_user, solver, enterprise_user,
                                                                      published, challenge_2023):
    from io import BytesIO

    from openpyxl import load_workbook

    from challenge import selectors

    post_demand(enterprise_user, title="草稿不计入")
    submitted = post_demand(enterprise_user, title="已提交")
    demand_services.submit(actor=enterprise_user, demand=submitted)
    solution_services.record_intention(actor=enterprise_user, solution=_answer(solver, published))
    (row, total) = selectors.funnel(challenge_2023, "field")
    assert (row["group"], total["group"]) == ("新能源", None)
    assert [row[step] for step in selectors.FUNNEL_STEPS] == [2, 1, 1, 1, 1, 0]
    city = selectors.funnel(challenge_2023, "city")[0]["group"]
    assert city == enterprise_user.organization.region.name or city.endswith("市")
    client = client_as(admin_user)
    assert "新能源" in client.get(reverse("challenge:funnel")).text
    book = load_workbook(BytesIO(client.get(reverse("challenge:funnel"), {"format": "xlsx"}).content))
    rows = list(book.active.values)
    assert rows[0][0] == "产业领域" and rows[1][:3] == ("新能源", 2, 1) and rows[-1][0] == "合计"
