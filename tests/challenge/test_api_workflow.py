"""The rest of /api/v1/challenge/: a collector's 需求征集表 through `imports/` (the auction's
contract), solutions to a demand (`demands/{id}/solutions/`), its ranked solvers
(`demands/{id}/matches/`) and the project library (`cooperations/`)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from challenge.models import Demand, Solution
from challenge.services import solutions as solution_services
from jbgs.models import ImportJob
from jbgs.services.imports import run_import
from tests.challenge import spreadsheets
from tests.challenge.matching import catalogue
from tests.conftest import make_organization, make_user

DEMANDS = "/api/v1/challenge/demands/"
IMPORTS = "/api/v1/challenge/imports/"
COOPERATIONS = "/api/v1/challenge/cooperations/"


def test_a_collector_imports_a_form_through_the_api(api_as, organizer, enterprise_user, challenge_2023,
                                                    django_capture_on_commit_callbacks):
    client = api_as(organizer)
    sheet = spreadsheets.xlsx(spreadsheets.table([(spreadsheets.row(1, "耐高温密封材料"), None),
                                                  (spreadsheets.row(2, "缺金额的需求", amount=""), "意向投入金额（万元）")]))
    started = client.post(IMPORTS, {"file": SimpleUploadedFile("需求征集表.xlsx", sheet)}, format="multipart")
    assert started.status_code == 202, started.json()
    job = ImportJob.objects.get(pk=started.json()["id"])
    run_import(job.pk)  # the worker's part
    answer = client.get(f"{IMPORTS}{job.pk}/").json()
    assert (answer["kind"], answer["campaign"], answer["created"], answer["rejected_rows"]) == (
        "demand", challenge_2023.pk, 1, 1)
    errors = client.get(f"{IMPORTS}{job.pk}/errors/").json()["results"]
    assert errors and errors[0]["row"] and "金额" in errors[0]["column"]
    assert Demand.objects.get(title="耐高温密封材料").collector == organizer
    assert [j["id"] for j in client.get(IMPORTS).json()["results"]] == [job.pk]
    # Not a collector: refused; another collector does not see the job.
    assert api_as(enterprise_user).post(IMPORTS, {"file": SimpleUploadedFile("a.xlsx", sheet)},
                                        format="multipart").status_code == 403
    other = make_user("other-organizer", organizer.organization, ["organizer"])
    assert api_as(other).get(f"{IMPORTS}{job.pk}/").status_code == 404
    assert client.post(IMPORTS, {}, format="multipart").status_code == 400


def test_a_solver_answers_through_the_api_and_the_enterprise_reads_it(api_as, published, solver, enterprise_user,
                                                                      liaison, outsider):
    url = f"{DEMANDS}{published.pk}/solutions/"
    body = {"leader": "李振华", "members": "博士生 3 名", "approach": "原子层沉积包覆", "timeline": "12 个月",
            "budget": "80", "promises": [{"indicator": "循环寿命", "value": "2500", "unit": "次"}]}
    created = api_as(solver).post(url, body, format="json")
    assert created.status_code == 201, created.json()
    solution = Solution.objects.get()
    assert (solution.budget, created.json()["budget"], created.json()["promises"][0]["value"]) == (
        800000, "80", "2500")
    assert [s["id"] for s in api_as(enterprise_user).get(url).json()] == [solution.pk]
    assert [s["id"] for s in api_as(liaison).get(url).json()] == [solution.pk]  # the solver's unit
    assert api_as(outsider).get(url).json() == []  # a secret between the two sides
    again = api_as(solver).post(url, body, format="json")
    assert again.status_code in (400, 409) and Solution.objects.count() == 1
    bad = api_as(solver).post(url, {**body, "leader": "", "budget": "-5"}, format="json")
    assert bad.status_code == 400
    foreign = api_as(solver).post(url, {**body, "items": [999999]}, format="json")
    assert foreign.status_code == 400 and foreign.json()["errors"][0]["field"] == "items"


def test_the_project_library_through_the_api(api_as, published, solver, enterprise_user, admin_user, outsider):
    solution = solution_services.submit_solution(actor=solver, demand=published, leader="李振华", approach="包覆",
                                                 timeline="12 个月")
    cooperation = solution_services.record_intention(actor=enterprise_user, solution=solution)
    for who in (enterprise_user, solver, admin_user):
        found = api_as(who).get(COOPERATIONS).json()["results"]
        assert [c["id"] for c in found] == [cooperation.pk], who
        assert found[0]["demand"]["number"] == published.number and found[0]["contract"] is None
    assert api_as(outsider).get(COOPERATIONS).json()["results"] == []
    assert api_as(outsider).get(f"{COOPERATIONS}{cooperation.pk}/").status_code == 404


def test_a_demand_s_matches_through_the_api(api_as, published, enterprise_user, solver):
    from challenge.services import matching

    catalogue({"高镍材料研究院": [("高镍正极材料包覆改性方法", "一种高镍三元正极材料循环寿命提升的包覆工艺。")]})
    matching.count_terms()
    found = api_as(enterprise_user).get(f"{DEMANDS}{published.pk}/matches/")
    assert found.status_code == 200
    best = found.json()[0]
    assert best["solver"] == {"kind": "organization", "id": best["solver"]["id"], "name": "高镍材料研究院"}
    assert best["score"] == sum(best["parts"].values()) and {"正极", "寿命"} <= set(best["terms"])
    assert best["items"][0]["title"] == "高镍正极材料包覆改性方法"
    assert api_as(solver).get(f"{DEMANDS}{published.pk}/matches/").status_code == 403
    stranger = make_user("stranger", make_organization("某公司", "enterprise", "320102"), ["enterprise"])
    assert api_as(stranger).get(f"{DEMANDS}{published.pk}/matches/").status_code == 403
