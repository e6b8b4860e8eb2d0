"""Staff pages and API: publish a workshop, plan a weekly series, run the door, export the
roster; the ticket's QR code; the overviews."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from sqlalchemy import select

from bookings import attendance, seats
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, Space, Workshop, WorkshopSession
from tests.conftest import log_in
from tests.forms import post_form, text

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def staff_space(make_space, make_user):
    space = make_space(name="Xưởng Gốm Hàng Buồm")
    return space, make_user(staff_of=space, locale="en")


def test_publish_a_workshop_from_the_form_with_every_field(client, db, staff_space):
    space, staff = staff_space
    log_in(client, staff)
    url = f"/manage/spaces/{space.slug}/workshops/new"
    response = post_form(
        client,
        url,
        {
            "title": "Làm nến thơm",
            "title_en": "Scented candles",
            "description": "Tự tay làm nến.",
            "description_en": "Make your own candles.",
            "discipline": "candle-making",
            "language": "vi+en",
            "price": "180000",
            "pay_at_venue": "y",
            "capacity": "10",
            "max_seats_per_booking": "2",
            "duration_minutes": "90",
            "booking_cutoff_minutes": "60",
            "cancellation_deadline_hours": "12",
            "min_age": "10",
            "what_to_bring": "Tạp dề",
            "what_to_bring_en": "An apron",
        },
    )
    assert response.status_code == 302
    workshop = db.scalar(select(Workshop).where(Workshop.space_id == space.id))
    assert response.headers["Location"] == f"/manage/workshops/{workshop.id}"
    assert (workshop.title_en, workshop.price, workshop.pay_at_venue, workshop.min_age) == (
        "Scented candles",
        180_000,
        True,
        10,
    )
    assert (workshop.booking_cutoff_minutes, workshop.cancellation_deadline_hours) == (60, 12)
    assert workshop.what_to_bring_en == "An apron"


def test_a_bad_workshop_form_names_the_field(client, staff_space):
    space, staff = staff_space
    log_in(client, staff)
    url = f"/manage/spaces/{space.slug}/workshops/new"
    response = post_form(
        client,
        url,
        {
            "title": "Nến",
            "discipline": "candle-making",
            "language": "vi",
            "price": "0",
            "capacity": "5000",
            "max_seats_per_booking": "2",
            "duration_minutes": "90",
            "booking_cutoff_minutes": "0",
            "cancellation_deadline_hours": "24",
        },
    )
    assert response.status_code == 400
    assert "must be a whole number from 1 to 1000" in text(response)


def test_a_weekly_series_is_shown_for_review_then_saved(client, db, staff_space, make_workshop):
    space, staff = staff_space
    workshop = make_workshop(space=space, duration_minutes=120)
    log_in(client, staff)
    url = f"/manage/workshops/{workshop.id}/series"
    first = date.today() + timedelta(days=7)
    form = {
        "weekdays": [str(first.weekday()), str((first.weekday() + 3) % 7)],
        "at": "18:30",
        "first_day": first.isoformat(),
        "weeks": "4",
        "skip": (first + timedelta(weeks=1)).isoformat(),
    }
    review = post_form(client, url, form)
    assert review.status_code == 200
    page = text(review)
    assert "7 sessions to add" in page
    assert (
        db.scalar(select(WorkshopSession).where(WorkshopSession.workshop_id == workshop.id)) is None
    )
    saved = post_form(client, url, {**form, "confirmed": "yes"})
    assert saved.status_code == 302
    sessions = db.scalars(
        select(WorkshopSession).where(WorkshopSession.workshop_id == workshop.id)
    ).all()
    assert len(sessions) == 7
    assert first + timedelta(weeks=1) not in {
        s.starts_at.astimezone(HANOI).date() for s in sessions
    }


def test_a_series_with_an_unreadable_skip_date_is_refused(client, staff_space, make_workshop):
    space, staff = staff_space
    workshop = make_workshop(space=space)
    log_in(client, staff)
    url = f"/manage/workshops/{workshop.id}/series"
    response = post_form(
        client,
        url,
        {"weekdays": "1", "at": "10:00", "first_day": "2030-01-01", "weeks": "2", "skip": "soon"},
    )
    assert response.status_code == 400
    assert "Not a date: soon" in text(response)


@pytest.fixture
def booked(db, staff_space, make_workshop, make_session, make_user, now):
    """A session of the staff's space with a pay-at-venue booking of a Vietnamese name."""
    space, staff = staff_space
    workshop = make_workshop(space=space, price=150_000, pay_at_venue=True, capacity=5)
    sitting = make_session(workshop, capacity=5)
    person = make_user(name="Đỗ Thị Hương")
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=2,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    return staff, sitting, booking


