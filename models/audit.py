"""The audit trail: an append-only log of security- and money-relevant actions."""

from datetime import UTC, datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class AuditEntry(Base):
    """Who (person and role), did what, to which object, when, from which client address.

    Rows are only ever added: on PostgreSQL a trigger refuses every UPDATE and DELETE (the
    migration creates it), whoever asks. The actor is copied, not referenced: the entry stays
    true when the account changes or is deleted.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now, index=True)
    #: None: the system (a job, the operator's command line).
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    #: ``admin``, ``owner``, ``staff``, ``resident`` or ``system``.
    actor_role: Mapped[str] = mapped_column(String(20), default="system")
    #: What happened: ``team.invited``, ``space.suspended``, ``tokens.revoked`` …
    action: Mapped[str] = mapped_column(String(40), index=True)
    #: What it happened to: ``space:manzi``, ``user:12``, ``booking:7`` …
    object: Mapped[str] = mapped_column(String(120))
    client_ip: Mapped[str] = mapped_column(String(45), default="")
