"""In a real headless Chromium, the supply side from end to end (issue 3): a university's
liaison downloads the blank 《专利征集表》, uploads it filled with some bad rows, reads the
row errors, corrects one in the browser and submits the list under the year's rules; the
administrator accepts it and gives the field to an expert panel; an expert scores; the
administrator selects and publishes; and a visitor finds the item by a word that only its
summary holds, on a public page that shows nothing private.

Only the starting data (units, people) is made in Python; everything else goes through the
pages. The campaign and its rules are the year's data (jbgs/data), read, not assumed. The
import runs as in production: the view queues the Celery task after commit, the job page
polls while it waits, and a real worker (started in the test process) runs it.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from auction import selectors
from auction.rules import minimum_applies
from jbgs.choices import OrganizationKind, Role
from jbgs.models import Campaign, IndustryField
from tests.auction.conftest import open_for_submissions, valid_numbers
from tests.browser.conftest import accept_next_dialog, celery_tasks_queued, sign_in, sign_out
from tests.conftest import PASSWORD, make_organization, make_user, persona, unit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UNIT = "南京工业大学"  # the `university` persona's unit: a 部省属本科高校
# The word the visitor searches for: in the found item's summary only, in no title, in no other row.
WORD = "钙钛矿"
FOUND_TITLE = "一种叠层太阳能电池及其制备方法"
FOUND_SUMMARY = f"本发明公开了一种以{WORD}为顶电池、晶体硅为底电池的叠层太阳能电池，光电转换效率超过30%。"
EARLY_TITLE = "一种电池极片辊压装置"
ELSEWHERE_TITLE = "一种量子点发光器件"
EXPERT_COMMENT = "叠层结构设计新颖，产业化前景好，建议重点推介。"
TOPICS = ["锂离子电池健康状态估计", "储能电站故障诊断", "光伏组件清洗", "氢燃料电池膜电极", "风电叶片缺陷检测",
          "动力电池热管理", "固态电解质制备", "退役电池梯次利用", "电网负荷预测", "充电桩功率分配"]
ASPECTS = ["方法", "装置", "系统"]


@dataclass
class Flow:
    base: str
    campaign: Campaign
    fields: dict[str, str]  # code → name, of the campaign's year
    rows: list[dict]  # the rows the liaison types into the form, in order
    good_titles: list[str]  # the rows that pass as typed
    right_number: str  # the found item's application number…
    wrong_number: str  # … and as mistyped in the file

    @property
    def energy(self) -> str:
        return self.fields["new_energy"]

    @property
    def in_energy(self) -> int:
        """Items the new-energy panel gets: its good rows and the one corrected in the browser."""
        return 1 + sum(r["所属产业领域"] == self.energy for r in self.rows if r["专利名称"] in self.good_titles)


# --- the spreadsheet the liaison fills in ---------------------------------------------------


def patent_row(title, number, field, *, granted, summary=None, programme=False, roadshow=False) -> dict:
    return {
        "专利名称": title, "专利号": number, "专利类型": "发明", "申请日": "2020-03-16", "授权日": granted,
        "法律状态": "有效", "专利权人": UNIT, "发明人": "王强；李华", "IPC分类号": "H01M10/42",
        "所属产业领域": field, "技术简介": summary or f"本发明涉及{title[2:]}，结构简单、成本低，便于推广应用。",
        "应用前景": "可用于新能源汽车与储能系统。", "技术成熟度": "通过小试", "交易方式": "转让、普通许可",
        "意向价格（万元）": "50", "是否国家级/省级科技计划项目相关": "是" if programme else "否",
        "项目级别": "省级" if programme else "", "项目名称": "江苏省重点研发计划项目" if programme else "",
        "是否双碳相关": "是", "是否推荐路演": "是" if roadshow else "否",
    }


def plan_the_list(base: str, campaign: Campaign) -> Flow:
    """One row short of the year's minimum in good rows (so the row corrected in the browser
    is what meets it), exactly the programme and roadshow quotas, and three bad rows: a typo
    in a number's check character, a grant before the year's cut-off, an unknown field."""
    fields = {f.code: f.name for f in IndustryField.objects.filter(year=campaign.year)}
    good = campaign.auction_rules.min_items_per_unit - 1
    numbers = valid_numbers(good + 1, year=2020)
    granted = (campaign.auction_rules.patent_grant_cutoff + datetime.timedelta(days=400)).isoformat()
    titles = [f"一种{topic}{aspect}" for aspect in ASPECTS for topic in TOPICS][:good]
    rows = [
        patent_row(title, f"ZL{numbers[i]}", fields["new_materials"] if i % 3 == 2 else fields["new_energy"],
                   granted=granted, programme=i < campaign.auction_rules.programme_related_min,
                   roadshow=i < campaign.auction_rules.roadshow_picks)
        for i, title in enumerate(titles)
    ]
    right = numbers[good]
    wrong = right[:-1] + ("1" if right[-1] != "1" else "2")
    early = patent_row(EARLY_TITLE, valid_numbers(1, year=2017)[0], fields["new_energy"],
                       granted=f"{campaign.auction_rules.patent_grant_cutoff.year - 1}-06-30")
    early["申请日"] = "2017-05-02"
    rows[4:4] = [patent_row(FOUND_TITLE, f"ZL{wrong}", fields["new_energy"], granted=granted, summary=FOUND_SUMMARY)]
    rows[12:12] = [early]
    rows[20:20] = [patent_row(ELSEWHERE_TITLE, valid_numbers(1, year=2019)[0], "量子计算", granted=granted)]
    return Flow(base, campaign, fields, rows, titles, right, wrong)


def fill_form(path, rows: list[dict]) -> dict[str, int]:
    """Write the rows under the header of the downloaded form, as a person would: the sample
    row deleted, one row per patent. Returns each title's spreadsheet row number."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "序号")
    columns = {str(cell.value).rstrip("*"): cell.column for cell in sheet[header] if cell.value}
    sheet.delete_rows(header + 1)  # 示例（请删除）
    where = {}
    for offset, row in enumerate(rows, start=1):
        sheet.cell(header + offset, 1, offset)
        for label, value in row.items():
            sheet.cell(header + offset, columns[label], value)
        where[row["专利名称"]] = header + offset
    book.save(path)
    return where


