"""What happens after a booking changes: handlers of domain events. Each one is idempotent.

Here the money side is carried out (and, in ``bookings.payment_notices``, what the payment
provider tells us); the messages to people live in ``bookings.notifications`` (imported below
for its handlers).
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bookings import notifications  # noqa: F401  (notifications: the mail handlers)
from bookings.events import BookingCancelled, HoldExpired, RefundDue
from bookings.outbox import HandlerContext, handles
from bookings.payment_notices import settle_refund, sync_refunds
from bookings.payments import RefundRefused
from bookings.reads import end_reads
from bookings.transactions import transaction
from models import Payment, Refund


@handles(RefundDue)
def carry_out_refund(db: Session, event: RefundDue, context: HandlerContext) -> None:
    """Ask the gateway to refund. Safe to repeat: the provider's records are read first (a
    refund made before a crash is found there by its metadata, not made again), the amount is
    cut to what is left of the payment (a refund made elsewhere meanwhile), and the gateway's
    idempotency key is the refund's own."""
    refund = db.get(Refund, event.refund_id)
    if refund is None or refund.status != "pending" or refund.provider_id:
        end_reads(db)
        return
    sync_refunds(db, payment_id=refund.payment_id, gateway=context.gateway, now=context.clock())
    with transaction(db):
        refund = _locked_refund(db, event.refund_id)
        if refund.status != "pending" or refund.provider_id:
            return
        if refund.payment.provider != context.gateway.name:
            refund.failure = (
                f"paid through {refund.payment.provider}, which this deployment no longer uses: "
                "refund it by hand"
            )
            settle_refund(db, refund, "failed", context.clock())
            return
        left = _left_to_refund(db, refund)
        if left <= 0:
            refund.failure = "nothing left to refund: the payment was refunded already"
            settle_refund(db, refund, "failed", context.clock())
            return
        refund.amount = min(refund.amount, left)
        refund.payment  # noqa: B018  (loaded now: the gateway reads its charge id)
    end_reads(db, expire=False)  # no transaction stays open while the gateway answers
    try:
        result = context.gateway.refund(refund)
    except RefundRefused as refused:
        with transaction(db):
            refund = _locked_refund(db, event.refund_id)
            refund.failure = str(refused)[:2000]
            settle_refund(db, refund, "failed", context.clock())
        return
    with transaction(db):
        refund = _locked_refund(db, event.refund_id)
        refund.provider_id = refund.provider_id or result.provider_id
        settle_refund(db, refund, result.status, context.clock())


def _locked_refund(db: Session, refund_id: int) -> Refund:
    return db.get_one(Refund, refund_id, populate_existing=True, with_for_update=True)


def _left_to_refund(db: Session, refund: Refund) -> int:
    """What the payment took, less every other refund of it that did not fail."""
    others = db.scalar(
        select(func.coalesce(func.sum(Refund.amount), 0)).where(
            Refund.payment_id == refund.payment_id,
            Refund.id != refund.id,
            Refund.status != "failed",
        )
    )
    return refund.payment.amount - int(others)


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
