"""The demand side's rows: the public's demand pages and hot lists, the enterprise's own
demands, the experts' diagnosis and the administrator's hot lists; its API under
/api/v1/challenge/.

A demand that is not public is not found for anyone but its enterprise's unit and the
administrators, on pages as in the API; a public one of others may be read (its public
answer) but not changed (403). A draft hot list is the administrators' alone. The collectors'
需求征集表 imports are theirs. A cooperation's contract is recorded by its enterprise, its
responsible manager and the administrators, and becomes a deal of the auction's without a lot."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from challenge.choices import DEMAND_IMPORT
from challenge.services import attachments as attachment_services
from challenge.services import consents as consent_services
from challenge.services import contests as contest_services
from challenge.services import cooperations as cooperation_services
from challenge.services import demands as demand_services
from challenge.services import details as detail_services
from challenge.services import disclaimers as disclaimer_services
from challenge.services import hot_lists
from challenge.services import solutions as solution_services
from jbgs.services.imports import run_import, start_import
from tests.challenge import spreadsheets
from tests.challenge.conftest import api_demand, approved_demand, challenge_campaign, post_demand
from tests.challenge.contests import contest, financier
from tests.conftest import make_organization, make_user
from tests.permissions.table import (
    AUTH,
    CREATED,
    DENIED,
    DONE,
    HIDDEN,
    LOGIN,
    OK,
    REFUSED,
    admin_only,
    answers,
    api_admin_only,
    api_row,
    api_signed_in,
    public,
    row,
    signed_in,
)

ENTERPRISE_ONLY = answers(LOGIN, signed_in=DENIED, enterprise=OK)
OWN_DEMAND = answers(LOGIN, signed_in=HIDDEN, enterprise=OK, admin=OK)
DIAGNOSERS = answers(LOGIN, signed_in=DENIED, admin=OK, expert=OK)
# Who collects enterprises' demands: a local authority (organizer), a technology manager, administrators.
COLLECTORS = answers(LOGIN, signed_in=DENIED, admin=OK, organizer=OK, manager=OK)
MATCHED = answers(LOGIN, signed_in=DENIED, liaison=OK, other_liaison=OK, expert=OK)


def build(world) -> None:
    enterprise, expert, admin = world.users["enterprise"], world.users["expert"], world.users["admin"]
    world.demand = post_demand(enterprise, title="草稿需求")
    world.submitted_demand = post_demand(enterprise, title="待诊断需求")
    demand_services.submit(actor=enterprise, demand=world.submitted_demand)
    world.published_demand = approved_demand(enterprise, expert, title="已发布需求")
    world.hot_list = hot_lists.create_hot_list(actor=admin, campaign=challenge_campaign(),
                                               field=world.published_demand.field, title="热门需求榜单",
                                               demand_ids=[world.published_demand.pk])
    hot_lists.publish_hot_list(actor=admin, hot_list=world.hot_list)
    # A solver of a unit none of the table's people belongs to: its solution is the two sides' secret.
    solver = make_user("table-solver", make_organization("苏州大学", "undergraduate_university", "320508"), ["solver"])
    world.detail_request = detail_services.request_details(actor=solver, demand=world.published_demand,
                                                           message="评估可行性")  # the contact is hidden
    world.solution = solution_services.submit_solution(actor=solver, demand=world.published_demand, leader="李振华",
                                                       approach="原子层沉积包覆", timeline="12 个月")
    world.solution_file = attachment_services.add_solution_file(
        actor=solver, solution=world.solution, upload=SimpleUploadedFile("技术方案.pdf", b"%PDF-1.4\n%%EOF\n"))
    world.demand_file = attachment_services.add_demand_file(
        actor=enterprise, demand=world.demand, upload=SimpleUploadedFile("图纸.pdf", b"%PDF-1.4\n%%EOF\n"))
    other = solution_services.submit_solution(
        actor=make_user("table-solver-2", make_organization("江南大学", "undergraduate_university", "320211"),
                        ["solver"]), demand=world.published_demand, leader="王磊", approach="酶法改性", timeline="6 个月")
    # The seller unit's solver answers too: its contract is a deal the unit's liaison sees.
    contracted = solution_services.submit_solution(
        actor=make_user("table-solver-3", world.seller_org, ["solver"]), demand=world.published_demand,
        leader="沈立", approach="纳米涂层", timeline="9 个月")
    world.cooperation = solution_services.record_intention(actor=enterprise, solution=other)
    world.contracted = solution_services.record_intention(actor=enterprise, solution=contracted)
    cooperation_services.assign_manager(actor=admin, cooperation=world.contracted, manager=world.users["manager"])
    world.contracted = cooperation_services.record_contract(
        actor=enterprise, cooperation=world.contracted, contract_number="JS2023-0815",
        contract_amount=Decimal("350000"), signed_on=datetime.date(2023, 6, 1))
    world.challenge_deal = world.contracted.deal
    _contests(world, other.solver)
    sheet = spreadsheets.xlsx(spreadsheets.table([(spreadsheets.row(1, "缺金额的需求", amount=""), "意向投入金额（万元）")]))
    world.demand_job = start_import(kind=DEMAND_IMPORT, target_id=challenge_campaign().pk, actor=world.users["organizer"],
                                    upload=SimpleUploadedFile("需求征集表.xlsx", sheet))
    run_import(world.demand_job.pk)  # here rather than after the commit that never comes in a test

    world.approved_demand = approved_demand(enterprise, expert, title="已通过诊断需求")
    world.draft_hot_list = hot_lists.create_hot_list(actor=admin, campaign=challenge_campaign(),
                                                     field=world.approved_demand.field, title="待发布榜单",
                                                     demand_ids=[world.approved_demand.pk])

def _contests(world, pair_solver) -> None:
    """A published contest showing the world's cooperation (both sides consented and accepted
    the disclaimer), with the table's expert and a financial institution invited; a draft."""
    admin, expert = world.users["admin"], world.users["expert"]
    for person in (world.users["enterprise"], pair_solver, expert):
        disclaimer_services.accept(actor=person, version=disclaimer_services.current().version)
    consent_services.give(actor=world.users["enterprise"], cooperation=world.cooperation)
    consent_services.give(actor=pair_solver, cooperation=world.cooperation)
    world.draft_contest = contest(admin, title="草稿竞榜")
    announced = contest(admin)
    world.contest_pair = contest_services.add_pair(actor=admin, contest=announced, cooperation=world.cooperation)
    contest_services.invite_expert(actor=admin, contest=announced, expert=expert)
    contest_services.invite_institution(actor=admin, contest=announced, organization=financier().organization)
    world.contest = contest_services.publish(actor=admin, contest=announced)


