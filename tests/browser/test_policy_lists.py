"""In Chromium: the administrator opens the project-support list, narrows it to a year and a
city with the selects, and takes it as Excel; 苏州's organiser finds the policy lists in the
menu and sees its own city's deals only, with no city to choose."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import sign_in, sign_out
from tests.conftest import PASSWORD, make_organization, persona
from tests.transformation.test_policy_lists import deal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_province_narrows_and_exports_a_list_and_a_city_sees_its_own(page, live_server):
    base = live_server.url
    university = make_organization("东南大学", "undergraduate_university", region="320102")
    suzhou_buyer = make_organization("苏州纳微科技有限公司", region="320506", is_tech_sme=True)
    changzhou_buyer = make_organization("常州锂源新能源科技有限公司", region="320412")
    deal(suzhou_buyer, university, "200000", number="SZ-AT")
    deal(suzhou_buyer, university, "199999.99", number="SZ-UNDER")
    deal(changzhou_buyer, university, "350000", number="CZ-BIG")
    deal(changzhou_buyer, university, "500000", year=2022, number="CZ-OLD")
    admin, organiser = persona("admin_user"), persona("organizer")

    sign_in(page, base, admin.username, PASSWORD)
    page.goto(f"{base}/transformation/policy-lists/")
    page.get_by_role("link", name="可获揭榜挂帅项目立项支持的成交").click()
    page.get_by_label("年度").select_option("2023")
    expect(page.locator("tr[data-deal]")).to_have_count(2)  # 19.99万 is out, 2022's elsewhere
    page.get_by_label("所在市").select_option(label="常州市")
    expect(page.locator("tr[data-deal]")).to_have_count(1)
    expect(page.locator("tr[data-deal='CZ-BIG']")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()), read_only=True)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "CZ-BIG" in cells and "SZ-AT" not in cells
    sign_out(page, admin.name)

    sign_in(page, base, organiser.username, PASSWORD)
    page.get_by_role("button", name=organiser.name, exact=True).click()
    page.get_by_role("link", name="政策清单").click()
    page.get_by_role("link", name="可获揭榜挂帅项目立项支持的成交").click()
    page.get_by_label("年度").select_option("2023")
    expect(page.locator("tr[data-deal]")).to_have_count(1)
    expect(page.locator("tr[data-deal='SZ-AT']")).to_be_visible()
    expect(page.get_by_label("所在市")).to_have_count(0)
