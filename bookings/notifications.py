"""What people are told, in their language: messages rendered from domain events and schedules.

Handlers of domain events (registered with ``@handles``, imported by ``bookings.handlers``) and
``queue_scheduled`` (each ``flask --app app jobs run``) render messages with Jinja templates
(``templates/mail/<kind>.html`` and ``.txt``) and *queue* them (``bookings.mail.queue``) under a
dedupe key that names what they are about, so running a handler again, or two job runs at the
same moment, never queues a message twice. Scheduled messages (reminders, warnings before a hold
ends, staff's morning summaries) are found by querying what is due: no timer lives in memory, so a
restart loses nothing.

This module imports no Flask: the web layer hands in a ``Mail`` (addresses, folders and a
``link(endpoint, **values)`` that builds absolute URLs).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import segno
from babel.dates import format_datetime
from babel.numbers import format_currency
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, joinedload

from bookings import calendars, email_links, mail
from bookings.errors import N_
from bookings.events import (
    AccountRegistered,
    BookingCancelled,
    BookingConfirmed,
    PasswordResetRequested,
    RefundSettled,
    SeatsHeld,
    SeatsOffered,
    SessionCancelled,
    SessionMoved,
)
from bookings.outbox import HandlerContext, handles
from bookings.reads import end_reads
from models import (
    Booking,
    Payment,
    Refund,
    Space,
    StaffMembership,
    User,
    Workshop,
    WorkshopSession,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SITE_NAME = "Hanoi Creative Spaces"

#: Subjects, by kind (English msgids; translated into the recipient's language).
SUBJECTS = {
    "booking_confirmed": N_("Your booking is confirmed: %(title)s"),
    "seats_held": N_("Your seats are held until %(time)s: finish paying"),
    "hold_warning": N_("Your held seats go back at %(time)s"),
    "offer": N_("Seats for you: %(title)s (answer before %(time)s)"),
    "session_moved": N_("New time or place for %(title)s"),
    "session_cancelled": N_("Cancelled by the space: %(title)s"),
    "booking_cancelled": N_("Your booking is cancelled: %(title)s"),
    "refund_issued": N_("Your refund of %(amount)s is on its way"),
    "late_payment_refunded": N_("Your late payment of %(amount)s is refunded"),
    "reminder": N_("Tomorrow: %(title)s"),
    "staff_summary": N_("Today at %(space)s: %(n)s sessions"),
    "welcome": N_("Welcome to Hanoi Creative Spaces: please confirm your email"),
    "password_reset": N_("Reset your password"),
}

#: The phrases a personal calendar entry adds (the same msgids as the calendar pages).
CALENDAR_PHRASES = {
    "seats": N_("Your seats: %(n)s"),
    "ticket": N_("Ticket code: %(code)s (show it at the door)"),
    "pending": N_("Seats held until %(when)s: pay to keep them."),
    "offered": N_("Seats offered to you from the waiting list: answer before %(when)s."),
    "cancelled": N_("This booking is cancelled."),
}


@dataclass(frozen=True)
class Mail:
    """Everything messages need besides the database, handed in by the web layer."""

    sender: str
    templates: Path
    translations: Path
    #: ``link("reservations.booking", booking_id=3)`` -> an absolute URL of this site.
    link: Callable[..., str]
    #: Builds the transport for a round of sending (SMTP, or a folder of ``.eml`` files).
    transport: Callable[[], mail.Transport]
    reminder_hours: int = 24
    hold_warning_minutes: int = 10
    summary_hour: int = 7
    sender_name: str = SITE_NAME
    extra: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=8)
def _translations(folder: str, language: str) -> Translations:
    return Translations.load(folder, [language])


@lru_cache(maxsize=8)
def _environment(templates: str, folder: str, language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(_translations(folder, language), newstyle=True)
    env.filters["when"] = lambda value, pattern="EEEE d MMMM y, HH:mm": when(
        value, language, pattern
    )
    env.filters["money"] = lambda amount: money(amount, language)
    return env


def when(value: datetime, language: str, pattern: str = "EEEE d MMMM y, HH:mm") -> str:
    return format_datetime(value, pattern, tzinfo=HANOI, locale=language)


def money(amount: int, language: str) -> str:
    return format_currency(amount, "VND", locale=language)


def _language(user: User) -> str:
    return user.locale if user.locale in ("vi", "en") else "vi"


def render(
    settings: Mail,
    kind: str,
    *,
    user: User,
    dedupe_key: str,
    now: datetime,
    subject_values: dict,
    values: dict,
    attachments: tuple[mail.Attachment, ...] = (),
):
    """The message of ``kind`` for ``user`` in their language, both parts and attachments."""
    language = _language(user)
    env = _environment(str(settings.templates), str(settings.translations), language)
    catalogue = _translations(str(settings.translations), language)
    subject = catalogue.ugettext(SUBJECTS[kind]) % subject_values
    context = {
        "user": user,
        "language": language,
        "subject": subject,
        "site_name": SITE_NAME,
        "site_url": settings.link("catalogue.home"),
        "profile_url": settings.link("auth.profile"),
        "kind": kind,
        **values,
    }
    return mail.build_message(
        sender=settings.sender,
        sender_name=settings.sender_name,
        recipient=user.email,
        subject=subject,
        text=env.get_template(f"mail/{kind}.txt").render(context),
        html=env.get_template(f"mail/{kind}.html").render(context),
        language=language,
        dedupe_key=dedupe_key,
        now=now,
        attachments=attachments,
    )


def _send_to(
    db: Session,
    settings: Mail,
    kind: str,
    *,
    user: User,
    dedupe_key: str,
    now: datetime,
    subject_values: dict,
    values: Callable[[], dict] | dict,
    attachments: Callable[[], tuple[mail.Attachment, ...]] | tuple = (),
    also: Callable[[Session], None] | None = None,
) -> bool:
    """Render and queue once per ``dedupe_key`` (nothing is rendered when it is queued)."""
    if mail.is_queued(db, dedupe_key):
        end_reads(db)
        return False
    message = render(
        settings,
        kind,
        user=user,
        dedupe_key=dedupe_key,
        now=now,
        subject_values=subject_values,
        values=values() if callable(values) else values,
        attachments=attachments() if callable(attachments) else attachments,
    )
    return mail.queue(
        db, message, dedupe_key=dedupe_key, kind=kind, user_id=user.id, now=now, also=also
    )


# --- What a message about a booking shows ---------------------------------------------------


@dataclass(frozen=True)
class SessionView:
    id: int
    title: str
    space_name: str
    address: str
    starts_at: datetime
    ends_at: datetime
    status: str
    url: str
    ics_url: str
    google_url: str
    #: How to reach the space (empty parts are left out of the message).
    space_phone: str = ""
    space_email: str = ""
    space_chat: str = ""


def _session_view(settings: Mail, sitting: WorkshopSession, language: str) -> SessionView:
    workshop = sitting.workshop
    title = (language == "en" and workshop.title_en) or workshop.title
    return SessionView(
        id=sitting.id,
        title=title,
        space_name=workshop.space.name,
        address=sitting.place,
        starts_at=sitting.starts_at,
        ends_at=sitting.ends_at,
        status=sitting.status,
        url=settings.link("catalogue.session", session_id=sitting.id),
        ics_url=settings.link("calendars.session_ics", session_id=sitting.id),
        google_url=google_calendar_link(settings, sitting, title),
        space_phone=workshop.space.phone,
        space_email=workshop.space.email,
        space_chat=workshop.space.messenger_url,
    )


def google_calendar_link(settings: Mail, sitting: WorkshopSession, title: str) -> str:
    """ "Add to Google Calendar": Google's event template address for the session."""
    start, end = (
        moment.astimezone(HANOI).strftime("%Y%m%dT%H%M%S")
        for moment in (sitting.starts_at, sitting.ends_at)
    )
    space = sitting.workshop.space
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{start}/{end}",
        "location": f"{space.name}, {sitting.place}",
        "details": settings.link("catalogue.session", session_id=sitting.id),
        "ctz": "Asia/Ho_Chi_Minh",
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def _load_booking(db: Session, booking_id: int) -> Booking | None:
    return db.scalar(
        select(Booking)
        .where(Booking.id == booking_id)
        .options(
            joinedload(Booking.user),
            joinedload(Booking.session).joinedload(WorkshopSession.workshop),
        )
    )