def test_the_door_checks_in_by_typed_code_and_marks_payment(client, db, booked):
    staff, sitting, booking = booked
    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}"
    roster = text(client.get(page))
    assert "Đỗ Thị Hương" in roster and booking.ticket_code in roster and "Not paid" in roster
    response = post_form(
        client,
        f"/manage/sessions/{sitting.id}/check-in",
        {"code": booking.ticket_code.lower()},
        page=page,
    )
    assert response.status_code == 302
    assert "#" not in response.headers["Location"]  # the door card is at the top: no jump
    answer = door_answer(client.get(page))
    assert "door-ok" in answer and "Come in" in answer and "Đỗ Thị Hương" in answer
    assert "2 seats" in answer and "To collect: ₫300,000" in answer
    db.expire_all()
    stored = db.get(Booking, booking.id)
    assert stored.checked_in_at is not None and stored.checked_in_by_id == staff.id
    assert door_answer(client.get(page)) == "", "the answer is shown once"
    post_form(client, f"/manage/bookings/{booking.id}/paid", {}, page=page)
    post_form(client, f"/manage/bookings/{booking.id}/undo-check-in", {}, page=page)
    db.expire_all()
    stored = db.get(Booking, booking.id)
    assert (stored.paid, stored.checked_in_at, stored.checked_in_by_id) == (True, None, None)


def door_answer(response) -> str:
    """The door card's answer region of a door page."""
    page = text(response)
    start = page.index('id="door-answer"')
    return (
        page[start : page.index("</section>", start)]
        .split(">", 1)[1]
        .strip()
        .removesuffix("</div>")
        .strip()
    )


def test_a_ticket_shown_twice_says_when_and_by_whom_it_was_used(client, db, booked):
    staff, sitting, booking = booked
    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}"
    check_in = f"/manage/sessions/{sitting.id}/check-in"
    post_form(client, check_in, {"code": booking.ticket_code}, page=page)
    client.get(page)
    post_form(client, check_in, {"code": booking.ticket_code}, page=page)
    answer = door_answer(client.get(page))
    db.expire_all()
    at = db.get(Booking, booking.id).checked_in_at.astimezone(HANOI).strftime("%H:%M")
    assert "door-warn" in answer and "Already in" in answer
    assert f"Checked in at {at} by {staff.name}." in answer


def test_an_unknown_code_and_a_ticket_of_another_session_are_refused(
    client, db, booked, make_session, make_user, now
):
    staff, sitting, booking = booked
    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}"
    check_in = f"/manage/sessions/{sitting.id}/check-in"
    post_form(client, check_in, {"code": "ZZZZZ-ZZZZZ"}, page=page)
    answer = door_answer(client.get(page))
    assert "door-stop" in answer and "Unknown code" in answer
    assert "No ticket has the code ZZZZZ-ZZZZZ." in answer

    later = make_session(sitting.workshop, starts_in=timedelta(days=9))
    other = seats.book_seats(
        db,
        session_id=later.id,
        user_id=make_user().id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    post_form(client, check_in, {"code": other.ticket_code}, page=page)
    answer = door_answer(client.get(page))
    assert "door-stop" in answer and "Not for this session" in answer
    db.expire_all()
    assert db.get(Booking, other.id).checked_in_at is None


def test_a_cancelled_booking_gets_no_seat_at_the_door(client, db, booked, now):
    staff, sitting, booking = booked
    seats.cancel_booking(db, booking_id=booking.id, user_id=booking.user_id, now=now)
    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}"
    post_form(
        client, f"/manage/sessions/{sitting.id}/check-in", {"code": booking.ticket_code}, page=page
    )
    answer = door_answer(client.get(page))
    assert "door-stop" in answer and "This booking is cancelled." in answer
    db.expire_all()
    assert db.get(Booking, booking.id).checked_in_at is None


