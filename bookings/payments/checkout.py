"""Sending a person to pay: the gateway's checkout for a held booking, opened once."""

from datetime import datetime

from sqlalchemy.orm import Session

from bookings.payments.gateway import PaymentGateway
from bookings.seats import policy
from bookings.seats.ledger import payment_by_reference
from bookings.seats.settle import extend_hold, undo_extension
from bookings.unit.transaction import call_outside, transaction
from models import Payment
from models.statuses import PaymentStatus


def checkout_url(
    db: Session, reference: str, gateway: PaymentGateway, *, now: datetime
) -> str | None:
    """The gateway's page for this payment, opened now if need be; None when it is not open.

    Opening is idempotent: asking again gives the same checkout. A checkout cannot close sooner
    than the gateway allows (Stripe: 30 minutes), so a hold with less time left (the checkout
    could not open when the booking was made) is extended to that as it opens: once, never
    past ``LONGEST_HOLD``, and not at all when the gateway fails. SessionClosed when the
    session's space is suspended: its held seats cannot be paid (the hold runs out).
    """
    payment = payment_by_reference(db, reference)
    if payment.status != PaymentStatus.OPEN:
        return None
    policy.ensure_open_to_people(payment.booking.session.workshop.space)
    if payment.url:
        return payment.url
    if payment.provider != gateway.name:
        # Opened under another provider (the deployment switched): it cannot be paid here.
        return None
    before = payment.expires_at
    extended = before is not None and before < now + gateway.min_checkout
    if extended:
        payment = extend_hold(db, payment_id=payment.id, until=now + gateway.min_checkout, now=now)
        if payment is None:
            return None
    try:
        checkout = call_outside(db, gateway.start_checkout, payment, payment.booking)
    except Exception:
        if extended:  # a checkout that did not open extends nothing
            undo_extension(db, payment_id=payment.id, until=before)
        raise
    payment_id = payment.id
    with transaction(db):
        payment = db.get_one(Payment, payment_id, populate_existing=True)
        if payment.provider_id is None:
            payment.url, payment.provider_id = checkout.url, checkout.provider_id
        still_open = payment.status == PaymentStatus.OPEN
    if not still_open:
        # The hold ended (cancelled, expired) while the checkout was opening: close it, so
        # nobody pays for seats that are gone (a payment that slips through is refunded).
        call_outside(db, gateway.close_checkout, payment)
        return None
    return payment.url