def pdf_upload(name: str) -> dict:
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return {"name": name, "mimeType": "application/pdf", "buffer": body}


# --- page helpers -----------------------------------------------------------------------------


def admin_menu(page: Page, entry: str) -> None:
    page.get_by_role("button", name=re.compile("^平台管理")).click()
    page.get_by_role("link", name=re.compile(f"^{re.escape(entry)}")).click()


def score(page: Page, advancement, feasibility, market, legal, comment, total: str = "") -> None:
    page.get_by_label("技术先进性").fill(str(advancement))
    page.get_by_label("可实施性").fill(str(feasibility))
    page.get_by_label("市场应用前景").fill(str(market))
    page.get_by_label("法律保护性").fill(str(legal))
    page.get_by_label("评审意见").fill(comment)
    if total:  # the weighted total follows the marks as they are typed, the weights beside them
        expect(page.get_by_test_id("score-total")).to_contain_text(total)
        expect(page.locator("main")).to_contain_text("权重 30%")
    page.get_by_role("button", name="保存并评下一项").click()


def row_of(table, number: int):
    return table.locator("tr", has=table.page.get_by_role("cell", name=str(number), exact=True))


# --- the flow ---------------------------------------------------------------------------------


def test_a_list_goes_from_the_blank_form_to_the_public_catalogue(page, live_server, tmp_path):
    campaign = selectors.current_auction_campaign(timezone.localdate())
    campaign = open_for_submissions(campaign.year)
    university = unit("university")
    assert university.name == UNIT and university.kind == OrganizationKind.UNDERGRADUATE_UNIVERSITY
    assert university.is_ministry_provincial and minimum_applies(campaign, university)
    assert campaign.auction_rules.min_items_per_unit and campaign.auction_rules.programme_related_min and campaign.auction_rules.roadshow_picks
    assert WORD not in FOUND_TITLE
    persona("admin_user")
    persona("liaison")
    # An expert of another unit: nobody is given their own unit's items.
    institute = make_organization("江苏省产业技术研究院", OrganizationKind.RESEARCH_INSTITUTE, "320111")
    make_user("expert_zhou", institute, [Role.EXPERT], name="周建国", expert_kind="technical")
    flow = plan_the_list(live_server.url, campaign)

    the_liaison_imports_the_form_and_corrects_a_row(page, flow, tmp_path)
    the_liaison_completes_and_submits_the_list(page, flow)
    the_administrator_accepts_the_list_and_assigns_the_field(page, flow)
    the_expert_scores(page, flow)
    the_administrator_selects_and_publishes(page, flow)
    a_visitor_finds_the_item_by_a_word_of_its_summary(page, flow)


