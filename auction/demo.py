"""Believable patents and results for the demo province and the benchmarks: Chinese titles
and summaries composed from each industry field's vocabulary, deterministic for a seed."""

import datetime
import random

from django.utils import timezone

from auction.choices import Column
from auction.identifiers import check_character
from auction.models import AuctionRules

# field code → (objects, techniques, purposes)
VOCABULARY = {
    "next_gen_it": (["工业互联网平台", "边缘计算节点", "分布式存储系统", "5G基站", "光通信模块", "集成电路芯片", "区块链网络"],
                    ["低时延调度", "数据加密传输", "故障自愈", "资源动态分配", "多源数据融合"],
                    ["提高通信可靠性", "降低系统能耗", "保障数据安全", "提升吞吐量"]),
    "artificial_intelligence": (["图像识别模型", "语音识别系统", "知识图谱", "大语言模型", "工业视觉检测设备", "智能问答系统"],
                                ["深度学习", "迁移学习", "强化学习", "小样本学习", "多模态融合"],
                                ["提高识别准确率", "降低标注成本", "实现实时推理", "增强模型可解释性"]),
    "biotechnology": (["单克隆抗体", "基因编辑载体", "酶制剂", "细胞培养体系", "体外诊断试剂盒", "疫苗佐剂"],
                      ["定向进化", "高通量筛选", "发酵工艺优化", "蛋白纯化", "微流控检测"],
                      ["提高表达产量", "缩短检测时间", "降低生产成本", "提升稳定性"]),
    "new_energy": (["锂离子电池", "钠离子电池", "光伏组件", "氢燃料电池", "储能系统", "风电机组", "固态电池"],
                   ["健康状态估计", "热管理", "电解液改性", "正极材料包覆", "功率预测", "故障诊断"],
                   ["延长循环寿命", "提高能量密度", "提升安全性", "提高发电效率"]),
    "new_materials": (["石墨烯复合材料", "碳化硅晶片", "高分子膜材料", "纳米涂层", "高温合金", "陶瓷基复合材料"],
                      ["溶胶凝胶法", "化学气相沉积", "原位聚合", "表面改性", "低温烧结"],
                      ["提高强度", "增强耐腐蚀性", "降低制备成本", "改善导热性能"]),
    "high_end_equipment": (["工业机器人", "数控机床", "激光加工装备", "精密减速器", "航空发动机叶片", "智能检测装置"],
                           ["轨迹规划", "误差补偿", "振动抑制", "在线监测", "数字孪生"],
                           ["提高加工精度", "提升装备可靠性", "实现柔性生产", "降低维护成本"]),
    "green_environmental": (["污水处理系统", "固废资源化装置", "VOCs治理设备", "土壤修复药剂", "碳捕集装置"],
                            ["高级氧化", "膜分离", "生物降解", "吸附再生", "催化燃烧"],
                            ["降低排放浓度", "实现资源回收", "减少能耗", "助力碳中和"]),
    "modern_agriculture": (["水稻品种", "智慧农业监测系统", "生物农药", "设施农业装备", "农产品保鲜技术"],
                           ["分子标记育种", "物联网监测", "精准施肥", "病虫害识别", "冷链控制"],
                           ["提高产量", "减少农药使用", "延长保鲜期", "提升品质"]),
}
FALLBACK = VOCABULARY["new_energy"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "华", "静", "丽"]


def vocabulary(field_code: str):
    return VOCABULARY.get(field_code, FALLBACK)


def title(rng: random.Random, field_code: str) -> str:
    objects, techniques, _purposes = vocabulary(field_code)
    obj, tech = rng.choice(objects), rng.choice(techniques)
    pattern = rng.randrange(4)
    if pattern == 0:
        return f"一种基于{tech}的{obj}及其制备方法"
    if pattern == 1:
        return f"{obj}{tech}方法、装置及存储介质"
    if pattern == 2:
        return f"一种{obj}的{tech}系统"
    return f"面向{obj}的{tech}技术"


