"""Pages that work at a glance, on a phone (issue 17): the door answers every code plainly and
keeps the focus in its field; a late booking says "no refund" and its ticket offers no cancel;
no form left with every field wrong shows English; the header fits a 360 px phone; suspending a
space asks first. The run leaves screenshots in ``tests/screenshots/`` (git-ignored)."""

import re
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.database import db
from bookings import accounts, attendance, network, seats
from bookings.catalogue import publishing
from bookings.catalogue.publishing import WorkshopDraft
from bookings.network import SpaceDraft
from bookings.seats.policy import DEFAULT_HOLD
from models import Space, User
from tests.addresses import unique_address
from tests.english import english_on

PASSWORD = "kiln glaze and slow fire"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _door_clock() -> datetime:
    """Now; an hour ago late at night in Hanoi, when a session in half an hour would be
    tomorrow's: the staff's today page lists today's sessions, and the suite runs at any hour
    (the session is then under way, as a door sees it half an hour into a class)."""
    now = datetime.now(UTC)
    if (now + timedelta(minutes=30)).astimezone(HANOI).date() != now.astimezone(HANOI).date():
        return now - timedelta(hours=1)
    return now


@pytest.fixture(scope="module")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="module")
def door(live_app):
    """A space with a Vietnamese name, its staff member, a pay-at-venue workshop and a session of
    today (starting in half an hour, or under way late at night) with two people booked; a
    ticket of another session."""
    now = _door_clock()
    slug = f"xuong-gom-{secrets.token_hex(3)}"
    with live_app.app_context(), db.new_session() as session:
        network.add_space(
            session,
            slug=slug,
            draft=SpaceDraft(
                name="Xưởng Gốm Bát Tràng",
                kind="art-space",
                district="long-bien",
                address="12 Giang Cao, Bát Tràng, Gia Lâm, Hà Nội",
                disciplines=["ceramics"],
                phone="024 3874 0000",
            ),
            now=now,
        )
        staff = accounts.create_user(
            session,
            email=unique_address("thu"),
            password=PASSWORD,
            name="Lê Minh Thư",
            role="staff",
            space_slug=slug,
        )
        accounts.agree_to_notice(
            session, user_id=staff.id, version=accounts.NOTICE_VERSION, now=now
        )
        space_id = session.scalar(select(Space.id).where(Space.slug == slug))
        workshop = publishing.publish_workshop(
            session,
            space_id=space_id,
            draft=WorkshopDraft(
                title="Nặn gốm buổi tối",
                discipline="ceramics",
                price=200_000,
                capacity=8,
                duration_minutes=120,
                pay_at_venue=True,
            ),
            now=now,
        )
        sitting = publishing.schedule_session(
            session, workshop_id=workshop.id, starts_at=now + timedelta(minutes=30), now=now
        )
        later = publishing.schedule_session(
            session, workshop_id=workshop.id, starts_at=now + timedelta(days=8), now=now
        )
        codes = {}
        for key, name, session_id in (
            ("lan", "Nguyễn Thị Lan", sitting.id),
            ("huy", "Phạm Quang Huy", sitting.id),
            ("elsewhere", "Đỗ Thu Trang", later.id),
        ):
            person = accounts.register(
                session, email=unique_address(key), password=PASSWORD, name=name
            )
            booked = seats.book_seats(
                session,
                session_id=session_id,
                user_id=person.id,
                seats=2 if key == "lan" else 1,
                payment="at_venue",
                now=now,
                gateway="demo",
                hold=DEFAULT_HOLD,
            )
            codes[key] = booked.ticket_code
        attendance.walk_in(
            session, session_id=sitting.id, name="Vũ Đức Minh", seats=1, now=now, by=staff.id
        )
        return {
            "slug": slug,
            "staff": staff.email,
            "session": sitting.id,
            "workshop": workshop.id,
            "codes": codes,
        }


