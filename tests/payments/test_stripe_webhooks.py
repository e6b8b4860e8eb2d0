"""Stripe Checkout through the real SDK against the local Stripe: checkout, webhooks, refunds.

Webhooks are delivered by the tests (signed offline, like Stripe signs them) so that each test
chooses their order: twice, late, out of order. What the app does is checked in the database
and at the local Stripe (its checkout sessions, charges and refunds).
"""

import itertools
import json
import logging
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bookings import payments, seats
from bookings.errors import PaymentUnavailable
from bookings.payments import StripeGateway
from bookings.unit.bus import Bus
from models import Booking, OutboxEvent, Payment, PaymentNotice, Refund
from tests.conftest import log_in
from tests.payments.conftest import SECRET_KEY, WEBHOOK_SECRET, deliver, signature

EVENT_TYPES = (
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.expired",
    "checkout.session.async_payment_failed",
    "charge.refunded",
)


@pytest.fixture
def person(make_user, bearer):
    user = make_user()
    return user, bearer(user)


def hold(client, sitting, headers, seats=2, **extra) -> dict:
    """Book by card through the API: seats held (or a place in line, with join_waitlist)."""
    response = client.post(
        f"/api/v1/sessions/{sitting.id}/bookings", json={"seats": seats, **extra}, headers=headers
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] in ("pending_payment", "waitlisted"), body
    return body


def held_by_card(db, sitting, user_id, now, *, gateway="stripe", hold=timedelta(minutes=35)):
    """One seat held by the booking use case itself (no checkout opened yet)."""
    return seats.book_seats(
        db, session_id=sitting.id, user_id=user_id, seats=1, now=now, gateway=gateway, hold=hold
    )


def payment_of(db, booking_id: int) -> Payment:
    db.expire_all()
    return db.scalars(select(Payment).where(Payment.booking_id == booking_id)).one()


def booking(db, booking_id: int) -> Booking:
    db.expire_all()
    return db.get_one(Booking, booking_id)


def count(db, name: str, booking_id: int) -> int:
    rows = db.scalars(select(OutboxEvent).where(OutboxEvent.name == name)).all()
    return sum(1 for row in rows if row.payload.get("booking_id") == booking_id)


def event_like(kind: str, obj: dict) -> dict:
    """An event as Stripe sends it (a new id each time)."""
    return {
        "id": f"evt_test_{time.time_ns()}",
        "object": "event",
        "api_version": "2026-10-28.clover",
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
    }


# --- the checkout ------------------------------------------------------------------------


def test_a_held_booking_opens_one_checkout_session_with_what_stripe_needs(
    client, db, make_session, make_workshop, make_user, bearer, local_stripe
):
    sitting = make_session(make_workshop(price=250_000), capacity=6)
    for locale in ("vi", "en"):
        user = make_user(locale=locale)
        body = hold(client, sitting, bearer(user), seats=2)
        assert body["payment_url"].endswith(payment_of(db, body["id"]).reference)
        payment = payment_of(db, body["id"])
        assert payment.provider == "stripe" and payment.provider_id.startswith("cs_test_")
        checkout = local_stripe.sdk.v1.checkout.sessions.retrieve(payment.provider_id)
        assert checkout.mode == "payment" and checkout.status == "open"
        assert checkout.currency == "vnd" and checkout.amount_total == 500_000  # zero-decimal
        assert checkout.client_reference_id == str(body["id"])
        assert checkout.metadata["booking_id"] == str(body["id"])
        assert checkout.metadata["payment_reference"] == payment.reference
        assert checkout.customer_email == user.email and checkout.locale == locale
        held_until = booking(db, body["id"]).hold_expires_at
        assert checkout.expires_at < held_until.timestamp()  # ends before the hold does
        assert checkout.expires_at >= time.time() + 29 * 60  # Stripe's 30-minute floor
        items = local_stripe.sdk.v1.checkout.sessions.line_items.list(payment.provider_id)
        (item,) = items.data
        assert item.quantity == 2 and item.price.unit_amount == 250_000
        title = "Wheel-thrown" if locale == "en" else "Gốm bàn xoay"
        assert title in item.description and sitting.workshop.space.name in item.description
        assert sitting.starts_at.astimezone(UTC).strftime("%Y") in item.description
        # Asking again gives the same Checkout Session, never a second one.
        again = client.get(f"/payments/{payment.reference}")
        assert again.status_code == 302 and again.headers["Location"] == checkout.url
        gateway = client.application.extensions["bus"].context.gateway
        assert gateway.start_checkout(payment, booking(db, body["id"])).provider_id == checkout.id


