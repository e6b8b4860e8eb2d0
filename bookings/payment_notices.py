"""What the payment provider tells us, and keeping our records in step with it.

Stripe's guidance, followed here: a webhook is verified, recorded once by its event id, and then
acted on only after reading the object again from Stripe (a webhook's body may be old, and
events arrive twice, late and out of order). The success page runs the same ``settle_checkout``,
because the webhook may come after the person, or never.

Every step is idempotent: ``payment_succeeded`` confirms a booking at most once (or refunds a
payment that came too late), ``payment_abandoned`` only releases a hold that is still open, and
``sync_refunds`` only moves a refund towards what the provider says.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bookings import outbox, reservations
from bookings.events import PaymentNoticeReceived, RefundSettled
from bookings.outbox import HandlerContext, handles
from bookings.payments import payment_by_reference
from bookings.reads import end_reads
from bookings.stripe_checkout import REFUND_EVENTS
from bookings.transactions import transaction
from models import Booking, Payment, PaymentNotice, Refund

#: Why a refund exists when the provider made it without us (from its dashboard …).
REFUNDED_AT_PROVIDER = "refunded_at_provider"


def receive(db: Session, *, provider: str, notice, now: datetime) -> bool:
    """Record a verified notice once, with the event that acts on it; False for a duplicate."""
    if db.get(PaymentNotice, (provider, notice.event_id)) is not None:
        end_reads(db)
        return False
    try:
        with transaction(db):
            db.add(
                PaymentNotice(
                    provider=provider,
                    id=notice.event_id,
                    kind=notice.kind,
                    object_id=notice.object_id,
                    received_at=now,
                )
            )
            db.flush()
            event = PaymentNoticeReceived(provider, notice.event_id, notice.kind, notice.object_id)
            outbox.record(db, event, now=now)
    except IntegrityError:  # the same notice, delivered twice at once: the other one acts
        return False
    return True


def settle_checkout(db: Session, *, provider_id: str, gateway, now: datetime) -> Booking | None:
    """Act on what the provider says of this checkout now: paid → the booking is confirmed
    (or refunded, if the seats are gone); expired or failed → the hold is released; still
    open or a payment in progress → nothing yet. None when the checkout is not ours."""
    state = gateway.checkout_state(provider_id)
    payment = db.scalar(select(Payment).where(Payment.provider_id == provider_id))
    if payment is None and state.reference:
        payment = db.scalar(select(Payment).where(Payment.reference == state.reference))
    if payment is None or payment.provider != gateway.name:
        end_reads(db)
        return None
    reference = payment.reference
    if state.paid:
        return reservations.payment_succeeded(
            db, reference=reference, now=now, charge_id=state.charge_id
        )
    if state.status == "expired" or state.failed:
        return reservations.payment_abandoned(db, reference=reference, now=now)
    booking = payment.booking
    end_reads(db, expire=False)
    return booking


def settle_payment(db: Session, *, reference: str, gateway, now: datetime) -> Booking:
    """The success page: settle this payment's checkout from the provider (never from the
    address the person arrived with)."""
    payment = payment_by_reference(db, reference)
    if payment.provider == gateway.name and payment.provider_id:
        booking = settle_checkout(db, provider_id=payment.provider_id, gateway=gateway, now=now)
        if booking is not None:
            return booking
    return payment.booking


def sync_refunds(db: Session, *, payment_id: int, gateway, now: datetime) -> None:
    """Bring the payment's refunds in step with the provider's: statuses of ours, and refunds
    made elsewhere recorded, so that what is left to refund is never overstated."""
    payment = db.get(Payment, payment_id)
    if payment is None or not payment.charge_id or not hasattr(gateway, "refunds_of"):
        end_reads(db)
        return
    end_reads(db, expire=False)  # no transaction stays open while the gateway answers
    remote = gateway.refunds_of(payment.charge_id)
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
                    reason=REFUNDED_AT_PROVIDER,
                    status="pending",
                    provider_id=seen.provider_id,
                    created_at=now,
                )
                db.add(refund)
                db.flush()
            refund.provider_id = refund.provider_id or seen.provider_id
            settle_refund(db, refund, seen.status, now)


def settle_refund(db: Session, refund: Refund, status: str, now: datetime) -> None:
    """A pending refund becomes ``succeeded`` or ``failed`` (once; a settled one stays)."""
    if refund.status != "pending" or status == "pending":
        return
    refund.status, refund.settled_at = status, now
    if status == "failed":
        refund.failure = refund.failure or "refused by the payment provider"
    outbox.record(db, RefundSettled(refund.id, refund.booking_id, status), now=now)


@handles(PaymentNoticeReceived)
def act_on_notice(db: Session, event: PaymentNoticeReceived, context: HandlerContext) -> None:
    gateway = context.gateway
    if event.provider != gateway.name:
        return
    if event.kind.startswith("checkout.session."):
        settle_checkout(db, provider_id=event.object_id, gateway=gateway, now=context.clock())
    elif event.kind in REFUND_EVENTS:
        refunds_changed(db, charge_id=event.object_id, gateway=gateway, now=context.clock())


def refunds_changed(db: Session, *, charge_id: str, gateway, now: datetime) -> None:
    """A charge was refunded (by us, or at the provider). The notice may come before the one
    that says it was paid: then the payment is settled first, so that nothing is missed."""
    payment = db.scalar(
        select(Payment).where(Payment.charge_id == charge_id, Payment.provider == gateway.name)
    )
    if payment is None:
        reference = gateway.reference_of_charge(charge_id)
        payment = db.scalar(select(Payment).where(Payment.reference == reference))
        if payment is None or payment.provider != gateway.name or not payment.provider_id:
            end_reads(db)
            return
        settle_checkout(db, provider_id=payment.provider_id, gateway=gateway, now=now)
    sync_refunds(db, payment_id=payment.id, gateway=gateway, now=now)


#: A refund the provider accepted but has not settled is asked about again after this long.
RECHECK_AFTER = timedelta(minutes=10)


def check_pending_refunds(db: Session, *, gateway, now: datetime, limit: int = 100) -> int:
    """Ask the provider about refunds it accepted and has not settled (in case a notice was
    lost); return how many payments were checked."""
    payment_ids = list(
        db.scalars(
            select(Refund.payment_id)
            .join(Payment, Payment.id == Refund.payment_id)
            .where(
                Refund.status == "pending",
                Refund.provider_id.is_not(None),
                Refund.created_at <= now - RECHECK_AFTER,
                Payment.provider == gateway.name,
            )
            .distinct()
            .limit(limit)
        )
    )
    end_reads(db)
    for payment_id in payment_ids:
        sync_refunds(db, payment_id=payment_id, gateway=gateway, now=now)
    return len(payment_ids)
