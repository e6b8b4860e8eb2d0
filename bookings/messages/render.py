"""Rendering a message: what it says (the web layer's templates, in the recipient's language),
what it shows of a booking, and what it carries (a ticket's QR code, a calendar entry)."""

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import segno
import zxingcpp
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from bookings.catalogue import calendars
from bookings.errors import N_
from bookings.formatting import when
from bookings.messages import queue
from bookings.ports import Links, Templates
from models import Booking, User, Workshop, WorkshopSession

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
    "credentials_reset": N_("Your password was changed: your other logins are closed"),
    "team_invitation": N_("%(space)s invites you to its team"),
    "payee_changed": N_("The bank account of %(space)s was changed"),
    "refund_owed": N_("We owe you %(amount)s: tell us where to send it"),
    "transfer_refunded": N_("We have sent your refund of %(amount)s"),
}


@dataclass(frozen=True)
class Mail:
    """Everything messages need besides the database, handed in by the web layer."""

    sender: str
    links: Links
    templates: Templates
    #: Builds the transport for a round of sending (SMTP, or a folder of ``.eml`` files).
    transport: Callable[[], queue.Transport]
    reminder_hours: int = 24
    hold_warning_minutes: int = 10
    summary_hour: int = 7
    sender_name: str = SITE_NAME


