"""In a real headless Chromium: a new organisation applies, an administrator approves it,
and its user signs in and sees a Chinese home page for their role."""

import re

import pytest
from playwright.sync_api import expect

from jbgs.demo import credit_code_for
from tests.conftest import PASSWORD, make_organization, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label(re.compile("^密码")).fill(password)
    page.get_by_role("button", name="登录").click()


def test_a_unit_applies_is_approved_and_its_user_sees_a_chinese_home(page, live_server):
    base = live_server.url
    operator = make_organization("江苏省技术产权交易市场", "platform_operator", "320102")
    make_user("admin", operator, ["admin"], name="王明睿")

    # 1. The unit applies.
    page.goto(f"{base}/")
    page.get_by_role("link", name="申请入驻").first.click()
    expect(page.get_by_role("heading", name="申请入驻平台")).to_be_visible()
    page.get_by_label("单位名称").fill("泰州华康医疗器械有限公司")
    page.get_by_label("单位类型").select_option("enterprise")
    expect(page.get_by_label("部省属")).to_be_hidden()  # only for universities
    page.get_by_label("高新技术企业").check()
    page.get_by_label("统一社会信用代码").fill(
        credit_code_for("泰州华康医疗器械有限公司", "enterprise", "321202")
    )
    page.get_by_label("所在地区").select_option("321202")
    page.get_by_label("联系人").fill("钱伟")
    page.get_by_label("联系电话").fill("0523-86881234")
    page.get_by_label("联系邮箱").fill("qianwei@huakang.example.cn")
    page.get_by_label("您的姓名").fill("钱伟")
    page.get_by_label("您的邮箱").fill("qianwei@huakang.example.cn")
    page.get_by_label("您的手机").fill("13912345678")
    page.get_by_label("用户名").fill("huakang")
    page.get_by_label(re.compile("^密码")).fill("Taizhou-Med-88!")
    page.get_by_label("再次输入密码").fill("Taizhou-Med-88!")
    page.get_by_label(re.compile("信息真实")).check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="申请已收到")).to_be_visible()

    # 2. The administrator approves it.
    sign_in(page, base, "admin", PASSWORD)
    expect(page.locator("#panel-applications")).to_contain_text("泰州华康医疗器械有限公司")
    page.locator("#panel-applications").get_by_role("link", name="审核").click()
    expect(page.get_by_label("企业（发榜方）")).to_be_checked()
    page.get_by_label("竞买人").uncheck()
    page.get_by_role("button", name="批准").click()
    expect(page.get_by_text("已批准")).to_be_visible()
    page.get_by_role("button", name="王明睿").click()
    page.get_by_role("button", name="退出").click()

    # 3. Its user signs in and sees their home page, in Chinese.
    sign_in(page, base, "huakang", "Taizhou-Med-88!")
    expect(page.get_by_role("heading", name=re.compile("欢迎，钱伟"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_text("企业（发榜方）").first).to_be_visible()
    expect(page.locator("#panel-agreement")).to_contain_text("委托服务协议")
    expect(page.locator("#panel-applications")).to_have_count(0)
