"""No card provider: a production server without Stripe keys (API.md: it starts and simply
offers no card payment; bank transfer and pay-at-venue remain).

Booking by card is refused before anything is written (``seats.booking`` knows the name
``NO_CARD``); whatever would reach this provider answers that card payments are unavailable.
"""

from datetime import timedelta

from bookings.errors import BadSignature, CardUnavailable, NotFound
from bookings.payments.gateway import Checkout, CheckoutState, Notice, ProviderRefund, RefundResult
from bookings.seats import NO_CARD
from models import Booking, Payment, Refund


class NoCardGateway:
    name = NO_CARD
    min_checkout = timedelta(0)

    def start_checkout(self, payment: Payment, booking: Booking) -> Checkout:
        raise CardUnavailable()

    def close_checkout(self, payment: Payment) -> None:
        """Nothing was opened."""

    def checkout_state(self, provider_id: str) -> CheckoutState:
        raise NotFound()

    def read_notice(self, payload: bytes, signature: str | None) -> Notice | None:
        raise BadSignature()  # no provider sends notices here

    def reference_of_charge(self, charge_id: str) -> str | None:
        return None

    def refund(self, refund: Refund) -> RefundResult:
        raise CardUnavailable()  # no card was ever charged through it

    def refunds_of(self, charge_id: str) -> list[ProviderRefund]:
        return []
