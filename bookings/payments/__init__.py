"""Payments: the gateway protocol, the demo provider, Stripe, providers' notices, refunds.
Uses seats (a payment's outcome settles its booking), the unit of work, events and models.
"""

from bookings.payments.checkout import checkout_url
from bookings.payments.demo import DemoGateway
from bookings.payments.gateway import MINIMUM_CHARGE, PaymentGateway
from bookings.payments.notices import receive, settle_checkout, settle_payment
from bookings.payments.refunds import check_pending_refunds, sync_refunds
from bookings.payments.stripe_checkout import StripeGateway
from bookings.payments.unavailable import NoCardGateway

__all__ = [
    "DemoGateway",
    "NoCardGateway",
    "MINIMUM_CHARGE",
    "PaymentGateway",
    "StripeGateway",
    "check_pending_refunds",
    "checkout_url",
    "receive",
    "settle_checkout",
    "settle_payment",
    "sync_refunds",
]
