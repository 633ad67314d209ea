"""/api/v1/challenge/: an enterprise's demands posted, changed and submitted, diagnosed by an
expert and published on a hot list, over the same services as the pages; the public answers
hold nothing an enterprise hid; absurd input is refused with the field and a reason."""

import json
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from challenge.models import Demand, HotList
from challenge.services import demands as demand_services
from jbgs.models import AuditEntry
from tests.challenge.conftest import (
    AMOUNT_FORMS,
    MARKERS,
    api_demand,
    approved_demand,
    leaks,
    post_demand,
)
from tests.conftest import make_organization, make_user

DEMANDS = "/api/v1/challenge/demands/"
HOT_LISTS = "/api/v1/challenge/hot-lists/"


def fields_at_fault(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def test_an_enterprise_posts_changes_and_submits_a_demand(api_as, enterprise_user, challenge_2023):
    client = api_as(enterprise_user)
    created = client.post(DEMANDS, api_demand(), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    demand = Demand.objects.get()
    assert (demand.amount, demand.campaign, demand.organization, demand.status) == (
        Decimal("3000000.00"), challenge_2023, enterprise_user.organization, "draft")
    assert (body["number"], body["amount"], body["field"], body["year"], body["region"]) == (
        demand.number, "300", "new_energy", 2023, "320506")
    assert body["hidden_fields"] == ["contact_name", "contact_phone", "contact_email"]  # hidden unless shown
    assert body["targets"] == [{"indicator": "循环寿命", "value": "2000", "unit": "次", "hidden": False}]
    changed = client.patch(f"{DEMANDS}{demand.pk}/", {"amount": "500000元", "hidden_fields": ["amount"]},
                           format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["amount"], changed.json()["hidden_fields"], changed.json()["targets"][0]["value"]) == (
        "50", ["amount"], "2000")  # what a PATCH does not name stays
    replaced = client.put(f"{DEMANDS}{demand.pk}/", api_demand(title="高镍正极包覆工艺", targets=[]), format="json")
    assert replaced.status_code == 200 and replaced.json()["targets"] == []
    submitted = client.post(f"{DEMANDS}{demand.pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    late = client.patch(f"{DEMANDS}{demand.pk}/", {"title": "再改"}, format="json")
    assert late.status_code == 400 and late.json()["code"] == "not_editable"
    actions = AuditEntry.objects.filter(object_id=str(demand.pk)).values_list("action", flat=True)
    assert sorted(actions) == sorted(["challenge.demand.created", "challenge.demand.updated",
                                      "challenge.demand.updated", "challenge.demand.submitted"])


def test_the_amount_is_in_wan_written_alone_and_read_as_written_with_a_unit(api_as, enterprise_user,
                                                                             challenge_2023):
    client = api_as(enterprise_user)
    for written, stored, answered in [("50", "500000.00", "50"), ("500000元", "500000.00", "50"),
                                      (1.5, "15000.00", "1.5"), ("1234567.89元", "1234567.89", "123.456789"),
                                      ("0", "0.00", "0"), ("1.5亿", "150000000.00", "15000")]:
        response = client.post(DEMANDS, api_demand(amount=written), format="json")
        assert response.status_code == 201, (written, response.json())
        assert response.json()["amount"] == answered
        assert Demand.objects.get(pk=response.json()["id"]).amount == Decimal(stored)
    wrong = client.post(DEMANDS, api_demand(amount="五十万"), format="json")
    assert wrong.status_code == 400 and (wrong.json()["field"], wrong.json()["code"]) == ("amount", "invalid_amount")
    assert "万元" in wrong.json()["detail"]  # a number alone is in 万元, the message says


def test_the_services_refusals_come_back_by_field_all_at_once(api_as, enterprise_user, challenge_2023):
    response = api_as(enterprise_user).post(DEMANDS, api_demand(
        amount=None, cooperation_modes=[], valid_until=timezone.localdate().isoformat(),
        targets=[{"indicator": "纯度", "value": ""}]), format="json")
    assert response.status_code == 400
    assert fields_at_fault(response) == {"amount", "cooperation_modes", "valid_until", "targets"}
    amount = next(e for e in response.json()["errors"] if e["field"] == "amount")
    assert "意向投入金额" in amount["message"]  # the service's words
    assert not Demand.objects.exists()


def test_an_expert_diagnoses_and_an_administrator_publishes_a_hot_list(api, api_as, enterprise_user, expert,
                                                                        admin_user, challenge_2023):
    demand = post_demand(enterprise_user)
    owner, diagnoser, admin = api_as(enterprise_user), api_as(expert), api_as(admin_user)
    early = diagnoser.post(f"{DEMANDS}{demand.pk}/diagnosis/", {"verdict": "approve"}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "invalid_transition"
    owner.post(f"{DEMANDS}{demand.pk}/submit/")
    assert owner.post(f"{DEMANDS}{demand.pk}/diagnosis/", {"verdict": "approve"}, format="json").status_code == 403
    silent = diagnoser.post(f"{DEMANDS}{demand.pk}/diagnosis/", {"verdict": "revise"}, format="json")
    assert silent.status_code == 400 and (silent.json()["code"], silent.json()["field"]) == (
        "comment_required", "comment")
    partial = diagnoser.post(f"{DEMANDS}{demand.pk}/diagnosis/", {"verdict": "approve", "scores": {
        "completeness": 90}}, format="json")
    assert partial.status_code == 400 and partial.json()["code"] == "invalid_scores"
    verdict = diagnoser.post(f"{DEMANDS}{demand.pk}/diagnosis/", {"verdict": "approve", "comment": "需求清晰", "scores": {
        "completeness": 90, "advancement": 80, "economic_rationality": 70, "feasibility": 85.5}}, format="json")
    assert verdict.status_code == 201, verdict.json()
    assert (verdict.json()["verdict"], verdict.json()["total"], verdict.json()["demand"]) == (
        "approve", "81.38", demand.pk)
    assert owner.get(f"{DEMANDS}{demand.pk}/").json()["diagnoses"][0]["comment"] == "需求清晰"
    drawn = admin.post(HOT_LISTS, {"title": "新能源热门需求榜单", "field": "new_energy", "demands": [demand.pk]},
                       format="json")
    assert drawn.status_code == 201, drawn.json()
    hot_list = drawn.json()
    assert (hot_list["published_at"], [d["id"] for d in hot_list["demands"]]) == (None, [demand.pk])
    assert api.get(HOT_LISTS).json()["count"] == 0  # a draft is the administrators'
    assert api.get(f"{HOT_LISTS}{hot_list['id']}/").status_code == 404
    assert api.get(f"{DEMANDS}{demand.pk}/").status_code == 404
    published = admin.post(f"{HOT_LISTS}{hot_list['id']}/publish/")
    assert published.status_code == 200 and published.json()["published_at"]
    shown = api.get(HOT_LISTS).json()["results"]
    assert [(h["title"], [d["status"] for d in h["demands"]]) for h in shown] == [("新能源热门需求榜单", ["published"])]
    assert api.get(f"{DEMANDS}{demand.pk}/").json()["status"] == "published"
    again = admin.post(f"{HOT_LISTS}{hot_list['id']}/publish/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_a_hot_list_takes_approved_demands_of_its_field_only(api_as, enterprise_user, expert, admin_user,
                                                             challenge_2023):
    first, draft = approved_demand(enterprise_user, expert), post_demand(enterprise_user, title="草稿需求")
    admin = api_as(admin_user)
    refused = admin.post(HOT_LISTS, {"title": "榜单", "field": "new_energy", "demands": [first.pk, draft.pk]},
                         format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "demands"
    assert draft.number in refused.json()["detail"]
    other_field = admin.post(HOT_LISTS, {"title": "榜单", "field": "new_materials", "demands": [first.pk]},
                             format="json")
    assert other_field.status_code == 400 and first.number in other_field.json()["detail"]
    assert not HotList.objects.exists()


def test_a_withdrawal_says_why(api_as, enterprise_user, challenge_2023):
    demand = post_demand(enterprise_user)
    client = api_as(enterprise_user)
    silent = client.post(f"{DEMANDS}{demand.pk}/withdraw/", {}, format="json")
    assert silent.status_code == 400
    assert (silent.json()["code"], silent.json()["field"]) == ("reason_required", "reason")
    withdrawn = client.post(f"{DEMANDS}{demand.pk}/withdraw/", {"reason": "已自行解决"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert AuditEntry.objects.get(action="challenge.demand.withdrawn").data["reason"] == "已自行解决"


def test_each_sees_the_published_demands_and_their_own_whole(api, api_as, enterprise_user, solver, expert,
                                                             admin_user, challenge_2023):
    mine = post_demand(enterprise_user, title="本企业草稿")
    public = approved_demand(enterprise_user, expert, title="已发布需求")
    Demand.objects.filter(pk=public.pk).update(status="published", published_at=timezone.now())  # as a hot list does
    rival = make_organization("无锡恒信精密机械有限公司", "enterprise", "320214")
    theirs = post_demand(make_user("rival", rival, ["enterprise"]), title="别家草稿")

    def seen(client) -> dict[str, bool]:
        """Each visible demand's title, and whether its answer is the whole record."""
        return {d["title"]: "hidden_fields" in d for d in client.get(DEMANDS).json()["results"]}

    assert seen(api) == seen(api_as(solver)) == {"已发布需求": False}
    assert seen(api_as(enterprise_user)) == {"本企业草稿": True, "已发布需求": True}
    assert seen(api_as(admin_user)) == {"本企业草稿": True, "已发布需求": True, "别家草稿": True}
    assert api_as(solver).get(f"{DEMANDS}{mine.pk}/").status_code == 404
    assert api_as(enterprise_user).get(f"{DEMANDS}{theirs.pk}/").status_code == 404
    # Another's published demand: seen, not changed (403); another's draft: not known (404).
    assert api_as(solver).patch(f"{DEMANDS}{public.pk}/", {"title": "改"}, format="json").status_code == 403
    assert api_as(solver).post(f"{DEMANDS}{public.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 403
    assert api_as(solver).post(f"{DEMANDS}{mine.pk}/submit/").status_code == 404
    assert api.post(DEMANDS, api_demand(), format="json").status_code == 401
    assert api_as(solver).post(DEMANDS, api_demand(), format="json").status_code == 403


def test_q_and_field_find_as_the_public_page_does(api, api_as, enterprise_user, expert, challenge_2023):
    from jbgs.models import IndustryField

    approved_demand(enterprise_user, expert, title="固态电解质界面改性", description="需要降低界面阻抗。")
    approved_demand(enterprise_user, expert, title="耐高温密封材料", field=IndustryField.objects.get(year=2023,
                                                                                       code="new_materials"))
    Demand.objects.update(status="published", published_at=timezone.now())

    def titles(**query) -> list[str]:
        return [d["title"] for d in api.get(f"{DEMANDS}?{urlencode(query)}").json()["results"]]

    assert titles(q="界面阻抗") == ["固态电解质界面改性"]
    assert titles(field="new_materials") == ["耐高温密封材料"]
    assert titles(q="界面", field="new_materials") == []
    assert sorted(titles()) == ["固态电解质界面改性", "耐高温密封材料"]


# --- Hidden means hidden --------------------------------------------------------------------


def public_answers(client, published) -> dict[str, str]:
    """Every API answer a visitor can ask for about the demand, searches by each marker too."""
    hot_list = published.hot_lists.get()
    paths = [DEMANDS, f"{DEMANDS}{published.pk}/", HOT_LISTS, f"{HOT_LISTS}{hot_list.pk}/",
             *(f"{DEMANDS}?{urlencode({'q': marker})}" for marker in [*MARKERS.values(), *AMOUNT_FORMS])]
    answers = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        answers[path] = json.dumps(response.json(), ensure_ascii=False)
    return answers


@pytest.mark.parametrize("who", ["anonymous", "solver"])
def test_no_public_answer_holds_a_hidden_value(who, api, api_as, solver, published):
    client = api if who == "anonymous" else api_as(solver)
    answers = public_answers(client, published)
    assert leaks(answers) == []
    detail = client.get(f"{DEMANDS}{published.pk}/").json()
    assert "循环寿命" in answers[f"{DEMANDS}{published.pk}/"]  # what is shown, is shown
    assert not {"organization", "amount", "contact_name", "contact_phone", "contact_email"} & set(detail)
    assert detail["enterprise_flags"] == [] and len(detail["hidden"]) == 6  # five fields and a target
    # A search by a hidden word finds nothing: it would tell which demand the word belongs to.
    for marker in MARKERS.values():
        assert client.get(DEMANDS, {"q": marker}).json()["count"] == 0


def test_the_enterprise_and_the_administrators_see_what_it_hid(api_as, enterprise_user, admin_user, published):
    for user in (enterprise_user, admin_user):
        detail = api_as(user).get(f"{DEMANDS}{published.pk}/").json()
        assert (detail["organization"], detail["amount"], detail["contact_phone"]) == (
            MARKERS["organization"], "123.456789", MARKERS["contact_phone"])
        assert {"indicator": MARKERS["target"], "value": MARKERS["target_value"], "unit": "ppm",
                "hidden": True} in detail["targets"]


def test_the_list_reads_in_a_fixed_number_of_queries(api_as, enterprise_user, expert, admin_user, challenge_2023,
                                                     django_assert_num_queries):
    for n in range(6):
        approved_demand(enterprise_user, expert, title=f"需求{n}", targets=[{"indicator": "纯度", "value": "99.9"}])
    client = api_as(admin_user)
    client.get(DEMANDS)  # the token's user and session read once
    # The token and its user, the count, the page, its targets and its diagnoses.
    with django_assert_num_queries(5):
        assert client.get(DEMANDS).json()["count"] == 6


# --- Absurd input: 400 or 404 with the field and a reason, never a 500 ------------------------


def refused(response, status: int = 400) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    body = response.json()
    assert body["code"] and body["detail"]
    return body


def test_absurd_demands_are_refused_with_the_field(api_as, enterprise_user, challenge_2023):
    client = api_as(enterprise_user)
    cases = {
        "amount": [{"amount": "99999999999999"}, {"amount": "1e30"}, {"amount": "-5"}, {"amount": True},
                   {"amount": "0.0000001"}],
        "title": [{"title": "需" * 10_000}, {"title": ""}],
        "field": [{"field": "quantum_gravity"}, {"field": 42}, {"field": None}],
        "cooperation_modes[0]": [{"cooperation_modes": ["bribery"]}],
        "cooperation_modes": [{"cooperation_modes": "technical_service"}],
        "hidden_fields[0]": [{"hidden_fields": ["title"]}],
        "region": [{"region": "999999"}, {"region": "x" * 500}],
        "valid_until": [{"valid_until": "2023-13-45"}, {"valid_until": "明年"}],
        "targets": [{"targets": "高纯度"}, {"targets": [{"indicator": "x", "value": "1"}] * 21}],
        "targets[0].indicator": [{"targets": [{"indicator": "x" * 1000, "value": "1"}]}],
        "contact_email": [{"contact_email": "不是邮箱"}],
    }
    for field, bodies in cases.items():
        for changes in bodies:
            body = refused(client.post(DEMANDS, api_demand(**changes), format="json"))
            assert field in {e["field"] for e in body["errors"]}, (changes if len(str(changes)) < 200 else field, body)
    refused(client.post(DEMANDS, [api_demand()], format="json"))
    refused(client.post(DEMANDS, "title=x", content_type="application/x-www-form-urlencoded"), 415)
    assert not Demand.objects.exists()


def test_absurd_ids_queries_verdicts_and_lists_are_refused(api, api_as, enterprise_user, expert, admin_user,
                                                           challenge_2023):
    demand = post_demand(enterprise_user)
    demand_services.submit(actor=enterprise_user, demand=demand)
    for path in (f"{DEMANDS}0/", f"{DEMANDS}99999999999999999999999/", f"{HOT_LISTS}99999999999999999999999/",
                 f"{DEMANDS}99999999999999999999999/submit/"):
        assert api_as(admin_user).get(path).status_code in (404, 405)
    assert api.get(f"{DEMANDS}abc/").status_code == 404
    refused(api.get(DEMANDS, {"q": "问" * 10_000}))
    refused(api.get(DEMANDS, {"page": "999"}), 404)
    diagnoser = api_as(expert)
    for verdict in ({"verdict": "maybe"}, {"verdict": "approve", "scores": "满分"},
                    {"verdict": "approve", "scores": {"completeness": "NaN"}},
                    {"verdict": "approve", "scores": {"completeness": 1e9}},
                    {"verdict": "approve", "scores": {c: 101 for c in ("completeness", "advancement",
                                                                       "economic_rationality", "feasibility")}},
                    {"verdict": "reject", "comment": "否" * 3000}):
        refused(diagnoser.post(f"{DEMANDS}{demand.pk}/diagnosis/", verdict, format="json"))
    refused(diagnoser.post(f"{DEMANDS}99999999999999999999999/diagnosis/", {"verdict": "approve"}, format="json"),
            404)
    admin = api_as(admin_user)
    for hot_list in ({"title": "榜单", "field": "new_energy", "demands": ["x"]},
                     {"title": "榜单", "field": "new_energy", "demands": [0]},
                     {"title": "榜单", "field": "new_energy", "demands": [2**70]},
                     {"title": "榜单", "field": "new_energy", "demands": [123456789]},
                     {"title": "榜单", "field": "new_energy", "demands": []},
                     {"title": "榜单", "field": "new_energy", "demands": "1,2"},
                     {"title": "", "field": "new_energy", "demands": [demand.pk]},
                     {"title": "榜单" * 200, "field": "new_energy", "demands": [demand.pk]},
                     {"title": "榜单", "field": "nowhere", "demands": [demand.pk]}):
        refused(admin.post(HOT_LISTS, hot_list, format="json"))
    assert demand.diagnoses.count() == 0 and not HotList.objects.exists()