def the_liaison_imports_the_form_and_corrects_a_row(page: Page, flow: Flow, tmp_path) -> None:
    campaign = flow.campaign
    sign_in(page, flow.base, "liaison", PASSWORD)
    page.get_by_role("link", name="本单位清单").click()
    page.get_by_role("button", name=f"创建 {campaign.title} 清单").click()
    expect(page.get_by_role("heading", name=re.compile(campaign.title))).to_contain_text("草稿")
    expect(page.locator("#compliance")).to_contain_text("未满足")

    # The blank form, downloaded from the import page.
    page.get_by_role("link", name="导入征集表").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="《专利征集表》").click()
    download = download_info.value
    assert download.suggested_filename == f"{campaign.year}-专利征集表.xlsx"
    filled = tmp_path / f"{UNIT}-专利征集表.xlsx"
    download.save_as(filled)
    book = load_workbook(filled)
    assert book.worksheets[0]["A1"].value == f"{campaign.title} 专利征集表"
    assert book.worksheets[0]["B3"].value == "专利名称*" and book.worksheets[0]["A4"].value.startswith("示例")
    instructions = "\n".join(str(c.value) for c in book["填写说明"]["A"] if c.value)
    assert f"授权日不早于 {campaign.auction_rules.patent_grant_cutoff.isoformat()}" in instructions

    # Filled in, some rows wrong, and uploaded. The job waits for a worker while the page
    # polls; once a worker runs it, the page shows the outcome without being reloaded.
    where = fill_form(filled, flow.rows)
    page.get_by_label("征集表", exact=True).select_option(label="《专利征集表》")
    page.get_by_label("文件（.xlsx、.xls 或 .csv）").set_input_files(filled)
    with celery_tasks_queued() as start_worker:
        page.get_by_role("button", name="导入", exact=True).click()
        expect(page.get_by_role("heading", name=re.compile(f"^导入.*{re.escape(filled.name)}$"))).to_be_visible()
        expect(page.get_by_text("等待后台任务处理……")).to_be_visible()
        expect(page.get_by_role("progressbar", name="导入进度")).to_be_visible()
        page.evaluate("window.stillTheSamePage = true")
        start_worker()
        expect(page.locator("#job-created")).to_have_text(str(len(flow.good_titles)), timeout=20_000)
    assert page.evaluate("window.stillTheSamePage") is True

    # Each bad row with its row number, column and reason.
    expect(page.locator("#job-rejected")).to_have_text("3")
    errors = page.locator("#row-errors")
    for header in ("行号", "列", "问题"):
        expect(errors.get_by_role("columnheader", name=header, exact=True)).to_be_visible()
    typo = row_of(errors, where[FOUND_TITLE])
    expect(typo).to_contain_text("专利号")
    expect(typo).to_contain_text(f"{flow.wrong_number} 的校验位有误（应为 {flow.right_number[-1]}）")
    early = row_of(errors, where[EARLY_TITLE])
    expect(early).to_contain_text("授权日")
    expect(early).to_contain_text(
        f"{campaign.year} 年度仅受理 {campaign.auction_rules.patent_grant_cutoff.isoformat()} 及以后授权的专利")
    elsewhere = row_of(errors, where[ELSEWHERE_TITLE])
    expect(elsewhere).to_contain_text("所属产业领域")
    expect(elsewhere).to_contain_text(f"“量子计算”不是 {campaign.year} 年度的产业领域")

    # The mistyped number, corrected in the browser; the form says what was wrong and keeps
    # the rest of the row.
    typo.get_by_role("link", name="在线修正").click()
    expect(page.get_by_role("heading", name="新增专利")).to_be_visible()
    told = page.locator("#import-problems")
    expect(told).to_contain_text(f"{filled.name} 第 {where[FOUND_TITLE]} 行未能导入")
    expect(told).to_contain_text("的校验位有误")
    expect(page.get_by_role("textbox", name="标题", exact=True)).to_have_value(FOUND_TITLE)
    expect(page.get_by_role("textbox", name="简介", exact=True)).to_have_value(re.compile(WORD))
    expect(page.get_by_role("combobox", name="产业领域")).to_have_value(re.compile(r"\d+"))
    number = page.get_by_role("textbox", name="申请号", exact=True)
    expect(number).to_have_value(f"ZL{flow.wrong_number}")
    number.fill(f"ZL{flow.right_number}")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(f"“{FOUND_TITLE}”已保存。")
    expect(typo).to_contain_text("已修正")
    expect(errors.get_by_role("link", name="在线修正")).to_have_count(2)


