"""Payment gateways behind one small protocol, and the use cases that follow a payment.

``DemoGateway`` is the clearly labelled stand-in of ``make run`` and the tests: its checkout is a
page of this site with "pay" and "cancel", and its refunds succeed at once. The Stripe gateway
implements the same protocol.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.errors import N_, NotFound
from bookings.reads import end_reads
from bookings.transactions import transaction
from models import Booking, Payment, Refund

#: The smallest card charge, in VND. Stripe refuses charges below about 0.50 USD in the charge
#: currency (≈ 13,000 ₫ at 26,000 ₫ to the dollar); a margin keeps exchange-rate moves out.
MINIMUM_CHARGE = 15_000


@dataclass(frozen=True)
class Checkout:
    """Where the person pays: the gateway's page and its id for that checkout."""

    url: str
    provider_id: str | None = None


@dataclass(frozen=True)
class RefundResult:
    """What the gateway did with a refund: its id, and ``succeeded``, ``pending`` (the provider
    is still at it; a later notice settles it) or ``failed``."""

    provider_id: str
    status: str = "succeeded"


class RefundRefused(Exception):
    """The provider refused a refund for good (not a passing outage): it is marked failed."""


class PaymentGateway(Protocol):
    """What the booking domain needs of a card payment provider."""

    #: Stored on each payment (``demo``, ``stripe``).
    name: str
    #: The shortest time a checkout can stay open: a hold that ends sooner is extended to it
    #: when the checkout opens.
    min_checkout: timedelta

    def start_checkout(self, payment: Payment, booking: Booking) -> Checkout:
        """Open a checkout for ``payment`` (idempotent per payment) ending by its ``expires_at``."""

    def close_checkout(self, payment: Payment) -> None:
        """Close the open checkout so nobody can pay it any more (the hold ended)."""

    def refund(self, refund: Refund) -> RefundResult:
        """Give ``refund.amount`` back (idempotent per refund).

        Raises RefundRefused when the provider will never do it; anything else it raises means
        "not now", and the caller retries later.
        """


class DemoGateway:
    """The demo provider: no money moves. Its checkout is this site's ``/payments/demo/…``
    (a path, so it works on whatever address the site is served)."""

    name = "demo"
    min_checkout = timedelta(0)

    def __init__(self, base_url: str = "") -> None:
        self.base_url = base_url.rstrip("/")

    def start_checkout(self, payment: Payment, booking: Booking) -> Checkout:
        return Checkout(url=f"{self.base_url}/payments/demo/{payment.reference}")

    def close_checkout(self, payment: Payment) -> None:
        """Nothing to close: the demo page reads the payment's status."""

    def refund(self, refund: Refund) -> RefundResult:
        return RefundResult(provider_id=f"demo_re_{refund.id}")


def new_payment(booking: Booking, gateway_name: str, *, expires_at: datetime) -> Payment:
    """An open payment for a booking that waits for its money (not yet stored)."""
    return Payment(
        booking=booking,
        provider=gateway_name,
        reference=secrets.token_urlsafe(18),
        amount=booking.amount,
        status="open",
        expires_at=expires_at,
    )


def open_payment_of(booking: Booking) -> Payment | None:
    for payment in reversed(booking.payments):
        if payment.status == "open":
            return payment
    return None


def refundable(booking: Booking) -> int:
    """What the person has paid for this booking and not yet been (or being) refunded."""
    paid = sum(p.amount for p in booking.payments if p.status == "paid")
    return paid - sum(r.amount for r in booking.refunds if r.status != "failed")


def payment_by_reference(db: Session, reference: str) -> Payment:
    payment = db.scalar(select(Payment).where(Payment.reference == reference))
    if payment is None:
        raise NotFound(N_("We could not find that payment."))
    return payment


def checkout_url(
    db: Session, reference: str, gateway: PaymentGateway, *, now: datetime
) -> str | None:
    """The gateway's page for this payment, opened now if need be; None when it is not open.

    Opening is idempotent: asking again gives the same checkout. A checkout cannot close sooner
    than the gateway allows (Stripe: 30 minutes), so a hold with less time left (the checkout
    could not open when the booking was made) is extended to that, once, as it opens.
    """
    payment = payment_by_reference(db, reference)
    if payment.status != "open":
        return None
    if payment.url:
        return payment.url
    if payment.provider != gateway.name:
        # Opened under another provider (the deployment switched): it cannot be paid here.
        end_reads(db)
        return None
    if payment.expires_at is not None and payment.expires_at < now + gateway.min_checkout:
        payment = _extend_hold(db, payment, now, now + gateway.min_checkout)
        if payment is None:
            return None
    booking = payment.booking
    end_reads(db, expire=False)  # no transaction stays open while the gateway answers
    checkout = gateway.start_checkout(payment, booking)
    payment_id = payment.id
    with transaction(db):
        payment = db.get_one(Payment, payment_id, populate_existing=True)
        if payment.provider_id is None:
            payment.url, payment.provider_id = checkout.url, checkout.provider_id
        still_open = payment.status == "open"
    if not still_open:
        # The hold ended (cancelled, expired) while the checkout was opening: close it, so
        # nobody pays for seats that are gone (a payment that slips through is refunded).
        gateway.close_checkout(payment)
        return None
    return payment.url


def _extend_hold(db: Session, payment: Payment, now: datetime, until: datetime) -> Payment | None:
    """Hold the seats until ``until`` (a live hold only: one that ended stays ended)."""
    from bookings.reservations import lock_session  # (reservations imports this module)

    payment_id, session_id = payment.id, payment.booking.session_id
    with transaction(db):
        lock_session(db, session_id)
        payment = db.get_one(Payment, payment_id, populate_existing=True)
        booking = db.get_one(Booking, payment.booking_id, populate_existing=True)
        live = booking.hold_expires_at is not None and booking.hold_expires_at > now
        if payment.status != "open" or booking.status != "pending_payment" or not live:
            return None
        if booking.hold_expires_at < until:
            payment.expires_at = booking.hold_expires_at = until
    return payment
