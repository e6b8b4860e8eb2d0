"""The demo network: the venues the articles name and others, with eight weeks of sessions.

Demo spaces carry ``is_demo`` so that pages mark them and ``reset`` removes only them.
"""

import json
import random
import secrets
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from bookings.formatting import HANOI
from bookings.payments.demo import DemoGateway
from bookings.seats.booking import new_ticket_code
from bookings.unit.transaction import transaction
from models import (
    BankNotification,
    Booking,
    Payee,
    Payment,
    Refund,
    Space,
    User,
    Workshop,
    WorkshopSession,
)
from models.statuses import BookingStatus, PaymentMethod, PaymentStatus

#: The network as data: spaces, workshop templates, the demo residents' names.
NETWORK = Path(__file__).with_name("network.json")

#: How far ahead the demo schedule runs.
WEEKS_AHEAD = 8

#: Demo residents who booked seats; their addresses end with this reserved domain.
RESIDENTS = 40
DEMO_EMAIL_DOMAIN = "demo.hcsn.invalid"


@cache
def network() -> dict:
    """``network.json``, read once."""
    return json.loads(NETWORK.read_text(encoding="utf-8"))


def spaces() -> list[dict]:
    return network()["spaces"]


def workshops() -> list[dict]:
    return network()["workshops"]


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
        residents = _residents(db, now)
        created = 0
        for entry in spaces():
            space = space_from(entry)
            db.add(space)
            db.add(demo_payee(space, entry))
            for template in _templates_for(space, rng):
                workshop = workshop_from(template, space)
                db.add(workshop)
                created += _schedule(db, workshop, template, residents, now=now, rng=rng)
    return created


def _remove_demo(db: Session) -> None:
    demo_spaces = select(Space.id).where(Space.is_demo.is_(True))
    demo_workshops = select(Workshop.id).where(Workshop.space_id.in_(demo_spaces))
    demo_sessions = select(WorkshopSession.id).where(
        WorkshopSession.workshop_id.in_(demo_workshops)
    )
    demo_bookings = select(Booking.id).where(
        or_(Booking.session_id.in_(demo_sessions), Booking.user_id.in_(_demo_residents()))
    )
    db.execute(delete(BankNotification).where(BankNotification.space_id.in_(demo_spaces)))
    db.execute(delete(Refund).where(Refund.booking_id.in_(demo_bookings)))
    db.execute(delete(Payment).where(Payment.booking_id.in_(demo_bookings)))
    db.execute(delete(Booking).where(Booking.id.in_(demo_bookings)))
    db.execute(delete(User).where(User.id.in_(_demo_residents())))
    db.execute(delete(WorkshopSession).where(WorkshopSession.workshop_id.in_(demo_workshops)))
    db.execute(delete(Workshop).where(Workshop.space_id.in_(demo_spaces)))
    for space in db.scalars(select(Space).where(Space.is_demo.is_(True))):
        db.delete(space)
    db.flush()


def demo_contact(entry: dict) -> dict[str, str]:
    """Contact details of a demo space: a made-up number in a range Hanoi does not use, an
    address at the reserved ``.invalid`` domain and a chat link to that number, so that nobody
    real is ever called or written to."""
    number = int(entry["certificate_number"].rsplit("-", 1)[1])
    return {
        "phone": f"024 0000 {number:04d}",
        "email": f"{entry['slug']}@{DEMO_EMAIL_DOMAIN}",
        "messenger_url": f"https://zalo.me/0240000{number:04d}",
    }


#: The bank of the demo payees: a real NAPAS member, so the VietQR codes are well formed …
DEMO_BANK_BIN = "970436"


def demo_payee(space: Space, entry: dict) -> Payee:
    """… and an account that is clearly fake (``DEMO`` and the certificate's number, a holder
    that says it is not real), so that nobody pays a demo space for real."""
    number = int(entry["certificate_number"].rsplit("-", 1)[1])
    return Payee(
        space=space,
        bank_bin=DEMO_BANK_BIN,
        account_number=f"DEMO{number:06d}",
        account_name="TAI KHOAN DEMO KHONG CO THAT",
    )


