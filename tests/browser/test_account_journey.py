"""A resident on a phone registers, logs out, logs in again and switches language."""

import re

from playwright.sync_api import Page, expect

from tests.addresses import unique_address

PASSWORD = "bamboo lanterns at dusk"


def test_register_log_out_log_in_and_switch_language(page: Page, live_server, tmp_path):
    email = unique_address("mai.vu")
    page.goto(live_server + "/")
    page.get_by_role("link", name="Đăng ký").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tạo tài khoản")

    page.get_by_label("Tên của bạn").fill("Vũ Thị Mai")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill("1234567890")
    page.get_by_role("button", name="Tạo tài khoản của tôi").click()
    expect(page.get_by_text("quá dễ đoán")).to_be_visible()  # refused, with the reason
    expect(page.get_by_text("Hãy đánh dấu ô để đồng ý")).to_be_visible()  # and consent asked

    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Tôi đã đọc thông báo").check()
    page.get_by_role("button", name="Tạo tài khoản của tôi").click()
    expect(page.get_by_text("Chào mừng Vũ Thị Mai!")).to_be_visible()
    page.screenshot(path=str(tmp_path / "registered.png"), full_page=True)

    page.get_by_role("link", name="Tài khoản").click()
    expect(page.get_by_text(f"Đang đăng nhập với {email}")).to_be_visible()
    page.get_by_role("navigation", name="Tài khoản của bạn").get_by_role(
        "link", name="Đăng xuất"
    ).click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()

    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Email").fill(email.upper() + " ")
    page.get_by_label("Mật khẩu").fill("wrong password here")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Sai địa chỉ email hoặc mật khẩu.")).to_be_visible()
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("link", name="Tài khoản")).to_be_visible()

    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Account").click()
    expect(page).to_have_url(re.compile(r"/me$"))
    expect(page.get_by_text(f"Logged in as {email}")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=str(tmp_path / "account-en.png"), full_page=True)
