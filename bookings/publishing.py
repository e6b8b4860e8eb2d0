"""Spaces publish workshops and schedule their sessions."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bookings import outbox
from bookings.errors import N_, InvalidInput, Message, NotFound, invalid
from bookings.events import SessionScheduled, WorkshopPublished
from bookings.payments import MINIMUM_CHARGE
from bookings.transactions import transaction
from models import Space, Workshop, WorkshopSession
from models.space import DISCIPLINES
from models.workshop import (
    DEFAULT_CANCELLATION_HOURS,
    DEFAULT_MAX_SEATS_PER_BOOKING,
    LANGUAGES,
    MAX_CUTOFF_MINUTES,
)

MAX_CAPACITY = 1000
MAX_PRICE = 100_000_000  # VND
MAX_DURATION = 24 * 60
MAX_DEADLINE_HOURS = 24 * 30
#: Sessions may be scheduled up to this far ahead.
SCHEDULE_AHEAD = timedelta(days=2 * 365)


@dataclass
class WorkshopDraft:
    """What staff fill in for a workshop; ``publish_workshop`` checks every field."""

    title: str
    discipline: str
    price: int
    capacity: int
    duration_minutes: int
    description: str = ""
    title_en: str = ""
    description_en: str = ""
    language: str = "vi"
    pay_at_venue: bool = False
    max_seats_per_booking: int = DEFAULT_MAX_SEATS_PER_BOOKING
    booking_cutoff_minutes: int = 0
    cancellation_deadline_hours: int = DEFAULT_CANCELLATION_HOURS
    min_age: int | None = None
    what_to_bring: str = ""
    what_to_bring_en: str = ""


def _between(errors: dict, name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        errors[name] = Message(
            N_("must be a whole number from %(low)d to %(high)d"), {"low": low, "high": high}
        )


def _check_draft(draft: WorkshopDraft) -> None:
    errors: dict[str, Message] = {}
    draft.title = " ".join(draft.title.split())
    if not draft.title or len(draft.title) > 200:
        errors["title"] = Message(N_("must have 1 to %(n)d characters"), {"n": 200})
    if len(draft.title_en) > 200:
        errors["title_en"] = Message(N_("must have at most %(n)d characters"), {"n": 200})
    if draft.discipline not in DISCIPLINES:
        errors["discipline"] = Message(
            N_("must be one of: %(choices)s"), {"choices": ", ".join(DISCIPLINES)}
        )
    if draft.language not in LANGUAGES:
        errors["language"] = Message(
            N_("must be one of: %(choices)s"), {"choices": ", ".join(LANGUAGES)}
        )
    _between(errors, "price", draft.price, 0, MAX_PRICE)
    if 0 < draft.price < MINIMUM_CHARGE:
        errors["price"] = Message(
            N_("must be 0 (free) or at least %(minimum)d ₫, the smallest amount a card accepts"),
            {"minimum": MINIMUM_CHARGE},
        )
    _between(errors, "capacity", draft.capacity, 1, MAX_CAPACITY)
    _between(errors, "duration_minutes", draft.duration_minutes, 1, MAX_DURATION)
    _between(errors, "max_seats_per_booking", draft.max_seats_per_booking, 1, MAX_CAPACITY)
    _between(errors, "booking_cutoff_minutes", draft.booking_cutoff_minutes, 0, MAX_CUTOFF_MINUTES)
    _between(
        errors,
        "cancellation_deadline_hours",
        draft.cancellation_deadline_hours,
        0,
        MAX_DEADLINE_HOURS,
    )
    if draft.min_age is not None:
        _between(errors, "min_age", draft.min_age, 0, 99)
    if draft.pay_at_venue and draft.price == 0:
        draft.pay_at_venue = False  # nothing to pay at the door
    if errors:
        raise InvalidInput(errors)


def publish_workshop(
    db: Session, *, space_id: int, draft: WorkshopDraft, now: datetime
) -> Workshop:
    """A new workshop of the space, checked field by field (InvalidInput names every bad one)."""
    _check_draft(draft)
    with transaction(db):
        if db.get(Space, space_id) is None:
            raise NotFound(N_("We could not find that space."))
        workshop = Workshop(space_id=space_id, created_at=now, **vars(draft))
        db.add(workshop)
        db.flush()
        outbox.record(db, WorkshopPublished(workshop.id, space_id), now=now)
    return workshop


def schedule_session(
    db: Session,
    *,
    workshop_id: int,
    starts_at: datetime,
    now: datetime,
    ends_at: datetime | None = None,
    capacity: int | None = None,
) -> WorkshopSession:
    """A dated session of the workshop; by default as long and as large as the workshop says."""
    with transaction(db):
        workshop = db.get(Workshop, workshop_id)
        if workshop is None:
            raise NotFound(N_("We could not find that workshop."))
        if starts_at <= now:
            raise invalid("starts_at", N_("must be in the future"))
        if starts_at > now + SCHEDULE_AHEAD:
            raise invalid("starts_at", N_("must be within two years"))
        ends_at = ends_at or starts_at + timedelta(minutes=workshop.duration_minutes)
        capacity = workshop.capacity if capacity is None else capacity
        errors: dict[str, Message] = {}
        if ends_at <= starts_at:
            errors["ends_at"] = Message(N_("must be after the start"))
        elif ends_at - starts_at > timedelta(minutes=MAX_DURATION):
            errors["ends_at"] = Message(N_("must be within a day of the start"))
        _between(errors, "capacity", capacity, 1, MAX_CAPACITY)
        if workshop.status != "active":
            errors["workshop"] = Message(N_("is archived"))
        if errors:
            raise InvalidInput(errors)
        sitting = WorkshopSession(
            workshop=workshop,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            created_at=now,
            updated_at=now,
        )
        db.add(sitting)
        db.flush()
        outbox.record(db, SessionScheduled(sitting.id, workshop.id), now=now)
    return sitting
