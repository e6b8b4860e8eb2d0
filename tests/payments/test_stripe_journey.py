"""End to end over real HTTP: the app served on 127.0.0.1, the local Stripe sending it signed
webhooks, a person paying on the (fake) Checkout page.

book → pay on the Checkout page → webhook → confirmed, with the success page arriving before
and after the webhook; expiry → seats back and the next person in line offered them; a late
payment → refunded automatically in full.
"""

import json
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from app import create_app
from app.cli import upgrade_database
from app.database import db
from models import Booking, OutboxEvent, PaymentNotice, Space, Workshop, WorkshopSession
from tests.databases import fresh_database
from tests.payments.conftest import signature, stripe_config

PASSWORD = "ceramic wheels turn slowly"


class Site:
    def __init__(self, url: str, app) -> None:
        self.url, self.app = url, app

    def session(self):
        return self.app.app_context(), db.new_session()

    def read(self, query):
        with self.app.app_context(), db.new_session() as session:
            return query(session)

    def person(self, n: int) -> dict:
        body = {
            "email": f"khach{n}.{time.time_ns()}@example.com",
            "password": PASSWORD,
            "name": f"Khách {n}",
        }
        response = requests.post(f"{self.url}/api/v1/accounts", json=body, timeout=10)
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    def class_of(self, capacity: int) -> int:
        with self.app.app_context(), db.new_session() as session:
            space = Space(
                slug=f"manzi-{time.time_ns()}",
                name="Manzi Art Space",
                kind="art-space",
                district="ba-dinh",
                address="14 Phan Huy Ích, Ba Đình, Hà Nội",
                description="Nhà ống bốn tầng, phòng tranh và quán cà phê.",
            )
            space.disciplines = ["printmaking"]
            workshop = Workshop(
                space=space,
                title="In lụa cho người mới",
                title_en="Screen printing for beginners",
                description="In lụa trên túi vải.",
                discipline="printmaking",
                price=300_000,
                capacity=capacity,
                duration_minutes=150,
            )
            starts = datetime.now(UTC) + timedelta(days=3)
            sitting = WorkshopSession(
                workshop=workshop,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=150),
                capacity=capacity,
            )
            session.add(sitting)
            session.commit()
            return sitting.id

    def book(self, session_id: int, headers: dict, seats: int, **extra) -> dict:
        response = requests.post(
            f"{self.url}/api/v1/sessions/{session_id}/bookings",
            json={"seats": seats, **extra},
            headers=headers,
            timeout=10,
        )
        assert response.status_code == 201, response.text
        return response.json()

    def booking(self, booking_id: int, headers: dict) -> dict:
        response = requests.get(
            f"{self.url}/api/v1/bookings/{booking_id}", headers=headers, timeout=10
        )
        return response.json()

    def confirmations(self, booking_id: int) -> int:
        def query(session):
            rows = session.scalars(
                select(OutboxEvent).where(OutboxEvent.name == "BookingConfirmed")
            ).all()
            return sum(1 for r in rows if r.payload["booking_id"] == booking_id)

        return self.read(query)


@pytest.fixture(scope="module")
def site(local_stripe):
    """The app, configured for the local Stripe, served in a thread on its own database."""
    holder = {}
    server = make_server(
        "127.0.0.1", 0, lambda env, start: holder["app"](env, start), threaded=True
    )
    url = f"http://127.0.0.1:{server.server_port}"
    with fresh_database("stripe") as database_url:
        upgrade_database(database_url)
        app = create_app(
            {
                "DATABASE_URL": database_url,
                "RATELIMIT_ENABLED": False,
                **stripe_config(local_stripe, url),
            }
        )
        holder["app"] = app
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield Site(url, app)
        finally:
            server.shutdown()
            thread.join(timeout=10)
            db._state(app).engine.dispose()


@pytest.fixture
def webhooks_to(site, local_stripe):
    local_stripe.send_webhooks_to(f"{site.url}/payments/stripe/webhook")
    yield
    local_stripe.send_webhooks_to(None)


def wait_for(condition, seconds: float = 10.0):
    """Poll ``condition`` until it is true (at most ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def pay_on_checkout_page(site, booking: dict, *, webhook: str) -> requests.Response:
    """Follow ``payment_url`` to Stripe's page, pay there, and come back to the success page."""
    browser = requests.Session()
    to_stripe = browser.get(booking["payment_url"], allow_redirects=False, timeout=10)
    assert to_stripe.status_code == 302 and "/c/pay/cs_test_" in to_stripe.headers["Location"]
    page = browser.get(to_stripe.headers["Location"], timeout=10)
    assert page.status_code == 200 and "In lụa cho người mới" in page.text
    paid = browser.post(
        to_stripe.headers["Location"],
        params={"webhook": webhook},
        allow_redirects=False,
        timeout=10,
    )
    assert paid.status_code == 303
    success = paid.headers["Location"]
    assert success.startswith(f"{site.url}/payments/stripe/return/")
    return browser.get(success, allow_redirects=False, timeout=10)


