"""Calendars (RFC 5545, built with ``icalendar``): one session, a space, the network, a person.

Every session has one UID in every feed and download, so a calendar never shows a class twice;
its SEQUENCE rises whenever its time, place or status change (``WorkshopSession.sequence``), so
subscribed calendars replace what they hold. Times carry ``TZID=Asia/Ho_Chi_Minh`` with its
VTIMEZONE. Each feed is read in one statement, however many events it holds.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneStandard,
    vCalAddress,
    vDuration,
    vText,
)
from sqlalchemy import Row, and_, func, or_, select
from sqlalchemy.orm import Session

from bookings.catalogue.search import like_tokens
from bookings.errors import N_, NotFound
from bookings.formatting import HANOI
from models import Booking, Space, User, Workshop, WorkshopSession
from models.statuses import SEAT_HOLDING, BookingStatus, SessionStatus, SpaceStatus, WorkshopStatus

PRODID = "-//Hanoi Creative Spaces Network//Workshop bookings//VI"
#: How often subscribed calendars should come back (REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH = timedelta(hours=1)
#: Feeds reach back this far: recent changes (a cancellation) still reach subscribers.
LOOKBACK = timedelta(days=30)

_COLUMNS = (
    WorkshopSession.id,
    WorkshopSession.starts_at,
    WorkshopSession.ends_at,
    WorkshopSession.status,
    WorkshopSession.sequence,
    WorkshopSession.calendar_uid,
    WorkshopSession.created_at,
    WorkshopSession.updated_at,
    WorkshopSession.location.label("session_location"),
    Workshop.title,
    Workshop.title_en,
    Workshop.description,
    Workshop.description_en,
    Space.slug.label("space_slug"),
    Space.name.label("space_name"),
    Space.address,
    Space.latitude,
    Space.longitude,
)


def _sessions_query():
    return (
        select(*_COLUMNS)
        .select_from(WorkshopSession)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .join(Space, Space.id == Workshop.space_id)
        .where(Space.status == SpaceStatus.ACTIVE)
    )


def session_row(db: Session, session_id: int) -> Row:
    row = db.execute(_sessions_query().where(WorkshopSession.id == session_id)).first()
    if row is None:
        raise NotFound(N_("We could not find that session."))
    return row


def catalogue_version(db: Session) -> tuple:
    """What changes whenever a public feed could, read in one statement (a cached feed is keyed
    on it): the last change and the number of rows of sessions, workshops and spaces, and the
    sum of the sessions' SEQUENCE. A cancelled or moved session raises its SEQUENCE: the
    version changes even when the ``now`` the use case stamped it with is older than another
    row's last change (an earlier clock, a transaction that began before another committed)."""
    parts = [select(func.coalesce(func.sum(WorkshopSession.sequence), 0)).scalar_subquery()]
    for model in (WorkshopSession, Workshop, Space):
        parts += [
            select(func.max(model.updated_at)).scalar_subquery(),
            select(func.count(model.id)).scalar_subquery(),
        ]
    return tuple(db.execute(select(*parts)).one())


def feed_rows(
    db: Session,
    *,
    now: datetime,
    space_slug: str | None = None,
    discipline: str | None = None,
    district: str | None = None,
    q: str = "",
) -> list[Row]:
    """Sessions from ``LOOKBACK`` ago onwards (cancelled ones too), soonest first."""
    query = _sessions_query().where(
        WorkshopSession.ends_at >= now - LOOKBACK, Workshop.status == WorkshopStatus.ACTIVE
    )
    if space_slug:
        query = query.where(Space.slug == space_slug)
    if discipline:
        query = query.where(Workshop.discipline == discipline)
    if district:
        query = query.where(Space.district == district)
    for pattern in like_tokens(q):
        haystack = Workshop.search_text + " " + Space.search_text
        query = query.where(haystack.like(pattern, escape="\\"))
    return list(db.execute(query.order_by(WorkshopSession.starts_at, WorkshopSession.id)))


