"""The OpenAPI 3 description of this API, served at /api/v1/openapi.json.

A test compares its paths with the app's URL map, so an endpoint cannot be added undescribed.
"""

from flask import jsonify, request

from app.api import api
from models.space import DISCIPLINES, DISTRICTS, SPACE_KINDS
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


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


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
            "status": {"type": "string", "enum": ["scheduled", "cancelled"]},
            "url": {"type": "string", "format": "uri"},
            "ics_url": {"type": "string", "format": "uri"},
        },
    },
}

SCHEMAS |= {
    "Me": {
        "type": "object",
        "required": ["id", "email", "name", "locale", "admin", "spaces"],
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
                    "properties": {
                        "slug": {"type": "string"},
                        "name": {"type": "string"},
                        "role": {"type": "string", "enum": ["owner", "staff"]},
                    },
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
                "429": _error("Too many attempts for this account or from this address"),
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
            "servers": [{"url": request.host_url.rstrip("/") + "/api/v1"}],
            "paths": PATHS | ACCOUNT_PATHS,
            "components": {
                "schemas": SCHEMAS,
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
