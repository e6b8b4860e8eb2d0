"""Outgoing mail: render, queue (once per dedupe key), and send with a lease, retries and back-off.

Handlers of domain events and the scheduled jobs *queue* messages (``queue``): an
``OutboundMessage`` row holding the whole rendered email and a unique ``dedupe_key``. Queueing
the same key again does nothing, so a handler that runs twice (delivery of events is at least
once) never queues twice. ``send_due`` (``flask --app app jobs run`` / ``jobs worker``) sends what
is queued through a ``Transport``: SMTP, or ``.eml`` files in a folder when no mail server is
configured (the embedded default).

Sending, and its one at-least-once edge
---------------------------------------
A sender first *claims* a message: an UPDATE, committed, that moves its ``next_attempt_at`` a
lease ahead and only one process can win; on PostgreSQL it also holds the message's advisory
lock (``SENDING``) until its outcome is recorded, so the queue engine's jobs, which take a message
whatever its lease says, never send one that another sender is sending (a second job an operator
deferred, the sweep's job for a sender slower than ``SENDER_LEASE``). It then hands the message
to the mail server and, once the server accepted it, marks it ``sent`` in a second commit. Should
the process die (or its database connection drop) after the server accepted the message and
before that second commit, the lease runs out and another sender sends it again: the recipient
gets the same message twice, with the same ``Message-ID`` (derived from the dedupe key, so mail
clients and many servers drop the duplicate). No protocol can close that gap between two systems
without a shared transaction; a lost message is worse than a duplicate, so we accept it. Nothing
of a booking ever waits for the mail server: the message was queued after the booking's commit,
and a refusing server only delays the message.

A temporary refusal (4xx, a connection error) retries with back-off (1 min, 2, 4 … capped at an
hour) up to ``MAX_ATTEMPTS``; a permanent one (5xx for that recipient) gives up at once
(``failed``). Both are logged without the message and never with the SMTP password.
"""

import functools
import hashlib
import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import encoders
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.parser import HeaderParser
from email.policy import compat32
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from sqlalchemy import Update, bindparam, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bookings.messages.transports import PermanentFailure, Transport
from bookings.unit import jobs
from bookings.unit.rows import insert_new
from bookings.unit.transaction import holds, let_go, transaction, try_hold
from models import OutboundMessage
from models.statuses import MessageStatus

log = logging.getLogger(__name__)

#: How long a claimed message may take to send before another sender may try.
LEASE = timedelta(minutes=2)
#: The same for a message a queue engine's job queued and sends right after its commit. It has no
#: job of its own: should that worker die before sending it, the sweep (every 30 s) hands it to
#: the engine once this lease is over and it was queued ``jobs.SWEEP_AFTER`` ago.
SENDER_LEASE = timedelta(seconds=20)
BASE_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=1)
#: Temporary refusals after which a message is given up (about a day with the back-off).
MAX_ATTEMPTS = 30
#: ``db.info[SEND_AFTER_COMMIT]``, a list: the messages this session queues are claimed from the
#: start and collected there, for the queue engine's job that queued them to send them
#: right after their commit (``send_after_commit``).
SEND_AFTER_COMMIT = "send_after_commit"
#: A message being sent is held under this advisory lock (PostgreSQL; with the message's id) by
#: its sender, from its claim to the record of its outcome: a second job of the same message, or
#: the sweep's job for a sender slower than its lease, finds it held and leaves it to that sender.
SENDING = 4201


