"""Payment gateways behind one small protocol, and the use cases that follow a payment.

``DemoGateway`` is the clearly labelled stand-in of ``make run`` and the tests: its checkout is a
page of this site with "pay" and "cancel", and its refunds succeed at once. The Stripe gateway
implements the same protocol.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.errors import N_, NotFound
from bookings.reads import end_reads
from bookings.transactions import transaction
from models import Booking, Payment, Refund


@dataclass(frozen=True)
class Checkout:
    """Where the person pays: the gateway's page and its id for that checkout."""

    url: str
    provider_id: str | None = None


class PaymentGateway(Protocol):
    """What the booking domain needs of a card payment provider."""

    #: Stored on each payment (``demo``, ``stripe``).
    name: str

    def start_checkout(self, payment: Payment, booking: Booking) -> Checkout:
        """Open a checkout for ``payment`` (idempotent per payment) ending by its ``expires_at``."""

    def close_checkout(self, payment: Payment) -> None:
        """Close the open checkout so nobody can pay it any more (the hold ended)."""

    def refund(self, refund: Refund) -> str:
        """Give ``refund.amount`` back (idempotent per refund); return the provider's refund id.

        Raises when the provider could not do it; the caller retries later.
        """


class DemoGateway:
    """The demo provider: no money moves. Its checkout is this site's ``/payments/demo/…``
    (a path, so it works on whatever address the site is served)."""

    name = "demo"

    def __init__(self, base_url: str = "") -> None:
        self.base_url = base_url.rstrip("/")

    def start_checkout(self, payment: Payment, booking: Booking) -> Checkout:
        return Checkout(url=f"{self.base_url}/payments/demo/{payment.reference}")

    def close_checkout(self, payment: Payment) -> None:
        """Nothing to close: the demo page reads the payment's status."""

    def refund(self, refund: Refund) -> str:
        return f"demo_re_{refund.id}"


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


def checkout_url(db: Session, reference: str, gateway: PaymentGateway) -> str | None:
    """The gateway's page for this payment, opened now if need be; None when it is not open.

    Opening is idempotent: asking again gives the same checkout.
    """
    payment = payment_by_reference(db, reference)
    if payment.status != "open":
        return None
    if payment.url:
        return payment.url
    booking = payment.booking
    end_reads(db, expire=False)  # no transaction stays open while the gateway answers
    checkout = gateway.start_checkout(payment, booking)
    payment_id = payment.id
    with transaction(db):
        payment = db.get_one(Payment, payment_id)
        if payment.url is None:
            payment.url, payment.provider_id = checkout.url, checkout.provider_id
    return payment.url
