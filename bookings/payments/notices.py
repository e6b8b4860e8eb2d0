"""What the payment provider tells us, and acting on it.

A provider's guidance, followed here (Stripe's in particular): a webhook is verified, recorded
once by its event id, and acted on only after reading the object again from the provider (a
webhook's body may be old, and events arrive twice, late and out of order). The success page
runs the same ``settle_checkout``, because the webhook may come after the person, or never.

Every step is idempotent: ``payment_succeeded`` confirms a booking at most once (or refunds a
payment that came too late), ``payment_abandoned`` only releases a hold that is still open.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bookings.events import PaymentNoticeReceived
from bookings.payments.gateway import (
    ABOUT_CHECKOUT,
    ABOUT_REFUNDS,
    Notice,
    PaymentGateway,
)
from bookings.payments.refunds import sync_refunds
from bookings.seats.ledger import payment_by_reference
from bookings.seats.settle import payment_abandoned, payment_succeeded
from bookings.unit.outbox import record
from bookings.unit.transaction import call_outside, transaction
from models import Booking, Payment, PaymentNotice
from models.statuses import CheckoutStatus


def receive(db: Session, *, provider: str, notice: Notice, now: datetime) -> bool:
    """Record a verified notice once, with the event that acts on it; False for a duplicate."""
    if db.get(PaymentNotice, (provider, notice.event_id)) is not None:
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
            event = PaymentNoticeReceived(
                provider, notice.event_id, notice.kind, notice.about, notice.object_id
            )
            record(db, event, now=now)
    except IntegrityError:  # the same notice, delivered twice at once: the other one acts
        return False
    return True


def settle_checkout(
    db: Session, *, provider_id: str, gateway: PaymentGateway, now: datetime
) -> Booking | None:
    """Act on what the provider says of this checkout now: paid → the booking is confirmed
    (or refunded, if the seats are gone); expired or failed → the hold is released; still
    open or a payment in progress → nothing yet. None when the checkout is not ours."""
    state = call_outside(db, gateway.checkout_state, provider_id)
    payment = db.scalar(select(Payment).where(Payment.provider_id == provider_id))
    if payment is None and state.reference:
        payment = db.scalar(select(Payment).where(Payment.reference == state.reference))
    if payment is None or payment.provider != gateway.name:
        return None
    reference = payment.reference
    if state.paid:
        return payment_succeeded(db, reference=reference, now=now, charge_id=state.charge_id)
    if state.status == CheckoutStatus.EXPIRED or state.failed:
        return payment_abandoned(db, reference=reference, now=now)
    return payment.booking


def settle_payment(
    db: Session, *, reference: str, gateway: PaymentGateway, now: datetime
) -> Booking:
    """The success page: settle this payment's checkout from the provider (never from the
    address the person arrived with)."""
    payment = payment_by_reference(db, reference)
    if payment.provider == gateway.name and payment.provider_id:
        booking = settle_checkout(db, provider_id=payment.provider_id, gateway=gateway, now=now)
        if booking is not None:
            return booking
    return payment.booking


def act_on_notice(db: Session, event: PaymentNoticeReceived, context) -> None:
    """The handler of a recorded notice: what it is about, read again from the provider."""
    gateway: PaymentGateway = context.gateway
    if event.provider != gateway.name:
        return
    if event.about == ABOUT_CHECKOUT:
        settle_checkout(db, provider_id=event.object_id, gateway=gateway, now=context.clock())
    elif event.about == ABOUT_REFUNDS:
        refunds_changed(db, charge_id=event.object_id, gateway=gateway, now=context.clock())


def refunds_changed(db: Session, *, charge_id: str, gateway: PaymentGateway, now: datetime) -> None:
    """A charge was refunded (by us, or at the provider). The notice may come before the one
    that says it was paid: then the payment is settled first, so that nothing is missed."""
    payment = db.scalar(
        select(Payment).where(Payment.charge_id == charge_id, Payment.provider == gateway.name)
    )
    if payment is None:
        reference = call_outside(db, gateway.reference_of_charge, charge_id)
        payment = db.scalar(select(Payment).where(Payment.reference == reference))
        if payment is None or payment.provider != gateway.name or not payment.provider_id:
            return
        settle_checkout(db, provider_id=payment.provider_id, gateway=gateway, now=now)
    sync_refunds(db, payment_id=payment.id, gateway=gateway, now=now)
