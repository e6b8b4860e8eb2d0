"""The OpenAPI 3 description of this API, served at /api/v1/openapi.json.

A test compares its paths with the app's URL map, so an endpoint cannot be added undescribed.
"""

from flask import current_app, jsonify

from app.api import api
from app.params import AUDIT_ACTIONS
from models.space import DISCIPLINES, DISTRICTS, SPACE_KINDS
from models.statuses import (
    BookingStatus,
    PaymentMethod,
    RefundStatus,
    SessionStatus,
    WorkshopStatus,
)
from models.workshop import LANGUAGES


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def closed(schema):
    """``schema`` with every object it describes closed to properties it does not name: a
    response field renamed or added undescribed is a mismatch (request bodies stay open)."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: closed(value) for key, value in schema.items()}
    if "properties" in out:
        out.setdefault("additionalProperties", False)
    return out


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": closed(schema)}}}


def _list_of(name: str) -> dict:
    return {
        "type": "object",
        "required": ["items", "next"],
        "properties": {
            "items": {"type": "array", "items": _ref(name)},
            "next": {
                "type": ["string", "null"],
                "description": "Cursor of the next page (pass it as `cursor`), null on the last.",
            },
        },
    }


PAGING = [
    _query(
        "limit",
        "Page size, 1 to 100 (default 20).",
        {"type": "integer", "minimum": 1, "maximum": 100},
    ),
    _query("cursor", "The `next` value of the previous page."),
]

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "examples": ["invalid", "not_found", "sold_out"]},
                    "message": {"type": "string"},
                    "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            }
        },
    },
    "Money": {
        "type": "object",
        "required": ["amount", "currency"],
        "properties": {
            "amount": {"type": "integer", "description": "Whole VND (no minor unit)."},
            "currency": {"type": "string", "enum": ["VND"]},
        },
    },
    "Space": {
        "type": "object",
        "required": ["id", "slug", "name", "kind", "disciplines", "district", "address", "url"],
        "properties": {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "kind": {"type": "string", "enum": list(SPACE_KINDS)},
            "disciplines": {
                "type": "array",
                "items": {"type": "string", "enum": list(DISCIPLINES)},
            },
            "district": {"type": "string", "enum": list(DISTRICTS)},
            "district_name": {"type": "string"},
            "address": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "latitude": {"type": ["number", "null"]},
            "longitude": {"type": ["number", "null"]},
            "description": {"type": "string"},
            "member_since": {"type": ["string", "null"], "format": "date"},
            "certificate_number": {"type": ["string", "null"]},
        },
    },
    "Session": {
        "type": "object",
        "required": [
            "id",
            "workshop",
            "space",
            "starts_at",
            "ends_at",
            "capacity",
            "seats_left",
            "waitlist_length",
            "price",
            "status",
            "url",
            "ics_url",
        ],
        "properties": {
            "id": {"type": "integer"},
            "workshop": {
                "type": "object",
                "required": ["id", "title", "discipline"],
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "discipline": {"type": "string", "enum": list(DISCIPLINES)},
                    "language": {"type": "string", "enum": list(LANGUAGES)},
                },
            },
            "space": {
                "type": "object",
                "required": ["slug", "name"],
                "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
            },
            "starts_at": {"type": "string", "format": "date-time"},
            "ends_at": {"type": "string", "format": "date-time"},
            "capacity": {"type": "integer"},
            "seats_left": {"type": "integer"},
            "waitlist_length": {"type": "integer"},
            "price": _ref("Money"),
            "status": {"type": "string", "enum": list(SessionStatus)},
            "url": {"type": "string", "format": "uri"},
            "ics_url": {"type": "string", "format": "uri"},
        },
    },
}

SCHEMAS |= {
    "Me": {
        "type": "object",
        "required": ["id", "email", "name", "locale", "admin", "spaces", "privacy_notice"],
        "properties": {
            "id": {"type": "integer"},
            "email": {"type": "string", "format": "email"},
            "name": {"type": "string"},
            "locale": {"type": "string", "enum": ["vi", "en"]},
            "admin": {"type": "boolean"},
            "spaces": {
                "type": "array",
                "description": "Spaces the person works for.",
                "items": {
                    "type": "object",
                    "required": ["slug", "name", "role"],
                    "properties": {
                        "slug": {"type": "string"},
                        "name": {"type": "string"},
                        "role": {"type": "string", "enum": ["owner", "staff"]},
                    },
                },
            },
            "privacy_notice": {
                "type": "object",
                "description": "The privacy notice in force, and whether the person agreed to "
                "it. After the notice changes, `accepted` is false until they agree again "
                "(`POST /me/privacy-notice`): a client shows the notice at `url` and asks.",
                "required": ["version", "accepted", "url"],
                "properties": {
                    "version": {"type": "string"},
                    "accepted": {"type": "boolean"},
                    "url": {"type": "string", "format": "uri"},
                },
            },
        },
    },
    "Token": {
        "type": "object",
        "required": ["id", "label", "prefix", "created_at", "last_used_at"],
        "properties": {
            "id": {"type": "integer"},
            "label": {"type": "string"},
            "prefix": {"type": "string", "description": "The token's first characters."},
            "created_at": {"type": "string", "format": "date-time"},
            "last_used_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
}


def _body(required: list[str], properties: dict) -> dict:
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "required": required, "properties": properties}
            }
        },
    }


def _path_int(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


BEARER = [{"bearer": []}]
UNAUTHENTICATED = _error("No valid bearer token")
RATE_LIMITED = _error("`rate_limited`: too many requests from this account; retry later")

ACCOUNT_PATHS = {
    "/accounts": {
        "post": {
            "summary": "Register; the answer carries a first API token",
            "requestBody": _body(
                ["email", "password", "name"],
                {
                    "email": {"type": "string", "format": "email"},
                    "password": {"type": "string", "minLength": 10},
                    "name": {"type": "string"},
                    "locale": {"type": "string", "enum": ["vi", "en"], "default": "vi"},
                    "privacy_notice": {
                        "type": "string",
                        "maxLength": 20,
                        "description": "Registering is agreeing to the privacy notice in force "
                        "(`/privacy`; its version is `privacy_notice.version` of `GET /me`), "
                        "and the consent is recorded with its time. A client that shows the "
                        "notice may name the version it showed: any other is a 400 naming "
                        "this field.",
                    },
                },
            ),
            "responses": {
                "201": _json(
                    "The account and its token",
                    {
                        "type": "object",
                        "required": ["id", "email", "name", "token"],
                        "properties": {
                            "id": {"type": "integer"},
                            "email": {"type": "string"},
                            "name": {"type": "string"},
                            "token": {"type": "string"},
                        },
                    },
                ),
                "400": _error("Invalid field (`fields` says which)"),
                "409": _error("`email_taken`"),
                "429": _error("Too many registrations from this address"),
            },
        }
    },
    "/tokens": {
        "post": {
            "summary": "A new personal API token for email and password",
            "requestBody": _body(
                ["email", "password"],
                {
                    "email": {"type": "string"},
                    "password": {"type": "string"},
                    "label": {"type": "string", "description": "What the token is for."},
                },
            ),
            "responses": {
                "201": _json(
                    "The token (shown once)",
                    {
                        "type": "object",
                        "required": ["token"],
                        "properties": {"token": {"type": "string"}},
                    },
                ),
                "400": _error("Invalid field"),
                "401": _error("Wrong email or password"),
                "409": _error("`too_many_tokens`: the person has the most tokens that may work"),
                "429": _error(
                    "Too many failed attempts from this address, or on this account from "
                    "addresses that never signed in to it (`Retry-After` says when to retry)"
                ),
            },
        }
    },
    "/me": {
        "get": {
            "summary": "The token's person",
            "security": BEARER,
            "responses": {"200": _json("The person", _ref("Me")), "401": UNAUTHENTICATED},
        }
    },
    "/me/tokens": {
        "get": {
            "summary": "The person's tokens that still work",
            "security": BEARER,
            "responses": {
                "200": _json(
                    "Tokens, newest first",
                    {
                        "type": "object",
                        "required": ["items"],
                        "properties": {"items": {"type": "array", "items": _ref("Token")}},
                    },
                ),
                "401": UNAUTHENTICATED,
            },
        }
    },
    "/me/tokens/{token_id}": {
        "delete": {
            "summary": "Revoke one of the person's tokens",
            "security": BEARER,
            "parameters": [_path_int("token_id")],
            "responses": {
                "204": {"description": "Revoked"},
                "401": UNAUTHENTICATED,
                "404": _error("No such token of this person"),
            },
        }
    },
}

SCHEMAS |= {
    "Booking": {
        "type": "object",
        "required": ["id", "session_id", "status", "seats", "amount"],
        "properties": {
            "id": {"type": "integer"},
            "session_id": {"type": "integer"},
            "status": {
                "type": "string",
                "enum": list(BookingStatus),
            },
            "seats": {"type": "integer"},
            "amount": _ref("Money"),
            "payment_method": {"type": "string", "enum": list(PaymentMethod)},
            "paid": {"type": "boolean"},
            "hold_expires_at": {
                "type": "string",
                "format": "date-time",
                "description": "pending_payment: the held seats go back then.",
            },
            "payment_url": {
                "type": "string",
                "format": "uri",
                "description": "pending_payment: where to pay (leads to the gateway's checkout).",
            },
            "offer_expires_at": {
                "type": "string",
                "format": "date-time",
                "description": "offered: accept or decline before then.",
            },
            "ticket_code": {"type": "string", "description": "confirmed: shown at the door."},
            "waitlist_position": {"type": "integer", "description": "waitlisted: 1 is next."},
            "checked_in_at": {"type": "string", "format": "date-time"},
            "refund": {
                "type": "object",
                "required": ["amount", "status"],
                "properties": {
                    "amount": _ref("Money"),
                    "status": {"type": "string", "enum": list(RefundStatus)},
                },
            },
        },
    },
    "Workshop": {
        "type": "object",
        "required": ["id", "space", "title", "discipline", "price", "capacity"],
        "properties": {
            "id": {"type": "integer"},
            "space": {"type": "string", "description": "The space's slug."},
            "title": {"type": "string"},
            "title_en": {"type": "string"},
            "description": {"type": "string"},
            "description_en": {"type": "string"},
            "discipline": {"type": "string", "enum": list(DISCIPLINES)},
            "language": {"type": "string", "enum": list(LANGUAGES)},
            "price": _ref("Money"),
            "pay_at_venue": {"type": "boolean"},
            "bank_transfer": {
                "type": "boolean",
                "description": "Offers bank transfer where the space has a payee.",
            },
            "capacity": {"type": "integer"},
            "duration_minutes": {"type": "integer"},
            "max_seats_per_booking": {"type": "integer"},
            "booking_cutoff_minutes": {"type": "integer"},
            "cancellation_deadline_hours": {"type": "integer"},
            "min_age": {"type": ["integer", "null"]},
            "status": {"type": "string", "enum": list(WorkshopStatus)},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
}


def _booking_action(summary: str, conflicts: str) -> dict:
    return {
        "post": {
            "summary": summary,
            "security": BEARER,
            "parameters": [_path_int("booking_id")],
            "responses": {
                "200": _json("The booking now", _ref("Booking")),
                "401": UNAUTHENTICATED,
                "404": _error("No such booking of this person"),
                "409": _error(conflicts),
                "429": RATE_LIMITED,
            },
        }
    }


BOOKING_PATHS = {
    "/sessions/{session_id}/bookings": {
        "post": {
            "summary": "Book seats (or join the waiting list)",
            "security": BEARER,
            "parameters": [_path_int("session_id")],
            "requestBody": _body(
                ["seats"],
                {
                    "seats": {"type": "integer", "minimum": 1},
                    "join_waitlist": {"type": "boolean", "default": False},
                    "payment": {
                        "type": "string",
                        "enum": [
                            PaymentMethod.CARD,
                            PaymentMethod.AT_VENUE,
                            PaymentMethod.BANK_TRANSFER,
                        ],
                    },
                },
            ),
            "responses": {
                "201": _json(
                    "confirmed (free, or pay at the venue), pending_payment (card: pay at"
                    " payment_url before hold_expires_at) or waitlisted",
                    _ref("Booking"),
                ),
                "400": _error("`invalid`: seats outside 1..N, unknown payment"),
                "401": UNAUTHENTICATED,
                "404": _error("No such session"),
                "409": _error(
                    "`sold_out`, `already_booked`, `session_closed`, `too_many_holds` (seats"
                    " held for payment in too many sessions at once), or `payment_unavailable`"
                    " (bank_transfer where the space has no bank account)"
                ),
                "429": RATE_LIMITED,
            },
        }
    },
    "/me/bookings": {
        "get": {
            "summary": "The person's bookings, sessions soonest first",
            "security": BEARER,
            "responses": {
                "200": _json(
                    "Bookings",
                    {
                        "type": "object",
                        "required": ["items"],
                        "properties": {"items": {"type": "array", "items": _ref("Booking")}},
                    },
                ),
                "401": UNAUTHENTICATED,
            },
        }
    },
    "/bookings/{booking_id}": {
        "get": {
            "summary": "One of the person's bookings",
            "security": BEARER,
            "parameters": [_path_int("booking_id")],
            "responses": {
                "200": _json("The booking", _ref("Booking")),
                "401": UNAUTHENTICATED,
                "404": _error("No such booking of this person"),
            },
        }
    },
    "/bookings/{booking_id}/cancel": _booking_action(
        "Cancel (seats go back; a paid booking is refunded in full) or leave the waiting list",
        "`too_late` after the cancellation deadline, `not_active` when already ended",
    ),
    "/bookings/{booking_id}/accept-offer": _booking_action(
        "Take the seats a waiting-list offer holds", "`no_offer` when no offer is open"
    ),
    "/bookings/{booking_id}/decline-offer": _booking_action(
        "Decline a waiting-list offer (the seats pass on)", "`no_offer` when no offer is open"
    ),
}

STAFF = "Staff of the space, or a network admin."

MANAGE_PATHS = {
    "/manage/spaces/{slug}/workshops": {
        "post": {
            "summary": "Publish a workshop of the space. " + STAFF,
            "security": BEARER,
            "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "requestBody": _body(
                ["title", "description", "discipline", "price", "capacity", "duration_minutes"],
                {
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                    "discipline": {"type": "string", "enum": list(DISCIPLINES)},
                    "price": {"type": "integer", "description": "Whole VND; 0 is free."},
                    "capacity": {"type": "integer", "minimum": 1},
                    "duration_minutes": {"type": "integer", "minimum": 1},
                    "language": {"type": "string", "enum": list(LANGUAGES)},
                    "title_en": {"type": "string"},
                    "description_en": {"type": "string"},
                    "pay_at_venue": {"type": "boolean"},
                    "bank_transfer": {"type": "boolean", "default": True},
                    "max_seats_per_booking": {"type": "integer"},
                    "booking_cutoff_minutes": {"type": "integer"},
                    "cancellation_deadline_hours": {"type": "integer"},
                    "min_age": {"type": "integer"},
                    "what_to_bring": {"type": "string"},
                    "what_to_bring_en": {"type": "string"},
                },
            ),
            "responses": {
                "201": _json("The workshop", _ref("Workshop")),
                "400": _error("Invalid field"),
                "401": UNAUTHENTICATED,
                "403": _error("Not staff of this space"),
                "404": _error("No such space"),
            },
        }
    },
    "/manage/workshops/{workshop_id}": {
        "get": {
            "summary": "One workshop. " + STAFF,
            "security": BEARER,
            "parameters": [_path_int("workshop_id")],
            "responses": {
                "200": _json("The workshop", _ref("Workshop")),
                "401": UNAUTHENTICATED,
                "403": _error("Not staff of its space"),
                "404": _error("No such workshop"),
            },
        }
    },
    "/manage/workshops/{workshop_id}/sessions": {
        "post": {
            "summary": "Schedule a session of the workshop. " + STAFF,
            "security": BEARER,
            "parameters": [_path_int("workshop_id")],
            "requestBody": _body(
                ["starts_at"],
                {
                    "starts_at": {"type": "string", "format": "date-time"},
                    "ends_at": {"type": "string", "format": "date-time"},
                    "capacity": {"type": "integer", "minimum": 1},
                },
            ),
            "responses": {
                "201": _json("The session", _ref("Session")),
                "400": _error("Invalid field"),
                "401": UNAUTHENTICATED,
                "403": _error("Not staff of its space"),
                "404": _error("No such workshop"),
            },
        }
    },
    "/manage/sessions/{session_id}/capacity": {
        "post": {
            "summary": "Raise or lower a session's capacity (never below the seats taken). "
            + STAFF,
            "security": BEARER,
            "parameters": [_path_int("session_id")],
            "requestBody": _body(["capacity"], {"capacity": {"type": "integer", "minimum": 1}}),
            "responses": {
                "200": _json("The session", _ref("Session")),
                "400": _error("`invalid`: below the seats taken"),
                "401": UNAUTHENTICATED,
                "403": _error("Not staff of its space"),
                "404": _error("No such session"),
            },
        }
    },
}

CALENDAR = {
    "type": "object",
    "required": ["url", "webcal"],
    "properties": {
        "url": {"type": "string", "format": "uri", "description": "The private feed (https)."},
        "webcal": {"type": "string", "description": "The same feed as a webcal:// link."},
    },
}

CALENDAR_PATHS = {
    "/me/calendar": {
        "get": {
            "summary": "The address of the person's private calendar feed",
            "security": BEARER,
            "responses": {"200": _json("The feed", CALENDAR), "401": UNAUTHENTICATED},
        }
    },
    "/me/calendar/rotate": {
        "post": {
            "summary": "Replace the feed's address; the old one answers 404 from now on",
            "security": BEARER,
            "responses": {"200": _json("The new feed", CALENDAR), "401": UNAUTHENTICATED},
        }
    },
    "/admin/audit": {
        "get": {
            "summary": "The audit trail, newest first (network admins)",
            "security": BEARER,
            "parameters": [
                _query(
                    "action", "One action only.", {"type": "string", "enum": list(AUDIT_ACTIONS)}
                ),
                _query(
                    "limit",
                    "1 to 100 (default 50).",
                    {"type": "integer", "minimum": 1, "maximum": 100},
                ),
                _query(
                    "cursor",
                    "The `next` of the previous page.",
                    {"type": "string", "pattern": "^[1-9][0-9]{0,8}$"},
                ),
            ],
            "responses": {
                "200": _json(
                    "A page of entries",
                    {
                        "type": "object",
                        "required": ["items", "next"],
                        "properties": {
                            "items": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": [
                                        "id",
                                        "at",
                                        "actor",
                                        "action",
                                        "object",
                                        "client_ip",
                                    ],
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "at": {"type": "string", "format": "date-time"},
                                        "actor": {
                                            "type": "object",
                                            "required": ["id", "email", "role"],
                                            "properties": {
                                                "id": {"type": ["integer", "null"]},
                                                "email": {"type": "string"},
                                                "role": {"type": "string"},
                                            },
                                        },
                                        "action": {"type": "string"},
                                        "object": {"type": "string"},
                                        "client_ip": {"type": "string"},
                                    },
                                },
                            },
                            "next": {"type": ["string", "null"]},
                        },
                    },
                ),
                "400": _error("`invalid`: an unknown action, a limit or cursor out of range"),
                "401": UNAUTHENTICATED,
                "403": _error("Not a network admin"),
            },
        }
    },
    "/me/export": {
        "get": {
            "summary": "Everything held about the person, as one JSON file to download "
            "(Content-Disposition: attachment); tokens are listed without their secrets",
            "security": BEARER,
            "responses": {
                "200": _json(
                    "The person's data",
                    {
                        "type": "object",
                        "required": [
                            "account",
                            "bookings",
                            "payments",
                            "refunds",
                            "messages",
                            "tokens",
                            "consents",
                        ],
                        "properties": {
                            "account": {"type": "object"},
                            "bookings": {"type": "array", "items": {"type": "object"}},
                            "payments": {"type": "array", "items": {"type": "object"}},
                            "refunds": {"type": "array", "items": {"type": "object"}},
                            "messages": {"type": "array", "items": {"type": "object"}},
                            "tokens": {"type": "array", "items": {"type": "object"}},
                            "consents": {"type": "array", "items": {"type": "object"}},
                        },
                    },
                ),
                "401": UNAUTHENTICATED,
            },
        }
    },
    "/me/privacy-notice": {
        "post": {
            "summary": "Agree to the privacy notice in force, naming its version; the consent is "
            "recorded with its time (agreeing again to the same version records nothing more)",
            "security": BEARER,
            "requestBody": _body(["version"], {"version": {"type": "string", "maxLength": 20}}),
            "responses": {
                "200": _json("The person, `privacy_notice.accepted` true", _ref("Me")),
                "400": _error("`invalid`: not the version in force (`fields.version`)"),
                "401": UNAUTHENTICATED,
                "413": _error("The body is too large"),
                "429": RATE_LIMITED,
            },
        }
    },
    "/me/delete": {
        "post": {
            "summary": "Delete the account, confirmed with its password: bookings that may "
            "still be cancelled are cancelled with the usual refunds, then the person is "
            "anonymised; afterwards their tokens answer 401 and the address may register again",
            "security": BEARER,
            "requestBody": _body(["password"], {"password": {"type": "string"}}),
            "responses": {
                "200": _json(
                    "Deleted; what was cancelled, and what was kept and why",
                    {
                        "type": "object",
                        "required": ["deleted"],
                        "properties": {
                            "deleted": {"type": "boolean", "const": True},
                            "bookings_cancelled": {
                                "type": "array",
                                "items": {"type": "integer"},
                            },
                            "kept": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                ),
                "400": _error("`invalid`: the password is wrong or missing"),
                "401": UNAUTHENTICATED,
                "413": _error("The body is too large"),
            },
        }
    },
    "/manage/sessions/{session_id}/cancel": {
        "post": {
            "summary": "Cancel a session: every booking is cancelled and refunded. " + STAFF,
            "security": BEARER,
            "parameters": [_path_int("session_id")],
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"message": {"type": "string", "maxLength": 1000}},
                        }
                    }
                },
            },
            "responses": {
                "200": _json("The session, cancelled", _ref("Session")),
                "400": _error("Invalid field: `message` longer than 1000 characters"),
                "401": UNAUTHENTICATED,
                "403": _error("Not staff of its space"),
                "404": _error("No such session"),
            },
        }
    },
    "/manage/sessions/{session_id}/move": {
        "post": {
            "summary": "Move a session to another time or place (calendars update). " + STAFF,
            "security": BEARER,
            "parameters": [_path_int("session_id")],
            "requestBody": _body(
                ["starts_at"],
                {
                    "starts_at": {"type": "string", "format": "date-time"},
                    "ends_at": {"type": "string", "format": "date-time"},
                    "location": {
                        "type": "string",
                        "maxLength": 300,
                        "description": "Another room or venue; empty for the space's own "
                        "address; absent keeps the place as it is.",
                    },
                },
            ),
            "responses": {
                "200": _json("The session", _ref("Session")),
                "400": _error("Invalid time or place"),
                "401": UNAUTHENTICATED,
                "403": _error("Not staff of its space"),
                "404": _error("No such session"),
                "409": _error("`session_closed`: the session is cancelled"),
            },
        }
    },
}

PATHS = {
    "/spaces": {
        "get": {
            "summary": "Member spaces of the network, by name",
            "parameters": [
                _query("q", "Words of the name; case and Vietnamese diacritics are ignored."),
                _query("kind", "A kind code.", {"type": "string", "enum": list(SPACE_KINDS)}),
                _query(
                    "discipline",
                    "A discipline code.",
                    {"type": "string", "enum": list(DISCIPLINES)},
                ),
                _query("district", "A district code (or its name).", {"type": "string"}),
                *PAGING,
            ],
            "responses": {
                "200": _json("A page of spaces", _list_of("Space")),
                "400": _error("Invalid parameter"),
            },
        }
    },
    "/spaces/{slug}": {
        "get": {
            "summary": "One member space",
            "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {"200": _json("The space", _ref("Space")), "404": _error("No such space")},
        }
    },
    "/sessions": {
        "get": {
            "summary": "Upcoming scheduled sessions, soonest first",
            "parameters": [
                _query(
                    "q",
                    "Words matched in titles, descriptions and space names, ignoring case and"
                    " diacritics (`gom` finds `gốm`).",
                ),
                _query(
                    "discipline",
                    "A discipline code.",
                    {"type": "string", "enum": list(DISCIPLINES)},
                ),
                _query("space", "A space's slug."),
                _query("district", "A district code (or its name)."),
                _query("from", "A Hanoi day `YYYY-MM-DD` (inclusive) or a date-time with offset."),
                _query("to", "A Hanoi day `YYYY-MM-DD` (inclusive) or a date-time with offset."),
                _query("available", "`true`: only sessions with seats left.", {"type": "boolean"}),
                _query(
                    "free",
                    "`true`: free sessions only; `false`: paid ones only.",
                    {"type": "boolean"},
                ),
                _query(
                    "language",
                    "Taught in this language.",
                    {"type": "string", "enum": list(LANGUAGES)},
                ),
                *PAGING,
            ],
            "responses": {
                "200": _json("A page of sessions", _list_of("Session")),
                "400": _error("Invalid parameter"),
            },
        }
    },
    "/sessions/{session_id}": {
        "get": {
            "summary": "One session",
            "parameters": [
                {
                    "name": "session_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            ],
            "responses": {
                "200": _json("The session", _ref("Session")),
                "404": _error("No such session"),
            },
        }
    },
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {
                "200": {"description": "OpenAPI 3.1 document", "content": {"application/json": {}}}
            },
        }
    },
}


ATTENDEE = {
    "type": "object",
    "required": ["booking_id", "name", "email", "seats", "status", "paid", "checked_in_at"],
    "properties": {
        "booking_id": {"type": "integer"},
        "name": {"type": "string"},
        "email": {
            "type": "string",
            "description": "The address of a person booked in the session (holding seats or "
            "in line). Empty for a walk-in who gave no email address, a deleted account, and "
            "a booking that ended (cancelled or expired): staff see only their attendees'.",
        },
        "seats": {"type": "integer"},
        "status": {
            "type": "string",
            "enum": list(BookingStatus),
        },
        "paid": {
            "type": "boolean",
            "description": "True for free bookings and once the money arrived (card or door).",
        },
        "checked_in_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

ATTENDANCE_PATHS = {
    "/manage/sessions/{session_id}/attendees": {
        "get": {
            "summary": "The roster: one row per booking of the session, whatever its status. "
            + STAFF,
            "security": BEARER,
            "parameters": [_path_int("session_id")],
            "responses": {
                "200": _json(
                    "The attendees",
                    {
                        "type": "object",
                        "required": ["items"],
                        "properties": {"items": {"type": "array", "items": ATTENDEE}},
                    },
                ),
                "401": UNAUTHENTICATED,
                "404": _error("No such session, or not staff of its space"),
            },
        }
    },
    "/manage/bookings/{booking_id}/check-in": {
        "post": {
            "summary": "Check a confirmed booking in at the door (twice changes nothing). " + STAFF,
            "security": BEARER,
            "parameters": [_path_int("booking_id")],
            "responses": {
                "200": _json("The booking, with `checked_in_at`", _ref("Booking")),
                "401": UNAUTHENTICATED,
                "404": _error("No such booking, or not staff of its space"),
                "409": _error(
                    "`not_confirmed`: not a confirmed booking; `session_closed`: cancelled"
                ),
            },
        }
    },
}

TRANSFER_BLOCK = {
    "type": "object",
    "required": [
        "bank_bin",
        "bank_name",
        "account_number",
        "account_name",
        "amount",
        "reference",
        "vietqr",
    ],
    "properties": {
        "bank_bin": {"type": "string", "pattern": "^[0-9]{6}$"},
        "bank_name": {"type": "string"},
        "account_number": {"type": "string"},
        "account_name": {"type": "string"},
        "amount": {**_ref("Money"), "description": "What remains to be paid."},
        "received": {**_ref("Money"), "description": "What has arrived so far."},
        "reference": {"type": "string", "pattern": "^[A-Za-z0-9]{4,25}$"},
        "vietqr": {
            "type": "string",
            "description": "The EMVCo (NAPAS IBFT) payload: the amount in 54, the reference in"
            " 62/08, the CRC-16/CCITT-FALSE in 63 (payOS's own where the space uses payOS).",
        },
        "checkout_url": {
            "type": "string",
            "format": "uri",
            "description": "payOS's checkout page, where the space requests transfers through"
            " payOS.",
        },
    },
}
SCHEMAS["Booking"]["properties"]["bank_transfer"] = {
    **TRANSFER_BLOCK,
    "description": "pending_payment by bank transfer: where to send what, with which reference.",
}
SCHEMAS |= {
    "Payee": {
        "type": "object",
        "required": ["bank_bin", "bank_name", "account_number", "account_name"],
        "properties": {
            "bank_bin": {"type": "string", "pattern": "^[0-9]{6}$"},
            "bank_name": {"type": "string"},
            "bank_full_name": {"type": "string"},
            "account_number": {"type": "string"},
            "account_name": {"type": "string"},
        },
    },
}
OWNERS = "The space's owners and admins; its staff get 403."
_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
_BANK_REFERENCE = _body(["bank_reference"], {"bank_reference": {"type": "string"}})
_ACCOUNT_BODY = _body(
    ["bank_bin", "account_number", "account_name"],
    {
        "bank_bin": {"type": "string"},
        "account_number": {"type": "string"},
        "account_name": {"type": "string"},
    },
)
_PAYEE_ERRORS = {
    "401": UNAUTHENTICATED,
    "403": _error("`forbidden`: not an owner of the space, nor an admin"),
    "404": _error("No such space, or (GET) no payee set"),
}
TRANSFER_PATHS = {
    "/manage/spaces/{slug}/payee": {
        "get": {
            "summary": "The space's bank account for transfers. " + OWNERS,
            "security": BEARER,
            "parameters": [_SLUG],
            "responses": {"200": _json("The payee", _ref("Payee")), **_PAYEE_ERRORS},
        },
        "put": {
            "summary": "Set or change the space's bank account (recorded, owners and admins"
            " emailed). " + OWNERS,
            "security": BEARER,
            "parameters": [_SLUG],
            "requestBody": _ACCOUNT_BODY,
            "responses": {
                "200": _json("The payee", _ref("Payee")),
                "400": _error("`invalid`: not a NAPAS BIN, not 6-19 letters or digits, no name"),
                **_PAYEE_ERRORS,
            },
        },
        "delete": {
            "summary": "Remove the space's bank account. " + OWNERS,
            "security": BEARER,
            "parameters": [_SLUG],
            "responses": {"204": {"description": "Removed"}, **_PAYEE_ERRORS},
        },
    },
    "/manage/spaces/{slug}/bank-notifications/key": {
        "post": {
            "summary": "A new secret key for the space's bank-notification address (shown"
            " once; replaces the old one). " + OWNERS,
            "security": BEARER,
            "parameters": [_SLUG],
            "responses": {
                "201": _json(
                    "The key and the address to give the bank-watching service",
                    {
                        "type": "object",
                        "required": ["key", "url"],
                        "properties": {
                            "key": {"type": "string"},
                            "url": {"type": "string", "format": "uri"},
                        },
                    },
                ),
                "401": UNAUTHENTICATED,
                "403": _error("`forbidden`: not an owner of the space, nor an admin"),
                "404": _error("No such space"),
            },
        }
    },
    "/manage/spaces/{slug}/transfers": {
        "get": {
            "summary": "Bookings waiting for a transfer, and incoming transfers that matched no"
            " booking. " + STAFF,
            "security": BEARER,
            "parameters": [_SLUG],
            "responses": {
                "200": _json(
                    "Pending and unmatched",
                    {
                        "type": "object",
                        "required": ["pending", "unmatched"],
                        "properties": {
                            "pending": {"type": "array", "items": _ref("Booking")},
                            "unmatched": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["id", "amount", "content", "received_at"],
                                    "properties": {
                                        "id": {"type": "string"},
                                        "amount": _ref("Money"),
                                        "content": {"type": "string"},
                                        "received_at": {"type": "string", "format": "date-time"},
                                        "account_number": {"type": "string"},
                                        "reference_code": {"type": "string"},
                                    },
                                },
                            },
                        },
                    },
                ),
                "401": UNAUTHENTICATED,
                "403": _error("`forbidden`: not staff of the space"),
                "404": _error("No such space"),
            },
        }
    },
    "/manage/spaces/{slug}/transfers/{notification_id}/attach": {
        "post": {
            "summary": "Give an unmatched transfer to a transfer booking of the space. " + STAFF,
            "security": BEARER,
            "parameters": [
                _SLUG,
                {
                    "name": "notification_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                },
            ],
            "requestBody": _body(["booking_id"], {"booking_id": {"type": "integer"}}),
            "responses": {
                "200": _json("The booking now", _ref("Booking")),
                "400": _error("`invalid`: no booking_id"),
                "401": UNAUTHENTICATED,
                "403": _error("`forbidden`: not staff of the space"),
                "404": _error("No such transfer or booking of this space"),
                "409": _error("`not_active`: the transfer is matched already"),
            },
        }
    },
    "/manage/bookings/{booking_id}/mark-paid": {
        "post": {
            "summary": "The transfer arrived (seen in the bank): the booking is paid. " + STAFF,
            "security": BEARER,
            "parameters": [_path_int("booking_id")],
            "requestBody": _BANK_REFERENCE,
            "responses": {
                "200": _json("The booking, confirmed", _ref("Booking")),
                "400": _error("`invalid`: no bank_reference"),
                "401": UNAUTHENTICATED,
                "404": _error("No such booking, or not staff of its space"),
                "409": _error(
                    "`not_active`: not a transfer booking that waits or waited for its money;"
                    " `sold_out`: its hold ended and the seats are gone"
                ),
            },
        }
    },
    "/manage/bookings/{booking_id}/refund-paid": {
        "post": {
            "summary": "The space paid back the refund a transfer booking was owed. " + STAFF,
            "security": BEARER,
            "parameters": [_path_int("booking_id")],
            "requestBody": _BANK_REFERENCE,
            "responses": {
                "200": _json("The booking, its refund succeeded", _ref("Booking")),
                "400": _error("`invalid`: no bank_reference"),
                "401": UNAUTHENTICATED,
                "404": _error("No such booking, or not staff of its space"),
                "409": _error("`not_active`: no refund is owed"),
            },
        }
    },
    "/bookings/{booking_id}/refund-account": {
        "post": {
            "summary": "The account a transfer booking's owed refund is paid into",
            "security": BEARER,
            "parameters": [_path_int("booking_id")],
            "requestBody": _ACCOUNT_BODY,
            "responses": {
                "200": _json("The booking", _ref("Booking")),
                "400": _error("`invalid`: not a NAPAS BIN, not 6-19 letters or digits, no name"),
                "401": UNAUTHENTICATED,
                "404": _error("No such booking of this person"),
                "409": _error("`not_active`: no refund is owed"),
            },
        }
    },
}


def _with_common_answers(paths: dict) -> dict:
    """Every operation may fail on our side (500 ``internal``); one that reads a body refuses
    a body larger than the API reads (413 ``too_large``)."""
    out = {}
    for path, item in paths.items():
        out[path] = {}
        for method, operation in item.items():
            responses = {
                **operation["responses"],
                "500": _error("`internal`: something went wrong on our side (no details shown)"),
            }
            if "requestBody" in operation or path == "/tokens":
                responses["413"] = _error("`too_large`: the body is larger than the API reads")
            out[path][method] = {**operation, "responses": responses}
    return out


SCHEMAS |= {
    "PayOS": {
        "type": "object",
        "required": ["configured", "client_id_ending", "webhook_url"],
        "properties": {
            "configured": {"type": "boolean", "const": True},
            "client_id_ending": {
                "type": "string",
                "description": "The client id's last characters: the credentials are never"
                " shown again.",
            },
            "webhook_url": {
                "type": "string",
                "format": "uri",
                "description": "The address to give payOS as the space's webhook.",
            },
        },
    },
}
_PAYOS_ERRORS = {
    "401": UNAUTHENTICATED,
    "403": _error("`forbidden`: not an owner of the space, nor an admin"),
    "404": _error("No such space, or (GET) no payOS account set"),
}
PAYOS_PATHS = {
    "/manage/spaces/{slug}/payos": {
        "get": {
            "summary": "Whether the space requests its transfers through payOS (never the"
            " credentials). " + OWNERS,
            "security": BEARER,
            "parameters": [_SLUG],
            "responses": {"200": _json("payOS is configured", _ref("PayOS")), **_PAYOS_ERRORS},
        },
        "put": {
            "summary": "Give or replace the space's payOS credentials (stored encrypted, never"
            " shown again; recorded, owners and admins emailed). " + OWNERS,
            "security": BEARER,
            "parameters": [_SLUG],
            "requestBody": _body(
                ["client_id", "api_key", "checksum_key"],
                {
                    "client_id": {"type": "string", "maxLength": 200},
                    "api_key": {"type": "string", "maxLength": 200},
                    "checksum_key": {"type": "string", "maxLength": 200},
                },
            ),
            "responses": {
                "200": _json("payOS is configured", _ref("PayOS")),
                "400": _error("`invalid`: a credential empty, too long or with spaces"),
                "503": _error(
                    "`payment_unavailable`: this server has no key to store credentials with"
                ),
                **_PAYOS_ERRORS,
            },
        },
        "delete": {
            "summary": "Forget the space's payOS credentials. " + OWNERS,
            "security": BEARER,
            "parameters": [_SLUG],
            "responses": {"204": {"description": "Removed"}, **_PAYOS_ERRORS},
        },
    },
}

ALL_PATHS = _with_common_answers(
    PATHS
    | ACCOUNT_PATHS
    | BOOKING_PATHS
    | MANAGE_PATHS
    | CALENDAR_PATHS
    | ATTENDANCE_PATHS
    | TRANSFER_PATHS
    | PAYOS_PATHS
)


@api.get("/openapi.json")
def openapi_document():
    return jsonify(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "Hanoi Creative Spaces Network API",
                "version": "1",
                "description": "Find workshops across the network's member spaces and book seats.",
            },
            "servers": [{"url": current_app.config["PUBLIC_URL"].rstrip("/") + "/api/v1"}],
            "paths": ALL_PATHS,
            "components": {
                "schemas": closed(SCHEMAS),
                "securitySchemes": {
                    "bearer": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A personal token from POST /tokens or POST /accounts.",
                    }
                },
            },
        }
    )
