"""The calls the documents set, with their eligibility rules as data.

- 2022 专利转化专项计划 (the 2022 guide, 附件4): two directions, each city recommending at most one
  applicant per direction (三(三)), applications online until 2022-01-30 (四(二); the guide does
  not say when they open: the year's first day). University direction (一(三)): ≥ 5 IP staff of
  whom ≥ 2 full-time; more than 150 grants or more than 50 invention grants a year; more than 15
  patents or more than 1,500万 transformed a year, as three-year averages (超过: strictly more).
  Industry direction (二(三)): park committees on a key industry chain with a plan, more than 50
  chain enterprises, an IP body with a budget.
- 揭榜挂帅 technology-transfer project support (2022 notice 五.2): a single contract of a campaign
  deal of at least 20万 (含). The notice leaves the window to the year's call: the whole year
  until the administrator sets it.
"""

import datetime

from django.db import migrations

CALLS = [
    {"code": "2022-university", "year": 2022, "direction": "university",
     "title": "2022年度省专利转化专项计划·高校院所知识产权运营能力提升",
     "opens_on": datetime.date(2022, 1, 1), "closes_on": datetime.date(2022, 1, 30), "city_cap": 1,
     "guide": "支持高校院所建立实体化运行的高校知识产权运营中心，组建专业化团队，促进高校院所专利转化能力大幅提升。",
     "rules": [
         ("ip_staff", "配有知识产权管理人员不少于5人", [{"figure": "ip_staff", "op": "gte", "value": 5}]),
         ("ip_staff_full_time", "专职从事专利转化工作的人员不少于2人",
          [{"figure": "ip_staff_full_time", "op": "gte", "value": 2}]),
         ("patent_output", "近3年年均专利授权量超过150件或者发明专利授权量超过50件",
          [{"figure": "grants_avg", "op": "gt", "value": 150},
           {"figure": "invention_grants_avg", "op": "gt", "value": 50}]),
         ("transformation_base", "近3年年均转化实施专利超过15件或者金额超过1500万元",
          [{"figure": "transformed_avg", "op": "gt", "value": 15},
           {"figure": "transformed_amount_avg", "op": "gt", "value": 1500}]),
     ]},
    {"code": "2022-industry", "year": 2022, "direction": "industry",
     "title": "2022年度省专利转化专项计划·产业知识产权运营中心发展",
     "opens_on": datetime.date(2022, 1, 1), "closes_on": datetime.date(2022, 1, 30), "city_cap": 1,
     "guide": "聚焦江苏13个先进制造业集群，围绕50条重点产业链，培育和发展产业知识产权运营中心。",
     "rules": [
         ("industry_feature", "园区被省、市确定为重点产业链所在地区，并制定出台了相关重点产业发展规划",
          [{"figure": "chain_location", "op": "yes"}]),
         ("leading_role", "产业链相关企业总数超过50家",
          [{"figure": "chain_enterprises", "op": "gt", "value": 50}]),
         ("management", "园区建有知识产权管理机构，知识产权资金纳入园区财政预算",
          [{"figure": "ip_body", "op": "yes"}]),
     ]},
    {"code": "2022-campaign-deal", "year": 2022, "direction": "campaign_deal",
     "title": "2022年度省产学研合作指导性计划“揭榜挂帅”技术转移项目",
     "opens_on": datetime.date(2022, 1, 1), "closes_on": datetime.date(2022, 12, 31), "city_cap": None,
     "guide": "对参加活动促成的单笔技术合同实际成交额达20万元以上（含）的优秀项目，给予立项支持。",
     "rules": [
         ("deal_amount", "单笔技术合同实际成交额达20万元以上（含）",
          [{"figure": "deal_amount", "op": "gte", "value": 20}]),
     ]},
]


def add(apps, schema_editor):
    Call = apps.get_model("transformation", "Call")
    CallRule = apps.get_model("transformation", "CallRule")
    for spec in CALLS:
        spec = dict(spec)
        rules = spec.pop("rules")
        call = Call.objects.create(**spec)
        CallRule.objects.bulk_create([CallRule(call=call, code=code, label=label, position=n, conditions=conditions)
                                      for n, (code, label, conditions) in enumerate(rules)])


def remove(apps, schema_editor):
    apps.get_model("transformation", "Call").objects.filter(code__in=[c["code"] for c in CALLS]).delete()


class Migration(migrations.Migration):
    dependencies = [("transformation", "0001_calls_and_figures")]
    operations = [migrations.RunPython(add, remove)]
