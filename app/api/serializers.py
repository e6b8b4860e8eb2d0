"""JSON shapes of the contract: Space, Session, Money."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import url_for

from app.i18n import localized
from models import Space, WorkshopSession

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def money(amount: int) -> dict:
    return {"amount": amount, "currency": "VND"}


def timestamp(value: datetime) -> str:
    """ISO 8601 in Hanoi time with its offset: ``2026-11-28T18:30:00+07:00``."""
    return value.astimezone(HANOI).isoformat()


def space_json(space: Space) -> dict:
    return {
        "id": space.id,
        "slug": space.slug,
        "name": space.name,
        "kind": space.kind,
        "disciplines": space.disciplines,
        "district": space.district,
        "district_name": space.district_name,
        "address": space.address,
        "url": url_for("catalogue.space", slug=space.slug, _external=True),
        "latitude": space.latitude,
        "longitude": space.longitude,
        "description": localized(space, "description"),
        "member_since": space.member_since.isoformat() if space.member_since else None,
        "certificate_number": space.certificate_number,
    }


def session_json(sitting: WorkshopSession) -> dict:
    workshop = sitting.workshop
    return {
        "id": sitting.id,
        "workshop": {
            "id": workshop.id,
            "title": localized(workshop, "title"),
            "discipline": workshop.discipline,
            "language": workshop.language,
        },
        "space": {"slug": workshop.space.slug, "name": workshop.space.name},
        "starts_at": timestamp(sitting.starts_at),
        "ends_at": timestamp(sitting.ends_at),
        "capacity": sitting.capacity,
        "seats_left": sitting.seats_left,
        "waitlist_length": sitting.waitlist_length,
        "price": money(workshop.price),
        "status": sitting.status,
        "url": url_for("catalogue.session", session_id=sitting.id, _external=True),
        "ics_url": url_for("catalogue.session", session_id=sitting.id, _external=True) + ".ics",
    }
