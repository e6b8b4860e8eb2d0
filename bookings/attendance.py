"""At the door: a session's roster, check-in by ticket code, payment taken at the door, walk-ins,
no-shows, and the roster as CSV.

Every change locks the session's row first (``reservations.lock_session``), like every other
change of a session's bookings, and records its domain event in the same transaction. Walk-ins
take seats through the booking use cases' own functions, so capacity is enforced exactly as for
a booking made online.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bookings import accounts, outbox, policy, reservations
from bookings.errors import (
    N_,
    AlreadyBooked,
    NotConfirmed,
    NotFound,
    NotStarted,
    SessionClosed,
    SoldOut,
    invalid,
)
from bookings.events import (
    BookingNoteChanged,
    CheckedIn,
    CheckInUndone,
    NoShowsMarked,
    PaidAtDoor,
    WalkInBooked,
)
from bookings.mine import active_booking
from bookings.transactions import transaction
from models import Booking, Workshop, WorkshopSession

#: Longest note staff may keep about a booking.
MAX_NOTE = 500


@dataclass(frozen=True)
class RosterRow:
    booking_id: int
    name: str
    email: str
    seats: int
    status: str
    payment_method: str
    amount: int
    paid: bool
    ticket_code: str
    checked_in_at: datetime | None
    no_show_at: datetime | None
    walk_in: bool
    note: str

    @property
    def coming(self) -> bool:
        """Holds seats: confirmed, still paying, or offered seats from the waiting list."""
        return self.status in ("pending_payment", "confirmed", "offered")

    @property
    def owes_at_door(self) -> bool:
        return self.status == "confirmed" and self.payment_method == "at_venue" and not self.paid


@dataclass(frozen=True)
class Roster:
    session: WorkshopSession
    #: Every booking of the session whatever its status: seat holders first, then the waiting
    #: list in its order, then those that ended.
    rows: list[RosterRow]

    @property
    def coming(self) -> list[RosterRow]:
        return [row for row in self.rows if row.coming]

    @property
    def waiting(self) -> list[RosterRow]:
        return [row for row in self.rows if row.status == "waitlisted"]

    @property
    def ended(self) -> list[RosterRow]:
        return [row for row in self.rows if row.status in ("cancelled", "expired")]

    @property
    def seats_checked_in(self) -> int:
        return sum(row.seats for row in self.coming if row.checked_in_at)


_ORDER = {"confirmed": 0, "pending_payment": 0, "offered": 0, "waitlisted": 1}


def session_for_staff(db: Session, session_id: int) -> WorkshopSession:
    """The session with its workshop and space (whose staff may see its people), or NotFound."""
    sitting = db.scalar(
        select(WorkshopSession)
        .where(WorkshopSession.id == session_id)
        .options(joinedload(WorkshopSession.workshop).joinedload(Workshop.space))
    )
    if sitting is None:
        raise NotFound(N_("We could not find that session."))
    return sitting


def booking_for_staff(db: Session, booking_id: int) -> Booking:
    """A booking with its session, workshop and space (to check who may act on it)."""
    booking = db.scalar(
        select(Booking)
        .where(Booking.id == booking_id)
        .options(
            joinedload(Booking.session)
            .joinedload(WorkshopSession.workshop)
            .joinedload(Workshop.space)
        )
    )
    if booking is None:
        raise NotFound(N_("We could not find that booking."))
    return booking


def roster(db: Session, session_id: int) -> Roster:
    """Who booked the session: names, seats, paid or not, checked in, waiting list, notes."""
    sitting = session_for_staff(db, session_id)
    bookings = db.scalars(
        select(Booking)
        .where(Booking.session_id == session_id)
        .options(joinedload(Booking.user))
        .order_by(Booking.queued_at, Booking.id)
    ).all()
    rows = [
        RosterRow(
            booking_id=b.id,
            name=b.user.name,
            email="" if b.user.email.endswith("@guests.invalid") else b.user.email,
            seats=b.seats,
            status=b.status,
            payment_method=b.payment_method,
            amount=b.amount,
            paid=b.paid or b.payment_method == "free",
            ticket_code=b.ticket_code,
            checked_in_at=b.checked_in_at,
            no_show_at=b.no_show_at,
            walk_in=b.walk_in,
            note=b.note,
        )
        for b in bookings
    ]
    rows.sort(key=lambda row: _ORDER.get(row.status, 2))
    return Roster(sitting, rows)


def _record(db: Session, event, now: datetime) -> None:
    outbox.record(db, event, now=now)


def _locked(db: Session, booking_id: int, now: datetime) -> tuple[WorkshopSession, Booking]:
    """The booking and its session, the session's row locked, overdue holds released."""
    return reservations._locked_booking(db, booking_id, None, now)