def log_in(page: Page, live_server: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def _type_code(page: Page, code: str) -> None:
    field = page.get_by_label("Mã vé", exact=True)
    field.fill(code)
    field.press("Enter")


def test_the_door_answers_right_wrong_and_used_codes_and_keeps_the_focus(
    page: Page, live_server, door, screenshots
):
    log_in(page, live_server, door["staff"])
    expect(page).to_have_url(re.compile(r"/manage/today$"))  # staff land on today's sessions
    page.screenshot(path=str(screenshots / "staff-today-phone.png"), full_page=True)
    page.goto(f"{live_server}/manage/sessions/{door['session']}")
    field = page.get_by_label("Mã vé", exact=True)
    answer = page.locator("#door-answer")
    expect(answer).to_have_attribute("aria-live", "assertive")
    expect(field).to_be_focused()

    colours = {}
    for code, outcome, words in (
        (door["codes"]["lan"].lower().replace("-", " "), "door-ok", "Mời vào"),
        (door["codes"]["lan"], "door-warn", "Đã vào rồi"),
        ("ZZZZZ-ZZZZZ", "door-stop", "Mã không tồn tại"),
        (door["codes"]["elsewhere"], "door-stop", "Không phải vé của buổi này"),
    ):
        _type_code(page, code)
        shown = answer.locator(f".door-answer.{outcome}")
        expect(shown).to_contain_text(words)
        expect(shown).to_be_in_viewport()  # seen at once, not below the fold or under a header
        expect(field).to_be_focused()
        expect(field).to_have_value("")  # ready for the next ticket
        colours[outcome] = shown.evaluate("node => getComputedStyle(node).backgroundColor")
        name = {"door-ok": "in", "door-warn": "already-in", "door-stop": "refused"}[outcome]
        page.screenshot(path=str(screenshots / f"door-{name}.png"))
    assert len(set(colours.values())) == 3, colours
    expect(page.get_by_role("button", name="Điểm danh Nguyễn Thị Lan")).to_have_attribute(
        "aria-pressed", "true"
    )
    counts = page.locator("#door-counts dd")
    expect(counts).to_have_text(["4", "3", "1"])  # expected, in (Lan's two, the walk-in), to come


def test_the_door_without_script_answers_the_same_with_the_focus_in_the_field(
    browser: Browser, browser_context_args, live_server, door, screenshots
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, door["staff"])
    page.goto(f"{live_server}/manage/sessions/{door['session']}")
    _type_code(page, door["codes"]["huy"])
    answer = page.locator("#door-answer .door-answer")
    expect(answer).to_have_class(re.compile("door-ok"))
    expect(answer).to_contain_text("Phạm Quang Huy")
    expect(answer).to_be_in_viewport()
    expect(page.get_by_label("Mã vé", exact=True)).to_be_focused()
    _type_code(page, door["codes"]["huy"])
    expect(page.locator("#door-answer .door-answer")).to_have_class(re.compile("door-warn"))
    expect(page.locator("#door-answer")).to_contain_text("do Lê Minh Thư điểm danh")
    expect(page.get_by_label("Mã vé", exact=True)).to_be_focused()
    page.screenshot(path=str(screenshots / "door-phone.png"), full_page=True)
    context.close()


def _late_session(live_app) -> int:
    """A card-only session of a demo space starting in two hours: its free cancellation
    deadline (24 hours before) has passed."""
    now = datetime.now(UTC)
    with live_app.app_context(), db.new_session() as session:
        space_id = session.scalar(select(Space.id).where(Space.slug == "manzi-art-space"))
        workshop = publishing.publish_workshop(
            session,
            space_id=space_id,
            draft=WorkshopDraft(
                title="Vẽ màu nước phút chót",
                discipline="painting",
                price=900_000,
                capacity=10,
                duration_minutes=90,
            ),
            now=now,
        )
        sitting = publishing.schedule_session(
            session, workshop_id=workshop.id, starts_at=now + timedelta(hours=2), now=now
        )
        return sitting.id


def test_a_late_booking_says_no_refund_and_its_ticket_offers_no_cancel(
    page: Page, live_app, live_server, screenshots
):
    session_id = _late_session(live_app)
    page.goto(f"{live_server}/register?next=/sessions/{session_id}")
    page.get_by_label("Tên của bạn").fill("Hoàng Thu Hà")
    page.get_by_label("Email").fill(unique_address("ha"))
    page.get_by_label("Mật khẩu").fill("paper lanterns on hang ma")
    page.get_by_label("Tôi đã đọc thông báo").check()
    page.get_by_role("button", name="Tạo tài khoản của tôi").click()
    expect(page).to_have_url(re.compile(rf"/sessions/{session_id}$"))

    card = page.locator("#book")
    warning = card.locator(".policy-late")
    expect(warning).to_contain_text("Không hoàn tiền.")
    expect(warning).to_contain_text("Đã quá hạn huỷ miễn phí")
    button = card.get_by_role("button", name="Đặt chỗ")
    assert warning.bounding_box()["y"] < button.bounding_box()["y"]  # said before the button
    page.screenshot(path=str(screenshots / "late-booking-phone.png"), full_page=True)
    card.get_by_label("Thanh toán bằng thẻ ngay").check()  # transfer is offered first
    button.click()
    expect(page.locator(".policy-late")).to_contain_text("Không hoàn tiền.")  # and before paying
    page.get_by_role("button", name=re.compile("^Thanh toán ")).click()

    expect(page.locator(".ticket-code")).to_be_visible()
    expect(page.get_by_text("không hoàn tiền", exact=False).first).to_be_visible()
    expect(page.get_by_role("link", name="Huỷ đặt chỗ này")).to_have_count(0)
    expect(page.locator("a[href$='/cancel']")).to_have_count(0)
    page.screenshot(path=str(screenshots / "late-ticket-phone.png"), full_page=True)


def _no_english(page: Page, form: str) -> None:
    expect(page.locator(".error, .alert").first).to_be_visible()
    assert english_on(page.content()) == [], form
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, form


def _admin(live_app) -> str:
    email = unique_address("bao")
    with live_app.app_context(), db.new_session() as session:
        admin = accounts.create_user(
            session, email=email, password=PASSWORD, name="Trần Quốc Bảo", role="admin"
        )
        accounts.agree_to_notice(
            session, user_id=admin.id, version=accounts.NOTICE_VERSION, now=datetime.now(UTC)
        )
    return email


def test_forms_with_every_field_wrong_answer_in_vietnamese_only(
    page: Page, browser: Browser, browser_context_args, live_app, live_server, door
):
    # Register, as a visitor.
    page.goto(f"{live_server}/register")
    page.get_by_label("Email").fill("lan-at-example")
    page.get_by_label("Mật khẩu").fill("1")
    page.get_by_role("button", name="Tạo tài khoản của tôi").click()
    _no_english(page, "register")

    # Staff: a walk-in, a workshop, a weekly series.
    log_in(page, live_server, door["staff"])
    page.goto(f"{live_server}/manage/sessions/{door['session']}")
    page.locator("#walk-in summary").click()
    walk_in = page.locator("#walk-in form")
    walk_in.get_by_label("Email").fill("x")
    walk_in.get_by_label("Số chỗ").fill("-3")
    walk_in.get_by_role("button", name="Thêm và điểm danh").click()
    _no_english(page, "walk-in")

    page.goto(f"{live_server}/manage/spaces/{door['slug']}/workshops/new")
    page.get_by_label("Giá mỗi chỗ (VND)").fill("-5")
    page.get_by_label("Số chỗ mỗi buổi").fill("0")
    page.get_by_label("Thời lượng (phút)").fill("")
    page.get_by_label("Độ tuổi nhỏ nhất phù hợp").fill("200")
    page.get_by_role("button", name="Đăng lớp học").click()
    _no_english(page, "workshop")

    page.goto(f"{live_server}/manage/workshops/{door['workshop']}/series")
    page.get_by_label("Số tuần").fill("500")
    page.get_by_role("button", name="Xem các ngày").click()
    _no_english(page, "series")

    # Admin: a new space and an existing one, every field wrong.
    admin = browser.new_context(**browser_context_args)
    admin_page = admin.new_page()
    log_in(admin_page, live_server, _admin(live_app))
    admin_page.goto(f"{live_server}/admin/spaces/new")
    admin_page.get_by_label("Tên trong đường dẫn").fill("Không Hợp Lệ!")
    admin_page.get_by_label("Trang web").fill("ftp://x")
    admin_page.get_by_label("Điện thoại").fill("gọi cho chúng tôi")
    admin_page.get_by_role("button", name="Lưu").click()
    _no_english(admin_page, "admin: new space")
    admin_page.goto(f"{live_server}/admin/spaces/{door['slug']}/edit")
    admin_page.get_by_label("Tên", exact=True).fill("")
    admin_page.get_by_label("Địa chỉ", exact=True).fill("")
    admin_page.get_by_label("Email").fill("x")
    admin_page.get_by_role("button", name="Lưu").click()
    _no_english(admin_page, "admin: edit space")
    admin.close()


@pytest.mark.parametrize("who", ["visitor", "admin and staff"])
def test_the_header_fits_a_360_px_phone(
    browser: Browser, browser_context_args, live_app, live_server, door, who
):
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 360, "height": 740}}
    )
    page = context.new_page()
    if who != "visitor":
        email = _admin(live_app)
        with live_app.app_context(), db.new_session() as session:
            user_id = session.scalar(select(User.id).where(User.email == email))
            accounts.add_to_team(session, space_slug=door["slug"], user_id=user_id, role="staff")
        log_in(page, live_server, email)
    for path in ("/", "/sessions", "/manage/today" if who != "visitor" else "/spaces"):
        page.goto(live_server + path)
        links = page.locator(".main-nav a")
        expect(links.first).to_be_visible()
        expected = 6 if who != "visitor" else 4
        expect(links).to_have_count(expected)
        for box in (links.nth(n).bounding_box() for n in range(expected)):
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (path, box)
        nav = page.locator(".main-nav")
        assert nav.evaluate("node => node.scrollWidth <= node.clientWidth"), path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()


