"""The JSON API under /api/v1 (see shared/API.md for the contract)."""

from flask import Blueprint

api = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import accounts, audit, bookings, catalogue, manage, openapi, payos, transfers  # noqa: E402, F401