def _calendar_attachment(
    db: Session, settings: Mail, booking: Booking, language: str, now: datetime
) -> mail.Attachment | None:
    """The person's calendar entry for this booking's session: the same UID as every feed, its
    SEQUENCE rising with each change, CANCELLED once the booking or the session ended."""
    rows = [
        row
        for row in calendars.person_rows(db, booking.user_id, now=now)
        if row.id == booking.session_id
    ]
    if not rows:
        return None
    catalogue = _translations(str(settings.translations), language)
    show = calendars.Presentation(
        english=language == "en",
        session_url=lambda session_id: settings.link("catalogue.session", session_id=session_id),
        organizer_email=settings.sender,
        phrases={key: catalogue.ugettext(text) for key, text in CALENDAR_PHRASES.items()},
    )
    body = calendars.render(rows, show, personal=True)
    return mail.Attachment(
        filename=f"session-{booking.session_id}.ics",
        content=body,
        maintype="text",
        subtype="calendar",
        params=(("method", "PUBLISH"),),
    )


def _qr_code(settings: Mail, ticket_code: str) -> mail.Attachment:
    """The ticket code as a QR code (PNG), shown inline in the HTML part."""
    buffer = io.BytesIO()
    segno.make(ticket_code, error="m").save(buffer, kind="png", scale=6, border=2)
    domain = settings.sender.rpartition("@")[2] or "localhost"
    return mail.Attachment(
        filename=f"ticket-{ticket_code}.png",
        content=buffer.getvalue(),
        maintype="image",
        subtype="png",
        content_id=mail.new_content_id(domain),
    )


