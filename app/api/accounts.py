"""Accounts and personal tokens: ``POST /accounts``, ``POST /tokens``, ``/me``."""

from datetime import UTC, datetime

from flask import jsonify
from flask_babel import gettext

from app.api import api
from app.api.auth import api_user, token_required
from app.api.body import JsonBody
from app.api.serializers import timestamp
from app.database import db
from app.security import (
    limit_login_attempts,
    limit_registrations,
    mark_failed_login,
    mark_signed_in,
)
from app.urls import feed_links, public_url
from bookings import accounts, privacy
from bookings.errors import N_, Unauthenticated
from models import ApiToken, User
from models.user import LOCALES


def _token_json(token: ApiToken) -> dict:
    return {
        "id": token.id,
        "label": token.label,
        "prefix": token.prefix,
        "created_at": timestamp(token.created_at),
        "last_used_at": timestamp(token.last_used_at) if token.last_used_at else None,
    }


def _me_json(user: User) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "locale": user.locale,
        "admin": user.is_admin,
        "spaces": [
            {"slug": m.space.slug, "name": m.space.name, "role": m.role} for m in user.memberships
        ],
        "privacy_notice": {
            "version": accounts.NOTICE_VERSION,
            "accepted": not accounts.needs_consent(user),
            "url": public_url("auth.privacy_notice"),
        },
    }


@api.post("/accounts")
@limit_registrations
def create_account():
    body = JsonBody()
    email = body.string("email", max_length=254)
    password = body.string("password", max_length=1000)
    name = body.string("name", max_length=200)
    locale = body.choice("locale", LOCALES, default="vi")
    # Registering is agreeing to the notice in force; a client that shows it may name it.
    notice = body.string("privacy_notice", required=False, max_length=20)
    body.done()
    user = accounts.register(
        db.session,
        email=email,
        password=password,
        name=name,
        locale=locale,
        privacy_notice=accounts.NOTICE_VERSION if notice is None else notice,
    )
    issued = accounts.issue_token(db.session, user.id, label="API registration")
    return (
        jsonify(id=user.id, email=user.email, name=user.name, token=issued.secret),
        201,
    )


@api.post("/tokens")
@limit_login_attempts
def create_token():
    body = JsonBody()
    email = body.string("email", max_length=254)
    password = body.string("password", max_length=1000)
    label = body.string("label", required=False, max_length=80) or "API"
    body.done()
    user = accounts.authenticate(db.session, email=email, password=password)
    if user is None:
        mark_failed_login()
        raise Unauthenticated(N_("Wrong email address or password."))
    mark_signed_in()
    issued = accounts.issue_token(db.session, user.id, label=label)
    return jsonify(token=issued.secret), 201


@api.get("/me")
@token_required
def me():
    return jsonify(_me_json(api_user()))


@api.post("/me/privacy-notice")
@token_required
def agree_to_privacy_notice():
    """The person agrees to the privacy notice in force, whose version they name."""
    body = JsonBody()
    version = body.string("version", max_length=20)
    body.done()
    user = accounts.agree_to_notice(
        db.session, user_id=api_user().id, version=version, now=datetime.now(UTC)
    )
    return jsonify(_me_json(user))


@api.get("/me/tokens")
@token_required
def my_tokens():
    return jsonify(items=[_token_json(t) for t in accounts.list_tokens(db.session, api_user().id)])


@api.delete("/me/tokens/<int:token_id>")
@token_required
def revoke_my_token(token_id: int):
    accounts.revoke_token(db.session, api_user().id, token_id, now=datetime.now(UTC))
    return "", 204


@api.get("/me/calendar")
@token_required
def my_calendar():
    return jsonify(feed_links(api_user()))


@api.post("/me/calendar/rotate")
@token_required
def rotate_my_calendar():
    user = accounts.rotate_calendar_token(db.session, api_user().id)
    return jsonify(feed_links(user))


@api.get("/me/export")
@token_required
def export_my_data():
    """Everything held about the person, as one JSON file to download."""
    response = jsonify(privacy.export_data(db.session, api_user().id))
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@api.post("/me/delete")
@token_required
def delete_me():
    """Delete the token's account, confirmed with its password."""
    body = JsonBody()
    password = body.string("password", max_length=1000)
    body.done()
    done = privacy.delete_account(
        db.session, api_user().id, password=password or "", now=datetime.now(UTC)
    )
    return jsonify(
        deleted=True,
        bookings_cancelled=done.cancelled,
        kept=[gettext(reason) for reason in done.kept],
    )
