"""What people are told when something happens: handlers of domain events that queue messages.

Each message is queued under a dedupe key that names what it is about, so running a handler
again (delivery is at least once) never queues it twice. Every handler here is left to the
worker (``bookings.bootstrap``): rendering a message costs far more than a booking.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.events import (
    AccountRegistered,
    BookingCancelled,
    BookingConfirmed,
    CredentialsReset,
    PasswordResetRequested,
    RefundSettled,
    SeatsHeld,
    SeatsOffered,
    SessionCancelled,
    SessionMoved,
    TeamInvitationSent,
)
from bookings.formatting import money
from bookings.messages import links
from bookings.messages.money import transfer_part
from bookings.messages.queue import is_queued
from bookings.messages.render import (
    Mail,
    booking_values,
    calendar_attachment,
    content_id,
    language_of,
    load_booking,
    qr_code,
    send_to,
    session_view,
    short_time,
)
from models import Booking, Payment, Refund, TeamInvitation, User
from models.message import TokenPurpose
from models.statuses import (
    BookingStatus,
    EndedBy,
    PaymentMethod,
    PaymentStatus,
    RefundReason,
    RefundStatus,
    SessionStatus,
)


def booking_confirmed(db: Session, event: BookingConfirmed, context) -> None:
    settings: Mail | None = context.mail
    booking = load_booking(db, event.booking_id) if settings else None
    if booking is None or booking.status != BookingStatus.CONFIRMED:
        return
    now = context.clock()
    language = language_of(booking.user)
    key = f"booking_confirmed:{booking.id}:{booking.confirmed_at.isoformat()}"

    qr_cid = content_id(settings)

    def attachments():
        qr = qr_code(settings, booking.ticket_code, qr_cid)
        ics = calendar_attachment(db, settings, booking, language, now)
        return (qr, ics) if ics else (qr,)

    send_to(
        db,
        settings,
        "booking_confirmed",
        user=booking.user,
        dedupe_key=key,
        now=now,
        subject_values={"title": session_view(settings, booking.session, language).title},
        values=lambda: booking_values(settings, booking, language) | {"qr_cid": qr_cid},
        attachments=attachments,
    )


def seats_held(db: Session, event: SeatsHeld, context) -> None:
    settings: Mail | None = context.mail
    booking = load_booking(db, event.booking_id) if settings else None
    if (
        booking is None
        or booking.status != BookingStatus.PENDING_PAYMENT
        or booking.hold_expires_at is None
    ):
        return
    held_message(db, settings, booking, "seats_held", context.clock())


def held_message(db: Session, settings: Mail, booking: Booking, kind: str, now: datetime) -> bool:
    """A held booking's message (held now, or about to go back): how to pay, and until when."""
    payment = db.scalar(
        select(Payment)
        .where(Payment.booking_id == booking.id, Payment.status == PaymentStatus.OPEN)
        .order_by(Payment.id.desc())
    )
    if payment is None:
        return False
    language = language_of(booking.user)
    expires = booking.hold_expires_at
    key = f"{kind}:{booking.id}:{expires.isoformat()}"
    transfer, files = transfer_part(db, settings, booking) if not is_queued(db, key) else (None, ())
    return send_to(
        db,
        settings,
        kind,
        user=booking.user,
        dedupe_key=key,
        now=now,
        subject_values={"time": short_time(expires, language)},
        values=lambda: (
            booking_values(settings, booking, language)
            | {
                "pay_url": settings.links.pay(payment.reference),
                "hold_expires_at": expires,
                "amount": payment.amount,
                "transfer": transfer,
                "vietqr_cid": files[0].content_id if files else "",
            }
        ),
        attachments=files,
    )