def _booking_values(settings: Mail, booking: Booking, language: str) -> dict:
    return {
        "booking": booking,
        "session": _session_view(settings, booking.session, language),
        "booking_url": settings.link("reservations.booking", booking_id=booking.id),
    }


# --- Handlers of domain events ----------------------------------------------------------------


@handles(BookingConfirmed, later=True)
def booking_confirmed(db: Session, event: BookingConfirmed, context: HandlerContext) -> None:
    settings: Mail | None = context.mail
    booking = _load_booking(db, event.booking_id) if settings else None
    if booking is None or booking.status != "confirmed":
        return
    now = context.clock()
    language = _language(booking.user)
    key = f"booking_confirmed:{booking.id}:{booking.confirmed_at.isoformat()}"

    def attachments():
        qr = _qr_code(settings, booking.ticket_code)
        ics = _calendar_attachment(db, settings, booking, language, now)
        return (qr, ics) if ics else (qr,)

    files = attachments() if not mail.is_queued(db, key) else ()
    qr_cid = files[0].content_id if files else ""
    _send_to(
        db,
        settings,
        "booking_confirmed",
        user=booking.user,
        dedupe_key=key,
        now=now,
        subject_values={"title": _session_view(settings, booking.session, language).title},
        values=lambda: _booking_values(settings, booking, language) | {"qr_cid": qr_cid},
        attachments=files,
    )


@handles(SeatsHeld, later=True)
def seats_held(db: Session, event: SeatsHeld, context: HandlerContext) -> None:
    settings: Mail | None = context.mail
    booking = _load_booking(db, event.booking_id) if settings else None
    if booking is None or booking.status != "pending_payment" or booking.hold_expires_at is None:
        return
    _held_message(db, settings, booking, "seats_held", context.clock())


