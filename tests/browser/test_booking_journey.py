"""On a phone, a resident books a paid workshop, pays on the demo page, sees the ticket, and
cancels with the refund stated before confirming."""

import json
import re
import urllib.request
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.addresses import unique_address


def a_paid_session_with_seats(live_server: str) -> dict:
    """One that starts in a few days: it can still be cancelled with a refund."""
    later = (date.today() + timedelta(days=3)).isoformat()
    query = f"/api/v1/sessions?available=true&free=false&from={later}&limit=100"
    with urllib.request.urlopen(live_server + query, timeout=10) as response:  # noqa: S310
        items = json.load(response)["items"]
    return next(item for item in items if item["seats_left"] >= 2)


def test_book_pay_see_the_ticket_and_cancel_on_a_phone(page: Page, live_server, tmp_path):
    sitting = a_paid_session_with_seats(live_server)
    page.goto(f"{live_server}/register?next=/sessions/{sitting['id']}")
    page.get_by_label("Tên của bạn").fill("Đỗ Quang Huy")
    page.get_by_label("Email").fill(unique_address("huy.do"))
    page.get_by_label("Mật khẩu").fill("paper lanterns on hang ma")
    page.get_by_label("Tôi đã đọc thông báo").check()
    page.get_by_role("button", name="Tạo tài khoản của tôi").click()
    expect(page).to_have_url(re.compile(rf"/sessions/{sitting['id']}$"))

    panel = page.locator("#book")
    panel.get_by_label("Chỗ").select_option("2")
    panel.get_by_label("Thanh toán bằng thẻ ngay").check()  # transfer is offered first
    panel.get_by_role("button", name="Đặt chỗ").click()

    expect(page.get_by_text("Cổng thanh toán mẫu: không có tiền thật được chuyển")).to_be_visible()
    page.screenshot(path=str(tmp_path / "demo-payment.png"), full_page=True)
    page.get_by_role("button", name=re.compile("^Thanh toán ")).click()

    expect(page.get_by_text("Đã thanh toán. Chỗ của bạn đã được xác nhận.")).to_be_visible()
    code = page.locator(".ticket-code code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    page.screenshot(path=str(tmp_path / "ticket.png"), full_page=True)

    page.get_by_role("link", name="Chỗ đã đặt").first.click()
    expect(page.get_by_text(code)).to_be_visible()
    page.get_by_role("link", name=sitting["workshop"]["title"]).first.click()
    page.get_by_role("link", name="Huỷ đặt chỗ này").click()
    expect(page.get_by_text(re.compile(r"Bạn sẽ được hoàn .* vào thẻ\."))).to_be_visible()
    page.get_by_role("button", name="Có, huỷ").click()
    expect(page.get_by_text("Đã huỷ.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Hoàn .*:"))).to_be_visible()
    history = page.locator("ul.history")  # every payment and refund, with when it happened
    expect(history.get_by_text(re.compile(r"^Đã thanh toán .* bằng thẻ"))).to_be_visible()
    expect(history.get_by_text(re.compile(r"^Hoàn .*đã hoàn vào thẻ của bạn"))).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
