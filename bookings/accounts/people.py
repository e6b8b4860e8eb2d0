"""People's accounts: registering, logging in, profiles and passwords.

Every use case here owns its transaction.
"""

import re
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bookings.accounts import consent, passwords
from bookings.accounts.tokens import revoke_credentials
from bookings.errors import N_, EmailTaken, InvalidInput, Message, invalid
from bookings.events import AccountRegistered
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import User
from models.statuses import ConsentOccasion
from models.user import LOCALES

#: Something, an "@", something with a dot: real validation is the confirmation email.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME = 120


def normalise_email(email: str) -> str:
    """The form in which emails are stored and compared: trimmed and lower-cased."""
    return email.strip().lower()


def checked_profile(email: str | None, name: str | None, locale: str | None) -> dict:
    """The cleaned profile fields that were given; ``InvalidInput`` naming every bad one."""
    cleaned, errors = _clean_profile(email, name, locale)
    if errors:
        raise InvalidInput(errors)
    return cleaned


def _clean_profile(
    email: str | None, name: str | None, locale: str | None
) -> tuple[dict[str, str], dict[str, Message]]:
    errors: dict[str, Message] = {}
    cleaned: dict[str, str] = {}
    if email is not None:
        cleaned["email"] = normalise_email(email)
        if not _EMAIL.match(cleaned["email"]) or len(cleaned["email"]) > 254:
            errors["email"] = Message(N_("must be an email address such as lan@example.com"))
    if name is not None:
        cleaned["name"] = " ".join(name.split())
        if not cleaned["name"]:
            errors["name"] = Message(N_("is required"))
        elif len(cleaned["name"]) > MAX_NAME:
            errors["name"] = Message(N_("must have at most %(n)d characters"), {"n": MAX_NAME})
    if locale is not None:
        cleaned["locale"] = locale
        if locale not in LOCALES:
            errors["locale"] = Message(
                N_("must be one of: %(choices)s"), {"choices": ", ".join(LOCALES)}
            )
    return cleaned, errors


def profile_errors(
    *, email: str | None = None, name: str | None = None, locale: str | None = None
) -> dict[str, Message]:
    """What is wrong with the profile fields given (writes nothing): for forms that show every
    error at once."""
    return _clean_profile(email, name, locale)[1]


def registration_errors(*, email: str, password: str, name: str, locale: str) -> dict[str, Message]:
    """Everything ``register`` would refuse about these fields, short of a taken address
    (writes nothing, hashes nothing)."""
    profile, errors = _clean_profile(email, name, locale)
    try:
        passwords.check_new_password(
            password, email=profile.get("email", ""), name=profile.get("name", "")
        )
    except InvalidInput as error:
        errors.update(error.fields)
    return errors


def new_user(email: str, password: str, name: str, locale: str) -> User:
    """A checked, not yet stored account; ``InvalidInput`` naming every field that is wrong."""
    profile, errors = _clean_profile(email, name, locale)
    try:
        passwords.check_new_password(password, email=profile["email"], name=profile["name"])
    except InvalidInput as error:
        errors.update(error.fields)
    if errors:
        raise InvalidInput(errors)
    return User(
        **profile,
        password_hash=passwords.hash_password(password),
        session_key=new_session_key(),
    )


def add_user(db: Session, user: User) -> None:
    """Store a new account in the open transaction; ``EmailTaken`` when the email is in use."""
    if db.scalar(select(User.id).where(User.email == user.email)) is not None:
        raise EmailTaken()
    db.add(user)
    try:
        db.flush()
    except IntegrityError:  # a concurrent registration won the unique index
        raise EmailTaken() from None


def register(
    db: Session,
    *,
    email: str,
    password: str,
    name: str,
    locale: str = "vi",
    now: datetime | None = None,
    privacy_notice: str | None = consent.NOTICE_VERSION,
) -> User:
    """Create a resident's account, or raise ``InvalidInput`` / ``EmailTaken``.

    Promises: one account per email whatever its case or surrounding spaces; the password is
    kept only as an argon2id hash; a welcome message asks to confirm the address
    (``AccountRegistered``); registering is agreeing to the privacy notice in force, whose
    version ``privacy_notice`` names (the form's ticked box, the API's field): the consent is
    recorded with the account (``InvalidInput`` for another version).
    """
    now = now or datetime.now(UTC)
    try:
        consent.checked_version(privacy_notice)
        errors = {}
    except InvalidInput as error:
        errors = error.fields
    try:
        user = new_user(email, password, name, locale)  # slow hashing: outside the transaction
    except InvalidInput as error:
        raise InvalidInput(error.fields | errors) from None
    if errors:
        raise InvalidInput(errors)
    with transaction(db):
        add_user(db, user)
        consent.add_consent(db, user, ConsentOccasion.REGISTRATION, now)
        record(db, AccountRegistered(user.id, now), now=now)
    return user


