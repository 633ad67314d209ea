"""The demand side's rows: the public's demand pages and hot lists, the enterprise's own
demands, the collectors' 需求征集表 imports, the experts' diagnosis and the administrator's
hot lists."""

from django.core.files.uploadedfile import SimpleUploadedFile

from challenge.choices import DEMAND_IMPORT
from challenge.services import demands as demand_services
from challenge.services import hot_lists
from jbgs.services.imports import run_import, start_import
from tests.challenge import spreadsheets
from tests.challenge.conftest import challenge_campaign, post_demand
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
    signed_in,
)

ENTERPRISE_ONLY = answers(LOGIN, signed_in=DENIED, enterprise=OK)
OWN_DEMAND = answers(LOGIN, signed_in=HIDDEN, enterprise=OK, admin=OK)
DIAGNOSERS = answers(LOGIN, signed_in=DENIED, admin=OK, expert=OK)
# Who collects enterprises' demands: a local authority (organizer), a technology manager, administrators.
COLLECTORS = answers(LOGIN, signed_in=DENIED, admin=OK, organizer=OK, manager=OK)


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
    sheet = spreadsheets.xlsx(spreadsheets.table([(spreadsheets.row(1, "缺金额的需求", amount=""), "意向投入金额（万元）")]))
    world.demand_job = start_import(kind=DEMAND_IMPORT, target_id=challenge_campaign().pk, actor=world.users["organizer"],
                                    upload=SimpleUploadedFile("需求征集表.xlsx", sheet))
    run_import(world.demand_job.pk)  # here rather than after the commit that never comes in a test


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
    row("demands I collected", "GET", ("challenge:collected",), COLLECTORS),
    row("the demand import page", "GET", ("challenge:demand-import",), COLLECTORS),
    row("a demand import without a file", "POST", ("challenge:demand-import",),
        answers(LOGIN, signed_in=DENIED, admin=REFUSED, organizer=REFUSED, manager=REFUSED)),
    row("a demand import's page", "GET", ("challenge:demand-import-job", "@demand_job"),
        answers(LOGIN, signed_in=DENIED, admin=OK, organizer=OK)),
    row("the blank 需求征集表", "GET", ("challenge:demand-form",), signed_in()),
    row("demands to diagnose", "GET", ("challenge:diagnosis-queue",), DIAGNOSERS),
    row("a demand's diagnosis", "GET", ("challenge:diagnose", "@submitted_demand"), DIAGNOSERS),
    row("a demand returned without a comment", "POST", ("challenge:diagnose", "@submitted_demand"),
        answers(LOGIN, signed_in=DENIED, admin=REFUSED, expert=REFUSED), data={"verdict": "revise"}),
    row("hot lists", "GET", ("challenge:hot-lists",), admin_only()),
    row("a hot list without demands", "POST", ("challenge:hot-lists",), admin_only(REFUSED), data={"title": "空榜单"}),
    row("a published hot list published again", "POST", ("challenge:hot-list-publish", "@hot_list"),
        admin_only(REFUSED)),
]
