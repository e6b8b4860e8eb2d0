"""Giving money back, and keeping our refunds in step with the provider's.

``RefundDue`` (recorded whenever a paid booking ends) is carried out here through the gateway;
the provider's own records are read first, so a refund made before a crash, or made in the
provider's dashboard, is found there and never made twice.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bookings.events import BookingCancelled, HoldExpired, RefundDue, RefundSettled
from bookings.payments.gateway import PaymentGateway, RefundRefused
from bookings.seats import TRANSFER
from bookings.unit.outbox import record
from bookings.unit.transaction import call_outside, transaction
from models import Payment, Refund
from models.statuses import PaymentStatus, RefundReason, RefundStatus

#: A refund the provider accepted but has not settled is asked about again after this long.
RECHECK_AFTER = timedelta(minutes=10)


def carry_out_refund(db: Session, event: RefundDue, context) -> None:
    """Ask the gateway to refund. Safe to repeat: the provider's records are read first (a
    refund made before a crash is found there by its metadata, not made again), the amount is
    cut to what is left of the payment (a refund made elsewhere meanwhile), and the gateway's
    idempotency key is the refund's own."""
    gateway: PaymentGateway = context.gateway
    now = context.clock()
    refund = db.get(Refund, event.refund_id)
    if refund is None or refund.status != RefundStatus.PENDING or refund.provider_id:
        return
    if refund.payment.provider == TRANSFER:
        return  # no provider can push it: it is owed until the space pays it by hand
    sync_refunds(db, payment_id=refund.payment_id, gateway=gateway, now=now)
    with transaction(db):
        refund = _locked_refund(db, event.refund_id)
        if refund.status != RefundStatus.PENDING or refund.provider_id:
            return
        left = _left_to_refund(db, refund)
        failure = _why_not(refund, gateway, left)
        if failure:
            refund.failure = failure
            settle_refund(db, refund, RefundStatus.FAILED, now)
            return
        refund.amount = min(refund.amount, left)
        refund.payment  # noqa: B018  (loaded now: the gateway reads its charge id)
    try:
        result = call_outside(db, gateway.refund, refund)
    except RefundRefused as refused:
        with transaction(db):
            refund = _locked_refund(db, event.refund_id)
            refund.failure = str(refused)[:2000]
            settle_refund(db, refund, RefundStatus.FAILED, context.clock())
        return
    with transaction(db):
        refund = _locked_refund(db, event.refund_id)
        refund.provider_id = refund.provider_id or result.provider_id
        settle_refund(db, refund, result.status, context.clock())


def _why_not(refund: Refund, gateway: PaymentGateway, left: int) -> str:
    """Why this refund cannot be made through the gateway ("" when it can); ``left`` is what
    is left of its payment to refund."""
    if refund.payment.provider != gateway.name:
        return (
            f"paid through {refund.payment.provider}, which this deployment no longer uses: "
            "refund it by hand"
        )
    if left <= 0:
        return "nothing left to refund: the payment was refunded already"
    return ""


def _locked_refund(db: Session, refund_id: int) -> Refund:
    return db.get_one(Refund, refund_id, populate_existing=True, with_for_update=True)


def _left_to_refund(db: Session, refund: Refund) -> int:
    """What the payment took, less every other refund of it that did not fail."""
    others = db.scalar(
        select(func.coalesce(func.sum(Refund.amount), 0)).where(
            Refund.payment_id == refund.payment_id,
            Refund.id != refund.id,
            Refund.status != RefundStatus.FAILED,
        )
    )
    return refund.payment.amount - int(others)


def close_unpaid_checkout(db: Session, event: HoldExpired | BookingCancelled, context) -> None:
    """A hold ended: close its checkout at the gateway so nobody pays for seats they no longer
    hold (a payment that slips through anyway is refunded by ``payment_succeeded``)."""
    gateway: PaymentGateway = context.gateway
    payments = db.scalars(
        select(Payment).where(
            Payment.booking_id == event.booking_id,
            Payment.status.in_((PaymentStatus.CANCELLED, PaymentStatus.EXPIRED)),
            Payment.provider == gateway.name,
            Payment.provider_id.is_not(None),
        )
    ).all()
    for payment in payments:
        call_outside(db, gateway.close_checkout, payment)


def sync_refunds(db: Session, *, payment_id: int, gateway: PaymentGateway, now: datetime) -> None:
    """Bring the payment's refunds in step with the provider's: statuses of ours, and refunds
    made elsewhere recorded, so that what is left to refund is never overstated."""
    payment = db.get(Payment, payment_id)
    if payment is None or not payment.charge_id:
        return
    remote = call_outside(db, gateway.refunds_of, payment.charge_id)
    with transaction(db):
        payment = db.get_one(Payment, payment_id, populate_existing=True)
        ours = list(
            db.scalars(
                select(Refund)
                .where(Refund.payment_id == payment_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        )
        by_provider = {r.provider_id: r for r in ours if r.provider_id}
        by_id = {r.id: r for r in ours}
        for seen in remote:
            refund = by_provider.get(seen.provider_id) or by_id.get(seen.refund_id or -1)
            if refund is None:
                refund = Refund(
                    booking_id=payment.booking_id,
                    payment_id=payment.id,
                    amount=seen.amount,
                    reason=RefundReason.REFUNDED_AT_PROVIDER,
                    status=RefundStatus.PENDING,
                    provider_id=seen.provider_id,
                    created_at=now,
                )
                db.add(refund)
                db.flush()
            refund.provider_id = refund.provider_id or seen.provider_id
            settle_refund(db, refund, seen.status, now)


def settle_refund(db: Session, refund: Refund, status: str, now: datetime) -> None:
    """A pending refund becomes ``succeeded`` or ``failed`` (once; a settled one stays)."""
    if refund.status != RefundStatus.PENDING or status == RefundStatus.PENDING:
        return
    refund.status, refund.settled_at = status, now
    if status == RefundStatus.FAILED:
        refund.failure = refund.failure or "refused by the payment provider"
    record(db, RefundSettled(refund.id, refund.booking_id, status), now=now)


def check_pending_refunds(
    db: Session, *, gateway: PaymentGateway, now: datetime, limit: int = 100
) -> int:
    """Ask the provider about refunds it accepted and has not settled (in case a notice was
    lost); return how many payments were checked."""
    payment_ids = list(
        db.scalars(
            select(Refund.payment_id)
            .join(Payment, Payment.id == Refund.payment_id)
            .where(
                Refund.status == RefundStatus.PENDING,
                Refund.provider_id.is_not(None),
                Refund.created_at <= now - RECHECK_AFTER,
                Payment.provider == gateway.name,
            )
            .distinct()
            .limit(limit)
        )
    )
    for payment_id in payment_ids:
        sync_refunds(db, payment_id=payment_id, gateway=gateway, now=now)
    return len(payment_ids)
