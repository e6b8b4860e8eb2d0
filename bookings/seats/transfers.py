"""Bank transfers and seats: the reference a transfer carries, and what money that arrives does
to its booking, under the session's lock.

A transfer cannot be pulled back or closed like a card checkout: money may come late, short,
twice or too much. The rules (``take_transfer``): paid in full while held → confirmed; short →
still held, what arrived adds up; after the hold was released → confirmed if the seats are still
free, otherwise the money is owed back; more than due, or a second payment → the excess is owed
back. A transfer's refund is never pushed by a provider: it is owed until staff pay it.
"""

import secrets
from datetime import datetime

from sqlalchemy.orm import Session

from bookings.errors import N_, NotActive, SoldOut, invalid
from bookings.events import PaymentReceived, RefundDue, TransferReceived
from bookings.seats.ledger import refund_what_was_paid, refundable
from bookings.seats.locking import lock_session, release_overdue, reload_booking
from bookings.seats.policy import ensure_space_acts
from bookings.seats.settle import can_take_seats_late, confirm_paid
from bookings.unit.audit import record_action
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import Booking, Payment, Refund, WorkshopSession
from models.statuses import BookingStatus, PaymentMethod, PaymentStatus, RefundReason

#: The provider name of a transfer's payment.
TRANSFER = str(PaymentMethod.BANK_TRANSFER)

#: Letters and digits that cannot be mistaken for one another read aloud or typed: no 0/O,
#: no 1/I/L.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: Every reference starts with this, so it can be found inside a bank's description.
REFERENCE_PREFIX = "HCS"
#: Random characters after the prefix: 31**8 ≈ 8.5e11 references.
REFERENCE_LENGTH = 8


def new_reference() -> str:
    """``HCS7K2MQ9XD``: the prefix and eight characters of an unambiguous alphabet."""
    return REFERENCE_PREFIX + "".join(
        secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
    )


def take_transfer(
    db: Session, payment_id: int, amount: int, now: datetime, *, bank_reference: str = ""
) -> Booking:
    """``amount`` arrived for the transfer payment ``payment_id``: act on it (the rules above).
    Runs inside the caller's transaction; locks the booking's session."""
    payment = db.get_one(Payment, payment_id)
    sitting = lock_session(db, payment.booking.session_id)
    payment = db.get_one(Payment, payment_id, populate_existing=True)
    booking = reload_booking(db, payment.booking_id)
    payment.received += amount
    if bank_reference and not payment.charge_id:
        payment.charge_id = bank_reference[:255]
    missing = max(booking.amount - payment.received, 0)
    record(db, TransferReceived(booking.id, amount, missing), now=now)
    if payment.status == PaymentStatus.OPEN and booking.status == BookingStatus.PENDING_PAYMENT:
        if missing == 0:
            _paid(db, booking, payment, sitting, now)
        release_overdue(db, sitting, now)
        return booking
    release_overdue(db, sitting, now)
    if payment.status == PaymentStatus.PAID:
        # A second payment for a booking paid already: all of it goes back.
        payment.amount = payment.received
        _owe(db, booking, payment, amount, now)
    elif (
        booking.status == BookingStatus.EXPIRED
        and refundable(booking) >= booking.amount  # what came, less what is owed back already
        and can_take_seats_late(db, booking, sitting, now)
    ):
        sitting.seats_taken += booking.seats
        _paid(db, booking, payment, sitting, now)
    else:
        refund_what_was_paid(db, booking, reason=RefundReason.LATE_PAYMENT, now=now)
    return booking


def _paid(
    db: Session, booking: Booking, payment: Payment, sitting: WorkshopSession, now: datetime
) -> None:
    """The whole price arrived: confirmed; what came beyond it (and is not owed back already)
    is owed back."""
    excess = refundable(booking) - booking.amount
    payment.status, payment.paid_at, payment.amount = PaymentStatus.PAID, now, payment.received
    payment.expires_at = None
    record(db, PaymentReceived(booking.id, payment.id, payment.amount), now=now)
    confirm_paid(db, booking, sitting, now)
    if excess > 0:
        _owe(db, booking, payment, excess, now)


def _owe(db: Session, booking: Booking, payment: Payment, amount: int, now: datetime) -> None:
    refund = Refund(
        booking=booking,
        payment=payment,
        amount=amount,
        reason=RefundReason.OVERPAID,
        created_at=now,
    )
    db.add(refund)
    db.flush()
    record(db, RefundDue(refund.id, booking.id, amount, RefundReason.OVERPAID), now=now)


def transfer_payment_of(booking: Booking) -> Payment | None:
    """The booking's transfer payment (the latest), if it is paid by transfer."""
    if booking.payment_method != PaymentMethod.BANK_TRANSFER:
        return None
    found = [p for p in booking.payments if p.provider == TRANSFER]
    return found[-1] if found else None


def mark_paid(db: Session, *, booking_id: int, bank_reference: str, now: datetime) -> Booking:
    """Staff saw the money in the space's account: the transfer booking is paid in full.

    Idempotent (a confirmed booking stays as it is). A booking whose hold was released is
    confirmed if its seats are still free (SoldOut otherwise, and nothing changes); a cancelled
    one, or one not paid by transfer, is NotActive; SpaceSuspended while the space is suspended
    (it takes no payments of held seats).
    """
    reference = (bank_reference or "").strip()
    if not reference:
        raise invalid("bank_reference", N_("is required"))
    booking = db.get(Booking, booking_id)
    if booking is None:
        raise NotActive()
    with transaction(db):
        lock_session(db, booking.session_id)
        booking = reload_booking(db, booking_id)
        payment = transfer_payment_of(booking)
        if payment is None:
            raise NotActive()
        if booking.status == BookingStatus.CONFIRMED and payment.status == PaymentStatus.PAID:
            return booking
        ensure_space_acts(booking.session.workshop.space)
        late = booking.status == BookingStatus.EXPIRED
        if booking.status != BookingStatus.PENDING_PAYMENT and not late:
            raise NotActive()
        missing = max(booking.amount - refundable(booking), 0)
        booking = take_transfer(db, payment.id, missing, now, bank_reference=reference)
        if booking.status != BookingStatus.CONFIRMED:
            raise SoldOut()  # rolls back: the money is not recorded as arrived
        record_action(
            db, "transfer.marked_paid", f"booking:{booking.id} {missing} VND ({reference})", now=now
        )
    return booking
