"""On phones: a staff member publishes a workshop and a weekly series, a resident books, staff
check them in at the door by typing the ticket code, and export the roster."""

import io
import re
from datetime import UTC, date, datetime, timedelta

import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.database import db
from bookings import accounts
from models import Space
from tests.addresses import unique_address

STAFF_PASSWORD = "kiln glaze and slow fire"
RESIDENT_PASSWORD = "lotus pond morning walk"


def a_staff_member(live_app) -> tuple[str, str]:
    """A staff member of one of the demo's spaces: (their email, the space's slug)."""
    with live_app.app_context(), db.new_session() as session:
        slug = session.scalar(
            select(Space.slug).where(Space.status == "active").order_by(Space.id).limit(1)
        )
        staff = accounts.create_user(
            session,
            email=(email := unique_address("thu.staff")),
            password=STAFF_PASSWORD,
            name="Lê Minh Thư",
            role="staff",
            space_slug=slug,
        )
        # An account made by the operator agrees to the privacy notice at its first sign-in.
        accounts.agree_to_notice(
            session, user_id=staff.id, version=accounts.NOTICE_VERSION, now=datetime.now(UTC)
        )
    return email, slug


def log_in(page: Page, live_server: str, email: str, password: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_weekly_series_booking_check_in_by_code_and_roster_export(
    page: Page, browser: Browser, browser_context_args, live_app, live_server, tmp_path
):
    email, slug = a_staff_member(live_app)
    log_in(page, live_server, email, STAFF_PASSWORD)

    # A free workshop, published from the phone.
    page.goto(f"{live_server}/manage/spaces/{slug}/workshops/new")
    page.get_by_label("Tên (tiếng Việt)").fill("Gốm tối thứ Ba")
    page.get_by_label("Tên (tiếng Anh)").fill("Tuesday evening pottery")
    page.get_by_label("Lĩnh vực").select_option("ceramics")
    page.get_by_label("Giá mỗi chỗ (VND)").fill("0")
    page.get_by_label("Số chỗ mỗi buổi").fill("6")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Đăng lớp học").click()
    expect(page.get_by_text("Đã đăng lớp học. Giờ hãy thêm các buổi.")).to_be_visible()

    # Every Tuesday and Saturday at 18:30 for three weeks, reviewed before it is saved.
    page.get_by_role("link", name="Thêm chuỗi buổi hằng tuần…").click()
    page.get_by_label("Thứ Ba").check()
    page.get_by_label("Thứ Bảy").check()
    page.get_by_label("Giờ bắt đầu (Hà Nội)").fill("18:30")
    page.get_by_label("Từ ngày").fill((date.today() + timedelta(days=2)).isoformat())
    page.get_by_label("Số tuần").fill("3")
    page.get_by_role("button", name="Xem các ngày").click()
    expect(page.get_by_role("heading", name="6 buổi sẽ được thêm")).to_be_visible()
    expect(page.locator(".review-list li")).to_have_count(6)
    page.get_by_role("button", name="Thêm các buổi này").click()
    expect(page.get_by_text("Đã thêm 6 buổi.")).to_be_visible()
    first = page.locator(".session-list a").first.get_attribute("href")
    session_id = int(re.search(r"/manage/sessions/(\d+)", first).group(1))

    # A resident books the first session on their own phone.
    resident = browser.new_context(**browser_context_args)
    phone = resident.new_page()
    phone.goto(f"{live_server}/register?next=/sessions/{session_id}")
    phone.get_by_label("Tên của bạn").fill("Ngô Thị Bích Ngọc")
    phone.get_by_label("Email").fill(resident_email := unique_address("ngoc.ngo"))
    phone.get_by_label("Mật khẩu").fill(RESIDENT_PASSWORD)
    phone.get_by_label("Tôi đã đọc thông báo").check()
    phone.get_by_role("button", name="Tạo tài khoản của tôi").click()
    expect(phone).to_have_url(re.compile(rf"/sessions/{session_id}$"))
    phone.locator("#book").get_by_role("button", name="Đặt chỗ").click()
    code = phone.locator(".ticket-code code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    # The QR code as the browser draws it reads back as the ticket code.
    shot = phone.locator(".ticket-qr").screenshot(path=str(tmp_path / "ticket-qr.png"))
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert [d.text for d in decoded] == [code]
    resident.close()

    # At the door: staff type the code on their phone.
    page.goto(f"{live_server}/manage/sessions/{session_id}")
    toggle = page.get_by_role("button", name="Điểm danh Ngô Thị Bích Ngọc")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    page.screenshot(path=str(tmp_path / "roster.png"), full_page=True)
    page.get_by_label("Mã vé", exact=True).fill(code.lower())
    page.locator("#ticket-form").get_by_role("button", name="Điểm danh").click()
    expect(page.locator("#door-answer")).to_contain_text("Mời vào")
    expect(page.locator("#door-answer")).to_contain_text("Ngô Thị Bích Ngọc")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    no_sideways_scroll(page)
    page.screenshot(path=str(tmp_path / "door.png"), full_page=True)

    # The roster, exported.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải CSV").click()
    body = tmp_path / "roster.csv"
    download_info.value.save_as(body)
    raw = body.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = raw[3:].decode("utf-8").splitlines()
    assert rows[0].startswith("Tên,Email,")
    assert rows[1].startswith(f"Ngô Thị Bích Ngọc,{resident_email},1,")
    assert code in rows[1]