def the_liaison_completes_and_submits_the_list(page: Page, flow: Flow) -> None:
    campaign = flow.campaign
    page.get_by_role("link", name="返回清单").click()
    compliance = page.locator("#compliance")
    for check, bound in (("报送数量（下限）", campaign.auction_rules.min_items_per_unit),
                         ("国家级、省级科技计划项目相关", campaign.auction_rules.programme_related_min),
                         ("推荐路演", campaign.auction_rules.roadshow_picks)):
        expect(compliance.get_by_role("listitem").filter(has_text=check).first).to_contain_text(f"{bound}（至少 {bound}）")
    expect(compliance).to_contain_text("已满足")
    expect(compliance).to_contain_text("请填写联络员的姓名、电话和邮箱。")
    expect(compliance).to_contain_text("请上传清单盖章件扫描件。")
    expect(compliance).to_contain_text("本单位须确认委托服务协议。")
    submit = page.get_by_role("button", name="提交清单")
    expect(submit).to_be_disabled()
    expect(page.get_by_role("link", name=FOUND_TITLE)).to_be_visible()

    page.get_by_role("link", name="编辑").click()
    expect(page.get_by_role("heading", name="活动联络员和技术专家")).to_be_visible()
    page.get_by_role("textbox", name="活动联络员", exact=True).fill("张晓雯")
    page.get_by_role("textbox", name="部门及职务", exact=True).fill("科学技术研究院 成果转化办公室主任")
    page.get_by_role("textbox", name="联络员电话", exact=True).fill("025-58139999")
    page.get_by_role("textbox", name="联络员邮箱", exact=True).fill("zhangxw@njtech.example.cn")
    page.get_by_label("姓名").first.fill("陈国强")
    page.get_by_label("职称").first.fill("教授")
    page.get_by_label("专业领域").first.fill("电化学储能")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("联络员和技术专家信息已保存。")
    expect(page.get_by_text("技术专家： 陈国强（教授）")).to_be_visible()

    page.get_by_label("盖章件").set_input_files(pdf_upload("盖章件.pdf"))
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("盖章件已上传。")
    expect(page.get_by_role("link", name="查看已上传的盖章件")).to_be_visible()

    # Only the service agreement is left, and the page says so beside the disabled button.
    expect(compliance).not_to_contain_text("请上传清单盖章件扫描件。")
    expect(compliance).not_to_contain_text("请填写联络员的姓名、电话和邮箱。")
    expect(compliance).to_contain_text("本单位须确认委托服务协议。")
    expect(submit).to_be_disabled()
    compliance.get_by_role("link", name="阅读并确认").click()
    page.get_by_role("button", name="代表本单位确认").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已代表 {UNIT} 确认委托服务协议。")

    page.get_by_role("link", name="本单位清单").click()
    page.get_by_role("link", name=campaign.title).click()
    expect(compliance).not_to_contain_text("提交前须完成")
    accept_next_dialog(page)
    submit.click()
    expect(page.get_by_role("alert")).to_contain_text("清单已提交，平台将进行审核。")
    expect(page.get_by_role("heading", name=re.compile(campaign.title))).to_contain_text("已提交")
    expect(page.get_by_role("link", name="导入征集表")).to_have_count(0)
    sign_out(page, "张晓雯")


def the_administrator_accepts_the_list_and_assigns_the_field(page: Page, flow: Flow) -> None:
    sign_in(page, flow.base, "admin", PASSWORD)
    admin_menu(page, "专利（成果）清单")
    row = page.get_by_role("row", name=re.compile(UNIT))
    expect(row).to_contain_text("已提交")
    row.get_by_role("link", name="审核").click()
    expect(page.get_by_role("heading", name=re.compile(f"^审核.*{UNIT}"))).to_be_visible()
    page.get_by_role("button", name="接收").click()
    expect(page.get_by_role("alert")).to_contain_text("审核结果已保存，并已通知该单位。")
    expect(page.get_by_role("row", name=re.compile(UNIT))).to_contain_text("已接收")

    admin_menu(page, "专家遴选")
    page.get_by_role("link", name="新建专家组").click()
    page.get_by_role("combobox", name="产业领域").select_option(label=flow.energy)
    page.get_by_role("textbox", name="名称", exact=True).fill("新能源领域专家组")
    page.get_by_label(re.compile("^周建国")).check()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("专家组“新能源领域专家组”已保存。")
    # A panel of one technical expert lacks the other two kinds: said before any scoring, and
    # assigned only with the reason why.
    expect(page.get_by_text("评审组缺少：")).to_contain_text("专利运营专家、投资专家")
    expect(page.get_by_role("button", name="分配评审")).to_have_count(0)
    page.get_by_label("缺少上述专家仍分配的原因").fill("本批专利较少，由技术专家先行评审")
    page.get_by_role("button", name="仍然分配").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已为新能源领域专家组新分配 {flow.in_energy} 项评审任务。")
    sign_out(page, "王明睿")


