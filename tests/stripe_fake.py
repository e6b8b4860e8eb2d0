"""A local Stripe for the tests: localstripe, plus the Checkout Sessions it lacks.

Run as its own process (``python -m tests.stripe_fake``): it binds 127.0.0.1 on a free port and
prints ``port=<n>`` on its first line. One aiohttp application serves

- everything localstripe serves (payment methods, PaymentIntents, charges, refunds …), with its
  state in memory only (never ``/tmp/localstripe.pickle``);
- ``/v1/checkout/sessions``: create, retrieve, list, expire and line items, in Stripe's shapes,
  with Stripe's checks (``mode=payment``, line items, ``expires_at`` 30 minutes to 24 hours
  ahead, a minimum charge) and Stripe's error bodies;
- Stripe's idempotency: a POST repeated with the same ``Idempotency-Key`` and the same parameters
  gets the first answer again, with other parameters a 400 ``idempotency_error``;
- Stripe's refund limit: refunds of a charge never exceed what it took (``amount_too_large``,
  ``charge_already_refunded``), and each refund sends ``charge.refunded``;
- a hosted "Checkout page" at ``/c/pay/<id>`` where a person pays or goes back;
- test controls under ``/_test/``: where to send webhooks, complete (paid at once, or an
  asynchronous payment that later succeeds or fails), time out, list and resend events.

Webhooks are signed like Stripe's: ``Stripe-Signature: t=<ts>,v1=<HMAC-SHA256(secret, "ts.body")>``.

What it returns and sends has Stripe's shapes: tests/payments/test_stripe_fake_shapes.py validates
it against Stripe's published OpenAPI description (tests/stripe_openapi.py). localstripe's
PaymentIntents and Charges are brought to that shape on the way out (``_stripe_object``).
"""

import argparse
import asyncio
import hashlib
import json
import secrets
import socket
import sys
import time
from html import escape

import stripe
from aiohttp import ClientSession, web
from localstripe import resources, server
from localstripe.resources import Charge, PaymentIntent, PaymentMethod, Refund

from tests.stripe_signing import signature_header

resources.Store.dump_to_disk = lambda self: None  # state lives in this process only

#: Stripe refuses charges below about 0.50 USD; in VND, at 26,000 ₫ to the dollar.
MINIMUM_VND = 13_000
MIN_EXPIRY, MAX_EXPIRY = 30 * 60, 24 * 60 * 60
#: Events carry the API version of the installed SDK, as Stripe sends its webhook endpoint's.
API_VERSION = stripe.api_version

SESSIONS: dict[str, dict] = {}
EVENTS: dict[str, dict] = {}
IDEMPOTENT: dict[str, tuple[str, int, bytes]] = {}
CONFIG: dict[str, str | None] = {"webhook_url": None, "webhook_secret": None, "base": ""}


def _error(status: int, message: str, *, param=None, code=None, kind="invalid_request_error"):
    body = {"error": {"type": kind, "message": message}}
    if param:
        body["error"]["param"] = param
    if code:
        body["error"]["code"] = code
    return web.json_response(body, status=status)


def _missing(what: str, ident: str):
    return _error(404, f"No such {what}: '{ident}'", code="resource_missing", param="id")


async def _form(request) -> dict:
    if request.method == "GET":
        return server.unflatten_data(request.query) or {}
    return await server.get_post_data(request) or {}


# --- webhooks -----------------------------------------------------------------------------


def _event(kind: str, obj: dict) -> dict:
    event = {
        "id": "evt_" + secrets.token_hex(12),
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()),
        "data": {"object": json.loads(json.dumps(obj))},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
    }
    EVENTS[event["id"]] = event
    return event


async def _send(event: dict) -> int | None:
    url, secret = CONFIG["webhook_url"], CONFIG["webhook_secret"]
    if not url or not secret:
        return None
    payload = json.dumps(event).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Stripe-Signature": signature_header(payload, secret),
    }
    async with ClientSession() as client, client.post(url, data=payload, headers=headers) as r:
        return r.status


