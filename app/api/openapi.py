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
            "paths": PATHS,
            "components": {"schemas": SCHEMAS},
        }
    )
