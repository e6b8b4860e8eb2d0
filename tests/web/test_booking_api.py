"""The booking endpoints exactly as shared/API.md describes them."""

from datetime import UTC, datetime, timedelta

import pytest

from bookings.unit import outbox
from models import Booking, Workshop
from tests.forms import csrf_token

#: A day well inside the two years sessions may be scheduled ahead.
SOON = (datetime.now(UTC) + timedelta(days=200)).date().isoformat()


@pytest.fixture
def resident(make_user, bearer):
    user = make_user()
    return user, bearer(user)


def post(client, path, body, headers):
    return client.post(path, json=body, headers=headers)


def test_a_free_session_books_confirmed_with_a_ticket(
    client, make_session, make_workshop, resident
):
    sitting = make_session(make_workshop(price=0), capacity=5)
    _user, headers = resident
    response = post(client, f"/api/v1/sessions/{sitting.id}/bookings", {"seats": 2}, headers)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "confirmed" and body["seats"] == 2
    assert body["session_id"] == sitting.id
    assert body["amount"] == {"amount": 0, "currency": "VND"}
    assert len(body["ticket_code"]) == 11
    assert "payment_url" not in body and "hold_expires_at" not in body
    session = client.get(f"/api/v1/sessions/{sitting.id}").get_json()
    assert session["seats_left"] == 3


def test_a_card_booking_is_pending_with_a_payment_url_and_a_hold(
    client, make_session, make_workshop, resident
):
    sitting = make_session(make_workshop(price=250_000))
    _user, headers = resident
    before = datetime.now(UTC)
    body = post(client, f"/api/v1/sessions/{sitting.id}/bookings", {"seats": 2}, headers).get_json()
    assert body["status"] == "pending_payment"
    assert body["amount"] == {"amount": 500_000, "currency": "VND"}
    hold = datetime.fromisoformat(body["hold_expires_at"])
    assert hold.utcoffset() == timedelta(hours=7)
    assert timedelta(minutes=34) < hold - before <= timedelta(minutes=36)
    assert body["payment_url"].startswith("http://localhost/payments/")
    checkout = client.get(body["payment_url"].removeprefix("http://localhost"))
    assert checkout.status_code == 302
    assert checkout.headers["Location"].startswith("/payments/demo/")
    again = client.get(body["payment_url"].removeprefix("http://localhost"))
    assert again.headers["Location"] == checkout.headers["Location"]  # one checkout per booking


def test_pay_at_the_venue_is_confirmed_unpaid(client, make_session, make_workshop, resident):
    sitting = make_session(make_workshop(price=100_000, pay_at_venue=True))
    _user, headers = resident
    body = post(
        client,
        f"/api/v1/sessions/{sitting.id}/bookings",
        {"seats": 1, "payment": "at_venue"},
        headers,
    ).get_json()
    assert (body["status"], body["paid"], body["payment_method"]) == (
        "confirmed",
        False,
        "at_venue",
    )


def test_sold_out_then_waitlisted_then_already_booked(
    client, make_session, make_workshop, make_user, bearer
):
    sitting = make_session(make_workshop(price=0), capacity=1)
    path = f"/api/v1/sessions/{sitting.id}/bookings"
    assert post(client, path, {"seats": 1}, bearer(make_user())).status_code == 201
    late = bearer(make_user())
    refused = post(client, path, {"seats": 1}, late)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "sold_out"
    waiting = post(client, path, {"seats": 1, "join_waitlist": True}, late)
    assert waiting.status_code == 201
    assert waiting.get_json()["status"] == "waitlisted"
    assert waiting.get_json()["waitlist_position"] == 1
    again = post(client, path, {"seats": 1, "join_waitlist": True}, late)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_booked"
    assert client.get(f"/api/v1/sessions/{sitting.id}").get_json()["waitlist_length"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "seats"),
        ({"seats": 0}, "seats"),
        ({"seats": 7}, "seats"),
        ({"seats": "2"}, "seats"),
        ({"seats": True}, "seats"),
        ({"seats": 1, "payment": "cash"}, "payment"),
        ({"seats": 1, "join_waitlist": "yes"}, "join_waitlist"),
    ],
)
def test_bad_booking_input_is_a_400_naming_the_field(
    client, make_session, make_workshop, resident, body, field
):
    sitting = make_session(make_workshop(price=0), capacity=10)
    response = post(client, f"/api/v1/sessions/{sitting.id}/bookings", body, resident[1])
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]