def person_rows(
    db: Session, user_id: int, *, now: datetime, session_id: int | None = None
) -> list[Row]:
    """The person's bookings worth a calendar entry, with their sessions, in one statement
    (``session_id``: of that session only, as a message's attachment needs).

    Confirmed and pending bookings and open offers; recently cancelled and expired ones (so
    subscribed calendars remove them); nothing older than ``LOOKBACK``.
    """
    query = (
        _sessions_query()
        .add_columns(
            Booking.id.label("booking_id"),
            Booking.status.label("booking_status"),
            Booking.seats,
            Booking.ticket_code,
            Booking.hold_expires_at,
            Booking.offer_expires_at,
            Booking.created_at.label("booked_at"),
            Booking.confirmed_at,
            Booking.cancelled_at,
        )
        .join(Booking, Booking.session_id == WorkshopSession.id)
        .where(
            Booking.user_id == user_id,
            WorkshopSession.ends_at >= now - LOOKBACK,
            or_(
                Booking.status.in_(SEAT_HOLDING),
                and_(
                    Booking.status.in_((BookingStatus.CANCELLED, BookingStatus.EXPIRED)),
                    Booking.cancelled_at >= now - LOOKBACK,
                ),
            ),
        )
        .order_by(WorkshopSession.starts_at, Booking.id)
    )
    if session_id is not None:
        query = query.where(WorkshopSession.id == session_id)
    rows = list(db.execute(query))
    # A person may have booked, cancelled and booked again: the booking holding seats speaks
    # (a walk-in they claimed may be older than one they cancelled), else the latest.
    speaks: dict[int, Row] = {}
    for row in rows:
        if row.id not in speaks or _weight(row) > _weight(speaks[row.id]):
            speaks[row.id] = row
    return [row for row in rows if speaks[row.id] is row]


def _weight(row: Row) -> tuple[bool, int]:
    return row.booking_status in SEAT_HOLDING, row.booking_id


def booking_row(booking: Booking, *, now: datetime) -> SimpleNamespace | None:
    """What ``person_rows`` reads of one booking holding seats, taken from the booking already
    loaded with its session, workshop and space (a message's attachment: no statement). None
    for any other booking, or where ``person_rows`` finds nothing (the space is not active, the
    session ended long ago). A booking holding seats is the one ``person_rows`` prefers: a
    person holds seats in a session by one booking at most."""
    sitting = booking.session
    workshop, space = sitting.workshop, sitting.workshop.space
    if (
        booking.status not in SEAT_HOLDING
        or space.status != SpaceStatus.ACTIVE
        or sitting.ends_at < now - LOOKBACK
    ):
        return None
    return SimpleNamespace(
        **{name: getattr(sitting, name) for name in _SESSION_FIELDS},
        session_location=sitting.location,
        **{name: getattr(workshop, name) for name in _WORKSHOP_FIELDS},
        space_slug=space.slug,
        space_name=space.name,
        **{name: getattr(space, name) for name in ("address", "latitude", "longitude")},
        booking_id=booking.id,
        booking_status=booking.status,
        **{name: getattr(booking, name) for name in _BOOKING_FIELDS},
        booked_at=booking.created_at,
    )


_SESSION_FIELDS = (
    "id",
    "starts_at",
    "ends_at",
    "status",
    "sequence",
    "calendar_uid",
    "created_at",
    "updated_at",
)
_WORKSHOP_FIELDS = ("title", "title_en", "description", "description_en")
_BOOKING_FIELDS = (
    "seats",
    "ticket_code",
    "hold_expires_at",
    "offer_expires_at",
    "confirmed_at",
    "cancelled_at",
)


def session_uid(session_id: int, kept: str | None, domain: str) -> str:
    """The session's UID: ``session-<id>@<domain>``, the domain being this deployment's public
    host, so that two deployments never share one; or the UID it had before UIDs carried the
    domain (``kept``, ``WorkshopSession.calendar_uid``), so no calendar shows it twice."""
    return kept or f"session-{session_id}@{domain}"


def _timezone() -> Timezone:
    """Asia/Ho_Chi_Minh: UTC+07:00 without daylight saving since 13 June 1975."""
    zone = Timezone()
    zone.add("tzid", HANOI.key)
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1975, 6, 13))  # noqa: DTZ001 (VTIMEZONE wants local time)
    standard.add("tzoffsetfrom", timedelta(hours=8))
    standard.add("tzoffsetto", timedelta(hours=7))
    standard.add("tzname", "+07")
    zone.add_component(standard)
    return zone


#: The few phrases a personal entry adds (English msgids, translated by whoever presents them).
PHRASES = {
    "seats": N_("Your seats: %(n)s"),
    "ticket": N_("Ticket code: %(code)s (show it at the door)"),
    "held": N_("Seats held until %(when)s: pay to keep them."),
    "offer": N_("Seats offered to you from the waiting list: answer before %(when)s."),
    "ended": N_("This booking is cancelled."),
}


@dataclass(frozen=True)
class Presentation:
    """How to show entries: the language and the links of the site that serves them."""

    english: bool
    session_url: Callable[[int], str]
    organizer_email: str
    #: ``PHRASES`` translated (the domain has no gettext of its own).
    phrases: dict[str, str]
    #: The public host of this deployment (the domain part of the UIDs).
    uid_domain: str