def summary(rng: random.Random, field_code: str, heading: str) -> str:
    objects, techniques, purposes = vocabulary(field_code)
    first, second = rng.sample(techniques, 2)
    aim, further = rng.sample(purposes, 2)
    return (
        f"本发明公开了{heading}。针对现有{rng.choice(objects)}存在的效率低、成本高等问题，"
        f"采用{first}与{second}相结合的技术路线，"
        f"能够{aim}并{further}，已完成实验验证，具有良好的产业化前景。"
    )


def prospects(rng: random.Random, field_code: str) -> str:
    objects, _techniques, purposes = vocabulary(field_code)
    return f"可广泛应用于{rng.choice(objects)}等领域，{rng.choice(purposes)}，市场需求旺盛。"


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def application_number(year: int, serial: int, type_digit: str = "1") -> str:
    digits = f"{year}{type_digit}{serial % 10_000_000:07d}"
    return f"{digits}.{check_character(digits)}"


def patent_fields(rng: random.Random, *, field, campaign, serial: int, owner: str) -> dict:
    """The fields of one plausible patent for the campaign's rules."""
    rules = AuctionRules.of(campaign)
    cutoff = rules.patent_grant_cutoff or datetime.date(campaign.year - 3, 1, 1)
    span = max((datetime.date(campaign.year, 5, 31) - cutoff).days, 30)
    granted = cutoff + datetime.timedelta(days=rng.randrange(span))
    filed = granted - datetime.timedelta(days=rng.randrange(400, 1200))
    heading = title(rng, field.code)
    type_digit = "1" if rules.invention_only or rng.random() < 0.8 else "2"
    modes = rng.choice([["assignment"], ["assignment", "license_ordinary"], ["license_exclusive"],
                        ["license_open"], ["equity_contribution"]])
    open_license = "license_open" in modes
    programme = rng.random() < 0.25
    return {
        "kind": "patent", "title": heading, "field": field, "summary": summary(rng, field.code, heading),
        "prospects": prospects(rng, field.code), "maturity": rng.choice(["sample", "pilot", "intermediate", "mass_production"]),
        "trade_modes": modes, "asking_price": rng.choice([None, 100000, 300000, 500000, 800000, 1200000, 2000000]),
        "programme_related": programme, "programme_level": rng.choice(["national", "provincial"]) if programme else "",
        "programme_name": "国家重点研发计划" if programme else "", "carbon_related": field.code in (
            "new_energy", "green_environmental") and rng.random() < 0.6,
        "open_license_fee": "首年使用费5万元，之后按销售额2%提成" if open_license else "",
        "open_license_payment": "按年支付" if open_license else "", "open_license_term": "3年" if open_license else "",
        "application_number": application_number(filed.year, serial, type_digit), "application_date": filed,
        "grant_date": granted, "legal_status": "valid", "patentees": owner,
        "inventors": "；".join(person(rng) for _ in range(rng.randrange(1, 4))), "ipc": "G06N3/08",
    }


# unit, items, the state its list is left in
DEMO_LISTS = [
    ("南京工业大学", 12, "draft"),
    ("东南大学", 36, "accepted"),
    ("南京大学", 34, "accepted"),
    ("江南大学", 32, "submitted"),
    ("苏州大学", 31, "submitted"),
    ("江苏大学", 33, "returned"),
    ("扬州大学", 30, "accepted"),
    ("中国科学院苏州纳米技术与纳米仿生研究所", 15, "accepted"),
    ("清华大学", 6, "accepted"),
]
# An earlier year's published catalogue; the first REPEATED patents of its first unit come
# back in that unit's list of the demo year, where reviewers see them marked as published.
EARLIER_YEAR = 2023
EARLIER_LISTS = [("东南大学", 30), ("南京大学", 30)]  # the year's minimum for these universities
EARLIER_SELECTED_EVERY = 3  # one item in three was selected and published
REPEATED = 2
REPEATED_FIELDS = ("title", "application_number", "application_date", "grant_date", "summary", "prospects",
                   "patentees", "inventors")
