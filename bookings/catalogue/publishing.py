"""Spaces publish workshops and schedule their sessions."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from dateutil.rrule import WEEKLY, rrule, weekday
from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.errors import N_, InvalidInput, Message, NotFound, invalid
from bookings.events import SessionScheduled, WorkshopChanged, WorkshopPublished
from bookings.formatting import HANOI
from bookings.payments.gateway import MINIMUM_CHARGE
from bookings.seats import policy
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import Space, Workshop, WorkshopSession
from models.space import DISCIPLINES
from models.statuses import WorkshopStatus
from models.workshop import (
    DEFAULT_CANCELLATION_HOURS,
    DEFAULT_MAX_SEATS_PER_BOOKING,
    LANGUAGES,
    MAX_CAPACITY,
    MAX_CUTOFF_MINUTES,
)

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
    #: Offer bank transfer where the space has a payee.
    bank_transfer: bool = True
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
    # Titles reach message subjects (headers): one line, whatever was typed.
    draft.title = " ".join(draft.title.split())
    draft.title_en = " ".join(draft.title_en.split())
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


def draft_errors(draft: WorkshopDraft) -> dict[str, Message]:
    """What ``publish_workshop`` would refuse about the draft, field by field (the draft itself
    is left as it is): for forms that show every error at once."""
    try:
        _check_draft(replace(draft))
    except InvalidInput as error:
        return error.fields
    return {}


def publish_workshop(
    db: Session, *, space_id: int, draft: WorkshopDraft, now: datetime
) -> Workshop:
    """A new workshop of the space, checked field by field (InvalidInput names every bad one)."""
    _check_draft(draft)
    with transaction(db):
        space = db.get(Space, space_id)
        if space is None:
            raise NotFound(N_("We could not find that space."))
        policy.ensure_space_acts(space)
        workshop = Workshop(space_id=space_id, created_at=now, **vars(draft))
        db.add(workshop)
        db.flush()
        record(db, WorkshopPublished(workshop.id, space_id), now=now)
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
        workshop = _workshop_to_change(db, workshop_id)
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
        if workshop.status != WorkshopStatus.ACTIVE:
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
        record(db, SessionScheduled(sitting.id, workshop.id), now=now)
    return sitting


def update_workshop(
    db: Session, *, workshop_id: int, draft: WorkshopDraft, now: datetime
) -> Workshop:
    """Change a workshop's details, checked as when it was published. Its sessions keep their
    own capacity and times (change those session by session)."""
    _check_draft(draft)
    with transaction(db):
        workshop = _workshop_to_change(db, workshop_id)
        for name, value in vars(draft).items():
            setattr(workshop, name, value)
        record(db, WorkshopChanged(workshop.id, workshop.status), now=now)
    return workshop


def archive_workshop(db: Session, *, workshop_id: int, now: datetime) -> Workshop:
    """Take a workshop off the catalogue: no new sessions, no new bookings. Sessions already
    scheduled stand (cancel them one by one if they must not happen)."""
    with transaction(db):
        workshop = _workshop_to_change(db, workshop_id)
        if workshop.status != WorkshopStatus.ARCHIVED:
            workshop.status = WorkshopStatus.ARCHIVED
            record(db, WorkshopChanged(workshop.id, workshop.status), now=now)
    return workshop


def restore_workshop(db: Session, *, workshop_id: int, now: datetime) -> Workshop:
    """Bring an archived workshop back."""
    with transaction(db):
        workshop = _workshop_to_change(db, workshop_id)
        if workshop.status != WorkshopStatus.ACTIVE:
            workshop.status = WorkshopStatus.ACTIVE
            record(db, WorkshopChanged(workshop.id, workshop.status), now=now)
    return workshop


def get_workshop(db: Session, workshop_id: int) -> Workshop:
    """The workshop, whatever its status; NotFound when there is none."""
    workshop = db.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(N_("We could not find that workshop."))
    return workshop


def _workshop_to_change(db: Session, workshop_id: int) -> Workshop:
    """The workshop, for a change by its space's staff: SpaceSuspended when the space is."""
    workshop = get_workshop(db, workshop_id)
    policy.ensure_space_acts(workshop.space)
    return workshop


