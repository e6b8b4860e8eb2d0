"""Links in emails: answering a waiting-list offer, confirming an address, resetting a password.

Each link carries a random secret (256 bits); only its SHA-256 is stored (``EmailToken``), with
its purpose, its person (and offer), an expiry and ``used_at``. A link works once: using it is an
UPDATE that only succeeds while ``used_at`` is empty and the expiry is ahead, so two clicks at
the same moment cannot both succeed. A tampered or unknown secret finds nothing (``LinkInvalid``);
a used or expired one is ``LinkUsed``. The pages that open these links only *show* what the link
would do, with a button (POST): mail scanners that fetch every link change nothing.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bookings.accounts import passwords
from bookings.accounts.tokens import revoke_credentials
from bookings.errors import LinkInvalid, LinkUsed
from bookings.events import PasswordResetRequested
from bookings.seats.offers import accept_offer, decline_offer
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import Booking, EmailToken, User
from models.message import TokenPurpose
from models.statuses import BookingStatus

#: How long the link of a welcome message confirms the address.
VERIFY_FOR = timedelta(days=7)
#: How long a password reset link works.
RESET_FOR = timedelta(hours=1)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def add_token(
    db: Session,
    *,
    purpose: str,
    user_id: int,
    secret: str,
    expires_at: datetime,
    now: datetime,
    booking_id: int | None = None,
) -> EmailToken:
    """Store the digest of a link's secret in the caller's open transaction."""
    token = EmailToken(
        purpose=purpose,
        user_id=user_id,
        booking_id=booking_id,
        token_hash=_digest(secret),
        created_at=now,
        expires_at=expires_at,
    )
    db.add(token)
    return token


def find(db: Session, purpose: str, secret: str, *, now: datetime) -> EmailToken:
    """The usable token of this link; ``LinkInvalid`` or ``LinkUsed`` otherwise."""
    token = None
    if 20 <= len(secret) <= 100:
        token = db.scalar(
            select(EmailToken).where(
                EmailToken.token_hash == _digest(secret), EmailToken.purpose == purpose
            )
        )
    if token is None:
        raise LinkInvalid()
    if token.used_at is not None or token.expires_at <= now:
        raise LinkUsed()
    return token


def _use(db: Session, token_id: int, now: datetime) -> None:
    """Mark the token used in the open transaction, or raise ``LinkUsed`` if someone did first."""
    used = db.execute(
        update(EmailToken)
        .where(
            EmailToken.id == token_id,
            EmailToken.used_at.is_(None),
            EmailToken.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if used != 1:
        raise LinkUsed()


def offer_of(db: Session, secret: str, *, now: datetime) -> Booking:
    """The offered booking a link answers (for its page); the link stays unused."""
    token = find(db, TokenPurpose.OFFER, secret, now=now)
    booking = db.get(Booking, token.booking_id)
    if booking is None or booking.user_id != token.user_id:
        raise LinkInvalid()
    if booking.status != BookingStatus.OFFERED:
        raise LinkUsed()  # answered on the site, or passed on: the link died with the offer
    return booking


def answer_offer(
    db: Session,
    secret: str,
    *,
    accept: bool,
    now: datetime,
    gateway: str,
    hold: timedelta,
) -> Booking:
    """Accept or decline the offer of this link, as its person, without a login.

    The link is used up first (its own commit), then the offer is answered: a second click, or
    the other button, finds the link used. An offer that ended meanwhile raises ``NoOffer``.
    """
    token = find(db, TokenPurpose.OFFER, secret, now=now)
    token_id, booking_id, user_id = token.id, token.booking_id, token.user_id
    with transaction(db):
        _use(db, token_id, now)
    if accept:
        return accept_offer(
            db, booking_id=booking_id, user_id=user_id, now=now, gateway=gateway, hold=hold
        )
    return decline_offer(db, booking_id=booking_id, user_id=user_id, now=now)


def verify_email(db: Session, secret: str, *, now: datetime) -> User:
    """Confirm the address the welcome message reached."""
    token = find(db, TokenPurpose.VERIFY_EMAIL, secret, now=now)
    token_id, user_id = token.id, token.user_id
    with transaction(db):
        _use(db, token_id, now)
        user = db.get_one(User, user_id)
        if user.email_verified_at is None:
            user.email_verified_at = now
    return user


def request_password_reset(db: Session, email: str, *, now: datetime | None = None) -> None:
    """Ask for a reset link for ``email``; the answer is the same whether or not it has an account.

    The request does the same work either way (it records ``PasswordResetRequested`` with the
    address; it does not even look the account up), and the event waits for the next job run
    instead of being handled during the request: neither the answer nor its timing tells whether
    the address has an account. The handler finds the account and sends the link.
    """
    now = now or datetime.now(UTC)
    address = email.strip().lower()
    if not address or len(address) > 254:
        return
    with transaction(db):  # its message is the worker's: nothing is rendered meanwhile
        record(db, PasswordResetRequested(address, now), now=now)


def reset_password_user(db: Session, secret: str, *, now: datetime) -> User:
    """The person whose reset link this is (for its page); the link stays unused."""
    token = find(db, TokenPurpose.RESET_PASSWORD, secret, now=now)
    user = db.get_one(User, token.user_id)
    if not user.is_active or user.password_changed_at > token.created_at:
        raise LinkUsed()  # the password changed since the link was sent
    return user


def reset_password(db: Session, secret: str, *, new_password: str, now: datetime) -> User:
    """Set a new password with a reset link: once, before it expires.

    Every other reset link of the person dies with it; every login, API token and the
    calendar feed address stop working, and the person is told (``revoke_credentials``). The
    link reached the address, so the address counts as confirmed from now on.
    """
    user = reset_password_user(db, secret, now=now)
    passwords.check_new_password(new_password, email=user.email, name=user.name)
    new_hash = passwords.hash_password(new_password)
    token_id, user_id = find(db, TokenPurpose.RESET_PASSWORD, secret, now=now).id, user.id
    with transaction(db):
        _use(db, token_id, now)
        db.execute(
            update(EmailToken)
            .where(
                EmailToken.user_id == user_id,
                EmailToken.purpose == TokenPurpose.RESET_PASSWORD,
                EmailToken.used_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        user = db.get_one(User, user_id)
        user.password_hash = new_hash
        user.password_changed_at = now
        if user.email_verified_at is None:
            user.email_verified_at = now
        revoke_credentials(db, user, now=now)
    return user