@pytest.mark.parametrize("webhook", ["now", "later"])
def test_book_pay_on_the_checkout_page_and_be_confirmed_once(
    site, webhooks_to, local_stripe, webhook
):
    headers = site.person(1)
    booking = site.book(site.class_of(capacity=4), headers, seats=2)
    assert booking["status"] == "pending_payment"
    assert booking["amount"] == {"amount": 600_000, "currency": "VND"}
    back = pay_on_checkout_page(site, booking, webhook=webhook)
    # "now": the webhook came before the person; "later": the success page came first.
    assert back.status_code == 302 and back.headers["Location"].endswith(
        f"/me/bookings/{booking['id']}"
    )
    assert site.booking(booking["id"], headers)["status"] == "confirmed"
    assert wait_for(
        lambda: site.read(lambda s: s.scalar(select(func.count()).select_from(PaymentNotice))) >= 1
    )
    checkout_id = site.read(lambda s: s.get_one(Booking, booking["id"]).payments[0].provider_id)
    # The app has answered the webhook ("later": the fake sends it 0.5 s after the payment).
    assert wait_for(
        lambda: (
            [
                event.get("delivered_status")
                for event in local_stripe.events("checkout.session.completed")
                if event["data"]["object"]["id"] == checkout_id
            ]
            == [200]
        )
    )
    assert site.confirmations(booking["id"]) == 1
    confirmed = site.booking(booking["id"], headers)
    assert confirmed["status"] == "confirmed" and confirmed["ticket_code"]


def test_an_expired_checkout_gives_the_seats_to_the_next_in_line(site, webhooks_to, local_stripe):
    session_id = site.class_of(capacity=2)
    first_headers, next_headers = site.person(2), site.person(3)
    first = site.book(session_id, first_headers, seats=2)
    waiting = site.book(session_id, next_headers, seats=2, join_waitlist=True)
    assert waiting["status"] == "waitlisted"
    checkout_id = site.read(lambda s: s.get_one(Booking, first["id"]).payments[0].provider_id)
    local_stripe.time_out(checkout_id, webhook="now")
    assert site.booking(first["id"], first_headers)["status"] == "expired"
    offered = site.booking(waiting["id"], next_headers)
    assert offered["status"] == "offered" and offered["offer_expires_at"]


def test_a_payment_that_arrives_after_its_seats_went_is_refunded_in_full(
    site, webhooks_to, local_stripe
):
    session_id = site.class_of(capacity=2)
    late_headers = site.person(4)
    late = site.book(session_id, late_headers, seats=2)
    checkout_id = site.read(lambda s: s.get_one(Booking, late["id"]).payments[0].provider_id)
    # The person pays in the last second; Stripe's notice is delayed. Meanwhile the hold
    # ends and somebody else takes the seats.
    paid = local_stripe.complete(checkout_id, webhook="never")
    intent = paid["session"]["payment_intent"]
    with site.app.app_context(), db.new_session() as session:
        booking = session.get_one(Booking, late["id"])
        booking.hold_expires_at = datetime.now(UTC) - timedelta(seconds=1)
        session.commit()
    other = site.book(session_id, site.person(5), seats=2)
    assert other["status"] == "pending_payment"
    assert site.booking(late["id"], late_headers)["status"] == "expired"
    assert local_stripe.send(paid["event"]["id"]) == 200  # the notice arrives at last
    assert wait_for(
        lambda: (
            site.booking(late["id"], late_headers).get("refund", {}).get("status") == "succeeded"
        )
    )
    refunded = site.booking(late["id"], late_headers)
    assert refunded["status"] == "expired"
    assert refunded["refund"]["amount"] == {"amount": 600_000, "currency": "VND"}
    assert [r["amount"] for r in local_stripe.charge_of(intent)["refunds"]] == [600_000]


def test_the_same_notice_many_times_at_once_and_the_success_page_confirm_once(site, local_stripe):
    """Stripe retries while the first delivery is still running, and the person lands on the
    success page at the same moment: every request succeeds, one confirmation."""
    headers = site.person(6)
    booking = site.book(site.class_of(capacity=4), headers, seats=1)
    reference = site.read(lambda s: s.get_one(Booking, booking["id"]).payments[0].reference)
    checkout_id = site.read(lambda s: s.get_one(Booking, booking["id"]).payments[0].provider_id)
    event = local_stripe.complete(checkout_id, webhook="never")["event"]
    payload = json.dumps(event).encode()
    start = threading.Barrier(12)
    answers: list[int] = []

    def notify():
        start.wait(timeout=10)
        response = requests.post(
            f"{site.url}/payments/stripe/webhook",
            data=payload,
            headers={"Stripe-Signature": signature(payload), "Content-Type": "application/json"},
            timeout=30,
        )
        answers.append(response.status_code)

    def come_back():
        start.wait(timeout=10)
        response = requests.get(
            f"{site.url}/payments/stripe/return/{reference}?session_id={checkout_id}",
            allow_redirects=False,
            timeout=30,
        )
        answers.append(response.status_code)

    threads = [threading.Thread(target=notify) for _ in range(8)]
    threads += [threading.Thread(target=come_back) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == [200] * 8 + [302] * 4
    assert site.booking(booking["id"], headers)["status"] == "confirmed"
    assert site.confirmations(booking["id"]) == 1
    notices = site.read(
        lambda s: s.scalar(
            select(func.count()).select_from(PaymentNotice).where(PaymentNotice.id == event["id"])
        )
    )
    assert notices == 1
