"""The province's administrators keep the project calls in the browser: a new call with its rules
typed one a line, a call changed with each changed field audited before and after, its rules
replaced (and the pre-check reading the new ones at once), every wrong field and rule line named
with nothing written; what its applications fix (code, year and direction once applied, the
rules' meaning once submitted, a city cap below what a city recommended); nobody else may."""

import datetime

import pytest
from django.urls import reverse

from jbgs.exceptions import DomainError, NotAllowed
from jbgs.models import AuditEntry
from tests.conftest import persona
from tests.transformation.application_helpers import applicant, draft, university_call
from transformation.choices import TransformationAction
from transformation.models import Call, CallRule, CallTarget
from transformation.services import applications
from transformation.services import calls as services

pytestmark = pytest.mark.django_db

NEW = {"code": "2023-university", "year": "2023", "direction": "university", "title": "2023年度高校院所知识产权运营能力提升",
       "opens_on": "2023-03-01", "closes_on": "2023年4月30日", "city_cap": "1", "guide": "支持高校院所知识产权运营中心。"}
RULES = """# code | label | conditions
ip_staff | 配有知识产权管理人员不少于5人 | ip_staff >= 5
patent_output | 年均专利授权量超过150件或者发明专利授权量超过50件 | grants_avg > 150 or invention_grants_avg > 50

transformation_base | 年均转化实施专利超过15件或者金额超过1500万元 | transformed_avg ＞ 15 或 transformed_amount_avg > 1,500.5
"""
PASSING = {"ip_staff": "5", "ip_staff_full_time": "2", "grants_avg": "151", "transformed_avg": "16"}


def rules_of(call) -> list[tuple]:
    return list(CallRule.objects.filter(call=call).order_by("position").values_list("code", "position", "conditions"))


def test_the_administrator_creates_a_call_with_its_rules_typed_one_a_line(client_as, admin_user):
    client = client_as(admin_user)
    assert client.get(reverse("transformation:calls")).context["may_manage"] is True
    assert client.get(reverse("transformation:call-new")).status_code == 200
    answer = client.post(reverse("transformation:call-new"), {**NEW, "rules": RULES})
    call = Call.objects.get(code="2023-university")
    assert answer.status_code == 302 and answer["Location"] == reverse("transformation:call", args=[call.pk])
    assert (call.year, call.closes_on, call.city_cap) == (2023, datetime.date(2023, 4, 30), 1)
    assert rules_of(call) == [
        ("ip_staff", 0, [{"figure": "ip_staff", "op": "gte", "value": 5}]),
        ("patent_output", 1, [{"figure": "grants_avg", "op": "gt", "value": 150},
                              {"figure": "invention_grants_avg", "op": "gt", "value": 50}]),
        ("transformation_base", 2, [{"figure": "transformed_avg", "op": "gt", "value": 15},
                                    {"figure": "transformed_amount_avg", "op": "gt", "value": 1500.5}])]
    entry = AuditEntry.objects.get(action=TransformationAction.CALL_CREATED, object_id=str(call.pk))
    assert entry.actor == admin_user and entry.data["after"]["closes_on"] == "2023-04-30"
    assert [rule["code"] for rule in entry.data["rules"]] == ["ip_staff", "patent_output", "transformation_base"]
    # The editor shows the rules as it reads them: saving them unchanged changes (and audits) nothing.
    form = client.get(reverse("transformation:call-edit", args=[call.pk])).context["form"]
    assert form.initial["rules"].splitlines()[2] == ("transformation_base | 年均转化实施专利超过15件或者金额超过1500万元 | "
                                                     "transformed_avg > 15 or transformed_amount_avg > 1500.5")
    services.change_call(actor=admin_user, call=call, data={}, rules=form.initial["rules"])
    assert not AuditEntry.objects.filter(action__in=[TransformationAction.CALL_CHANGED,
                                                     TransformationAction.CALL_RULES_REPLACED]).exists()