def message_id_for(dedupe_key: str, domain: str) -> str:
    """The same Message-ID for every attempt of one message: duplicates can be recognised."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    return f"<{digest}@{domain}>"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str
    #: Set for images shown in the HTML part (``<img src="cid:...">``).
    content_id: str | None = None
    params: tuple[tuple[str, str], ...] = ()


def build_message(
    *,
    sender: str,
    sender_name: str,
    recipient: str,
    subject: str,
    text: str,
    html: str,
    language: str,
    dedupe_key: str,
    now: datetime,
    attachments: tuple[Attachment, ...] = (),
) -> Message:
    """A multipart message: text and HTML alternatives, inline images (related to the HTML),
    attachments (mixed). Built with the email package's classic classes, whose headers cost a
    tenth of the modern API's to write out (a confirmation's largest cost was its flattening)."""
    alternative = _inner(MIMEMultipart("alternative"))
    alternative.attach(_inner(MIMEText(text, "plain", _QUOTED_PRINTABLE)))
    html_part = _inner(MIMEText(html, "html", _QUOTED_PRINTABLE))
    inline = [a for a in attachments if a.content_id]
    if inline:
        related = _inner(MIMEMultipart("related"))
        related.attach(html_part)
        for image in inline:
            related.attach(_part(image, "inline"))
        alternative.attach(related)
    else:
        alternative.attach(html_part)
    others = [a for a in attachments if not a.content_id]
    if others:
        message = MIMEMultipart("mixed")
        message.attach(alternative)
        for attachment in others:
            message.attach(_part(attachment, "attachment"))
    else:
        message = alternative
        message["MIME-Version"] = "1.0"
    domain = sender.rpartition("@")[2] or "localhost"
    message["From"] = formataddr((sender_name, sender), charset="utf-8") if sender_name else sender
    message["To"] = recipient
    message["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id_for(dedupe_key, domain)
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = language
    return message


#: Text parts: UTF-8, quoted-printable (lines stay short, ASCII stays as it is).
_QUOTED_PRINTABLE = Charset("utf-8")
_QUOTED_PRINTABLE.body_encoding = QP


def _part(attachment: Attachment, disposition: str) -> Message:
    if attachment.maintype == "text":  # a calendar: text in UTF-8 (base64), so it reads as such
        part = MIMEText(attachment.content.decode("utf-8"), attachment.subtype, "utf-8")
    else:
        part = MIMEBase(attachment.maintype, attachment.subtype)
        part.set_payload(attachment.content)
        encoders.encode_base64(part)
    for name, value in attachment.params:
        part.set_param(name, value)
    if attachment.content_id:
        part["Content-ID"] = f"<{attachment.content_id}>"
    part.add_header("Content-Disposition", disposition, filename=attachment.filename)
    return _inner(part)


def _inner(part: Message) -> Message:
    """A part inside the message: MIME-Version belongs to the message alone."""
    del part["MIME-Version"]
    return part


def flatten(message: Message) -> str:
    """The whole message as the mail server receives it (CRLF line ends)."""
    return message.as_string(policy=_SMTP)


_SMTP = compat32.clone(linesep="\r\n")


def new_content_id(domain: str) -> str:
    return make_msgid(domain=domain)[1:-1]


_QUEUED_KEY = select(OutboundMessage.id).where(OutboundMessage.dedupe_key == bindparam("key"))


def is_queued(db: Session, dedupe_key: str) -> bool:
    """True when a message with this key was queued already (whatever became of it)."""
    return db.connection().execute(_QUEUED_KEY, {"key": dedupe_key}).first() is not None


class _Queued(Exception):
    """The message's dedupe key is queued already (found by the INSERT itself)."""


