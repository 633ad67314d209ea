"""The demo province's demand side: demands of its enterprises in every state, a few of them
collected by a sub-centre, published in hot lists by field (jbgs.demo runs it)."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

# field code → (sub-field, the problem, the target's indicator, value, unit), as enterprises put them.
THEMES = {
    "next_gen_it": [("工业互联网", "产线设备数据协议不统一，难以实时采集与分析", "数据采集延迟", "≤50", "ms"),
                    ("集成电路", "芯片封装翘曲导致良率偏低", "封装良率", "≥99.5", "%")],
    "artificial_intelligence": [("机器视觉", "金属表面细小缺陷人工目检漏检率高", "缺陷检出率", "≥99", "%"),
                                ("智能客服", "行业术语多，通用大模型问答准确率不足", "问答准确率", "≥92", "%")],
    "biotechnology": [("合成生物", "菌种发酵产率低、批次稳定性差", "发酵产率", "≥45", "g/L"),
                      ("生物制剂", "酶制剂高温下活性衰减快", "80℃ 残余活性", "≥80", "%")],
    "new_energy": [("动力电池", "高镍正极材料高温循环容量衰减快", "循环寿命", "≥2000", "次"),
                   ("光伏", "组件背板在湿热环境下老化开裂", "湿热老化时间", "≥3000", "h")],
    "new_materials": [("高分子材料", "密封件在 300℃ 下老化变硬", "耐温", "≥300", "℃"),
                      ("复合材料", "碳纤维构件成型周期长、成本高", "成型周期", "≤15", "min")],
    "high_end_equipment": [("数控机床", "主轴热变形导致加工精度漂移", "定位精度", "≤3", "μm"),
                           ("工程机械", "液压系统能耗高、噪声大", "系统能耗降低", "≥15", "%")],
    "green_environmental": [("水处理", "高盐废水处理成本高、膜污染严重", "吨水处理成本", "≤8", "元"),
                            ("固废利用", "冶炼废渣综合利用率低", "综合利用率", "≥85", "%")],
    "modern_agriculture": [("智慧农业", "设施大棚温湿度调控依赖人工", "调控响应时间", "≤5", "min"),
                           ("农产品加工", "鲜切果蔬货架期短", "货架期", "≥10", "天")],
}
MODES = ["technology_transfer", "technology_licence", "commissioned_development", "cooperative_development",
         "technical_service", "technical_consulting"]
# How many demands end in each state.
STATES = [("draft", 24), ("submitted", 30), ("returned", 12), ("rejected", 6), ("approved", 18), ("published", 170),
          ("withdrawn", 8)]
# What four universities declare of their research (SolverProfile), in the themes' words.
PROFILES = {
    "南京大学": ("集成电路封装与芯片可靠性、工业互联网数据采集协议研究", "集成电路、封装、良率、工业互联网、数据采集",
             ["next_gen_it", "artificial_intelligence"]),
    "江南大学": ("合成生物与发酵工程、酶制剂稳定性改造、农产品加工与保鲜", "合成生物、发酵、菌种、酶制剂、货架期、鲜切果蔬",
             ["biotechnology", "modern_agriculture"]),
    "南京工业大学": ("动力电池正极材料与光伏组件可靠性、高盐废水膜处理", "高镍正极、动力电池、光伏、背板、高盐废水、膜污染",
               ["new_energy", "green_environmental"]),
    "苏州大学": ("机器视觉缺陷检测、数控机床热变形补偿、碳纤维复合材料成型", "机器视觉、缺陷检测、数控机床、热变形、碳纤维",
             ["artificial_intelligence", "high_end_equipment", "new_materials"]),
}


def seed(admin) -> None:
    from challenge.models import ChallengeRules, Demand
    from challenge.services import demands as demand_services
    from challenge.services import hot_lists
    from jbgs.choices import OrganizationKind, Role
    from jbgs.demo import DEMO_YEAR, account
    from jbgs.models import Campaign, IndustryField, Organization, User

    campaign = Campaign.objects.filter(year=DEMO_YEAR, kind="challenge").first()
    if campaign is None or Demand.objects.filter(campaign=campaign).exists():
        return
    rng = random.Random(2027)
    fields = {f.code: f for f in IndustryField.objects.filter(year=campaign.year)}
    themes = [(fields[code], theme) for code, items in THEMES.items() if code in fields for theme in items]
    enterprises = list(Organization.objects.filter(kind=OrganizationKind.ENTERPRISE, status="active").order_by("pk"))
    posters = []
    for unit in enterprises:
        member = unit.members.filter(roles__contains=[Role.ENTERPRISE]).first() or account(
            f"enterprise_{unit.credit_code[-6:].lower()}", "企业联系人", unit, [Role.ENTERPRISE])
        posters.append(member)
    expert = User.objects.filter(roles__contains=[Role.EXPERT]).first()
    collector = User.objects.filter(organization__kind=OrganizationKind.MARKET_BRANCH).first()
    criteria = ChallengeRules.of(campaign).diagnosis_criteria
    today = timezone.localdate()
    approved_by_field: dict = {}
    serial = 0
    for state, count in STATES:
        for _ in range(count):
            field, (sub_field, problem, indicator, value, unit_name) = themes[serial % len(themes)]
            poster = posters[(serial * 3 + serial // len(themes)) % len(posters)]
            serial += 1
            amount = Decimal(rng.choice([30, 50, 80, 100, 150, 200, 300, 500, 800])) * 10000
            hidden = ["contact_name", "contact_phone", "contact_email"]
            if serial % 7 == 0:
                hidden += ["organization"]
            if serial % 5 == 0:
                hidden += ["amount"]
            demand = demand_services.save_demand(
                actor=poster, organization=poster.organization, campaign=campaign, collector=(
                    collector if serial % 4 == 0 else None),
                data={"title": f"{sub_field}：{problem.split('，')[0]}的解决方案", "field": field, "sub_field": sub_field,
                      "description": f"{problem}。企业现有工艺已运行多年，希望与高校院所合作攻关。",
                      "expected_outcome": "形成可在企业产线应用的技术方案，并完成中试验证。", "amount": amount,
                      "cooperation_modes": rng.sample(MODES, rng.choice((1, 2))),
                      "valid_until": today + datetime.timedelta(days=rng.randrange(60, 400)),
                      "region": poster.organization.region, "contact_name": poster.name or "企业联系人",
                      "contact_phone": f"0512-6{serial:07d}", "contact_email": f"contact{serial}@demo.jbgs.example",
                      "hidden_fields": hidden},
                targets=[{"indicator": indicator, "value": value, "unit": unit_name, "hidden": serial % 6 == 0}])
            if state == "draft":
                continue
            if state == "withdrawn":
                demand_services.withdraw(actor=poster, demand=demand, reason="企业已通过其他渠道解决")
                continue
            demand_services.submit(actor=poster, demand=demand)
            if state == "submitted":
                continue
            verdict = {"returned": "revise", "rejected": "reject"}.get(state, "approve")
            comment = {"revise": "请补充技术指标的测试条件和预算构成。", "reject": "需求属于常规采购，不属于技术难题。"}.get(verdict, "")
            scores = {c["code"]: rng.randrange(60, 96) for c in criteria}
            demand_services.diagnose(actor=expert, demand=demand, verdict=verdict, comment=comment, scores=scores)
            if state == "published":
                approved_by_field.setdefault(field, []).append(demand.pk)
    for field, ids in sorted(approved_by_field.items(), key=lambda kv: kv[0].position):
        hot_list = hot_lists.create_hot_list(actor=admin, campaign=campaign, field=field,
                                             title=f"{campaign.year}年{field.name}热门需求榜单（第一批）", demand_ids=ids)
        hot_lists.publish_hot_list(actor=admin, hot_list=hot_list)
    _solutions(rng, [pk for ids in approved_by_field.values() for pk in ids])
    _disclaimers()
    _contests(admin, campaign, rng)


def _matching(admin) -> None:
    """Four universities declare their research; the words are counted, every public demand is
    matched, and the morning's digests go out, as the nightly and morning jobs do."""
    from challenge.services import digests, matching
    from jbgs.choices import Role
    from jbgs.models import Organization

    for name, (directions, keywords, fields) in PROFILES.items():
        unit = Organization.objects.get(name=name)
        keeper = unit.members.filter(roles__overlap=[Role.LIAISON, Role.SOLVER]).first() or admin
        matching.save_profile(actor=keeper, organization=unit, directions=directions, keywords=keywords,
                              field_codes=fields)
    matching.count_terms()
    matching.match_public()
    digests.send_digests()