def _held_message(db: Session, settings: Mail, booking: Booking, kind: str, now) -> bool:
    payment = db.scalar(
        select(Payment)
        .where(Payment.booking_id == booking.id, Payment.status == "open")
        .order_by(Payment.id.desc())
    )
    if payment is None:
        return False
    language = _language(booking.user)
    expires = booking.hold_expires_at
    return _send_to(
        db,
        settings,
        kind,
        user=booking.user,
        dedupe_key=f"{kind}:{booking.id}:{expires.isoformat()}",
        now=now,
        subject_values={"time": when(expires, language, "HH:mm, d/M")},
        values=lambda: (
            _booking_values(settings, booking, language)
            | {
                "pay_url": settings.link("payments.pay", reference=payment.reference),
                "hold_expires_at": expires,
                "amount": payment.amount,
            }
        ),
    )


@handles(SeatsOffered, later=True)
def seats_offered(db: Session, event: SeatsOffered, context: HandlerContext) -> None:
    """One link answers the offer (``?answer=accept`` or ``decline``): it works without logging
    in, once, until the offer's deadline, and changes nothing but this offer."""
    settings: Mail | None = context.mail
    booking = _load_booking(db, event.booking_id) if settings else None
    if booking is None or booking.status != "offered" or booking.offer_expires_at is None:
        return
    language = _language(booking.user)
    expires = booking.offer_expires_at
    secret = email_links.new_secret()
    url = settings.link("links.offer", token=secret)
    _send_to(
        db,
        settings,
        "offer",
        user=booking.user,
        dedupe_key=f"offer:{booking.id}:{expires.isoformat()}",
        now=context.clock(),
        subject_values={
            "title": _session_view(settings, booking.session, language).title,
            "time": when(expires, language, "HH:mm, d/M"),
        },
        values=lambda: (
            _booking_values(settings, booking, language)
            | {
                "accept_url": url + "?answer=accept",
                "decline_url": url + "?answer=decline",
                "offer_expires_at": expires,
            }
        ),
        also=lambda session: email_links.add_token(
            session,
            purpose="offer",
            user_id=booking.user_id,
            booking_id=booking.id,
            secret=secret,
            expires_at=expires,
            now=context.clock(),
        ),
    )


@handles(SessionMoved, later=True)
def session_moved(db: Session, event: SessionMoved, context: HandlerContext) -> None:
    settings: Mail | None = context.mail
    if settings is None:
        return
    now = context.clock()
    bookings = db.scalars(
        select(Booking.id).where(
            Booking.session_id == event.session_id,
            Booking.status.in_(("confirmed", "pending_payment", "offered")),
        )
    ).all()
    moved = {
        "old_starts_at": event.old_starts_at,
        "new_starts_at": event.new_starts_at,
        "place_changed": (event.old_location or "") != (event.new_location or ""),
    }
    for booking_id in bookings:
        booking = _load_booking(db, booking_id)
        key = (
            f"session_moved:{booking.id}:{event.old_starts_at.isoformat()}:"
            f"{event.new_starts_at.isoformat()}:{event.new_location or ''}"
        )
        _send_with_calendar(
            db, settings, "session_moved", booking, dedupe_key=key, now=now, extra=moved
        )


def _refunded(db: Session, booking_id: int, reason: str | None = None) -> int:
    query = select(Refund.amount).where(Refund.booking_id == booking_id)
    if reason:
        query = query.where(Refund.reason == reason)
    return sum(db.scalars(query))


def _send_with_calendar(
    db: Session,
    settings: Mail,
    kind: str,
    booking: Booking,
    *,
    dedupe_key: str,
    now: datetime,
    extra: dict,
) -> bool:
    """A message about one booking's session, with the session's ``.ics`` as it stands now."""
    language = _language(booking.user)
    return _send_to(
        db,
        settings,
        kind,
        user=booking.user,
        dedupe_key=dedupe_key,
        now=now,
        subject_values={"title": _session_view(settings, booking.session, language).title},
        values=lambda: _booking_values(settings, booking, language) | extra,
        attachments=lambda: tuple(
            a for a in [_calendar_attachment(db, settings, booking, language, now)] if a
        ),
    )