async def _announce(kind: str, obj: dict, when: str = "now") -> dict:
    """Record an event and send it: ``now`` (before answering), ``later`` (after 0.5 s) or
    ``never`` (the test sends it itself, through ``/_test/events/<id>/send``). A sent event
    keeps the status the app answered (``delivered_status``), for the tests to wait on."""
    event = _event(kind, obj)
    if when == "now":
        event["delivered_status"] = await _send(event)
    elif when == "later":

        async def later():
            await asyncio.sleep(0.5)
            event["delivered_status"] = await _send(event)

        asyncio.ensure_future(later())
    return event


# --- idempotency and refund limits (in front of every POST) -------------------------------


@web.middleware
async def stripe_rules(request, handler):
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or not key or request.path.startswith("/_test"):
        return await _refund_rules(request, handler)
    body = await request.read()
    fingerprint = request.path + "?" + hashlib.sha256(body).hexdigest()
    if key in IDEMPOTENT:
        seen, status, answer = IDEMPOTENT[key]
        if seen != fingerprint:
            return _error(
                400,
                "Keys for idempotent requests can only be used with the same parameters "
                "they were first used with.",
                kind="idempotency_error",
            )
        return web.Response(
            status=status,
            body=answer,
            content_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )
    response = await _refund_rules(request, handler)
    if response.status < 500:
        IDEMPOTENT[key] = (fingerprint, response.status, response.body)
    return response


async def _refund_rules(request, handler):
    if request.method != "POST" or request.path != "/v1/refunds":
        return await handler(request)
    data = await _form(request)
    intent_id = data.get("payment_intent")
    try:
        intent = PaymentIntent._api_retrieve(intent_id)
    except Exception:  # noqa: BLE001 (localstripe answers the missing object itself)
        return await handler(request)
    charge = intent.latest_charge
    taken = sum(r.amount for r in Refund._api_list_all("/v1/refunds", charge=charge.id)._list)
    left = charge.amount - taken
    wanted = int(data.get("amount") or left)
    if left <= 0:
        return _error(
            400, f"Charge {charge.id} has already been refunded.", code="charge_already_refunded"
        )
    if wanted > left:
        return _error(
            400,
            f"Refund amount ({wanted} ₫) is greater than unrefunded amount on charge ({left} ₫)",
            param="amount",
            code="amount_too_large",
        )
    response = await handler(request)
    if response.status == 200:
        exported = _stripe_object(charge._export())
        exported["amount_refunded"] = taken + wanted
        exported["refunded"] = taken + wanted >= charge.amount
        await _announce("charge.refunded", exported)
    return response


# --- localstripe's objects in Stripe's shape ----------------------------------------------


def _stripe_object(obj):
    """A PaymentIntent or Charge of localstripe (or a list of them) with the fields Stripe always
    sends, and expandable fields as ids (localstripe embeds the PaymentIntent's charge)."""
    if not isinstance(obj, dict):
        return obj
    kind = obj.get("object")
    if kind == "list":
        return {**obj, "data": [_stripe_object(item) for item in obj["data"]]}
    if kind == "payment_intent":
        charge = obj.get("latest_charge")
        return {
            "confirmation_method": "automatic",
            "payment_method_types": ["card"],
            **obj,
            "latest_charge": charge["id"] if isinstance(charge, dict) else charge,
        }
    if kind == "charge":
        return {
            "amount_captured": obj["amount"] if obj.get("captured") else 0,
            "billing_details": {"address": None, "email": None, "name": None, "phone": None},
            "disputed": False,
            **obj,
        }
    return obj


@web.middleware
async def stripe_shapes(request, handler):
    response = await handler(request)
    served = request.path.startswith(("/v1/payment_intents", "/v1/charges"))
    if not served or response.status != 200 or response.content_type != "application/json":
        return response
    return web.json_response(_stripe_object(json.loads(response.body)), status=response.status)


# --- Checkout Sessions -------------------------------------------------------------------


def _public(session: dict) -> dict:
    _expire_if_due(session)
    return {k: v for k, v in session.items() if not k.startswith("_")}