SEALED_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def seed(admin) -> None:
    """Lists of this year's auction season in every state, a few hundred items in all, after
    an earlier year's published catalogue."""
    from auction.models import SubmissionList
    from auction.services import items as item_services
    from auction.services import lists as list_services
    from jbgs.demo import DEMO_YEAR
    from jbgs.models import Campaign, IndustryField, Organization

    campaign = Campaign.objects.filter(year=DEMO_YEAR, kind="auction").first()
    if campaign is None or SubmissionList.objects.filter(campaign=campaign).exists():
        return
    rng = random.Random(2026)
    _columns(admin, campaign)
    repeats = _earlier_catalogue(admin, rng)
    fields = list(IndustryField.objects.filter(year=campaign.year))
    # The lists were filled in and handed in before the year's deadline, as units do.
    due = campaign.submission_deadline
    filled = timezone.make_aware(datetime.datetime.combine(due - datetime.timedelta(days=10),
                                                           datetime.time(10))) if due else None
    serial = 0
    for index, (unit_name, count, state) in enumerate(DEMO_LISTS):
        unit = Organization.objects.get(name=unit_name)
        liaison = _liaison(unit, rng)
        submission_list = list_services.open_list(organization=unit, campaign=campaign, actor=liaison)
        for n in range(count):
            serial += 1
            field = fields[(serial * 7 + index) % len(fields)]
            data = patent_fields(rng, field=field, campaign=campaign, serial=serial * 37 + 11, owner=unit_name)
            if n < len(repeats.get(unit_name, ())):
                data.update(repeats[unit_name][n])
            if unit_name == "清华大学":
                data["asking_price"] = 1_000_000 * (n + 1)
            data["roadshow_pick"] = n < 10
            if n < 3:
                data.update(programme_related=True, programme_level="national", programme_name="国家重点研发计划")
            item_services.save_item(actor=liaison, submission_list=submission_list, data=data, now=filled)
        _hand_in(admin, submission_list, liaison, state, rng, now=filled)
        if state == "draft" and due and due < timezone.localdate():
            # Still open for the demo's liaison to fill in: an administrator gave the unit time.
            list_services.extend_deadline(actor=admin, submission_list=submission_list,
                                          until=timezone.localdate() + datetime.timedelta(days=60),
                                          reason="补报延期：该校需补充路演推荐材料")
    _selection(admin, campaign, fields, rng)
    _enquiries(campaign)


def _columns(admin, campaign) -> None:
    """The demo year has the 2022 notice's special columns (the 2023 plan, which it was
    copied from, names none) and a deposit account (marked as the demo's: the documents give
    none), as an administrator sets them on the year's page."""
    from jbgs.services.campaigns import save_campaign

    rules = AuctionRules.of(campaign)
    rules.columns = [Column.CARBON, Column.OUT_OF_PROVINCE_MILLION]
    rules.deposit_payee = "江苏省技术产权交易市场（演示账户）"
    rules.deposit_bank = "演示银行南京分行"
    rules.deposit_account = "3200 0000 0000 0000 000"
    stages = [{"code": s.code, "starts_on": s.starts_on, "ends_on": s.ends_on, "ongoing": s.ongoing}
              for s in campaign.stages.all()]
    save_campaign(actor=admin, campaign=campaign, stages=stages, rules=[rules])


def _liaison(unit, rng: random.Random):
    from jbgs.demo import account

    return unit.members.filter(roles__contains=["liaison"]).first() or account(
        f"liaison_{unit.credit_code[-6:].lower()}", person(rng), unit, ["liaison"])


def _hand_in(admin, submission_list, liaison, state: str, rng: random.Random, now=None) -> None:
    """The liaison's details, the agreement, the sealed copy, submission, and the review that
    leaves the list in `state` (draft, submitted, accepted or returned)."""
    from django.core.files.base import ContentFile

    from auction.services import lists as list_services
    from jbgs.services.organizations import accept_agreement

    list_services.update_contacts(actor=liaison, submission_list=submission_list, contacts={
        "liaison_name": liaison.name, "liaison_department": "科学技术处", "liaison_phone": "025-83790000",
        "liaison_email": liaison.email or "liaison@demo.jbgs.example"}, experts=[
        {"name": person(rng), "title": "教授", "speciality": "", "phone": "", "email": ""}], now=now)
    if state == "draft":
        return
    accept_agreement(organization=submission_list.organization, actor=liaison)  # kept once
    list_services.attach_sealed_copy(actor=liaison, submission_list=submission_list,
                                     upload=ContentFile(SEALED_PDF, name="盖章件.pdf"), now=now)
    list_services.submit_list(actor=liaison, submission_list=submission_list, now=now)
    if state == "accepted":
        list_services.review_list(actor=admin, submission_list=submission_list, accept=True, now=now)
    elif state == "returned":
        first = submission_list.items.first()
        list_services.review_list(actor=admin, submission_list=submission_list, accept=False, now=now,
                                  comment="请核对标注条目的专利权人信息。",
                                  item_reviews={first.pk: ("returned", "专利权人与授权证书不一致")})


