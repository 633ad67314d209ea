import datetime

import pytest

from auction.models import SubmissionList
from auction.services.lists import open_list
from jbgs.models import Campaign, IndustryField
from jbgs.services.organizations import accept_agreement


def open_for_submissions(year: int) -> Campaign:
    """The documented year's auction season as during its collection stage: its lists were
    due long ago, and tests that fill lists in act as units did before the deadline (the
    deadline's own tests set one)."""
    Campaign.objects.filter(year=year, kind="auction").update(submission_deadline=None)
    return Campaign.objects.get(year=year, kind="auction")


@pytest.fixture
def auction_2023(db):
    return open_for_submissions(2023)


@pytest.fixture
def auction_2022(db):
    return open_for_submissions(2022)


@pytest.fixture
def field_2023(auction_2023):
    return IndustryField.objects.get(year=2023, code="new_energy")


@pytest.fixture
def unit_list(liaison, university, auction_2023) -> SubmissionList:
    return open_list(organization=university, campaign=auction_2023, actor=liaison)


@pytest.fixture
def agreed(liaison, university):
    return accept_agreement(organization=university, actor=liaison)


def patent_data(field, number="201710601862.3", **changes) -> dict:
    data = {
        "kind": "patent",
        "title": "一种基于深度学习的锂离子电池健康状态估计方法",
        "field": field,
        "summary": "本发明公开了一种锂离子电池健康状态估计方法，利用充电曲线特征与神经网络模型，提高估计精度。",
        "prospects": "可用于新能源汽车与储能系统的电池管理。",
        "maturity": "sample",
        "trade_modes": ["assignment", "license_ordinary"],
        "asking_price": "500000",
        "application_number": number,
        "patent_type": "",
        "application_date": datetime.date(2019, 7, 21),
        "grant_date": datetime.date(2022, 3, 15),
        "legal_status": "valid",
        "patentees": "南京工业大学",
        "inventors": "王强；李华",
        "ipc": "G01R31/367",
    }
    data.update(changes)
    return data


def result_data(field, title="高性能钠离子电池正极材料制备技术", **changes) -> dict:
    data = {
        "kind": "result",
        "title": title,
        "field": field,
        "summary": "成果开发了一种层状氧化物正极材料，循环寿命超过3000次。",
        "prospects": "适用于大规模储能。",
        "maturity": "pilot",
        "trade_modes": ["equity_contribution"],
        "asking_price": None,
        "result_year": 2022,
        "result_category": "material",
        "linked_patents": ["ZL201710601862.3"],
    }
    data.update(changes)
    return data


def valid_numbers(count: int, year: int = 2020, type_digit: str = "1") -> list[str]:
    """Distinct valid application numbers."""
    from auction.identifiers import check_character

    numbers = []
    for serial in range(count):
        digits = f"{year}{type_digit}{1000000 + serial:07d}"
        numbers.append(f"{digits}.{check_character(digits)}")
    return numbers


# --- Bidding: a published item, a lot on a bidding day, two bidders with their deposits held.


@pytest.fixture
def lot_item(admin_user):
    from tests.auction import bidding  # it builds on this module's helpers

    return bidding.published_items(admin_user)[0]


@pytest.fixture
def seller(lot_item):
    """The liaison of the unit whose item is for sale."""
    from tests.auction import bidding

    return bidding.seller_liaison()


@pytest.fixture
def lot(admin_user, lot_item):
    from tests.auction import bidding  # it builds on this module's helpers

    return bidding.make_lot(admin_user, [lot_item])


@pytest.fixture
def alice(admin_user, lot):
    from tests.auction import bidding  # it builds on this module's helpers

    return bidding.make_bidder(admin_user, lot, "alice")


@pytest.fixture
def bob(admin_user, lot):
    from tests.auction import bidding  # it builds on this module's helpers

    return bidding.make_bidder(admin_user, lot, "bob")


@pytest.fixture(autouse=True)
def _no_contested_lots():
    """Each test starts with no lot remembered as contested (auction.services.bidding)."""
    from auction.services import bidding

    bidding._lost_races.clear()
