"""What the booking domain needs of a payment provider: one small protocol, and its values.

Each deployment has one gateway (``bookings.payments.demo`` for ``make run`` and the tests,
``bookings.payments.stripe_checkout`` in production); the web layer builds it from its settings
and hands it to whatever needs it. A new provider implements ``PaymentGateway``.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from models import Booking, Payment, Refund
from models.statuses import CheckoutStatus, RefundStatus

#: The smallest card charge, in VND. Stripe refuses charges below about 0.50 USD in the charge
#: currency (≈ 13,000 ₫ at 26,000 ₫ to the dollar); a margin keeps exchange-rate moves out.
MINIMUM_CHARGE = 15_000


@dataclass(frozen=True)
class Checkout:
    """Where the person pays: the gateway's page and its id for that checkout."""

    url: str
    provider_id: str | None = None


@dataclass(frozen=True)
class CheckoutState:
    """What the provider says of a checkout now."""

    status: CheckoutStatus
    #: The money has arrived.
    paid: bool
    #: The payment failed for good (an asynchronous payment that did not go through).
    failed: bool
    #: The provider's id of the money (what a refund is made against).
    charge_id: str | None
    #: Our payment reference, from the checkout's metadata.
    reference: str | None


#: What a notice is about: a checkout (its id), or the refunds of a charge (the charge's id).
ABOUT_CHECKOUT = "checkout"
ABOUT_REFUNDS = "refunds"


@dataclass(frozen=True)
class Notice:
    """A verified notice from the provider (a webhook event): its id, the provider's type, and
    what it is about (``ABOUT_CHECKOUT`` or ``ABOUT_REFUNDS``, and that object's id)."""

    event_id: str
    kind: str
    about: str
    object_id: str


@dataclass(frozen=True)
class RefundResult:
    """What the gateway did with a refund: its id, and ``succeeded``, ``pending`` (the provider
    is still at it; a later notice settles it) or ``failed``."""

    provider_id: str
    status: RefundStatus = RefundStatus.SUCCEEDED


@dataclass(frozen=True)
class ProviderRefund:
    """One refund of a charge as the provider records it."""

    provider_id: str
    amount: int
    status: RefundStatus
    #: Our refund's id, when we asked for it.
    refund_id: int | None


class RefundRefused(Exception):
    """The provider refused a refund for good (not a passing outage): it is marked failed."""


class PaymentGateway(Protocol):
    """A card payment provider."""

    #: Stored on each payment (``demo``, ``stripe``).
    name: str
    #: The shortest time a checkout can stay open: a hold that ends sooner is extended to it
    #: when the checkout opens.
    min_checkout: timedelta

    def start_checkout(self, payment: Payment, booking: Booking) -> Checkout:
        """Open a checkout for ``payment`` (idempotent per payment) ending by its ``expires_at``."""

    def close_checkout(self, payment: Payment) -> None:
        """Close the open checkout so nobody can pay it any more (the hold ended)."""

    def checkout_state(self, provider_id: str) -> CheckoutState:
        """Read the checkout from the provider now (never from what a notice said)."""

    def read_notice(self, payload: bytes, signature: str | None) -> Notice | None:
        """The verified notice in a webhook's body, None for a kind not acted on; raises
        ``BadSignature`` when it cannot be verified."""

    def reference_of_charge(self, charge_id: str) -> str | None:
        """Our payment reference of a charge, from the provider's records."""

    def refund(self, refund: Refund) -> RefundResult:
        """Give ``refund.amount`` back (idempotent per refund).

        Raises RefundRefused when the provider will never do it; anything else it raises means
        "not now", and the caller retries later.
        """

    def refunds_of(self, charge_id: str) -> list[ProviderRefund]:
        """Every refund the provider holds for this charge (ours and those made elsewhere)."""
