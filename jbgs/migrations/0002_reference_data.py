import datetime as _dt
from decimal import Decimal

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from jbgs.data import loaders

# The campaign years as the source documents gave them (shared/seeds), frozen as this
# migration first loaded them: the 2022 notice (附件1 and 附件2) and the 2023 plan (附件1,
# 1.1, 1.2). The auction's rules were fields of the campaign then; auction migration 0006
# carries them to auction.AuctionRules. Dates the documents do not give are left empty.

AUDIT_APPEND_ONLY = """
CREATE FUNCTION jbgs_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER jbgs_auditentry_append_only BEFORE UPDATE OR DELETE ON jbgs_auditentry
    FOR EACH ROW EXECUTE FUNCTION jbgs_audit_append_only();
"""
AUDIT_APPEND_ONLY_REVERSE = """
DROP TRIGGER IF EXISTS jbgs_auditentry_append_only ON jbgs_auditentry;
DROP FUNCTION IF EXISTS jbgs_audit_append_only();
"""

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

STAGE_ORDER = {
    "auction": ["collection", "selection", "promotion", "bidding", "transfer", "summary"],
    "challenge": ["seeking", "publishing", "solving", "contest", "awarding", "follow_up"],
}


def load_campaigns(Campaign, CampaignStage) -> None:
    """Create the documented years; a year an administrator already has is left alone."""
    known = {f.name for f in Campaign._meta.get_fields()}
    for row in CAMPAIGNS:
        row = {k: v for k, v in row.items() if k in known or k == "stages"}
        stages = row.pop("stages")
        campaign, created = Campaign.objects.get_or_create(
            year=row["year"], kind=row["kind"], defaults=row
        )
        if not created:
            continue
        order = STAGE_ORDER[campaign.kind]
        for stage in stages:
            CampaignStage.objects.create(
                campaign=campaign, position=order.index(stage["code"]), **stage
            )


def load(apps, schema_editor):
    loaders.load_regions(apps.get_model("jbgs", "Region"))
    load_campaigns(apps.get_model("jbgs", "Campaign"), apps.get_model("jbgs", "CampaignStage"))
    loaders.load_industry_fields(apps.get_model("jbgs", "IndustryField"))


class Migration(migrations.Migration):
    dependencies = [("jbgs", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(AUDIT_APPEND_ONLY, AUDIT_APPEND_ONLY_REVERSE),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
