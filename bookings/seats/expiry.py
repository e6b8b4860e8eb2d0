"""The job that gives back what time took: overdue holds and offers, closed waiting lists."""

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.seats.locking import OVERDUE, seat_change
from models import Booking, Workshop, WorkshopSession
from models.workshop import MAX_CUTOFF_MINUTES

log = logging.getLogger(__name__)


def release_expired(db: Session, *, now: datetime) -> int:
    """Release every overdue hold and offer, session by session; return how many.

    Also ends the waiting lists of sessions whose booking has closed.
    """
    overdue_sessions = select(Booking.session_id).where(OVERDUE)
    waiting = db.execute(
        select(WorkshopSession.id, WorkshopSession.starts_at, Workshop.booking_cutoff_minutes)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(
            WorkshopSession.waitlist_length > 0,
            WorkshopSession.starts_at <= now + timedelta(minutes=MAX_CUTOFF_MINUTES),
        )
    )
    closed_lists = {
        session_id
        for session_id, starts_at, cutoff in waiting
        if starts_at - timedelta(minutes=cutoff) <= now
    }
    session_ids = sorted(set(db.scalars(overdue_sessions, {"now": now})) | closed_lists)
    released = 0
    for session_id in session_ids:
        try:
            with seat_change(db, session_id, now) as locked:
                released += locked.released
        except Exception:  # one broken session must not stop the others
            log.exception("releasing the overdue holds of session %s failed", session_id)
    return released