def test_an_empty_code_is_asked_for_in_the_door_card(client, booked):
    staff, sitting, _ = booked
    log_in(client, staff)
    response = post_form(
        client,
        f"/manage/sessions/{sitting.id}/check-in",
        {"code": ""},
        page=f"/manage/sessions/{sitting.id}",
    )
    assert response.status_code == 400
    assert 'id="code-error"' in text(response)


def test_the_guest_list_finds_people_by_name_or_code(
    client, db, booked, make_user, now, staff_space
):
    staff, sitting, booking = booked
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=make_user(name="Lý Văn Tâm").id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}"
    by_name = text(client.get(page, query_string={"q": "huong"}))
    assert "Đỗ Thị Hương" in by_name and "Lý Văn Tâm" not in by_name
    by_code = text(client.get(page, query_string={"q": booking.ticket_code.replace("-", "")}))
    assert "Đỗ Thị Hương" in by_code and "Lý Văn Tâm" not in by_code
    everyone = text(client.get(page))
    assert "Đỗ Thị Hương" in everyone and "Lý Văn Tâm" in everyone


def test_the_door_counts_expected_in_and_still_to_come(client, db, booked, make_user, now):
    staff, sitting, booking = booked
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=make_user().id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    attendance.check_in(db, booking_id=booking.id, now=now, by=staff.id)
    log_in(client, staff)
    page = text(client.get(f"/manage/sessions/{sitting.id}"))
    counts = page[page.index('id="door-counts"') : page.index("</dl>", page.index("door-counts"))]
    numbers = [int(n) for n in re.findall(r"<dd>(\d+)</dd>", counts)]
    assert numbers == [3, 2, 1]


def test_marking_no_shows_asks_first_and_names_who(client, db, booked):
    staff, sitting, booking = booked
    db.get(WorkshopSession, sitting.id).starts_at = datetime.now(UTC) - timedelta(minutes=5)
    db.commit()
    log_in(client, staff)
    url = f"/manage/sessions/{sitting.id}/no-shows"
    ask = text(client.get(url))
    assert "Đỗ Thị Hương" in ask and "will be marked as a no-show" in ask
    db.expire_all()
    assert db.get(Booking, booking.id).no_show_at is None
    post_form(client, url, {})
    db.expire_all()
    assert db.get(Booking, booking.id).no_show_at is not None


def test_walk_in_from_the_door_page(client, db, booked):
    staff, sitting, _ = booked
    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}"
    response = post_form(
        client,
        f"/manage/sessions/{sitting.id}/walk-in",
        {"name": "Bùi Quang Vinh", "seats": "4"},
        page=page,
    )
    assert response.status_code == 302
    assert "There are not enough seats left in this session." in text(client.get(page))
    post_form(
        client,
        f"/manage/sessions/{sitting.id}/walk-in",
        {"name": "Bùi Quang Vinh", "seats": "3", "paid": "y"},
        page=page,
    )
    walk = db.scalar(select(Booking).where(Booking.walk_in.is_(True)))
    assert (walk.seats, walk.paid, walk.checked_in_at is not None) == (3, True, True)


