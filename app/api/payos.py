"""payOS: a space's payOS credentials (owners and admins). They are never shown again: the
answers say whether payOS is configured, the client id's last characters and the address of
the space's payOS webhook."""

from datetime import UTC, datetime

from flask import jsonify

from app.api import api
from app.api.auth import api_user, token_required
from app.api.body import JsonBody
from app.api.transfers import owned_space
from app.database import db
from app.gateways import payos_settings
from app.urls import public_url
from bookings.errors import N_, NotFound
from bookings.payments import payos


def _payos_json(space, tail: str) -> dict:
    return {
        "configured": True,
        "client_id_ending": tail,
        "webhook_url": public_url("webhooks.payos_notification", slug=space.slug),
    }


@api.get("/manage/spaces/<slug>/payos")
@token_required
def get_payos(slug: str):
    space = owned_space(slug)
    tail = payos.client_id_tail(db.session, space.id)
    if tail is None:
        raise NotFound(N_("This space has no payOS account."))
    return jsonify(_payos_json(space, tail))


@api.put("/manage/spaces/<slug>/payos")
@token_required
def put_payos(slug: str):
    space = owned_space(slug)
    body = JsonBody()
    client_id = body.string("client_id", max_length=200)
    api_key = body.string("api_key", max_length=200)
    checksum_key = body.string("checksum_key", max_length=200)
    body.done()
    tail = payos.set_payos(
        db.session,
        space_id=space.id,
        by=api_user().id,
        client_id=client_id,
        api_key=api_key,
        checksum_key=checksum_key,
        vault=payos_settings().vault,
        now=datetime.now(UTC),
    )
    return jsonify(_payos_json(space, tail))


@api.delete("/manage/spaces/<slug>/payos")
@token_required
def delete_payos(slug: str):
    space = owned_space(slug)
    payos.remove_payos(db.session, space_id=space.id, by=api_user().id, now=datetime.now(UTC))
    return "", 204
