"""The blank 《需求征集表》 as an .xlsx download (jbgs.blank_forms): the year's industry fields,
the cooperation modes and the 是/否 of what to hide as drop-downs, and a sample row that the
importer would accept once its 示例 mark is taken off."""

import datetime

from django.utils import timezone

from challenge.importers import COLUMNS, COOPERATION_MODES
from jbgs.blank_forms import BlankForm
from jbgs.imports import canonical
from jbgs.models import IndustryField

TITLE = "需求征集表"
SAMPLE = {
    "organization_name": "苏州某某新材料科技有限公司", "credit_code": "91350100M000100Y43", "region": "苏州市吴中区",
    "title": "耐高温密封材料配方与工艺", "sub_field": "高分子材料",
    "description": "现有氟橡胶密封圈在 300℃ 以上工况下老化快、寿命不足 500 小时，需改进配方与硫化工艺。",
    "targets": "耐温:350℃；使用寿命:≥3000小时", "expected_outcome": "形成可量产的配方与工艺，完成小批量试制",
    "amount": "50", "cooperation_modes": "委托开发、技术服务", "contact_name": "张三", "contact_phone": "0512-66668888",
    "contact_email": "zhangsan@example.com", "hide_organization": "否", "hide_contact": "是", "hide_amount": "否",
}


def blank_form(campaign, unit=None) -> bytes:
    """The year's blank form; `unit` (the collector's) is written in its second row."""
    fields = list(IndustryField.objects.filter(year=campaign.year).order_by("position", "code")
                  .values_list("name", flat=True))
    valid_until = timezone.localdate() + datetime.timedelta(days=365)
    sample = SAMPLE | {"field": fields[0] if fields else "", "valid_until": valid_until.isoformat()}
    return BlankForm(
        title=f"{campaign.title} {TITLE}", sheet=TITLE, columns=COLUMNS, sample=sample,
        note=f"征集单位（盖章）：{unit.name if unit is not None else ''}", options={"field": fields},
        suggest_only=("cooperation_modes",), wide=("organization_name", "title", "description", "targets"),
        instructions=_instructions(campaign, fields)).xlsx()


def _instructions(campaign, fields) -> list[str]:
    modes = canonical(COOPERATION_MODES)
    return [
        f"{campaign.title}：{TITLE}填写说明",
        "1. 带 * 的列必填；请勿修改表头，第4行示例填写完请删除。每一行是一家企业的一项技术需求。",
        "2. 企业按统一社会信用代码识别。平台尚未登记的企业，按本行的企业名称、所在地区（如 苏州市吴中区）、联系人、"
        "联系电话和邮箱登记为待核实企业，此时这些列也须填写。",
        f"3. 产业领域：{'、'.join(fields)}。",
        "4. 技术指标：每项写作“指标:数值单位”，多项用“；”或换行分隔，如：耐温:350℃；使用寿命:≥3000小时。",
        "5. 意向投入金额单位为万元，可写 50、50万 或 500000元。",
        f"6. 合作方式可多选，用顿号分隔：{'、'.join(modes)}。",
        "7. 有效期限须晚于今天，可写作 2025-12-31、2025.12.31 或 2025年12月31日。",
        "8. 隐去企业名称、隐去联系方式、隐去金额：填“是”则发布时不公开；不填时联系方式默认隐去，其余公开。",
        "9. 填好后在平台“批量导入需求”页上传：每一行或保存为草稿，或给出行号、列名与原因。同一企业的同名需求再次导入时，"
        "更新原需求（仍为草稿或退回修改时），不会重复。",
    ]