def test_roster_csv_download_is_utf8_with_bom(client, booked):
    staff, sitting, booking = booked
    log_in(client, staff)
    response = client.get(f"/manage/sessions/{sitting.id}/roster.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(body[3:].decode("utf-8"))))
    assert rows[0][:3] == ["Name", "Email", "Seats"]
    assert rows[1][0] == "Đỗ Thị Hương" and rows[1][5] == booking.ticket_code


def test_the_print_view_lists_the_people(client, booked):
    staff, sitting, booking = booked
    log_in(client, staff)
    page = text(client.get(f"/manage/sessions/{sitting.id}/print"))
    assert "Đỗ Thị Hương" in page and booking.ticket_code in page


def test_capacity_move_and_cancel_from_the_pages(client, db, booked):
    staff, sitting, booking = booked
    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}/tools"
    assert "Capacity" in text(client.get(page))
    low = post_form(client, f"/manage/sessions/{sitting.id}/capacity", {"capacity": "1"}, page=page)
    assert low.status_code == 400 and "must be at least 2 (the seats taken)" in text(low)
    post_form(client, f"/manage/sessions/{sitting.id}/capacity", {"capacity": "9"}, page=page)
    later = (date.today() + timedelta(days=20)).isoformat()
    post_form(
        client,
        f"/manage/sessions/{sitting.id}/move",
        {"day": later, "at": "19:00", "duration_minutes": "60"},
        page=page,
    )
    db.expire_all()
    moved = db.get(WorkshopSession, sitting.id)
    assert moved.capacity == 9 and moved.sequence == 1
    assert moved.starts_at == datetime.fromisoformat(f"{later}T12:00:00+00:00")
    cancel = f"/manage/sessions/{sitting.id}/cancel"
    assert "1 booking will be cancelled." in text(client.get(cancel))
    post_form(client, cancel, {"message": "Mất điện"})
    db.expire_all()
    assert db.get(WorkshopSession, sitting.id).status == "cancelled"
    assert db.get(Booking, booking.id).status == "cancelled"


