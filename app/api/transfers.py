"""Bank transfer (VietQR): a space's payee and notification key (owners and admins), the
transfers staff reconcile, marking paid and paying back by hand, a person's refund account."""

from datetime import UTC, datetime

from flask import jsonify, url_for

from app.api import api
from app.api.auth import api_user, require, token_required
from app.api.body import JsonBody
from app.api.serializers import booking_json, money, timestamp
from app.database import db
from bookings import network, seats
from bookings.errors import N_, NotFound
from bookings.payments import payees, transfers
from models import Booking


def _payee_json(details: payees.PayeeDetails) -> dict:
    return {
        "bank_bin": details.bank.bin,
        "bank_name": details.bank.short_name,
        "bank_full_name": details.bank.name,
        "account_number": details.account_number,
        "account_name": details.account_name,
    }


def owned_space(slug: str):
    """The space whose money settings are asked for: its owners' and admins' only."""
    space = network.space_by_slug(db.session, slug)
    require("manage_payee", space)
    return space


@api.get("/manage/spaces/<slug>/payee")
@token_required
def get_payee(slug: str):
    space = owned_space(slug)
    details = payees.payee_of(db.session, space.id)
    if details is None:
        raise NotFound(N_("This space has no bank account for transfers."))
    return jsonify(_payee_json(details))


@api.put("/manage/spaces/<slug>/payee")
@token_required
def put_payee(slug: str):
    space = owned_space(slug)
    body = JsonBody()
    bank_bin = body.string("bank_bin", max_length=6)
    number = body.string("account_number", max_length=40)
    holder = body.string("account_name", max_length=200)
    body.done()
    details = payees.set_payee(
        db.session,
        space_id=space.id,
        by=api_user().id,
        bank_bin=bank_bin,
        account_number=number,
        account_name=holder,
        now=datetime.now(UTC),
    )
    return jsonify(_payee_json(details))


@api.delete("/manage/spaces/<slug>/payee")
@token_required
def delete_payee(slug: str):
    space = owned_space(slug)
    payees.remove_payee(db.session, space_id=space.id, by=api_user().id, now=datetime.now(UTC))
    return "", 204


@api.post("/manage/spaces/<slug>/bank-notifications/key")
@token_required
def new_notification_key(slug: str):
    space = owned_space(slug)
    key = payees.new_notification_key(db.session, space_id=space.id)
    url = url_for("webhooks.bank_notification", slug=space.slug, _external=True)
    return jsonify(key=key, url=url), 201


def _staff_space(slug: str):
    space = network.space_by_slug(db.session, slug)
    require("manage_space", space)
    return space


@api.get("/manage/spaces/<slug>/transfers")
@token_required
def list_transfers(slug: str):
    space = _staff_space(slug)
    found = transfers.transfers_of_space(db.session, space.id)
    return jsonify(
        pending=[booking_json(booking) for booking in found.pending],
        unmatched=[
            {
                "id": row.id,
                "amount": money(row.amount),
                "content": row.content,
                "received_at": timestamp(row.received_at),
                "account_number": row.account_number,
                "reference_code": row.reference_code,
            }
            for row in found.unmatched
        ],
    )


def _space_booking(booking_id: int) -> Booking:
    """A booking of a space the person works for (another's looks absent)."""
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        raise NotFound(N_("We could not find that booking."))
    require("see_people", booking.session.workshop.space)
    return booking


def _bank_reference() -> str:
    body = JsonBody()
    reference = body.string("bank_reference", max_length=200)
    body.done()
    return reference


@api.post("/manage/bookings/<int:booking_id>/mark-paid")
@token_required
def mark_paid(booking_id: int):
    _space_booking(booking_id)
    reference = _bank_reference()
    seats.mark_paid(
        db.session, booking_id=booking_id, bank_reference=reference, now=datetime.now(UTC)
    )
    return jsonify(booking_json(seats.booking_of(db.session, booking_id, None)))


@api.post("/manage/bookings/<int:booking_id>/refund-paid")
@token_required
def refund_paid(booking_id: int):
    _space_booking(booking_id)
    reference = _bank_reference()
    transfers.refund_paid(
        db.session, booking_id=booking_id, bank_reference=reference, now=datetime.now(UTC)
    )
    return jsonify(booking_json(seats.booking_of(db.session, booking_id, None)))


@api.post("/manage/spaces/<slug>/transfers/<notification_id>/attach")
@token_required
def attach_transfer(slug: str, notification_id: str):
    space = _staff_space(slug)
    body = JsonBody()
    booking_id = body.integer("booking_id", low=1, high=2**31 - 1)
    body.done()
    transfers.attach_notification(
        db.session,
        space_id=space.id,
        notification_id=notification_id,
        booking_id=booking_id,
        by=api_user().id,
        now=datetime.now(UTC),
    )
    return jsonify(booking_json(seats.booking_of(db.session, booking_id, None)))


@api.post("/bookings/<int:booking_id>/refund-account")
@token_required
def refund_account(booking_id: int):
    body = JsonBody()
    bank_bin = body.string("bank_bin", max_length=6)
    number = body.string("account_number", max_length=40)
    holder = body.string("account_name", max_length=200)
    body.done()
    transfers.set_refund_account(
        db.session,
        booking_id=booking_id,
        user_id=api_user().id,
        bank_bin=bank_bin,
        account_number=number,
        account_name=holder,
    )
    return jsonify(booking_json(seats.booking_of(db.session, booking_id, api_user().id)))
