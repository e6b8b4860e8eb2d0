"""The audit trail: use cases record who did what to which object, in their own transaction
(the action and its entry commit together, or neither does).

Who acts is the session's business, not the use case's: the web layer puts a callable giving
the ``Actor`` of the request in ``db.info["actor"]``; without one (jobs, the command line) the
actor is the system. Entries are only added (``models.AuditEntry``).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEntry


@dataclass(frozen=True)
class Actor:
    id: int | None
    email: str
    role: str
    client_ip: str = ""


SYSTEM = Actor(None, "", "system")


def record_action(db: Session, action: str, obj: str, *, now: datetime | None = None) -> None:
    """Add an entry in the caller's open transaction."""
    actor = db.info.get("actor")
    who = actor() if callable(actor) else SYSTEM
    db.add(
        AuditEntry(
            at=now or datetime.now(UTC),
            actor_id=who.id,
            actor_email=who.email,
            actor_role=who.role,
            action=action,
            object=obj[:120],
            client_ip=who.client_ip[:45],
        )
    )


def audit_entries(
    db: Session, *, action: str | None = None, before_id: int | None = None, limit: int = 50
) -> list[AuditEntry]:
    """Entries newest first, of one action (or all), older than ``before_id`` when given."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEntry.action == action)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return list(db.scalars(query))