def test_staff_of_another_space_never_see_the_people(client, booked, make_space, make_user):
    _, sitting, booking = booked
    log_in(client, make_user(staff_of=make_space()))
    for url in (
        f"/manage/sessions/{sitting.id}",
        f"/manage/sessions/{sitting.id}/roster.csv",
        f"/manage/sessions/{sitting.id}/print",
        f"/manage/sessions/{sitting.id}/tools",
        f"/manage/sessions/{sitting.id}/no-shows",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Đỗ Thị Hương" not in text(response)


def test_attendees_and_check_in_api(client, booked, bearer, make_user, make_space):
    staff, sitting, booking = booked
    headers = bearer(staff)
    listed = client.get(f"/api/v1/manage/sessions/{sitting.id}/attendees", headers=headers)
    assert listed.status_code == 200
    (row,) = listed.get_json()["items"]
    assert row == {
        "booking_id": booking.id,
        "name": "Đỗ Thị Hương",
        "email": booking.user.email,
        "seats": 2,
        "status": "confirmed",
        "paid": False,
        "checked_in_at": None,
    }
    checked = client.post(f"/api/v1/manage/bookings/{booking.id}/check-in", headers=headers)
    assert checked.status_code == 200
    body = checked.get_json()
    assert body["id"] == booking.id and body["checked_in_at"].endswith("+07:00")
    again = client.get(f"/api/v1/manage/sessions/{sitting.id}/attendees", headers=headers)
    assert again.get_json()["items"][0]["checked_in_at"] == body["checked_in_at"]
    stranger = bearer(make_user(staff_of=make_space()))
    refused = client.post(f"/api/v1/manage/bookings/{booking.id}/check-in", headers=stranger)
    assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "not_found"


def test_check_in_api_refuses_a_booking_still_paying(client, db, booked, bearer, make_user, now):
    staff, sitting, _ = booked
    paying = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=make_user().id,
        seats=1,
        payment="card",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    assert paying.status == "pending_payment"
    response = client.post(f"/api/v1/manage/bookings/{paying.id}/check-in", headers=bearer(staff))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "not_confirmed"


def _render_svg(svg: str, scale: int = 10) -> Image.Image:
    """Draw segno's SVG path as a browser would: ``M x y`` / ``m dx dy`` move, ``h n`` strokes a
    run of dark modules on the row whose middle is ``y``."""
    size = int(re.search(r'width="(\d+)"', svg).group(1)) // 8
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            row = int(y - 0.5)
            draw.rectangle(
                [x * scale, row * scale, (x + float(a)) * scale - 1, (row + 1) * scale - 1], fill=0
            )
            x += float(a)
    return image


def test_the_ticket_page_shows_a_qr_code_that_decodes_to_the_ticket_code(client, booked):
    _, sitting, booking = booked
    log_in(client, booking.user)
    page = text(client.get(f"/me/bookings/{booking.id}"))
    svg = re.search(r"<svg[^>]*ticket-qr.*?</svg>", page, re.S).group(0)
    assert booking.ticket_code in page
    decoded = zxingcpp.read_barcodes(_render_svg(unescape(svg)))
    assert [(d.format, d.text) for d in decoded] == [
        (zxingcpp.BarcodeFormat.QRCode, booking.ticket_code)
    ]


def test_the_space_overview_draws_its_chart(client, booked, db, now):
    staff, sitting, booking = booked
    space = sitting.workshop.space
    log_in(client, staff)
    page = text(client.get(f"/manage/spaces/{space.slug}/overview"))
    assert "<svg" in page and "40%" in page  # 2 of 5 seats
    assert "<script" not in page.split("<main")[1]


def test_the_network_overview_as_charts_and_csv(client, booked, make_user):
    log_in(client, make_user(admin=True))
    page = text(client.get("/admin/overview"))
    assert page.count('<svg class="chart"') == 4
    csv_body = client.get("/admin/overview/fill-rate-by-space.csv").get_data()
    assert csv_body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(csv_body[3:].decode())))
    assert ["Xưởng Gốm Hàng Buồm", "2", "5", "40%"] in rows
    assert client.get("/admin/overview/nothing.csv").status_code == 404


def test_admin_suspends_a_space_after_being_told_what_it_does(
    client, db, make_space, make_workshop, make_session, make_user, now
):
    space = make_space(name="Nhà Sàn Studio")
    sitting = make_session(make_workshop(space=space, price=0))
    make_session(make_workshop(space=space, price=0), starts_in=timedelta(days=-3))  # past
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=make_user().id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    log_in(client, make_user(admin=True, locale="en"))
    listing = text(client.get("/admin/"))
    url = f"/admin/spaces/{space.slug}/status"
    assert f'href="{url}"' in listing and f'action="{url}"' not in listing  # a link, no button
    ask = text(client.get(url))
    assert "Suspend Nhà Sàn Studio?" in ask
    assert "Its 1 upcoming session leaves the public catalogue" in ask
    assert "1 booking or place in line already made stands" in ask
    db.expire_all()
    assert db.get(Space, space.id).status == "active"
    post_form(client, url, {})
    db.expire_all()
    assert db.get(Space, space.id).status == "suspended"
    assert "Reactivate Nhà Sàn Studio?" in text(client.get(url))


def test_the_admins_spaces_table_searches_filters_and_sorts(client, make_space, make_user):
    make_space(name="Đông Gallery", kind="gallery", district="tay-ho")
    make_space(name="Xưởng Gốm", kind="art-space", district="hoan-kiem", status="suspended")
    make_space(name="An Café", kind="cafe", district="tay-ho")
    log_in(client, make_user(admin=True, locale="en"))

    def names(**args) -> list[str]:
        page = text(client.get("/admin/", query_string=args))
        return re.findall(r"<strong>([^<]+)</strong></a>", page)

    assert names() == ["An Café", "Đông Gallery", "Xưởng Gốm"]
    assert names(q="dong") == ["Đông Gallery"]
    assert names(district="tay-ho") == ["An Café", "Đông Gallery"]
    assert names(status="suspended") == ["Xưởng Gốm"]
    assert names(kind="cafe") == ["An Café"]
    assert names(sort="-name") == ["Xưởng Gốm", "Đông Gallery", "An Café"]
    assert names(sort="status") == ["An Café", "Đông Gallery", "Xưởng Gốm"]
    assert names(sort="nonsense", kind="nonsense") == ["An Café", "Đông Gallery", "Xưởng Gốm"]
    assert "1 of 3 member spaces" in text(client.get("/admin/", query_string={"q": "dong"}))


