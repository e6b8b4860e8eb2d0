"""Answering a waiting-list offer: take the seats it holds, or pass them on."""

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bookings.errors import NoOffer
from bookings.events import OfferDeclined
from bookings.seats import policy
from bookings.seats.booking import TRANSFER_HOLD, hold_or_confirm
from bookings.seats.locking import booking_change, end_booking, offer_free_seats
from bookings.unit.outbox import record
from models import Booking
from models.statuses import BookingStatus, EndedBy


def accept_offer(
    db: Session,
    *,
    booking_id: int,
    user_id: int,
    now: datetime,
    gateway: str,
    hold: timedelta,
    transfer_hold: timedelta = TRANSFER_HOLD,
) -> Booking:
    """Take the seats a waiting-list offer holds: confirmed, or held while the person pays
    through the ``gateway`` named. NoOffer when no offer is open (never made, declined, or
    expired); SessionClosed when the space is suspended."""
    with booking_change(db, booking_id, user_id, now) as (sitting, booking):
        if booking.status != BookingStatus.OFFERED:
            raise NoOffer()
        policy.ensure_open_to_people(sitting.workshop.space)
        event = hold_or_confirm(
            db, booking, gateway=gateway, hold=hold, transfer_hold=transfer_hold, now=now
        )
        db.flush()
        record(db, event(), now=now)
    return booking


def decline_offer(db: Session, *, booking_id: int, user_id: int, now: datetime) -> Booking:
    """Say no to a waiting-list offer: the seats pass to the next person in line."""
    with booking_change(db, booking_id, user_id, now) as (sitting, booking):
        if booking.status != BookingStatus.OFFERED:
            raise NoOffer()
        end_booking(
            db, booking, sitting, status=BookingStatus.CANCELLED, by=EndedBy.PERSON, now=now
        )
        record(db, OfferDeclined(booking.id, sitting.id, booking.user_id), now=now)
        offer_free_seats(db, sitting, now)
    return booking
