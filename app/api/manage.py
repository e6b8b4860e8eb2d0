"""Staff endpoints: publish workshops and schedule sessions (staff of that space, or admins)."""

from datetime import UTC, datetime

from flask import jsonify, url_for
from flask_babel import lazy_gettext as _l

from app.api import api
from app.api.auth import api_user, require, token_required
from app.api.body import JsonBody
from app.api.serializers import booking_json, sessions_json, timestamp
from app.database import db
from app.params import in_range
from bookings import attendance, catalogue, network, seats
from bookings.catalogue import publishing
from bookings.catalogue.publishing import WorkshopDraft
from bookings.errors import N_, NotFound
from models import Workshop, WorkshopSession
from models.space import DISCIPLINES
from models.workshop import LANGUAGES, MAX_CUTOFF_MINUTES


def _workshop_json(workshop: Workshop) -> dict:
    return {
        "id": workshop.id,
        "space": workshop.space.slug,
        "title": workshop.title,
        "title_en": workshop.title_en,
        "description": workshop.description,
        "description_en": workshop.description_en,
        "discipline": workshop.discipline,
        "language": workshop.language,
        "price": {"amount": workshop.price, "currency": "VND"},
        "pay_at_venue": workshop.pay_at_venue,
        "bank_transfer": workshop.bank_transfer,
        "capacity": workshop.capacity,
        "duration_minutes": workshop.duration_minutes,
        "max_seats_per_booking": workshop.max_seats_per_booking,
        "booking_cutoff_minutes": workshop.booking_cutoff_minutes,
        "cancellation_deadline_hours": workshop.cancellation_deadline_hours,
        "min_age": workshop.min_age,
        "status": workshop.status,
        "created_at": timestamp(workshop.created_at),
    }


@api.post("/manage/spaces/<slug>/workshops")
@token_required
def create_workshop(slug: str):
    space = network.space_by_slug(db.session, slug)
    require("manage_space", space)
    body = JsonBody()
    fields = {
        "title": body.string("title", max_length=200),
        "description": body.string("description", max_length=10_000),
        "discipline": body.choice("discipline", DISCIPLINES, required=True),
        "price": body.integer("price", low=0, high=publishing.MAX_PRICE),
        "capacity": body.integer("capacity", low=1, high=publishing.MAX_CAPACITY),
        "duration_minutes": body.integer("duration_minutes", low=1, high=publishing.MAX_DURATION),
        "language": body.choice("language", LANGUAGES, default="vi"),
        "title_en": body.string("title_en", required=False, max_length=200) or "",
        "description_en": body.string("description_en", required=False, max_length=10_000) or "",
        "pay_at_venue": body.boolean("pay_at_venue"),
        "bank_transfer": body.boolean("bank_transfer", default=True),
    }
    for name, low, high in (
        ("max_seats_per_booking", 1, publishing.MAX_CAPACITY),
        ("booking_cutoff_minutes", 0, MAX_CUTOFF_MINUTES),
        ("cancellation_deadline_hours", 0, publishing.MAX_DEADLINE_HOURS),
        ("min_age", 0, 99),
    ):
        value = body.integer(name, required=False, low=low, high=high)
        if value is not None:
            fields[name] = value
    for name in ("what_to_bring", "what_to_bring_en"):
        value = body.string(name, required=False, max_length=10_000)
        if value is not None:
            fields[name] = value
    body.done()
    workshop = publishing.publish_workshop(
        db.session, space_id=space.id, draft=WorkshopDraft(**fields), now=datetime.now(UTC)
    )
    response = jsonify(_workshop_json(db.session.get_one(Workshop, workshop.id)))
    response.headers["Location"] = url_for("api.get_workshop", workshop_id=workshop.id)
    return response, 201


@api.get("/manage/workshops/<int:workshop_id>")
@token_required
def get_workshop(workshop_id: int):
    workshop = _workshop(workshop_id)
    return jsonify(_workshop_json(workshop))


def _workshop(workshop_id: int) -> Workshop:
    """The workshop, if the person works for its space."""
    workshop = publishing.get_workshop(db.session, workshop_id)
    require("manage_space", workshop.space)
    return workshop


