"""Bearer-token authentication of the API. Session cookies are never accepted here."""

from datetime import UTC, datetime
from functools import wraps

from flask import g

from app.database import db
from app.security import bearer_secret
from bookings import accounts
from bookings.errors import N_, Unauthenticated
from bookings.permissions import authorize
from models import User


def _bearer_secret() -> str:
    secret = bearer_secret()
    if secret is None:
        raise Unauthenticated(N_("Send your token as 'Authorization: Bearer <token>'."))
    return secret


def token_required(view):
    """The view runs only for a valid bearer token; ``api_user()`` is its person."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = accounts.user_for_token(db.session, _bearer_secret(), now=datetime.now(UTC))
        if user is None:
            raise Unauthenticated(N_("This token is not valid or has been revoked."))
        g.api_user = user
        return view(*args, **kwargs)

    return wrapper


def api_user() -> User:
    return g.api_user


def require(action: str, obj: object = None) -> None:
    """Raise the API error the caller should get unless the token's person may do ``action``."""
    authorize(g.get("api_user"), action, obj)
