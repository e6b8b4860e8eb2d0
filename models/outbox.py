"""The outbox: domain events recorded in the transaction that caused them, delivered after."""

from datetime import UTC, datetime

from sqlalchemy import JSON, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class OutboxEvent(Base):
    """One domain event. Delivery is at least once: handlers must be idempotent.

    Undelivered events (``delivered_at`` NULL) are handed to their handlers right after the
    commit, and again by ``flask --app app jobs run`` (from ``next_attempt_at``) until every
    handler has succeeded.
    """

    __tablename__ = "outbox_events"
    __table_args__ = (
        Index(
            "ix_outbox_events_undelivered",
            "next_attempt_at",
            postgresql_where=text("delivered_at IS NULL"),
            sqlite_where=text("delivered_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The event's class name (``BookingConfirmed`` …).
    name: Mapped[str] = mapped_column(String(60), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: Not before this instant (back-off after a failed delivery).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    last_error: Mapped[str | None] = mapped_column(Text)
    #: Given up after the queue engine's last retry (the dead state admins see, with
    #: ``last_error`` as the reason); no sweep hands it over again.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
