"""A message's calendar entry is built from the booking it already loaded
(``calendars.booking_row``): the same row the person's feed reads (``person_rows``), field by
field, for every booking that holds seats; nothing where the feed has nothing."""

import pytest
from sqlalchemy import update

from bookings import seats
from bookings.catalogue import calendars
from bookings.messages.render import load_booking
from models import Booking, Space
from models.statuses import SpaceStatus
from tests.conftest import book_one


def _feed_row(db, booking, now) -> dict:
    [row] = calendars.person_rows(db, booking.user_id, now=now, session_id=booking.session_id)
    return row._asdict()


@pytest.mark.parametrize("price", [0, 250_000], ids=["confirmed", "held for payment"])
def test_the_row_of_a_booking_holding_seats_is_the_feeds_row(
    db, make_workshop, make_session, make_user, now, price
):
    sitting = make_session(make_workshop(price=price), location="Tầng 2, phòng gốm")
    booking = book_one(db, sitting, make_user(), now)
    loaded = load_booking(db, booking.id)
    assert vars(calendars.booking_row(loaded, now=now)) == _feed_row(db, booking, now)


def test_an_offered_bookings_row_is_the_feeds_row_and_an_ended_one_has_none(
    db, make_workshop, make_session, make_user, now
):
    sitting = make_session(make_workshop(price=0), capacity=1)
    first, second = make_user(), make_user()
    taken = book_one(db, sitting, first, now)
    waiting = book_one(db, sitting, second, now, join_waitlist=True)
    assert calendars.booking_row(load_booking(db, waiting.id), now=now) is None  # in line
    seats.cancel_booking(db, booking_id=taken.id, user_id=first.id, now=now)
    offered = load_booking(db, waiting.id)
    assert offered.status == "offered"
    assert vars(calendars.booking_row(offered, now=now)) == _feed_row(db, offered, now)
    assert calendars.booking_row(load_booking(db, taken.id), now=now) is None  # cancelled


def test_a_suspended_spaces_booking_has_no_row_as_in_the_feed(
    db, make_workshop, make_session, make_user, now
):
    sitting = make_session(make_workshop(price=0))
    booking = book_one(db, sitting, make_user(), now)
    db.execute(update(Space).values(status=SpaceStatus.SUSPENDED))
    db.commit()
    assert calendars.person_rows(db, booking.user_id, now=now) == []
    assert calendars.booking_row(load_booking(db, booking.id), now=now) is None


def test_the_booking_holding_seats_speaks_even_beside_a_newer_cancelled_one(
    db, make_workshop, make_session, make_user, now
):
    """A walk-in claimed by someone who had booked and cancelled online since: their older
    booking holds the seat, the newer one is cancelled; the feed and the message both show
    the seat (the state the claim leaves, written here directly)."""
    sitting = make_session(make_workshop(price=0), capacity=5)
    person, other = make_user(), make_user()
    walk_in = book_one(db, sitting, person, now)
    cancelled = book_one(db, sitting, other, now)
    seats.cancel_booking(db, booking_id=cancelled.id, user_id=other.id, now=now)
    db.execute(update(Booking).where(Booking.id == cancelled.id).values(user_id=person.id))
    db.commit()
    row = _feed_row(db, walk_in, now)
    assert (row["booking_id"], row["booking_status"]) == (walk_in.id, "confirmed")
    assert vars(calendars.booking_row(load_booking(db, walk_in.id), now=now)) == row
