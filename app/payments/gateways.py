"""Which payment gateway this deployment uses, and the event handlers' context."""

import os
from datetime import UTC, datetime

from flask import Flask, current_app

from bookings.outbox import HandlerContext
from bookings.payments import DemoGateway, PaymentGateway


def _clock() -> datetime:
    return datetime.now(UTC)


def make_gateway(app: Flask) -> PaymentGateway:
    """The demo provider, where it is allowed; a deployment that wants real card payments
    (``STRIPE_SECRET_KEY`` set, or ``APP_ENV=production`` without ``DEMO_PAYMENTS=true``) cannot
    start until the Stripe gateway is built: its "pay" button would confirm seats for free."""
    if os.environ.get("STRIPE_SECRET_KEY") or not app.config["DEMO_PAYMENTS"]:
        raise RuntimeError(
            "card payments need the Stripe gateway, which is not built yet; "
            "unset STRIPE_SECRET_KEY and set DEMO_PAYMENTS=true to run with the demo provider"
        )
    return DemoGateway()


def init_app(app: Flask) -> None:
    gateway = make_gateway(app)
    app.extensions["payment_gateway"] = gateway
    if app.config["EVENTS_INLINE"]:
        app.extensions["event_context"] = HandlerContext(gateway=gateway, clock=_clock)


def gateway() -> PaymentGateway:
    return current_app.extensions["payment_gateway"]


def handler_context() -> HandlerContext:
    return HandlerContext(gateway=gateway(), clock=_clock, mail=current_app.extensions.get("mail"))
