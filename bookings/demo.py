"""The demo network: the venues the articles name and others, with eight weeks of sessions.

Demo spaces carry ``is_demo`` so that pages mark them and ``reset`` removes only them.
"""

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from bookings.demo_data import SPACES, WORKSHOPS
from bookings.transactions import transaction
from models import Space, Workshop, WorkshopSession

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

#: How far ahead the demo schedule runs.
WEEKS_AHEAD = 8


def seed_demo(
    db: Session,
    *,
    now: datetime,
    reset: bool = False,
    only_if_empty: bool = False,
    seed: int = 2024,
) -> int:
    """Load the demo network unless it is there already; return the number of sessions created.

    With ``reset`` the demo spaces, their workshops and sessions are removed first; with
    ``only_if_empty`` nothing happens when the database holds any space at all. The result is the
    same for the same ``seed`` and ``now``, so tests and screenshots are repeatable.
    """
    with transaction(db):
        if only_if_empty and db.scalar(select(exists().where(Space.id.is_not(None)))):
            return 0
        if reset:
            _remove_demo(db)
        elif db.scalar(select(exists().where(Space.is_demo.is_(True)))):
            return 0
        rng = random.Random(seed)  # noqa: S311 (repeatable demo data, not secrets)
        created = 0
        for entry in SPACES:
            space = _space_from(entry)
            db.add(space)
            for template in _templates_for(space, rng):
                workshop = _workshop_from(template, space)
                db.add(workshop)
                created += _schedule(db, workshop, template, now=now, rng=rng)
    return created


def _remove_demo(db: Session) -> None:
    demo_spaces = select(Space.id).where(Space.is_demo.is_(True))
    demo_workshops = select(Workshop.id).where(Workshop.space_id.in_(demo_spaces))
    db.execute(delete(WorkshopSession).where(WorkshopSession.workshop_id.in_(demo_workshops)))
    db.execute(delete(Workshop).where(Workshop.space_id.in_(demo_spaces)))
    for space in db.scalars(select(Space).where(Space.is_demo.is_(True))):
        db.delete(space)
    db.flush()


def _space_from(entry: dict) -> Space:
    space = Space(
        slug=entry["slug"],
        name=entry["name"],
        kind=entry["kind"],
        district=entry["district"],
        address=entry["address"],
        latitude=entry["lat"],
        longitude=entry["lng"],
        description=entry["description_vi"],
        description_en=entry["description_en"],
        member_since=entry["member_since"],
        certificate_number=entry["certificate_number"],
        is_demo=True,
    )
    space.disciplines = entry["disciplines"]
    return space


def _templates_for(space: Space, rng: random.Random) -> list[dict]:
    fitting = [w for w in WORKSHOPS if w["discipline"] in space.disciplines]
    return rng.sample(fitting, k=min(len(fitting), rng.randint(1, 3)))


def _workshop_from(template: dict, space: Space) -> Workshop:
    return Workshop(
        space=space,
        title=template["title_vi"],
        title_en=template["title_en"],
        description=template["description_vi"],
        description_en=template["description_en"],
        discipline=template["discipline"],
        language=template["language"],
        price=template["price"],
        capacity=template["capacity"],
        duration_minutes=template["duration_minutes"],
        min_age=template["min_age"],
        what_to_bring=template["what_to_bring_vi"],
        what_to_bring_en=template["what_to_bring_en"],
        pay_at_venue=template["pay_at_venue"] and template["price"] > 0,
    )


def _schedule(
    db: Session, workshop: Workshop, template: dict, *, now: datetime, rng: random.Random
) -> int:
    """Weekly sessions on one of the template's days over the coming weeks."""
    weekday = rng.choice(template["weekdays"])
    hour, minute = map(int, rng.choice(template["start_times"]).split(":"))
    today = now.astimezone(HANOI).date()
    first = today + timedelta(days=(weekday - today.weekday()) % 7)
    created = 0
    for week in range(WEEKS_AHEAD):
        starts_at = datetime.combine(first + timedelta(weeks=week), time(hour, minute), HANOI)
        if starts_at <= now:
            continue
        db.add(
            WorkshopSession(
                workshop=workshop,
                starts_at=starts_at.astimezone(UTC),
                ends_at=(starts_at + timedelta(minutes=workshop.duration_minutes)).astimezone(UTC),
                capacity=workshop.capacity,
                seats_taken=_demand(workshop.capacity, week, rng),
            )
        )
        created += 1
    return created


def _demand(capacity: int, week: int, rng: random.Random) -> int:
    """Seats already taken: the next weeks fill up (some nearly full), later ones less."""
    if week < 2 and rng.random() < 0.35:
        return max(0, capacity - rng.randint(0, 2))
    return rng.randint(0, capacity * max(1, 4 - week) // 4)
