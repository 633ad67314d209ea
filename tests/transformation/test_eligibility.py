"""The 2022 calls' eligibility at each threshold: 超过 is strictly more (150 grants a year is
not enough, 151 is), 不少于 is at least (2 full-time staff are enough, 1 is not), and a rule with
two ways in is met by either."""

from decimal import Decimal

import pytest

from transformation import eligibility
from transformation.models import Call

pytestmark = pytest.mark.django_db

PASSING = {"ip_staff": 5, "ip_staff_full_time": 2, "grants_avg": 151, "invention_grants_avg": 0,
           "transformed_avg": 16, "transformed_amount_avg": 0}


def university():
    return Call.objects.prefetch_related("rules").get(code="2022-university")


def check(**changes):
    return eligibility.check(university(), {**PASSING, **{k: None if v is None else Decimal(str(v))
                                                          for k, v in changes.items()}})


def test_the_2022_university_call_is_preloaded_with_the_guides_four_conditions():
    call = university()
    assert (call.year, call.direction, call.city_cap) == (2022, "university", 1)
    assert [rule.code for rule in call.rules.all()] == ["ip_staff", "ip_staff_full_time", "patent_output",
                                                         "transformation_base"]
    assert check().eligible and check().failed == []


@pytest.mark.parametrize(("grants", "eligible"), [(150, False), (151, True), (Decimal("150.01"), True)])
def test_grants_a_year_must_be_more_than_150(grants, eligible):
    verdict = check(grants_avg=grants, invention_grants_avg=0)
    assert verdict.eligible is eligible
    assert verdict.failed == ([] if eligible else ["patent_output"])


@pytest.mark.parametrize(("inventions", "eligible"), [(50, False), (51, True)])
def test_or_invention_grants_more_than_50(inventions, eligible):
    assert check(grants_avg=10, invention_grants_avg=inventions).eligible is eligible


@pytest.mark.parametrize(("transformed", "eligible"), [(15, False), (16, True)])
def test_patents_transformed_a_year_must_be_more_than_15(transformed, eligible):
    verdict = check(transformed_avg=transformed, transformed_amount_avg=0)
    assert verdict.eligible is eligible
    assert verdict.failed == ([] if eligible else ["transformation_base"])


@pytest.mark.parametrize(("amount", "eligible"), [(1500, False), (Decimal("1500.01"), True)])
def test_or_more_than_1500_wan_transformed(amount, eligible):
    assert check(transformed_avg=3, transformed_amount_avg=amount).eligible is eligible


@pytest.mark.parametrize(("full_time", "eligible"), [(1, False), (2, True), (3, True)])
def test_at_least_two_full_time_staff(full_time, eligible):
    verdict = check(ip_staff_full_time=full_time)
    assert verdict.eligible is eligible
    assert ("ip_staff_full_time" in verdict.failed) is not eligible


@pytest.mark.parametrize(("staff", "eligible"), [(4, False), (5, True)])
def test_at_least_five_ip_staff(staff, eligible):
    assert check(ip_staff=staff).eligible is eligible


def test_a_figure_not_given_fails_and_says_so():
    verdict = check(grants_avg=None, invention_grants_avg=None)
    assert verdict.failed == ["patent_output"]
    output = next(rule for rule in verdict.rules if rule.code == "patent_output")
    assert all(not c["passed"] for c in output.conditions)
    assert "not given" in output.conditions[0]["text"] or "未填写" in output.conditions[0]["text"]


def test_every_failing_rule_is_named():
    verdict = check(ip_staff=1, ip_staff_full_time=0, grants_avg=0, invention_grants_avg=0, transformed_avg=0,
                    transformed_amount_avg=0)
    assert verdict.failed == ["ip_staff", "ip_staff_full_time", "patent_output", "transformation_base"]


def test_the_industry_direction_reads_confirmed_facts_and_more_than_50_chain_enterprises():
    call = Call.objects.prefetch_related("rules").get(code="2022-industry")
    facts = {"chain_location": True, "ip_body": True}
    assert eligibility.check(call, {**facts, "chain_enterprises": Decimal(51)}).eligible
    assert eligibility.check(call, {**facts, "chain_enterprises": Decimal(50)}).failed == ["leading_role"]
    assert eligibility.check(call, {"chain_location": False, "ip_body": True, "chain_enterprises": Decimal(80)
                                    }).failed == ["industry_feature"]


def test_a_campaign_deal_needs_at_least_20_wan():
    call = Call.objects.prefetch_related("rules").get(code="2022-campaign-deal")
    assert eligibility.check(call, {"deal_amount": Decimal(20)}).eligible
    assert not eligibility.check(call, {"deal_amount": Decimal("19.99")}).eligible
