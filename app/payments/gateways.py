"""Which payment gateway this deployment uses, and the event handlers' context."""

from datetime import UTC, datetime

from flask import Flask, current_app

from bookings.outbox import HandlerContext
from bookings.payments import DemoGateway, PaymentGateway
from bookings.stripe_checkout import StripeGateway


def _clock() -> datetime:
    return datetime.now(UTC)


def make_gateway(app: Flask) -> PaymentGateway:
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
                public_url=app.config["PUBLIC_URL"],
                api_base=app.config.get("STRIPE_API_BASE") or None,
            )
        except ValueError as error:  # the message names the setting, never its value
            raise RuntimeError(str(error)) from None
    if not app.config["DEMO_PAYMENTS"]:
        raise RuntimeError(
            "card payments need Stripe: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET "
            "(or DEMO_PAYMENTS=true to run with the demo provider)"
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
