"""The Stripe gateway: Stripe Checkout (hosted page, ``mode=payment``) and the Refunds API.

Everything goes through the official SDK's ``StripeClient``; ``api_base`` points it at another
server (the tests' local Stripe). Every call that creates something carries an idempotency key
derived from our own ids, so a retry after a timeout or a crash never creates a second Checkout
Session or a second refund.

Fulfilment never trusts what arrives (a webhook body, a query parameter): ``checkout_state``
reads the Checkout Session (and its PaymentIntent) from Stripe again, and the use cases act on
that.
"""

import hashlib
import json
import logging
from datetime import UTC, datetime, timedelta

import stripe

from bookings.errors import BadSignature, PaymentUnavailable
from bookings.formatting import HANOI
from bookings.payments.gateway import (
    ABOUT_CHECKOUT,
    ABOUT_REFUNDS,
    Checkout,
    CheckoutState,
    Notice,
    ProviderRefund,
    RefundRefused,
    RefundResult,
)
from bookings.ports import Links
from models import Booking, Payment, Refund
from models.statuses import CheckoutStatus, RefundStatus

log = logging.getLogger(__name__)

#: Stripe accepts a Checkout Session's ``expires_at`` from 30 minutes to 24 hours ahead.
MIN_CHECKOUT = timedelta(minutes=30)
MAX_CHECKOUT = timedelta(hours=24)
#: The Checkout Session closes this long before the seat hold ends, so a payment made in the
#: last second still finds its seats held.
CHECKOUT_MARGIN = timedelta(minutes=1)
#: Room for the request to reach Stripe (network, the SDK's retries) before Stripe measures
#: its 30-minute minimum.
CHECKOUT_SLACK = timedelta(minutes=2)
#: Stripe's locales for ours.
LOCALES = {"vi": "vi", "en": "en"}


#: Webhook events acted on; the others are acknowledged and ignored.
CHECKOUT_EVENTS = (
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.expired",
    "checkout.session.async_payment_failed",
)
#: A charge refunded (by us or in Stripe's dashboard), and a refund that later settles or fails.
REFUND_EVENTS = ("charge.refunded", "charge.refund.updated", "refund.updated", "refund.failed")
#: Stripe refuses a signature older than this (replays).
SIGNATURE_TOLERANCE = 300


def _refund_status(status: str | None) -> RefundStatus:
    """Ours for Stripe's refund status (its ``canceled`` counts as failed)."""
    if status == "succeeded":
        return RefundStatus.SUCCEEDED
    if status in ("failed", "canceled"):
        return RefundStatus.FAILED
    return RefundStatus.PENDING