def authenticate(db: Session, *, email: str, password: str) -> User | None:
    """The active account with this email and password, or None; as slow for unknown emails.

    Upgrades the stored hash when the hashing parameters have been strengthened since.
    """
    user = db.scalar(select(User).where(User.email == normalise_email(email)))
    valid = passwords.verify_password(user.password_hash if user else None, password)
    if not valid or user is None or not user.is_active:
        return None
    if passwords.needs_rehash(user.password_hash):
        with transaction(db):
            user = db.get_one(User, user.id)
            user.password_hash = passwords.hash_password(password)
    return user


def update_profile(
    db: Session,
    user_id: int,
    *,
    name: str,
    locale: str,
    mail_reminders: bool | None = None,
    mail_summaries: bool | None = None,
) -> User:
    """Change a person's name, language and (when given) which optional messages they want:
    reminders and staff summaries. Messages about their money or seats cannot be turned off."""
    profile = checked_profile(None, name, locale)
    with transaction(db):
        user = db.get_one(User, user_id)
        user.name, user.locale = profile["name"], profile["locale"]
        if mail_reminders is not None:
            user.mail_reminders = bool(mail_reminders)
        if mail_summaries is not None:
            user.mail_summaries = bool(mail_summaries)
    return user


def change_password(
    db: Session, user_id: int, *, current_password: str, new_password: str, now: datetime
) -> User:
    """Replace the password after checking the current one.

    Promises: every login (browsers, "remember me" cookies) ends, because the session key
    changes; every API token is revoked and the calendar feed address changes; the person is
    told (``revoke_credentials``). The caller logs this browser in again with the new key.
    """
    user = db.get_one(User, user_id)
    if not passwords.verify_password(user.password_hash, current_password):
        raise invalid("current_password", N_("is not your current password"))
    passwords.check_new_password(new_password, email=user.email, name=user.name)
    new_hash = passwords.hash_password(new_password)
    with transaction(db):
        user = db.get_one(User, user_id)
        user.password_hash = new_hash
        user.password_changed_at = now
        revoke_credentials(db, user, now=now)
    return user


def new_session_key() -> str:
    return secrets.token_urlsafe(24)


def load_session_user(db: Session, login_id: str) -> User | None:
    """The active person behind a login cookie's ``user_id:session_key``, or None."""
    user_id, _, session_key = login_id.partition(":")
    if not user_id.isdigit() or not session_key:
        return None
    user = db.get(User, int(user_id))
    if user is None or not user.is_active:
        return None
    return user if secrets.compare_digest(user.session_key, session_key) else None


#: A password hash no password matches: the account of someone who never registered.
UNUSABLE_PASSWORD = "!guest"  # noqa: S105  (not a password: a hash nothing matches)


def guest_account(db: Session, *, name: str, email: str | None) -> tuple[User, str | None]:
    """In the caller's open transaction: the account a walk-in is booked for, and the address
    its holder may confirm it with (or None).

    A new address gets an account that cannot log in, with that address (a person who came to
    the door without registering; a guest account of an earlier walk-in is reused). An address
    that belongs to someone's real account gets a name-only guest entry instead, and the address
    to confirm from that account: staff can neither attach bookings (and so messages) to
    somebody's account nor learn that the address has one. ``InvalidInput`` for a bad name or
    email.
    """
    email = (email or "").strip()
    claim = None
    if email:
        email = checked_profile(email, None, None)["email"]
        existing = db.scalar(select(User).where(User.email == email))
        if existing is not None and existing.password_hash == UNUSABLE_PASSWORD:
            return existing, None
        if existing is not None:
            email, claim = "", email
    if not email:
        email = f"guest-{secrets.token_hex(8)}@guests.invalid"
    profile = checked_profile(email, name, "vi")
    user = User(**profile, password_hash=UNUSABLE_PASSWORD, session_key=new_session_key())
    add_user(db, user)
    return user, claim