def one_line(text: str) -> str:
    """A text fit for a header, whatever it holds: no line breaks or other control characters
    (building a message never fails on what people typed)."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())[:250]


def language_of(user: User) -> str:
    return user.locale if user.locale in ("vi", "en") else "vi"


def short_time(value: datetime, language: str) -> str:
    """``14:30, 5/12``: a deadline in a subject line."""
    return when(value, language, "HH:mm, d/M")


def render(
    settings: Mail,
    kind: str,
    *,
    user: User,
    dedupe_key: str,
    now: datetime,
    subject_values: dict,
    values: dict,
    attachments: tuple[queue.Attachment, ...] = (),
):
    """The message of ``kind`` for ``user`` in their language, both parts and attachments."""
    language = language_of(user)
    templates = settings.templates
    subject = one_line(templates.translate(SUBJECTS[kind], language) % subject_values)
    context = {
        "user": user,
        "language": language,
        "subject": subject,
        "site_name": SITE_NAME,
        "site_url": settings.links.home(),
        "profile_url": settings.links.profile(),
        "kind": kind,
        **values,
    }
    return queue.build_message(
        sender=settings.sender,
        sender_name=settings.sender_name,
        recipient=user.email,
        subject=subject,
        text=templates.render(f"mail/{kind}.txt", language, context),
        html=templates.render(f"mail/{kind}.html", language, context),
        language=language,
        dedupe_key=dedupe_key,
        now=now,
        attachments=attachments,
    )


def send_to(
    db: Session,
    settings: Mail,
    kind: str,
    *,
    user: User,
    dedupe_key: str,
    now: datetime,
    subject_values: dict,
    values: Callable[[], dict] | dict,
    attachments: Callable[[], tuple[queue.Attachment, ...]] | tuple = (),
    also: Callable[[Session], None] | None = None,
) -> bool:
    """Render and queue once per ``dedupe_key`` (nothing is rendered when it is queued)."""
    if queue.is_queued(db, dedupe_key):
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
    return queue.queue(
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


def session_view(settings: Mail, sitting: WorkshopSession, language: str) -> SessionView:
    workshop = sitting.workshop
    title = (language == "en" and workshop.title_en) or workshop.title
    links = settings.links
    return SessionView(
        id=sitting.id,
        title=title,
        space_name=workshop.space.name,
        address=sitting.place,
        starts_at=sitting.starts_at,
        ends_at=sitting.ends_at,
        status=sitting.status,
        url=links.session(sitting.id),
        ics_url=links.session_ics(sitting.id),
        google_url=calendars.google_calendar_url(sitting, title, links.session(sitting.id)),
        space_phone=workshop.space.phone,
        space_email=workshop.space.email,
        space_chat=workshop.space.messenger_url,
    )


_LOAD_BOOKING = (
    select(Booking)
    .where(Booking.id == bindparam("booking_id"))
    .options(
        joinedload(Booking.user),
        joinedload(Booking.session).joinedload(WorkshopSession.workshop).joinedload(Workshop.space),
    )
)


def load_booking(db: Session, booking_id: int) -> Booking | None:
    """The booking with its person, session, workshop and space, in one statement."""
    return db.scalar(_LOAD_BOOKING, {"booking_id": booking_id})


def booking_values(settings: Mail, booking: Booking, language: str) -> dict:
    return {
        "booking": booking,
        "session": session_view(settings, booking.session, language),
        "booking_url": settings.links.booking(booking.id),
    }


def calendar_attachment(
    db: Session, settings: Mail, booking: Booking, language: str, now: datetime
) -> queue.Attachment | None:
    """The person's calendar entry for this booking's session: the same UID as every feed, its
    SEQUENCE rising with each change, CANCELLED once the booking or the session ended."""
    row = calendars.booking_row(booking, now=now)
    if row is not None:
        rows = [row]
    else:  # an ended booking: the person's latest of the session speaks, as in their feed
        rows = calendars.person_rows(db, booking.user_id, now=now, session_id=booking.session_id)
    if not rows:
        return None
    translate = settings.templates.translate
    show = calendars.Presentation(
        english=language == "en",
        session_url=settings.links.session,
        organizer_email=settings.sender,
        phrases={key: translate(text, language) for key, text in calendars.PHRASES.items()},
        uid_domain=urlsplit(settings.links.home()).hostname or "localhost",
    )
    return queue.Attachment(
        filename=f"session-{booking.session_id}.ics",
        content=calendars.render(rows, show, personal=True),
        maintype="text",
        subtype="calendar",
        params=(("method", "PUBLISH"),),
    )


def qr_code(settings: Mail, ticket_code: str, content_id: str) -> queue.Attachment:
    """The ticket code as a QR code (PNG), shown inline in the HTML part as ``content_id``."""
    return queue.Attachment(
        filename=f"ticket-{ticket_code}.png",
        content=ticket_png(ticket_code),
        maintype="image",
        subtype="png",
        content_id=content_id,
    )


def ticket_png(code: str, *, scale: int = 6) -> bytes:
    """A ticket code as a QR code (level M, the standard quiet zone of four modules), a 1-bit
    PNG. Encoded by zxing-cpp, whose C++ chooses the mask as the standard says in a tenth of the
    time segno's Python takes: a confirmation's largest cost was its QR code."""
    symbol = zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(zxingcpp.write_barcode_to_image(symbol, scale=scale, add_quiet_zones=True))
    height, width = image.shape
    return png_black_and_white(image.tobytes(), width, height)


#: A grayscale pixel (0 black, 255 white) as the digit of its bit in a 1-bit PNG.
_BIT = bytes.maketrans(bytes([0, 255]), b"01")


def png_black_and_white(pixels: bytes, width: int, height: int) -> bytes:
    """A 1-bit grayscale PNG of black (0) and white (255) pixels, row by row."""
    padding = b"0" * (-width % 8)
    size = (width + len(padding)) // 8
    packed: dict[bytes, bytes] = {}  # a QR code's rows repeat (each module is ``scale`` tall)
    lines = []
    for top in range(0, width * height, width):
        row = pixels[top : top + width]
        if row not in packed:
            packed[row] = b"\x00" + int(row.translate(_BIT) + padding, 2).to_bytes(size, "big")
        lines.append(packed[row])
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(b"".join(lines), 9)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def qr_image(
    payload: str, filename: str, content_id: str, *, scale: int = 6, border: int = 2
) -> queue.Attachment:
    """``payload`` as a QR code (PNG; never a Micro QR, which phones' cameras do not read),
    an inline image of a message (a VietQR: segno encodes its text as banks' apps expect)."""
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="png", scale=scale, border=border)
    return queue.Attachment(
        filename=filename,
        content=buffer.getvalue(),
        maintype="image",
        subtype="png",
        content_id=content_id,
    )


def content_id(settings: Mail) -> str:
    """A new Content-ID for an inline part, in the sender's domain."""
    return queue.new_content_id(settings.sender.rpartition("@")[2] or "localhost")
