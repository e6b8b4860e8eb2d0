"""What a payment's outcome does to its booking: confirmed, refunded, or its hold released.

The payment providers' notices and pages end here (``bookings.payments``), and so does the demo
provider's "pay" button. Every step is idempotent: a payment confirms its booking at most once.
"""

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bookings.errors import SessionClosed
from bookings.events import BookingConfirmed, PaymentReceived
from bookings.seats import policy
from bookings.seats.ledger import open_payment_of, payment_by_reference, refund_what_was_paid
from bookings.seats.locking import (
    end_booking,
    lock_session,
    offer_free_seats,
    release_overdue,
    reload_booking,
)
from bookings.seats.mine import active_booking
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import Booking, Payment, WorkshopSession
from models.statuses import BookingStatus, EndedBy, PaymentStatus, RefundReason


def payment_succeeded(
    db: Session, *, reference: str, now: datetime, charge_id: str | None = None
) -> Booking:
    """The gateway says the payment of ``reference`` arrived. Idempotent.

    A held booking is confirmed (also when its hold's time ran out but nothing released it
    yet). A payment that arrives after its hold was released takes the seats if they are free
    (and the person has no other booking there); otherwise, or if the person cancelled
    meanwhile, the money is refunded in full.
    """
    with transaction(db):
        payment = payment_by_reference(db, reference)
        sitting = lock_session(db, payment.booking.session_id)
        payment = db.get_one(Payment, payment.id, populate_existing=True)
        if payment.status == PaymentStatus.PAID:
            return payment.booking
        booking = reload_booking(db, payment.booking_id)
        payment.status, payment.paid_at, payment.charge_id = PaymentStatus.PAID, now, charge_id
        record(db, PaymentReceived(booking.id, payment.id, payment.amount), now=now)
        if booking.status == BookingStatus.PENDING_PAYMENT:
            # Still held, even if its time ran out a moment ago: the checkout closed before the
            # hold, so this money was paid in time and the seats were never given away.
            confirm_paid(db, booking, sitting, now)
            release_overdue(db, sitting, now)
            return booking
        release_overdue(db, sitting, now)
        if booking.status == BookingStatus.EXPIRED and can_take_seats_late(
            db, booking, sitting, now
        ):
            sitting.seats_taken += booking.seats
            confirm_paid(db, booking, sitting, now)
        else:
            refund_what_was_paid(db, booking, reason=RefundReason.LATE_PAYMENT, now=now)
    return booking


def confirm_paid(db: Session, booking: Booking, sitting: WorkshopSession, now: datetime) -> None:
    """The held (or late) booking is paid: confirmed, its ticket valid."""
    booking.status, booking.paid, booking.confirmed_at = BookingStatus.CONFIRMED, True, now
    booking.hold_expires_at = None
    booking.cancelled_at = booking.ended_by = None
    confirmed = BookingConfirmed(booking.id, sitting.id, booking.user_id, booking.seats, True)
    record(db, confirmed, now=now)


def can_take_seats_late(
    db: Session, booking: Booking, sitting: WorkshopSession, now: datetime
) -> bool:
    try:
        policy.ensure_bookable(sitting, now)
    except SessionClosed:
        return False
    return (
        sitting.seats_left >= booking.seats
        and active_booking(db, sitting.id, booking.user_id) is None
    )


def payment_abandoned(db: Session, *, reference: str, now: datetime) -> Booking:
    """The gateway's checkout expired or failed: release the hold now (if it is still held)."""
    with transaction(db):
        payment = payment_by_reference(db, reference)
        sitting = lock_session(db, payment.booking.session_id)
        booking = reload_booking(db, payment.booking_id)
        payment = db.get_one(Payment, payment.id, populate_existing=True)
        if payment.status == PaymentStatus.OPEN:
            payment.status = PaymentStatus.EXPIRED
        if booking.status == BookingStatus.PENDING_PAYMENT and open_payment_of(booking) is None:
            end_booking(
                db, booking, sitting, status=BookingStatus.EXPIRED, by=EndedBy.SYSTEM, now=now
            )
            offer_free_seats(db, sitting, now)
    return booking


#: However a hold is extended, its seats go back this long after the booking at the latest.
LONGEST_HOLD = timedelta(hours=2)


def extend_hold(db: Session, *, payment_id: int, until: datetime, now: datetime) -> Payment | None:
    """Hold the payment's seats until ``until``, so a gateway's checkout can open: a live hold
    only (one that ended stays ended), once (``Payment.extended_at``), and never past
    ``LONGEST_HOLD`` after the booking. None when it cannot be extended."""
    session_id = db.get_one(Payment, payment_id).booking.session_id
    with transaction(db):
        lock_session(db, session_id)
        payment = db.get_one(Payment, payment_id, populate_existing=True)
        booking = db.get_one(Booking, payment.booking_id, populate_existing=True)
        live = booking.hold_expires_at is not None and booking.hold_expires_at > now
        if (
            payment.status != PaymentStatus.OPEN
            or booking.status != BookingStatus.PENDING_PAYMENT
            or not live
            or (payment.extended_at is not None and booking.hold_expires_at < until)
            or until > booking.created_at + LONGEST_HOLD
        ):
            return None
        if booking.hold_expires_at < until:
            payment.expires_at = booking.hold_expires_at = until
            payment.extended_at = now
    return payment


def undo_extension(db: Session, *, payment_id: int, until: datetime | None) -> None:
    """The checkout an extension was for did not open: the hold ends when it did before."""
    session_id = db.get_one(Payment, payment_id).booking.session_id
    with transaction(db):
        lock_session(db, session_id)
        payment = db.get_one(Payment, payment_id, populate_existing=True)
        booking = db.get_one(Booking, payment.booking_id, populate_existing=True)
        if payment.extended_at is not None and booking.status == BookingStatus.PENDING_PAYMENT:
            payment.expires_at = booking.hold_expires_at = until
            payment.extended_at = None