def _expire_if_due(session: dict) -> None:
    if session["status"] == "open" and session["expires_at"] <= time.time():
        _expire(session)
        asyncio.ensure_future(_announce("checkout.session.expired", _public(session)))


def _expire(session: dict) -> None:
    session["status"], session["url"] = "expired", None


def _price(unit: int, currency: str) -> dict:
    """The Price Stripe makes for a line item's ``price_data`` (inactive: used once)."""
    return {
        "id": "price_" + secrets.token_hex(12),
        "object": "price",
        "active": False,
        "billing_scheme": "per_unit",
        "created": int(time.time()),
        "currency": currency,
        "custom_unit_amount": None,
        "livemode": False,
        "lookup_key": None,
        "metadata": {},
        "nickname": None,
        "product": "prod_" + secrets.token_hex(7),
        "recurring": None,
        "tax_behavior": "unspecified",
        "tiers_mode": None,
        "transform_quantity": None,
        "type": "one_time",
        "unit_amount": unit,
        "unit_amount_decimal": str(unit),
    }


def _line_items(data: dict) -> list[dict] | str:
    items = data.get("line_items")
    if not isinstance(items, list) or not items:
        return "line_items"
    out = []
    for index, item in enumerate(items):
        price = item.get("price_data") or {}
        product = price.get("product_data") or {}
        try:
            quantity, unit = int(item.get("quantity", 0)), int(price.get("unit_amount", -1))
        except ValueError:
            return f"line_items[{index}]"
        if quantity < 1 or unit < 0 or not product.get("name") or not price.get("currency"):
            return f"line_items[{index}]"
        currency = price["currency"].lower()
        out.append(
            {
                "id": "li_" + secrets.token_hex(12),
                "object": "item",
                "amount_discount": 0,
                "amount_subtotal": unit * quantity,
                "amount_tax": 0,
                "amount_total": unit * quantity,
                "currency": currency,
                "description": product["name"],
                "quantity": quantity,
                "price": _price(unit, currency),
            }
        )
    return out


async def create_session(request):
    data = await _form(request)
    if data.get("mode") != "payment":
        return _error(400, "Only mode=payment is served here.", param="mode")
    items = _line_items(data)
    if isinstance(items, str):
        return _error(400, "Invalid line item.", param=items)
    currencies = {item["currency"] for item in items}
    if len(currencies) != 1:
        return _error(400, "All line items must share one currency.", param="line_items")
    currency = currencies.pop()
    total = sum(item["amount_total"] for item in items)
    if currency == "vnd" and total < MINIMUM_VND:
        return _error(
            400,
            "The Checkout Session's total amount due must add up to at least ₫13,000",
            code="amount_too_small",
        )
    if not data.get("success_url"):
        return _error(400, "Missing required param: success_url.", param="success_url")
    now = int(time.time())
    expires_at = int(data.get("expires_at") or now + MAX_EXPIRY)
    if not now + MIN_EXPIRY <= expires_at <= now + MAX_EXPIRY:
        return _error(
            400,
            "The `expires_at` timestamp must be between 30 minutes and 24 hours from "
            "Checkout Session creation.",
            param="expires_at",
        )
    ident = "cs_test_" + secrets.token_hex(24)
    session = {
        "id": ident,
        "object": "checkout.session",
        "amount_subtotal": total,
        "amount_total": total,
        "automatic_tax": {"enabled": False, "status": None},
        "cancel_url": data.get("cancel_url"),
        "client_reference_id": data.get("client_reference_id"),
        "created": now,
        "currency": currency,
        "customer_details": (
            {"email": data["customer_email"]} if data.get("customer_email") else None
        ),
        "customer_email": data.get("customer_email"),
        "custom_fields": [],
        "custom_text": {
            "after_submit": None,
            "shipping_address": None,
            "submit": None,
            "terms_of_service_acceptance": None,
        },
        "expires_at": expires_at,
        "livemode": False,
        "locale": data.get("locale"),
        "metadata": data.get("metadata") or {},
        "mode": "payment",
        "payment_intent": None,
        "payment_method_types": ["card"],
        "payment_status": "unpaid",
        "shipping_options": [],
        "status": "open",
        "success_url": data["success_url"],
        "url": f"{CONFIG['base']}/c/pay/{ident}",
        "_line_items": items,
    }
    SESSIONS[ident] = session
    return web.json_response(_public(session))