def test_a_call_changed_audits_each_changed_field_before_and_after(client_as, admin_user):
    call = university_call()
    answer = client_as(admin_user).post(reverse("transformation:call-edit", args=[call.pk]), {
        **{name: value for name, value in services.values_of(call).items() if value is not None},
        "closes_on": "2022-02-15", "city_cap": "", "rules": services.rules_text(call)})
    assert answer.status_code == 302
    call.refresh_from_db()
    assert (call.closes_on, call.city_cap) == (datetime.date(2022, 2, 15), None)
    entry = AuditEntry.objects.get(action=TransformationAction.CALL_CHANGED)
    assert entry.actor == admin_user and entry.data["changed"] == {
        "closes_on": {"before": "2022-01-30", "after": "2022-02-15"}, "city_cap": {"before": 1, "after": None}}
    assert not AuditEntry.objects.filter(action=TransformationAction.CALL_RULES_REPLACED).exists()


def test_the_precheck_reads_the_rules_as_soon_as_they_are_replaced(client_as, admin_user):
    call = university_call()
    page = reverse("transformation:call", args=[call.pk])
    assert client_as(admin_user).post(page, PASSING).context["verdict"].eligible is True
    text = services.rules_text(call).replace("grants_avg > 150", "grants_avg > 200")
    services.replace_rules(actor=admin_user, call=call, rules=text)
    verdict = client_as(admin_user).post(page, PASSING).context["verdict"]
    assert verdict.eligible is False and verdict.failed == ["patent_output"]
    entry = AuditEntry.objects.get(action=TransformationAction.CALL_RULES_REPLACED)
    before, after = ({rule["code"]: rule["conditions"][0]["value"] for rule in entry.data[side]}
                     for side in ("before", "after"))
    assert (before["patent_output"], after["patent_output"]) == (150, 200) and entry.actor == admin_user


def test_wrong_rule_lines_are_named_by_their_line_and_nothing_is_written(client_as, admin_user):
    call = university_call()
    rules_before = rules_of(call)
    text = "\n".join([
        "ip_staff | 人员 | ip_staff >= 5",
        "ip_staff | 重复 | ip_staff >= 6",            # 2: the code again
        "no label here",                              # 3: not three columns
        "staff | 人员 | headcount >= 5",              # 4: no such figure
        "park | 园区 | chain_location > 1",           # 5: a yes/no figure compared with a number
        "grants | 授权 | grants_avg yes",             # 6: a number confirmed
        "amount | 金额 | transformed_amount_avg >= 1e12",  # 7: beyond any figure
        "bad | 坏 | grants_avg about 150",            # 8: no comparison
        "x y | 标签 | ip_staff >= 5",                 # 9: a code with a space
    ])
    answer = client_as(admin_user).post(reverse("transformation:call-edit", args=[call.pk]), {
        **{name: value for name, value in services.values_of(call).items() if value is not None},
        "title": "改过的标题", "rules": text})
    assert answer.status_code == 200
    errors = answer.context["form"].errors["rules"]
    assert len(errors) == 8 and "ip_staff" in errors[0] and "“grants_avg about 150”" in errors[6]
    rules, problems = services.clean_rules(text)
    assert [problem["line"] for problem in problems] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert [rule["code"] for rule in rules] == ["ip_staff"]
    call.refresh_from_db()
    assert call.title != "改过的标题" and rules_of(call) == rules_before
    assert not AuditEntry.objects.filter(action__startswith="transformation.call.").exists()


def test_every_wrong_field_of_a_call_is_named_together(admin_user):
    with pytest.raises(DomainError) as refused:
        services.create_call(actor=admin_user, data={
            **NEW, "code": "2022-university", "year": "20233", "direction": "nowhere", "title": "",
            "opens_on": "2023-05-01", "closes_on": "2023-04-30", "city_cap": "-1"})
    fields = [error["field"] for error in refused.value.extra["errors"]]
    assert fields == ["code", "title", "year", "direction", "closes_on", "city_cap"]
    assert Call.objects.count() == 3


def test_the_city_cap_does_not_go_below_what_a_city_recommended(admin_user, in_the_window):
    call = university_call()
    services.change_call(actor=admin_user, call=call, data={"city_cap": "2"})
    for name, username in (("苏州大学", "suda"), ("苏州科技大学", "usts")):
        org, liaison = applicant(name, username=username)
        submitted = applications.submit(actor=liaison, application=draft(liaison))
        applications.recommend(actor=persona("organizer"), application=submitted)
    with pytest.raises(DomainError) as refused:
        services.change_call(actor=admin_user, call=call, data={"city_cap": "1"})
    assert refused.value.field == "city_cap" and "苏州市 2" in refused.value.message
    assert "2" in refused.value.message.split(":")[-1]
    call.refresh_from_db()
    assert call.city_cap == 2
    assert services.change_call(actor=admin_user, call=call, data={"city_cap": "3"}).city_cap == 3
    assert services.change_call(actor=admin_user, call=call, data={"city_cap": ""}).city_cap is None


