"""Accounts: registration, logging in, profiles, personal API tokens and staff appointments.

Every use case here owns its transaction (``bookings.transactions.transaction``).
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from bookings import outbox, passwords
from bookings.errors import N_, EmailTaken, InvalidInput, Message, NotFound, invalid
from bookings.events import AccountRegistered
from bookings.transactions import transaction
from models import ApiToken, Space, StaffMembership, User
from models.user import LOCALES, SPACE_ROLES, new_feed_token

#: Something, an "@", something with a dot: real validation is the confirmation email.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME = 120
MAX_TOKEN_LABEL = 80
#: Tokens are recognisable in logs, configs and secret scanners by this prefix.
TOKEN_PREFIX = "hcs_"  # noqa: S105  (a prefix, not a secret)
#: How stale ``ApiToken.last_used_at`` may get before a request refreshes it.
TOKEN_TOUCH_INTERVAL = timedelta(hours=1)


def normalise_email(email: str) -> str:
    """The form in which emails are stored and compared: trimmed and lower-cased."""
    return email.strip().lower()


def _checked_profile(email: str | None, name: str | None, locale: str | None) -> dict:
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


def _new_user(email: str, password: str, name: str, locale: str) -> User:
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
        session_key=_new_session_key(),
    )


def _add_user(db: Session, user: User) -> None:
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
) -> User:
    """Create a resident's account, or raise ``InvalidInput`` / ``EmailTaken``.

    Promises: one account per email whatever its case or surrounding spaces; the password is
    kept only as an argon2id hash; a welcome message asks to confirm the address
    (``AccountRegistered``).
    """
    now = now or datetime.now(UTC)
    user = _new_user(email, password, name, locale)  # hashing is slow: outside the transaction
    with transaction(db):
        _add_user(db, user)
        outbox.record(db, AccountRegistered(user.id, now), now=now)
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
    profile = _checked_profile(None, name, locale)
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

    Promises: every other login (browsers, "remember me" cookies) ends, because the session
    key changes; API tokens stay valid (they are revoked one by one).
    """
    user = db.get_one(User, user_id)
    if not passwords.verify_password(user.password_hash, current_password):
        raise invalid("current_password", N_("is not your current password"))
    passwords.check_new_password(new_password, email=user.email, name=user.name)
    new_hash = passwords.hash_password(new_password)
    with transaction(db):
        user = db.get_one(User, user_id)
        user.password_hash = new_hash
        user.session_key = _new_session_key()
        user.password_changed_at = now
    return user


def _new_session_key() -> str:
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


@dataclass(frozen=True)
class IssuedToken:
    """A new API token: ``secret`` is shown once and never stored."""

    token: ApiToken
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(db: Session, user_id: int, *, label: str) -> IssuedToken:
    """Create a personal API token for the person; only its digest is stored."""
    label = " ".join(label.split())
    if not label or len(label) > MAX_TOKEN_LABEL:
        raise invalid("label", N_("must have 1 to %(n)d characters"), n=MAX_TOKEN_LABEL)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction(db):
        token = ApiToken(
            user_id=user_id, label=label, token_hash=_digest(secret), prefix=secret[:10]
        )
        db.add(token)
    return IssuedToken(token, secret)


_TOKEN_BY_DIGEST = (
    select(ApiToken)
    .where(ApiToken.token_hash == bindparam("digest"))
    .options(joinedload(ApiToken.user))
)


