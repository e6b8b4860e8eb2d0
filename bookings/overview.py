"""Figures for staff and admins: how full sessions are, who came, what was earned, how the
network is used. Read-only queries; the pages draw them."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bookings.formatting import HANOI
from models import Booking, Space, Workshop, WorkshopSession
from models.statuses import BookingStatus, SessionStatus

#: The "recent" window of the rates and the revenue.
RECENT = timedelta(days=30)
#: How far ahead a space's overview lists sessions.
AHEAD = timedelta(days=30)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class UpcomingSession:
    id: int
    title: str
    title_en: str
    starts_at: datetime
    capacity: int
    seats_taken: int
    waitlist_length: int

    @property
    def fill_rate(self) -> float:
        return self.seats_taken / self.capacity


@dataclass(frozen=True)
class SpaceOverview:
    upcoming: list[UpcomingSession]
    #: Confirmed bookings of the recent sessions, those checked in, those marked no-show.
    recent_bookings: int
    checked_in: int
    no_shows: int
    #: VND received for the recent sessions' confirmed bookings (card or at the door).
    revenue: int

    @property
    def check_in_rate(self) -> float | None:
        return _rate(self.checked_in, self.recent_bookings)

    @property
    def no_show_rate(self) -> float | None:
        return _rate(self.no_shows, self.recent_bookings)


def space_overview(db: Session, space_id: int, *, now: datetime) -> SpaceOverview:
    """Upcoming sessions (next 30 days) with their fill rate; for sessions that started in the
    last 30 days: the check-in rate, the no-show rate and the revenue."""
    upcoming = [
        UpcomingSession(*row)
        for row in db.execute(
            select(
                WorkshopSession.id,
                Workshop.title,
                Workshop.title_en,
                WorkshopSession.starts_at,
                WorkshopSession.capacity,
                WorkshopSession.seats_taken,
                WorkshopSession.waitlist_length,
            )
            .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
            .where(
                Workshop.space_id == space_id,
                WorkshopSession.status == SessionStatus.SCHEDULED,
                WorkshopSession.starts_at > now,
                WorkshopSession.starts_at <= now + AHEAD,
            )
            .order_by(WorkshopSession.starts_at, WorkshopSession.id)
            .limit(60)
        )
    ]
    recent = db.execute(
        select(
            func.count(),
            func.count(Booking.checked_in_at),
            func.count(Booking.no_show_at),
            func.coalesce(func.sum(case((Booking.paid, Booking.amount), else_=0)), 0),
        )
        .select_from(Booking)
        .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(
            Workshop.space_id == space_id,
            Booking.status == BookingStatus.CONFIRMED,
            WorkshopSession.starts_at <= now,
            WorkshopSession.starts_at > now - RECENT,
        )
    ).one()
    return SpaceOverview(upcoming, recent[0], recent[1], recent[2], int(recent[3]))


def _week_of(instant: datetime) -> date:
    """The Monday (Hanoi) of the instant's week."""
    day = instant.astimezone(HANOI).date()
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class NetworkOverview:
    #: (Monday of the week, confirmed bookings made that week), oldest first, every week shown.
    per_week: list[tuple[date, int]]
    #: (discipline code, confirmed seats), most first.
    per_discipline: list[tuple[str, int]]
    #: (district code, confirmed seats), most first.
    per_district: list[tuple[str, int]]
    #: (space name, seats taken, seats offered) of the sessions of the window, fullest first.
    fill_by_space: list[tuple[str, int, int]]


def network_overview(db: Session, *, now: datetime, weeks: int = 12) -> NetworkOverview:
    """How the network is used: bookings per week (the last ``weeks``), and for the sessions of
    the last 30 days and the next 30: confirmed seats per discipline and per district, and each
    space's fill rate."""
    first_week = _week_of(now) - timedelta(weeks=weeks - 1)
    made = db.scalars(
        select(Booking.created_at).where(
            Booking.status == BookingStatus.CONFIRMED,
            Booking.created_at >= datetime.combine(first_week, datetime.min.time(), tzinfo=HANOI),
        )
    )
    counts: dict[date, int] = {first_week + timedelta(weeks=n): 0 for n in range(weeks)}
    for created_at in made:
        week = _week_of(created_at)
        if week in counts:
            counts[week] += 1
    window = (
        WorkshopSession.starts_at > now - RECENT,
        WorkshopSession.starts_at <= now + AHEAD,
        WorkshopSession.status == SessionStatus.SCHEDULED,
    )
    seats = func.sum(Booking.seats)
    confirmed = (
        select()
        .select_from(Booking)
        .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .join(Space, Space.id == Workshop.space_id)
        .where(Booking.status == BookingStatus.CONFIRMED, *window)
    )
    per_discipline = db.execute(
        confirmed.add_columns(Workshop.discipline, seats)
        .group_by(Workshop.discipline)
        .order_by(seats.desc(), Workshop.discipline)
    ).all()
    per_district = db.execute(
        confirmed.add_columns(Space.district, seats)
        .group_by(Space.district)
        .order_by(seats.desc(), Space.district)
    ).all()
    taken, offered = func.sum(WorkshopSession.seats_taken), func.sum(WorkshopSession.capacity)
    fill = db.execute(
        select(Space.name, taken, offered)
        .select_from(WorkshopSession)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .join(Space, Space.id == Workshop.space_id)
        .where(*window)
        .group_by(Space.id, Space.name)
    ).all()
    fill_by_space = sorted(
        ((name, int(t), int(o)) for name, t, o in fill), key=lambda row: (-row[1] / row[2], row[0])
    )
    return NetworkOverview(
        per_week=sorted(counts.items()),
        per_discipline=[(code, int(n)) for code, n in per_discipline],
        per_district=[(code, int(n)) for code, n in per_district],
        fill_by_space=fill_by_space,
    )