@handles(SessionCancelled, later=True)
def session_cancelled(db: Session, event: SessionCancelled, context: HandlerContext) -> None:
    """Everyone whose booking or place in line the cancellation ended hears it, with the refund."""
    settings: Mail | None = context.mail
    if settings is None:
        return
    now = context.clock()
    bookings = db.scalars(
        select(Booking.id).where(
            Booking.session_id == event.session_id,
            Booking.status == "cancelled",
            Booking.ended_by == "staff",
        )
    ).all()
    for booking_id in bookings:
        booking = _load_booking(db, booking_id)
        refund = _refunded(db, booking.id, "session_cancelled")
        _send_with_calendar(
            db,
            settings,
            "session_cancelled",
            booking,
            dedupe_key=f"session_cancelled:{booking.id}",
            now=now,
            extra={"refund": refund, "message": event.message},
        )


@handles(BookingCancelled, later=True)
def booking_cancelled(db: Session, event: BookingCancelled, context: HandlerContext) -> None:
    """A booking ended by its person (or by staff, one booking): what it means, the refund."""
    settings: Mail | None = context.mail
    booking = _load_booking(db, event.booking_id) if settings else None
    if booking is None or event.by == "system" or booking.session.status == "cancelled":
        return  # expiries are not news; a cancelled session has its own message
    _send_with_calendar(
        db,
        settings,
        "booking_cancelled",
        booking,
        dedupe_key=f"booking_cancelled:{booking.id}",
        now=context.clock(),
        extra={"refund": event.refund_amount, "by": event.by},
    )


@handles(RefundSettled, later=True)
def refund_settled(db: Session, event: RefundSettled, context: HandlerContext) -> None:
    settings: Mail | None = context.mail
    if settings is None or event.status != "succeeded":
        return
    refund = db.get(Refund, event.refund_id)
    booking = _load_booking(db, event.booking_id)
    if refund is None or booking is None:
        return
    language = _language(booking.user)
    kind = "late_payment_refunded" if refund.reason == "late_payment" else "refund_issued"
    _send_to(
        db,
        settings,
        kind,
        user=booking.user,
        dedupe_key=f"refund:{refund.id}",
        now=context.clock(),
        subject_values={"amount": money(refund.amount, language)},
        values=lambda: _booking_values(settings, booking, language) | {"refund": refund},
    )


@handles(AccountRegistered, later=True)
def account_registered(db: Session, event: AccountRegistered, context: HandlerContext) -> None:
    settings: Mail | None = context.mail
    user = db.get(User, event.user_id) if settings else None
    if user is None or user.email_verified_at is not None:
        return
    secret = email_links.new_secret()
    now = context.clock()
    expires = now + email_links.VERIFY_FOR
    _send_to(
        db,
        settings,
        "welcome",
        user=user,
        dedupe_key=f"welcome:{user.id}",
        now=now,
        subject_values={},
        values={"verify_url": settings.link("links.verify_email", token=secret)},
        also=lambda session: email_links.add_token(
            session,
            purpose="verify_email",
            user_id=user.id,
            secret=secret,
            expires_at=expires,
            now=now,
        ),
    )


@handles(PasswordResetRequested, later=True)
def password_reset_requested(
    db: Session, event: PasswordResetRequested, context: HandlerContext
) -> None:
    settings: Mail | None = context.mail
    user = db.scalar(select(User).where(User.email == event.email)) if settings else None
    if user is None or not user.is_active:
        return  # nobody has this address: nothing is sent, and the page said the same
    now = context.clock()
    if event.requested_at + email_links.RESET_FOR <= now:
        return  # delivered so late that its link would be dead on arrival
    secret = email_links.new_secret()
    expires = event.requested_at + email_links.RESET_FOR
    _send_to(
        db,
        settings,
        "password_reset",
        user=user,
        dedupe_key=f"password_reset:{user.id}:{event.requested_at.isoformat()}",
        now=now,
        subject_values={},
        values={
            "reset_url": settings.link("links.reset_password", token=secret),
            "expires_at": expires,
        },
        also=lambda session: email_links.add_token(
            session,
            purpose="reset_password",
            user_id=user.id,
            secret=secret,
            expires_at=expires,
            now=now,
        ),
    )


# --- Scheduled messages: derived from the database on every run ------------------------------