def test_the_door_after_the_start_marks_no_shows(
    client, db, staff_space, make_workshop, make_session, make_user
):
    space, staff = staff_space
    started = datetime.now(UTC) - timedelta(minutes=10)
    sitting = make_session(make_workshop(space=space, price=0), starts_at=started)
    absent = Booking(
        session_id=sitting.id,
        user_id=make_user().id,
        seats=1,
        status="confirmed",
        payment_method="free",
        ticket_code="ABCDE-12345",
    )
    db.add(absent)
    sitting.seats_taken = 1
    db.commit()
    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}"
    post_form(client, f"/manage/sessions/{sitting.id}/no-shows", {}, page=page)
    assert "1 booking marked as a no-show." in text(client.get(page))
    db.expire_all()
    assert db.get(Booking, absent.id).no_show_at is not None
    assert attendance.roster(db, sitting.id).coming[0].no_show_at is not None


def test_staff_give_their_space_a_phone_an_email_and_a_chat_link(client, db, staff_space):
    space, staff = staff_space
    log_in(client, staff)
    url = f"/manage/spaces/{space.slug}/contact"
    wrong = post_form(
        client, url, {"phone": "call us", "email": "not-an-email", "messenger_url": "zalo.me/1"}
    )
    assert wrong.status_code == 400
    page = text(wrong)
    assert "write a phone number with its digits" in page
    assert "must be an email address such as lan@example.com" in page
    assert "must be a link that starts with https://" in page
    saved = post_form(
        client,
        url,
        {
            "phone": " 024 3823  4567 ",
            "email": "Hello@NhaSan.vn",
            "messenger_url": "https://zalo.me/0912345678",
        },
    )
    assert saved.status_code == 302
    db.expire_all()
    stored = db.get(Space, space.id)
    assert (stored.phone, stored.email, stored.messenger_url) == (
        "024 3823 4567",
        "hello@nhasan.vn",
        "https://zalo.me/0912345678",
    )


def test_today_lists_the_sessions_of_the_day_at_the_staffs_spaces_only(
    client, staff_space, make_workshop, make_session, make_space, now
):
    space, staff = staff_space
    workshop = make_workshop(space=space, title="Gốm buổi sáng", title_en="Morning pottery")
    today_start = datetime.combine(now.astimezone(HANOI).date(), datetime.min.time(), HANOI)
    here = make_session(workshop, starts_at=today_start + timedelta(hours=10), seats_taken=2)
    make_session(workshop, starts_at=today_start + timedelta(days=1, hours=10))  # tomorrow
    make_session(workshop, starts_at=today_start - timedelta(hours=2))  # yesterday evening
    elsewhere = make_workshop(space=make_space(), title_en="Screen printing elsewhere")
    make_session(elsewhere, starts_at=today_start + timedelta(hours=11))
    log_in(client, staff)
    page = text(client.get("/manage/today"))
    assert "Morning pottery" in page and f"/manage/sessions/{here.id}" in page
    assert "Screen printing elsewhere" not in page
    assert page.count("/manage/sessions/") == 1
    assert "2 / 10" in page  # seats taken of capacity