def _solutions(rng: random.Random, published_ids: list[int]) -> None:
    """Universities answer a quarter of the published demands; the enterprises shortlist some
    and record intentions with a few, which opens their cooperations; half of those have signed
    their contract."""
    from challenge.models import Demand
    from challenge.services import cooperations as cooperation_services
    from challenge.services import solutions as solution_services
    from jbgs.choices import Role
    from jbgs.demo import account
    from jbgs.models import Organization, User

    solvers = [User.objects.get(username="solver")]
    for name in ("南京大学", "江南大学", "南京工业大学", "苏州大学"):
        unit = Organization.objects.get(name=name)
        solvers.append(unit.members.filter(roles__contains=[Role.SOLVER]).first() or account(
            f"solver_{unit.credit_code[-6:].lower()}", "科研团队负责人", unit, [Role.SOLVER]))
    approaches = ["基于课题组已授权专利的工艺路线，先小试后中试。", "联合企业技术人员组建攻关团队，分两期实施。",
                  "采用仿真与实验结合的方法优化参数，六个月内给出样机。"]
    for index, pk in enumerate(sorted(published_ids)[::4]):
        demand = Demand.objects.select_related("organization", "campaign").get(pk=pk)
        answered = []
        for solver in rng.sample(solvers, 2):
            if solver.organization_id == demand.organization_id:
                continue
            target = demand.targets.first()
            answered.append(solution_services.submit_solution(
                actor=solver, demand=demand, leader=solver.name or "团队负责人", members="博士后 2 名、研究生 4 名",
                approach=rng.choice(approaches), timeline=f"{rng.choice((6, 9, 12, 18))} 个月",
                budget=demand.amount * Decimal("0.8"), promises=[{"indicator": target.indicator, "value": target.value,
                                                                 "unit": target.unit}] if target else []))
        owner = demand.organization.members.filter(roles__contains=[Role.ENTERPRISE]).first()
        if answered and index % 3 == 0:
            solution_services.shortlist(actor=owner, solution=answered[0])
        if answered and index % 5 == 0:
            cooperation = solution_services.record_intention(actor=owner, solution=answered[0])
            if index % 10 == 0:  # half of them signed their contract, a deal of the year's totals
                cooperation_services.record_contract(
                    actor=owner, cooperation=cooperation, contract_number=f"JS{demand.campaign.year}-{pk:05d}",
                    contract_amount=demand.amount * Decimal("0.6"),
                    signed_on=timezone.localdate() - datetime.timedelta(days=3 + index % 37))