def test_started_or_unknown_sessions(client, make_session, make_workshop, resident):
    started = make_session(make_workshop(price=0), starts_in=timedelta(minutes=-5))
    response = post(client, f"/api/v1/sessions/{started.id}/bookings", {"seats": 1}, resident[1])
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "session_closed"
    missing = post(client, "/api/v1/sessions/999999/bookings", {"seats": 1}, resident[1])
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_cancel_with_refund_then_not_active(client, db, make_session, make_workshop, resident):
    sitting = make_session(make_workshop(price=200_000), starts_in=timedelta(days=5))
    user, headers = resident
    booking = post(client, f"/api/v1/sessions/{sitting.id}/bookings", {"seats": 1}, headers)
    booking_id = booking.get_json()["id"]
    reference = db.get_one(Booking, booking_id).payments[0].reference
    client.get(f"/payments/{reference}")
    paid = client.post(
        f"/payments/demo/{reference}/pay",
        data={"csrf_token": csrf_token(client, f"/payments/demo/{reference}")},
    )
    assert paid.status_code == 302
    assert client.get(f"/api/v1/bookings/{booking_id}", headers=headers).get_json()["paid"]

    cancelled = client.post(f"/api/v1/bookings/{booking_id}/cancel", headers=headers)
    assert cancelled.status_code == 200
    body = cancelled.get_json()
    assert body["status"] == "cancelled"
    assert body["refund"] == {
        "amount": {"amount": 200_000, "currency": "VND"},
        "status": "succeeded",
    }
    again = client.post(f"/api/v1/bookings/{booking_id}/cancel", headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "not_active"


def test_cancel_after_the_deadline_is_too_late(client, make_session, make_workshop, resident):
    sitting = make_session(make_workshop(price=0), starts_in=timedelta(hours=5))
    _user, headers = resident
    booking_id = post(
        client, f"/api/v1/sessions/{sitting.id}/bookings", {"seats": 1}, headers
    ).get_json()["id"]
    response = client.post(f"/api/v1/bookings/{booking_id}/cancel", headers=headers)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "too_late"


def test_offers_are_accepted_or_declined(client, make_session, make_workshop, make_user, bearer):
    sitting = make_session(make_workshop(price=0), capacity=1)
    path = f"/api/v1/sessions/{sitting.id}/bookings"
    holder, first, second = (bearer(make_user()) for _ in range(3))
    held = post(client, path, {"seats": 1}, holder).get_json()["id"]
    one = post(client, path, {"seats": 1, "join_waitlist": True}, first).get_json()["id"]
    two = post(client, path, {"seats": 1, "join_waitlist": True}, second).get_json()["id"]
    assert client.post(f"/api/v1/bookings/{one}/accept-offer", headers=first).status_code == 409

    client.post(f"/api/v1/bookings/{held}/cancel", headers=holder)
    offered = client.get(f"/api/v1/bookings/{one}", headers=first).get_json()
    assert offered["status"] == "offered" and "offer_expires_at" in offered
    declined = client.post(f"/api/v1/bookings/{one}/decline-offer", headers=first)
    assert declined.status_code == 200 and declined.get_json()["status"] == "cancelled"
    accepted = client.post(f"/api/v1/bookings/{two}/accept-offer", headers=second)
    assert accepted.status_code == 200
    assert accepted.get_json()["status"] == "confirmed" and accepted.get_json()["ticket_code"]
    no_offer = client.post(f"/api/v1/bookings/{two}/decline-offer", headers=second)
    assert no_offer.status_code == 409 and no_offer.get_json()["error"]["code"] == "no_offer"


def test_people_see_only_their_own_bookings(client, make_session, make_workshop, make_user, bearer):
    sitting = make_session(make_workshop(price=0))
    mine, theirs = bearer(make_user()), bearer(make_user())
    booking_id = post(
        client, f"/api/v1/sessions/{sitting.id}/bookings", {"seats": 1}, theirs
    ).get_json()["id"]
    assert client.get(f"/api/v1/bookings/{booking_id}", headers=mine).status_code == 404
    assert client.post(f"/api/v1/bookings/{booking_id}/cancel", headers=mine).status_code == 404
    assert client.get("/api/v1/me/bookings", headers=mine).get_json() == {"items": []}
    items = client.get("/api/v1/me/bookings", headers=theirs).get_json()["items"]
    assert [item["id"] for item in items] == [booking_id]


def test_staff_publish_a_workshop_and_schedule_a_session(client, db, make_space, make_user, bearer):
    space = make_space()
    headers = bearer(make_user(staff_of=space))
    workshop = post(
        client,
        f"/api/v1/manage/spaces/{space.slug}/workshops",
        {
            "title": "Làm nến thơm",
            "description": "Nến từ sáp đậu nành.",
            "discipline": "candle-making",
            "price": 180_000,
            "capacity": 8,
            "duration_minutes": 120,
            "title_en": "Scented candles",
            "pay_at_venue": True,
        },
        headers,
    )
    assert workshop.status_code == 201
    created = workshop.get_json()
    assert created["price"] == {"amount": 180_000, "currency": "VND"}
    assert created["space"] == space.slug and db.get(Workshop, created["id"]) is not None

    starts = (datetime.now(UTC) + timedelta(days=6)).replace(microsecond=0)
    session = post(
        client,
        f"/api/v1/manage/workshops/{created['id']}/sessions",
        {"starts_at": starts.astimezone().isoformat(), "capacity": 6},
        headers,
    )
    assert session.status_code == 201
    body = session.get_json()
    assert body["capacity"] == 6 and body["seats_left"] == 6 and body["status"] == "scheduled"
    assert datetime.fromisoformat(body["starts_at"]) == starts
    assert datetime.fromisoformat(body["ends_at"]) == starts + timedelta(minutes=120)
    assert body["workshop"]["title"] == "Làm nến thơm"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"title", "description", "discipline", "price", "capacity", "duration_minutes"}),
        (
            {
                "title": "x",
                "description": "",
                "discipline": "juggling",
                "price": -1,
                "capacity": 0,
                "duration_minutes": 30,
            },
            {"discipline", "price", "capacity"},
        ),
    ],
)
def test_bad_workshops_name_every_bad_field(client, make_space, make_user, bearer, body, fields):
    space = make_space()
    response = post(
        client,
        f"/api/v1/manage/spaces/{space.slug}/workshops",
        body,
        bearer(make_user(staff_of=space)),
    )
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == fields


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "starts_at"),
        ({"starts_at": "next tuesday"}, "starts_at"),
        ({"starts_at": "2030-01-01T10:00:00"}, "starts_at"),  # no offset
        ({"starts_at": "2020-01-01T10:00:00+07:00"}, "starts_at"),  # the past
        (
            {"starts_at": f"{SOON}T10:00:00+07:00", "ends_at": f"{SOON}T09:00:00+07:00"},
            "ends_at",
        ),
        ({"starts_at": f"{SOON}T10:00:00+07:00", "capacity": 0}, "capacity"),
    ],
)
def test_bad_sessions_name_the_field(
    client, make_workshop, make_space, make_user, bearer, body, field
):
    space = make_space()
    workshop = make_workshop(space=space)
    response = post(
        client,
        f"/api/v1/manage/workshops/{workshop.id}/sessions",
        body,
        bearer(make_user(staff_of=space)),
    )
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]


