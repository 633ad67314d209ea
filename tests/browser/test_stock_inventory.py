"""In a real headless Chromium, the stock-patent inventory (issue 16): a university's liaison
imports its stock from a patent-list workbook (a background job, run by a real worker while
the page polls), records an inventor's self-assessment of one patent, and the coverage
dashboard moves: the patent counts as evaluated, once."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import celery_tasks_queued, sign_in
from tests.conftest import PASSWORD, persona
from tests.transformation.stock import rows, workbook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_university_imports_its_stock_and_an_inventor_self_assessment_moves_the_dashboard(
        page: Page, live_server, tmp_path):
    persona("liaison")  # 南京工业大学's liaison
    filled = tmp_path / "存量专利清单.xlsx"
    filled.write_bytes(workbook(rows(3)))
    sign_in(page, live_server.url, "liaison", PASSWORD)

    page.goto(f"{live_server.url}/transformation/stock/")
    expect(page.get_by_role("heading", name=re.compile("存量专利盘点覆盖情况"))).to_be_visible()
    expect(page.locator("[data-count=total]")).to_have_text("0")

    page.get_by_role("link", name="导入存量专利").click()
    page.get_by_label("文件（.xlsx、.xls 或 .csv）").set_input_files(filled)
    with celery_tasks_queued() as start_worker:
        page.get_by_role("button", name="导入", exact=True).click()
        expect(page.get_by_text("等待后台任务处理……")).to_be_visible()
        start_worker()
        expect(page.locator("#job-done")).to_contain_text("新增 3 件专利", timeout=20_000)

    page.get_by_role("link", name="存量专利盘点覆盖情况").click()
    expect(page.locator("[data-count=total]")).to_have_text("3")
    expect(page.locator("[data-count=evaluated]")).to_have_text("0")
    first = rows(1)[0]
    page.locator("#left").get_by_role("link", name=first[1]).click()
    expect(page.get_by_role("heading", name=first[2])).to_be_visible()

    inventor = page.get_by_role("form", name="发明人自评")
    inventor.get_by_label("技术成熟度").select_option("4")
    inventor.get_by_label("市场需求潜力").select_option("5")
    inventor.get_by_label("经济价值").select_option("3")
    inventor.get_by_label("推荐转化").select_option(label="是")
    inventor.get_by_label("评价人").fill("张三")
    inventor.get_by_role("button", name="保存评价").click()
    expect(page.get_by_role("alert")).to_contain_text("评价已保存。")
    expect(page.locator("#stage")).to_have_text("已评价")

    page.goto(f"{live_server.url}/transformation/stock/")
    expect(page.locator("[data-count=evaluated]")).to_have_text("1")
    expect(page.locator("[data-way=inventor]")).to_contain_text("发明人自评: 1")
    expect(page.locator("[data-way=institution]")).to_contain_text(": 0")
    expect(page.locator("#left")).to_contain_text("已评价")