def _earlier_catalogue(admin, rng: random.Random) -> dict[str, list[dict]]:
    """The earlier year's lists, accepted, selected by hand and published in the summer of
    that year. Returns, by unit, the patents that the unit lists again in the demo year."""
    from auction.services import items as item_services
    from auction.services import lists as list_services
    from auction.services import publication, selection
    from jbgs.models import Campaign, IndustryField, Organization

    campaign = Campaign.objects.filter(year=EARLIER_YEAR, kind="auction").first()
    if campaign is None:
        return {}
    fields = list(IndustryField.objects.filter(year=EARLIER_YEAR))
    handed_in = timezone.make_aware(datetime.datetime(EARLIER_YEAR, 6, 15, 10))
    repeats: dict[str, list[dict]] = {}
    for index, (unit_name, count) in enumerate(EARLIER_LISTS):
        unit = Organization.objects.get(name=unit_name)
        liaison = _liaison(unit, rng)
        submission_list = list_services.open_list(organization=unit, campaign=campaign, actor=liaison)
        for n in range(count):
            serial = 9_000_000 + index * 100 + n
            data = patent_fields(rng, field=fields[(index + n) % len(fields)], campaign=campaign, serial=serial,
                                 owner=unit_name)
            if index == 0 and n < REPEATED:  # granted early in that year: still eligible later
                data["grant_date"] = datetime.date(EARLIER_YEAR, 3, 1) + datetime.timedelta(days=20 * n)
                data["application_date"] = datetime.date(EARLIER_YEAR - 2, 5, 10) + datetime.timedelta(days=n)
                data["application_number"] = application_number(EARLIER_YEAR - 2, serial)
                repeats.setdefault(unit_name, []).append({name: data[name] for name in REPEATED_FIELDS})
            data.update(roadshow_pick=n < 10, programme_related=n < 3, programme_level="national" if n < 3 else "",
                        programme_name="国家重点研发计划" if n < 3 else "")
            item_services.save_item(actor=liaison, submission_list=submission_list, data=data, now=handed_in)
        _hand_in(admin, submission_list, liaison, "accepted", rng, now=handed_in)
        for n, item in enumerate(submission_list.items.order_by("id")):
            if n < REPEATED or n % EARLIER_SELECTED_EVERY == 0:
                selection.set_selected(actor=admin, item=item, selected=True, reason=f"{EARLIER_YEAR}年度遴选结果")
    published = timezone.make_aware(datetime.datetime(EARLIER_YEAR, 7, 20, 9))
    for field in IndustryField.objects.filter(item__campaign=campaign, item__selected=True).distinct():
        publication.publish(actor=admin, campaign=campaign, field=field, now=published,
                            title=f"{EARLIER_YEAR}年{field.name}领域高价值专利（成果）")
    return repeats


# Experts besides the demo `expert` account (a technical expert): username, name, unit, kind.
DEMO_EXPERTS = [
    ("expert_tech", "沈立新", "河海大学", "technical"),
    ("expert_ip", "顾明远", "苏州市知识产权运营中心", "patent_operation"),
    ("expert_invest", "许文博", "南京苏科技术转移中心有限公司", "investment"),
    ("expert_rd", "韩雪", "江苏省产业技术研究院", "technical"),
]
# How far selection has gone, by the fields' order: published, selected and waiting,
# scored and waiting for selection; the rest are still being scored.
PUBLISHED_FIELDS, SELECTED_FIELDS, SCORED_FIELDS = 4, 1, 1