def add(
    db: Session,
    message: Message,
    *,
    dedupe_key: str,
    kind: str,
    user_id: int | None,
    now: datetime,
) -> OutboundMessage:
    """Put the message in the queue inside the caller's open transaction (see ``queue``);
    ``_Queued`` when its dedupe key is queued already."""
    row = OutboundMessage(
        dedupe_key=dedupe_key,
        kind=kind,
        recipient=str(message["To"]),
        user_id=user_id,
        subject=str(message["Subject"])[:300],
        raw=flatten(message),
        status=MessageStatus.QUEUED,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    sender = db.info.get(SEND_AFTER_COMMIT)
    if sender is not None:  # queued by a job that sends it itself: claimed from the start
        row.next_attempt_at = now + SENDER_LEASE
        row.attempts = 1
    if not insert_new(db, row):  # a key queued meanwhile: nothing written
        raise _Queued(dedupe_key)
    if sender is not None:
        try_hold(db, SENDING, row.id)  # a new row: nobody else can hold it
        sender.append(row)
    elif jobs.hands_over(db):  # the queue engine sends it: its job deferred in this transaction
        jobs.defer_message(db, row.id)
    return row


def queue(
    db: Session,
    message: Message,
    *,
    dedupe_key: str,
    kind: str,
    user_id: int | None,
    now: datetime,
    also: Callable[[Session], None] | None = None,
) -> bool:
    """Queue the message once per ``dedupe_key``: False when that key is queued already (the
    caller looked before rendering it; the unique index decides a race).

    ``also`` runs in the same transaction (a link's token is stored with its message, or neither
    is). Two processes queueing the same key at once: the unique index lets one win; the other's
    transaction rolls back and this returns False.
    """
    try:
        with transaction(db):
            if also is not None:
                also(db)
            add(db, message, dedupe_key=dedupe_key, kind=kind, user_id=user_id, now=now)
    except (_Queued, IntegrityError):
        if not is_queued(db, dedupe_key):
            raise
        return False
    return True


def _claim(db: Session, message_id: int, now: datetime, by_engine: bool) -> OutboundMessage | None:
    """Take a queued message for ``LEASE``; the queue engine's job (``by_engine``) whatever the
    lease says (a message has one waiting job at a time, its queueing lock; the engine retries
    on its own back-off)."""
    queued = [OutboundMessage.id == message_id, OutboundMessage.status == MessageStatus.QUEUED]
    if not by_engine:
        queued.append(OutboundMessage.next_attempt_at <= now)
    with transaction(db):
        if not try_hold(db, SENDING, message_id):  # another sender is sending it right now
            return None
        claimed = db.execute(
            update(OutboundMessage)
            .where(*queued)
            .values(next_attempt_at=now + LEASE, attempts=OutboundMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            let_go(db, SENDING, message_id)
            return None
        row = db.get_one(OutboundMessage, message_id, populate_existing=True)
        db.expunge(row)
    return row


def _envelope_sender(raw: str) -> str:
    """The address of the message's From header: the header block alone, unfolded by the email
    package's classic parser (a tenth of the modern one's time); the address itself is never
    encoded (``build_message`` encodes only the display name)."""
    headers = HeaderParser(policy=compat32).parsestr(raw, headersonly=True)
    return parseaddr(headers["From"])[1]


def _finish(db: Session, message_id: int, *, retry_by_job: bool = False, **values) -> None:
    """Record a sending's outcome; ``retry_by_job``: a temporary refusal of a message that has
    no job of its own gets one, for its ``next_attempt_at``, in the same transaction."""
    with transaction(db):
        db.connection().execute(_finishing(tuple(sorted(values))), {**values, "_id": message_id})
        if retry_by_job and "next_attempt_at" in values:
            jobs.defer_message(db, message_id, at=values["next_attempt_at"])
        let_go(db, SENDING, message_id)


@functools.cache
def _finishing(keys: tuple[str, ...]) -> Update:
    """The UPDATE recording an outcome made of these columns, made (and compiled) once."""
    return (
        update(OutboundMessage)
        .where(OutboundMessage.id == bindparam("_id"))
        .values({key: bindparam(key) for key in keys})
    )


def _release(db: Session, message_id: int) -> None:
    """Release the message's advisory lock if recording its outcome did not (it failed)."""
    if holds(db, SENDING, message_id):
        with transaction(db):
            let_go(db, SENDING, message_id)


def send_one(
    db: Session, message_id: int, transport: Transport, clock, *, by_engine: bool = False
) -> bool:
    """Claim, send and mark one message; True when it was sent by this call.

    For the queue engine (``by_engine``) a temporary refusal is recorded and raised again, so
    the engine retries the job with its own back-off."""
    row = _claim(db, message_id, clock(), by_engine)
    if row is None:
        return False
    try:
        return _send_claimed(db, row, transport, clock, by_engine=by_engine)
    finally:
        _release(db, message_id)


def send_after_commit(db: Session, queued: list, transport: Transport, clock) -> int:
    """Send the messages this session queued under ``SEND_AFTER_COMMIT`` (claimed from the
    start, with no job of their own), now that they are committed; how many were sent. One
    refused for now gets its job, which tries again at its back-off (then with the engine's);
    one whose transaction rolled back is left alone."""
    sent = 0
    for row in queued:
        try:
            if not inspect(row).persistent:
                continue
            # A refusal for now is recorded and logged with its back-off, and its job deferred.
            with suppress(Exception):
                sent += _send_claimed(db, row, transport, clock, by_engine=True, retry_by_job=True)
        finally:
            state = inspect(row)  # its id, read without a load (rolled back: gone)
            _release(db, state.identity[0] if state.identity else state.dict["id"])
    return sent


def _send_claimed(
    db: Session,
    row: OutboundMessage,
    transport: Transport,
    clock,
    *,
    by_engine: bool,
    retry_by_job: bool = False,
) -> bool:
    """Send a claimed message and record the outcome (see ``_finish`` for ``retry_by_job``)."""
    raw = row.raw.encode("utf-8")
    sender = _envelope_sender(row.raw)
    try:
        transport.send(row.id, raw, sender, row.recipient)
    except PermanentFailure as error:
        log.warning("message #%s (%s) refused for good: %s", row.id, row.kind, error)
        _finish(db, row.id, status=MessageStatus.FAILED, last_error=str(error)[:2000])
        return False
    except Exception as error:  # the server or the network: try again later
        attempts = row.attempts
        if attempts >= MAX_ATTEMPTS:
            values = {"status": MessageStatus.FAILED}
        else:
            backoff = min(BASE_BACKOFF * 2 ** (attempts - 1), MAX_BACKOFF)
            values = {"next_attempt_at": clock() + backoff}
        log.warning("message #%s (%s) not sent (attempt %s): %r", row.id, row.kind, attempts, error)
        _finish(db, row.id, retry_by_job=retry_by_job, last_error=repr(error)[:2000], **values)
        if by_engine:
            raise
        return False
    _finish(db, row.id, status=MessageStatus.SENT, sent_at=clock(), last_error=None)
    return True


def give_up(db: Session, message_id: int) -> None:
    """The engine's last retry failed: the message is given up (its last error says why)."""
    _finish(db, message_id, status=MessageStatus.FAILED)


def send_due(db: Session, transport: Transport, clock, *, limit: int = 200) -> int:
    """Send queued messages whose time has come, oldest first; return how many were sent."""
    due = list(
        db.scalars(
            select(OutboundMessage.id)
            .where(
                OutboundMessage.status == MessageStatus.QUEUED,
                OutboundMessage.next_attempt_at <= clock(),
            )
            .order_by(OutboundMessage.id)
            .limit(limit)
        )
    )
    sent = 0
    try:
        for message_id in due:
            sent += send_one(db, message_id, transport, clock)
    finally:
        transport.close()
    return sent
