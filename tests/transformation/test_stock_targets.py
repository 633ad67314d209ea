"""The coverage target date is a city's: Yangzhou's 2024-12-31 (its plan, preloaded) shown to a
Yangzhou institution, none to a Nanjing one; the administrator sets or changes a city's date
(audited, the earlier date kept); the province-wide dashboard lists the cities' dates; the
deep page of what is left is the same rows as the list in its order."""

import datetime

import pytest

from jbgs.exceptions import DomainError, NotAllowed
from jbgs.models import AuditEntry
from tests.transformation.stock import institution, stock
from transformation import stock_selectors
from transformation.choices import StockAction
from transformation.models import CoverageTarget, StockPatent
from transformation.services.coverage_targets import set_target

pytestmark = pytest.mark.django_db


def test_a_yangzhou_institution_is_shown_its_citys_target_and_a_nanjing_one_none(client_as):
    yzu, liaison = institution()  # 扬州市广陵区
    stock(yzu, 3)
    njut, other = institution("南京工业大学", region="320100", username="nj-liaison")
    target = stock_selectors.coverage_target(unit=yzu.pk)
    assert (target.region_id, target.due_on) == ("321000", datetime.date(2024, 12, 31)) and "扬州" in target.document
    assert stock_selectors.coverage_target(unit=njut.pk) is None
    page = client_as(liaison).get("/transformation/stock/")
    assert page.context["coverage"].target == datetime.date(2024, 12, 31)
    assert "2024-12-31" in page.content.decode()
    page = client_as(other).get("/transformation/stock/")
    assert page.context["coverage"].target is None and page.context["coverage"].days_left is None
    assert "data-no-target" in page.content.decode()


def test_the_administrator_sets_and_changes_a_citys_target(client_as, admin_user, organizer):
    client = client_as(admin_user)
    response = client.post("/transformation/stock/target/", {"region": "320100", "due_on": "2025年6月30日",
                                                               "document": "南京市专利转化运用专项行动方案"})
    assert response.status_code == 302
    assert CoverageTarget.objects.get(region="320100").due_on == datetime.date(2025, 6, 30)
    set_target(actor=admin_user, region_code="320100", due_on="2025-12-31")
    entries = AuditEntry.objects.filter(action=StockAction.TARGET_SET).order_by("pk")
    assert [(e.from_state, e.to_state) for e in entries] == [("", "2025-06-30"), ("2025-06-30", "2025-12-31")]
    assert entries[1].data["replaced"] == {"due_on": "2025-06-30", "document": "南京市专利转化运用专项行动方案"}
    cities = {city.code: city.due_on for city in client.get("/transformation/stock/").context["cities"]}
    assert cities["320100"] == datetime.date(2025, 12, 31) and cities["321000"] == datetime.date(2024, 12, 31)
    assert cities["320500"] is None
    njut, other = institution("南京工业大学", region="320102", username="nj-liaison")  # a district of Nanjing
    assert stock_selectors.coverage_target(unit=njut.pk).due_on == datetime.date(2025, 12, 31)
    with pytest.raises(NotAllowed):
        set_target(actor=organizer, region_code="320500", due_on="2025-12-31")
    assert client_as(organizer).post("/transformation/stock/target/", {"region": "320500",
                                                                       "due_on": "2025-12-31"}).status_code == 404


def test_a_wrong_target_names_each_field_and_writes_nothing(admin_user):
    with pytest.raises(DomainError) as refused:
        set_target(actor=admin_user, region_code="320000", due_on="明年")  # the province, not a city
    assert [e["field"] for e in refused.value.extra["errors"]] == ["region", "due_on"]
    with pytest.raises(DomainError):
        set_target(actor=admin_user, region_code="320100", due_on="")
    assert not CoverageTarget.objects.filter(region="320100").exists()


def test_a_deep_page_of_what_is_left_is_the_lists_rows_in_its_order():
    org, _ = institution()
    stock(org, 30)
    StockPatent.objects.filter(pk__in=StockPatent.objects.order_by("pk").values("pk")[:7]).update(stage="evaluated")
    StockPatent.objects.filter(pk__in=StockPatent.objects.order_by("-pk").values("pk")[:3]).update(stage="matched")
    scope = StockPatent.objects.filter(organization=org)
    expected = list(stock_selectors.left(scope, one_institution=True))
    pages = stock_selectors.LeftPages(scope, one_institution=True)
    assert pages.count() == 27 and pages[10:20] == expected[10:20] and pages[20:40] == expected[20:]
