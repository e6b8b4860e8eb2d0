"""A booking's money: the payment it waits for, what it paid, what is owed back."""

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.errors import N_, NotFound
from bookings.events import RefundDue
from bookings.unit.audit import record_action
from bookings.unit.outbox import record
from models import Booking, Payment, Refund
from models.statuses import PaymentStatus, RefundStatus


def new_payment(
    booking: Booking, gateway_name: str, *, expires_at: datetime, reference: str | None = None
) -> Payment:
    """An open payment for a booking that waits for its money (not yet stored); ``reference``
    is a long random one unless given (a transfer's is short, for people to type)."""
    return Payment(
        booking=booking,
        provider=gateway_name,
        reference=reference or secrets.token_urlsafe(18),
        amount=booking.amount,
        status=PaymentStatus.OPEN,
        expires_at=expires_at,
    )


def open_payment_of(booking: Booking) -> Payment | None:
    for payment in reversed(booking.payments):
        if payment.status == PaymentStatus.OPEN:
            return payment
    return None


def money_in(payment: Payment) -> int:
    """What a payment brought in: all of it once paid; before that, what a transfer brought so
    far (transfers add up, and a hold that ends owes back what came short)."""
    return payment.amount if payment.status == PaymentStatus.PAID else payment.received


def refundable(booking: Booking) -> int:
    """What the person has paid for this booking and not yet been (or being) refunded."""
    paid = sum(money_in(p) for p in booking.payments)
    return paid - sum(r.amount for r in booking.refunds if r.status != RefundStatus.FAILED)


def payment_by_reference(db: Session, reference: str) -> Payment:
    payment = db.scalar(select(Payment).where(Payment.reference == reference))
    if payment is None:
        raise NotFound(N_("We could not find that payment."))
    return payment


def refund_what_was_paid(
    db: Session, booking: Booking, *, reason: str, now: datetime
) -> Refund | None:
    """Record a full refund of the booking's paid payments, less what was refunded already;
    ``RefundDue`` asks the gateway to carry it out after the commit."""
    due = refundable(booking)
    if due <= 0:
        return None
    payment = [p for p in booking.payments if money_in(p) > 0][-1]
    refund = Refund(booking=booking, payment=payment, amount=due, reason=reason, created_at=now)
    db.add(refund)
    db.flush()
    record(db, RefundDue(refund.id, booking.id, due, reason), now=now)
    record_action(db, "refund.due", f"booking:{booking.id} {due} VND ({reason})", now=now)
    return refund