def test_suspending_a_space_asks_first_and_says_what_happens(
    page: Page, browser: Browser, live_app, live_server, door, screenshots
):
    log_in(page, live_server, _admin(live_app))
    page.goto(f"{live_server}/admin/?q=bat+trang")
    page.screenshot(path=str(screenshots / "admin-spaces-phone.png"), full_page=True)
    row = page.locator("tr", has_text="Xưởng Gốm Bát Tràng")
    row.get_by_role("link", name="Tạm ngưng…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tạm ngưng Xưởng Gốm Bát Tràng?")
    expect(page.locator(".alert")).to_contain_text("sẽ bị gỡ khỏi danh mục công khai")
    expect(page.locator(".alert")).to_contain_text("vẫn giữ nguyên")
    with live_app.app_context(), db.new_session() as session:
        assert network.space_by_slug(session, door["slug"]).status == "active"  # asked, not done
    page.get_by_role("button", name="Đồng ý, tạm ngưng không gian").click()
    expect(page.get_by_text("Xưởng Gốm Bát Tràng đã bị tạm ngưng")).to_be_visible()
    with live_app.app_context(), db.new_session() as session:
        assert network.space_by_slug(session, door["slug"]).status == "suspended"
        network.set_space_status(session, slug=door["slug"], status="active", now=datetime.now(UTC))

    desk = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desktop = desk.new_page()
    log_in(desktop, live_server, _admin(live_app))
    desktop.goto(f"{live_server}/admin/?sort=-upcoming")
    expect(desktop.locator("th[aria-sort='descending']")).to_contain_text("Buổi học sắp tới")
    desktop.screenshot(path=str(screenshots / "admin-spaces-desktop.png"))
    desk.close()


