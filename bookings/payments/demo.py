"""The demo provider of ``make run`` and the tests, clearly labelled: no money moves.

Its checkout is a page of this site with "pay" and "cancel" (the web layer's demo page settles
the payment itself); its refunds succeed at once; it keeps no records of its own and sends no
notices.
"""

from datetime import timedelta

from bookings.errors import BadSignature, NotFound
from bookings.payments.gateway import (
    Checkout,
    CheckoutState,
    Notice,
    ProviderRefund,
    RefundResult,
)
from bookings.ports import Links
from models import Booking, Payment, Refund


class DemoGateway:
    name = "demo"
    min_checkout = timedelta(0)

    def __init__(self, links: Links) -> None:
        self.links = links

    def start_checkout(self, payment: Payment, booking: Booking) -> Checkout:
        return Checkout(url=self.links.demo_checkout(payment.reference))

    def close_checkout(self, payment: Payment) -> None:
        """Nothing to close: the demo page reads the payment's status."""

    def checkout_state(self, provider_id: str) -> CheckoutState:
        raise NotFound()  # it keeps no checkouts of its own: the demo page settles them

    def read_notice(self, payload: bytes, signature: str | None) -> Notice | None:
        raise BadSignature()  # it sends none: whatever claims to be one is not

    def reference_of_charge(self, charge_id: str) -> str | None:
        return None

    def refund(self, refund: Refund) -> RefundResult:
        return RefundResult(provider_id=f"demo_re_{refund.id}")

    def refunds_of(self, charge_id: str) -> list[ProviderRefund]:
        return []  # its refunds succeed at once: ours are the only records
