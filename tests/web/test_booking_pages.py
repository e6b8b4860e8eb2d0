"""Booking from the pages: the session's panel, paying on the demo page, My bookings, cancel."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from sqlalchemy import select

from bookings import seats
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking
from tests.conftest import log_in
from tests.forms import post_form, text


def test_anonymous_visitors_are_asked_to_log_in_to_book(client, make_session):
    sitting = make_session()
    page = text(client.get(f"/sessions/{sitting.id}", headers={"Accept-Language": "en"}))
    assert "Log in to book" in page
    assert f"/login?next=/sessions/{sitting.id}" in page


def test_book_a_free_session_and_see_the_ticket(client, db, make_session, make_workshop, make_user):
    sitting = make_session(make_workshop(price=0), capacity=4)
    log_in(client, make_user(locale="en"))
    page = text(client.get(f"/sessions/{sitting.id}"))
    assert 'name="seats"' in page and "Book" in page
    response = post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "2"}, page=f"/sessions/{sitting.id}"
    )
    assert response.status_code == 302
    booking = db.scalar(select(Booking))
    assert response.headers["Location"] == f"/me/bookings/{booking.id}"
    ticket = text(client.get(response.headers["Location"]))
    assert "Booked! Your ticket is below." in ticket
    assert booking.ticket_code in ticket
    assert "See your booking" in text(client.get(f"/sessions/{sitting.id}"))


def test_book_and_pay_on_the_demo_page(client, db, make_session, make_workshop, make_user):
    sitting = make_session(make_workshop(price=250_000, pay_at_venue=True))
    log_in(client, make_user(locale="en"))
    page = text(client.get(f"/sessions/{sitting.id}"))
    assert 'value="at_venue"' in page and "₫500,000" in page  # two seats, priced in the menu
    booked = post_form(
        client,
        f"/sessions/{sitting.id}/book",
        {"seats": "2", "payment": "card"},
        page=f"/sessions/{sitting.id}",
    )
    reference = db.scalar(select(Booking)).payments[0].reference
    assert booked.headers["Location"] == f"/payments/{reference}"
    checkout = client.get(booked.headers["Location"])
    demo_path = checkout.headers["Location"]
    demo = text(client.get(demo_path))
    assert "Demo payment provider: no money moves" in demo and "₫500,000" in demo
    paid = post_form(client, f"{demo_path}/pay", {}, page=demo_path)
    assert paid.status_code == 302
    db.expire_all()
    booking = db.scalar(select(Booking))
    assert (booking.status, booking.paid) == ("confirmed", True)
    assert "Paid. Your seats are confirmed." in text(client.get(paid.headers["Location"]))


def test_cancel_on_the_demo_page_releases_the_seats(
    client, db, make_session, make_workshop, make_user
):
    sitting = make_session(make_workshop(price=100_000), capacity=2)
    log_in(client, make_user())
    post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "2"}, page=f"/sessions/{sitting.id}"
    )
    reference = db.scalar(select(Booking)).payments[0].reference
    post_form(client, f"/payments/demo/{reference}/cancel", {}, page=f"/payments/demo/{reference}")
    db.expire_all()
    assert db.scalar(select(Booking)).status == "expired"
    assert db.get_one(type(sitting), sitting.id).seats_taken == 0


def test_a_full_session_offers_the_waiting_list(client, make_session, make_workshop, make_user):
    sitting = make_session(make_workshop(price=0), capacity=2, seats_taken=0)
    first = make_user()
    log_in(client, first)
    post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "2"}, page=f"/sessions/{sitting.id}"
    )
    log_in(client, make_user(locale="en"))
    page = text(client.get(f"/sessions/{sitting.id}"))
    assert "This session is full" in page and "Join the waiting list" in page
    joined = post_form(
        client,
        f"/sessions/{sitting.id}/book",
        {"seats": "1", "join_waitlist": "y"},
        page=f"/sessions/{sitting.id}",
    )
    assert "You are number 1 in line" in text(client.get(joined.headers["Location"]))


def test_a_refused_booking_is_explained_on_the_session_page(
    client, make_session, make_workshop, make_user
):
    sitting = make_session(make_workshop(price=0), capacity=1)
    log_in(client, make_user(locale="en"))
    response = post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "3"}, page=f"/sessions/{sitting.id}"
    )
    assert response.headers["Location"] == f"/sessions/{sitting.id}#book"
    assert "must be 1 to 1" in text(client.get(f"/sessions/{sitting.id}"))


def test_my_bookings_lists_upcoming_waiting_and_offers(
    client, make_session, make_workshop, make_user
):
    sitting = make_session(make_workshop(price=0, title="Vẽ màu nước", title_en=""), capacity=1)
    holder, waiting = make_user(), make_user(locale="en")
    log_in(client, holder)
    post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "1"}, page=f"/sessions/{sitting.id}"
    )
    log_in(client, waiting)
    post_form(
        client,
        f"/sessions/{sitting.id}/book",
        {"seats": "1", "join_waitlist": "y"},
        page=f"/sessions/{sitting.id}",
    )
    listing = text(client.get("/me/bookings"))
    assert "Vẽ màu nước" in listing and "number 1 in line" in listing

    log_in(client, holder)
    booking_id = re.search(r"/me/bookings/(\d+)", text(client.get("/me/bookings"))).group(1)
    post_form(
        client, f"/me/bookings/{booking_id}/cancel", {}, page=f"/me/bookings/{booking_id}/cancel"
    )
    log_in(client, waiting)
    listing = text(client.get("/me/bookings"))
    assert "Seats came free for you" in listing and "Take the seats" in listing
    offer_id = re.search(r"/me/bookings/(\d+)/accept-offer", listing).group(1)
    accepted = post_form(client, f"/me/bookings/{offer_id}/accept-offer", {}, page="/me/bookings")
    assert "Show this code at the door" in text(client.get(accepted.headers["Location"]))


def test_the_cancel_page_states_the_refund_before_confirming(
    client, db, make_session, make_workshop, make_user
):
    sitting = make_session(make_workshop(price=300_000), starts_in=timedelta(days=4))
    log_in(client, make_user(locale="en"))
    post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "1"}, page=f"/sessions/{sitting.id}"
    )
    booking = db.scalar(select(Booking))
    reference = booking.payments[0].reference
    post_form(client, f"/payments/demo/{reference}/pay", {}, page=f"/payments/demo/{reference}")
    confirm = text(client.get(f"/me/bookings/{booking.id}/cancel"))
    assert "You will get ₫300,000 back on your card." in confirm
    done = post_form(
        client, f"/me/bookings/{booking.id}/cancel", {}, page=f"/me/bookings/{booking.id}/cancel"
    )
    page = text(client.get(done.headers["Location"]))
    assert "Cancelled." in page and "Refund of ₫300,000" in page


def test_the_cancel_page_says_when_it_is_too_late(client, make_session, make_workshop, make_user):
    sitting = make_session(make_workshop(price=0), starts_in=timedelta(hours=3))
    log_in(client, make_user(locale="en"))
    booked = post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "1"}, page=f"/sessions/{sitting.id}"
    )
    page = text(client.get(booked.headers["Location"] + "/cancel"))
    assert "Cancellation closed at" in page and "Yes, cancel" not in page


def test_someone_elses_booking_is_not_found(client, make_session, make_user):
    sitting = make_session()
    log_in(client, make_user())
    post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "1"}, page=f"/sessions/{sitting.id}"
    )
    booking_id = re.search(r"/me/bookings/(\d+)", text(client.get("/me/bookings"))).group(1)
    log_in(client, make_user())
    assert client.get(f"/me/bookings/{booking_id}").status_code == 404
    assert client.get(f"/me/bookings/{booking_id}/cancel").status_code == 404


def _hanoi(moment, pattern: str) -> str:
    return format_datetime(moment, pattern, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"), locale="en")


def test_the_booking_card_states_the_deadline_as_a_date_and_time_before_the_button(
    client, make_session, make_workshop, make_user
):
    sitting = make_session(make_workshop(price=300_000), starts_in=timedelta(days=4))
    log_in(client, make_user(locale="en"))
    page = text(client.get(f"/sessions/{sitting.id}"))
    deadline = _hanoi(sitting.starts_at - timedelta(hours=24), "EEE d MMM, HH:mm")
    promise = f"Free cancellation until {deadline}, with a full refund."
    assert promise in page
    assert page.index(promise) < page.index('action="/sessions/')  # before the booking button
    assert "No refund" not in page


def test_a_late_booking_says_no_refund_and_its_ticket_offers_no_cancel(
    client, db, make_session, make_workshop, make_user
):
    sitting = make_session(make_workshop(price=900_000), starts_in=timedelta(minutes=40))
    log_in(client, make_user(locale="en"))
    page = text(client.get(f"/sessions/{sitting.id}"))
    deadline = _hanoi(sitting.starts_at - timedelta(hours=24), "EEE d MMM, HH:mm")
    assert "No refund." in page
    assert f"The free cancellation deadline ({deadline}) has passed" in page
    assert page.index("No refund.") < page.index('action="/sessions/')
    post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "1"}, page=f"/sessions/{sitting.id}"
    )
    booking = db.scalar(select(Booking))
    reference = booking.payments[0].reference
    assert "No refund." in text(client.get(f"/payments/demo/{reference}"))  # before paying
    post_form(client, f"/payments/demo/{reference}/pay", {}, page=f"/payments/demo/{reference}")
    ticket = text(client.get(f"/me/bookings/{booking.id}"))
    assert f"closed at {deadline}: no refund" in ticket
    assert f"/me/bookings/{booking.id}/cancel" not in ticket
    assert "Cancelling online closed at" in ticket


def test_a_cancelled_paid_booking_says_refunded_not_paid(
    client, db, make_session, make_workshop, make_user
):
    sitting = make_session(make_workshop(price=300_000), starts_in=timedelta(days=4))
    log_in(client, make_user(locale="en"))
    post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "1"}, page=f"/sessions/{sitting.id}"
    )
    booking = db.scalar(select(Booking))
    reference = booking.payments[0].reference
    post_form(client, f"/payments/demo/{reference}/pay", {}, page=f"/payments/demo/{reference}")
    post_form(
        client, f"/me/bookings/{booking.id}/cancel", {}, page=f"/me/bookings/{booking.id}/cancel"
    )
    ticket = text(client.get(f"/me/bookings/{booking.id}"))
    price = ticket[
        ticket.index("<dt>Price</dt>") : ticket.index("</dd>", ticket.index("<dt>Price"))
    ]
    assert "Cancelled" in ticket and "This booking is cancelled." in ticket
    assert "refund of ₫300,000 owed to you, on its way" in price or "refunded ₫300,000" in price
    assert "Paid" not in price and "paid" not in price.replace("nothing was paid", "")
    listing = text(client.get("/me/bookings"))
    assert "₫300,000" in listing and ("owed to you" in listing or "refunded" in listing)


def test_the_waiting_list_form_never_asks_for_a_card_now(
    client, db, make_session, make_workshop, make_user, now
):
    sitting = make_session(make_workshop(price=200_000, pay_at_venue=True), capacity=1)
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=make_user().id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    log_in(client, make_user(locale="en"))
    page = text(client.get(f"/sessions/{sitting.id}"))
    assert "Join the waiting list" in page
    assert "By card now" not in page and "pay by card now" not in page.lower()
    assert "nothing is charged now" in page
    assert "By card, when you take the offered seats" in page


def test_the_space_contact_is_on_its_page_the_session_and_every_ticket(
    client, db, make_space, make_workshop, make_session, make_user
):
    space = make_space(
        phone="024 3823 4567", email="hello@nhasan.vn", messenger_url="https://zalo.me/0912345678"
    )
    sitting = make_session(make_workshop(space=space, price=0))
    log_in(client, make_user(locale="en"))
    booked = post_form(
        client, f"/sessions/{sitting.id}/book", {"seats": "1"}, page=f"/sessions/{sitting.id}"
    )
    for url in (f"/spaces/{space.slug}", f"/sessions/{sitting.id}", booked.headers["Location"]):
        page = text(client.get(url))
        assert 'href="tel:02438234567"' in page, url
        assert 'href="mailto:hello@nhasan.vn"' in page, url
        assert 'href="https://zalo.me/0912345678"' in page, url