class StripeGateway:
    """Card payments through Stripe Checkout."""

    name = "stripe"
    #: How long a checkout must stay open at least: a shorter hold is extended to this.
    min_checkout = MIN_CHECKOUT + CHECKOUT_MARGIN + CHECKOUT_SLACK

    def __init__(
        self,
        secret_key: str,
        *,
        webhook_secret: str,
        links: Links,
        api_base: str | None = None,
    ) -> None:
        if not secret_key.startswith(("sk_", "rk_")):
            raise ValueError("STRIPE_SECRET_KEY must be a secret key (sk_… or rk_…)")
        if not webhook_secret:
            raise ValueError("STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY")
        self._webhook_secret = webhook_secret
        self.links = links
        self.client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=2,
        )

    def __repr__(self) -> str:  # never the key
        return "StripeGateway()"

    # --- checkout -------------------------------------------------------------------------

    def checkout_params(self, payment: Payment, booking: Booking) -> dict:
        sitting = booking.session
        workshop = sitting.workshop
        locale = booking.user.locale if booking.user.locale in LOCALES else "vi"
        title = (workshop.title_en or workshop.title) if locale == "en" else workshop.title
        when = sitting.starts_at.astimezone(HANOI).strftime("%d/%m/%Y %H:%M")
        assert payment.expires_at is not None
        # Before the hold ends, and within Stripe's 24 hours (a longer hold outlives it).
        latest = datetime.now(UTC) + MAX_CHECKOUT - CHECKOUT_MARGIN
        expires_at = min(payment.expires_at - CHECKOUT_MARGIN, latest)
        return {
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {
                        "currency": "vnd",  # zero-decimal: 250000 is 250.000 ₫
                        "unit_amount": payment.amount // booking.seats,
                        "product_data": {"name": f"{title} — {workshop.space.name}, {when}"},
                    },
                    "quantity": booking.seats,
                }
            ],
            "client_reference_id": str(booking.id),
            "metadata": {
                "booking_id": str(booking.id),
                "payment_reference": payment.reference,
            },
            "payment_intent_data": {
                "metadata": {"booking_id": str(booking.id), "payment_reference": payment.reference}
            },
            "customer_email": booking.user.email,
            "locale": LOCALES[locale],
            "expires_at": int(expires_at.timestamp()),
            # Back to our success page (which reads the session from Stripe, never this address's
            # query), or to the booking when the person leaves without paying (the hold stands).
            "success_url": self.links.payment_return(payment.reference)
            + "?session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": self.links.booking(booking.id),
        }

    def start_checkout(self, payment: Payment, booking: Booking) -> Checkout:
        """Create the booking's Checkout Session, once.

        The idempotency key is derived from the booking, its payment and the session's
        parameters: a retry of the same request (a lost answer) gets the same session back. A
        retry with other parameters (the hold was extended meanwhile) gets a new one; the
        earlier one's address was never stored, so nobody was ever sent to pay it.
        """
        params = self.checkout_params(payment, booking)
        digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
        key = f"hcsn-checkout-{booking.id}-{payment.reference}-{digest}"
        session = self._call(
            self.client.v1.checkout.sessions.create,
            params=params,
            options={"idempotency_key": key},
        )
        return Checkout(url=session.url, provider_id=session.id)

    def close_checkout(self, payment: Payment) -> None:
        """Expire the Checkout Session if it is still open (already closed: nothing to do)."""
        if not payment.provider_id:
            return
        session = self._call(self.client.v1.checkout.sessions.retrieve, payment.provider_id)
        if session.status != CheckoutStatus.OPEN:
            return
        try:
            self.client.v1.checkout.sessions.expire(payment.provider_id)
        except stripe.InvalidRequestError:
            # It closed meanwhile (paid or expired): the webhook says which.
            log.info("checkout %s was no longer open", payment.provider_id)
        except stripe.StripeError as error:
            raise PaymentUnavailable() from error

    def checkout_state(self, provider_id: str) -> CheckoutState:
        session = self._call(self.client.v1.checkout.sessions.retrieve, provider_id)
        intent_id = session.payment_intent if isinstance(session.payment_intent, str) else None
        paid = session.status == CheckoutStatus.COMPLETE and session.payment_status in (
            "paid",
            "no_payment_required",
        )
        failed = False
        if session.status == CheckoutStatus.COMPLETE and not paid and intent_id:
            intent = self._call(self.client.v1.payment_intents.retrieve, intent_id)
            failed = intent.status in ("canceled", "requires_payment_method")
        metadata = session.metadata.to_dict() if session.metadata else {}
        return CheckoutState(
            status=CheckoutStatus(session.status),
            paid=paid,
            failed=failed,
            charge_id=intent_id,
            reference=metadata.get("payment_reference"),
        )

    # --- notices (webhooks) ----------------------------------------------------------------

    def read_notice(self, payload: bytes, signature: str | None) -> Notice | None:
        """The verified event of a webhook (None for a type we do not act on).

        Raises BadSignature for a missing, wrong or stale signature: nothing else is read.
        """
        if not signature:
            raise BadSignature()
        try:
            event = stripe.Webhook.construct_event(
                payload, signature, self._webhook_secret, tolerance=SIGNATURE_TOLERANCE
            )
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise BadSignature() from error
        obj = event.data.object.to_dict()
        if event.type in CHECKOUT_EVENTS:
            about, object_id = ABOUT_CHECKOUT, obj.get("id")
        elif event.type in REFUND_EVENTS:
            about, object_id = ABOUT_REFUNDS, obj.get("payment_intent")
        else:
            return None
        if not isinstance(object_id, str) or not object_id:
            return None
        return Notice(event_id=event.id, kind=event.type, about=about, object_id=object_id)

    def reference_of_charge(self, charge_id: str) -> str | None:
        """Our payment reference, from the PaymentIntent's metadata (set at checkout)."""
        intent = self._call(self.client.v1.payment_intents.retrieve, charge_id)
        metadata = intent.metadata.to_dict() if intent.metadata else {}
        return metadata.get("payment_reference")

    # --- refunds --------------------------------------------------------------------------

    def refund(self, refund: Refund) -> RefundResult:
        payment = refund.payment
        if not payment.charge_id:
            raise PaymentUnavailable()
        try:
            result = self.client.v1.refunds.create(
                params={
                    "payment_intent": payment.charge_id,
                    "amount": refund.amount,
                    "metadata": {
                        "refund_id": str(refund.id),
                        "booking_id": str(refund.booking_id),
                    },
                },
                options={"idempotency_key": _refund_key(payment, refund)},
            )
        except stripe.InvalidRequestError as error:
            if error.code in ("amount_too_large", "charge_already_refunded"):
                # Refunded elsewhere meanwhile: the next attempt reads what is left first.
                raise PaymentUnavailable() from error
            raise RefundRefused(error.user_message or error.code or "refused") from error
        except stripe.StripeError as error:
            raise PaymentUnavailable() from error
        return RefundResult(provider_id=result.id, status=_refund_status(result.status))

    def refunds_of(self, charge_id: str) -> list[ProviderRefund]:
        """Every refund Stripe holds for this PaymentIntent (ours and those made elsewhere)."""
        page = self._call(
            self.client.v1.refunds.list, params={"payment_intent": charge_id, "limit": 100}
        )
        found = []
        for item in page.auto_paging_iter():
            metadata = item.metadata.to_dict() if item.metadata else {}
            ours = metadata.get("refund_id", "")
            found.append(
                ProviderRefund(
                    provider_id=item.id,
                    amount=item.amount,
                    status=_refund_status(item.status),
                    refund_id=int(ours) if ours.isdigit() else None,
                )
            )
        return found

    # --- one place for the SDK's errors ----------------------------------------------------

    @staticmethod
    def _call(method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except stripe.StripeError as error:
            # The SDK's message names the request, never the key.
            log.warning("Stripe refused or did not answer: %s", error.user_message or error)
            raise PaymentUnavailable() from error


def _refund_key(payment: Payment, refund: Refund) -> str:
    """The refund's idempotency key: its payment's random reference makes it unique even
    where ids repeat (a database restored or rebuilt), and its amount changes with it."""
    return f"hcsn-refund-{payment.reference}-{refund.id}-{refund.amount}"
