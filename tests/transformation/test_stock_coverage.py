"""The inventory's steps and its coverage: one evaluation per way (a second replaces it, with
an audit entry), a patent evaluated once it has any way's evaluation, counted once in each
column however many evaluations it has; screening, registration (open licences with their fee
and payment) and matching in order; the third evaluation only by the reviewer given the patent;
the dashboard's statements the same for 10 or 100 patents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenge.services import demands as demand_services
from challenge.services import hot_lists
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.models import AuditEntry, IndustryField, Notification
from tests.challenge.conftest import challenge_campaign, post_demand
from tests.transformation.stock import evaluated_every_way, institution, stock
from transformation import stock_selectors
from transformation.choices import StockAction
from transformation.models import StockEvaluation, StockPatent
from transformation.services import stock as services

pytestmark = pytest.mark.django_db
FORM = {"maturity": "3", "market": "4", "value": "5", "recommended": "yes", "comment": "前景好"}


def scope(org):
    return StockPatent.objects.filter(organization=org)


def test_coverage_counts_each_patent_once_across_evaluations(admin_user):
    org, liaison = institution()
    first, second, third = stock(org, 3)
    evaluated_every_way(liaison, first, FORM, "扬州技术转移中心有限公司", "321002")
    services.evaluate(actor=liaison, patent_id=second.pk, kind="inventor", data=FORM)
    coverage = stock_selectors.coverage(scope(org))
    assert StockEvaluation.objects.count() == 4
    assert coverage.total == 3 and coverage.counts["evaluated"] == 2
    assert coverage.by_kind == {"inventor": 2, "institution": 1, "third_party": 1}
    assert stock_selectors.coverage_by_institution(scope(org))[0]["evaluated"] == 2
    assert list(stock_selectors.left(scope(org))) == [third, first, second]  # the furthest behind first


def test_evaluating_again_replaces_the_way_and_the_audit_keeps_the_earlier_one():
    org, liaison = institution()
    patent, = stock(org, 1)
    services.evaluate(actor=liaison, patent_id=patent.pk, kind="institution", data=FORM)
    services.evaluate(actor=liaison, patent_id=patent.pk, kind="institution", data={**FORM, "value": "1",
                                                                                     "recommended": "no"})
    evaluation = StockEvaluation.objects.get()
    assert (evaluation.value, evaluation.recommended) == (1, False)
    entries = AuditEntry.objects.filter(action=StockAction.EVALUATED).order_by("pk")
    assert [e.data["replaced"] for e in entries] == [None, {"maturity": 3, "market": 4, "value": 5,
                                                            "recommended": True, "comment": "前景好"}]
    assert (entries[0].from_state, entries[0].to_state, entries[1].to_state) == ("imported", "evaluated", "evaluated")


def test_a_wrong_form_names_each_field_and_writes_nothing():
    org, liaison = institution()
    patent, = stock(org, 1)
    with pytest.raises(DomainError) as refused:
        services.evaluate(actor=liaison, patent_id=patent.pk, kind="inventor",
                          data={"maturity": "0", "market": "6", "value": "x", "recommended": "maybe"})
    assert [e["field"] for e in refused.value.extra["errors"]] == ["maturity", "market", "value", "recommended"]
    assert not StockEvaluation.objects.exists() and StockPatent.objects.get().stage == "imported"


def test_the_third_evaluation_is_only_the_reviewers_given_the_patent(enterprise_user):
    org, liaison = institution()
    patent, = stock(org, 1)
    with pytest.raises(NotAllowed):  # not given to anyone yet
        services.evaluate(actor=enterprise_user, patent_id=patent.pk, kind="third_party", data=FORM)
    with pytest.raises(NotAllowed):  # the institution does not review itself as a third party
        services.evaluate(actor=liaison, patent_id=patent.pk, kind="third_party", data=FORM)
    with pytest.raises(NotAllowed):  # a reviewer cannot take the patent by itself
        services.assign_reviewer(actor=enterprise_user, patent_id=patent.pk, reviewer_id=enterprise_user.organization_id)
    services.assign_reviewer(actor=liaison, patent_id=patent.pk, reviewer_id=enterprise_user.organization_id)
    with pytest.raises(NotAllowed):  # nor record the inventor's
        services.evaluate(actor=enterprise_user, patent_id=patent.pk, kind="inventor", data=FORM)
    evaluation = services.evaluate(actor=enterprise_user, patent_id=patent.pk, kind="third_party", data=FORM)
    assert evaluation.evaluator_organization == enterprise_user.organization
    with pytest.raises(DomainError):  # a university is no reviewer
        services.assign_reviewer(actor=liaison, patent_id=patent.pk, reviewer_id=org.pk)


def test_screening_registration_and_matching_go_in_order(enterprise_user, expert, admin_user):
    org, liaison = institution()
    patent, = stock(org, 1)
    StockPatent.objects.filter(pk=patent.pk).update(field=IndustryField.objects.get(year=2023, code="new_energy"),
                                                    sub_field="动力电池")
    with pytest.raises(InvalidTransition):
        services.screen(actor=liaison, patent_id=patent.pk, selected=True)
    services.evaluate(actor=liaison, patent_id=patent.pk, kind="institution", data=FORM)
    with pytest.raises(InvalidTransition):
        services.register(actor=liaison, patent_id=patent.pk, pool="platform")
    services.screen(actor=liaison, patent_id=patent.pk, selected=False, note="市场一般")
    with pytest.raises(DomainError):  # only a selected patent goes to the provincial pool
        services.register(actor=liaison, patent_id=patent.pk, pool="provincial")
    services.screen(actor=liaison, patent_id=patent.pk, selected=True)
    with pytest.raises(DomainError) as refused:  # an open licence has both fee and payment
        services.register(actor=liaison, patent_id=patent.pk, pool="provincial", open_licence_fee="入门费 2 万元")
    assert refused.value.extra["errors"][0]["field"] == "open_licence_payment"
    services.register(actor=liaison, patent_id=patent.pk, pool="provincial", open_licence_fee="入门费 2 万元",
                      open_licence_payment="一次性支付")
    # The enterprise demanding in the field is suggested once its demand is published.
    demand = post_demand(enterprise_user, title="固态电池电解质")
    demand_services.submit(actor=enterprise_user, demand=demand)
    demand_services.diagnose(actor=expert, demand=demand, verdict="approve")
    hot_list = hot_lists.create_hot_list(actor=admin_user, campaign=challenge_campaign(), field=demand.field,
                                         title="榜单", demand_ids=[demand.pk])
    hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    patent.refresh_from_db()
    assert stock_selectors.suggestions(patent) == [enterprise_user.organization]
    made = services.match(actor=liaison, patent_id=patent.pk, organization_ids=[enterprise_user.organization_id],
                          reason="同属动力电池细分领域")
    assert len(made) == 1 and made[0].pushed_to == 1
    assert Notification.objects.filter(recipient=enterprise_user, kind="transformation.stock.push").exists()
    assert services.match(actor=liaison, patent_id=patent.pk, organization_ids=[enterprise_user.organization_id],
                          reason="再推") == []  # never pushed twice
    patent.refresh_from_db()
    assert (patent.stage, patent.pool, patent.open_licence) == ("matched", "provincial", True)
    assert stock_selectors.suggestions(patent) == []
    coverage = stock_selectors.coverage(scope(org))
    assert [c[2] for c in coverage.columns] == [1, 1, 1, 1] and coverage.left == 0


def test_who_sees_which_patents(organizer, enterprise_user, admin_user):
    org, liaison = institution(region="320506")  # in Suzhou, the organiser's city
    elsewhere, other = institution("扬州大学广陵学院", region="321002", username="gl-liaison")
    mine, = stock(org, 1)
    theirs, = stock(elsewhere, 1, start=5)
    assert set(stock_selectors.visible_patents(admin_user)) == {mine, theirs}
    assert set(stock_selectors.visible_patents(organizer)) == {mine}
    assert set(stock_selectors.visible_patents(liaison)) == {mine}
    assert set(stock_selectors.visible_patents(enterprise_user)) == set()
    services.assign_reviewer(actor=other, patent_id=theirs.pk, reviewer_id=enterprise_user.organization_id)
    assert set(stock_selectors.visible_patents(enterprise_user)) == {theirs}


@pytest.mark.parametrize("count", [10, 100])
def test_the_dashboard_runs_the_same_statements_for_10_or_100_patents(count, client_as, admin_user):
    org, liaison = institution()
    patents = stock(org, count)
    for patent in patents[: count // 2]:
        services.evaluate(actor=liaison, patent_id=patent.pk, kind="inventor", data=FORM)
    client = client_as(admin_user)
    client.get("/transformation/stock/")  # the session and the menus warmed up
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/transformation/stock/")
    assert response.status_code == 200
    assert response.context["coverage"].counts["evaluated"] == count // 2
    assert len(queries) == EXPECTED_QUERIES, [q["sql"][:120] for q in queries]


EXPECTED_QUERIES = 13  # the session, the user, the menus; coverage, the cities' targets, by institution, what is left (its page; its count is the coverage's)
