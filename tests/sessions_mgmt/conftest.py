import datetime
from decimal import Decimal

import pytest

from challenge.services import cooperations as cooperation_services
from challenge.services import hot_lists
from challenge.services import solutions as solution_services
from sessions_mgmt.models import SessionDemand
from tests.challenge.conftest import approved_demand, challenge_campaign
from tests.conftest import make_organization, make_user, persona


@pytest.fixture
def sold_deal_2023(db):
    """A contract signed on 2023-07-01 in the challenge, on a demand of the session's collection."""

    def make(session):
        enterprise, expert, admin = persona("enterprise_user"), persona("expert"), persona("admin_user")
        demand = approved_demand(enterprise, expert, title="高镍正极材料包覆工艺")
        hot_list = hot_lists.create_hot_list(actor=admin, campaign=challenge_campaign(), field=demand.field,
                                             title="新能源热门需求", demand_ids=[demand.pk])
        hot_lists.publish_hot_list(actor=admin, hot_list=hot_list)
        SessionDemand.objects.create(session=session, demand=demand)
        solver = make_user("session-solver", make_organization("南京大学", "undergraduate_university", "320106"),
                           ["solver"])
        solution = solution_services.submit_solution(actor=solver, demand=demand, leader="李振华", approach="包覆",
                                                     timeline="12 个月")
        cooperation = solution_services.record_intention(actor=enterprise, solution=solution)
        cooperation = cooperation_services.record_contract(
            actor=enterprise, cooperation=cooperation, contract_number="JS2023-0701",
            contract_amount=Decimal("300000"), signed_on=datetime.date(2023, 7, 1))
        return cooperation.deal

    return make