def test_applications_fix_the_code_year_and_direction_and_submissions_the_rules_meaning(admin_user, in_the_window):
    call = university_call()
    org, liaison = applicant()
    application = draft(liaison)
    with pytest.raises(DomainError) as refused:
        services.change_call(actor=admin_user, call=call, data={"year": "2023", "direction": "industry"})
    assert [error["field"] for error in refused.value.extra["errors"]] == ["year", "direction"]
    # Only a draft: the rules may change (it is checked again when submitted) ...
    stricter = services.rules_text(call).replace("ip_staff >= 5", "ip_staff >= 7")
    services.replace_rules(actor=admin_user, call=call, rules=stricter)
    with pytest.raises(DomainError) as refused:
        applications.submit(actor=liaison, application=application)  # the unit has 6
    assert refused.value.extra["failed"] == ["ip_staff"]
    services.replace_rules(actor=admin_user, call=call, rules=stricter.replace("ip_staff >= 7", "ip_staff >= 5"))
    applications.submit(actor=liaison, application=application)
    # ... once submitted, their meaning stays: the wording and the order may be corrected.
    with pytest.raises(DomainError) as refused:
        services.replace_rules(actor=admin_user, call=call, rules=stricter)
    assert refused.value.field == "rules" and "1" in refused.value.message
    lines = services.rules_text(call).splitlines()
    reworded = [lines[1], lines[0].replace("不少于5人", "不少于5人（含）"), *lines[2:]]
    call = services.replace_rules(actor=admin_user, call=call, rules="\n".join(reworded))
    assert [rule.code for rule in call.rules.all()][:2] == ["ip_staff_full_time", "ip_staff"]
    assert services.change_call(actor=admin_user, call=call, data={"closes_on": "2022-03-31"}).closes_on == \
        datetime.date(2022, 3, 31)


def test_the_one_check_of_conditions_refuses_what_the_precheck_could_not_read():
    from transformation.models.calls import condition_errors

    assert condition_errors([{"figure": "ip_body", "op": "yes"}, {"figure": "grants_avg", "op": "gt", "value": 150.25}]) == []
    wrong = condition_errors([{"figure": "ip_body", "op": "gte", "value": 1},
                              {"figure": "grants_avg", "op": "yes"},
                              {"figure": "grants_avg", "op": "gt", "value": "NaN"},
                              {"figure": "grants_avg", "op": "gt", "value": 1.005},
                              {"figure": "grants_avg", "op": "gt", "value": -1}])
    assert len(wrong) == 5 and all(str(n) in message for n, message in enumerate(wrong, start=1))


def test_only_the_administrators_keep_the_calls(client, client_as, liaison, organizer):
    call = university_call()
    paths = (reverse("transformation:call-new"), reverse("transformation:call-edit", args=[call.pk]))
    assert [client.get(path).status_code for path in paths] == [302, 302]  # to sign in
    for path in paths:
        assert client_as(organizer).get(path).status_code == 403
        assert client_as(liaison).post(path, {**NEW, "rules": RULES}).status_code == 403
    page = client_as(liaison).get(reverse("transformation:call", args=[call.pk]))
    assert page.context["may_manage"] is False and b'data-testid="call-edit"' not in page.content
    with pytest.raises(NotAllowed):
        services.create_call(actor=liaison, data=NEW)
    with pytest.raises(NotAllowed):
        services.change_call(actor=organizer, call=call, data={"city_cap": "5"})
    assert client_as(persona("admin_user")).get(reverse("transformation:call-edit", args=[10**30])).status_code == 404
    assert Call.objects.count() == 3 and not AuditEntry.objects.filter(action__startswith="transformation.call.").exists()


