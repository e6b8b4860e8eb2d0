"""A person on a phone downloads their data and deletes their account (issue 15, items 17-18):
the JSON file arrives through the browser's download and holds their account, booking and
consent; deleting through the real form cancels the booking, logs them out, and afterwards
their password opens nothing and the booking stays without their name or address."""

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.database import db
from bookings import accounts, seats
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, User, Workshop, WorkshopSession
from models.statuses import SessionStatus, WorkshopStatus
from tests.addresses import unique_address

PASSWORD = "bamboo lanterns at dusk"
#: Where the screenshots go, to be looked at by a person.
SHOTS = Path(tempfile.gettempdir())


def _a_person_with_a_booking(live_app) -> tuple[str, int]:
    """A resident booked (to pay at the venue, or free) in a demo session next week."""
    now = datetime.now(UTC)
    with live_app.app_context(), db.new_session() as session:
        person = accounts.register(
            session, email=unique_address("yen.ha"), password=PASSWORD, name="Hà Thị Yến"
        )
        sitting = session.scalars(
            select(WorkshopSession)
            .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
            .where(
                WorkshopSession.status == SessionStatus.SCHEDULED,
                WorkshopSession.starts_at > now + timedelta(days=3),
                WorkshopSession.seats_taken + 1 <= WorkshopSession.capacity,
                Workshop.status == WorkshopStatus.ACTIVE,
                (Workshop.price == 0) | Workshop.pay_at_venue.is_(True),
            )
            .order_by(WorkshopSession.starts_at)
            .limit(1)
        ).one()
        booking = seats.book_seats(
            session,
            session_id=sitting.id,
            user_id=person.id,
            seats=1,
            payment="at_venue" if sitting.workshop.price else None,
            now=now,
            gateway="demo",
            hold=DEFAULT_HOLD,
        )
        return person.email, booking.id


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def _log_in(page: Page, live_server: str, email: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_phone_downloads_its_data_then_deletes_the_account(page: Page, live_app, live_server):
    email, booking_id = _a_person_with_a_booking(live_app)
    assert page.viewport_size == {"width": 390, "height": 844}
    _log_in(page, live_server, email)
    expect(page.get_by_role("link", name="Tài khoản", exact=True)).to_be_visible()

    page.get_by_role("link", name="Thông báo bảo vệ dữ liệu cá nhân").click()  # the footer's
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo bảo vệ dữ liệu cá nhân")
    expect(page.locator("#retention")).to_contain_text("90 ngày")
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "my-data-notice.png"), full_page=True)
    page.get_by_role("link", name="Tài khoản", exact=True).click()
    data_section = page.get_by_role("heading", name="Dữ liệu của bạn")
    data_section.scroll_into_view_if_needed()
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "my-data-profile.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải dữ liệu của tôi").click()
    download = download_info.value
    assert download.suggested_filename == "my-data.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == email and data["account"]["name"] == "Hà Thị Yến"
    assert [b["id"] for b in data["bookings"]] == [booking_id]
    assert [c["notice_version"] for c in data["consents"]] == [accounts.NOTICE_VERSION]
    assert all("secret" not in token for token in data["tokens"])

    page.get_by_role("link", name="Xóa tài khoản của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xóa tài khoản của tôi")
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "my-data-delete.png"), full_page=True)
    page.get_by_label("Mật khẩu của bạn, để xác nhận").fill("not my password at all")
    page.get_by_role("button", name="Xóa vĩnh viễn tài khoản của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xóa tài khoản của tôi")
    expect(page.get_by_text("không phải mật khẩu của bạn")).to_be_visible()
    page.screenshot(path=str(SHOTS / "my-data-wrong-password.png"), full_page=True)
    page.get_by_label("Mật khẩu của bạn, để xác nhận").fill(PASSWORD)
    page.get_by_role("button", name="Xóa vĩnh viễn tài khoản của tôi").click()
    expect(page.get_by_text("Tài khoản của bạn đã được xóa.")).to_be_visible()
    # What happened to their booking, and only what applies to them.
    expect(page.get_by_text("Đã huỷ trước 1 lượt đặt chỗ")).to_be_visible()
    expect(page.get_by_text("không có tên hay địa chỉ của bạn")).to_be_visible()
    expect(page.get_by_text("đã quá hạn huỷ")).to_have_count(0)
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()  # logged out
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "my-data-deleted.png"), full_page=True)

    _log_in(page, live_server, email)
    expect(page.get_by_text("Sai địa chỉ email hoặc mật khẩu.")).to_be_visible()

    with live_app.app_context(), db.new_session() as session:
        booking = session.get(Booking, booking_id)
        person = session.get(User, booking.user_id)
        assert booking.status == "cancelled"  # it could still be cancelled: it was, first
        assert person.deleted_at is not None and not person.is_active
        assert person.name != "Hà Thị Yến" and person.email.endswith("@deleted.invalid")
        assert session.scalar(select(User).where(User.email == email)) is None
