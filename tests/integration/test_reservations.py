"""The booking rules, one promise per test, on a real database."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bookings.bootstrap import EVENTS
from bookings.errors import (
    AlreadyBooked,
    InvalidInput,
    NoOffer,
    NotActive,
    NotFound,
    SessionClosed,
    SoldOut,
    TooLate,
    TooManyHolds,
)
from bookings.events import BookingConfirmed
from bookings.seats import (
    accept_offer,
    book_seats,
    cancel_booking,
    cancel_session,
    change_capacity,
    count_seats,
    decline_offer,
    move_session,
    payment_succeeded,
    policy,
    release_expired,
    waitlist_positions,
)
from bookings.seats.policy import DEFAULT_HOLD
from bookings.unit.bus import EventTable
from models import Booking, OutboxEvent, Refund, User, WorkshopSession

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 10:00 in Hanoi


@pytest.fixture
def people(db):
    """``people(3)`` -> three new residents (inserted directly: no password hashing)."""
    counter = iter(range(1, 1_000_000))

    def make(n: int) -> list[User]:
        made = []
        for _ in range(n):
            k = next(counter)
            user = User(email=f"r{k}@example.com", name=f"R{k}", password_hash="!", session_key="k")
            db.add(user)
            made.append(user)
        db.commit()
        return made

    return make


@pytest.fixture
def session_of(make_workshop, make_session):
    """``session_of(capacity=4, price=0, starts_in=…, **workshop fields)``."""

    def make(capacity=4, price=0, starts_in=timedelta(days=10), **workshop):
        made = make_workshop(price=price, capacity=capacity, **workshop)
        return make_session(made, starts_at=NOW + starts_in)

    return make


def book(db, sitting, user, seats=1, at=NOW, **kwargs):
    payment = {"gateway": "demo", "hold": DEFAULT_HOLD} | kwargs
    return book_seats(db, session_id=sitting.id, user_id=user.id, seats=seats, now=at, **payment)


def state(db, sitting) -> tuple[int, int]:
    db.expire_all()
    fresh = db.get_one(WorkshopSession, sitting.id)
    assert (fresh.seats_taken, fresh.waitlist_length) == count_seats(db, sitting.id)
    return fresh.seats_taken, fresh.waitlist_length


def statuses(db, *bookings) -> list[str]:
    db.expire_all()
    return [db.get_one(Booking, b.id).status for b in bookings]


def events(db) -> list[str]:
    return list(db.scalars(select(OutboxEvent.name).order_by(OutboxEvent.id)))


# Booking


def test_a_free_session_is_confirmed_at_once(db, session_of, people):
    sitting = session_of(price=0)
    (lan,) = people(1)
    booking = book(db, sitting, lan, seats=2)
    assert (booking.status, booking.payment_method, booking.amount) == ("confirmed", "free", 0)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}", booking.ticket_code)
    assert state(db, sitting) == (2, 0)
    assert events(db) == ["BookingConfirmed"]


def test_a_card_payment_holds_the_seats_for_35_minutes(db, session_of, people):
    sitting = session_of(price=250_000)
    (lan,) = people(1)
    booking = book(db, sitting, lan, seats=2)
    assert booking.status == "pending_payment" and booking.amount == 500_000
    assert booking.hold_expires_at == NOW + timedelta(minutes=35)
    (payment,) = booking.payments
    assert (payment.status, payment.amount, payment.expires_at) == (
        "open",
        500_000,
        booking.hold_expires_at,
    )
    assert len(payment.reference) >= 24
    assert state(db, sitting) == (2, 0)


def test_paying_at_the_venue_confirms_unpaid_where_allowed(db, session_of, people):
    allowed = session_of(price=100_000, pay_at_venue=True)
    card_only = session_of(price=100_000, pay_at_venue=False)
    lan, hoa = people(2)
    booking = book(db, allowed, lan, payment="at_venue")
    assert (booking.status, booking.paid, booking.payments) == ("confirmed", False, [])
    with pytest.raises(InvalidInput) as refused:
        book(db, card_only, hoa, payment="at_venue")
    assert set(refused.value.fields) == {"payment"}
    assert state(db, card_only) == (0, 0)


@pytest.mark.parametrize("seats", [0, -1, 7])
def test_seats_outside_one_to_the_workshop_maximum_are_invalid(db, session_of, people, seats):
    sitting = session_of(capacity=20)  # the default maximum per booking is 6
    (lan,) = people(1)
    with pytest.raises(InvalidInput) as refused:
        book(db, sitting, lan, seats=seats)
    assert set(refused.value.fields) == {"seats"}
    assert state(db, sitting) == (0, 0)


def test_one_active_booking_per_person_per_session(db, session_of, people):
    sitting = session_of(capacity=10)
    (lan,) = people(1)
    first = book(db, sitting, lan)
    with pytest.raises(AlreadyBooked):
        book(db, sitting, lan, seats=2)
    cancel_booking(db, booking_id=first.id, user_id=lan.id, now=NOW)
    assert book(db, sitting, lan, seats=2).status == "confirmed"
    assert state(db, sitting) == (2, 0)


def test_the_eleventh_person_does_not_get_a_seat(db, session_of, people):
    sitting = session_of(capacity=10)
    crowd = people(11)
    for person in crowd[:10]:
        book(db, sitting, person)
    with pytest.raises(SoldOut):
        book(db, sitting, crowd[10])
    assert state(db, sitting) == (10, 0)


def test_a_party_larger_than_the_seats_left_is_sold_out_or_waits(db, session_of, people):
    sitting = session_of(capacity=4)
    lan, hoa = people(2)
    book(db, sitting, lan, seats=3)
    with pytest.raises(SoldOut):
        book(db, sitting, hoa, seats=2)
    assert book(db, sitting, hoa, seats=2, join_waitlist=True).status == "waitlisted"
    assert state(db, sitting) == (3, 1)


def test_booking_closes_at_the_start_or_the_cut_off(db, session_of, people):
    starting = session_of(starts_in=timedelta(minutes=30))
    cut_off = session_of(starts_in=timedelta(hours=3), booking_cutoff_minutes=240)
    lan, hoa, minh = people(3)
    with pytest.raises(SessionClosed):
        book(db, starting, lan, at=NOW + timedelta(minutes=30))
    with pytest.raises(SessionClosed):
        book(db, cut_off, hoa)
    assert book(db, starting, minh, at=NOW + timedelta(minutes=29)).status == "confirmed"


def test_a_cancelled_session_takes_no_bookings(db, session_of, people):
    sitting = session_of()
    sitting.status = "cancelled"
    db.commit()
    (lan,) = people(1)
    with pytest.raises(SessionClosed):
        book(db, sitting, lan)


def test_an_unknown_session_is_not_found(db, people):
    (lan,) = people(1)
    with pytest.raises(NotFound):
        book_seats(
            db,
            session_id=987654,
            user_id=lan.id,
            seats=1,
            now=NOW,
            gateway="demo",
            hold=DEFAULT_HOLD,
        )


# Cancelling


def test_cancel_before_the_deadline_releases_the_seats_and_refunds_in_full(db, session_of, people):
    sitting = session_of(price=200_000, capacity=3)
    (lan,) = people(1)
    booking = book(db, sitting, lan, seats=2)
    payment_succeeded(db, reference=booking.payments[0].reference, now=NOW)
    cancelled = cancel_booking(db, booking_id=booking.id, user_id=lan.id, now=NOW)
    assert cancelled.status == "cancelled" and cancelled.ended_by == "person"
    (refund,) = cancelled.refunds
    assert (refund.amount, refund.status, refund.reason) == (400_000, "pending", "cancelled")
    assert state(db, sitting) == (0, 0)
    assert events(db)[-3:] == ["SeatsReleased", "RefundDue", "BookingCancelled"]


def test_cancel_after_the_deadline_is_too_late(db, session_of, people):
    sitting = session_of(starts_in=timedelta(hours=30), cancellation_deadline_hours=24)
    (lan,) = people(1)
    booking = book(db, sitting, lan)
    with pytest.raises(TooLate):
        cancel_booking(
            db, booking_id=booking.id, user_id=lan.id, now=NOW + timedelta(hours=6, seconds=1)
        )
    assert statuses(db, booking) == ["confirmed"]
    cancel_booking(db, booking_id=booking.id, user_id=lan.id, now=NOW)
    assert state(db, sitting) == (0, 0)


def test_a_pending_booking_can_be_cancelled_at_any_time_and_frees_its_hold(db, session_of, people):
    sitting = session_of(price=100_000, starts_in=timedelta(hours=2))
    (lan,) = people(1)
    booking = book(db, sitting, lan, seats=3)
    cancel_booking(db, booking_id=booking.id, user_id=lan.id, now=NOW)
    assert state(db, sitting) == (0, 0)
    db.expire_all()
    assert db.get_one(Booking, booking.id).payments[0].status == "cancelled"
    assert db.scalar(select(func.count()).select_from(Refund)) == 0


def test_cancelling_twice_or_someone_elses_booking(db, session_of, people):
    sitting = session_of()
    lan, hoa = people(2)
    booking = book(db, sitting, lan)
    with pytest.raises(NotFound):
        cancel_booking(db, booking_id=booking.id, user_id=hoa.id, now=NOW)
    cancel_booking(db, booking_id=booking.id, user_id=lan.id, now=NOW)
    with pytest.raises(NotActive):
        cancel_booking(db, booking_id=booking.id, user_id=lan.id, now=NOW)


# The waiting list


def test_freed_seats_go_to_the_first_party_that_fits_and_larger_parties_keep_their_place(
    db, session_of, people
):
    sitting = session_of(capacity=4)
    holder, big, small, later = people(4)
    seated = book(db, sitting, holder, seats=2)
    book(db, sitting, people(1)[0], seats=2)
    big_entry = book(db, sitting, big, seats=3, join_waitlist=True, at=NOW)
    small_entry = book(db, sitting, small, seats=2, join_waitlist=True, at=NOW + timedelta(1))
    later_entry = book(db, sitting, later, seats=1, join_waitlist=True, at=NOW + timedelta(2))
    assert state(db, sitting) == (4, 3)

    cancel_booking(db, booking_id=seated.id, user_id=holder.id, now=NOW)
    assert statuses(db, big_entry, small_entry, later_entry) == [
        "waitlisted",
        "offered",
        "waitlisted",
    ]
    assert state(db, sitting) == (4, 2)
    offer = db.get_one(Booking, small_entry.id)
    assert offer.offer_expires_at == NOW + policy.offer_window(sitting, NOW)


def test_an_offer_accepted_for_a_paid_session_holds_the_seats_for_payment(db, session_of, people):
    sitting = session_of(capacity=1, price=120_000)
    holder, waiting = people(2)
    held = book(db, sitting, holder)
    entry = book(db, sitting, waiting, join_waitlist=True)
    cancel_booking(db, booking_id=held.id, user_id=holder.id, now=NOW)
    accepted = accept_offer(
        db, booking_id=entry.id, user_id=waiting.id, now=NOW, gateway="demo", hold=DEFAULT_HOLD
    )
    assert accepted.status == "pending_payment"
    assert accepted.hold_expires_at == NOW + policy.DEFAULT_HOLD
    assert accepted.payments[0].amount == 120_000
    assert state(db, sitting) == (1, 0)
    with pytest.raises(NoOffer):
        accept_offer(
            db, booking_id=entry.id, user_id=waiting.id, now=NOW, gateway="demo", hold=DEFAULT_HOLD
        )


def test_a_declined_or_expired_offer_passes_to_the_next_in_line(db, session_of, people):
    sitting = session_of(capacity=1)
    holder, first, second, third = people(4)
    held = book(db, sitting, holder)
    entries = [book(db, sitting, p, join_waitlist=True) for p in (first, second, third)]
    cancel_booking(db, booking_id=held.id, user_id=holder.id, now=NOW)
    assert statuses(db, *entries) == ["offered", "waitlisted", "waitlisted"]

    decline_offer(db, booking_id=entries[0].id, user_id=first.id, now=NOW)
    assert statuses(db, *entries) == ["cancelled", "offered", "waitlisted"]

    deadline = db.get_one(Booking, entries[1].id).offer_expires_at
    assert release_expired(db, now=deadline - timedelta(seconds=1)) == 0
    assert release_expired(db, now=deadline) == 1
    assert statuses(db, *entries) == ["cancelled", "expired", "offered"]
    with pytest.raises(NoOffer):
        accept_offer(
            db,
            booking_id=entries[1].id,
            user_id=second.id,
            now=deadline,
            gateway="demo",
            hold=DEFAULT_HOLD,
        )
    assert state(db, sitting) == (1, 0)


def test_leaving_the_list_moves_everyone_up(db, session_of, people):

    sitting = session_of(capacity=1)
    holder, a, b, c = people(4)
    book(db, sitting, holder)
    entries = [
        book(db, sitting, p, join_waitlist=True, at=NOW + timedelta(n))
        for n, p in enumerate((a, b, c))
    ]
    assert waitlist_positions(db, entries) == {e.id: n + 1 for n, e in enumerate(entries)}
    cancel_booking(db, booking_id=entries[0].id, user_id=a.id, now=NOW)
    db.expire_all()
    rest = [db.get_one(Booking, e.id) for e in entries[1:]]
    assert waitlist_positions(db, rest) == {rest[0].id: 1, rest[1].id: 2}
    assert state(db, sitting) == (1, 2)


@pytest.mark.parametrize(
    ("until_close", "window"),
    [
        (timedelta(days=21), timedelta(hours=24)),
        (timedelta(days=4), timedelta(hours=12)),
        (timedelta(days=1), timedelta(hours=3)),
        (timedelta(hours=6), timedelta(minutes=45)),
        (timedelta(hours=1), timedelta(minutes=15)),
        (timedelta(minutes=10), timedelta(minutes=10)),
        (timedelta(0), None),
    ],
)
def test_the_offer_window_shrinks_as_the_session_nears(session_of, until_close, window):
    sitting = session_of(starts_in=until_close)
    assert policy.offer_window(sitting, NOW) == window


def test_waiting_lists_end_when_booking_closes(db, session_of, people):
    sitting = session_of(capacity=1, starts_in=timedelta(hours=5))
    holder, waiting = people(2)
    book(db, sitting, holder)
    entry = book(db, sitting, waiting, join_waitlist=True)
    assert release_expired(db, now=NOW + timedelta(hours=4)) == 0
    release_expired(db, now=NOW + timedelta(hours=5))
    assert statuses(db, entry) == ["expired"]
    assert state(db, sitting) == (1, 0)


# Expiry without a job


def test_an_expired_hold_frees_its_seats_for_the_next_booking_without_any_job(
    db, session_of, people
):
    sitting = session_of(capacity=2, price=90_000)
    slow, quick = people(2)
    held = book(db, sitting, slow, seats=2)
    with pytest.raises(SoldOut):
        book(db, sitting, quick, at=NOW + timedelta(minutes=34))
    late = NOW + timedelta(minutes=35)
    assert book(db, sitting, quick, at=late, payment="card").status == "pending_payment"
    assert statuses(db, held) == ["expired"]
    assert state(db, sitting) == (1, 0)
    assert "HoldExpired" in events(db)


# Capacity


def test_capacity_never_goes_below_the_seats_taken_and_raising_it_offers_seats(
    db, session_of, people
):
    sitting = session_of(capacity=3)
    a, b, c = people(3)
    book(db, sitting, a, seats=3)
    entries = [book(db, sitting, p, seats=2, join_waitlist=True) for p in (b, c)]
    with pytest.raises(InvalidInput) as refused:
        change_capacity(db, session_id=sitting.id, capacity=2, now=NOW)
    assert set(refused.value.fields) == {"capacity"}
    change_capacity(db, session_id=sitting.id, capacity=5, now=NOW)
    assert statuses(db, *entries) == ["offered", "waitlisted"]
    assert state(db, sitting) == (5, 1)


# Payments


def test_a_payment_confirms_once_however_often_it_is_reported(db, session_of, people):
    sitting = session_of(price=150_000)
    (lan,) = people(1)
    booking = book(db, sitting, lan)
    reference = booking.payments[0].reference
    for _ in range(3):
        confirmed = payment_succeeded(db, reference=reference, now=NOW)
    assert (confirmed.status, confirmed.paid) == ("confirmed", True)
    assert events(db).count("BookingConfirmed") == 1
    assert events(db).count("PaymentReceived") == 1


def test_a_late_payment_takes_the_seats_if_they_are_still_free(db, session_of, people):
    sitting = session_of(price=150_000, capacity=2)
    (lan,) = people(1)
    booking = book(db, sitting, lan)
    release_expired(db, now=NOW + timedelta(hours=1))
    assert statuses(db, booking) == ["expired"]
    late = payment_succeeded(
        db, reference=booking.payments[0].reference, now=NOW + timedelta(hours=1)
    )
    assert (late.status, late.paid, late.refunds) == ("confirmed", True, [])
    assert state(db, sitting) == (1, 0)


def test_a_late_payment_whose_seats_are_gone_is_refunded_in_full(db, session_of, people):
    sitting = session_of(price=150_000, capacity=1)
    slow, quick = people(2)
    booking = book(db, sitting, slow)
    later = NOW + timedelta(hours=1)
    book(db, sitting, quick, at=later)
    late = payment_succeeded(db, reference=booking.payments[0].reference, now=later)
    assert late.status == "expired"
    (refund,) = late.refunds
    assert (refund.amount, refund.reason) == (150_000, "late_payment")
    assert state(db, sitting) == (1, 0)


def test_a_payment_after_cancelling_is_refunded(db, session_of, people):
    sitting = session_of(price=80_000)
    (lan,) = people(1)
    booking = book(db, sitting, lan)
    cancel_booking(db, booking_id=booking.id, user_id=lan.id, now=NOW)
    paid = payment_succeeded(db, reference=booking.payments[0].reference, now=NOW)
    assert paid.status == "cancelled"
    assert [r.amount for r in paid.refunds] == [80_000]


# Events


def test_every_change_records_its_event_in_the_same_transaction(db, session_of, people):
    sitting = session_of(capacity=1)
    lan, hoa = people(2)
    with pytest.raises(InvalidInput):
        book(db, sitting, lan, seats=2)  # refused before anything is written
    assert events(db) == []
    book(db, sitting, lan)
    with pytest.raises(SoldOut):
        book(db, sitting, hoa)
    assert events(db) == ["BookingConfirmed"]


def test_handlers_run_after_the_commit_and_a_failing_one_is_retried_later(
    db, session_of, people, make_bus
):
    calls = []

    def flaky(_db, event, _context):
        calls.append(event.booking_id)
        if len(calls) == 1:
            raise ConnectionError("mail server down")

    clock = [NOW]
    bus = make_bus(clock=lambda: clock[0], table=EventTable({BookingConfirmed: [flaky]}))
    sitting = session_of()
    (lan,) = people(1)
    db.info.update(events=bus.table, bus=bus, deliver_after_commit=True)
    try:
        booking = book(db, sitting, lan)
    finally:
        db.info.update(events=EVENTS, deliver_after_commit=False)
    assert calls == [booking.id]
    assert statuses(db, booking) == ["confirmed"]  # the booking stands
    row = db.scalar(select(OutboxEvent).where(OutboxEvent.name == "BookingConfirmed"))
    assert row.delivered_at is None and "mail server down" in row.last_error
    assert bus.deliver_due(db) == 0  # backing off
    clock[0] = NOW + timedelta(minutes=1)
    assert bus.deliver_due(db) == 1
    assert calls == [booking.id, booking.id]
    db.expire_all()
    assert db.get_one(OutboxEvent, row.id).delivered_at == clock[0]
    assert bus.deliver_due(db) == 0  # delivered once and for all


def test_a_refund_is_carried_out_by_its_handler_once(db, session_of, people, make_bus):
    sitting = session_of(price=60_000)
    (lan,) = people(1)
    booking = book(db, sitting, lan)
    payment_succeeded(db, reference=booking.payments[0].reference, now=NOW)
    cancel_booking(db, booking_id=booking.id, user_id=lan.id, now=NOW)
    bus = make_bus(clock=lambda: NOW)
    assert bus.deliver_due(db) >= 1
    db.expire_all()
    (refund,) = db.get_one(Booking, booking.id).refunds
    assert (refund.status, refund.provider_id) == ("succeeded", f"demo_re_{refund.id}")
    # What is left is RefundSettled, recorded by the refund's handler (its message to the person)
    assert bus.deliver_due(db) == 1
    assert bus.deliver_due(db) == 0
    assert "RefundSettled" in events(db)
    assert len(db.scalars(select(Refund).where(Refund.booking_id == booking.id)).all()) == 1


def test_ticket_codes_are_unique(db, session_of, people):
    sitting = session_of(capacity=50)
    codes = {book(db, sitting, person).ticket_code for person in people(50)}
    assert len(codes) == 50


# Staff change a session


def test_cancelling_a_session_ends_every_booking_and_refunds_the_paid_ones(db, session_of, people):
    sitting = session_of(capacity=3, price=100_000, pay_at_venue=True)
    paid, at_door, pending, waiting = people(4)
    by_card = book(db, sitting, paid)
    payment_succeeded(db, reference=by_card.payments[0].reference, now=NOW)
    door = book(db, sitting, at_door, payment="at_venue")
    held = book(db, sitting, pending)
    line = book(db, sitting, waiting, join_waitlist=True)
    cancelled = cancel_session(db, session_id=sitting.id, message="  Lò nung hỏng  ", now=NOW)
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    assert statuses(db, by_card, door, held, line) == ["cancelled"] * 4
    db.expire_all()
    assert [r.amount for r in db.get_one(Booking, by_card.id).refunds] == [100_000]
    assert db.get_one(Booking, door.id).refunds == []
    assert db.get_one(Booking, held.id).ended_by == "staff"
    assert state(db, sitting) == (0, 0)
    assert events(db)[-1] == "SessionCancelled"
    again = cancel_session(db, session_id=sitting.id, now=NOW)
    assert again.sequence == 1  # nothing changes the second time
    with pytest.raises(SessionClosed):
        book(db, sitting, people(1)[0])


def test_moving_a_session_keeps_the_bookings_and_raises_the_sequence(db, session_of, people):
    sitting = session_of(capacity=3)
    (lan,) = people(1)
    booking = book(db, sitting, lan)
    later = sitting.starts_at + timedelta(days=2)
    moved = move_session(db, session_id=sitting.id, starts_at=later, now=NOW)
    assert (moved.starts_at, moved.sequence) == (later, 1)
    assert moved.ends_at - moved.starts_at == sitting.ends_at - sitting.starts_at
    assert statuses(db, booking) == ["confirmed"]
    assert events(db)[-1] == "SessionMoved"
    with pytest.raises(InvalidInput):
        move_session(db, session_id=sitting.id, starts_at=NOW - timedelta(1), now=NOW)


def test_a_refusal_keeps_the_releases_made_before_it(db, session_of, people):
    """Cancelling a hold that is already overdue is refused (it ended), but the seats are back."""
    sitting = session_of(capacity=2, price=50_000)
    slow, waiting = people(2)
    held = book(db, sitting, slow, seats=2)
    entry = book(db, sitting, waiting, join_waitlist=True)
    late = NOW + timedelta(hours=1)
    with pytest.raises(NotActive):
        cancel_booking(db, booking_id=held.id, user_id=slow.id, now=late)
    assert statuses(db, held, entry) == ["expired", "offered"]
    assert state(db, sitting) == (1, 0)


def test_a_person_holds_seats_for_payment_in_three_sessions_at_most(db, session_of, people):
    (lan,) = people(1)
    sessions = [session_of(price=10_000) for _ in range(4)]
    for sitting in sessions[:3]:
        assert book(db, sitting, lan).status == "pending_payment"
    with pytest.raises(TooManyHolds):
        book(db, sessions[3], lan)
    assert book(db, sessions[3], lan, at=NOW + timedelta(hours=1)).status == "pending_payment"