def test_screenshots_of_the_session_page_and_today(
    page: Page, browser: Browser, live_server, door, screenshots
):
    later = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    page.goto(f"{live_server}/sessions?q=gom&from={later}")
    page.locator(".session-card a").first.click()
    expect(page.locator("#book")).to_be_visible()
    assert (
        page.locator("#book").bounding_box()["y"]
        < page.locator(".session-main").bounding_box()["y"]
    )
    page.screenshot(path=str(screenshots / "session-phone.png"), full_page=True)
    url = page.url

    desk = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desktop = desk.new_page()
    desktop.goto(url)
    card, main = desktop.locator(".session-aside"), desktop.locator(".session-main")
    assert card.bounding_box()["x"] > main.bounding_box()["x"] + main.bounding_box()["width"] - 1
    desktop.screenshot(path=str(screenshots / "session-desktop.png"))
    desktop.mouse.wheel(0, 600)
    expect(card).to_be_in_viewport()  # the booking card stays in view
    log_in(desktop, live_server, door["staff"])
    expect(desktop).to_have_url(re.compile(r"/manage/today$"))
    expect(desktop.locator(".day-card")).to_contain_text("Nặn gốm buổi tối")
    desktop.screenshot(path=str(screenshots / "staff-today-desktop.png"), full_page=True)
    desk.close()
