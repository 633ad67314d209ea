"""An institution's figures: one write path that names every wrong value and keeps what was
saved; three-year averages (a missing year counting as nought), year-on-year change, and the
platform's registered contracts beside the declared figures."""

import datetime
from decimal import Decimal

import pytest

from auction.choices import DealMethod, DealStage, TradeMode
from auction.models import Deal
from jbgs.choices import Role
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.models import AuditEntry
from jbgs.parsing import API_UNIT, TYPED_UNIT
from tests.challenge.conftest import challenge_campaign
from tests.conftest import make_organization, make_user
from transformation import selectors
from transformation.choices import Figure, TransformationAction
from transformation.models import InstitutionFigures
from transformation.services.figures import save_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def institute():
    org = make_organization("江苏省产业技术研究院", "research_institute", "320106")
    return org, make_user("jitri-liaison", org, [Role.LIAISON], name="钱文")


def year(grants=160, inventions=40, assignment=10, licence=6, equity=0, amount="300", **more):
    return {"ip_staff": 6, "ip_staff_full_time": 2, "patents_granted": grants, "invention_patents_granted": inventions,
            "transformed_by_assignment": assignment, "transformed_by_licence": licence,
            "transformed_by_equity": equity, "amount_by_assignment": amount, "amount_by_licence": "",
            "amount_by_equity": "", **more}


def test_a_year_is_saved_in_wan_and_replaced_whole_with_an_audit_entry(institute):
    org, liaison = institute
    saved = save_figures(actor=liaison, organization=org, year=2021, data=year(), unit=TYPED_UNIT)
    assert saved.amount_by_assignment == Decimal("3000000.00") and saved.transformed == 16
    again = save_figures(actor=liaison, organization=org, year="2021", data=year(grants=170, amount="3000000元"),
                         unit=TYPED_UNIT)
    assert again.pk == saved.pk and again.patents_granted == 170 and again.amount_by_assignment == Decimal("3000000")
    entries = AuditEntry.objects.filter(action=TransformationAction.FIGURES_SAVED).order_by("pk")
    assert entries.count() == 2
    assert entries.last().data["before"]["patents_granted"] == "160"
    assert entries.last().data["after"]["patents_granted"] == "170"


def test_every_wrong_value_is_named_and_nothing_is_written(institute):
    org, liaison = institute
    save_figures(actor=liaison, organization=org, year=2021, data=year(), unit=TYPED_UNIT)
    with pytest.raises(DomainError) as refused:
        save_figures(actor=liaison, organization=org, year=2021, unit=TYPED_UNIT,
                     data=year(grants="-3", amount="=SUM(A1:A9)", ip_staff="1e9"))
    fields = [problem["field"] for problem in refused.value.extra["errors"]]
    assert fields == ["ip_staff", "patents_granted", "amount_by_assignment"]
    assert InstitutionFigures.objects.get(organization=org, year=2021).patents_granted == 160


def test_parts_cannot_exceed_their_whole(institute):
    org, liaison = institute
    with pytest.raises(DomainError) as refused:
        save_figures(actor=liaison, organization=org, year=2021, data=year(inventions=200), unit=TYPED_UNIT)
    assert refused.value.field == "invention_patents_granted"
    with pytest.raises(DomainError) as refused:
        save_figures(actor=liaison, organization=org, year=2021, data=year(ip_staff_full_time=7), unit=TYPED_UNIT)
    assert refused.value.field == "ip_staff_full_time"
    with pytest.raises(DomainError) as refused:
        save_figures(actor=liaison, organization=org, year=2999, data=year(), unit=TYPED_UNIT)
    assert refused.value.field == "year"


def test_only_the_institutions_liaison_or_an_administrator_keeps_its_figures(institute, liaison, admin_user):
    org, _own = institute
    with pytest.raises(NotAllowed):
        save_figures(actor=liaison, organization=org, year=2021, data=year(), unit=TYPED_UNIT)
    assert save_figures(actor=admin_user, organization=org, year=2021, data=year(amount="3000000"),
                        unit=API_UNIT).amount_by_assignment == Decimal("3000000")


def test_a_calls_figures_are_the_three_years_before_it_a_missing_year_counting_as_nought(institute):
    org, liaison = institute
    save_figures(actor=liaison, organization=org, year=2019, data=year(grants=150, assignment=12, licence=0,
                                                                        amount="1200"), unit=TYPED_UNIT)
    save_figures(actor=liaison, organization=org, year=2021, data=year(grants=153, assignment=20, licence=4,
                                                                        amount="1800", ip_staff=8), unit=TYPED_UNIT)
    averages = selectors.call_figures(org, 2022)
    assert averages.years == [2019, 2020, 2021] and averages.missing == [2020]
    assert averages.figures[Figure.GRANTS_AVG] == Decimal("101.00")  # (150 + 0 + 153) / 3
    assert averages.figures[Figure.TRANSFORMED_AVG] == Decimal("12.00")  # (12 + 0 + 24) / 3
    assert averages.figures[Figure.TRANSFORMED_AMOUNT_AVG] == Decimal("1000.00")  # 万元
    assert averages.figures[Figure.IP_STAFF] == 8  # the latest year's staff


def test_year_on_year_change_and_the_platforms_registered_contracts(institute, enterprise_org):
    org, liaison = institute
    save_figures(actor=liaison, organization=org, year=2022, data=year(assignment=10, licence=0, amount="100"),
                 unit=TYPED_UNIT)
    save_figures(actor=liaison, organization=org, year=2023, data=year(assignment=1, licence=11, amount="50",
                                                                        amount_by_licence="10"),
                 unit=TYPED_UNIT)
    campaign = challenge_campaign()
    for number, (mode, amount) in enumerate([(TradeMode.ASSIGNMENT, "600000"), (TradeMode.ASSIGNMENT, "200000"),
                                             (TradeMode.LICENSE_SOLE, "100000")]):
        Deal.objects.create(campaign=campaign, number=f"JBGS-T-{number}", method=DealMethod.CHALLENGE,
                            buyer=enterprise_org, seller=org, price=Decimal(amount), stage=DealStage.REGISTERED,
                            concluded_at=datetime.datetime(2023, 5, 1, tzinfo=datetime.UTC),
                            contract_amount=Decimal(amount), contract_signed_on=datetime.date(2023, 5, 1),
                            contract_trade_form=mode, contract_number=f"JS2023-{number}",
                            registration_number=f"32010{number}")
    rows = {row.year: row for row in selectors.year_table(org)}
    assert rows[2023].transformed_change == Decimal("0.2")  # 12 against 10
    assert rows[2022].transformed_change is None
    assert rows[2023].platform["assignment"] == {"count": 2, "amount": Decimal("800000.00")}
    assert rows[2023].platform["licence"]["count"] == 1
    # 1 patent assigned is declared, the platform registered 2 assignments: the year is flagged.
    assert rows[2023].short_of_platform == ["assignment"]
    assert rows[2022].short_of_platform == []