def _session_or_404(request):
    session = SESSIONS.get(request.match_info["id"])
    if session is None:
        raise web.HTTPNotFound(
            text=json.dumps(
                {
                    "error": {
                        "type": "invalid_request_error",
                        "code": "resource_missing",
                        "message": f"No such checkout.session: '{request.match_info['id']}'",
                    }
                }
            ),
            content_type="application/json",
        )
    return session


async def retrieve_session(request):
    return web.json_response(_public(_session_or_404(request)))


async def list_sessions(request):
    data = await _form(request)
    found = [
        _public(s)
        for s in SESSIONS.values()
        if all(s.get(k) == data[k] for k in ("payment_intent", "customer_email") if k in data)
    ]
    return web.json_response(
        {"object": "list", "data": found, "has_more": False, "url": "/v1/checkout/sessions"}
    )


async def session_line_items(request):
    session = _session_or_404(request)
    return web.json_response(
        {
            "object": "list",
            "data": session["_line_items"],
            "has_more": False,
            "url": f"/v1/checkout/sessions/{session['id']}/line_items",
        }
    )


async def expire_session(request):
    session = _session_or_404(request)
    _expire_if_due(session)
    if session["status"] != "open":
        return _error(400, 'Only Checkout Sessions with a status in ["open"] can be expired.')
    _expire(session)
    await _announce("checkout.session.expired", _public(session))
    return web.json_response(_public(session))


# --- paying ------------------------------------------------------------------------------


def _charge_card(session: dict, *, confirm: bool) -> str:
    method = PaymentMethod._api_create(
        type="card",
        card={"number": "4242424242424242", "exp_month": "12", "exp_year": "2030", "cvc": "123"},
    )
    intent = PaymentIntent._api_create(
        amount=session["amount_total"],
        currency=session["currency"],
        payment_method=method.id,
        capture_method="automatic",
        confirm=confirm,
        metadata=dict(session["metadata"]),
    )
    return intent.id


async def _complete(session: dict, *, mode: str, when: str) -> dict | None:
    _expire_if_due(session)
    if session["status"] != "open":
        return None
    if mode == "async":  # a bank transfer: the money comes (or not) later
        session["payment_intent"] = _charge_card(session, confirm=False)
        session["status"], session["url"] = "complete", None
        return await _announce("checkout.session.completed", _public(session), when)
    session["payment_intent"] = _charge_card(session, confirm=True)
    session["status"], session["payment_status"], session["url"] = "complete", "paid", None
    return await _announce("checkout.session.completed", _public(session), when)


async def pay_page(request):
    session = _session_or_404(request)
    _expire_if_due(session)
    if session["status"] != "open":
        return web.Response(text="This Checkout Session is no longer open.", status=410)
    names = "".join(
        f"<li>{escape(i['description'])} × {i['quantity']}</li>" for i in session["_line_items"]
    )
    back = f'<a href="{escape(session["cancel_url"] or "/")}">Back</a>'
    page = (
        "<!doctype html><title>Fake Stripe Checkout</title><h1>Fake Stripe Checkout</h1>"
        f"<ul>{names}</ul><p>Total: {session['amount_total']} {session['currency'].upper()}</p>"
        f"<p>Email: {escape(session.get('customer_email') or '')}</p>"
        f'<form method="post"><button type="submit">Pay</button></form>{back}'
    )
    return web.Response(text=page, content_type="text/html")


async def pay_submit(request):
    session = _session_or_404(request)
    when = request.query.get("webhook", "now")
    if await _complete(session, mode="card", when=when) is None:
        return web.Response(text="This Checkout Session is no longer open.", status=410)
    target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
    raise web.HTTPSeeOther(target)


# --- test controls -----------------------------------------------------------------------


async def configure(request):
    data = await request.json()
    CONFIG.update({k: data[k] for k in ("webhook_url", "webhook_secret") if k in data})
    return web.json_response(CONFIG)


