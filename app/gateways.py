"""Which payment gateway this deployment uses, and how long seats are held for a payment."""

from datetime import timedelta

from flask import Flask, current_app

from app.database import db
from bookings.payments import DemoGateway, NoCardGateway, PaymentGateway, StripeGateway, payos
from bookings.ports import Links
from models.statuses import BookingStatus, PaymentMethod


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


def make_payos(app: Flask, links: Links) -> payos.Settings:
    """payOS for the spaces that give credentials: sealed with ``PAYOS_ENCRYPTION_KEY`` (in
    development, a key derived from ``SECRET_KEY`` when it is not set; in production, none:
    credentials are refused), the SDK pointed at ``PAYOS_API_BASE`` when it is set."""
    key = app.config.get("PAYOS_ENCRYPTION_KEY") or ""
    if key:
        try:
            vault = payos.Vault(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):  # the message names the setting only
            raise RuntimeError("PAYOS_ENCRYPTION_KEY must be a Fernet key") from None
    elif app.config["APP_ENV"] == "development":
        vault = payos.Vault.derived(app.config["SECRET_KEY"])
    else:
        vault = None
    return payos.Settings(
        vault=vault, base_url=app.config.get("PAYOS_API_BASE") or None, booking_url=links.booking
    )


def payos_settings() -> payos.Settings:
    return current_app.extensions["bus"].context.payos


def request_by_payos(booking) -> None:
    """A held transfer booking of a space with payOS gets its payOS payment request (once;
    nothing for other bookings or spaces). If payOS fails, the space's own VietQR stands."""
    if booking.status == BookingStatus.PENDING_PAYMENT and booking.payment_method == (
        PaymentMethod.BANK_TRANSFER
    ):
        payos.open_request(db.session, booking_id=booking.id, settings=payos_settings())


def gateway() -> PaymentGateway:
    return current_app.extensions["bus"].context.gateway


def hold() -> timedelta:
    """How long seats stay held while a person pays by card."""
    return timedelta(minutes=current_app.config["HOLD_MINUTES"])


def transfer_hold() -> timedelta:
    """How long seats stay held while a bank transfer is on its way."""
    return timedelta(minutes=current_app.config["TRANSFER_HOLD_MINUTES"])
