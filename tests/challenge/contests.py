"""What the contest tests share: a pair ready for a contest (a published demand answered, an
intention, both sides' disclaimers and consents), a financial institution and its person, and
a contest of the 2023 season."""

import datetime

from challenge.services import consents, disclaimers, hot_lists
from challenge.services import contests as contest_services
from challenge.services import solutions as solution_services
from tests.challenge.conftest import approved_demand, challenge_campaign
from tests.conftest import make_organization, make_user


def accept(*users) -> None:
    for user in users:
        disclaimers.accept(actor=user, version=disclaimers.current().version)


def published_demand(enterprise_user, expert, admin_user, **changes):
    demand = approved_demand(enterprise_user, expert, **changes)
    hot_list = hot_lists.create_hot_list(actor=admin_user, campaign=challenge_campaign(), field=demand.field,
                                         title=f"榜单 {demand.title}", demand_ids=[demand.pk])
    hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    demand.refresh_from_db()
    return demand


def cooperation_of(enterprise_user, solver, demand):
    solution = solution_services.submit_solution(actor=solver, demand=demand, leader="李振华",
                                                 approach="采用原子层沉积包覆，抑制界面副反应。", timeline="12 个月")
    return solution_services.record_intention(actor=enterprise_user, solution=solution)


def ready_pair(enterprise_user, solver, expert, admin_user, **changes):
    """A cooperation whose two sides accepted the disclaimer and consented to a public contest."""
    cooperation = cooperation_of(enterprise_user, solver, published_demand(enterprise_user, expert, admin_user,
                                                                           **changes))
    accept(enterprise_user, solver)
    consents.give(actor=enterprise_user, cooperation=cooperation)
    consents.give(actor=solver, cooperation=cooperation)
    return cooperation


def financier(name: str = "南京紫峰创业投资有限公司", username: str = "financier"):
    institution = make_organization(name, "financial_institution", "320104")
    return make_user(username, institution, ["financier"], name="黄嘉怡")


CONTEST = {"title": "新能源产业专场竞榜", "session_label": "2023年新能源产业专场", "field": None,
           "held_on": datetime.date(2023, 10, 20), "venue": "常州科教城"}


def contest(admin_user, **changes):
    return contest_services.create_contest(actor=admin_user, campaign=challenge_campaign(),
                                           data={**CONTEST, **changes})