def seats_offered(db: Session, event: SeatsOffered, context) -> None:
    """One link answers the offer (``?answer=accept`` or ``decline``): it works without logging
    in, once, until the offer's deadline, and changes nothing but this offer."""
    settings: Mail | None = context.mail
    booking = load_booking(db, event.booking_id) if settings else None
    if (
        booking is None
        or booking.status != BookingStatus.OFFERED
        or booking.offer_expires_at is None
    ):
        return
    language = language_of(booking.user)
    expires = booking.offer_expires_at
    secret = links.new_secret()
    url = settings.links.offer(secret)
    send_to(
        db,
        settings,
        "offer",
        user=booking.user,
        dedupe_key=f"offer:{booking.id}:{expires.isoformat()}",
        now=context.clock(),
        subject_values={
            "title": session_view(settings, booking.session, language).title,
            "time": short_time(expires, language),
        },
        values=lambda: (
            booking_values(settings, booking, language)
            | {
                "accept_url": url + "?answer=accept",
                "decline_url": url + "?answer=decline",
                "offer_expires_at": expires,
            }
        ),
        also=lambda session: links.add_token(
            session,
            purpose=TokenPurpose.OFFER,
            user_id=booking.user_id,
            booking_id=booking.id,
            secret=secret,
            expires_at=expires,
            now=context.clock(),
        ),
    )


def session_moved(db: Session, event: SessionMoved, context) -> None:
    settings: Mail | None = context.mail
    if settings is None:
        return
    now = context.clock()
    bookings = db.scalars(
        select(Booking.id).where(
            Booking.session_id == event.session_id,
            Booking.status.in_(
                (BookingStatus.CONFIRMED, BookingStatus.PENDING_PAYMENT, BookingStatus.OFFERED)
            ),
        )
    ).all()
    moved = {
        "old_starts_at": event.old_starts_at,
        "new_starts_at": event.new_starts_at,
        "place_changed": (event.old_location or "") != (event.new_location or ""),
    }
    for booking_id in bookings:
        booking = load_booking(db, booking_id)
        key = (
            f"session_moved:{booking.id}:{event.old_starts_at.isoformat()}:"
            f"{event.new_starts_at.isoformat()}:{event.new_location or ''}"
        )
        _send_with_calendar(
            db, settings, "session_moved", booking, dedupe_key=key, now=now, extra=moved
        )


def _refunded(db: Session, booking_id: int, reason: str | None = None) -> int:
    query = select(Refund.amount).where(Refund.booking_id == booking_id)
    if reason:
        query = query.where(Refund.reason == reason)
    return sum(db.scalars(query))


def _send_with_calendar(
    db: Session,
    settings: Mail,
    kind: str,
    booking: Booking,
    *,
    dedupe_key: str,
    now: datetime,
    extra: dict,
) -> bool:
    """A message about one booking's session, with the session's ``.ics`` as it stands now."""
    language = language_of(booking.user)
    return send_to(
        db,
        settings,
        kind,
        user=booking.user,
        dedupe_key=dedupe_key,
        now=now,
        subject_values={"title": session_view(settings, booking.session, language).title},
        values=lambda: booking_values(settings, booking, language) | extra,
        attachments=lambda: tuple(
            a for a in [calendar_attachment(db, settings, booking, language, now)] if a
        ),
    )


def session_cancelled(db: Session, event: SessionCancelled, context) -> None:
    """Everyone whose booking or place in line the cancellation ended hears it, with the refund."""
    settings: Mail | None = context.mail
    if settings is None:
        return
    now = context.clock()
    bookings = db.scalars(
        select(Booking.id).where(
            Booking.session_id == event.session_id,
            Booking.status == BookingStatus.CANCELLED,
            Booking.ended_by == EndedBy.STAFF,
        )
    ).all()
    for booking_id in bookings:
        booking = load_booking(db, booking_id)
        refund = _refunded(db, booking.id, RefundReason.SESSION_CANCELLED)
        _send_with_calendar(
            db,
            settings,
            "session_cancelled",
            booking,
            dedupe_key=f"session_cancelled:{booking.id}",
            now=now,
            extra={"refund": refund, "message": event.message},
        )


def booking_cancelled(db: Session, event: BookingCancelled, context) -> None:
    """A booking ended by its person (or by staff, one booking): what it means, the refund."""
    settings: Mail | None = context.mail
    booking = load_booking(db, event.booking_id) if settings else None
    if (
        booking is None
        or event.by == EndedBy.SYSTEM
        or booking.session.status == SessionStatus.CANCELLED
    ):
        return  # expiries are not news; a cancelled session has its own message
    _send_with_calendar(
        db,
        settings,
        "booking_cancelled",
        booking,
        dedupe_key=f"booking_cancelled:{booking.id}",
        now=context.clock(),
        extra={"refund": event.refund_amount, "by": event.by},
    )


