"""Booking endpoints for residents: book, list, read, cancel, answer a waiting-list offer."""

from datetime import UTC, datetime

from flask import jsonify

from app import metrics
from app.api import api
from app.api.auth import api_user, token_required
from app.api.body import JsonBody
from app.api.serializers import booking_json
from app.database import db
from app.gateways import gateway, hold, request_by_payos, transfer_hold
from app.security import limit_bookings
from bookings import payments, seats
from models.statuses import PaymentMethod


def _one(booking_id: int) -> dict:
    """The booking as its person sees it, re-read with its payments and refunds."""
    found = seats.booking_of(db.session, booking_id, api_user().id)
    return booking_json(found, seats.waitlist_positions(db.session, [found]).get(found.id))


@api.post("/sessions/<int:session_id>/bookings")
@limit_bookings
@token_required
def create_booking(session_id: int):
    body = JsonBody()
    wanted = body.integer("seats", low=1, high=1000)
    join_waitlist = body.boolean("join_waitlist")
    payment = body.choice(
        "payment", (PaymentMethod.CARD, PaymentMethod.AT_VENUE, PaymentMethod.BANK_TRANSFER)
    )
    body.done()
    booking = seats.book_seats(
        db.session,
        session_id=session_id,
        user_id=api_user().id,
        seats=wanted,
        payment=payment,
        join_waitlist=join_waitlist,
        now=datetime.now(UTC),
        gateway=gateway().name,
        hold=hold(),
        transfer_hold=transfer_hold(),
    )
    metrics.count_booking(booking.status)
    open_checkout(booking)
    # The booking as the use case left it: no need to read it again.
    position = seats.waitlist_positions(db.session, [booking]).get(booking.id)
    return jsonify(booking_json(booking, position)), 201


def open_checkout(booking) -> None:
    """Open the gateway's checkout now, so ``payment_url`` leads straight to it. If the gateway
    is down, the booking stands: ``payment_url`` (a page of ours) tries again when opened."""
    payment = seats.open_payment_of(booking)
    if payment is not None and payment.provider == seats.TRANSFER:
        request_by_payos(booking)
    if payment is None or payment.provider == seats.TRANSFER:
        return
    try:
        payments.checkout_url(db.session, payment.reference, gateway(), now=datetime.now(UTC))
    except Exception:  # noqa: BLE001 (any gateway failure: the page retries)
        db.session.rollback()


@api.get("/me/bookings")
@token_required
def my_bookings():
    everything = seats.bookings_of(db.session, api_user().id)
    positions = seats.waitlist_positions(db.session, everything)
    return jsonify(items=[booking_json(b, positions.get(b.id)) for b in everything])


@api.get("/bookings/<int:booking_id>")
@token_required
def get_booking(booking_id: int):
    return jsonify(_one(booking_id))


@api.post("/bookings/<int:booking_id>/cancel")
@limit_bookings
@token_required
def cancel_booking(booking_id: int):
    seats.cancel_booking(
        db.session, booking_id=booking_id, user_id=api_user().id, now=datetime.now(UTC)
    )
    return jsonify(_one(booking_id))


@api.post("/bookings/<int:booking_id>/accept-offer")
@limit_bookings
@token_required
def accept_offer(booking_id: int):
    booking = seats.accept_offer(
        db.session,
        booking_id=booking_id,
        user_id=api_user().id,
        now=datetime.now(UTC),
        gateway=gateway().name,
        hold=hold(),
        transfer_hold=transfer_hold(),
    )
    open_checkout(booking)
    return jsonify(_one(booking_id))


@api.post("/bookings/<int:booking_id>/decline-offer")
@limit_bookings
@token_required
def decline_offer(booking_id: int):
    seats.decline_offer(
        db.session, booking_id=booking_id, user_id=api_user().id, now=datetime.now(UTC)
    )
    return jsonify(_one(booking_id))