def test_a_hold_too_short_for_stripe_is_extended_when_its_checkout_opens(
    client, db, make_session, make_user, now
):
    sitting = make_session(capacity=4)
    user = make_user()
    held = held_by_card(db, sitting, user.id, now, hold=timedelta(minutes=10))
    reference = held.payments[0].reference
    response = client.get(f"/payments/{reference}")
    assert response.status_code == 302 and "/c/pay/cs_test_" in response.headers["Location"]
    extended = booking(db, held.id)
    assert extended.hold_expires_at >= now + timedelta(minutes=33)  # 30 + margin + slack
    payment = payment_of(db, held.id)
    assert payment.expires_at == extended.hold_expires_at
    checkout = client.application.extensions["bus"].context.gateway.client.v1.checkout.sessions
    expires_at = checkout.retrieve(payment.provider_id).expires_at
    assert time.time() + 31 * 60 <= expires_at < extended.hold_expires_at.timestamp()


def test_a_retry_after_a_lost_answer_with_other_parameters_opens_a_checkout(
    client, db, make_session, make_user, now, local_stripe
):
    """Stripe made a session but its answer was lost; meanwhile the hold was extended, so
    the retry's parameters differ: it gets a session of its own, never an idempotency error."""
    sitting = make_session(capacity=4)
    user = make_user()
    held = held_by_card(db, sitting, user.id, now, hold=timedelta(minutes=35))
    payment = held.payments[0]
    gateway = client.application.extensions["bus"].context.gateway
    lost = gateway.start_checkout(payment, held)  # made at Stripe, never stored
    payment.expires_at = held.hold_expires_at = now + timedelta(minutes=50)
    db.commit()
    url = payments.checkout_url(db, payment.reference, gateway, now=now)
    stored = payment_of(db, held.id)
    assert url == stored.url and stored.provider_id != lost.provider_id
    assert local_stripe.sdk.v1.checkout.sessions.retrieve(stored.provider_id).status == "open"


def test_a_payment_made_for_another_provider_is_not_opened_here(
    client, db, make_session, make_user, now
):
    sitting = make_session(capacity=4)
    held = held_by_card(db, sitting, make_user().id, now, gateway="demo")
    gateway = client.application.extensions["bus"].context.gateway
    assert payments.checkout_url(db, held.payments[0].reference, gateway, now=now) is None
    assert payment_of(db, held.id).provider_id is None


def test_a_checkout_that_opens_as_its_hold_is_cancelled_is_closed_again(
    client, db, make_session, make_user, now, local_stripe
):
    sitting = make_session(capacity=4)
    user = make_user()
    held = held_by_card(db, sitting, user.id, now)
    real = client.application.extensions["bus"].context.gateway

    class CancelledMeanwhile(StripeGateway):
        """Stripe answers slowly; the person cancels while the checkout is being made."""

        def start_checkout(self, payment, booking):
            checkout = super().start_checkout(payment, booking)
            seats.cancel_booking(db, booking_id=booking.id, user_id=user.id, now=now)
            return checkout

    slow = CancelledMeanwhile(
        "sk_test_hcsn_local",
        webhook_secret=WEBHOOK_SECRET,
        links=real.links,
        api_base=local_stripe.base,
    )
    assert payments.checkout_url(db, held.payments[0].reference, slow, now=now) is None
    payment = payment_of(db, held.id)
    assert payment.status == "cancelled" and payment.provider_id
    assert local_stripe.sdk.v1.checkout.sessions.retrieve(payment.provider_id).status == "expired"


def test_when_stripe_does_not_answer_the_booking_stands_and_the_page_says_so(
    client, db, make_session, person, now
):
    sitting = make_session(capacity=4)
    user, headers = person
    body = hold(client, sitting, headers, seats=1)
    payment = payment_of(db, body["id"])
    down = StripeGateway(
        "sk_test_x",
        webhook_secret="whsec_x",
        links=client.application.extensions["bus"].context.gateway.links,
        api_base="http://127.0.0.1:9",
    )
    down.client._requestor._client._max_network_retries = 0  # fail fast: port 9 answers nobody
    payment.url = None  # as if the checkout had not opened when the booking was made
    db.commit()
    with pytest.raises(PaymentUnavailable):
        payments.checkout_url(db, payment.reference, down, now=now)
    db.rollback()
    assert booking(db, body["id"]).status == "pending_payment"
    assert payment_of(db, body["id"]).url is None


