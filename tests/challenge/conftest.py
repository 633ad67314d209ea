import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from challenge.services import demands as demand_services
from jbgs.models import Campaign, IndustryField


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


@pytest.fixture
def challenge_2023(db):
    return challenge_campaign()