def user_for_token(db: Session, secret: str, *, now: datetime) -> User | None:
    """The active person whose unrevoked token this is, or None.

    Refreshes the token's ``last_used_at`` when it is older than ``TOKEN_TOUCH_INTERVAL``.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = db.scalar(_TOKEN_BY_DIGEST, {"digest": _digest(secret)})
    if token is None or not token.is_active or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        token_id = token.id
        with transaction(db):
            token = db.get_one(ApiToken, token_id)
            token.last_used_at = now
    return token.user


def rotate_calendar_token(db: Session, user_id: int) -> User:
    """Give the person a new calendar feed address; the old one stops working at once."""
    with transaction(db):
        user = db.get_one(User, user_id)
        user.calendar_token = new_feed_token()
    return user


def list_tokens(db: Session, user_id: int) -> list[ApiToken]:
    """The person's tokens that still work, newest first."""
    return list(
        db.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(db: Session, user_id: int, token_id: int, *, now: datetime) -> ApiToken:
    """Revoke one of the person's own tokens; another person's token is ``NotFound``."""
    with transaction(db):
        token = db.get(ApiToken, token_id)
        if token is None or token.user_id != user_id or not token.is_active:
            raise NotFound(N_("We could not find that token."))
        token.revoked_at = now
    return token


def create_user(
    db: Session,
    *,
    email: str,
    password: str,
    name: str | None = None,
    role: str = "resident",
    space_slug: str | None = None,
) -> User:
    """The operator's ``users create``: an account with a role, checked like any registration.

    ``role`` is ``resident``, ``staff`` (of ``space_slug``, required) or ``admin`` (who may also be
    made staff of a space). All or nothing: one transaction.
    """
    if role not in ("resident", "staff", "admin"):
        raise invalid("role", N_("must be one of: %(choices)s"), choices="resident, staff, admin")
    if role == "staff" and not space_slug:
        raise invalid("space", N_("is required for staff"))
    user = _new_user(email, password, name or email.strip().split("@")[0], "vi")
    user.is_admin = role == "admin"
    with transaction(db):
        if space_slug:
            user.memberships = [StaffMembership(space=_space(db, space_slug), role="staff")]
        _add_user(db, user)
    return user


def _space(db: Session, slug: str) -> Space:
    space = db.scalar(select(Space).where(Space.slug == slug))
    if space is None:
        raise invalid("space", N_("no member space has this code"))
    return space


def appoint_staff(db: Session, *, space_slug: str, email: str, role: str) -> StaffMembership:
    """Make the person with ``email`` owner or staff of the space (or change their role).

    The person must already have an account: they register, then the space's admin appoints
    them.
    """
    if role not in SPACE_ROLES:
        raise invalid("role", N_("must be one of: %(choices)s"), choices=", ".join(SPACE_ROLES))
    with transaction(db):
        space = _space(db, space_slug)
        user = db.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise invalid("email", N_("nobody has an account with this email address yet"))
        membership = db.get(StaffMembership, (user.id, space.id))
        if membership is None:
            membership = StaffMembership(user=user, space=space, role=role)
            db.add(membership)
        membership.role = role
    return membership


def remove_staff(db: Session, *, space_slug: str, user_id: int) -> None:
    """End a person's role in the space; ``NotFound`` when they had none."""
    with transaction(db):
        space = _space(db, space_slug)
        membership = db.get(StaffMembership, (user_id, space.id))
        if membership is None:
            raise NotFound(N_("This person is not on the team."))
        db.delete(membership)


def space_team(db: Session, space_id: int) -> list[StaffMembership]:
    """The people who work for a space, owners first, then by name."""
    return list(
        db.scalars(
            select(StaffMembership)
            .join(StaffMembership.user)
            .where(StaffMembership.space_id == space_id)
            .order_by(StaffMembership.role, User.name, User.id)
        )
    )


#: A password hash no password matches: the account of someone who never registered.
UNUSABLE_PASSWORD = "!guest"  # noqa: S105  (not a password: a hash nothing matches)


def guest_account(db: Session, *, name: str, email: str | None) -> User:
    """In the caller's open transaction: the account with this email, or a new one that cannot
    log in (a person who came to the door without registering).

    Without an email the account gets an address of its own under ``.invalid``, which no mail
    can reach. ``InvalidInput`` for a bad name or email.
    """
    email = (email or "").strip()
    if email:
        existing = db.scalar(select(User).where(User.email == normalise_email(email)))
        if existing is not None:
            return existing
    else:
        email = f"guest-{secrets.token_hex(8)}@guests.invalid"
    profile = _checked_profile(email, name, "vi")
    user = User(**profile, password_hash=UNUSABLE_PASSWORD, session_key=_new_session_key())
    _add_user(db, user)
    return user