def test_staff_land_on_today_after_logging_in(client, staff_space):
    _, staff = staff_space
    response = post_form(
        client, "/login", {"email": staff.email, "password": "ceramic wheels turn slowly"}
    )
    assert response.headers["Location"] == "/manage/today"
    going = post_form(
        client,
        "/login?next=/me/bookings",
        {"email": staff.email, "password": "ceramic wheels turn slowly", "next": "/me/bookings"},
        page="/login",
    )
    assert going.headers["Location"] == "/me/bookings"


def test_the_workshop_form_has_no_default_discipline_and_shows_every_error_at_once(
    client, staff_space
):
    space, staff = staff_space
    log_in(client, staff)
    url = f"/manage/spaces/{space.slug}/workshops/new"
    blank = text(client.get(url))
    assert re.search(r"<option (selected )?value=\"\">Choose a discipline…</option>", blank)
    assert 'selected value="ceramics"' not in blank and 'value="ceramics" selected' not in blank
    response = post_form(
        client,
        url,
        {
            "title": "",
            "language": "vi",
            "price": "5000",
            "capacity": "5000",
            "max_seats_per_booking": "2",
            "duration_minutes": "abc",
            "booking_cutoff_minutes": "0",
            "cancellation_deadline_hours": "24",
        },
    )
    assert response.status_code == 400
    page = text(response)
    for error in (
        "Please fill this in.",  # the title
        "Choose the discipline.",
        "must be 0 (free) or at least 15000 ₫",  # the price, checked by the domain
        "must be a whole number from 1 to 1000",  # the capacity, checked by the domain
        "Enter a whole number, such as 10.",  # the length
    ):
        assert error in page, error


def test_a_series_skips_dates_picked_one_by_one_and_ticked_in_the_review(
    client, db, staff_space, make_workshop
):
    space, staff = staff_space
    workshop = make_workshop(space=space)
    log_in(client, staff)
    url = f"/manage/workshops/{workshop.id}/series"
    first = date.today() + timedelta(days=7)
    form = {
        "weekdays": [str(first.weekday())],
        "at": "18:30",
        "first_day": first.isoformat(),
        "weeks": "5",
        "skip": [(first + timedelta(weeks=1)).isoformat(), ""],
    }
    review = text(post_form(client, url, form))
    assert "4 sessions to add" in review
    ticked = (first + timedelta(weeks=3)).isoformat()
    assert f'name="skip" value="{ticked}"' in review  # each date can be left out
    form["skip"] = [*form["skip"], ticked]
    post_form(client, url, {**form, "confirmed": "yes"})
    days = {
        s.starts_at.astimezone(HANOI).date()
        for s in db.scalars(
            select(WorkshopSession).where(WorkshopSession.workshop_id == workshop.id)
        )
    }
    assert days == {first, first + timedelta(weeks=2), first + timedelta(weeks=4)}


def test_a_series_with_nothing_filled_in_names_every_missing_part(
    client, staff_space, make_workshop
):
    space, staff = staff_space
    workshop = make_workshop(space=space)
    log_in(client, staff)
    response = post_form(client, f"/manage/workshops/{workshop.id}/series", {})
    assert response.status_code == 400
    page = text(response)
    assert "choose at least one day of the week" in page
    assert "give either a number of weeks or an end date" in page
    assert page.count("Please fill this in.") == 2  # the time and the first day


def test_paid_at_the_door_and_paid_as_a_price_are_different_words_in_vietnamese(
    client, db, booked, now
):
    staff, sitting, booking = booked
    attendance.mark_paid_at_door(db, booking_id=booking.id, now=now)
    log_in(client, staff)
    vi = {"Accept-Language": "vi"}
    client.get("/language/vi")
    body = client.get(f"/manage/sessions/{sitting.id}/roster.csv").get_data()
    header = body[3:].decode("utf-8").splitlines()[0].split(",")
    assert "Đã thanh toán" in header and "Có phí" not in header
    door = text(client.get(f"/manage/sessions/{sitting.id}", headers=vi))
    assert "Đã thanh toán" in door and "Có phí" not in door
    assert '<option value="false" >Có phí</option>' in text(client.get("/sessions", headers=vi))