def _disclaimers() -> None:
    """The demo's enterprise, solver and expert accepted the current 《免责声明》 (the seeded
    migration's); the other demo people have not, for the page to ask them."""
    from challenge.services import disclaimers
    from jbgs.models import User

    for user in User.objects.filter(username__in=("enterprise", "solver", "expert")):
        disclaimers.accept(actor=user, version=disclaimers.current().version)


def _contests(admin, campaign, rng: random.Random) -> None:
    """The season's contests (竞榜): the cooperations' two sides consented; one contest held a
    month ago, marked by two experts, with a financial institution's interest; one in two
    weeks, which `expert` marks and `financier` evaluates; and a draft."""
    from challenge.models import ChallengeRules, Cooperation
    from challenge.services import consents, contest_reviews, disclaimers
    from challenge.services import contests as contest_services
    from jbgs.choices import OrganizationKind, Role
    from jbgs.demo import account
    from jbgs.models import Organization, User

    cooperations = list(Cooperation.objects.filter(demand__campaign=campaign).select_related(
        "demand__field", "demand__organization", "solution__solver").order_by("pk")[:3])
    if not cooperations:
        return
    version = disclaimers.current().version
    for cooperation in cooperations:
        owner = cooperation.demand.organization.members.filter(roles__contains=[Role.ENTERPRISE]).first()
        for person in (owner, cooperation.solution.solver):
            disclaimers.accept(actor=person, version=version)
        consents.give(actor=owner, cooperation=cooperation)
        consents.give(actor=cooperation.solution.solver, cooperation=cooperation)
    experts = [User.objects.get(username="expert"), account("expert_sxw", "钱学文", Organization.objects.get(
        name="东南大学"), [Role.EXPERT])]
    disclaimers.accept(actor=experts[1], version=version)
    institutions = list(Organization.objects.filter(kind=OrganizationKind.FINANCIAL_INSTITUTION).order_by("name"))
    today = timezone.localdate()
    held = _contest(admin, campaign, cooperations[:2], experts, institutions, title="产业专场现场挑战比拼（第一场）",
                    held_on=today - datetime.timedelta(days=30), venue="常州科教城创研港")
    criteria = ChallengeRules.of(campaign).contest_criteria
    for pair in held.pairs.all():
        for expert in experts:
            contest_reviews.score(actor=expert, pair=pair, marks={c["code"]: rng.randrange(72, 95) for c in criteria},
                                  comment=rng.choice(["建议补充中试数据和成本测算。", "技术路线清晰，建议尽快签订技术开发合同。",
                                                      "供需匹配度高，可考虑申报省级科技计划。"]))
    financier = User.objects.filter(username="financier").first()
    if financier is not None:
        contest_reviews.record_interest(actor=financier, pair=held.pairs.first(),
                                        note="可提供知识产权质押贷款，额度视评估结果确定。")
    contest_services.mark_held(actor=admin, contest=held)
    _nomination(admin, campaign, held)
    _contest(admin, campaign, cooperations[2:], experts[:1], institutions, title="产业专场现场挑战比拼（第二场）",
             held_on=today + datetime.timedelta(days=14), venue="苏州国际科技园")
    contest_services.create_contest(actor=admin, campaign=campaign, data={
        "title": "区域专场现场挑战比拼", "session_label": f"{campaign.year}年苏锡常区域专场", "field": None,
        "held_on": today + datetime.timedelta(days=45), "venue": "无锡太湖国际科技园"})


