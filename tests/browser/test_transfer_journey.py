"""On a phone: a resident books a paid workshop by bank transfer, sees the VietQR code and the
numbers to copy, the space's bank notification arrives over HTTP and the page turns into the
ticket without a reload; staff mark a second booking paid by hand and pay back a refund owed."""

import io
import json
import re
import urllib.request
from datetime import UTC, date, datetime, timedelta

import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.database import db
from bookings import accounts
from bookings.payments import payees, vietqr
from models import Booking, Payment, Space, Workshop, WorkshopSession
from tests.browser.test_staff_door import log_in, no_sideways_scroll

PASSWORD = "bamboo rafts on the red river"


def _json(url: str, *, body: dict | None = None, headers: dict | None = None) -> dict:
    request = urllib.request.Request(  # noqa: S310 (the live server on 127.0.0.1)
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST" if body is not None else "GET",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def a_paid_session_with_seats(live_server: str) -> dict:
    later = (date.today() + timedelta(days=4)).isoformat()
    query = f"/api/v1/sessions?available=true&free=false&from={later}&limit=100"
    items = _json(live_server + query)["items"]
    return next(item for item in items if item["seats_left"] >= 3)


def the_space_of(live_app, session_id: int) -> tuple[str, str, str]:
    """The space's slug, a new key for its bank-notification address and its account number."""
    with live_app.app_context(), db.new_session() as session:
        space = session.scalar(
            select(Space)
            .join(Workshop, Workshop.space_id == Space.id)
            .join(WorkshopSession, WorkshopSession.workshop_id == Workshop.id)
            .where(WorkshopSession.id == session_id)
        )
        key = payees.new_notification_key(session, space_id=space.id)
        return space.slug, key, payees.payee_of(session, space.id).account_number


def test_pay_by_transfer_on_a_phone_and_staff_reconcile(
    page: Page, browser: Browser, browser_context_args, live_app, live_server, tmp_path
):
    sitting = a_paid_session_with_seats(live_server)
    slug, key, account = the_space_of(live_app, sitting["id"])
    page.goto(f"{live_server}/register?next=/sessions/{sitting['id']}")
    page.get_by_label("Tên của bạn").fill("Phạm Thu Trang")
    page.get_by_label("Email").fill("trang.pham@example.com")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Tôi đã đọc thông báo").check()
    page.get_by_role("button", name="Tạo tài khoản của tôi").click()

    panel = page.locator("#book")
    expect(panel.get_by_label(re.compile("Chuyển khoản \\(VietQR\\)"))).to_be_checked()
    panel.get_by_role("button", name="Đặt chỗ").click()
    transfer = page.locator("section.transfer")
    expect(transfer.get_by_role("heading", name="Thanh toán bằng chuyển khoản")).to_be_visible()
    reference = transfer.locator("#transfer-reference").inner_text()
    assert re.fullmatch(r"HCS[2-9A-HJKMNP-Z]{8}", reference)
    expect(transfer.locator("#transfer-account")).to_have_text(account)
    expect(transfer.get_by_role("button", name="Sao chép")).to_have_count(5)
    expect(transfer.locator(".countdown")).to_have_text(re.compile(r"^(29|30):\d\d$"))

    # The QR code: big enough to scan from another phone, and it says what the page says.
    qr = transfer.locator(".vietqr-box svg")
    box = qr.bounding_box()
    assert box["width"] >= 250 and box["width"] <= 390
    shot = Image.open(io.BytesIO(qr.screenshot()))
    (decoded,) = zxingcpp.read_barcodes(shot)
    fields = vietqr.parse(decoded.text)
    assert vietqr.fields(fields["62"]) == {"08": reference}
    assert fields["54"] == str(sitting["price"]["amount"])
    page.screenshot(path=str(tmp_path / "transfer.png"), full_page=True)
    no_sideways_scroll(page)

    # The bank's notification arrives; the page turns into the ticket by itself.
    page.evaluate("window.stillTheSamePage = true")
    answer = _json(
        f"{live_server}/webhooks/bank/{slug}",
        body={
            "id": 93141,
            "gateway": "Vietcombank",
            "transactionDate": "2026-11-29 10:12:33",
            "accountNumber": account,
            "content": f"MBVCB.3381725.{reference}.CT tu 0011001932418 PHAM THU TRANG",
            "transferType": "in",
            "transferAmount": sitting["price"]["amount"],
            "referenceCode": "FT24335",
        },
        headers={"Authorization": f"Apikey {key}"},
    )
    assert answer == {"success": True}
    expect(page.locator(".ticket-code code")).to_be_visible(timeout=15_000)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator("section.transfer")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "transfer-ticket.png"), full_page=True)

    # A second booking, paid by hand: staff saw the money in the bank.
    token = _json(
        f"{live_server}/api/v1/accounts",
        body={"email": "minh.vu@example.com", "password": PASSWORD, "name": "Vũ Đức Minh"},
    )["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    second = _json(
        f"{live_server}/api/v1/sessions/{sitting['id']}/bookings",
        body={"seats": 1, "payment": "bank_transfer"},
        headers=bearer,
    )
    staff = "hoa.staff@example.com"
    with live_app.app_context(), db.new_session() as session:
        hoa = accounts.create_user(
            session, email=staff, password=PASSWORD, name="Ngô Thị Hoa", role="staff",
            space_slug=slug,
        )  # fmt: skip
        accounts.agree_to_notice(
            session, user_id=hoa.id, version=accounts.NOTICE_VERSION, now=datetime.now(UTC)
        )
    staff_page = browser.new_context(**browser_context_args).new_page()
    log_in(staff_page, live_server, staff, PASSWORD)
    staff_page.goto(f"{live_server}/manage/spaces/{slug}/transfers")
    card = staff_page.locator("li.transfer-pending").filter(
        has_text=second["bank_transfer"]["reference"]
    )
    card.get_by_label("Mã giao dịch của ngân hàng").fill("FT24336001")
    card.get_by_role("button", name="Đã nhận tiền").click()
    expect(staff_page.get_by_text("Đã ghi nhận thanh toán")).to_be_visible()
    assert _json(f"{live_server}/api/v1/bookings/{second['id']}", headers=bearer)["status"] == (
        "confirmed"
    )

    # The person cancels: a refund is owed; they give an account; staff pay it back.
    cancelled = _json(
        f"{live_server}/api/v1/bookings/{second['id']}/cancel", body={}, headers=bearer
    )
    assert cancelled["refund"]["status"] == "pending"
    _json(
        f"{live_server}/api/v1/bookings/{second['id']}/refund-account",
        body={"bank_bin": "970422", "account_number": "0987654321", "account_name": "Vũ Đức Minh"},
        headers=bearer,
    )
    staff_page.reload()  # the reconciliation page, now with the refund owed
    owed = staff_page.locator("#owed li").filter(has_text="VU DUC MINH")
    (refund_code,) = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(owed.locator(".refund-qr svg").screenshot()))
    )
    refund_fields = vietqr.parse(refund_code.text)
    assert refund_fields["54"] == str(sitting["price"]["amount"])
    assert vietqr.fields(vietqr.fields(refund_fields["38"])["01"])["01"] == "0987654321"
    owed.get_by_label("Mã giao dịch của ngân hàng").fill("FT24336999")
    owed.get_by_role("button", name="Đã hoàn tiền").click()
    expect(staff_page.get_by_text("Đã ghi nhận hoàn tiền")).to_be_visible()
    no_sideways_scroll(staff_page)
    refund = _json(f"{live_server}/api/v1/bookings/{second['id']}", headers=bearer)["refund"]
    assert refund["status"] == "succeeded"
    with live_app.app_context(), db.new_session() as session:
        paid = session.scalar(select(Payment).join(Booking).where(Booking.id == second["id"]))
        assert paid.charge_id == "FT24336001"
