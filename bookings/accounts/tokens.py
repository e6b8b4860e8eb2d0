"""Personal API tokens, and the secret address of a person's calendar feed."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from bookings.errors import N_, NotFound, TooManyTokens, invalid
from bookings.events import CredentialsReset
from bookings.unit.audit import record_action
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import ApiToken, User
from models.user import new_feed_token

MAX_TOKEN_LABEL = 80
#: Tokens are recognisable in logs, configs and secret scanners by this prefix.
TOKEN_PREFIX = "hcs_"  # noqa: S105  (a prefix, not a secret)
#: How stale ``ApiToken.last_used_at`` may get before a request refreshes it.
TOKEN_TOUCH_INTERVAL = timedelta(hours=1)
#: Tokens that work at once, per person: each is a door to the account (and logging in over the
#: API makes one), so a script cannot pile them up.
MAX_LIVE_TOKENS = 20


@dataclass(frozen=True)
class IssuedToken:
    """A new API token: ``secret`` is shown once and never stored."""

    token: ApiToken
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(db: Session, user_id: int, *, label: str) -> IssuedToken:
    """Create a personal API token for the person; only its digest is stored.

    ``TooManyTokens`` when the person already has ``MAX_LIVE_TOKENS`` that work.
    """
    label = " ".join(label.split())
    if not label or len(label) > MAX_TOKEN_LABEL:
        raise invalid("label", N_("must have 1 to %(n)d characters"), n=MAX_TOKEN_LABEL)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction(db):
        db.get_one(User, user_id, with_for_update=True)  # one issuer at a time per person
        live = db.scalar(
            select(func.count(ApiToken.id)).where(
                ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)
            )
        )
        if live >= MAX_LIVE_TOKENS:
            raise TooManyTokens()
        token = ApiToken(
            user_id=user_id, label=label, token_hash=_digest(secret), prefix=secret[:10]
        )
        db.add(token)
    return IssuedToken(token, secret)


#: The token's person, and of the token what deciding needs (one entity loaded, not two).
_USER_BY_DIGEST = (
    select(User, ApiToken.id, ApiToken.revoked_at, ApiToken.last_used_at)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("digest"))
)


def user_for_token(db: Session, secret: str, *, now: datetime) -> User | None:
    """The active person whose unrevoked token this is, or None.

    Refreshes the token's ``last_used_at`` when it is older than ``TOKEN_TOUCH_INTERVAL``.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    found = db.execute(_USER_BY_DIGEST, {"digest": _digest(secret)}).first()
    if found is None:
        return None
    user, token_id, revoked_at, last_used_at = found
    if revoked_at is not None or not user.is_active:
        return None
    if last_used_at is None or now - last_used_at > TOKEN_TOUCH_INTERVAL:
        with transaction(db):
            db.get_one(ApiToken, token_id).last_used_at = now
    return user


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
        record_action(db, "token.revoked", f"token:{token.id} of user:{user_id}", now=now)
    return token


def revoke_credentials(db: Session, user: User, *, now: datetime) -> None:
    """In the caller's open transaction, after a password change or reset: every login cookie
    (the session key changes), every API token and the calendar feed address stop working, and
    the person is told (``CredentialsReset``)."""
    user.session_key = secrets.token_urlsafe(24)
    user.calendar_token = new_feed_token()
    db.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    record(db, CredentialsReset(user.id, now), now=now)
    record_action(db, "tokens.revoked_all", f"user:{user.id} (new password)", now=now)


def end_every_login(db: Session, user_id: int) -> None:
    """Log the person out: the session key changes, so no copy of a login or "remember me"
    cookie of theirs works any more (their API tokens are left alone)."""
    with transaction(db):
        db.get_one(User, user_id).session_key = secrets.token_urlsafe(24)
