"""What happens after a booking changes: handlers of domain events. Each one is idempotent.

Here the money side is carried out; the messages to people live in ``bookings.notifications``
(imported below for its handlers).
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings import notifications, outbox  # noqa: F401  (notifications: the mail handlers)
from bookings.events import BookingCancelled, HoldExpired, RefundDue, RefundSettled
from bookings.outbox import HandlerContext, handles
from bookings.reads import end_reads
from bookings.transactions import transaction
from models import Payment, Refund


@handles(RefundDue)
def carry_out_refund(db: Session, event: RefundDue, context: HandlerContext) -> None:
    """Ask the gateway to refund; the gateway's idempotency key is the refund's id, so a retry
    after a crash never refunds twice."""
    refund = db.get(Refund, event.refund_id)
    if refund is None or refund.status != "pending":
        return
    refund_id = refund.id
    end_reads(db, expire=False)  # no transaction stays open while the gateway answers
    provider_id = context.gateway.refund(refund)
    with transaction(db):
        refund = db.get_one(Refund, refund_id, populate_existing=True)
        if refund.status == "pending":
            refund.status, refund.provider_id = "succeeded", provider_id
            refund.settled_at = context.clock()
            settled = RefundSettled(refund.id, refund.booking_id, refund.status)
            outbox.record(db, settled, now=refund.settled_at)


@handles(HoldExpired, BookingCancelled)
def close_unpaid_checkout(db: Session, event, context: HandlerContext) -> None:
    """A hold ended: close its checkout at the gateway so nobody pays for seats they no longer
    hold (a payment that slips through anyway is refunded by ``payment_succeeded``)."""
    payments = db.scalars(
        select(Payment).where(
            Payment.booking_id == event.booking_id,
            Payment.status.in_(("cancelled", "expired")),
            Payment.provider == context.gateway.name,
            Payment.provider_id.is_not(None),
        )
    )
    for payment in payments:
        context.gateway.close_checkout(payment)
    end_reads(db)