def test_a_price_below_the_smallest_card_charge_is_refused_when_the_workshop_is_saved(
    client, make_space, make_user, bearer
):
    space = make_space()
    headers = bearer(make_user(staff_of=space))
    fields = {
        "title": "Nến thơm",
        "description": "Làm nến thơm từ sáp đậu nành.",
        "discipline": "crafts",
        "capacity": 8,
        "duration_minutes": 90,
    }
    path = f"/api/v1/manage/spaces/{space.slug}/workshops"
    refused = client.post(path, json=fields | {"price": 5_000}, headers=headers)
    assert refused.status_code == 400
    assert "15000" in refused.get_json()["error"]["fields"]["price"]
    for price in (0, 15_000, 250_000):
        assert client.post(path, json=fields | {"price": price}, headers=headers).status_code == 201


# --- webhooks: signatures ------------------------------------------------------------------


@pytest.mark.parametrize("flaw", ["missing", "forged", "tampered", "stale", "garbled"])
def test_a_notice_without_a_good_signature_is_refused_and_changes_nothing(
    client, db, make_session, person, local_stripe, flaw
):
    sitting = make_session(capacity=4)
    body = hold(client, sitting, person[1])
    paid = local_stripe.complete(payment_of(db, body["id"]).provider_id)
    payload = json.dumps(paid["event"]).encode()
    headers = {
        "missing": {},
        "forged": {"Stripe-Signature": signature(payload, secret="whsec_someone_else")},
        "tampered": {"Stripe-Signature": signature(payload)},
        "stale": {"Stripe-Signature": signature(payload, timestamp=int(time.time()) - 301)},
        "garbled": {"Stripe-Signature": "t=soon,v1=nothing"},
    }[flaw]
    if flaw == "tampered":
        payload = payload.replace(b'"paid"', b'"PAID"', 1)
    response = client.post(
        "/payments/stripe/webhook", data=payload, headers=headers, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_signature"
    assert booking(db, body["id"]).status == "pending_payment"
    assert db.scalar(select(func.count()).select_from(PaymentNotice)) == 0


def test_unknown_event_types_are_acknowledged_and_ignored(client, db):
    for kind in ("customer.created", "payment_intent.succeeded", "invoice.paid"):
        response = deliver(client, event_like(kind, {"id": "cus_1", "object": "customer"}))
        assert response.status_code == 200 and response.get_json() == {
            "received": True,
            "acted": False,
        }
    assert db.scalar(select(func.count()).select_from(PaymentNotice)) == 0


def test_an_event_replayed_five_times_confirms_the_booking_once(
    client, db, make_session, person, local_stripe
):
    sitting = make_session(capacity=4)
    body = hold(client, sitting, person[1])
    event = local_stripe.complete(payment_of(db, body["id"]).provider_id)["event"]
    answers = [deliver(client, event) for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert [a.get_json()["acted"] for a in answers] == [True, False, False, False, False]
    confirmed = booking(db, body["id"])
    assert confirmed.status == "confirmed" and confirmed.paid
    assert count(db, "BookingConfirmed", body["id"]) == 1
    assert count(db, "PaymentReceived", body["id"]) == 1
    assert payment_of(db, body["id"]).charge_id.startswith("pi_")


def test_a_notice_that_forged_its_contents_acts_only_on_what_stripe_says(
    client, db, make_session, person, local_stripe
):
    """A correctly signed but stale body ("paid" while the checkout is still open) confirms
    nothing: the checkout is read again from Stripe."""
    sitting = make_session(capacity=4)
    body = hold(client, sitting, person[1])
    checkout = local_stripe.sdk.v1.checkout.sessions.retrieve(
        payment_of(db, body["id"]).provider_id
    ).to_dict()
    checkout |= {"status": "complete", "payment_status": "paid"}
    assert deliver(client, event_like("checkout.session.completed", checkout)).status_code == 200
    assert booking(db, body["id"]).status == "pending_payment"


# --- webhooks: every order ------------------------------------------------------------------


def _truth(local_stripe, checkout_id: str, scenario: str) -> dict:
    """Make ``scenario`` true at the local Stripe; return the checkout as Stripe has it."""
    if scenario == "paid":
        local_stripe.complete(checkout_id)
    elif scenario in ("async_succeeded", "async_failed"):
        local_stripe.complete(checkout_id, mode="async")
        local_stripe.async_result(checkout_id, succeeded=scenario == "async_succeeded")
    elif scenario == "expired":
        local_stripe.time_out(checkout_id)
    elif scenario == "refunded_at_stripe":
        intent = local_stripe.complete(checkout_id)["session"]["payment_intent"]
        local_stripe.sdk.v1.refunds.create(params={"payment_intent": intent, "amount": 100_000})
    return local_stripe.sdk.v1.checkout.sessions.retrieve(checkout_id).to_dict()


EXPECTED = {  # scenario → (booking status, paid, seats still taken, refunded at Stripe)
    "paid": ("confirmed", True, 2, 0),
    "async_succeeded": ("confirmed", True, 2, 0),
    "async_failed": ("expired", False, 0, 0),
    "expired": ("expired", False, 0, 0),
    "refunded_at_stripe": ("confirmed", True, 2, 100_000),
}


@pytest.mark.parametrize(
    "first,second", list(itertools.permutations(EVENT_TYPES, 2)), ids=lambda kind: kind
)
def test_events_in_any_order_leave_what_stripe_says(
    client, db, make_session, make_user, bearer, local_stripe, first, second
):
    for scenario, (status, paid, taken, refunded) in EXPECTED.items():
        sitting = make_session(capacity=4)
        body = hold(client, sitting, bearer(make_user()))
        checkout_id = payment_of(db, body["id"]).provider_id
        checkout = _truth(local_stripe, checkout_id, scenario)
        charge = {"id": "ch_x", "object": "charge", "payment_intent": checkout["payment_intent"]}
        for kind in (first, second):
            obj = charge if kind == "charge.refunded" else checkout
            assert deliver(client, event_like(kind, obj)).status_code == 200
        ended = booking(db, body["id"])
        db.refresh(sitting)
        assert (ended.status, ended.paid, sitting.seats_taken) == (status, paid, taken), scenario
        assert count(db, "BookingConfirmed", body["id"]) == (1 if status == "confirmed" else 0)
        recorded = db.scalars(select(Refund).where(Refund.booking_id == body["id"])).all()
        expected_refunds = refunded if "charge.refunded" in (first, second) else 0
        assert sum(r.amount for r in recorded) == expected_refunds, scenario


@pytest.mark.parametrize("first", EVENT_TYPES)
@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_a_notice_that_comes_before_what_it_announces_changes_nothing_until_stripe_agrees(
    client, db, make_session, make_user, bearer, local_stripe, first, scenario
):
    """Stripe's state moves between two deliveries: the first notice finds the checkout still
    open and changes nothing; the next one, after the change, settles it."""
    sitting = make_session(capacity=4)
    body = hold(client, sitting, bearer(make_user()))
    checkout_id = payment_of(db, body["id"]).provider_id
    before = local_stripe.sdk.v1.checkout.sessions.retrieve(checkout_id).to_dict()
    charge = {"id": "ch_x", "object": "charge", "payment_intent": None}
    early = event_like(first, charge if first == "charge.refunded" else before)
    assert deliver(client, early).status_code == 200
    assert booking(db, body["id"]).status == "pending_payment"
    after = _truth(local_stripe, checkout_id, scenario)
    deliver(client, event_like("checkout.session.completed", after))
    status, paid, taken, _refunded = EXPECTED[scenario]
    ended = booking(db, body["id"])
    db.refresh(sitting)
    assert (ended.status, ended.paid, sitting.seats_taken) == (status, paid, taken)


def test_expired_after_completed_changes_nothing(client, db, make_session, person, local_stripe):
    sitting = make_session(capacity=4)
    body = hold(client, sitting, person[1])
    checkout_id = payment_of(db, body["id"]).provider_id
    completed = local_stripe.complete(checkout_id)["event"]
    late = event_like(
        "checkout.session.expired", completed["data"]["object"] | {"status": "expired"}
    )
    deliver(client, completed)
    deliver(client, late)
    assert booking(db, body["id"]).status == "confirmed"
    db.refresh(sitting)
    assert sitting.seats_taken == 2


# --- the success page --------------------------------------------------------------------


@pytest.mark.parametrize("webhook_first", [False, True])
def test_the_success_page_fulfils_before_or_after_the_webhook(
    client, db, make_session, person, local_stripe, webhook_first
):
    sitting = make_session(capacity=4)
    user, headers = person
    body = hold(client, sitting, headers)
    payment = payment_of(db, body["id"])
    event = local_stripe.complete(payment.provider_id)["event"]
    log_in(client, user)
    if webhook_first:
        deliver(client, event)
    back = client.get(
        f"/payments/stripe/return/{payment.reference}?session_id={payment.provider_id}"
    )
    assert back.status_code == 302
    assert back.headers["Location"].endswith(f"/me/bookings/{body['id']}")
    assert booking(db, body["id"]).status == "confirmed"
    if not webhook_first:
        deliver(client, event)
    assert count(db, "BookingConfirmed", body["id"]) == 1
    page = client.get(f"/me/bookings/{body['id']}")
    assert page.status_code == 200
    checkout = local_stripe.sdk.v1.checkout.sessions.retrieve(payment.provider_id)
    assert client.get(checkout.cancel_url.removeprefix("http://localhost")).status_code == 200


def test_the_success_page_trusts_no_query_parameter(
    client, db, make_session, make_user, bearer, local_stripe
):
    sitting = make_session(capacity=6)
    mine = hold(client, sitting, bearer(make_user()))
    theirs = hold(client, sitting, bearer(make_user()))
    paid_checkout = payment_of(db, theirs["id"]).provider_id
    local_stripe.complete(paid_checkout)  # somebody else's checkout is paid
    reference = payment_of(db, mine["id"]).reference
    client.get(f"/payments/stripe/return/{reference}?session_id={paid_checkout}")
    assert booking(db, mine["id"]).status == "pending_payment"
    assert booking(db, theirs["id"]).status == "pending_payment"  # their session not touched


# --- holds that end, late payments ----------------------------------------------------------


def test_an_expired_checkout_gives_the_seats_to_the_next_in_line(
    client, db, make_session, make_user, bearer, local_stripe
):
    sitting = make_session(capacity=2)
    first = hold(client, sitting, bearer(make_user()), seats=2)
    waiting = hold(client, sitting, bearer(make_user()), join_waitlist=True)
    assert waiting["status"] == "waitlisted"
    expired = local_stripe.time_out(payment_of(db, first["id"]).provider_id)["event"]
    assert deliver(client, expired).status_code == 200
    assert booking(db, first["id"]).status == "expired"
    assert booking(db, waiting["id"]).status == "offered"


def test_an_asynchronous_payment_waits_then_confirms_or_releases(
    client, db, make_session, make_user, bearer, local_stripe
):
    sitting = make_session(capacity=4)
    outcomes = {}
    for succeeded in (True, False):
        body = hold(client, sitting, bearer(make_user()), seats=1)
        checkout_id = payment_of(db, body["id"]).provider_id
        deliver(client, local_stripe.complete(checkout_id, mode="async")["event"])
        assert booking(db, body["id"]).status == "pending_payment"  # the bank has not said yet
        deliver(client, local_stripe.async_result(checkout_id, succeeded=succeeded)["event"])
        outcomes[succeeded] = booking(db, body["id"]).status
    assert outcomes == {True: "confirmed", False: "expired"}
    db.refresh(sitting)
    assert sitting.seats_taken == 1


def _run_jobs(app, db, now):
    """What ``flask --app app jobs run`` does, at ``now``."""
    seats.release_expired(db, now=now)
    _deliver_due(app, db, now)


def _deliver_due(app, db, now):
    """The worker delivers the events that are due (the money handlers; no mail here)."""
    bus = app.extensions["bus"]
    Bus(bus.table, replace(bus.context, clock=lambda: now, mail=None)).deliver_due(db)


@pytest.mark.parametrize("seats_still_free", [True, False])
def test_a_payment_after_the_hold_ended_takes_free_seats_or_is_refunded_in_full(
    app, client, db, make_session, make_user, bearer, local_stripe, seats_still_free
):
    sitting = make_session(capacity=2)
    late = hold(client, sitting, bearer(make_user()), seats=2)
    checkout_id = payment_of(db, late["id"]).provider_id
    later = datetime.now(UTC) + timedelta(hours=1)
    _run_jobs(app, db, later)  # the hold ends; its checkout is closed at Stripe …
    assert booking(db, late["id"]).status == "expired"
    assert local_stripe.sdk.v1.checkout.sessions.retrieve(checkout_id).status == "expired"
    # … but the person's payment had crossed the expiry in flight, and Stripe took it.
    if not seats_still_free:
        hold(client, sitting, bearer(make_user()), seats=2)
    checkout = _reopen_and_pay(app, local_stripe, db, late["id"])
    deliver(client, event_like("checkout.session.completed", checkout))
    ended = booking(db, late["id"])
    if seats_still_free:
        assert ended.status == "confirmed" and ended.paid
        assert local_stripe.charge_of(checkout["payment_intent"])["refunds"] == []
    else:
        assert ended.status == "expired"
        (refund,) = ended.refunds
        assert (refund.amount, refund.status, refund.reason) == (
            500_000,
            "succeeded",
            "late_payment",
        )
        charge = local_stripe.charge_of(checkout["payment_intent"])
        assert [r["amount"] for r in charge["refunds"]] == [500_000]
        assert charge["refunds"][0]["metadata"]["refund_id"] == str(refund.id)


def _reopen_and_pay(app, local_stripe, db, booking_id) -> dict:
    """A payment Stripe took just as the hold ended: the expiry crossed it in flight. The fake
    models it by paying a fresh checkout for the same payment reference."""
    payment = payment_of(db, booking_id)
    gateway = StripeGateway(
        "sk_test_hcsn_local",
        webhook_secret=WEBHOOK_SECRET,
        links=app.extensions["bus"].context.gateway.links,
        api_base=local_stripe.base,
    )
    params = gateway.checkout_params(payment, booking(db, booking_id))
    params["expires_at"] = int(time.time()) + 3600
    fresh = local_stripe.sdk.v1.checkout.sessions.create(params=params)
    local_stripe.complete(fresh.id)
    return local_stripe.sdk.v1.checkout.sessions.retrieve(fresh.id).to_dict()


def test_a_payment_made_before_the_checkout_closed_keeps_its_seats_when_its_notice_is_late(
    client, db, make_session, make_user, bearer, local_stripe
):
    """The checkout closes before the hold; the notice comes after the hold's time ran out
    (nothing released it yet): the seats are the payer's, not the next in line's."""
    sitting = make_session(capacity=2)
    paying = hold(client, sitting, bearer(make_user()), seats=2)
    waiting = hold(client, sitting, bearer(make_user()), join_waitlist=True)
    event = local_stripe.complete(payment_of(db, paying["id"]).provider_id)["event"]
    held = booking(db, paying["id"])
    held.hold_expires_at = datetime.now(UTC) - timedelta(seconds=5)
    db.commit()
    deliver(client, event)
    assert booking(db, paying["id"]).status == "confirmed"
    assert booking(db, paying["id"]).refunds == []
    assert booking(db, waiting["id"]).status == "waitlisted"


# --- refunds -----------------------------------------------------------------------------


def _paid(client, db, sitting, headers, local_stripe) -> tuple[dict, str]:
    body = hold(client, sitting, headers)
    deliver(client, local_stripe.complete(payment_of(db, body["id"]).provider_id)["event"])
    assert booking(db, body["id"]).status == "confirmed"
    return body, payment_of(db, body["id"]).charge_id


def test_cancelling_before_the_deadline_refunds_in_full_through_stripe(
    client, db, make_session, person, local_stripe
):
    sitting = make_session(capacity=4, starts_in=timedelta(days=5))
    _user, headers = person
    body, intent = _paid(client, db, sitting, headers, local_stripe)
    cancelled = client.post(f"/api/v1/bookings/{body['id']}/cancel", headers=headers).get_json()
    assert cancelled["status"] == "cancelled"
    assert cancelled["refund"] == {
        "amount": {"amount": 500_000, "currency": "VND"},
        "status": "succeeded",
    }
    (refund,) = booking(db, body["id"]).refunds
    assert refund.provider_id.startswith("re_") and refund.settled_at is not None
    assert [r["amount"] for r in local_stripe.charge_of(intent)["refunds"]] == [500_000]


def test_a_refund_made_at_stripe_is_recorded_and_never_refunded_twice(
    client, db, make_session, person, local_stripe
):
    sitting = make_session(capacity=4, starts_in=timedelta(days=5))
    _user, headers = person
    body, intent = _paid(client, db, sitting, headers, local_stripe)
    local_stripe.sdk.v1.refunds.create(params={"payment_intent": intent, "amount": 200_000})
    charge = {"id": "ch_x", "object": "charge", "payment_intent": intent}
    deliver(client, event_like("charge.refunded", charge))
    (outside,) = booking(db, body["id"]).refunds
    assert (outside.amount, outside.status, outside.reason) == (
        200_000,
        "succeeded",
        "refunded_at_provider",
    )
    client.post(f"/api/v1/bookings/{body['id']}/cancel", headers=headers)
    refunds = sorted(booking(db, body["id"]).refunds, key=lambda r: r.id)
    assert [(r.amount, r.status) for r in refunds] == [
        (200_000, "succeeded"),
        (300_000, "succeeded"),
    ]
    assert sum(r["amount"] for r in local_stripe.charge_of(intent)["refunds"]) == 500_000


def test_a_refund_repeated_after_a_crash_is_found_at_stripe_not_made_again(
    app, client, db, make_session, person, local_stripe
):
    sitting = make_session(capacity=4, starts_in=timedelta(days=5))
    _user, headers = person
    body, intent = _paid(client, db, sitting, headers, local_stripe)
    # The refund is recorded, sent to Stripe, and the process dies before writing it down.
    seats.cancel_booking(db, booking_id=body["id"], user_id=None, now=datetime.now(UTC), by="staff")
    (refund,) = booking(db, body["id"]).refunds
    gateway = app.extensions["bus"].context.gateway
    gateway.refund(refund)
    now = datetime.now(UTC)
    assert booking(db, body["id"]).refunds[0].status == "pending"
    _deliver_due(app, db, now)
    (refund,) = booking(db, body["id"]).refunds
    assert refund.status == "succeeded" and refund.provider_id.startswith("re_")
    assert [r["amount"] for r in local_stripe.charge_of(intent)["refunds"]] == [500_000]


def test_cancelling_a_session_refunds_the_paid_and_closes_the_open_checkouts(
    client, db, make_session, make_user, bearer, local_stripe
):
    sitting = make_session(capacity=4, starts_in=timedelta(days=5))
    staff = make_user(staff_of=sitting.workshop.space)
    paid, intent = _paid(client, db, sitting, bearer(make_user()), local_stripe)
    pending = hold(client, sitting, bearer(make_user()))
    waiting = hold(client, sitting, bearer(make_user()), join_waitlist=True)
    assert waiting["status"] == "waitlisted"
    response = client.post(
        f"/api/v1/manage/sessions/{sitting.id}/cancel",
        json={"message": "Lò nung hỏng, xin lỗi mọi người."},
        headers=bearer(staff),
    )
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert [booking(db, b["id"]).status for b in (paid, pending, waiting)] == ["cancelled"] * 3
    (refund,) = booking(db, paid["id"]).refunds
    assert (refund.amount, refund.status) == (500_000, "succeeded")
    assert [r["amount"] for r in local_stripe.charge_of(intent)["refunds"]] == [500_000]
    open_one = payment_of(db, pending["id"]).provider_id
    assert local_stripe.sdk.v1.checkout.sessions.retrieve(open_one).status == "expired"
    assert booking(db, pending["id"]).refunds == []


def test_cancelling_a_pending_booking_expires_its_checkout(
    client, db, make_session, person, local_stripe
):
    sitting = make_session(capacity=4)
    _user, headers = person
    body = hold(client, sitting, headers)
    checkout_id = payment_of(db, body["id"]).provider_id
    client.post(f"/api/v1/bookings/{body['id']}/cancel", headers=headers)
    assert local_stripe.sdk.v1.checkout.sessions.retrieve(checkout_id).status == "expired"
    assert payment_of(db, body["id"]).status == "cancelled"


def test_stripe_keys_never_reach_logs_or_pages(
    caplog, client, db, make_session, person, local_stripe
):
    caplog.set_level(logging.DEBUG)
    sitting = make_session(capacity=4, starts_in=timedelta(days=5))
    user, headers = person
    body, _intent = _paid(client, db, sitting, headers, local_stripe)
    log_in(client, user)
    pages = [
        client.get(f"/me/bookings/{body['id']}"),
        client.post(f"/api/v1/bookings/{body['id']}/cancel", headers=headers),
        deliver(client, event_like("checkout.session.completed", {"id": "cs_x"}), secret="bad"),
    ]
    assert "stripe" in caplog.text.lower()  # the SDK's requests were really logged
    seen = caplog.text + "".join(p.get_data(as_text=True) for p in pages)
    assert SECRET_KEY not in seen and WEBHOOK_SECRET not in seen


def test_refunds_stripe_settles_later_are_brought_up_to_date(
    client, db, make_session, person, local_stripe, now
):
    """Stripe may accept a refund as pending and settle it later: ``refund.updated`` (or,
    if that notice is lost, ``jobs run``) brings ours up to date."""
    sitting = make_session(capacity=4, starts_in=timedelta(days=5))
    _user, headers = person
    for way in ("notice", "job"):
        body, intent = _paid(client, db, sitting, headers, local_stripe)
        client.post(f"/api/v1/bookings/{body['id']}/cancel", headers=headers)
        (refund,) = booking(db, body["id"]).refunds
        refund.status, refund.settled_at = "pending", None  # as Stripe first answered
        refund.created_at = now - timedelta(minutes=15)
        db.commit()
        if way == "notice":
            remote = local_stripe.sdk.v1.refunds.retrieve(refund.provider_id).to_dict()
            assert deliver(client, event_like("refund.updated", remote)).status_code == 200
        else:
            gateway = client.application.extensions["bus"].context.gateway
            assert payments.check_pending_refunds(db, gateway=gateway, now=now) == 1
        (refund,) = booking(db, body["id"]).refunds
        assert refund.status == "succeeded" and refund.settled_at is not None, way


def test_a_refund_stripe_finds_too_large_is_tried_again_not_given_up(
    app, client, db, make_session, person, local_stripe
):
    sitting = make_session(capacity=4, starts_in=timedelta(days=5))
    _user, headers = person
    body, intent = _paid(client, db, sitting, headers, local_stripe)
    local_stripe.sdk.v1.refunds.create(params={"payment_intent": intent, "amount": 100_000})
    now = datetime.now(UTC)
    seats.cancel_booking(db, booking_id=body["id"], user_id=None, now=now, by="staff")
    (refund,) = booking(db, body["id"]).refunds
    gateway = app.extensions["bus"].context.gateway
    with pytest.raises(PaymentUnavailable):  # 500k asked, 400k left: a retry, not a refusal
        gateway.refund(refund)
    # The retry reads what is left first.
    _deliver_due(app, db, now)
    refunds = sorted(booking(db, body["id"]).refunds, key=lambda r: r.id)
    assert [(r.amount, r.status) for r in refunds] == [
        (400_000, "succeeded"),
        (100_000, "succeeded"),
    ]
    assert sum(r["amount"] for r in local_stripe.charge_of(intent)["refunds"]) == 500_000


def test_a_refund_of_a_payment_made_through_another_provider_fails_visibly(
    app, db, make_session, make_user, now
):
    sitting = make_session(capacity=4, starts_in=timedelta(days=5))
    user = make_user()
    held = held_by_card(db, sitting, user.id, now, gateway="demo")
    seats.payment_succeeded(db, reference=held.payments[0].reference, now=now)
    seats.cancel_booking(db, booking_id=held.id, user_id=user.id, now=now)
    _deliver_due(app, db, now)
    (refund,) = booking(db, held.id).refunds
    assert refund.status == "failed" and "refund it by hand" in refund.failure


def test_a_hold_is_extended_at_most_once_and_never_by_a_failed_checkout(
    client, db, make_session, make_user, now
):
    """Each visit to the payment page while the checkout cannot open used to add 33 minutes:
    a failed gateway call now leaves the hold as it was, and one extension is all there is."""
    sitting = make_session(capacity=4)
    held = held_by_card(db, sitting, make_user().id, now, hold=timedelta(minutes=10))
    reference = held.payments[0].reference
    first_deadline = booking(db, held.id).hold_expires_at
    down = StripeGateway(
        "sk_test_x",
        webhook_secret="whsec_x",
        links=client.application.extensions["bus"].context.gateway.links,
        api_base="http://127.0.0.1:9",
    )
    down.client._requestor._client._max_network_retries = 0  # port 9 answers nobody
    for _ in range(3):
        with pytest.raises(PaymentUnavailable):
            payments.checkout_url(db, reference, down, now=now)
        db.rollback()
        assert booking(db, held.id).hold_expires_at == first_deadline
    real = client.application.extensions["bus"].context.gateway
    assert payments.checkout_url(db, reference, real, now=now) is not None
    extended = booking(db, held.id).hold_expires_at
    assert extended > first_deadline
    payment = payment_of(db, held.id)
    payment.url = None  # as if it had to open again later
    db.commit()
    later = now + timedelta(minutes=20)
    assert payments.checkout_url(db, reference, real, now=later) is None  # no second extension
    assert booking(db, held.id).hold_expires_at == extended
