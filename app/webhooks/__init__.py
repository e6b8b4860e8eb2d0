"""Notifications from outside services that watch a space's money: a bank's (SePay's format)
and payOS's.

``POST /webhooks/bank/<slug>`` authenticates with the space's own key (``Authorization: Apikey
<key>``), records the notification once by its id and answers ``{"success": true}`` to every
authenticated one (repeats, outgoing and unmatched ones included), so the service stops
retrying. A wrong or missing key is a 401 and changes nothing.

``POST /webhooks/payos/<slug>`` is verified with the space's payOS checksum key (a forged or
missing signature is a 400 and changes nothing); the payment is then re-read from payOS, and
what payOS lists is taken once. Every verified notice is answered ``{"success": true}``.
"""

from datetime import UTC, datetime

from flask import Blueprint, current_app, jsonify, request

from app.database import db
from app.gateways import payos_settings
from bookings import network
from bookings.errors import N_, InvalidInput, Message, Unauthenticated
from bookings.payments import payees, payos, transfers

webhooks = Blueprint("webhooks", __name__, url_prefix="/webhooks")


def _apikey() -> str | None:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() if scheme.lower() == "apikey" else None


def _notice(data) -> transfers.BankNotice:
    """SePay's fields, checked: an id, ``in`` or ``out``, a whole positive amount."""
    errors: dict[str, Message] = {}
    if not isinstance(data, dict):
        raise InvalidInput({"body": Message(N_("must be a JSON object"))})
    ident = data.get("id")
    if isinstance(ident, bool) or not isinstance(ident, int | str) or not str(ident).strip():
        errors["id"] = Message(N_("is required"))
    if data.get("transferType") not in ("in", "out"):
        errors["transferType"] = Message(N_("must be one of: %(choices)s"), {"choices": "in, out"})
    amount = data.get("transferAmount")
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount < 10**12:
        errors["transferAmount"] = Message(N_("must be a whole positive number"))
    if errors:
        raise InvalidInput(errors)

    def text(name: str) -> str:
        value = data.get(name)
        return "" if value is None else str(value)

    return transfers.BankNotice(
        id=str(ident).strip()[:64],
        transfer_type=data["transferType"],
        amount=amount,
        account_number=text("accountNumber"),
        content=text("content"),
        gateway=text("gateway"),
        transaction_date=text("transactionDate"),
        reference_code=text("referenceCode"),
    )


@webhooks.post("/bank/<slug>")
def bank_notification(slug: str):
    space = network.space_by_slug(db.session, slug)
    if not payees.notification_key_matches(space, _apikey()):
        raise Unauthenticated(N_("Send the space's key as 'Authorization: Apikey <key>'."))
    notice = _notice(request.get_json(silent=True, force=True))
    outcome = transfers.receive_notification(
        db.session, space_id=space.id, notice=notice, now=datetime.now(UTC)
    )
    current_app.logger.info(
        "bank notification %s for %s: %s", notice.id, space.slug, outcome or "repeat"
    )
    return jsonify(success=True)


@webhooks.post("/payos/<slug>")
def payos_notification(slug: str):
    space = network.space_by_slug(db.session, slug)
    taken = payos.receive_webhook(
        db.session,
        space=space,
        body=request.get_data(cache=False),
        settings=payos_settings(),
        now=datetime.now(UTC),
    )
    current_app.logger.info("payOS notice for %s: %s transaction(s) taken", space.slug, taken)
    return jsonify(success=True)