def test_rules_given_as_data_are_named_by_their_place_and_odd_values_refused_not_crashed(admin_user):
    rules, errors = services.clean_rules([
        {"code": 5, "label": "园区机构", "conditions": [{"figure": "ip_body", "op": "yes"}]},
        "nonsense",
        {"code": "staff", "label": "人员", "conditions": "ip_staff >= 5"},
    ])
    assert [rule["code"] for rule in rules] == ["5"] and [error["line"] for error in errors] == [2, 2, 2, 3]
    assert services.parse_rules("park | 园区 | ip_bodyyes")[1] and not services.parse_rules("park | 园区 | ip_body = YES")[1]
    with pytest.raises(DomainError) as refused:
        services.replace_rules(actor=admin_user, call=university_call(), rules={"not": "a list"})
    assert refused.value.field == "rules"


TARGETS = """contract_amount | 专利相关合同金额每年不低于5000万元 | contract_amount >= 5000
taken_up | 承接专利不少于100件或者金额超过1000万元 | taken_up_patents >= 100 or taken_up_amount > 1000
"""


def test_the_performance_targets_are_kept_on_the_same_form_and_judge_the_funded_projects(client_as, admin_user):
    client = client_as(admin_user)
    answer = client.post(reverse("transformation:call-new"), {**NEW, "rules": RULES, "targets": TARGETS})
    assert answer.status_code == 302
    call = Call.objects.get(code="2023-university")
    assert list(CallTarget.objects.filter(call=call).values_list("code", "conditions")) == [
        ("contract_amount", [{"measure": "contract_amount", "op": "gte", "value": 5000}]),
        ("taken_up", [{"measure": "taken_up_patents", "op": "gte", "value": 100},
                      {"measure": "taken_up_amount", "op": "gt", "value": 1000}])]
    form = client.get(reverse("transformation:call-edit", args=[call.pk])).context["form"]
    assert form.initial["targets"] == TARGETS.strip()
    # A target line names a measure, never an applicant's figure; the wrong line is named.
    answer = client.post(reverse("transformation:call-edit", args=[call.pk]),
                         {**NEW, "rules": RULES, "targets": TARGETS + "growth | 增长 | grants_avg > 20\n"})
    assert answer.status_code == 200
    assert "第 3 行" in " ".join(answer.context["form"].errors["targets"])
    assert CallTarget.objects.filter(call=call).count() == 2
    services.change_call(actor=admin_user, call=call, data={}, targets="trainees | 每年培训不少于200人次 | trainees >= 200")
    assert list(CallTarget.objects.filter(call=call).values_list("code", flat=True)) == ["trainees"]
    entry = AuditEntry.objects.get(action=TransformationAction.CALL_TARGETS_REPLACED, object_id=str(call.pk))
    assert [t["code"] for t in entry.data["before"]] == ["contract_amount", "taken_up"]


def test_a_funded_project_fixes_the_targets_meaning_not_their_wording(admin_user, in_the_window):
    call = university_call()
    _org, liaison = applicant()
    submitted = applications.submit(actor=liaison, application=draft(liaison))
    recommended = applications.recommend(actor=persona("organizer"), application=submitted)
    before = services.rules_text(call, services.TARGETS)
    # Recommended, not yet funded: the targets may still change.
    services.change_call(actor=admin_user, call=call, data={}, targets=before.replace(">= 5000", ">= 6000"))
    services.change_call(actor=admin_user, call=call, data={}, targets=before)
    applications.decide(actor=admin_user, application=recommended, funded=True)
    with pytest.raises(DomainError) as refused:
        services.change_call(actor=admin_user, call=call, data={}, targets=before.replace(">= 5000", ">= 6000"))
    assert refused.value.field == "targets" and "1" in refused.value.message
    assert services.rules_text(call, services.TARGETS) == before
    reworded = before.replace("专利相关合同金额每年不低于5000万元", "专利相关技术合同金额每年不低于5000万元")
    services.change_call(actor=admin_user, call=call, data={}, targets=reworded)
    assert services.rules_text(call, services.TARGETS) == reworded


def test_a_target_reads_only_the_measures():
    from transformation.models.calls import MEASURES, condition_errors

    assert condition_errors([{"measure": "pushes", "op": "gte", "value": 5000}], MEASURES) == []
    assert len(condition_errors([{"measure": "grants_avg", "op": "gt", "value": 1},
                                 {"measure": "trainees", "op": "yes"}], MEASURES)) == 2


def test_the_calls_page_lists_its_performance_targets(client):
    page = client.get(reverse("transformation:call", args=[university_call().pk]))
    assert "专利相关合同金额每年不低于5000万元" in page.content.decode()
