"""Which payment gateway this deployment uses, and how long seats are held for a payment."""

from datetime import timedelta

from flask import Flask, current_app

from bookings.payments import DemoGateway, PaymentGateway, StripeGateway
from bookings.ports import Links


def make_gateway(app: Flask, links: Links) -> PaymentGateway:
    """Stripe when ``STRIPE_SECRET_KEY`` is set (with ``STRIPE_WEBHOOK_SECRET``, required, and
    ``STRIPE_API_BASE``, optional); otherwise the demo provider, where it is allowed. Production
    without Stripe refuses to start unless ``DEMO_PAYMENTS=true``: the demo's "pay" button
    confirms seats for free."""
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
        raise RuntimeError(
            "card payments need Stripe: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET "
            "(or DEMO_PAYMENTS=true to run with the demo provider)"
        )
    return DemoGateway(links)


def gateway() -> PaymentGateway:
    return current_app.extensions["bus"].context.gateway


def hold() -> timedelta:
    """How long seats stay held while a person pays by card."""
    return timedelta(minutes=current_app.config["HOLD_MINUTES"])


def transfer_hold() -> timedelta:
    """How long seats stay held while a bank transfer is on its way."""
    return timedelta(minutes=current_app.config["TRANSFER_HOLD_MINUTES"])
