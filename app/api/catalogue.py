"""Catalogue endpoints: spaces and sessions, no authentication."""

from datetime import UTC, datetime

from flask import jsonify, request

from app.api import api
from app.api.serializers import sessions_json, space_json
from app.database import db
from app.params import session_filters, space_filters
from bookings import catalogue


@api.get("/spaces")
def list_spaces():
    filters, limit, cursor = space_filters(request.args, strict=True)
    page = catalogue.list_spaces(db.session, filters, limit=limit, cursor=cursor)
    return jsonify(items=[space_json(space) for space in page.items], next=page.next)


@api.get("/spaces/<slug>")
def get_space(slug: str):
    return jsonify(space_json(catalogue.get_space(db.session, slug)))


@api.get("/sessions")
def list_sessions():
    filters, limit, cursor = session_filters(db.session, request.args, strict=True)
    page = catalogue.search_sessions(
        db.session, filters, now=datetime.now(UTC), limit=limit, cursor=cursor
    )
    return jsonify(items=sessions_json(page.items), next=page.next)


@api.get("/sessions/<int:session_id>")
def get_session(session_id: int):
    (session,) = sessions_json([catalogue.get_session_listing(db.session, session_id)])
    return jsonify(session)
