"""At the door: roster, check-in by code, undo, paid at the door, walk-ins, no-shows, CSV."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from bookings import attendance, seats
from bookings.errors import (
    AlreadyBooked,
    InvalidInput,
    NotConfirmed,
    NotFound,
    NotStarted,
    SessionClosed,
    SoldOut,
)
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, OutboxEvent, User, WorkshopSession


def events(db, name: str) -> list[dict]:
    return [
        e.payload
        for e in db.scalars(
            select(OutboxEvent).where(OutboxEvent.name == name).order_by(OutboxEvent.id)
        )
    ]


@pytest.fixture
def door(db, make_workshop, make_session, make_user, now):
    """A paid workshop that allows paying at the door, a session of 4 seats, and people."""
    workshop = make_workshop(price=200_000, pay_at_venue=True, capacity=4)
    sitting = make_session(workshop, capacity=4)
    lan = make_user(name="Nguyễn Thị Lan")
    duc = make_user(name="Trần Minh Đức")
    return workshop, sitting, lan, duc


def test_roster_lists_every_booking_with_seats_paid_and_the_waiting_list(db, door, make_user, now):
    _, sitting, lan, duc = door
    at_door = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=2,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    by_card = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=duc.id,
        seats=2,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    waiting = make_user(name="Phạm Thu Hà")
    queued = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=waiting.id,
        seats=1,
        join_waitlist=True,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    roster = attendance.roster(db, sitting.id)
    assert [row.booking_id for row in roster.coming] == [at_door.id, by_card.id]
    assert [row.booking_id for row in roster.waiting] == [queued.id]
    first = roster.coming[0]
    assert (first.name, first.seats, first.paid, first.owes_at_door) == (
        "Nguyễn Thị Lan",
        2,
        False,
        True,
    )
    assert roster.coming[1].status == "pending_payment"
    assert roster.waiting[0].name == "Phạm Thu Hà"


def test_check_in_by_typed_code_is_forgiving_and_idempotent(db, door, now):
    _, sitting, lan, _ = door
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    typed = booking.ticket_code.lower().replace("-", " ")
    checked = attendance.check_in_by_code(db, session_id=sitting.id, code=typed, now=now)
    assert checked.id == booking.id and checked.checked_in_at == now
    again = attendance.check_in_by_code(
        db, session_id=sitting.id, code=booking.ticket_code, now=now + timedelta(minutes=5)
    )
    assert again.checked_in_at == now
    assert [e["booking_id"] for e in events(db, "CheckedIn")] == [booking.id]


def test_a_ticket_of_another_session_is_not_found_at_this_door(db, door, make_session, now):
    workshop, sitting, lan, _ = door
    other = make_session(workshop)
    booking = seats.book_seats(
        db,
        session_id=other.id,
        user_id=lan.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    with pytest.raises(NotFound):
        attendance.check_in_by_code(db, session_id=sitting.id, code=booking.ticket_code, now=now)
    assert db.get(Booking, booking.id).checked_in_at is None


def test_only_confirmed_bookings_check_in(db, door, now):
    _, sitting, lan, _ = door
    held = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    with pytest.raises(NotConfirmed):
        attendance.check_in(db, booking_id=held.id, now=now)


def test_undo_check_in(db, door, now):
    _, sitting, lan, _ = door
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    attendance.check_in(db, booking_id=booking.id, now=now)
    undone = attendance.undo_check_in(db, booking_id=booking.id, now=now)
    assert undone.checked_in_at is None
    assert len(events(db, "CheckInUndone")) == 1


def test_pay_at_venue_booking_is_marked_paid_at_the_door(db, door, now):
    _, sitting, lan, duc = door
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=2,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    paid = attendance.mark_paid_at_door(db, booking_id=booking.id, now=now)
    assert paid.paid is True
    attendance.mark_paid_at_door(db, booking_id=booking.id, now=now)
    assert [e["amount"] for e in events(db, "PaidAtDoor")] == [400_000]
    by_card = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=duc.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    with pytest.raises(NotConfirmed):
        attendance.mark_paid_at_door(db, booking_id=by_card.id, now=now)


def test_walk_in_takes_seats_through_the_same_capacity(db, door, make_user, now):
    _, sitting, lan, _ = door
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=3,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    walk = attendance.walk_in(
        db, session_id=sitting.id, name="  Lê   Văn Khoa ", seats=1, paid=True, now=now
    )
    assert (walk.status, walk.walk_in, walk.paid, walk.payment_method) == (
        "confirmed",
        True,
        True,
        "at_venue",
    )
    assert walk.checked_in_at == now and walk.user.name == "Lê Văn Khoa"
    assert db.get(WorkshopSession, sitting.id).seats_taken == 4
    with pytest.raises(SoldOut):
        attendance.walk_in(db, session_id=sitting.id, name="Hoàng Anh", seats=1, now=now)
    assert events(db, "WalkInBooked")[0]["booking_id"] == walk.id
    assert seats.count_seats(db, sitting.id) == (4, 0)


def test_a_walk_in_under_the_address_of_an_account_is_a_guest_entry_until_confirmed(db, door, now):
    _, sitting, lan, _ = door
    walk = attendance.walk_in(
        db, session_id=sitting.id, name="Lan", email=lan.email.upper(), seats=1, now=now
    )
    assert walk.user_id != lan.id and walk.claim_email == lan.email
    assert db.get_one(User, walk.user_id).email.endswith("@guests.invalid")
    # The same address again: another guest entry; staff learn nothing about the account.
    again = attendance.walk_in(
        db, session_id=sitting.id, name="Lan", email=lan.email, seats=1, now=now
    )
    assert again.claim_email == lan.email
    assert [r.email for r in attendance.roster(db, sitting.id).rows if r.walk_in] == [
        lan.email,
        lan.email,
    ]
    with pytest.raises(NotFound):  # the address is not confirmed yet
        attendance.claim_walk_in(db, booking_id=walk.id, user_id=lan.id, now=now)
    db.get_one(User, lan.id).email_verified_at = now
    db.commit()
    assert [b.id for b in attendance.walk_ins_to_confirm(db, email=lan.email)] == [
        again.id,
        walk.id,
    ]
    claimed = attendance.claim_walk_in(db, booking_id=walk.id, user_id=lan.id, now=now)
    assert (claimed.user_id, claimed.claim_email) == (lan.id, None)
    with pytest.raises(AlreadyBooked):
        attendance.claim_walk_in(db, booking_id=again.id, user_id=lan.id, now=now)


def test_walk_in_is_refused_beyond_seats_per_booking_or_without_a_name(db, door, now):
    _, sitting, _, _ = door
    with pytest.raises(InvalidInput) as refused:
        attendance.walk_in(db, session_id=sitting.id, name="Nhóm đông", seats=9, now=now)
    assert "seats" in refused.value.fields
    with pytest.raises(InvalidInput):
        attendance.walk_in(db, session_id=sitting.id, name="   ", seats=1, now=now)


def test_walk_in_is_taken_after_booking_closed_until_the_end(db, door, now):
    _, sitting, _, _ = door
    during = sitting.starts_at + timedelta(minutes=10)
    walk = attendance.walk_in(db, session_id=sitting.id, name="Vũ Hải", seats=1, now=during)
    assert walk.status == "confirmed"
    with pytest.raises(SessionClosed):
        attendance.walk_in(db, session_id=sitting.id, name="Vũ Nam", seats=1, now=sitting.ends_at)


def test_no_shows_are_marked_after_the_start_and_cleared_by_a_late_check_in(db, door, now):
    _, sitting, lan, duc = door
    came = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    absent = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=duc.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    with pytest.raises(NotStarted):
        attendance.mark_no_shows(db, session_id=sitting.id, now=now)
    later = sitting.starts_at + timedelta(minutes=20)
    attendance.check_in(db, booking_id=came.id, now=later)
    assert attendance.mark_no_shows(db, session_id=sitting.id, now=later) == 1
    assert attendance.mark_no_shows(db, session_id=sitting.id, now=later) == 0
    assert db.get(Booking, absent.id).no_show_at == later
    assert db.get(Booking, came.id).no_show_at is None
    attendance.check_in(db, booking_id=absent.id, now=later + timedelta(minutes=5))
    assert db.get(Booking, absent.id).no_show_at is None
    assert events(db, "NoShowsMarked")[0]["bookings_marked"] == 1


def test_note_is_kept_and_bounded(db, door, now):
    _, sitting, lan, _ = door
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    attendance.set_note(db, booking_id=booking.id, note=" Ăn chay, dị ứng lạc ", now=now)
    assert db.get(Booking, booking.id).note == "Ăn chay, dị ứng lạc"
    with pytest.raises(InvalidInput):
        attendance.set_note(db, booking_id=booking.id, note="x" * 501, now=now)


def test_roster_csv_has_a_bom_and_vietnamese_names_intact(db, door, make_user, now):
    _, sitting, lan, _ = door
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=2,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    attendance.check_in(db, booking_id=booking.id, now=now)
    attendance.walk_in(db, session_id=sitting.id, name="=Đặng Thị Ánh", seats=1, now=now)
    body = attendance.roster_csv(attendance.roster(db, sitting.id), format_time=lambda t: "18:31")
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body[3:].decode("utf-8"))))
    assert rows[0] == [
        "Name", "Email", "Seats", "Status", "Paid", "Ticket code", "Checked in", "No-show",
        "Walk-in", "Note",
    ]  # fmt: skip
    assert rows[1][:7] == [
        "Nguyễn Thị Lan", lan.email, "2", "Confirmed", "no", booking.ticket_code, "18:31"
    ]  # fmt: skip
    # A name that starts like a formula is kept as text, whatever the spreadsheet.
    assert rows[2][0] == "'=Đặng Thị Ánh" and rows[2][1] == "" and rows[2][8] == "yes"


def test_admit_says_in_then_already_in_with_when_and_by_whom(db, door, make_user, now):
    _, sitting, lan, _ = door
    staff = make_user(name="Lê Minh Thư")
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=2,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    first = attendance.admit(
        db, session_id=sitting.id, code=booking.ticket_code.lower(), now=now, by=staff.id
    )
    assert (first.outcome, first.booking.id, first.admitted) == ("in", booking.id, True)
    later = now + timedelta(minutes=3)
    again = attendance.admit(
        db, session_id=sitting.id, code=booking.ticket_code, now=later, by=lan.id
    )
    assert again.outcome == "already_in" and not again.admitted
    db.expire_all()
    stored = db.get(Booking, booking.id)
    assert (stored.checked_in_at, stored.checked_in_by.name) == (now, "Lê Minh Thư")
    assert len(events(db, "CheckedIn")) == 1


def test_admit_refuses_unknown_codes_other_sessions_and_bookings_without_seats(
    db, door, make_session, now
):
    workshop, sitting, lan, duc = door
    assert attendance.admit(db, session_id=sitting.id, code="zzzzz zzzzz", now=now).outcome == (
        "unknown"
    )
    other_sitting = make_session(workshop, starts_in=timedelta(days=5))
    elsewhere = seats.book_seats(
        db,
        session_id=other_sitting.id,
        user_id=lan.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    answer = attendance.admit(db, session_id=sitting.id, code=elsewhere.ticket_code, now=now)
    assert (answer.outcome, answer.booking.session_id) == ("other_session", other_sitting.id)
    paying = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=duc.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    answer = attendance.admit(db, session_id=sitting.id, code=paying.ticket_code, now=now)
    assert (answer.outcome, answer.booking.status) == ("not_confirmed", "pending_payment")
    db.expire_all()
    assert db.get(Booking, elsewhere.id).checked_in_at is None
    assert db.get(Booking, paying.id).checked_in_at is None
    assert events(db, "CheckedIn") == []


def test_admit_at_a_cancelled_session_is_refused(db, door, now):
    _, sitting, lan, _ = door
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.cancel_session(db, session_id=sitting.id, message="", now=now)
    with pytest.raises(SessionClosed):
        attendance.admit(db, session_id=sitting.id, code=booking.ticket_code, now=now)


def test_undo_forgets_who_checked_in_and_a_walk_in_records_who_added_it(db, door, make_user, now):
    _, sitting, lan, _ = door
    staff = make_user(name="Lê Minh Thư")
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    attendance.check_in(db, booking_id=booking.id, now=now, by=staff.id)
    attendance.undo_check_in(db, booking_id=booking.id, now=now)
    db.expire_all()
    assert db.get(Booking, booking.id).checked_in_by_id is None
    walk = attendance.walk_in(
        db, session_id=sitting.id, name="Bùi Quang Vinh", seats=1, now=now, by=staff.id
    )
    roster = attendance.roster(db, sitting.id)
    row = next(row for row in roster.rows if row.booking_id == walk.id)
    assert (row.walk_in, row.checked_in_by) == (True, "Lê Minh Thư")


def test_roster_counts_and_search(db, door, make_user, now):
    _, sitting, lan, duc = door
    one = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=2,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=duc.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    attendance.check_in(db, booking_id=one.id, now=now)
    roster = attendance.roster(db, sitting.id)
    assert (roster.seats_expected, roster.seats_checked_in, roster.seats_to_come) == (3, 2, 1)
    assert [row.name for row in roster.search("DUC")] == ["Trần Minh Đức"]
    assert [row.name for row in roster.search("thi lan")] == ["Nguyễn Thị Lan"]
    compact = one.ticket_code.replace("-", "").lower()
    assert [row.booking_id for row in roster.search(compact)] == [one.id]
    assert roster.search("nobody") == []
