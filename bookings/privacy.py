"""A person's data under their control (Vietnam's Decree 13/2023): everything held about them
in one file, and their account deleted on request.

Deleting cancels what can still be cancelled (with the usual refunds), then erases or
anonymises the person at once: the account keeps no name, address, password, tokens or feed;
messages sent to them are deleted; bookings stay, anonymous, where a space's accounts need them
(a paid seat, a refund, a check-in count). The answer says what was kept and why.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bookings.accounts import passwords
from bookings.accounts.consent import consents_of
from bookings.accounts.people import UNUSABLE_PASSWORD, new_session_key
from bookings.errors import N_, BookingError, invalid
from bookings.seats import cancel_booking, policy
from bookings.unit.audit import record_action
from bookings.unit.transaction import transaction
from models import (
    ApiToken,
    Booking,
    Consent,
    EmailToken,
    OutboundMessage,
    StaffMembership,
    User,
)
from models.statuses import ACTIVE_BOOKINGS, UserStatus
from models.user import new_feed_token

#: What a deleted account keeps, and why (the person is told).
KEPT = (
    N_(
        "Bookings stay in the spaces' accounts without your name or address: seats, amounts, "
        "payments and refunds, as the law on accounting requires."
    ),
    N_(
        "A booking whose cancellation deadline has passed stays as it is (its seat is yours; "
        "the space cannot give it to someone else in time), without your name."
    ),
)


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def export_data(db: Session, user_id: int) -> dict:
    """Everything held about the person: account, bookings with payments and refunds, messages
    sent to them, API tokens (never their secrets), consents."""
    user = db.get_one(User, user_id)
    bookings = db.scalars(
        select(Booking).where(Booking.user_id == user_id).order_by(Booking.id)
    ).all()
    messages = db.scalars(
        select(OutboundMessage)
        .where(OutboundMessage.user_id == user_id)
        .order_by(OutboundMessage.id)
    ).all()
    tokens = db.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
    ).all()
    return {
        "account": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "locale": user.locale,
            "created_at": _when(user.created_at),
            "email_verified_at": _when(user.email_verified_at),
            "password_changed_at": _when(user.password_changed_at),
            "mail_reminders": user.mail_reminders,
            "mail_summaries": user.mail_summaries,
            "admin": user.is_admin,
            "roles": [{"space": m.space.slug, "role": m.role} for m in user.memberships],
        },
        "bookings": [_booking(b) for b in bookings],
        "payments": [_payment(p) for b in bookings for p in b.payments],
        "refunds": [_refund(r) for b in bookings for r in b.refunds],
        "messages": [
            {
                "kind": m.kind,
                "to": m.recipient,
                "subject": m.subject,
                "status": m.status,
                "created_at": _when(m.created_at),
                "sent_at": _when(m.sent_at),
            }
            for m in messages
        ],
        "tokens": [
            {
                "label": t.label,
                "prefix": t.prefix,
                "created_at": _when(t.created_at),
                "last_used_at": _when(t.last_used_at),
                "revoked_at": _when(t.revoked_at),
            }
            for t in tokens
        ],
        "consents": [_consent(c) for c in consents_of(db, user_id)],
    }


def _consent(consent: Consent) -> dict:
    """An agreement to the privacy notice: which version, when, on which occasion."""
    return {
        "notice_version": consent.notice_version,
        "given_at": _when(consent.given_at),
        "occasion": consent.occasion,
    }


def _booking(booking: Booking) -> dict:
    sitting = booking.session
    return {
        "id": booking.id,
        "session_id": sitting.id,
        "workshop": sitting.workshop.title,
        "space": sitting.workshop.space.name,
        "starts_at": _when(sitting.starts_at),
        "status": booking.status,
        "seats": booking.seats,
        "amount": {"amount": booking.amount, "currency": "VND"},
        "ticket_code": booking.ticket_code,
        "created_at": _when(booking.created_at),
        "checked_in_at": _when(booking.checked_in_at),
        "cancelled_at": _when(booking.cancelled_at),
    }


def _payment(payment) -> dict:
    return {
        "booking_id": payment.booking_id,
        "provider": payment.provider,
        "amount": {"amount": payment.amount, "currency": payment.currency},
        "status": payment.status,
        "created_at": _when(payment.created_at),
        "paid_at": _when(payment.paid_at),
    }


def _refund(refund) -> dict:
    return {
        "booking_id": refund.booking_id,
        "amount": {"amount": refund.amount, "currency": "VND"},
        "status": refund.status,
        "reason": refund.reason,
        "created_at": _when(refund.created_at),
        "settled_at": _when(refund.settled_at),
    }


@dataclass(frozen=True)
class Deleted:
    """What deleting did: bookings cancelled (refunds follow), and what was kept and why."""

    cancelled: list[int]
    #: Untranslated sentences of ``KEPT``: those that apply to this person's bookings.
    kept: tuple[str, ...]


def delete_account(db: Session, user_id: int, *, password: str, now: datetime) -> Deleted:
    """Delete the person's account, once they confirm with their password (``InvalidInput``
    otherwise).

    Promises: future bookings that may still be cancelled are cancelled first, with the usual
    refunds; then, in one transaction, the account is anonymised (no name, address, password,
    session, feed or working token; the address may register again), their messages and links
    are deleted, their roles end and staff notes about them are cleared.
    """
    user = db.get_one(User, user_id)
    if not user.is_active or not passwords.verify_password(user.password_hash, password):
        raise invalid("password", N_("is not your password"))
    cancelled, left_as_they_are = [], 0
    active = db.scalars(
        select(Booking.id).where(Booking.user_id == user_id, Booking.status.in_(ACTIVE_BOOKINGS))
    ).all()
    for booking_id in active:
        booking = db.get_one(Booking, booking_id)
        if booking.session.starts_at <= now or policy.too_late_to_cancel(booking, now):
            left_as_they_are += 1
            continue
        try:
            cancel_booking(db, booking_id=booking_id, user_id=user_id, now=now)
        except BookingError:
            continue  # it ended meanwhile
        cancelled.append(booking_id)
    any_booking = db.scalar(select(Booking.id).where(Booking.user_id == user_id).limit(1))
    with transaction(db):
        _anonymise(db, db.get_one(User, user_id), now)
        record_action(db, "account.deleted", f"user:{user_id}", now=now)
    # The person is told what applies to them: nothing kept when they never booked.
    kept = KEPT[:1] if any_booking is not None else ()
    return Deleted(cancelled, kept + (KEPT[1:] if left_as_they_are else ()))


def _anonymise(db: Session, user: User, now: datetime) -> None:
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.name = "—"
    user.password_hash = UNUSABLE_PASSWORD
    user.session_key = new_session_key()
    user.calendar_token = new_feed_token()
    user.status = UserStatus.DISABLED
    user.is_admin = False
    user.email_verified_at = None
    user.mail_reminders = user.mail_summaries = False
    user.deleted_at = now
    db.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    for model in (EmailToken, OutboundMessage, StaffMembership):
        db.execute(
            delete(model)
            .where(model.user_id == user.id)
            .execution_options(synchronize_session=False)
        )
    db.execute(
        update(Booking)
        .where(Booking.user_id == user.id)
        .values(note="", claim_email=None)
        .execution_options(synchronize_session=False)
    )
