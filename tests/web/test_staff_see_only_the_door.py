"""Staff see only what the door needs: names and ticket state for their own sessions, the
addresses of the people booked in them (holding seats or in line), and nothing of another
space, on every page, export and ``/api/v1/manage`` answer that shows people."""

import json
from datetime import timedelta

import pytest

from bookings import seats
from models import Booking
from tests.conftest import book_one, log_in
from tests.forms import post_form


def _book(db, sitting, person, now, **options):
    return book_one(db, sitting, person, now, payment="at_venue", **options)


@pytest.fixture
def two_spaces(db, make_space, make_workshop, make_session, make_user, now):
    """Space A (whose staff look) with a booked, a waiting and a cancelled person; space B with
    a person booked there only."""
    ours, theirs = make_space(name="Xưởng Gốm Hàng Buồm"), make_space(name="Nhà Sàn Studio")
    sitting = make_session(make_workshop(ours, price=100_000, pay_at_venue=True, capacity=1))
    elsewhere = make_session(make_workshop(theirs, price=100_000, pay_at_venue=True))
    people = {
        role: make_user(email=f"{role}@example.vn", name=name)
        for role, name in (
            ("booked", "Đỗ Thị Hương"),
            ("waiting", "Phạm Văn Đức"),
            ("cancelled", "Lê Minh Châu"),
            ("other", "Vũ Thu Trang"),
        )
    }
    cancelled = _book(db, sitting, people["cancelled"], now)
    seats.cancel_booking(db, booking_id=cancelled.id, user_id=people["cancelled"].id, now=now)
    _book(db, sitting, people["booked"], now)
    _book(db, sitting, people["waiting"], now, join_waitlist=True)
    theirs_booking = _book(db, elsewhere, people["other"], now)
    return {
        "staff": make_user(staff_of=ours, locale="en"),
        "sitting": sitting,
        "elsewhere": elsewhere,
        "theirs_booking": theirs_booking,
        "people": people,
    }


def _what_staff_see(client, headers, sitting) -> dict[str, str]:
    """Everything a staff member can read about the people of one session."""
    api = client.get(f"/api/v1/manage/sessions/{sitting.id}/attendees", headers=headers)
    assert api.status_code == 200
    seen = {
        "door page": client.get(f"/manage/sessions/{sitting.id}"),
        "door search": client.get(f"/manage/sessions/{sitting.id}?q=example"),
        "CSV": client.get(f"/manage/sessions/{sitting.id}/roster.csv"),
        "print": client.get(f"/manage/sessions/{sitting.id}/print"),
        "today": client.get("/manage/today"),
    }
    assert {what: answer.status_code for what, answer in seen.items()} == dict.fromkeys(seen, 200)
    return {what: answer.get_data(as_text=True) for what, answer in seen.items()} | {
        "API": json.dumps(api.get_json(), ensure_ascii=False)
    }


def test_staff_see_no_email_of_people_outside_their_sessions(client, bearer, two_spaces):
    """The address of a person booked (or in line) shows on the door page, the CSV and the API;
    the address of one whose booking ended shows nowhere (their name and state do), and a
    person booked at another space appears in none of them."""
    staff = two_spaces["staff"]
    log_in(client, staff)
    seen = _what_staff_see(client, bearer(staff), two_spaces["sitting"])
    for what in ("door page", "CSV", "API"):
        assert "booked@example.vn" in seen[what], what
        assert "waiting@example.vn" in seen[what], what
        assert "Lê Minh Châu" in seen[what], what  # the ended booking keeps its name and state
    for what, body in seen.items():
        assert "cancelled@example.vn" not in body, what
        assert "other@example.vn" not in body and "Vũ Thu Trang" not in body, what
    assert "cancelled@example.vn" not in client.get(
        f"/manage/sessions/{two_spaces['sitting'].id}?q=cancelled"
    ).get_data(as_text=True)


def test_staff_of_one_space_see_nothing_of_another(client, db, bearer, two_spaces):
    """Another space's sessions and bookings look absent to the pages and the API, and its
    ticket typed at this door is an unknown code: not "a ticket of another space", no name."""
    staff, sitting = two_spaces["staff"], two_spaces["sitting"]
    elsewhere, theirs = two_spaces["elsewhere"], two_spaces["theirs_booking"]
    log_in(client, staff)
    headers = bearer(staff)
    for path in (
        f"/manage/sessions/{elsewhere.id}",
        f"/manage/sessions/{elsewhere.id}/roster.csv",
        f"/manage/sessions/{elsewhere.id}/print",
        f"/manage/sessions/{elsewhere.id}/no-shows",
    ):
        assert client.get(path).status_code == 404, path
    for path in (
        f"/api/v1/manage/sessions/{elsewhere.id}/attendees",
        f"/api/v1/manage/sessions/{elsewhere.id + 10_000}/attendees",
    ):
        assert client.get(path, headers=headers).status_code == 404, path
    answer = client.post(f"/api/v1/manage/bookings/{theirs.id}/check-in", headers=headers)
    assert answer.status_code == 404
    page = f"/manage/sessions/{sitting.id}"
    for path in (f"/manage/bookings/{theirs.id}/check-in", f"/manage/bookings/{theirs.id}/note"):
        assert post_form(client, path, {"note": "x"}, page=page).status_code == 404, path

    post_form(client, f"{page}/check-in", {"code": theirs.ticket_code}, page=page)
    door = client.get(page).get_data(as_text=True)
    start = door.index('id="door-answer"')
    answer_card = door[start : door.index("</section>", start)]
    assert 'data-outcome="unknown"' in answer_card and "Unknown code" in answer_card
    for hidden in ("another space", "Vũ Thu Trang", "Nhà Sàn Studio"):
        assert hidden not in answer_card, hidden
    db.expire_all()
    assert db.get(Booking, theirs.id).checked_in_at is None


def test_a_ticket_of_another_session_of_the_same_space_still_says_which(
    client, db, two_spaces, make_session
):
    """The door keeps telling its own space's tickets apart: one for another of its sessions
    says which session it is for."""
    staff, sitting = two_spaces["staff"], two_spaces["sitting"]
    later = make_session(sitting.workshop, starts_in=timedelta(days=9))
    mine = _book(db, later, two_spaces["people"]["other"], sitting.starts_at - timedelta(days=1))
    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}"
    post_form(client, f"{page}/check-in", {"code": mine.ticket_code}, page=page)
    door = client.get(page).get_data(as_text=True)
    assert 'data-outcome="other_session"' in door and "This ticket is for" in door
