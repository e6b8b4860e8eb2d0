"""A session's roster for its staff: who booked, seats, paid or not, checked in, the waiting
list; and the roster as CSV."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bookings.errors import N_, NC_, NotFound
from bookings.formatting import csv_bytes
from models import Booking, Workshop, WorkshopSession
from models.statuses import SEAT_HOLDING, BookingStatus, PaymentMethod
from models.text import fold


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
    #: The name of whoever let them in at the door ("" before the check-in, or through the API).
    checked_in_by: str = ""

    @property
    def coming(self) -> bool:
        """Holds seats: confirmed, still paying, or offered seats from the waiting list."""
        return self.status in SEAT_HOLDING

    @property
    def owes_at_door(self) -> bool:
        return (
            self.status == BookingStatus.CONFIRMED
            and self.payment_method == PaymentMethod.AT_VENUE
            and not self.paid
        )


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
        return [row for row in self.rows if row.status == BookingStatus.WAITLISTED]

    @property
    def ended(self) -> list[RosterRow]:
        return [
            row
            for row in self.rows
            if row.status in (BookingStatus.CANCELLED, BookingStatus.EXPIRED)
        ]

    @property
    def seats_checked_in(self) -> int:
        return sum(row.seats for row in self.coming if row.checked_in_at)

    @property
    def seats_expected(self) -> int:
        """Seats of the confirmed bookings: the people the door expects."""
        return sum(row.seats for row in self.coming if row.status == BookingStatus.CONFIRMED)

    @property
    def seats_to_come(self) -> int:
        """Expected seats not checked in yet."""
        return sum(
            row.seats
            for row in self.coming
            if row.status == BookingStatus.CONFIRMED and not row.checked_in_at
        )

    def search(self, words: str) -> list[RosterRow]:
        """The seat holders whose name, email or ticket code contains every word of ``words``
        (ignoring case and Vietnamese diacritics; a code typed without its dash matches)."""
        wanted = fold(words).split()
        found = []
        for row in self.coming:
            code = row.ticket_code.lower()
            haystack = f"{fold(row.name)} {row.email.lower()} {code} {code.replace('-', '')}"
            if all(word in haystack for word in wanted):
                found.append(row)
        return found


#: Seat holders first, then the waiting list, then those that ended.
_ORDER = {status: 0 for status in SEAT_HOLDING} | {BookingStatus.WAITLISTED: 1}


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


#: Whose address staff see: the people booked in the session (holding seats or in line). A
#: booking that ended (cancelled, expired) keeps its name and state, not its address.
ATTENDING = (*SEAT_HOLDING, BookingStatus.WAITLISTED)


def _shown_email(booking: Booking) -> str:
    """The address staff may see for this booking: only an attendee's; guests' made-up
    addresses and deleted accounts' show as no address."""
    if booking.status not in ATTENDING:
        return ""
    email = booking.claim_email or booking.user.email
    return "" if email.endswith(("@guests.invalid", "@deleted.invalid")) else email


def roster(db: Session, session_id: int) -> Roster:
    """Who booked the session: names, seats, paid or not, checked in, waiting list, notes; the
    addresses of its attendees only (what the door needs, and nothing of other sessions)."""
    sitting = session_for_staff(db, session_id)
    bookings = db.scalars(
        select(Booking)
        .where(Booking.session_id == session_id)
        .options(joinedload(Booking.user), joinedload(Booking.checked_in_by))
        .order_by(Booking.queued_at, Booking.id)
    ).all()
    rows = [
        RosterRow(
            booking_id=b.id,
            name=b.user.name,
            email=_shown_email(b),
            seats=b.seats,
            status=b.status,
            payment_method=b.payment_method,
            amount=b.amount,
            paid=b.paid or b.payment_method == PaymentMethod.FREE,
            ticket_code=b.ticket_code,
            checked_in_at=b.checked_in_at,
            no_show_at=b.no_show_at,
            walk_in=b.walk_in,
            note=b.note,
            checked_in_by=b.checked_in_by.name if b.checked_in_by else "",
        )
        for b in bookings
    ]
    rows.sort(key=lambda row: _ORDER.get(row.status, 2))
    return Roster(sitting, rows)


ROSTER_COLUMNS = (
    N_("Name"),
    N_("Email"),
    N_("Seats"),
    N_("Status"),
    NC_("payment status", "Paid"),
    N_("Ticket code"),
    N_("Checked in"),
    N_("No-show"),
    N_("Walk-in"),
    N_("Note"),
)


def roster_csv(
    the_roster: Roster,
    *,
    translate=lambda text: text,
    format_time=lambda moment: "",
    translate_in_context=lambda context, text: text,
) -> bytes:
    """The roster as CSV in UTF-8 with a byte-order mark (so Excel shows Vietnamese names),
    one row per booking; headings and statuses through ``translate`` (a heading marked with a
    context, such as "Paid" meaning "has paid", through ``translate_in_context``)."""
    headings = [
        translate_in_context(*heading) if isinstance(heading, tuple) else translate(heading)
        for heading in ROSTER_COLUMNS
    ]
    rows = (
        [
            row.name,
            row.email,
            row.seats,
            translate(STATUS_LABELS[row.status]),
            translate(N_("yes")) if row.paid else translate(N_("no")),
            row.ticket_code,
            format_time(row.checked_in_at) if row.checked_in_at else "",
            translate(N_("yes")) if row.no_show_at else "",
            translate(N_("yes")) if row.walk_in else "",
            row.note,
        ]
        for row in the_roster.rows
    )
    return csv_bytes(headings, rows)


STATUS_LABELS = {
    BookingStatus.PENDING_PAYMENT: N_("Paying"),
    BookingStatus.CONFIRMED: N_("Confirmed"),
    BookingStatus.WAITLISTED: N_("Waiting list"),
    BookingStatus.OFFERED: N_("Offered seats"),
    BookingStatus.CANCELLED: N_("Cancelled"),
    BookingStatus.EXPIRED: N_("Expired"),
}
