"""Work given up, put back in the queue by an admin once its cause is fixed.

An event given up is undelivered again and a message given up is queued again, in one
transaction with the audit entry. Where the session hands its work to the queue engine
(procrastinate on PostgreSQL), the engine's failed job for that event or message is retried by
the engine's own function (``procrastinate_retry_job_v2``, what its ``JobManager.retry_job_by_id``
runs), in the same transaction: the job is ``todo`` again, due now, with one attempt more, so a
job that fails once more is given up again with its new reason. Where no failed job is left (a
message the server refused for good ends its job without failing it; an operator removed it), a
new job is deferred. In the embedded mode there is no job to retry: the next round of the
embedded worker takes the event or message, as it takes any that is due.
"""

from datetime import datetime

from sqlalchemy import bindparam, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bookings.unit import jobs
from bookings.unit.audit import record_action
from bookings.unit.transaction import transaction
from models import OutboundMessage, OutboxEvent
from models.base import UTCDateTime
from models.statuses import MessageStatus

#: What can be given up, and so retried: an outbox event, an outbound message.
KINDS = ("event", "message")

_FAILED_JOB = text(
    "SELECT id FROM procrastinate_jobs WHERE queueing_lock = :lock AND status = 'failed' "
    "ORDER BY id DESC LIMIT 1"
)
#: The engine's own retry: a failed job back to ``todo``, due at ``retry_at``.
_RETRY_JOB = text(
    "SELECT procrastinate_retry_job_v2(CAST(:job_id AS bigint), :retry_at, NULL, NULL, NULL)"
).bindparams(bindparam("retry_at", type_=UTCDateTime))


def retry_given_up(db: Session, *, kind: str, object_id: int, now: datetime) -> bool:
    """Put an event or message given up back in the queue; False when it is not given up (it
    does not exist, was retried already, or was done meanwhile)."""
    if kind not in KINDS:
        raise ValueError(f"nothing of kind {kind!r} is given up")
    with transaction(db):
        if kind == "event":
            revived = db.execute(
                update(OutboxEvent)
                .where(
                    OutboxEvent.id == object_id,
                    OutboxEvent.failed_at.is_not(None),
                    OutboxEvent.delivered_at.is_(None),
                )
                .values(failed_at=None, next_attempt_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
        else:
            revived = db.execute(
                update(OutboundMessage)
                .where(
                    OutboundMessage.id == object_id,
                    OutboundMessage.status == MessageStatus.FAILED,
                )
                .values(status=MessageStatus.QUEUED, next_attempt_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
        if revived != 1:
            return False
        if jobs.hands_over(db):
            _requeue(db, kind, object_id, now)
        record_action(db, "job.retried", f"{kind}:{object_id}", now=now)
    return True


def _requeue(db: Session, kind: str, object_id: int, now: datetime) -> None:
    """The engine's failed job retried by its own function, or a new job deferred."""
    failed = db.scalar(_FAILED_JOB, {"lock": f"{kind}:{object_id}"})
    try:
        with db.begin_nested():
            if failed is not None:
                db.execute(_RETRY_JOB, {"job_id": failed, "retry_at": now})
            elif kind == "event":
                jobs.defer_event(db, object_id)
            else:
                jobs.defer_message(db, object_id)
    except IntegrityError:  # a job for it is waiting already (one per queueing lock)
        pass
