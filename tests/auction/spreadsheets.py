"""Messy filled-in forms, as people really send them, in every accepted format."""

import csv
import datetime
import io

from openpyxl import Workbook

from tests.auction.conftest import valid_numbers

GOOD, TOO_EARLY, BAD_NUMBER, BAD_FIELD, BAD_PRICE, LAPSED, DUPLICATE = valid_numbers(7, year=2021)

HEADER = ["序号", "专利名称＊", "专利申请号", "专利类型", "申请日期", "授权公告日", "法律状态", "专利权人", "发明人",
          "所属产业领域", "专利摘要", "应用前景", "技术成熟度", "交易方式", "转让价格（万元）", "是否双碳相关"]


def row(seq, title, number, granted, field="新能源", price="50万", status="有效", applied="2019-07-21"):
    return [seq, title, number, "发明", applied, granted, status, "南京工业大学", "王强", field,
            f"{title}的技术简介，涉及锂离子电池健康状态估计。", "储能与新能源汽车", "通过小试", "转让、普通许可", price, "是"]


def rows():
    """(cells, expected problem column or None) in file order."""
    return [
        (row(1, "电池健康状态估计方法", f"ZL{GOOD}", "2021年3月5日", price="５０万"), None),
        (row(2, "钠离子电池正极材料", valid_numbers(8, year=2021)[7], datetime.date(2022, 1, 10), price="500000元"), None),
        (row(3, "光伏组件清洗机器人", valid_numbers(9, year=2021)[8], 44260, price="面议"), None),
        (row(4, "储能系统故障诊断", valid_numbers(10, year=2021)[9], "2021.3.5", price=80), None),
        (row(5, "早年授权的专利", TOO_EARLY, "2019-06-30", applied="2018-01-02"), "授权公告日"),
        (row(6, "号码写错的专利", BAD_NUMBER[:-1] + ("0" if BAD_NUMBER[-1] != "0" else "1"), "2022-01-01"), "专利申请号"),
        (row(7, "领域不存在", BAD_FIELD, "2022-01-01", field="量子计算"), "所属产业领域"),
        (row(8, "价格写错", BAD_PRICE, "2022-01-01", price="五十万"), "转让价格（万元）"),
        (row(9, "已失效专利", LAPSED, "2022-01-01", status="终止"), "法律状态"),
        (row(10, "重复的行", f"CN {GOOD}", "2022-01-01"), "专利申请号"),
    ]


def table():
    lines = [["2023年江苏省专利（成果）拍卖季 专利征集表"], ["单位名称（盖章）：南京工业大学"], HEADER,
             ["示例", "一种……方法", "ZL201710601862.3"]]
    for cells, _problem in rows():
        lines.append(cells)
        if cells[0] == 4:
            lines.append([None] * len(HEADER))  # a blank row in the middle
    lines.append(["合计", "", "", "", "", "", "", "", "", "", "", "", "", "", "1000"])
    lines += [[], []]
    return lines


def xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    for cells in table():
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls() -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("专利征集表")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, cells in enumerate(table()):
        for c, value in enumerate(cells):
            if isinstance(value, datetime.date):
                sheet.write(r, c, datetime.datetime.combine(value, datetime.time()), date_style)
            elif value is not None:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for cells in table():
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, datetime.date) else v) for v in cells])
    return out.getvalue().encode(encoding)
