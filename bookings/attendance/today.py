"""The staff's "Today": the sessions of a day at their spaces, with fill and door counts."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from models import Booking, Space, Workshop, WorkshopSession
from models.statuses import BookingStatus


@dataclass(frozen=True)
class DaySession:
    """A session of the day as the staff's "Today" page shows it: fill and door counts."""

    id: int
    starts_at: datetime
    ends_at: datetime
    status: str
    title: str
    title_en: str
    space_name: str
    location: str
    capacity: int
    seats_taken: int
    waitlist_length: int
    #: Seats of confirmed bookings, and how many of them are checked in.
    seats_expected: int
    seats_in: int

    @property
    def seats_left(self) -> int:
        return self.capacity - self.seats_taken


def sessions_between(
    db: Session, *, space_ids: list[int] | None, starts_from: datetime, starts_before: datetime
) -> list[DaySession]:
    """Sessions starting in [starts_from, starts_before) at these spaces (None: every space),
    soonest first, each with its door counts, in one statement."""
    confirmed = Booking.status == BookingStatus.CONFIRMED
    counts = (
        select(
            Booking.session_id,
            func.sum(case((confirmed, Booking.seats), else_=0)).label("expected"),
            func.sum(
                case((confirmed & Booking.checked_in_at.is_not(None), Booking.seats), else_=0)
            ).label("checked_in"),
        )
        .group_by(Booking.session_id)
        .subquery()
    )
    query = (
        select(
            WorkshopSession.id,
            WorkshopSession.starts_at,
            WorkshopSession.ends_at,
            WorkshopSession.status,
            Workshop.title,
            Workshop.title_en,
            Space.name.label("space_name"),
            WorkshopSession.location,
            WorkshopSession.capacity,
            WorkshopSession.seats_taken,
            WorkshopSession.waitlist_length,
            func.coalesce(counts.c.expected, 0),
            func.coalesce(counts.c.checked_in, 0),
        )
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .join(Space, Space.id == Workshop.space_id)
        .outerjoin(counts, counts.c.session_id == WorkshopSession.id)
        .where(WorkshopSession.starts_at >= starts_from, WorkshopSession.starts_at < starts_before)
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    )
    if space_ids is not None:
        query = query.where(Workshop.space_id.in_(space_ids))
    return [DaySession(*row) for row in db.execute(query)]
