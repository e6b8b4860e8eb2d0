"""The local Stripe is held to Stripe's own description of its objects, not only to itself.

Every object the fake returns over the wire (Checkout Sessions, their line items, PaymentIntents,
Refunds, lists, errors) and every event it sends to a webhook is validated against the schema
Stripe publishes for it (tests/stripe_openapi.py: the pin, and why it is the one it is).
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import stripe

from tests import stripe_openapi
from tests.payments.conftest import SECRET_KEY, WEBHOOK_SECRET

#: The fake against Stripe's description: no database involved, so the SQLite pass alone runs it.
pytestmark = pytest.mark.agnostic

AUTH = {"Authorization": f"Bearer {SECRET_KEY}"}


@pytest.fixture(scope="module")
def schemas():
    return stripe_openapi.StripeSchemas(stripe_openapi.document())


def assert_shape(schemas, kind: str, obj) -> None:
    problems = schemas.problems(kind, obj)
    assert problems == [], f"not a Stripe {kind}:\n" + "\n".join(problems)


class Fake:
    """Raw HTTP to the local Stripe, as the SDK sends it (form-encoded), answers as JSON."""

    def __init__(self, base: str) -> None:
        self.base = base

    def post(self, path: str, data: dict | None = None, **headers) -> requests.Response:
        return requests.post(self.base + path, data=data, headers=AUTH | headers, timeout=10)

    def get(self, path: str, **params) -> requests.Response:
        return requests.get(self.base + path, params=params, headers=AUTH, timeout=10)

    def checkout(self, **more) -> dict:
        answer = self.post("/v1/checkout/sessions", {**CHECKOUT, **more})
        assert answer.status_code == 200, answer.text
        return answer.json()


CHECKOUT = {
    "mode": "payment",
    "success_url": "http://localhost/payments/stripe/return/ref?session={CHECKOUT_SESSION_ID}",
    "cancel_url": "http://localhost/me/bookings/1",
    "client_reference_id": "ref-1",
    "customer_email": "lan@example.com",
    "locale": "vi",
    "metadata[payment_reference]": "ref-1",
    "line_items[0][quantity]": "2",
    "line_items[0][price_data][currency]": "vnd",
    "line_items[0][price_data][unit_amount]": "250000",
    "line_items[0][price_data][product_data][name]": "Gốm bàn xoay",
}


@pytest.fixture
def fake(local_stripe):
    return Fake(local_stripe.base)


def test_the_pin_is_the_api_version_of_the_installed_sdk(schemas):
    """When the SDK moves to another API version, the pin (and the fake) must be looked at."""
    source = schemas.doc["source"]
    assert stripe.api_version == stripe_openapi.SDK_API_VERSION == source["sdk_api_version"]
    assert (source["commit"], source["api_version"]) == (
        stripe_openapi.COMMIT,
        stripe_openapi.SPEC_VERSION,
    )


def test_checkout_sessions_and_their_lists_have_stripes_shape(schemas, fake, local_stripe):
    created = fake.checkout(expires_at=str(int(time.time()) + 3600))
    assert_shape(schemas, "POST /v1/checkout/sessions", created)
    assert (created["status"], created["payment_status"], created["url"]) != ("open", "paid", None)
    ident = created["id"]
    assert_shape(
        schemas,
        "GET /v1/checkout/sessions/{session}",
        fake.get(f"/v1/checkout/sessions/{ident}").json(),
    )
    listed = fake.get("/v1/checkout/sessions", customer_email="lan@example.com").json()
    assert_shape(schemas, "GET /v1/checkout/sessions", listed)
    assert ident in [s["id"] for s in listed["data"]]
    items = fake.get(f"/v1/checkout/sessions/{ident}/line_items").json()
    assert_shape(schemas, "GET /v1/checkout/sessions/{session}/line_items", items)
    assert [(i["quantity"], i["amount_total"]) for i in items["data"]] == [(2, 500_000)]
    paid = local_stripe.complete(ident)["session"]
    assert_shape(schemas, "checkout.session", paid)
    assert (paid["status"], paid["payment_status"]) == ("complete", "paid")
    other = fake.checkout()
    expired = fake.post(f"/v1/checkout/sessions/{other['id']}/expire").json()
    assert_shape(schemas, "POST /v1/checkout/sessions/{session}/expire", expired)
    assert expired["status"] == "expired"
    waiting = fake.checkout()
    local_stripe.complete(waiting["id"], mode="async")
    failed = local_stripe.async_result(waiting["id"], succeeded=False)["session"]
    assert_shape(schemas, "checkout.session", failed)


def test_payment_intents_refunds_and_their_list_have_stripes_shape(schemas, fake, local_stripe):
    session = local_stripe.complete(fake.checkout()["id"])["session"]
    intent = fake.get(f"/v1/payment_intents/{session['payment_intent']}").json()
    assert_shape(schemas, "GET /v1/payment_intents/{intent}", intent)
    assert (intent["amount"], intent["currency"], intent["status"]) == (500_000, "vnd", "succeeded")
    refund = fake.post(
        "/v1/refunds",
        {"payment_intent": intent["id"], "amount": "200000", "metadata[refund_id]": "7"},
    ).json()
    assert_shape(schemas, "POST /v1/refunds", refund)
    listed = fake.get("/v1/refunds", payment_intent=intent["id"]).json()
    assert_shape(schemas, "GET /v1/refunds", listed)
    assert [(r["id"], r["amount"]) for r in listed["data"]] == [(refund["id"], 200_000)]


def test_errors_have_stripes_shape(schemas, fake, local_stripe):
    unknown = fake.get("/v1/checkout/sessions/cs_test_nothing")
    too_small = fake.post(
        "/v1/checkout/sessions", {**CHECKOUT, "line_items[0][price_data][unit_amount]": "1000"}
    )
    session = local_stripe.complete(fake.checkout()["id"])["session"]
    intent = session["payment_intent"]
    key = {"Idempotency-Key": f"refund-{intent}"}
    first = fake.post("/v1/refunds", {"payment_intent": intent, "amount": "1000"}, **key)
    reused = fake.post("/v1/refunds", {"payment_intent": intent, "amount": "2000"}, **key)
    too_large = fake.post("/v1/refunds", {"payment_intent": intent, "amount": "9999999"})
    fake.post("/v1/refunds", {"payment_intent": intent})
    nothing_left = fake.post("/v1/refunds", {"payment_intent": intent})
    assert first.status_code == 200
    answers = {
        "resource_missing": unknown,
        "amount_too_small": too_small,
        "idempotency_error": reused,
        "amount_too_large": too_large,
        "charge_already_refunded": nothing_left,
    }
    for expected, answer in answers.items():
        assert answer.status_code in (400, 404), (expected, answer.text)
        body = answer.json()
        assert_shape(schemas, "error", body)
        assert expected in (body["error"].get("code"), body["error"]["type"]), body


class Webhook:
    """A webhook endpoint on 127.0.0.1 that keeps what it receives."""

    def __init__(self) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((body, self.headers.get("Stripe-Signature")))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Webhook":
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def test_the_events_it_sends_have_stripes_shape_and_signature(schemas, fake, local_stripe):
    with Webhook() as endpoint:
        local_stripe.send_webhooks_to(endpoint.url)
        paid = local_stripe.complete(fake.checkout()["id"], webhook="now")["session"]
        fake.post("/v1/refunds", {"payment_intent": paid["payment_intent"], "amount": "100000"})
        later = fake.checkout()
        local_stripe.complete(later["id"], mode="async", webhook="now")
        local_stripe.async_result(later["id"], succeeded=True, webhook="now")
        declined = fake.checkout()
        local_stripe.complete(declined["id"], mode="async", webhook="now")
        local_stripe.async_result(declined["id"], succeeded=False, webhook="now")
        fake.post(f"/v1/checkout/sessions/{fake.checkout()['id']}/expire")
        local_stripe.time_out(fake.checkout()["id"], webhook="now")
        local_stripe.send_webhooks_to(None)
    kinds = []
    for body, header in endpoint.received:
        event = stripe.Webhook.construct_event(body, header, WEBHOOK_SECRET)  # signed as Stripe
        sent = json.loads(body)
        assert_shape(schemas, "event", sent)
        assert sent["api_version"] == stripe.api_version
        kind = sent["data"]["object"]["object"]
        assert_shape(schemas, kind, sent["data"]["object"])
        kinds.append(event.type)
    assert sorted(kinds) == sorted(
        [
            "checkout.session.completed",
            "charge.refunded",
            "checkout.session.completed",
            "checkout.session.async_payment_succeeded",
            "checkout.session.completed",
            "checkout.session.async_payment_failed",
            "checkout.session.expired",
            "checkout.session.expired",
        ]
    )
