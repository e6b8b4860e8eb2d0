"""Messages to people: the outgoing mail queue and the single-use tokens their links carry."""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime
from models.statuses import MessageStatus, sql_in


def _now() -> datetime:
    return datetime.now(UTC)


class OutboundMessage(Base):
    """One email, rendered and ready to go: the full RFC 5322 text is stored.

    ``dedupe_key`` is unique: whoever queues a message names what it is about (an event, a
    booking and a kind, a person and a day), so queueing it again does nothing and a message is
    sent once per key (see ``bookings.messages.queue.send_due`` for the at-least-once edge).
    """

    __tablename__ = "outbound_messages"
    __table_args__ = (
        CheckConstraint(sql_in("status", MessageStatus), name="status_known"),
        Index(
            "ix_outbound_messages_due",
            "next_attempt_at",
            postgresql_where=text("status = 'queued'"),
            sqlite_where=text("status = 'queued'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    #: What it says: ``booking_confirmed``, ``reminder``, ``password_reset`` …
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str] = mapped_column(String(300))
    #: The whole message (headers, both parts, attachments) as sent.
    raw: Mapped[str] = mapped_column(Text)
    #: A ``MessageStatus``: ``queued`` (waiting or being sent), ``sent`` or ``failed`` (given
    #: up: refused for good).
    status: Mapped[str] = mapped_column(String(20), default=MessageStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: Not before this instant: back-off after a failure, or the lease of a sender.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class TokenPurpose(StrEnum):
    """What a mailed link lets its holder do."""

    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105  (a purpose, not a password)
    OFFER = "offer"


class EmailToken(Base):
    """The secret of a link in an email: single use, expiring; only its SHA-256 is stored."""

    __tablename__ = "email_tokens"
    __table_args__ = (CheckConstraint(sql_in("purpose", TokenPurpose), name="purpose_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The offer a waiting-list link answers (``offer`` tokens only).
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