def _selection(admin, campaign, fields, rng: random.Random) -> None:
    """Panels per field, balanced assignment, the experts' scores, selection and publication,
    each at a different point for different fields. The demo `expert` keeps some items to score."""
    from auction.models import Assignment, Panel
    from auction.services import publication, selection
    from jbgs.demo import account
    from jbgs.models import Organization, User

    experts = [User.objects.get(username="expert")] + [
        account(username, name, Organization.objects.get(name=unit), ["expert"], expert_kind=kind)
        for username, name, unit, kind in DEMO_EXPERTS
    ]
    selection.scheme_for(campaign)
    for position, field in enumerate(fields):
        panel = selection.save_panel(actor=admin, panel=Panel(campaign=campaign, field=field,
                                                              name=f"{field.name}评审组"), experts=experts)
        selection.assign(actor=admin, panel=panel, seed=position)
        finished = position < PUBLISHED_FIELDS + SELECTED_FIELDS + SCORED_FIELDS
        for assignment in Assignment.objects.filter(panel=panel).select_related("expert").order_by("id"):
            if not finished and (assignment.expert.username == "expert" or rng.random() < 0.3):
                continue  # still to be scored
            base = rng.uniform(5, 9.5)
            marks = {name: round(min(10, max(0, base + rng.uniform(-1.5, 1.5))), 1)
                     for name in ("advancement", "feasibility", "market", "legal")}
            selection.score(expert=assignment.expert, assignment=assignment, marks=marks,
                            comment=rng.choice(["技术路线清晰，产业化前景较好。", "创新性突出，建议重点推介。",
                                                "权利要求保护范围较窄。", "市场需求明确，可实施性强。"]))
        if position < PUBLISHED_FIELDS + SELECTED_FIELDS:
            selection.select(actor=admin, campaign=campaign, field=field, top_n=12)
            # The administrator adds out-of-province results of a million yuan and more by
            # hand, for their special column.
            featured = selection.eligible_items(campaign, field).filter(
                organization__region__in_jiangsu=False, asking_price__gte=AuctionRules.of(campaign).featured_price_min or 0,
                selected=False)
            for item in featured:
                selection.set_selected(actor=admin, item=item, selected=True, reason="省外百万级以上成果专栏")
        if position < PUBLISHED_FIELDS:
            publication.publish(actor=admin, campaign=campaign, field=field,
                                title=f"{campaign.year}年{field.name}领域高价值专利（成果）第一批")


# Questions visitors sent from catalogue entries: asker, contact phone, question, the seller's
# answer (None: still waiting), days ago.
DEMO_ENQUIRIES = [
    ("enterprise", "0512-62870001", "我司从事光电器件研发，对该专利的产业化应用很感兴趣。请问目前是否已有中试数据？转让后能否提供技术指导？",
     "您好，该技术已完成小试验证，中试数据预计年内完成。转让后发明人团队可提供一年的技术指导，欢迎来校面谈。", 6),
    ("bidder", "13951200002", "请问该专利是否接受普通许可？许可费用大致在什么范围？", None, 3),
    ("manager", "025-83790002", "受客户委托咨询：该专利是否存在质押或在先许可？权利人是否同意分期付款？", None, 1),
]


def _enquiries(campaign) -> None:
    """Enquiries about three of the year's published items, one answered by its unit's liaison."""
    from auction.access import unit_liaisons
    from auction.models import Item
    from auction.services import enquiries
    from jbgs.models import User

    items = Item.objects.filter(campaign=campaign, published_at__isnull=False).select_related("organization")
    now = timezone.now()
    for item, (username, phone, question, answer, days) in zip(items.order_by("id"), DEMO_ENQUIRIES, strict=False):
        asker = User.objects.get(username=username)
        asked = now - datetime.timedelta(days=days)
        enquiry = enquiries.ask(asker=asker, item=item, contact_name=asker.name, contact_phone=phone,
                                message=question, now=asked)
        if answer:
            enquiries.answer(actor=unit_liaisons(item.organization).first(), enquiry=enquiry, text=answer,
                             now=asked + datetime.timedelta(hours=20))
