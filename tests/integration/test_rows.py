"""A hot path's rows written outside the ORM's unit of work (``bookings.unit.rows``), on both
databases: the objects stay what the rest of a use case expects, and a refused row changes
nothing."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, inspect, select

from bookings import seats
from bookings.seats.booking import new_booking
from bookings.unit.rows import add_to, insert_new
from bookings.unit.transaction import transaction
from models import Booking, WorkshopSession
from models.statuses import BookingStatus, PaymentMethod
from tests.conftest import book_one


@contextmanager
def _statements(db) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_connection, _cursor, statement, *_rest) -> None:
        seen.append(statement)

    event.listen(db.get_bind(), "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", note)


def _confirmed(sitting, person, now, *, seats: int = 1) -> Booking:
    """A new free booking, confirmed, not yet written."""
    booking = new_booking(sitting, person.id, seats, PaymentMethod.FREE, now)
    booking.status = BookingStatus.CONFIRMED
    return booking


def test_a_new_booking_is_inserted_with_its_defaults_and_stays_persistent_with_nothing_to_flush(
    db, make_session, make_user, now
):
    sitting, person = make_session(capacity=5), make_user()
    booking = _confirmed(sitting, person, now, seats=2)
    with transaction(db):
        locked = db.get_one(WorkshopSession, sitting.id)  # as the use case has it, locked
        assert insert_new(db, booking)
        assert not (db.new or db.dirty)  # nothing left for a flush
        with _statements(db) as seen:
            # Every column is loaded (its default included): reading one reads nothing.
            assert (booking.paid, booking.payments, booking.checked_in_at) == (False, [], None)
            assert booking.session is locked  # from the identity map
        assert seen == []
    stored = db.scalars(select(Booking).where(Booking.id == booking.id)).one()
    assert stored is booking
    assert (stored.seats, stored.status, stored.ticket_code) == (
        2,
        "confirmed",
        booking.ticket_code,
    )


def test_a_row_a_unique_index_refuses_is_not_written_and_the_transaction_goes_on(
    db, make_session, make_user, now
):
    sitting, person = make_session(capacity=5), make_user()
    first = _confirmed(sitting, person, now)
    with transaction(db):
        assert insert_new(db, first)
    twin = _confirmed(sitting, person, now)
    twin.ticket_code = first.ticket_code  # the ticket code is unique
    with transaction(db):
        assert not insert_new(db, twin)
        assert twin not in db
        add_to(db, db.get_one(WorkshopSession, sitting.id), seats_taken=1)  # the rest goes on
    assert db.scalars(select(Booking.id)).all() == [first.id]
    db.expire_all()
    assert db.get_one(WorkshopSession, sitting.id).seats_taken == 1


def test_counters_are_added_by_one_update_and_set_as_committed(db, make_session, now):
    sitting = make_session(capacity=5)
    with transaction(db):
        locked = db.get_one(WorkshopSession, sitting.id)
        before = (locked.seats_taken, locked.waitlist_length)
        add_to(db, locked, seats_taken=3, waitlist_length=1)
        assert (locked.seats_taken, locked.waitlist_length) == (before[0] + 3, before[1] + 1)
        assert locked not in db.dirty
    db.expire_all()
    again = db.get_one(WorkshopSession, sitting.id)
    assert (again.seats_taken, again.waitlist_length) == (before[0] + 3, before[1] + 1)


@pytest.mark.parametrize("overdue", ["hold", "offer"])
def test_a_booking_that_releases_overdue_seats_first_keeps_every_count_right(
    db, make_workshop, make_session, make_user, now, overdue
):
    """The booking's own rows go through the unit of work when the lock released something:
    the release's changes and the booking's are written together, none lost."""
    free = overdue == "offer"
    sitting = make_session(
        make_workshop(price=0 if free else 250_000, pay_at_venue=True), capacity=2
    )
    late, other, first = make_user(), make_user(), make_user()
    if free:  # an offer: the seats a cancellation freed, offered to the one waiting
        taken = book_one(db, sitting, first, now, seats=2)
        stale = book_one(db, sitting, late, now, seats=2, join_waitlist=True)
        seats.cancel_booking(db, booking_id=taken.id, user_id=first.id, now=now)
        db.refresh(stale)
        expires = stale.offer_expires_at
    else:  # a hold for a card payment
        stale = book_one(db, sitting, late, now, seats=2)
        expires = stale.hold_expires_at
    after = expires + timedelta(minutes=1)
    options = {} if free else {"payment": "at_venue"}
    walk_in = book_one(db, sitting, other, after, **options)
    again = book_one(db, sitting, late, after, **options)  # their own seats ran out
    db.expire_all()
    assert db.get_one(Booking, stale.id).status == "expired"
    assert {walk_in.status, again.status} == {"confirmed"}
    assert db.get_one(WorkshopSession, sitting.id).seats_taken == 2


def test_adding_to_a_counter_with_a_change_not_yet_written_is_refused(db, make_session):
    sitting = make_session(capacity=5)
    with pytest.raises(RuntimeError), transaction(db):
        locked = db.get_one(WorkshopSession, sitting.id)
        locked.seats_taken += 1  # as a release does, in memory
        add_to(db, locked, seats_taken=1)


def test_an_inserted_row_rolled_back_leaves_the_session(db, make_session, make_user, now):
    sitting, person = make_session(capacity=5), make_user()
    booking = _confirmed(sitting, person, now)
    with pytest.raises(RuntimeError), transaction(db):
        assert insert_new(db, booking)
        raise RuntimeError("a later step of the use case failed")
    assert booking not in db and inspect(booking).detached
    assert db.scalars(select(Booking.id)).all() == []