def test_staff_of_another_space_are_forbidden(client, make_space, make_workshop, make_user, bearer):
    space, other = make_space(), make_space()
    workshop = make_workshop(space=space)
    headers = bearer(make_user(staff_of=other))
    response = post(
        client,
        f"/api/v1/manage/workshops/{workshop.id}/sessions",
        {"starts_at": f"{SOON}T10:00:00+07:00"},
        headers,
    )
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"


def test_staff_change_capacity_but_never_below_the_seats_taken(
    client, make_space, make_workshop, make_session, make_user, bearer
):
    space = make_space()
    sitting = make_session(make_workshop(space=space, price=0), capacity=3)
    staff = bearer(make_user(staff_of=space))
    path = f"/api/v1/sessions/{sitting.id}/bookings"
    post(client, path, {"seats": 3}, bearer(make_user()))
    waiting = bearer(make_user())
    entry = post(client, path, {"seats": 2, "join_waitlist": True}, waiting).get_json()["id"]
    lower = post(client, f"/api/v1/manage/sessions/{sitting.id}/capacity", {"capacity": 2}, staff)
    assert lower.status_code == 400 and "capacity" in lower.get_json()["error"]["fields"]
    raised = post(client, f"/api/v1/manage/sessions/{sitting.id}/capacity", {"capacity": 5}, staff)
    assert raised.status_code == 200 and raised.get_json()["capacity"] == 5
    assert (
        client.get(f"/api/v1/bookings/{entry}", headers=waiting).get_json()["status"] == "offered"
    )


@pytest.mark.parametrize(
    "path", ["/api/v1/bookings/9999999999", "/api/v1/sessions/99999999999999999999999"]
)
def test_ids_beyond_the_database_are_not_found(client, resident, path):
    response = client.get(path, headers=resident[1])
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert client.get("/sessions/99999999999999999999999").status_code == 404


def test_a_date_far_away_is_invalid_not_an_error(
    client, make_space, make_workshop, make_user, bearer
):
    space = make_space()
    workshop = make_workshop(space=space)
    response = post(
        client,
        f"/api/v1/manage/workshops/{workshop.id}/sessions",
        {"starts_at": "9999-12-31T23:30:00+00:00"},
        bearer(make_user(staff_of=space)),
    )
    assert response.status_code == 400 and "starts_at" in response.get_json()["error"]["fields"]


def test_bookings_are_rate_limited_per_account(
    app, client, make_session, make_workshop, resident, monkeypatch
):
    monkeypatch.setitem(app.config, "BOOKING_LIMIT_PER_ACCOUNT", "2/minute")
    sessions = [make_session(make_workshop(price=0)) for _ in range(3)]
    answers = [
        post(client, f"/api/v1/sessions/{s.id}/bookings", {"seats": 1}, resident[1]).status_code
        for s in sessions
    ]
    assert answers == [201, 201, 429]


def test_a_failure_after_the_commit_never_turns_a_booking_into_an_error(
    client, db, make_session, make_workshop, resident, monkeypatch
):

    def broken(*_args):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(outbox, "claim", broken)
    sitting = make_session(make_workshop(price=0))
    response = post(client, f"/api/v1/sessions/{sitting.id}/bookings", {"seats": 1}, resident[1])
    assert response.status_code == 201  # the booking stands; its events wait for the job
    assert db.get_one(Booking, response.get_json()["id"]).status == "confirmed"
