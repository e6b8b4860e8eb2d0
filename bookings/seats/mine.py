"""A person's own bookings, as the "My bookings" page and the API show them."""

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from bookings.errors import N_, NotFound
from models import Booking, Workshop, WorkshopSession
from models.statuses import ACTIVE_BOOKINGS, SEAT_HOLDING, BookingStatus


def _with_everything(query):
    return query.options(
        joinedload(Booking.session).joinedload(WorkshopSession.workshop).joinedload(Workshop.space),
        selectinload(Booking.payments),
        selectinload(Booking.refunds),
    )


def bookings_of(db: Session, user_id: int) -> list[Booking]:
    """Every booking of the person, sessions soonest first, in a fixed number of statements."""
    query = (
        select(Booking)
        .join(Booking.session)
        .where(Booking.user_id == user_id)
        .order_by(WorkshopSession.starts_at, Booking.id)
    )
    return list(db.scalars(_with_everything(query)).unique())


def booking_of(db: Session, booking_id: int, user_id: int | None) -> Booking:
    """One booking of the person (``user_id`` None: whoever's); another's is NotFound."""
    query = select(Booking).where(Booking.id == booking_id)
    if user_id is not None:
        query = query.where(Booking.user_id == user_id)
    booking = db.scalars(_with_everything(query)).unique().one_or_none()
    if booking is None:
        raise NotFound(N_("We could not find that booking."))
    return booking


def active_booking(db: Session, session_id: int, user_id: int) -> Booking | None:
    """The person's booking or place in line for this session, if they have one."""
    return db.scalar(
        select(Booking).where(
            Booking.session_id == session_id,
            Booking.user_id == user_id,
            Booking.status.in_(ACTIVE_BOOKINGS),
        )
    )


def waitlist_positions(db: Session, bookings: list[Booking]) -> dict[int, int]:
    """booking id -> place in line (1 is next) of the waitlisted ones, in one statement."""
    waiting_ids = [b.id for b in bookings if b.status == BookingStatus.WAITLISTED]
    if not waiting_ids:
        return {}
    ahead = aliased(Booking)
    places = select(
        Booking.id,
        select(func.count())
        .where(
            ahead.session_id == Booking.session_id,
            ahead.status == BookingStatus.WAITLISTED,
            or_(
                ahead.queued_at < Booking.queued_at,
                and_(ahead.queued_at == Booking.queued_at, ahead.id < Booking.id),
            ),
        )
        .scalar_subquery(),
    ).where(Booking.id.in_(waiting_ids))
    return {booking_id: count + 1 for booking_id, count in db.execute(places)}


def count_seats(db: Session, session_id: int) -> tuple[int, int]:
    """A recount from the bookings: (seats held, confirmed or offered; people waiting)."""
    held = db.scalar(
        select(func.coalesce(func.sum(Booking.seats), 0)).where(
            Booking.session_id == session_id, Booking.status.in_(SEAT_HOLDING)
        )
    )
    waiting = db.scalar(
        select(func.count()).where(
            Booking.session_id == session_id, Booking.status == BookingStatus.WAITLISTED
        )
    )
    return int(held), int(waiting)
