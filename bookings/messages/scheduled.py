"""Scheduled messages: reminders, warnings before a hold ends, staff's morning summaries.

They are derived from the database on every run (what is due and not yet queued): no timer lives
in memory, so a restart loses nothing, and the dedupe keys make two runs at once harmless.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, joinedload

from bookings.formatting import HANOI
from bookings.messages.handlers import held_message
from bookings.messages.queue import is_queued
from bookings.messages.render import (
    Mail,
    booking_values,
    language_of,
    load_booking,
    send_to,
    session_view,
)
from bookings.unit.transaction import recover
from models import Booking, Space, StaffMembership, User, Workshop, WorkshopSession
from models.statuses import BookingStatus, SessionStatus, SpaceStatus, UserStatus

log = logging.getLogger(__name__)


def queue_scheduled(db: Session, settings: Mail, *, now: datetime) -> int:
    """Queue every reminder, hold warning and staff summary that is due and not yet queued.

    Each message is queued on its own (``_each``): one that fails is logged and tried again on
    the next run, and never stops the others.
    """
    queued = 0
    for kind in (queue_reminders, queue_hold_warnings, queue_staff_summaries):
        queued += _each(db, kind.__name__, kind, db, settings, now)
    return queued


def _each(db: Session, what: object, work: Callable[..., int], *args) -> int:
    """Run one piece of scheduled work; a failure is logged, cleaned up and counted as none."""
    try:
        return work(*args)
    except Exception:
        recover(db)
        log.exception("scheduled work failed: %s", what)
        return 0


#: A booking confirmed this recently is not reminded yet: its confirmation says it all.
REMINDER_QUIET = timedelta(hours=2)


def queue_reminders(db: Session, settings: Mail, now: datetime) -> int:
    """Confirmed bookings whose session starts within ``reminder_hours`` (and has not started),
    of people who want reminders, confirmed at least ``REMINDER_QUIET`` ago. One per booking
    and start time (a moved session reminds again)."""
    horizon = now + timedelta(hours=settings.reminder_hours)
    candidates = db.execute(
        select(Booking.id, WorkshopSession.starts_at)
        .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
        .join(User, User.id == Booking.user_id)
        .where(
            Booking.status == BookingStatus.CONFIRMED,
            Booking.confirmed_at <= now - REMINDER_QUIET,
            WorkshopSession.status == SessionStatus.SCHEDULED,
            WorkshopSession.starts_at > now,
            WorkshopSession.starts_at <= horizon,
            User.mail_reminders.is_(True),
            User.status == UserStatus.ACTIVE,
        )
        .order_by(WorkshopSession.starts_at, Booking.id)
    ).all()
    queued = 0
    for booking_id, starts_at in candidates:
        key = f"reminder:{booking_id}:{starts_at.isoformat()}"
        if not is_queued(db, key):
            queued += _each(db, key, _reminder, db, settings, booking_id, key, now)
    return queued


def _reminder(db: Session, settings: Mail, booking_id: int, key: str, now: datetime) -> int:
    booking = load_booking(db, booking_id)
    language = language_of(booking.user)
    return send_to(
        db,
        settings,
        "reminder",
        user=booking.user,
        dedupe_key=key,
        now=now,
        subject_values={"title": session_view(settings, booking.session, language).title},
        values=booking_values(settings, booking, language),
    )


def queue_hold_warnings(db: Session, settings: Mail, now: datetime) -> int:
    """Held seats about to go back (within ``hold_warning_minutes``): one warning per hold."""
    soon = now + timedelta(minutes=settings.hold_warning_minutes)
    booking_ids = db.scalars(
        select(Booking.id).where(
            Booking.status == BookingStatus.PENDING_PAYMENT,
            Booking.hold_expires_at > now,
            Booking.hold_expires_at <= soon,
        )
    ).all()
    queued = 0
    for booking_id in booking_ids:
        queued += _each(db, booking_id, _hold_warning, db, settings, booking_id, now)
    return queued


def _hold_warning(db: Session, settings: Mail, booking_id: int, now: datetime) -> int:
    booking = load_booking(db, booking_id)
    if booking.created_at > now - timedelta(minutes=1):
        return 0  # a hold shorter than the warning: the first message says it all
    return held_message(db, settings, booking, "hold_warning", now)


def queue_staff_summaries(db: Session, settings: Mail, now: datetime) -> int:
    """From ``summary_hour`` (Hanoi time) on, each staff member who wants it gets one summary
    per space and day listing that day's sessions there (none when there are none)."""
    local = now.astimezone(HANOI)
    if local.hour < settings.summary_hour:
        return 0
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    day_end = day_start + timedelta(days=1)
    queued = 0
    for user_id, space_id in _staff_with_sessions(db, day_start, day_end):
        key = f"staff_summary:{user_id}:{space_id}:{day_start.date().isoformat()}"
        if not is_queued(db, key):
            queued += _each(db, key, _summary, db, settings, user_id, space_id, key, day_start, now)
    return queued


def _summary(
    db: Session, settings: Mail, user_id: int, space_id: int, key: str, day_start, now
) -> int:
    day_end = day_start + timedelta(days=1)
    user = db.get_one(User, user_id)
    space = db.get_one(Space, space_id)
    rows = _day_rows(db, settings, space_id, day_start, day_end, language_of(user))
    return send_to(
        db,
        settings,
        "staff_summary",
        user=user,
        dedupe_key=key,
        now=now,
        subject_values={"space": space.name, "n": len(rows)},
        values={
            "space": space,
            "rows": rows,
            "day": day_start,
            "manage_url": settings.links.manage_space(space.slug),
        },
    )


def _staff_with_sessions(db: Session, day_start: datetime, day_end: datetime) -> list:
    """(person, space) of the staff who want summaries, of active spaces with sessions that
    day."""
    return db.execute(
        select(StaffMembership.user_id, StaffMembership.space_id)
        .join(User, User.id == StaffMembership.user_id)
        .join(Space, Space.id == StaffMembership.space_id)
        .where(
            User.mail_summaries.is_(True),
            User.status == UserStatus.ACTIVE,
            Space.status == SpaceStatus.ACTIVE,
            exists().where(
                and_(
                    Workshop.space_id == StaffMembership.space_id,
                    WorkshopSession.workshop_id == Workshop.id,
                    WorkshopSession.starts_at >= day_start,
                    WorkshopSession.starts_at < day_end,
                )
            ),
        )
        .order_by(StaffMembership.space_id, StaffMembership.user_id)
    ).all()


def _day_rows(
    db: Session, settings: Mail, space_id: int, day_start, day_end, language: str
) -> list[dict]:
    """The space's sessions of the day, with their fill, as a summary lists them."""
    sessions = db.scalars(
        select(WorkshopSession)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(
            Workshop.space_id == space_id,
            WorkshopSession.starts_at >= day_start,
            WorkshopSession.starts_at < day_end,
        )
        .options(joinedload(WorkshopSession.workshop))
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    ).all()
    return [
        {
            "session": session_view(settings, sitting, language),
            "seats_taken": sitting.seats_taken,
            "capacity": sitting.capacity,
            "waitlist": sitting.waitlist_length,
        }
        for sitting in sessions
    ]
