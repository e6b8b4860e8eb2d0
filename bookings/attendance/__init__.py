"""At the door: a session's roster and its CSV, check-in by ticket code, payment taken at the
door, walk-ins, no-shows, notes, the staff's day. Uses seats (walk-ins take seats as bookings
do) and accounts.
"""

from bookings.attendance.door import (
    DoorAnswer,
    DoorOutcome,
    admit,
    check_in,
    check_in_by_code,
    claim_walk_in,
    find_ticket,
    mark_no_shows,
    mark_paid_at_door,
    set_note,
    undo_check_in,
    walk_in,
    walk_ins_to_confirm,
)
from bookings.attendance.roster import (
    Roster,
    RosterRow,
    booking_for_staff,
    roster,
    roster_csv,
    session_for_staff,
)
from bookings.attendance.today import DaySession, sessions_between

__all__ = [
    "DaySession",
    "DoorAnswer",
    "DoorOutcome",
    "Roster",
    "RosterRow",
    "booking_for_staff",
    "admit",
    "check_in",
    "check_in_by_code",
    "claim_walk_in",
    "find_ticket",
    "mark_no_shows",
    "mark_paid_at_door",
    "roster",
    "roster_csv",
    "session_for_staff",
    "sessions_between",
    "set_note",
    "undo_check_in",
    "walk_in",
    "walk_ins_to_confirm",
]