def _event(
    row: Row,
    show: Presentation,
    *,
    status: str,
    sequence: int,
    changed: datetime,
    lines: Iterable[str] = (),
) -> Event:
    event = Event()
    title = (show.english and row.title_en) or row.title
    description = (show.english and row.description_en) or row.description
    event.add("uid", session_uid(row.id, row.calendar_uid, show.uid_domain))
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("created", row.created_at)
    event.add("sequence", sequence)
    event.add("dtstart", row.starts_at.astimezone(HANOI))
    event.add("dtend", row.ends_at.astimezone(HANOI))
    event.add("summary", title)
    event.add("location", f"{row.space_name}, {row.session_location or row.address}")
    if not row.session_location and row.latitude is not None and row.longitude is not None:
        event.add("geo", (row.latitude, row.longitude))
    event.add("url", show.session_url(row.id))
    text = "\n\n".join(
        part for part in ("\n".join(lines), description, show.session_url(row.id)) if part
    )
    event.add("description", text)
    organizer = vCalAddress(f"mailto:{show.organizer_email}")
    organizer.params["cn"] = vText(row.space_name)
    event.add("organizer", organizer)
    event.add("status", status)
    event.add("transp", "OPAQUE")
    return event


def _session_event(row: Row, show: Presentation) -> Event:
    status = "CANCELLED" if row.status == SessionStatus.CANCELLED else "CONFIRMED"
    return _event(row, show, status=status, sequence=row.sequence, changed=_changed_at(row))


#: Rises along a booking's life, so a subscribed calendar takes each change (SEQUENCE is the
#: session's, times 4, plus this).
_BOOKING_REVISION = {
    BookingStatus.OFFERED: 0,
    BookingStatus.PENDING_PAYMENT: 1,
    BookingStatus.CONFIRMED: 2,
    BookingStatus.CANCELLED: 3,
    BookingStatus.EXPIRED: 3,
}


def _personal_event(row: Row, show: Presentation) -> Event:
    phrases = show.phrases
    status = row.booking_status
    if status == BookingStatus.CONFIRMED:
        lines = [phrases["seats"] % {"n": row.seats}, phrases["ticket"] % {"code": row.ticket_code}]
        calendar_status = "CANCELLED" if row.status == SessionStatus.CANCELLED else "CONFIRMED"
    elif status in (BookingStatus.PENDING_PAYMENT, BookingStatus.OFFERED):
        deadline = (
            row.hold_expires_at if status == BookingStatus.PENDING_PAYMENT else row.offer_expires_at
        )
        when = deadline.astimezone(HANOI).strftime("%H:%M %d/%m")
        lines = [
            phrases["held" if status == BookingStatus.PENDING_PAYMENT else "offer"] % {"when": when}
        ]
        calendar_status = "TENTATIVE"
    else:
        lines = [phrases["ended"]]
        calendar_status = "CANCELLED"
    return _event(
        row,
        show,
        status=calendar_status,
        sequence=row.sequence * 4 + _BOOKING_REVISION[status],
        changed=_changed_at(row, personal=True),
        lines=lines,
    )


def _changed_at(row: Row, personal: bool = False) -> datetime:
    """When the entry last changed: the session, and in a personal feed the booking too."""
    stamps = [row.updated_at]
    if personal:
        stamps += [row.booked_at, row.confirmed_at, row.cancelled_at]
    return max(stamp for stamp in stamps if stamp is not None)


def last_modified(rows: Iterable[Row], personal: bool = False) -> datetime | None:
    return max((_changed_at(row, personal) for row in rows), default=None)


def render(
    rows: Iterable[Row],
    show: Presentation,
    *,
    name: str | None = None,
    personal: bool = False,
) -> bytes:
    """An iCalendar object: a feed when ``name`` is given (calendar name, refresh interval)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name is not None:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", HANOI.key)
        calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add_component(_timezone())
    build = _personal_event if personal else _session_event
    for row in rows:
        calendar.add_component(build(row, show))
    return calendar.to_ical()


def user_by_calendar_token(db: Session, token: str) -> User:
    """The active person whose feed this is; NotFound for an unknown or replaced token."""
    user = None
    if 20 <= len(token) <= 100:
        user = db.scalar(select(User).where(User.calendar_token == token))
    if user is None or not user.is_active:
        raise NotFound(N_("We could not find that calendar."))
    return user


def google_calendar_url(sitting: WorkshopSession, title: str, session_url: str) -> str:
    """ "Add to Google Calendar": Google's event template address for the session (its own
    place, if it has one)."""
    start, end = (
        moment.astimezone(HANOI).strftime("%Y%m%dT%H%M%S")
        for moment in (sitting.starts_at, sitting.ends_at)
    )
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{start}/{end}",
        "location": f"{sitting.workshop.space.name}, {sitting.place}",
        "details": session_url,
        "ctz": HANOI.key,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)
