"""The 2022 notice's and the 2023 plan's special sessions and targets (承办要求), as rows."""

import datetime
from decimal import Decimal

from django.db import migrations

# Sessions planned, by what the documents count them by: 2022 organises 17 industry sessions
# (both campaigns together); 2023 10–12 industry sessions, talent pilots in Suzhou and
# Yangzhou, 1–2 regional, 1 open-licence and 1 scientific-instrument session.
PLANS = {
    2022: [("industry", 17, 17)],
    2023: [("industry", 10, 12), ("talent", 2, 2), ("regional", 1, 2), ("open_licence", 1, 1), ("instrument", 1, 1)],
}

# (session type or "" for every session of the year, code, label, kind, metric, goal, deadline, torch only)
TARGETS = {
    2022: [
        ("auction_industry", "published_items", "发布专利（成果）不少于 30 项", "min", "published_items", 30, None, False),
        ("auction_industry", "enterprises_served", "服务企业不少于 100 家", "min", "enterprises_served", 100, None, False),
        ("auction_industry", "roadshow", "9 月 30 日前举办路演，路演项目不少于 5 项", "deadline", "roadshow_projects", 5,
         datetime.date(2022, 9, 30), False),
        ("auction_industry", "participating_units", "参与单位不少于 50 家", "min", "participating_units", 50, None, False),
        ("auction_industry", "intentions", "达成意向不少于 10 项", "min", "intentions", 10, None, False),
        ("auction_industry", "recommended_projects", "推荐成效展项目不少于 10 项", "min", "recommended_projects", 10, None,
         False),
        ("auction_industry", "typical_cases", "典型案例不少于 3 个", "min", "typical_cases", 3, None, False),
        ("auction_industry", "media_reports", "主流媒体报道不少于 2 次", "min", "media_reports", 2, None, False),
        ("auction_industry", "summary_report", "提交总结报告", "done", "summary_report", None, None, False),
        ("challenge_industry", "enterprises_served", "服务企业不少于 100 家", "min", "enterprises_served", 100, None, False),
        ("challenge_industry", "valid_demands", "征集有效需求不少于 50 项", "min", "valid_demands", 50, None, False),
        ("challenge_industry", "roadshow", "10 月 30 日前举办路演，路演项目不少于 5 项", "deadline", "roadshow_projects", 5,
         datetime.date(2022, 10, 30), False),
        ("challenge_industry", "participating_units", "参与单位不少于 50 家", "min", "participating_units", 50, None,
         False),
        ("challenge_industry", "recommended_projects", "推荐成效展项目不少于 10 项", "min", "recommended_projects", 10,
         None, False),
        ("challenge_industry", "typical_cases", "典型案例不少于 3 个", "min", "typical_cases", 3, None, False),
        ("challenge_industry", "media_reports", "主流媒体报道不少于 2 次", "min", "media_reports", 2, None, False),
        ("challenge_industry", "summary_report", "提交总结报告", "done", "summary_report", None, None, False),
    ],
    2023: [
        ("", "enterprises_served", "服务企业不少于 100 家", "min", "enterprises_served", 100, None, False),
        ("", "roadshow", "10 月 30 日前举办路演，路演项目不少于 5 项", "deadline", "roadshow_projects", 5,
         datetime.date(2023, 10, 30), False),
        ("", "roadshow_attendees", "路演参加人数不超过 120 人", "max", "roadshow_attendees", 120, None, False),
        ("", "media_reports", "地方主流媒体报道不少于 2 次", "min", "media_reports", 2, None, False),
        ("", "summary_report", "提交总结报告 1 份", "done", "summary_report", None, None, False),
        ("", "typical_cases", "典型案例不少于 5 个", "min", "typical_cases", 5, None, False),
        ("", "recommended_projects", "推荐成效展项目不少于 10 项", "min", "recommended_projects", 10, None, False),
        ("auction_industry", "published_items", "发布专利（成果）不少于 30 项", "min", "published_items", 30, None, False),
        ("auction_industry", "programme_related_items", "火炬直通车：科技计划相关成果不少于 10 项", "min",
         "programme_related_items", 10, None, True),
        ("auction_industry", "major_results_in_roadshow", "路演重大成果不少于 2 项", "min", "major_results_in_roadshow", 2,
         None, False),
        ("auction_industry", "intentions", "达成意向不少于 20 项", "min", "intentions", 20, None, False),
        ("auction_industry", "deals", "成交不少于 10 项", "min", "deals", 10, None, False),
        ("challenge_industry", "valid_demands", "征集有效需求不少于 80 项", "min", "valid_demands", 80, None, False),
        ("challenge_industry", "cross_region_enterprises", "服务主办地以外企业不少于 30 家", "min",
         "cross_region_enterprises", 30, None, False),
        ("challenge_industry", "intentions", "达成意向不少于 20 项", "min", "intentions", 20, None, False),
        ("challenge_industry", "deals", "成交不少于 10 项", "min", "deals", 10, None, False),
        ("talent", "tech_manager_firms", "技术经理人机构参与不少于 5 家", "min", "tech_manager_firms", 5, None, False),
        ("talent", "intentions", "达成意向不少于 10 项", "min", "intentions", 10, None, False),
        ("talent", "deals", "成交不少于 5 项", "min", "deals", 5, None, False),
        ("regional", "cross_region_share", "跨区域服务的专利（成果）和需求占比不低于 30%", "ratio", "cross_region_share",
         Decimal("0.30"), None, False),
        ("regional", "invited_units_per_host", "每个主办方邀请单位不少于 20 家", "min", "invited_units_per_host", 20, None,
         False),
        ("regional", "intentions", "达成意向不少于 30 项", "min", "intentions", 30, None, False),
        ("regional", "deals", "成交不少于 15 项", "min", "deals", 15, None, False),
    ],
}


def load(apps, schema_editor):
    SessionPlan = apps.get_model("sessions_mgmt", "SessionPlan")
    TargetTemplate = apps.get_model("sessions_mgmt", "TargetTemplate")
    for year, plans in PLANS.items():
        SessionPlan.objects.bulk_create([SessionPlan(year=year, group=group, planned_min=low, planned_max=high)
                                         for group, low, high in plans])
    for year, targets in TARGETS.items():
        TargetTemplate.objects.bulk_create([
            TargetTemplate(year=year, session_type=session_type, code=code, label=label, kind=kind, metric=metric,
                           goal=None if goal is None else Decimal(goal), deadline=deadline, torch_only=torch,
                           position=position)
            for position, (session_type, code, label, kind, metric, goal, deadline, torch) in enumerate(targets)])


def unload(apps, schema_editor):
    apps.get_model("sessions_mgmt", "TargetTemplate").objects.filter(year__in=TARGETS).delete()
    apps.get_model("sessions_mgmt", "SessionPlan").objects.filter(year__in=PLANS).delete()


class Migration(migrations.Migration):
    dependencies = [("sessions_mgmt", "0001_target_templates")]
    operations = [migrations.RunPython(load, unload)]