def refund_settled(db: Session, event: RefundSettled, context) -> None:
    settings: Mail | None = context.mail
    if settings is None or event.status != RefundStatus.SUCCEEDED:
        return
    refund = db.get(Refund, event.refund_id)
    booking = load_booking(db, event.booking_id)
    if refund is None or booking is None:
        return
    language = language_of(booking.user)
    late = refund.reason == RefundReason.LATE_PAYMENT
    kind = "late_payment_refunded" if late else "refund_issued"
    if booking.payment_method == PaymentMethod.BANK_TRANSFER:
        kind = "transfer_refunded"
    send_to(
        db,
        settings,
        kind,
        user=booking.user,
        dedupe_key=f"refund:{refund.id}",
        now=context.clock(),
        subject_values={"amount": money(refund.amount, language)},
        values=lambda: booking_values(settings, booking, language) | {"refund": refund},
    )


def account_registered(db: Session, event: AccountRegistered, context) -> None:
    settings: Mail | None = context.mail
    user = db.get(User, event.user_id) if settings else None
    if user is None or user.email_verified_at is not None:
        return
    secret = links.new_secret()
    now = context.clock()
    expires = now + links.VERIFY_FOR
    send_to(
        db,
        settings,
        "welcome",
        user=user,
        dedupe_key=f"welcome:{user.id}",
        now=now,
        subject_values={},
        values={"verify_url": settings.links.verify_email(secret)},
        also=lambda session: links.add_token(
            session,
            purpose=TokenPurpose.VERIFY_EMAIL,
            user_id=user.id,
            secret=secret,
            expires_at=expires,
            now=now,
        ),
    )


def password_reset_requested(db: Session, event: PasswordResetRequested, context) -> None:
    settings: Mail | None = context.mail
    user = db.scalar(select(User).where(User.email == event.email)) if settings else None
    if user is None or not user.is_active:
        return  # nobody has this address: nothing is sent, and the page said the same
    now = context.clock()
    if event.requested_at + links.RESET_FOR <= now:
        return  # delivered so late that its link would be dead on arrival
    secret = links.new_secret()
    expires = event.requested_at + links.RESET_FOR
    send_to(
        db,
        settings,
        "password_reset",
        user=user,
        dedupe_key=f"password_reset:{user.id}:{event.requested_at.isoformat()}",
        now=now,
        subject_values={},
        values={"reset_url": settings.links.reset_password(secret), "expires_at": expires},
        also=lambda session: links.add_token(
            session,
            purpose=TokenPurpose.RESET_PASSWORD,
            user_id=user.id,
            secret=secret,
            expires_at=expires,
            now=now,
        ),
    )


def credentials_reset(db: Session, event: CredentialsReset, context) -> None:
    """Tell the person their password changed and what stopped working, in case it was not
    them."""
    settings: Mail | None = context.mail
    user = db.get(User, event.user_id) if settings else None
    if user is None or not user.is_active:
        return
    send_to(
        db,
        settings,
        "credentials_reset",
        user=user,
        dedupe_key=f"credentials_reset:{user.id}:{event.reset_at.isoformat()}",
        now=context.clock(),
        subject_values={},
        values={"changed_at": event.reset_at, "reset_url": settings.links.forgot_password()},
    )


@dataclass(frozen=True)
class Addressee:
    """Whoever holds an address that may have no account (an invitation's)."""

    email: str
    name: str = ""
    locale: str = "vi"
    id: int | None = None


def team_invitation_sent(db: Session, event: TeamInvitationSent, context) -> None:
    """Mail the invitation to its address (in the account's language where it has one). The
    message never says whether the address has an account."""
    settings: Mail | None = context.mail
    invitation = db.get(TeamInvitation, event.invitation_id) if settings else None
    now = context.clock()
    if invitation is None or not invitation.is_open(now):
        return
    account = db.scalar(select(User).where(User.email == invitation.email))
    to = (
        Addressee(invitation.email, account.name, account.locale)
        if account
        else Addressee(invitation.email, invitation.email.split("@")[0])
    )
    send_to(
        db,
        settings,
        "team_invitation",
        user=to,
        dedupe_key=f"team_invitation:{invitation.id}",
        now=now,
        subject_values={"space": invitation.space.name},
        values={
            "space_name": invitation.space.name,
            "role": invitation.role,
            "expires_at": invitation.expires_at,
            "invitations_url": settings.links.invitations(),
        },
    )