def _contest(admin, campaign, cooperations, experts, institutions, **details):
    from challenge.services import contests as contest_services

    field = cooperations[0].demand.field if cooperations else None
    contest = contest_services.create_contest(actor=admin, campaign=campaign, data={
        "field": field, "session_label": f"{campaign.year}年{field.name if field else ''}产业专场", **details})
    for cooperation in cooperations:
        contest_services.add_pair(actor=admin, contest=contest, cooperation=cooperation)
    for expert in experts:
        contest_services.invite_expert(actor=admin, contest=contest, expert=expert)
    for institution in institutions:
        contest_services.invite_institution(actor=admin, contest=contest, organization=institution)
    return contest_services.publish(actor=admin, contest=contest) if cooperations else contest


def _nomination(admin, campaign, held) -> None:
    """The held contest's best pair nominated for the year's project award; the honours list is
    left for `admin` to complete and publish (管理 → 奖榜)."""
    from challenge import selectors
    from challenge.services import awards

    results = selectors.contest_results(held)
    best = max(held.pairs.all(), key=lambda pair: results.get(pair.pk, (0, 0))[1])
    awards.nominate(actor=admin, campaign=campaign, category=next(iter(awards.categories(campaign))),
                    cooperation=best.cooperation, contest_pair=best,
                    citation="供需双方在竞榜中表现突出，合作成效显著，推荐为年度优秀技术转移合作项目。")
