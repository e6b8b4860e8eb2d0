"""Stripe without the internet: the real ``stripe`` SDK over real HTTP to a local Stripe.

``tests.stripe_fake`` (localstripe plus Checkout Sessions) runs as its own process on a free
port of 127.0.0.1 for the whole test session, and exactly that process is stopped at the end.
Here ``app`` is the application configured for Stripe against it; the root conftest's ``db``,
``client``, ``make_*`` fixtures use it unchanged.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import stripe

from app import create_app
from app.database import db as database
from tests.stripe_signing import signature_header

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "sk_test_hcsn_local"
WEBHOOK_SECRET = "whsec_test_hcsn_local_secret"


class LocalStripe:
    """The running fake: its address, its test controls and an SDK client for it."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.sdk = stripe.StripeClient(SECRET_KEY, base_addresses={"api": base})

    def _post(self, path: str, body: dict | None = None) -> dict:
        response = requests.post(self.base + path, json=body or {}, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def send_webhooks_to(self, url: str | None) -> None:
        self._post("/_test/config", {"webhook_url": url, "webhook_secret": WEBHOOK_SECRET})

    def complete(self, session_id: str, *, mode: str = "card", webhook: str = "never") -> dict:
        return self._post(
            f"/_test/checkout/sessions/{session_id}/complete", {"mode": mode, "webhook": webhook}
        )

    def async_result(self, session_id: str, *, succeeded: bool, webhook: str = "never") -> dict:
        return self._post(
            f"/_test/checkout/sessions/{session_id}/async-result",
            {"succeeded": succeeded, "webhook": webhook},
        )

    def time_out(self, session_id: str, *, webhook: str = "never") -> dict:
        return self._post(f"/_test/checkout/sessions/{session_id}/timeout", {"webhook": webhook})

    def events(self, kind: str | None = None) -> list[dict]:
        params = {"type": kind} if kind else {}
        return requests.get(self.base + "/_test/events", params=params, timeout=10).json()["data"]

    def send(self, event_id: str) -> int:
        """Send a recorded event to the webhook now; the app's answer's status."""
        return self._post(f"/_test/events/{event_id}/send")["status"]

    def charge_of(self, intent_id: str) -> dict:
        url = f"{self.base}/_test/payment_intents/{intent_id}/charge"
        return requests.get(url, timeout=10).json()


@pytest.fixture(scope="session")
def local_stripe():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.stripe_fake"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        first = process.stdout.readline()  # "port=<n>", or "" if it died
        assert first.startswith("port="), "the local Stripe did not start"
        fake = LocalStripe(f"http://127.0.0.1:{int(first.split('=')[1])}")
        fake.send_webhooks_to(None)
        yield fake
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def stripe_config(local_stripe: LocalStripe, public_url: str) -> dict:
    return {
        "STRIPE_SECRET_KEY": SECRET_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": local_stripe.base,
        "PUBLIC_URL": public_url,
    }


@pytest.fixture(scope="session")
def app(database_url, local_stripe):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SERVER_NAME": "localhost",
            **stripe_config(local_stripe, "http://localhost"),
        }
    )
    yield app
    database._state(app).engine.dispose()


@pytest.fixture(autouse=True)
def _no_webhooks_unless_asked(local_stripe):
    """The fake sends no webhooks unless a test points it somewhere: here the tests deliver
    them, in the order they choose."""
    local_stripe.send_webhooks_to(None)


def signature(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    return signature_header(payload, secret, timestamp)


def deliver(client, event: dict, **signing):
    """POST ``event`` to the webhook as Stripe would, signed offline."""
    payload = json.dumps(event).encode()
    return client.post(
        "/payments/stripe/webhook",
        data=payload,
        headers={"Stripe-Signature": signature(payload, **signing)},
        content_type="application/json",
    )
