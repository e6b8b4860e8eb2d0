"""Moving a session later reopens its booking: seats that came free meanwhile go to the
waiting list then, as the contract promises for seats that come free."""

from datetime import timedelta

from bookings import seats
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, WorkshopSession


def test_seats_freed_while_booking_was_closed_are_offered_when_a_move_reopens_it(
    db, make_workshop, make_session, make_user, now
):
    sitting = make_session(make_workshop(price=300_000, capacity=2), starts_in=timedelta(hours=3))
    holder, party = make_user(), make_user()
    held = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=holder.id,
        seats=1,
        payment="card",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    waiting = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=party.id,
        seats=2,
        now=now,
        join_waitlist=True,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    assert (held.status, waiting.status) == ("pending_payment", "waitlisted")
    closed = now + timedelta(hours=4)  # booking closed at the start; the hold ran out long ago
    seats.payment_abandoned(db, reference=held.payments[0].reference, now=closed)
    db.expire_all()
    assert db.get_one(WorkshopSession, sitting.id).seats_taken == 0
    seats.move_session(db, session_id=sitting.id, starts_at=closed + timedelta(days=2), now=closed)
    db.expire_all()
    offered = db.get_one(Booking, waiting.id)
    assert (offered.status, offered.offer_expires_at is not None) == ("offered", True)
    assert db.get_one(WorkshopSession, sitting.id).seats_taken == 2
