"""The demand side's rows: the public's demand pages and hot lists, the enterprise's own
demands, the experts' diagnosis and the administrator's hot lists."""

from challenge.services import demands as demand_services
from challenge.services import hot_lists
from challenge.services import solutions as solution_services
from tests.challenge.conftest import challenge_campaign, post_demand
from tests.conftest import make_organization, make_user
from tests.permissions.table import (
    DENIED,
    DONE,
    HIDDEN,
    LOGIN,
    OK,
    REFUSED,
    admin_only,
    answers,
    public,
    row,
)

ENTERPRISE_ONLY = answers(LOGIN, signed_in=DENIED, enterprise=OK)
OWN_DEMAND = answers(LOGIN, signed_in=HIDDEN, enterprise=OK, admin=OK)
DIAGNOSERS = answers(LOGIN, signed_in=DENIED, admin=OK, expert=OK)


def build(world) -> None:
    enterprise, expert, admin = world.users["enterprise"], world.users["expert"], world.users["admin"]
    world.demand = post_demand(enterprise, title="草稿需求")
    world.submitted_demand = post_demand(enterprise, title="待诊断需求")
    demand_services.submit(actor=enterprise, demand=world.submitted_demand)
    world.published_demand = post_demand(enterprise, title="已发布需求")
    demand_services.submit(actor=enterprise, demand=world.published_demand)
    demand_services.diagnose(actor=expert, demand=world.published_demand, verdict="approve")
    world.hot_list = hot_lists.create_hot_list(actor=admin, campaign=challenge_campaign(),
                                               field=world.published_demand.field, title="热门需求榜单",
                                               demand_ids=[world.published_demand.pk])
    hot_lists.publish_hot_list(actor=admin, hot_list=world.hot_list)
    # A solver of a unit none of the table's people belongs to: its solution is the two sides' secret.
    solver = make_user("table-solver", make_organization("苏州大学", "undergraduate_university", "320508"), ["solver"])
    world.solution = solution_services.submit_solution(actor=solver, demand=world.published_demand, leader="李振华",
                                                       approach="原子层沉积包覆", timeline="12 个月")


ROWS = [
    row("published demands", "GET", ("challenge:demands",), public()),
    row("published demands searched", "GET", ("challenge:demands",), public(), query="q=%E9%9C%80%E6%B1%82"),
    row("a published demand", "GET", ("challenge:demand", "@published_demand"), public()),
    row("a draft demand at the public address", "GET", ("challenge:demand", "@demand"), public(HIDDEN)),
    row("a published hot list", "GET", ("challenge:hot-list", "@hot_list"), public()),
    row("own demands", "GET", ("challenge:mine",), ENTERPRISE_ONLY),
    row("a new demand's form", "GET", ("challenge:demand-create",), ENTERPRISE_ONLY),
    row("a new demand without its required fields", "POST", ("challenge:demand-create",),
        answers(LOGIN, signed_in=DENIED, enterprise=REFUSED), data={"title": "无金额需求"}),
    row("an own demand", "GET", ("challenge:demand-mine-detail", "@demand"), OWN_DEMAND),
    row("an own demand's form", "GET", ("challenge:demand-edit", "@demand"), OWN_DEMAND),
    row("a draft demand submitted", "POST", ("challenge:demand-submit", "@demand"),
        answers(LOGIN, signed_in=HIDDEN, enterprise=DONE, admin=DONE)),
    row("a demand withdrawn without a reason", "POST", ("challenge:demand-withdraw", "@demand"),
        answers(LOGIN, signed_in=HIDDEN, enterprise=REFUSED, admin=REFUSED)),
    row("demands to diagnose", "GET", ("challenge:diagnosis-queue",), DIAGNOSERS),
    row("a demand's diagnosis", "GET", ("challenge:diagnose", "@submitted_demand"), DIAGNOSERS),
    row("a demand returned without a comment", "POST", ("challenge:diagnose", "@submitted_demand"),
        answers(LOGIN, signed_in=DENIED, admin=REFUSED, expert=REFUSED), data={"verdict": "revise"}),
    row("hot lists", "GET", ("challenge:hot-lists",), admin_only()),
    row("push coverage", "GET", ("challenge:push-coverage",), admin_only()),
    row("a published demand's answer form", "GET", ("challenge:solve", "@published_demand"),
        answers(LOGIN, signed_in=DENIED)),  # solvers only, and the table has none
    row("own solutions", "GET", ("challenge:my-solutions",), answers(LOGIN, signed_in=DENIED)),
    row("a solution", "GET", ("challenge:solution", "@solution"),
        answers(LOGIN, signed_in=HIDDEN, admin=OK, enterprise=OK)),
    row("a solution shortlisted", "POST", ("challenge:solution-action", "@solution", "shortlist"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, enterprise=DONE)),
    row("a hot list without demands", "POST", ("challenge:hot-lists",), admin_only(REFUSED), data={"title": "空榜单"}),
    row("a published hot list published again", "POST", ("challenge:hot-list-publish", "@hot_list"),
        admin_only(REFUSED)),
]