def check_in(db: Session, *, booking_id: int, now: datetime) -> Booking:
    """Let a confirmed booking's people in. Checking in twice changes nothing; a check-in
    clears a no-show mark. NotConfirmed for a booking that is not confirmed (still paying,
    waiting, cancelled), SessionClosed when the session is cancelled."""
    with transaction(db):
        sitting, booking = _locked(db, booking_id, now)
        if sitting.status != "scheduled":
            raise SessionClosed(N_("This session is cancelled."))
        if booking.status != "confirmed":
            raise NotConfirmed()
        if booking.checked_in_at is None:
            booking.checked_in_at = now
            booking.no_show_at = None
            _record(db, CheckedIn(booking.id, sitting.id, booking.user_id), now)
    return booking


#: Letters people confuse with digits, read as Crockford's base32 reads them.
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def normalise_ticket_code(typed: str) -> str:
    """``7k2mq 9xd4f`` or ``7K2MQ9XD4F`` or a scanned ``7K2MQ-9XD4F`` → ``7K2MQ-9XD4F``."""
    raw = re.sub(r"[^0-9A-Za-z]", "", typed).upper().translate(_LOOKALIKES)
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else raw


def find_ticket(db: Session, *, session_id: int, code: str) -> Booking:
    """The booking of this session with this ticket code; NotFound for a code of another
    session (staff at one door cannot look up tickets elsewhere)."""
    booking = db.scalar(
        select(Booking).where(
            Booking.session_id == session_id,
            Booking.ticket_code == normalise_ticket_code(code),
        )
    )
    if booking is None:
        raise NotFound(N_("No ticket of this session has that code."))
    return booking


def check_in_by_code(db: Session, *, session_id: int, code: str, now: datetime) -> Booking:
    """Check in the booking whose ticket code was typed or scanned at this session's door."""
    booking = find_ticket(db, session_id=session_id, code=code)
    return check_in(db, booking_id=booking.id, now=now)


def undo_check_in(db: Session, *, booking_id: int, now: datetime) -> Booking:
    """Take back a check-in made by mistake (the wrong person tapped)."""
    with transaction(db):
        sitting, booking = _locked(db, booking_id, now)
        if booking.checked_in_at is not None:
            booking.checked_in_at = None
            _record(db, CheckInUndone(booking.id, sitting.id, booking.user_id), now)
    return booking


def mark_paid_at_door(db: Session, *, booking_id: int, now: datetime) -> Booking:
    """The person paid a pay-at-venue booking at the door. Marking it twice changes nothing;
    NotConfirmed for a booking that is not a confirmed pay-at-venue one."""
    with transaction(db):
        sitting, booking = _locked(db, booking_id, now)
        if booking.status != "confirmed" or booking.payment_method != "at_venue":
            raise NotConfirmed(N_("Only a confirmed pay-at-venue booking can be paid at the door."))
        if not booking.paid:
            booking.paid = True
            _record(db, PaidAtDoor(booking.id, sitting.id, booking.amount), now)
    return booking


def set_note(db: Session, *, booking_id: int, note: str, now: datetime) -> Booking:
    """Staff's note about a booking (allergies, a wheelchair …), at most MAX_NOTE characters."""
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise invalid("note", N_("must have at most %(n)d characters"), n=MAX_NOTE)
    with transaction(db):
        sitting, booking = _locked(db, booking_id, now)
        if booking.note != note:
            booking.note = note
            _record(db, BookingNoteChanged(booking.id, sitting.id), now)
    return booking