# Who is invited to the world's contest: its expert; the financial institution's person is not
# one of the table's roles (tests.challenge.test_contest_pages checks that persona).
INVITED_EXPERT = answers(LOGIN, signed_in=DENIED, expert=OK)
PAGES = [
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
    row("push coverage", "GET", ("challenge:push-coverage",), admin_only()),
    row("the demand funnel", "GET", ("challenge:funnel",), admin_only()),
    row("hidden details asked for without a reason", "POST", ("challenge:details-request", "@published_demand"),
        answers(LOGIN, signed_in=REFUSED)),  # no role in the table is a solver: refused by the service
    row("a request for hidden details decided", "POST", ("challenge:details-decide", "@detail_request"),
        answers(LOGIN, signed_in=HIDDEN, enterprise=DONE, admin=REFUSED), data={"grant": "1"}),
    row("the project library", "GET", ("challenge:cooperations",),
        answers(LOGIN, signed_in=DENIED, admin=OK, manager=OK, organizer=OK)),
    row("a cooperation", "GET", ("challenge:cooperation", "@cooperation"), answers(LOGIN, signed_in=HIDDEN, admin=OK)),
    # A pair's contract: the enterprise, the responsible manager (the table's follows @contracted) and
    # administrators record it; it is a deal of the auction's, without a lot, its seller unit's too.
    row("a cooperation's contract", "GET", ("challenge:cooperation-contract", "@contracted"),
        answers(LOGIN, signed_in=HIDDEN, admin=OK, enterprise=OK, manager=OK)),
    row("a cooperation's contract recorded", "POST", ("challenge:cooperation-contract", "@cooperation"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, enterprise=DONE),
        data={"contract_number": "JS2023-0901", "contract_amount": "35", "signed_on": "2023-06-01"}),
    row("a cooperation's contract recorded without its amount", "POST",
        ("challenge:cooperation-contract", "@cooperation"), answers(LOGIN, signed_in=HIDDEN, admin=REFUSED,
                                                                    enterprise=REFUSED),
        data={"contract_number": "JS2023-0901", "signed_on": "2023-06-01"}),
    row("a contract's registration without its date", "POST", ("challenge:cooperation-contract", "@contracted"),
        answers(LOGIN, signed_in=HIDDEN, admin=REFUSED, enterprise=REFUSED, manager=REFUSED),
        data={"registration_number": "3201062023000123"}),
    row("a challenge contract's deal", "GET", ("auction:deal", "@challenge_deal"),
        answers(LOGIN, signed_in=DENIED, admin=OK, liaison=OK)),
    row("a challenge contract's deal confirmation", "GET", ("auction:deal-confirmation", "@challenge_deal"),
        answers(LOGIN, signed_in=HIDDEN)),  # a contract of the challenge has no 成交确认书
    row("deals in Excel", "GET", ("auction:deals",), signed_in(), query="format=xlsx"),
    row("the demand funnel by city in Excel", "GET", ("challenge:funnel",), admin_only(),
        query="by=city&format=xlsx"),
    row("a published demand's answer form", "GET", ("challenge:solve", "@published_demand"),
        answers(LOGIN, signed_in=DENIED)),  # solvers only, and the table has none
    row("own solutions", "GET", ("challenge:my-solutions",), answers(LOGIN, signed_in=DENIED)),
    row("a solution", "GET", ("challenge:solution", "@solution"),
        answers(LOGIN, signed_in=HIDDEN, admin=OK, enterprise=OK)),
    row("a solution shortlisted", "POST", ("challenge:solution-action", "@solution", "shortlist"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, enterprise=DONE)),
    # Matching: the demands matched to a university's liaisons and solvers, and to experts.
    row("demands matched to me", "GET", ("challenge:matches",), MATCHED),
    row("demands a catalogue item could answer", "GET", ("challenge:item-demands", "@item"), MATCHED),
    row("a draft item's demands", "GET", ("challenge:item-demands", "@draft_list_item"),
        answers(LOGIN, signed_in=DENIED, liaison=HIDDEN, other_liaison=HIDDEN, expert=HIDDEN)),
    row("the matching profile", "GET", ("challenge:solver-profile",), MATCHED),
    row("a matching profile saved too long", "POST", ("challenge:solver-profile",),
        answers(LOGIN, signed_in=DENIED, liaison=REFUSED, other_liaison=REFUSED),  # the expert keeps no unit's
        data={"which": "unit", "unit-directions": "长" * 2001}),
    # Files: a draft's are its enterprise's; a solution's, the two sides'.
    row("a file added to a draft demand without a file", "POST", ("challenge:demand-file-add", "@demand"),
        answers(LOGIN, signed_in=HIDDEN, enterprise=REFUSED, admin=REFUSED)),  # "choose the file"
    row("a draft demand's file", "GET", ("challenge:demand-file", "@demand_file"),
        answers(HIDDEN, enterprise=OK, admin=OK)),
    row("a draft demand's file removed", "POST", ("challenge:demand-file-remove", "@demand_file"),
        answers(LOGIN, signed_in=HIDDEN, enterprise=DONE, admin=DONE)),
    row("a file added to a solution without a file", "POST", ("challenge:solution-file-add", "@solution"),
        answers(LOGIN, signed_in=HIDDEN, enterprise=REFUSED, admin=REFUSED)),
    row("a solution's file", "GET", ("challenge:solution-file", "@solution_file"),
        answers(LOGIN, signed_in=HIDDEN, enterprise=OK, admin=OK)),
    row("long-standing demands", "GET", ("challenge:long-standing",),
        answers(LOGIN, signed_in=DENIED, admin=OK, manager=OK, organizer=OK)),
    row("a forged unsubscribe link", "GET", ("challenge:digest-unsubscribe", "not-a-token"), public(HIDDEN)),
    # Each side of the pair consents for itself; nobody else is told the pair exists.
    row("a pair's consent to a public contest", "POST", ("challenge:cooperation-consent", "@cooperation"),
        answers(LOGIN, signed_in=HIDDEN, enterprise=DONE), data={"action": "give"}),
    row("announced contests", "GET", ("challenge:contests",), public()),
    row("an announced contest", "GET", ("challenge:contest", "@contest"), public()),
    row("a draft contest at the public address", "GET", ("challenge:contest", "@draft_contest"), public(HIDDEN)),
    row("contests I am invited to", "GET", ("challenge:my-contests",), INVITED_EXPERT),
    row("an announced contest's room", "GET", ("challenge:contest-room", "@contest"),
        answers(LOGIN, signed_in=DENIED, admin=OK, expert=OK)),
    row("a draft contest's room", "GET", ("challenge:contest-room", "@draft_contest"), answers(LOGIN, signed_in=HIDDEN)),
    row("a contest pair's marking form", "GET", ("challenge:contest-pair-score", "@contest_pair"), INVITED_EXPERT),
    row("a contest pair marked without marks", "POST", ("challenge:contest-pair-score", "@contest_pair"),
        answers(LOGIN, signed_in=DENIED, expert=REFUSED), data={"comment": "方案可行"}),
    row("a financial institution's interest in a pair", "POST", ("challenge:contest-pair-interest", "@contest_pair"),
        answers(LOGIN, signed_in=DENIED), data={"action": "record"}),
    row("contests to organise", "GET", ("challenge:contests-manage",), admin_only()),
    row("a contest without its title", "POST", ("challenge:contests-manage",), admin_only(REFUSED),
        data={"venue": "常州科教城"}),
    row("a contest organised", "GET", ("challenge:contest-manage", "@draft_contest"), admin_only()),
    row("a draft contest published without pairs", "POST", ("challenge:contest-action", "@draft_contest", "publish"),
        admin_only(REFUSED)),
    row("the published honours lists", "GET", ("challenge:honours-index",), public()),
    row("an unpublished honours list", "GET", ("challenge:honours", 2023), public(HIDDEN)),
    row("the awards to nominate", "GET", ("challenge:awards-manage",), admin_only()),
    row("a pair nominated without a citation", "POST", ("challenge:awards-manage",), admin_only(REFUSED),
        data=lambda w: {"cooperation": w.cooperation.pk, "category": "project"}),
    row("an honours list published without nominations", "POST", ("challenge:awards-action", "publish"),
        admin_only(REFUSED)),
    row("the disclaimer", "GET", ("challenge:disclaimer",), public()),
    # Demanders, solvers and experts accept it; the table has no solver.
    row("the disclaimer accepted", "POST", ("challenge:disclaimer",),
        answers(LOGIN, signed_in=DENIED, enterprise=DONE, expert=DONE), data={"version": "2023"}),
    row("the disclaimer's versions", "GET", ("challenge:disclaimers-manage",), admin_only()),
    row("a disclaimer version without its text", "POST", ("challenge:disclaimers-manage",), admin_only(REFUSED),
        data={"version": "2099"}),
    row("a hot list without demands", "POST", ("challenge:hot-lists",), admin_only(REFUSED), data={"title": "空榜单"}),
    row("a published hot list published again", "POST", ("challenge:hot-list-publish", "@hot_list"),
        admin_only(REFUSED)),
]

