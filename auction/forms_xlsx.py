"""The blank official forms as .xlsx downloads: a title row, the 单位名称（盖章） row, the
header, one sample row marked 示例, drop-downs for the enumerations, and a sheet of
instructions with the year's rules."""

import datetime

from auction.choices import ItemKind
from auction.importers import COLUMNS
from auction.models import AuctionRules
from jbgs.blank_forms import HEADER_ROW, BlankForm
from jbgs.models import IndustryField

__all__ = ["HEADER_ROW", "TITLES", "blank_form"]

TITLES = {ItemKind.PATENT: "专利征集表", ItemKind.RESULT: "成果征集表"}
SAMPLES = {
    ItemKind.PATENT: {
        "title": "一种锂离子电池健康状态估计方法", "application_number": "ZL201710601862.3", "patent_type": "发明",
        "application_date": "2017-07-21", "grant_date": "2021-03-05", "legal_status": "有效",
        "patentees": "某某大学", "inventors": "张三；李四", "ipc": "G01R31/367", "summary": "本发明公开了……",
        "prospects": "可用于新能源汽车电池管理……", "maturity": "通过小试", "trade_modes": "转让、普通许可",
        "asking_price": "50", "programme_related": "是", "programme_level": "省级",
        "programme_name": "江苏省重点研发计划项目", "carbon_related": "是", "roadshow_pick": "否",
    },
    ItemKind.RESULT: {
        "title": "高性能钠离子电池正极材料制备技术", "result_year": "2022", "result_category": "新材料",
        "linked_patents": "ZL201710601862.3", "summary": "成果开发了……", "prospects": "适用于大规模储能……",
        "maturity": "通过中试", "trade_modes": "作价入股", "asking_price": "面议", "programme_related": "否",
        "carbon_related": "是", "roadshow_pick": "否",
    },
}


def blank_form(kind: str, campaign, unit=None) -> bytes:
    """The year's blank form; `unit` (the downloader's) is written in its 单位名称 row."""
    fields = list(IndustryField.objects.filter(year=campaign.year).values_list("name", flat=True))
    sample = SAMPLES[kind] | {"field": fields[0] if fields else ""} | _sample_dates(kind, campaign)
    return BlankForm(
        title=f"{campaign.title} {TITLES[kind]}", sheet=TITLES[kind], columns=COLUMNS[kind], sample=sample,
        note=f"单位名称（盖章）：{unit.name if unit is not None else ''}", options={"field": fields},
        suggest_only=("trade_modes",), wide=("summary", "prospects", "title"),
        instructions=_instructions(kind, campaign, fields)).xlsx()


def _sample_dates(kind: str, campaign) -> dict:
    """The sample patent keeps the year's rule it is printed beside: granted after the cutoff."""
    cutoff = AuctionRules.of(campaign).patent_grant_cutoff
    if kind != ItemKind.PATENT or cutoff is None:
        return {}
    granted = cutoff + datetime.timedelta(days=60)
    return {"grant_date": granted.isoformat(), "application_date": (granted - datetime.timedelta(days=700)).isoformat()}


def _instructions(kind, campaign, fields) -> list[str]:
    lines = [
        f"{campaign.title}：{TITLES[kind]}填写说明",
        "1. 带 * 的列必填；请勿修改表头，第4行示例填写完请删除。",
        "2. 日期可写作 2021-03-05、2021.3.5、2021/3/5 或 2021年3月5日。",
        "3. 价格单位为万元，可写 50、50万、500000元；不填或填“面议”表示面议。",
        "4. 交易方式可多选，用顿号分隔，如：转让、普通许可。",
        f"5. 所属产业领域：{'、'.join(fields)}。",
    ]
    rules = AuctionRules.of(campaign)
    if kind == ItemKind.PATENT:
        rule = "仅限发明专利" if rules.invention_only else "面向产业化应用的有效专利"
        cutoff = rules.patent_grant_cutoff.isoformat() if rules.patent_grant_cutoff else "不限"
        lines.append(f"6. 本年度：{rule}，授权日不早于 {cutoff}，法律状态须为有效。")
    if rules.max_items_per_unit:
        lines.append(f"7. 每家单位报送专利（成果）总数不超过 {rules.max_items_per_unit} 项。")
    lines.append("8. 填好后在平台“导入”页上传：每一行或保存，或给出行号、列名与原因，可在浏览器中逐条修正。")
    return lines