#: A series may create at most this many sessions at once.
MAX_SERIES = 120


@dataclass(frozen=True)
class SeriesPlan:
    """A weekly series: on ``weekdays`` (0 Monday … 6 Sunday) at ``at`` (Hanoi time) from
    ``first_day``, for ``weeks`` weeks or until ``until`` (inclusive), without ``skip``."""

    weekdays: tuple[int, ...]
    at: time
    first_day: date
    weeks: int | None = None
    until: date | None = None
    skip: tuple[date, ...] = ()


def plan_series(plan: SeriesPlan, *, now: datetime) -> list[datetime]:
    """The start of every session of the series (aware, in Hanoi time), generated by dateutil's
    rrule; InvalidInput when the plan is incomplete, in the past or too long."""
    errors: dict[str, Message] = {}
    if not plan.weekdays or not set(plan.weekdays) <= set(range(7)):
        errors["weekdays"] = Message(N_("choose at least one day of the week"))
    if (plan.weeks is None) == (plan.until is None):
        errors["weeks"] = Message(N_("give either a number of weeks or an end date"))
    elif plan.weeks is not None:
        _between(errors, "weeks", plan.weeks, 1, 104)
    elif plan.until < plan.first_day:
        errors["until"] = Message(N_("must be on or after the first day"))
    elif plan.until > plan.first_day + SCHEDULE_AHEAD:
        errors["until"] = Message(N_("must be within two years"))
    if errors:
        raise InvalidInput(errors)
    last_day = plan.until or plan.first_day + timedelta(weeks=plan.weeks, days=-1)
    starts = rrule(
        WEEKLY,
        byweekday=[weekday(d) for d in sorted(set(plan.weekdays))],
        dtstart=datetime.combine(plan.first_day, plan.at),
        until=datetime.combine(last_day, plan.at),
    )
    skipped = set(plan.skip)
    found = [
        start.replace(tzinfo=HANOI)
        for start in starts
        if start.date() not in skipped and start.replace(tzinfo=HANOI) > now
    ]
    if not found:
        raise invalid("weekdays", N_("this plan gives no session in the future"))
    if found[-1] > now + SCHEDULE_AHEAD:
        raise invalid("first_day", N_("must be within two years"))
    if len(found) > MAX_SERIES:
        raise invalid("weeks", N_("gives more than %(n)d sessions: make it shorter"), n=MAX_SERIES)
    return found


def schedule_series(
    db: Session,
    *,
    workshop_id: int,
    plan: SeriesPlan,
    now: datetime,
    capacity: int | None = None,
) -> list[WorkshopSession]:
    """Every session of the plan, all or none (one transaction), each as long and as large as
    the workshop says (or ``capacity``)."""
    starts = plan_series(plan, now=now)
    with transaction(db):
        workshop = _workshop_to_change(db, workshop_id)
        if workshop.status != WorkshopStatus.ACTIVE:
            raise invalid("workshop", N_("is archived"))
        if capacity is not None:
            errors: dict[str, Message] = {}
            _between(errors, "capacity", capacity, 1, MAX_CAPACITY)
            if errors:
                raise InvalidInput(errors)
        made = []
        for starts_at in starts:
            sitting = WorkshopSession(
                workshop=workshop,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=workshop.duration_minutes),
                capacity=capacity or workshop.capacity,
                created_at=now,
                updated_at=now,
            )
            db.add(sitting)
            made.append(sitting)
        db.flush()
        for sitting in made:
            record(db, SessionScheduled(sitting.id, workshop.id), now=now)
    return made


def workshops_of(db: Session, space_id: int) -> list[Workshop]:
    """The space's workshops, active ones first, by title."""
    return list(
        db.scalars(
            select(Workshop)
            .where(Workshop.space_id == space_id)
            .order_by(Workshop.status, Workshop.title, Workshop.id)
        )
    )