async def control_complete(request):
    session = _session_or_404(request)
    data = await request.json() if request.can_read_body else {}
    event = await _complete(session, mode=data.get("mode", "card"), when=data.get("webhook", "now"))
    if event is None:
        return _error(400, "not open")
    return web.json_response({"session": _public(session), "event": event})


async def control_async_result(request):
    session = _session_or_404(request)
    data = await request.json()
    intent = PaymentIntent._api_retrieve(session["payment_intent"])
    if data.get("succeeded"):
        PaymentIntent._api_confirm(intent.id)
        session["payment_status"] = "paid"
        kind = "checkout.session.async_payment_succeeded"
    else:
        PaymentIntent._api_cancel(intent.id)
        kind = "checkout.session.async_payment_failed"
    event = await _announce(kind, _public(session), data.get("webhook", "now"))
    return web.json_response({"session": _public(session), "event": event})


async def control_timeout(request):
    session = _session_or_404(request)
    data = await request.json() if request.can_read_body else {}
    if session["status"] != "open":
        return _error(400, "not open")
    _expire(session)
    event = await _announce(
        "checkout.session.expired", _public(session), data.get("webhook", "now")
    )
    return web.json_response({"session": _public(session), "event": event})


async def control_events(request):
    kind = request.query.get("type")
    found = [e for e in EVENTS.values() if kind in (None, e["type"])]
    return web.json_response({"data": found})


async def control_send(request):
    event = EVENTS.get(request.match_info["id"])
    if event is None:
        return _missing("event", request.match_info["id"])
    return web.json_response({"status": await _send(event)})


async def control_charge(request):
    """The charge behind a PaymentIntent, as Stripe would show it (for refund checks)."""
    intent = PaymentIntent._api_retrieve(request.match_info["id"])
    charge: Charge = intent.latest_charge
    refunds = Refund._api_list_all("/v1/refunds", charge=charge.id)._list
    return web.json_response(
        {
            "charge": charge.id,
            "amount": charge.amount,
            "status": intent.status,
            "refunds": [{"id": r.id, "amount": r.amount, "metadata": r.metadata} for r in refunds],
        }
    )


@web.middleware
async def _key_unless_public(request, handler):
    if request.path.startswith(("/_test/", "/c/pay/")):
        return await handler(request)
    return await server.auth_middleware(request, handler)


def build() -> web.Application:
    app = server.app
    # The hosted page and the test controls need no API key; the API keeps localstripe's check.
    app.middlewares[:] = [
        _key_unless_public if m is server.auth_middleware else m for m in app.middlewares
    ]
    app.middlewares.append(stripe_rules)
    app.middlewares.append(stripe_shapes)  # innermost: idempotent replays are in shape too
    routes = [
        ("POST", "/v1/checkout/sessions", create_session),
        ("GET", "/v1/checkout/sessions", list_sessions),
        ("GET", "/v1/checkout/sessions/{id}", retrieve_session),
        ("GET", "/v1/checkout/sessions/{id}/line_items", session_line_items),
        ("POST", "/v1/checkout/sessions/{id}/expire", expire_session),
        ("GET", "/c/pay/{id}", pay_page),
        ("POST", "/c/pay/{id}", pay_submit),
        ("POST", "/_test/config", configure),
        ("POST", "/_test/checkout/sessions/{id}/complete", control_complete),
        ("POST", "/_test/checkout/sessions/{id}/async-result", control_async_result),
        ("POST", "/_test/checkout/sessions/{id}/timeout", control_timeout),
        ("GET", "/_test/events", control_events),
        ("POST", "/_test/events/{id}/send", control_send),
        ("GET", "/_test/payment_intents/{id}/charge", control_charge),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, path, handler)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(128)  # before the port is announced: a client's first request waits, not fails
    port = sock.getsockname()[1]
    CONFIG["base"] = f"http://127.0.0.1:{port}"
    print(f"port={port}", flush=True)
    sys.stdout.flush()
    web.run_app(build(), sock=sock, print=None, access_log=None)


if __name__ == "__main__":
    main()
