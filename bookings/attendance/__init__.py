"""At the door: a session's roster and its CSV, check-in by ticket code, payment taken at the
door, walk-ins, no-shows, notes. Uses seats (walk-ins take seats as bookings do) and accounts.
"""

from bookings.attendance.door import (
    check_in,
    check_in_by_code,
    find_ticket,
    mark_no_shows,
    mark_paid_at_door,
    set_note,
    undo_check_in,
    walk_in,
)
from bookings.attendance.roster import (
    Roster,
    RosterRow,
    booking_for_staff,
    roster,
    roster_csv,
    session_for_staff,
)

__all__ = [
    "Roster",
    "RosterRow",
    "booking_for_staff",
    "check_in",
    "check_in_by_code",
    "find_ticket",
    "mark_no_shows",
    "mark_paid_at_door",
    "roster",
    "roster_csv",
    "session_for_staff",
    "set_note",
    "undo_check_in",
    "walk_in",
]