def mark_no_shows(db: Session, *, session_id: int, now: datetime) -> int:
    """After the start: every confirmed booking not checked in is a no-show. Returns how many
    were newly marked. NotStarted before the start."""
    with transaction(db):
        sitting = reservations.lock_session(db, session_id)
        if now < sitting.starts_at:
            raise NotStarted()
        absent = db.scalars(
            select(Booking).where(
                Booking.session_id == session_id,
                Booking.status == "confirmed",
                Booking.checked_in_at.is_(None),
                Booking.no_show_at.is_(None),
            )
        ).all()
        for booking in absent:
            booking.no_show_at = now
        if absent:
            _record(db, NoShowsMarked(sitting.id, len(absent)), now)
    return len(absent)


def walk_in(
    db: Session,
    *,
    session_id: int,
    name: str,
    seats: int,
    now: datetime,
    email: str | None = None,
    paid: bool = False,
) -> Booking:
    """Someone came to the door without a booking: take their seats, confirmed and checked in.

    Seats are taken as online (the session's lock, its capacity, seats per booking): SoldOut
    when they do not fit, AlreadyBooked when the email's account holds a booking here. Allowed
    from booking's close until the session ends. A paid workshop is paid at the door (``paid``
    when the money was taken now).
    """
    name = " ".join(name.split())
    if not name:
        raise invalid("name", N_("is required"))
    with transaction(db):
        sitting = reservations.lock_session(db, session_id)
        reservations._release_expired(db, sitting, now)
        if sitting.status != "scheduled":
            raise SessionClosed(N_("This session is cancelled."))
        if now >= sitting.ends_at:
            raise SessionClosed(N_("This session has ended."))
        reservations._check_seats(sitting.workshop, sitting, seats)
        if sitting.seats_left < seats:
            raise SoldOut()
        person = accounts.guest_account(db, name=name, email=email)
        if active_booking(db, sitting.id, person.id) is not None:
            raise AlreadyBooked(N_("This person already has a booking for this session."))
        method = "free" if sitting.workshop.price == 0 else "at_venue"
        booking = reservations._add_booking(
            db,
            sitting,
            person.id,
            seats,
            method,
            True,
            gateway="door",
            hold=policy.DEFAULT_HOLD,
            now=now,
        )
        booking.walk_in = True
        booking.checked_in_at = now
        booking.paid = paid and method == "at_venue"
        _record(db, WalkInBooked(booking.id, sitting.id, person.id, seats), now)
        if booking.paid:
            _record(db, PaidAtDoor(booking.id, sitting.id, booking.amount), now)
    return booking


ROSTER_COLUMNS = (
    N_("Name"),
    N_("Email"),
    N_("Seats"),
    N_("Status"),
    N_("Paid"),
    N_("Ticket code"),
    N_("Checked in"),
    N_("No-show"),
    N_("Walk-in"),
    N_("Note"),
)


def roster_csv(
    the_roster: Roster, *, translate=lambda text: text, format_time=lambda moment: ""
) -> bytes:
    """The roster as CSV in UTF-8 with a byte-order mark (so Excel shows Vietnamese names),
    one row per booking; headings and statuses through ``translate``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([translate(heading) for heading in ROSTER_COLUMNS])
    for row in the_roster.rows:
        writer.writerow(
            [
                safe_cell(row.name),
                safe_cell(row.email),
                row.seats,
                translate(STATUS_LABELS[row.status]),
                translate(N_("yes")) if row.paid else translate(N_("no")),
                row.ticket_code,
                format_time(row.checked_in_at) if row.checked_in_at else "",
                translate(N_("yes")) if row.no_show_at else "",
                translate(N_("yes")) if row.walk_in else "",
                safe_cell(row.note),
            ]
        )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


STATUS_LABELS = {
    "pending_payment": N_("Paying"),
    "confirmed": N_("Confirmed"),
    "waitlisted": N_("Waiting list"),
    "offered": N_("Offered seats"),
    "cancelled": N_("Cancelled"),
    "expired": N_("Expired"),
}