def the_expert_scores(page: Page, flow: Flow) -> None:
    """The corrected patent first, then the next one the portal offers."""
    sign_in(page, flow.base, "expert_zhou", PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name=f"我的评审 {flow.in_energy}").click()
    expect(page.get_by_role("heading", name=re.compile("待我评分"))).to_contain_text(str(flow.in_energy))
    page.get_by_role("row", name=re.compile(FOUND_TITLE)).get_by_role("link", name="评分").click()
    expect(page.get_by_role("heading", name=FOUND_TITLE)).to_be_visible()
    expect(page.locator("main")).to_contain_text(WORD)
    score(page, 9, 9, 8, 8, EXPERT_COMMENT, total="85.50")
    expect(page.get_by_role("alert")).to_contain_text("您的评分已保存。")
    expect(page.get_by_role("heading", name=flow.good_titles[0])).to_be_visible()
    score(page, 7, 7, 7, 7, "")
    page.get_by_role("navigation").get_by_role("link", name=f"我的评审 {flow.in_energy - 2}").click()
    scored = page.locator("table").nth(1)
    expect(scored.get_by_role("row", name=re.compile(FOUND_TITLE))).to_contain_text("85.50")
    expect(scored.get_by_role("row", name=re.compile(flow.good_titles[0]))).to_contain_text("70.00")
    sign_out(page, "周建国")


def the_administrator_selects_and_publishes(page: Page, flow: Flow) -> None:
    """The best by score in bulk, one more by hand (htmx swaps its row), then the batch."""
    sign_in(page, flow.base, "admin", PASSWORD)
    admin_menu(page, "专家遴选")
    page.get_by_role("row", name=re.compile(flow.energy)).get_by_role("link", name="排名").click()
    ranked = page.locator("tbody tr")
    expect(ranked.nth(0)).to_contain_text(FOUND_TITLE)
    expect(ranked.nth(0)).to_contain_text("85.50")
    expect(ranked.nth(1)).to_contain_text(flow.good_titles[0])
    expect(ranked.nth(1)).to_contain_text("70.00")
    bulk = page.locator("form", has=page.get_by_label("分数不低于"))
    bulk.get_by_label("分数不低于").fill("80")
    bulk.get_by_role("button", name="入选").click()
    expect(page.get_by_role("alert")).to_contain_text("新入选 1 项。")
    expect(ranked.nth(0).get_by_role("button")).to_have_text("已入选")
    second = page.locator("tbody tr", has_text=flow.good_titles[0])
    second.get_by_role("button", name="入选", exact=True).click()
    expect(second.get_by_role("button")).to_have_text("已入选")
    expect(second.get_by_role("cell").first).to_have_text("2")
    expect(page.get_by_role("alert")).to_contain_text("新入选 1 项。")  # the row was swapped, the page kept
    expect(page.locator("tbody tr.table-success")).to_have_count(2)

    admin_menu(page, "发布管理")
    row = page.get_by_role("row", name=re.compile(flow.energy))
    batch = f"{flow.campaign.year}年{flow.energy} 第1批"
    expect(row.get_by_label("批次名称")).to_have_value(batch)
    accept_next_dialog(page)
    row.get_by_role("button", name="发布").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已在“{batch}”中发布 2 项。")
    sign_out(page, "王明睿")


def a_visitor_finds_the_item_by_a_word_of_its_summary(page: Page, flow: Flow) -> None:
    page.goto(f"{flow.base}/")
    page.get_by_role("navigation").get_by_role("link", name="成果目录").click()
    expect(page.get_by_text("共找到 2 项")).to_be_visible()
    page.get_by_label("搜索", exact=True).fill(WORD)
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_text("共找到 1 项")).to_be_visible()
    results = page.locator("#results")
    expect(results).not_to_contain_text(flow.good_titles[0])
    results.get_by_role("link", name=FOUND_TITLE).click()

    expect(page.get_by_role("heading", name=FOUND_TITLE)).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text(f"以{WORD}为顶电池")
    expect(main).to_contain_text(f"ZL{flow.right_number}")
    expect(main).to_contain_text(UNIT)
    for private in ("85.5", "70.0", EXPERT_COMMENT, "周建国", "评分", "审核", "入选",
                    "025-58139999", "张晓雯", "盖章件", "陈国强"):
        expect(main).not_to_contain_text(private)
    # The unit's own page of the item stays behind the sign-in.
    item = re.search(r"/catalogue/(\d+)/", page.url).group(1)
    page.goto(f"{flow.base}/auction/items/{item}/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
