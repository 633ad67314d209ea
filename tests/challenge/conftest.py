import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from challenge.services import demands as demand_services
from challenge.services import hot_lists
from jbgs.models import Campaign, IndustryField
from jbgs.money import rmb_upper, wan, yuan_text


def challenge_campaign(year: int = 2023) -> Campaign:
    return Campaign.objects.get(year=year, kind="challenge")


def demand_data(year: int = 2023, **changes) -> dict:
    data = {
        "title": "高镍正极材料循环寿命提升技术", "field": IndustryField.objects.get(year=year, code="new_energy"),
        "sub_field": "动力电池", "description": "现有高镍三元正极材料在高温循环中容量衰减快，需改进包覆工艺。",
        "expected_outcome": "形成可量产的包覆工艺并完成中试", "amount": Decimal("3000000"),
        "cooperation_modes": ["cooperative_development"],
        "valid_until": timezone.localdate() + datetime.timedelta(days=180),
        "region": None, "contact_name": "陈立群", "contact_phone": "0510-88881234",
        "contact_email": "chen@example.cn", "hidden_fields": ["contact_name", "contact_phone", "contact_email"],
    }
    data.update(changes)
    return data


def post_demand(user, targets=None, **changes):
    return demand_services.save_demand(actor=user, organization=user.organization, campaign=challenge_campaign(),
                                       data=demand_data(**changes), targets=targets)


def approved_demand(user, expert, targets=None, **changes):
    """A demand of the user's enterprise, submitted and approved: ready for a hot list."""
    demand = post_demand(user, targets, **changes)
    demand_services.submit(actor=user, demand=demand)
    demand_services.diagnose(actor=expert, demand=demand, verdict="approve")
    return demand


def api_demand(**changes) -> dict:
    """A demand as an API client posts it: codes, the amount in 万元, dates as text."""
    data = {
        "title": "高镍正极材料循环寿命提升技术", "field": "new_energy", "sub_field": "动力电池",
        "description": "现有高镍三元正极材料在高温循环中容量衰减快，需改进包覆工艺。",
        "expected_outcome": "形成可量产的包覆工艺并完成中试", "amount": "300",
        "targets": [{"indicator": "循环寿命", "value": "2000", "unit": "次", "hidden": False}],
        "cooperation_modes": ["cooperative_development"], "region": "320506",
        "valid_until": (timezone.localdate() + datetime.timedelta(days=180)).isoformat(),
        "contact_name": "陈立群", "contact_phone": "0510-88881234", "contact_email": "chen@example.cn",
    }
    data.update(changes)
    return data


@pytest.fixture
def challenge_2023(db):
    return challenge_campaign()


# Hidden means hidden (test_hidden_fields, test_api): every field an enterprise may hide carries
# a unique marker, the amount in every way the portal writes amounts.
AMOUNT = Decimal("1234567.89")
MARKERS = {
    "organization": "隐名甲乙丙新材料有限公司",
    "contact_name": "隐名联系人丁",
    "contact_phone": "051087654329",
    "contact_email": "hidden-marker@example.cn",
    "target": "秘密指标戊",
    "target_value": "MKR-7731",
}
AMOUNT_FORMS = [str(AMOUNT), yuan_text(AMOUNT), wan(AMOUNT), rmb_upper(AMOUNT), "1234567", "123.456789"]


@pytest.fixture
def published(enterprise_user, expert, admin_user, challenge_2023):
    enterprise = enterprise_user.organization
    enterprise.name = MARKERS["organization"]
    enterprise.save(update_fields=["name"])
    demand = post_demand(
        enterprise_user, amount=AMOUNT, contact_name=MARKERS["contact_name"], contact_phone=MARKERS["contact_phone"],
        contact_email=MARKERS["contact_email"],
        hidden_fields=["organization", "amount", "contact_name", "contact_phone", "contact_email"],
        targets=[{"indicator": "循环寿命", "value": "2000", "unit": "次"},
                 {"indicator": MARKERS["target"], "value": MARKERS["target_value"], "unit": "ppm", "hidden": True}])
    demand_services.submit(actor=enterprise_user, demand=demand)
    demand_services.diagnose(actor=expert, demand=demand, verdict="approve")
    hot_list = hot_lists.create_hot_list(actor=admin_user, campaign=challenge_2023, field=demand.field,
                                         title="新能源热门需求榜单", demand_ids=[demand.pk])
    hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    return demand


def leaks(pages: dict[str, str]) -> list[tuple[str, str]]:
    """(page, marker) for every marker found. A search page echoes its own query (the search
    box, the language switch's return address): the markers within that query are the
    searcher's text there, and the search's results are checked by the test."""
    found = []
    for url, text in pages.items():
        query = parse_qs(urlparse(url).query).get("q", [""])[0]
        for marker in [*MARKERS.values(), *AMOUNT_FORMS]:
            if marker in text and not (query and marker in query):
                found.append((url, marker))
    return found
