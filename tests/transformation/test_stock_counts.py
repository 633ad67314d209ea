"""The coverage's two ways of counting evaluations by way: an institution's whole stock from the
evaluations' own institution (kept beside each evaluation when it is saved), any other scope
through its patents; both count each patent once per way. The institution's dashboard takes
how many are left from its coverage, and runs the same statements for 10 or 100 patents."""

import pytest
from django.db import connection
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext

from jbgs.models import Region
from tests.transformation.stock import evaluated_every_way, institution, stock
from transformation import stock_selectors
from transformation.models import StockEvaluation, StockPatent
from transformation.services import stock as services

pytestmark = pytest.mark.django_db
FORM = {"maturity": "3", "market": "4", "value": "5", "recommended": "yes", "comment": ""}


def evaluated_stock():
    """Two institutions of the same city; the first's patents evaluated by one to three ways
    (one of them twice by the same way), the second's by the inventor only."""
    org, liaison = institution(region="320506")
    other, other_liaison = institution("苏州职业大学", region="320506", username="szvu-liaison")
    first, second, third, _fourth = stock(org, 4)
    theirs = stock(other, 2, start=10)
    reviewer = evaluated_every_way(liaison, first, FORM, "苏州技术转移中心有限公司", "320506")
    services.evaluate(actor=liaison, patent_id=second.pk, kind="institution", data=FORM)
    services.evaluate(actor=liaison, patent_id=third.pk, kind="inventor", data=FORM)
    for patent in theirs:
        services.evaluate(actor=other_liaison, patent_id=patent.pk, kind="inventor", data=FORM)
    return org, other, liaison, reviewer


def test_an_evaluation_keeps_its_patents_institution_whoever_evaluates():
    org, other, _, reviewer = evaluated_stock()
    third_party = StockEvaluation.objects.get(kind="third_party")
    assert (third_party.institution_id, third_party.evaluator_organization_id) == (org.pk, reviewer.pk)
    assert {e.institution_id for e in StockEvaluation.objects.filter(patent__organization=other)} == {other.pk}
    assert not StockEvaluation.objects.exclude(institution=F("patent__organization")).exists()


def test_both_ways_of_counting_count_each_patent_once_per_way():
    org, other, _, _ = evaluated_stock()
    scope = stock_selectors.patents().filter(organization=org)
    whole = stock_selectors.coverage(scope, whole=Q(institution=org.pk))
    joined = stock_selectors.coverage(scope)
    assert whole.by_kind == joined.by_kind == {"inventor": 2, "institution": 2, "third_party": 1}
    assert whole.counts == joined.counts and whole.counts["evaluated"] == 3 and whole.total == 4
    both = stock_selectors.patents().filter(organization__in=[org, other])
    for counted in (stock_selectors.coverage(both), stock_selectors.coverage(both, whole=Q())):
        assert counted.by_kind == {"inventor": 4, "institution": 2, "third_party": 1} and counted.total == 6


def test_only_who_sees_every_patent_of_the_institutions_counts_their_whole_stock(organizer, admin_user,
                                                                                  enterprise_user):
    org, _, liaison, _ = evaluated_stock()
    suzhou = Region.objects.get(code="320500")
    assert stock_selectors.whole_stock(admin_user, unit=org.pk) == Q(institution=org.pk)
    assert stock_selectors.whole_stock(liaison, unit=org.pk) == Q(institution=org.pk)
    assert stock_selectors.whole_stock(admin_user) == Q()
    assert stock_selectors.whole_stock(admin_user, city=suzhou) is not None
    assert stock_selectors.whole_stock(organizer, city=suzhou) is not None  # its own city
    assert stock_selectors.whole_stock(organizer, city=Region.objects.get(code="321000")) is None
    assert stock_selectors.whole_stock(organizer, unit=org.pk, city=suzhou) is None  # what it sees of it
    assert stock_selectors.whole_stock(admin_user, unit=org.pk, city=suzhou) is None
    assert stock_selectors.whole_stock(organizer) is None and stock_selectors.whole_stock(liaison) is None
    assert stock_selectors.whole_stock(enterprise_user, unit=org.pk) is None


@pytest.mark.parametrize("who, query", [("admin", ""), ("admin", "?city=320500"), ("organizer", ""),
                                        ("organizer", "?unit={org}"), ("liaison", "")])
def test_every_dashboard_counts_what_its_scope_holds(who, query, client_as, admin_user, organizer):
    org, other, liaison, _ = evaluated_stock()
    elsewhere, _ = institution("扬州工业职业技术大学", region="321002", username="yzpoly")
    stock(elsewhere, 2, start=20)
    user = {"admin": admin_user, "organizer": organizer, "liaison": liaison}[who]
    response = client_as(user).get("/transformation/stock/" + query.format(org=org.pk))
    assert response.status_code == 200
    patents = StockPatent.objects.filter(pk__in=[p.pk for p in response.context["page"].paginator.object_list.rows])
    expected = {kind: StockEvaluation.objects.filter(patent__in=patents, kind=kind).count()
                for kind in ("inventor", "institution", "third_party")}
    assert response.context["coverage"].by_kind == expected
    assert sum(expected.values()) == (5 if who == "liaison" or "unit" in query else 7)


def test_the_organisers_view_of_an_institution_counts_what_it_sees(client_as, organizer):
    org, _, _, _ = evaluated_stock()
    response = client_as(organizer).get(f"/transformation/stock/?unit={org.pk}")
    assert response.status_code == 200
    assert response.context["coverage"].by_kind == {"inventor": 2, "institution": 2, "third_party": 1}
    assert response.context["page"].paginator.count == 4


def test_the_left_pages_take_a_known_count_and_read_the_same_rows():
    org, _ = institution()
    stock(org, 12)
    StockPatent.objects.filter(pk__in=StockPatent.objects.order_by("pk").values("pk")[:2]).update(stage="matched")
    scope = StockPatent.objects.filter(organization=org)
    counted = stock_selectors.LeftPages(scope, one_institution=True)
    known = stock_selectors.LeftPages(scope, one_institution=True,
                                      count=stock_selectors.coverage(scope, whole=Q(institution=org.pk)).left)
    assert known.count() == counted.count() == 10 and known[3:8] == counted[3:8]


@pytest.mark.parametrize("count", [10, 100])
def test_the_institutions_dashboard_runs_the_same_statements_for_10_or_100_patents(count, client_as):
    org, liaison = institution()
    patents = stock(org, count)
    for patent in patents[: count // 2]:
        services.evaluate(actor=liaison, patent_id=patent.pk, kind="inventor", data=FORM)
    client = client_as(liaison)
    client.get("/transformation/stock/")  # the session and the menus warmed up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/transformation/stock/?page={count // 100 + 1}")
    assert response.status_code == 200
    assert response.context["coverage"].by_kind["inventor"] == count // 2
    assert response.context["page"].paginator.count == count
    assert len(queries) == INSTITUTION_QUERIES, [q["sql"][:120] for q in queries]


# The session, the user with the unit, the menus (3); the city's target date, the coverage, the
# page of what is left (its count is the coverage's); the reviewers and the industry fields that
# the form giving many patents to a reviewer offers.
INSTITUTION_QUERIES = 11
