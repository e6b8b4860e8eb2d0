"""Seats: booking, holding, paying, cancelling, the waiting list and its offers, staff changes to
a session, expiry. Uses the unit of work, events, errors and models; nothing above it.

The use cases callers need, by name (``seats.book_seats``); ``policy`` holds the rules of time.
"""

from bookings.seats.booking import (
    MAX_OPEN_HOLDS,
    NO_CARD,
    TRANSFER_HOLD,
    book_seats,
    cancel_booking,
    new_ticket_code,
)
from bookings.seats.expiry import release_expired
from bookings.seats.ledger import open_payment_of, payment_by_reference, refundable
from bookings.seats.locking import lock_session
from bookings.seats.mine import (
    active_booking,
    booking_of,
    bookings_of,
    count_seats,
    waitlist_positions,
)
from bookings.seats.offers import accept_offer, decline_offer
from bookings.seats.sessions import cancel_session, change_capacity, move_session
from bookings.seats.settle import payment_abandoned, payment_succeeded
from bookings.seats.transfers import (
    TRANSFER,
    mark_paid,
    take_transfer,
    transfer_payment_of,
)

__all__ = [
    "MAX_OPEN_HOLDS",
    "NO_CARD",
    "TRANSFER",
    "TRANSFER_HOLD",
    "accept_offer",
    "active_booking",
    "book_seats",
    "booking_of",
    "bookings_of",
    "cancel_booking",
    "cancel_session",
    "change_capacity",
    "count_seats",
    "decline_offer",
    "lock_session",
    "mark_paid",
    "move_session",
    "new_ticket_code",
    "open_payment_of",
    "payment_abandoned",
    "payment_by_reference",
    "payment_succeeded",
    "refundable",
    "take_transfer",
    "transfer_payment_of",
    "release_expired",
    "waitlist_positions",
]