# The API: the same rules; a visitor is asked for credentials where signing in would help.
OWN_DEMAND_API = answers(AUTH, signed_in=HIDDEN, enterprise=OK, admin=OK)
API = [
    api_row("challenge API root", "GET", ("challenge-api:api-root",), api_signed_in()),
    api_row("demands through the API", "GET", ("challenge-api:demand-list",), public()),
    api_row("demands searched through the API", "GET", ("challenge-api:demand-list",), public(),
            query="q=%E9%9C%80%E6%B1%82&field=new_energy"),
    api_row("a demand posted through the API", "POST", ("challenge-api:demand-list",),
            answers(AUTH, signed_in=DENIED, enterprise=CREATED), data=lambda w: api_demand(valid_until="2099-12-31")),
    api_row("a published demand through the API", "GET", ("challenge-api:demand-detail", "@published_demand"),
            public()),
    api_row("a draft demand through the API", "GET", ("challenge-api:demand-detail", "@demand"),
            answers(HIDDEN, enterprise=OK, admin=OK)),
    api_row("a draft demand replaced", "PUT", ("challenge-api:demand-detail", "@demand"), OWN_DEMAND_API,
            data=lambda w: api_demand(valid_until="2099-12-31")),
    api_row("a draft demand changed", "PATCH", ("challenge-api:demand-detail", "@demand"), OWN_DEMAND_API,
            data={"title": "草稿需求（修改）"}),
    api_row("a published demand changed", "PATCH", ("challenge-api:demand-detail", "@published_demand"),
            answers(AUTH, signed_in=DENIED, enterprise=REFUSED, admin=REFUSED), data={"title": "已发布需求（修改）"}),
    api_row("a draft demand submitted through the API", "POST", ("challenge-api:demand-submit", "@demand"),
            OWN_DEMAND_API),
    api_row("a demand withdrawn through the API without a reason", "POST",
            ("challenge-api:demand-withdraw", "@demand"), answers(AUTH, signed_in=HIDDEN, enterprise=REFUSED,
                                                                  admin=REFUSED)),
    api_row("a demand approved through the API", "POST", ("challenge-api:demand-diagnosis", "@submitted_demand"),
            answers(AUTH, signed_in=DENIED, admin=CREATED, expert=CREATED), data={"verdict": "approve"}),
    api_row("a published demand's matches", "GET", ("challenge-api:demand-matches", "@published_demand"),
            answers(AUTH, signed_in=DENIED, enterprise=OK, admin=OK)),
    api_row("a draft demand's matches", "GET", ("challenge-api:demand-matches", "@demand"),
            answers(AUTH, signed_in=HIDDEN, enterprise=OK, admin=OK)),
    api_row("a challenge contract's deal through the API", "GET", ("auction-api:deal-detail", "@challenge_deal"),
            answers(AUTH, signed_in=HIDDEN, admin=OK, liaison=OK)),
    api_row("a published demand's solutions", "GET", ("challenge-api:demand-solutions", "@published_demand"),
            api_signed_in()),  # each reads those they may: the table's people none but the enterprise's
    api_row("a solution posted without a solver", "POST", ("challenge-api:demand-solutions", "@published_demand"),
            answers(AUTH, signed_in=DENIED), data={"leader": "某", "approach": "某", "timeline": "6 个月"}),
    api_row("the project library through the API", "GET", ("challenge-api:cooperation-list",), api_signed_in()),
    api_row("a cooperation through the API", "GET", ("challenge-api:cooperation-detail", "@cooperation"),
            answers(AUTH, signed_in=HIDDEN, admin=OK, enterprise=OK)),
    api_row("demand imports through the API", "GET", ("challenge-api:import-list",), api_signed_in()),
    api_row("a demand import through the API", "GET", ("challenge-api:import-detail", "@demand_job"),
            answers(AUTH, signed_in=HIDDEN, admin=OK, organizer=OK)),
    api_row("a demand import's errors through the API", "GET", ("challenge-api:import-errors", "@demand_job"),
            answers(AUTH, signed_in=HIDDEN, admin=OK, organizer=OK)),
    api_row("a demand import without a file through the API", "POST", ("challenge-api:import-list",),
            answers(AUTH, signed_in=DENIED, admin=REFUSED, organizer=REFUSED, manager=REFUSED), format="multipart"),
    api_row("hot lists through the API", "GET", ("challenge-api:hot-list-list",), public()),
    api_row("a hot list drawn up through the API", "POST", ("challenge-api:hot-list-list",),
            api_admin_only(CREATED), data=lambda w: {"title": "新能源榜单（第二批）", "field": "new_energy",
                                                     "demands": [w.approved_demand.pk]}),
    api_row("a published hot list through the API", "GET", ("challenge-api:hot-list-detail", "@hot_list"), public()),
    api_row("a draft hot list through the API", "GET", ("challenge-api:hot-list-detail", "@draft_hot_list"),
            public(HIDDEN, admin=OK)),
    api_row("a draft hot list published through the API", "POST",
            ("challenge-api:hot-list-publish", "@draft_hot_list"), api_admin_only()),
    api_row("a published hot list published again through the API", "POST",
            ("challenge-api:hot-list-publish", "@hot_list"), api_admin_only(REFUSED)),
]

ROWS = PAGES + API