def queue_scheduled(db: Session, settings: Mail, *, now: datetime) -> int:
    """Queue every reminder, hold warning and staff summary that is due and not yet queued."""
    return (
        queue_reminders(db, settings, now=now)
        + queue_hold_warnings(db, settings, now=now)
        + queue_staff_summaries(db, settings, now=now)
    )


#: A booking confirmed this recently is not reminded yet: its confirmation says it all.
REMINDER_QUIET = timedelta(hours=2)


def queue_reminders(db: Session, settings: Mail, *, now: datetime) -> int:
    """Confirmed bookings whose session starts within ``reminder_hours`` (and has not started),
    of people who want reminders, confirmed at least ``REMINDER_QUIET`` ago. One per booking
    and start time (a moved session reminds again)."""
    horizon = now + timedelta(hours=settings.reminder_hours)
    candidates = db.execute(
        select(Booking.id, WorkshopSession.starts_at)
        .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
        .join(User, User.id == Booking.user_id)
        .where(
            Booking.status == "confirmed",
            Booking.confirmed_at <= now - REMINDER_QUIET,
            WorkshopSession.status == "scheduled",
            WorkshopSession.starts_at > now,
            WorkshopSession.starts_at <= horizon,
            User.mail_reminders.is_(True),
            User.status == "active",
        )
        .order_by(WorkshopSession.starts_at, Booking.id)
    ).all()
    end_reads(db)
    queued = 0
    for booking_id, starts_at in candidates:
        key = f"reminder:{booking_id}:{starts_at.isoformat()}"
        if mail.is_queued(db, key):
            continue
        booking = _load_booking(db, booking_id)
        language = _language(booking.user)
        queued += _send_to(
            db,
            settings,
            "reminder",
            user=booking.user,
            dedupe_key=key,
            now=now,
            subject_values={"title": _session_view(settings, booking.session, language).title},
            values=_booking_values(settings, booking, language),
        )
    end_reads(db)
    return queued


def queue_hold_warnings(db: Session, settings: Mail, *, now: datetime) -> int:
    """Held seats about to go back (within ``hold_warning_minutes``): one warning per hold."""
    soon = now + timedelta(minutes=settings.hold_warning_minutes)
    booking_ids = db.scalars(
        select(Booking.id).where(
            Booking.status == "pending_payment",
            Booking.hold_expires_at > now,
            Booking.hold_expires_at <= soon,
        )
    ).all()
    end_reads(db)
    queued = 0
    for booking_id in booking_ids:
        booking = _load_booking(db, booking_id)
        if booking.created_at > now - timedelta(minutes=1):
            continue  # a hold shorter than the warning: the first message says it all
        queued += _held_message(db, settings, booking, "hold_warning", now)
    end_reads(db)
    return queued


def queue_staff_summaries(db: Session, settings: Mail, *, now: datetime) -> int:
    """From ``summary_hour`` (Hanoi time) on, each staff member who wants it gets one summary
    per space and day listing that day's sessions there (none when there are none)."""
    local = now.astimezone(HANOI)
    if local.hour < settings.summary_hour:
        return 0
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    day_end = day_start + timedelta(days=1)
    day = day_start.date().isoformat()
    pairs = db.execute(
        select(StaffMembership.user_id, StaffMembership.space_id)
        .join(User, User.id == StaffMembership.user_id)
        .join(Space, Space.id == StaffMembership.space_id)
        .where(
            User.mail_summaries.is_(True),
            User.status == "active",
            Space.status == "active",
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
    end_reads(db)
    queued = 0
    for user_id, space_id in pairs:
        key = f"staff_summary:{user_id}:{space_id}:{day}"
        if mail.is_queued(db, key):
            continue
        user = db.get_one(User, user_id)
        space = db.get_one(Space, space_id)
        language = _language(user)
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
        rows = [
            {
                "session": _session_view(settings, sitting, language),
                "seats_taken": sitting.seats_taken,
                "capacity": sitting.capacity,
                "waitlist": sitting.waitlist_length,
            }
            for sitting in sessions
        ]
        queued += _send_to(
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
                "manage_url": settings.link("manage.space", slug=space.slug),
            },
        )
    end_reads(db)
    return queued