def _instant(body: JsonBody, name: str, *, required: bool) -> datetime | None:
    value = body.string(name, required=required, max_length=40)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        body.fail(
            name,
            _l(
                "must be a date and time with an offset, such as %(example)s",
                example="2026-12-05T18:30:00+07:00",
            ),
        )
        return None
    if moment.tzinfo is None:
        body.fail(name, _l("a date and time needs an offset, such as +07:00"))
        return None
    if not in_range(moment):
        body.fail(name, _l("must be between the years 2000 and 2999"))
        return None
    if not 2000 <= moment.year <= 2100:
        body.fail(name, _l("must be between the years 2000 and 2100"))
        return None
    return moment


@api.post("/manage/workshops/<int:workshop_id>/sessions")
@token_required
def create_session(workshop_id: int):
    workshop = _workshop(workshop_id)
    body = JsonBody()
    starts_at = _instant(body, "starts_at", required=True)
    ends_at = _instant(body, "ends_at", required=False)
    capacity = body.integer("capacity", required=False, low=1, high=publishing.MAX_CAPACITY)
    body.done()
    sitting = publishing.schedule_session(
        db.session,
        workshop_id=workshop.id,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        now=datetime.now(UTC),
    )
    return jsonify(_session_json(sitting.id)), 201


@api.post("/manage/sessions/<int:session_id>/capacity")
@token_required
def change_capacity(session_id: int):
    _staff_session(session_id)
    body = JsonBody()
    capacity = body.integer("capacity", low=1, high=publishing.MAX_CAPACITY)
    body.done()
    seats.change_capacity(
        db.session, session_id=session_id, capacity=capacity, now=datetime.now(UTC)
    )
    return jsonify(_session_json(session_id))


def _staff_session(session_id: int) -> WorkshopSession:
    sitting = db.session.get(WorkshopSession, session_id)
    if sitting is None:
        raise NotFound(N_("We could not find that session."))
    require("manage_space", sitting.workshop.space)
    return sitting


def _session_json(session_id: int) -> dict:
    (session,) = sessions_json([catalogue.get_session_listing(db.session, session_id)])
    return session


@api.post("/manage/sessions/<int:session_id>/cancel")
@token_required
def cancel_session(session_id: int):
    _staff_session(session_id)
    body = JsonBody()
    message = body.string("message", required=False, max_length=1000) or ""
    body.done()
    seats.cancel_session(db.session, session_id=session_id, message=message, now=datetime.now(UTC))
    return jsonify(_session_json(session_id))


@api.post("/manage/sessions/<int:session_id>/move")
@token_required
def move_session(session_id: int):
    _staff_session(session_id)
    body = JsonBody()
    starts_at = _instant(body, "starts_at", required=True)
    ends_at = _instant(body, "ends_at", required=False)
    location = body.string("location", required=False, max_length=300)
    body.done()
    seats.move_session(
        db.session,
        session_id=session_id,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        now=datetime.now(UTC),
    )
    return jsonify(_session_json(session_id))


@api.get("/manage/sessions/<int:session_id>/attendees")
@token_required
def session_attendees(session_id: int):
    """One row per booking of the session, whatever its status (the roster of the door)."""
    sitting = attendance.session_for_staff(db.session, session_id)
    require("see_people", sitting.workshop.space)
    roster = attendance.roster(db.session, session_id)
    return jsonify(
        items=[
            {
                "booking_id": row.booking_id,
                "name": row.name,
                "email": row.email,
                "seats": row.seats,
                "status": row.status,
                "paid": row.paid,
                "checked_in_at": timestamp(row.checked_in_at) if row.checked_in_at else None,
            }
            for row in roster.rows
        ]
    )


@api.post("/manage/bookings/<int:booking_id>/check-in")
@token_required
def check_in(booking_id: int):
    booking = attendance.booking_for_staff(db.session, booking_id)
    require("see_people", booking.session.workshop.space)
    attendance.check_in(db.session, booking_id=booking_id, now=datetime.now(UTC), by=api_user().id)
    return jsonify(booking_json(seats.booking_of(db.session, booking_id, None)))
