"""JSON shapes of the contract: Space, Session, Money."""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import url_for
from sqlalchemy import Row

from app.i18n import current_language, localized
from models import Space

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


def sessions_json(rows: Iterable[Row]) -> list[dict]:
    """Sessions from listing rows (``bookings.catalogue.LISTING_COLUMNS``)."""
    #: ``/sessions/<id>`` is the page's route: build its prefix once, not once per row.
    prefix = url_for("catalogue.sessions", _external=True)
    english = current_language() == "en"
    return [
        {
            "id": row.id,
            "workshop": {
                "id": row.workshop_id,
                "title": (english and row.title_en) or row.title,
                "discipline": row.discipline,
                "language": row.language,
            },
            "space": {"slug": row.space_slug, "name": row.space_name},
            "starts_at": timestamp(row.starts_at),
            "ends_at": timestamp(row.ends_at),
            "capacity": row.capacity,
            "seats_left": row.seats_left,
            "waitlist_length": row.waitlist_length,
            "price": money(row.price),
            "status": row.status,
            "url": f"{prefix}/{row.id}",
            "ics_url": f"{prefix}/{row.id}.ics",
        }
        for row in rows
    ]
