"""Workshops a space publishes and their dated sessions."""

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime
from models.space import Space
from models.statuses import SessionStatus, WorkshopStatus
from models.text import fold

#: Languages a workshop is taught in.
LANGUAGES = ("vi", "en", "vi+en")

#: Seats one booking may take unless the workshop says otherwise.
DEFAULT_MAX_SEATS_PER_BOOKING = 6

#: Hours before the start until which people may cancel, unless the workshop says otherwise.
DEFAULT_CANCELLATION_HOURS = 24

#: The earliest a workshop may close booking: a week before the start.
MAX_CUTOFF_MINUTES = 7 * 24 * 60
#: Most seats a workshop or a session may have.
MAX_CAPACITY = 1000


def _now() -> datetime:
    return datetime.now(UTC)


class Workshop(Base):
    """A class a space offers (ceramics for beginners …); it runs as dated sessions."""

    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("max_seats_per_booking > 0", name="seats_per_booking_positive"),
        CheckConstraint(
            f"booking_cutoff_minutes BETWEEN 0 AND {MAX_CUTOFF_MINUTES}", name="cutoff_in_range"
        ),
        CheckConstraint("cancellation_deadline_hours >= 0", name="deadline_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"), index=True)
    #: Title and description in Vietnamese (the network's first language) …
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: … and in English, empty when the space gave none.
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    discipline: Mapped[str] = mapped_column(String(40), index=True)
    #: A code of ``LANGUAGES``: what the class is taught in.
    language: Mapped[str] = mapped_column(String(10), default="vi")
    #: Whole VND (no minor unit); 0 is free.
    price: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Default capacity of new sessions.
    capacity: Mapped[int] = mapped_column(Integer)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    #: Age guidance: the youngest age the class suits, or None when it suits everyone.
    min_age: Mapped[int | None] = mapped_column(Integer)
    what_to_bring: Mapped[str] = mapped_column(Text, default="")
    what_to_bring_en: Mapped[str] = mapped_column(Text, default="")
    #: Paid workshops only: people may choose to pay at the door instead of by card.
    pay_at_venue: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Offers bank transfer where the space has a payee (staff may switch it off).
    bank_transfer: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    max_seats_per_booking: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_MAX_SEATS_PER_BOOKING
    )
    #: Booking closes this many minutes before a session starts (0: at the start).
    booking_cutoff_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: People may cancel (and be refunded) until this many hours before the start.
    cancellation_deadline_hours: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_CANCELLATION_HOURS, server_default=str(DEFAULT_CANCELLATION_HOURS)
    )
    #: A ``WorkshopStatus``.
    status: Mapped[str] = mapped_column(String(20), default=WorkshopStatus.ACTIVE)
    #: Folded titles and descriptions in both languages, for diacritic-blind search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    #: Rises with every change (part of the catalogue's version: cached calendar feeds).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now, onupdate=_now)

    space: Mapped[Space] = relationship()
    sessions: Mapped[list["WorkshopSession"]] = relationship(
        back_populates="workshop", order_by="WorkshopSession.starts_at"
    )

    @property
    def is_free(self) -> bool:
        return self.price == 0


class WorkshopSession(Base):
    """One dated occurrence of a workshop, with its own capacity.

    ``seats_taken`` counts confirmed seats, held seats and open waiting-list offers, so that a
    listing never aggregates bookings; the CHECK constraint is the last line of defence against
    overselling.
    """

    __tablename__ = "workshop_sessions"
    __table_args__ = (
        CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= capacity", name="seats_within_capacity"
        ),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("waitlist_length >= 0", name="waitlist_not_negative"),
        Index("ix_workshop_sessions_listing", "status", "starts_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    #: People waiting for a seat, kept in step by the booking use cases.
    waitlist_length: Mapped[int] = mapped_column(Integer, default=0)
    #: ``scheduled`` or ``cancelled``.
    status: Mapped[str] = mapped_column(String(20), default=SessionStatus.SCHEDULED)
    #: Where this session happens when not at the space's own address (another room, another
    #: venue); empty: at the space.
    location: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: Rises whenever time, place or status change (iCalendar SEQUENCE).
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    #: The iCalendar UID the session had before UIDs carried the deployment's public host
    #: (kept, so calendars that know it never show the class twice); None: the UID is
    #: ``session-<id>@<public host>``.
    calendar_uid: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    #: When what a calendar shows of the session last changed (time, place, status), stamped by
    #: the use cases that change it. Never by a change of its seats: a booking would otherwise
    #: make every feed's body, ETag and cache new, and subscribed calendars download them again.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")

    @property
    def seats_left(self) -> int:
        return self.capacity - self.seats_taken

    @property
    def place(self) -> str:
        """Where people go: the session's own place, else its space's address."""
        return self.location or self.workshop.space.address


@event.listens_for(Workshop, "before_insert")
@event.listens_for(Workshop, "before_update")
def _fold_workshop(_mapper, _connection, workshop: Workshop) -> None:
    parts = (workshop.title, workshop.title_en, workshop.description, workshop.description_en)
    workshop.search_text = fold(" ".join(part or "" for part in parts))
