"""JSON shapes of the contract: Space, Session, Booking, Money."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Row

from app.database import db
from app.i18n import current_language, localized
from app.urls import public_url
from bookings.formatting import HANOI
from bookings.payments.transfers import TransferDetails, transfer_details
from bookings.seats import open_payment_of
from models import Booking, Space
from models.statuses import BookingStatus, RefundStatus


def money(amount: int) -> dict:
    return {"amount": amount, "currency": "VND"}


def timestamp(value: datetime) -> str:
    """ISO 8601 in Hanoi time with its offset: ``2026-11-28T18:30:00+07:00``."""
    return value.astimezone(HANOI).isoformat()


def space_json(space: Space) -> dict:
    return {
        "id": space.id,
        "slug": space.slug,
        "name": space.name,
        "kind": space.kind,
        "disciplines": space.disciplines,
        "district": space.district,
        "district_name": space.district_name,
        "address": space.address,
        "url": public_url("catalogue.space", slug=space.slug),
        "latitude": space.latitude,
        "longitude": space.longitude,
        "description": localized(space, "description"),
        "member_since": space.member_since.isoformat() if space.member_since else None,
        "certificate_number": space.certificate_number,
    }


def sessions_json(rows: Iterable[Row]) -> list[dict]:
    """Sessions from listing rows (``bookings.catalogue.search.LISTING_COLUMNS``)."""
    #: ``/sessions/<id>`` is the page's route: build its prefix once, not once per row.
    prefix = public_url("catalogue.sessions")
    english = current_language() == "en"
    return [
        {
            "id": row.id,
            "workshop": {
                "id": row.workshop_id,
                "title": (english and row.title_en) or row.title,
                "discipline": row.discipline,
                "language": row.language,
            },
            "space": {"slug": row.space_slug, "name": row.space_name},
            "starts_at": timestamp(row.starts_at),
            "ends_at": timestamp(row.ends_at),
            "capacity": row.capacity,
            "seats_left": row.seats_left,
            "waitlist_length": row.waitlist_length,
            "price": money(row.price),
            "status": row.status,
            "url": f"{prefix}/{row.id}",
            "ics_url": f"{prefix}/{row.id}.ics",
        }
        for row in rows
    ]


def booking_json(booking: Booking, position: int | None = None) -> dict:
    """The contract's ``Booking``; optional fields appear only when they apply."""
    body: dict = {
        "id": booking.id,
        "session_id": booking.session_id,
        "status": booking.status,
        "seats": booking.seats,
        "amount": money(booking.amount),
        "payment_method": booking.payment_method,
        "paid": booking.paid,
    }
    if booking.status == BookingStatus.PENDING_PAYMENT and booking.hold_expires_at:
        body["hold_expires_at"] = timestamp(booking.hold_expires_at)
        transfer = transfer_details(db.session, booking)
        if transfer is not None:
            body["bank_transfer"] = transfer_json(transfer)
        payment = open_payment_of(booking)
        if payment is not None:
            body["payment_url"] = public_url("payments.pay", reference=payment.reference)
    if booking.status == BookingStatus.OFFERED and booking.offer_expires_at:
        body["offer_expires_at"] = timestamp(booking.offer_expires_at)
    if booking.status == BookingStatus.CONFIRMED:
        body["ticket_code"] = booking.ticket_code
    if booking.status == BookingStatus.WAITLISTED and position is not None:
        body["waitlist_position"] = position
    if booking.checked_in_at:
        body["checked_in_at"] = timestamp(booking.checked_in_at)
    if booking.refunds:
        body["refund"] = {
            "amount": money(
                sum(r.amount for r in booking.refunds if r.status != RefundStatus.FAILED)
            ),
            "status": _refund_status(booking),
        }
    return body


def transfer_json(transfer: TransferDetails) -> dict:
    """The contract's ``bank_transfer`` block: where to send what, with which reference."""
    extra = {"checkout_url": transfer.checkout_url} if transfer.checkout_url else {}
    return extra | {
        "bank_bin": transfer.payee.bank.bin,
        "bank_name": transfer.payee.bank.short_name,
        "account_number": transfer.payee.account_number,
        "account_name": transfer.payee.account_name,
        "amount": money(transfer.amount),
        "received": money(transfer.received),
        "reference": transfer.reference,
        "vietqr": transfer.vietqr,
    }


def _refund_status(booking: Booking) -> str:
    """Pending while any refund is; failed if one failed; else succeeded."""
    statuses = {refund.status for refund in booking.refunds}
    for status in (RefundStatus.PENDING, RefundStatus.FAILED):
        if status in statuses:
            return status
    return RefundStatus.SUCCEEDED
