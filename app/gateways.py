"""Which payment gateway this deployment uses, and how long seats are held for a payment."""

from datetime import timedelta

from flask import Flask, current_app

from bookings.payments import DemoGateway, NoCardGateway, PaymentGateway, StripeGateway
from bookings.ports import Links


def make_gateway(app: Flask, links: Links) -> PaymentGateway:
    """Stripe when ``STRIPE_SECRET_KEY`` is set (with ``STRIPE_WEBHOOK_SECRET``, required, and
    ``STRIPE_API_BASE``, optional); otherwise the demo provider, where it is allowed
    (``DEMO_PAYMENTS``: development, or asked for by name). Production without either offers no
    card payment at all (bank transfer and pay-at-venue remain): the demo's "pay" button would
    confirm seats for free."""
    secret_key = app.config.get("STRIPE_SECRET_KEY") or ""
    if secret_key:
        try:
            return StripeGateway(
                secret_key,
                webhook_secret=app.config.get("STRIPE_WEBHOOK_SECRET") or "",
                links=links,
                api_base=app.config.get("STRIPE_API_BASE") or None,
            )
        except ValueError as error:  # the message names the setting, never its value
            raise RuntimeError(str(error)) from None
    if not app.config["DEMO_PAYMENTS"]:
        return NoCardGateway()
    return DemoGateway(links)


def gateway() -> PaymentGateway:
    return current_app.extensions["bus"].context.gateway


def hold() -> timedelta:
    """How long seats stay held while a person pays by card."""
    return timedelta(minutes=current_app.config["HOLD_MINUTES"])


def transfer_hold() -> timedelta:
    """How long seats stay held while a bank transfer is on its way."""
    return timedelta(minutes=current_app.config["TRANSFER_HOLD_MINUTES"])
