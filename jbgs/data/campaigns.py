"""Campaign years as the source documents give them (shared/seeds): the 2022 notice
(苏科技〔2022〕 通知, 附件1 and 附件2) and the 2023 plan (附件1, 1.1, 1.2). Dates the documents
do not give are left empty for the administrator to fill in."""

import datetime as _dt
from decimal import Decimal

D = _dt.date

_NOTICE_2022 = "关于举办2022年江苏省“专利（成果）拍卖季”和“J-TOP创新挑战季”活动的通知"
_PLAN_2023 = "2023年江苏省“专利（成果）拍卖季”和“J-TOP创新挑战季”总体工作方案"

CAMPAIGNS = [
    {
        "year": 2022,
        "kind": "auction",
        "title": "2022年江苏省专利（成果）拍卖季",
        "starts_on": D(2022, 6, 1),
        "ends_on": D(2022, 11, 30),
        "submission_deadline": D(2022, 7, 8),
        "patent_grant_cutoff": D(2019, 1, 1),
        "invention_only": True,
        "max_items_per_unit": 50,
        "min_items_per_unit": 30,
        "min_items_scope": "undergraduate",
        "programme_related_min": 0,
        "roadshow_picks": 0,
        "bidding_weekdays": [2, 4],
        "deal_support_threshold": Decimal("200000.00"),
        "source": f"{_NOTICE_2022}，附件1",
        "stages": [
            {"code": "collection"},
            {"code": "selection"},
            {"code": "promotion"},
            {"code": "bidding", "ends_on": D(2022, 11, 30)},
            {"code": "transfer", "ends_on": D(2022, 11, 30)},
            {"code": "summary"},
        ],
    },
    {
        "year": 2022,
        "kind": "challenge",
        "title": "2022年江苏省J-TOP创新挑战季",
        "starts_on": D(2022, 6, 1),
        "ends_on": D(2022, 11, 30),
        "deal_support_threshold": Decimal("200000.00"),
        "source": f"{_NOTICE_2022}，附件2",
        "stages": [
            {"code": "seeking", "ongoing": True},
            {"code": "publishing", "ongoing": True},
            {"code": "solving", "ongoing": True},
            {"code": "contest"},
            {"code": "awarding"},
        ],
    },
    {
        "year": 2023,
        "kind": "auction",
        "title": "2023年江苏省专利（成果）拍卖季",
        "starts_on": D(2023, 3, 1),
        "ends_on": D(2023, 11, 30),
        "submission_deadline": D(2023, 6, 20),
        "patent_grant_cutoff": D(2020, 1, 1),
        "invention_only": False,
        "max_items_per_unit": 50,
        "min_items_per_unit": 30,
        "min_items_scope": "ministry_provincial",
        "programme_related_min": 3,
        "roadshow_picks": 10,
        "bidding_weekdays": [2, 4],
        "deal_support_threshold": Decimal("200000.00"),
        "source": f"{_PLAN_2023}，附件1.1",
        "stages": [
            {"code": "collection", "starts_on": D(2023, 3, 1), "ends_on": D(2023, 6, 30)},
            {"code": "selection", "starts_on": D(2023, 6, 1), "ends_on": D(2023, 7, 31)},
            {"code": "promotion", "starts_on": D(2023, 5, 1), "ends_on": D(2023, 10, 31)},
            {"code": "bidding", "starts_on": D(2023, 4, 1), "ends_on": D(2023, 11, 30)},
            {"code": "transfer", "starts_on": D(2023, 4, 1), "ends_on": D(2023, 11, 30)},
            {"code": "summary"},
        ],
    },
    {
        "year": 2023,
        "kind": "challenge",
        "title": "2023年江苏省J-TOP创新挑战季",
        "starts_on": D(2023, 3, 1),
        "ends_on": D(2023, 12, 31),
        "deal_support_threshold": Decimal("200000.00"),
        "source": f"{_PLAN_2023}，附件1.2",
        "stages": [
            {"code": "seeking", "starts_on": D(2023, 3, 1), "ongoing": True},
            {"code": "publishing", "starts_on": D(2023, 5, 1), "ends_on": D(2023, 9, 30)},
            {"code": "solving", "starts_on": D(2023, 6, 1), "ends_on": D(2023, 10, 31)},
            {"code": "contest", "starts_on": D(2023, 8, 1), "ends_on": D(2023, 10, 31)},
            {"code": "follow_up", "ongoing": True},
        ],
    },
]

# Industry fields (产业领域) named by each year's documents.
INDUSTRY_FIELDS = {
    2022: [
        ("next_gen_it", "新一代信息技术"),
        ("biomedicine", "生物医药"),
        ("intelligent_manufacturing", "智能制造"),
        ("energy_saving", "节能环保"),
        ("new_materials", "新材料"),
        ("new_energy", "新能源"),
    ],
    2023: [
        ("next_gen_it", "新一代信息技术"),
        ("artificial_intelligence", "人工智能"),
        ("biotechnology", "生物技术"),
        ("new_energy", "新能源"),
        ("new_materials", "新材料"),
        ("high_end_equipment", "高端装备"),
        ("green_environmental", "绿色环保"),
        ("modern_agriculture", "现代农业"),
    ],
}