def space_from(entry: dict, **overrides) -> Space:
    """A space from an entry of ``spaces()`` (benchmarks copy them with ``overrides``)."""
    values = dict(
        slug=entry["slug"],
        name=entry["name"],
        kind=entry["kind"],
        district=entry["district"],
        address=entry["address"],
        latitude=entry["lat"],
        longitude=entry["lng"],
        description=entry["description_vi"],
        description_en=entry["description_en"],
        member_since=date.fromisoformat(entry["member_since"]),
        certificate_number=entry["certificate_number"],
        is_demo=True,
        **demo_contact(entry),
    )
    space = Space(**(values | overrides))
    space.disciplines = entry["disciplines"]
    return space


def _templates_for(space: Space, rng: random.Random) -> list[dict]:
    fitting = [w for w in workshops() if w["discipline"] in space.disciplines]
    return rng.sample(fitting, k=min(len(fitting), rng.randint(1, 3)))


def workshop_from(template: dict, space: Space, **overrides) -> Workshop:
    """A workshop from an entry of ``workshops()``."""
    values = dict(
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
    return Workshop(**(values | overrides))


def _demo_residents():
    return select(User.id).where(User.email.like(f"%@{DEMO_EMAIL_DOMAIN}"))


def _residents(db: Session, now: datetime) -> list[User]:
    """People who have booked seats in the demo: they cannot log in (no password works)."""
    people = []
    names = network()["residents"]
    family_names, given_names = names["family_names"], names["given_names"]
    for n in range(RESIDENTS):
        family = family_names[n % len(family_names)]
        given = given_names[(n * 7) % len(given_names)]
        person = User(
            email=f"cu-dan-{n + 1:02d}@{DEMO_EMAIL_DOMAIN}",
            name=f"{family} {given}",
            password_hash="!demo: no password opens this account",  # noqa: S106 (not a hash)
            session_key=secrets.token_urlsafe(24),
            created_at=now,
        )
        db.add(person)
        people.append(person)
    db.flush()
    return people


def _book(
    db: Session,
    sitting: WorkshopSession,
    workshop: Workshop,
    residents: list[User],
    demand: int,
    *,
    now: datetime,
    rng: random.Random,
) -> None:
    """Real bookings by demo residents for ``demand`` seats, so the counters match the rows."""
    people = iter(rng.sample(residents, k=min(len(residents), demand)))
    while sitting.seats_taken < demand:
        seats = min(rng.choice((1, 1, 1, 2, 2, 3)), demand - sitting.seats_taken)
        paid = workshop.price > 0
        booking = Booking(
            session=sitting,
            user=next(people),
            seats=seats,
            status=BookingStatus.CONFIRMED,
            payment_method=PaymentMethod.CARD if paid else PaymentMethod.FREE,
            amount=workshop.price * seats,
            paid=paid,
            ticket_code=new_ticket_code(),
            queued_at=now,
            created_at=now,
            confirmed_at=now,
        )
        db.add(booking)
        if paid:
            db.add(
                Payment(
                    booking=booking,
                    provider=DemoGateway.name,
                    reference=secrets.token_urlsafe(18),
                    amount=booking.amount,
                    status=PaymentStatus.PAID,
                    created_at=now,
                    paid_at=now,
                )
            )
        sitting.seats_taken += seats


def _schedule(
    db: Session,
    workshop: Workshop,
    template: dict,
    residents: list[User],
    *,
    now: datetime,
    rng: random.Random,
) -> int:
    """Weekly sessions on one of the template's days over the coming weeks, partly booked."""
    weekday = rng.choice(template["weekdays"])
    hour, minute = map(int, rng.choice(template["start_times"]).split(":"))
    today = now.astimezone(HANOI).date()
    first = today + timedelta(days=(weekday - today.weekday()) % 7)
    created = 0
    for week in range(WEEKS_AHEAD):
        starts_at = datetime.combine(first + timedelta(weeks=week), time(hour, minute), HANOI)
        if starts_at <= now:
            continue
        sitting = WorkshopSession(
            workshop=workshop,
            starts_at=starts_at.astimezone(UTC),
            ends_at=(starts_at + timedelta(minutes=workshop.duration_minutes)).astimezone(UTC),
            capacity=workshop.capacity,
            seats_taken=0,
        )
        db.add(sitting)
        demand = _demand(workshop.capacity, week, rng)
        _book(db, sitting, workshop, residents, demand, now=now, rng=rng)
        created += 1
    return created


def _demand(capacity: int, week: int, rng: random.Random) -> int:
    """Seats already taken: the next weeks fill up (some nearly full), later ones less."""
    if week < 2 and rng.random() < 0.35:
        return max(0, capacity - rng.randint(0, 2))
    return rng.randint(0, capacity * max(1, 4 - week) // 4)
