"""Handing work to the queue engine (procrastinate, on PostgreSQL) in the caller's transaction.

The outbox stays the source of truth. On PostgreSQL, where a session ``hands_over`` (the app's
sessions when ``QUEUE_ENGINE`` is ``procrastinate``), a transaction that records events also
ensures, as its last statement before the commit, that a *drain job* waits for them: a booking
that commits has its events and a job that will deliver them, one that rolls back has neither.
A drain job (``DRAIN_EVENTS``) delivers every event waiting for one, oldest first, and sends the
messages their handlers queue right after each commit, until none is left. In a storm one job
delivers hundreds of events, so the engine's own cost (fetch, bookkeeping, notifications) is
paid per drain, not per booking, and a booking whose shard has a drain waiting inserts no job.
An event whose handler fails gets a job of its own (``DELIVER_EVENT``), retried with the engine's
back-off until it is given up. A queued message defers its sending job in its transaction; one
queued by a drain or an event's job is sent by that job and has no job of its own unless the
mail server refuses it for now. ``sweep`` (a periodic job) hands over whatever a crash or an
older deployment left undelivered without a job: an event whose drain or job was lost, a message
whose sender died before sending it (once its lease is over).

Jobs carry a ``queueing_lock`` (``drain:<shard>``, ``event:<id>``, ``message:<id>``): one
waiting job per shard, event or message, and how the sweep and the admins' retry find an
object's job. They carry no serial ``lock``: the engine's fetch compares each waiting job's
lock with every other waiting job's, which grows with the square of a storm's backlog
(procrastinate issue #1242). Without one, a job waiting and another running for the same object
can both run (an operator's defer while one runs): delivering an event twice is harmless (its
handlers are idempotent), and a message is sent by the one sender holding its advisory lock
(``messages.queue.SENDING``).
"""

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import JSON, Integer, TextClause, bindparam, event, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import OutboundMessage, OutboxEvent
from models.base import UTCDateTime
from models.statuses import MessageStatus

#: The engine's queues: events to deliver, messages to send, the periodic work.
EVENTS_QUEUE = "events"
MAIL_QUEUE = "mail"
PERIODIC_QUEUE = "periodic"
QUEUES = (EVENTS_QUEUE, MAIL_QUEUE, PERIODIC_QUEUE)

#: Task names, as the engine's app registers them (``app.queue``).
DELIVER_EVENT = "deliver_event"
DRAIN_EVENTS = "drain_events"
SEND_MESSAGE = "send_message"

#: Drain jobs that can wait at once, one per shard (``drain:<n>``): a transaction's events count
#: on the one of its first event's shard, so as many workers' slots can drain side by side.
DRAINS = 8
#: ``db.info[_WAITING]``: the events this transaction recorded, written right before its commit;
#: ``db.info[_DRAIN]``: the shard whose drain job it ensures then (events of a savepoint).
_WAITING = "waiting_events"
_DRAIN = "drain_shard"

#: Workers take ready jobs by priority (higher first), then oldest first.
SEND_PRIORITY = 10

#: How often a worker tells the engine it is alive, and after how long without a word its
#: running jobs are handed to another worker (a worker killed with SIGKILL says nothing).
HEARTBEAT_SECONDS = 2.0
STALLED_SECONDS = 10.0
#: A worker that has not beaten for this long no longer counts as fresh (``engine_state``).
FRESH_WORKER = timedelta(seconds=3 * HEARTBEAT_SECONDS)

#: Events undelivered, and messages queued, this long ago without a job are handed over again by
#: the sweep (a message claimed by a sender also waits for the end of that sender's lease).
SWEEP_AFTER = timedelta(seconds=30)

#: A shard's drain job: a new one, or the one waiting already, locked until this transaction
#: ends (the no-op update takes the row lock; the engine's fetch skips a locked job). No waiting
#: drain job can start before the events of a transaction that counted on it are committed.
_ON_CONFLICT = (
    "ON CONFLICT (queueing_lock) WHERE status = 'todo' "
    "DO UPDATE SET attempts = procrastinate_jobs.attempts"
)
_ENSURE_DRAIN = text(
    "INSERT INTO procrastinate_jobs (queue_name, task_name, priority, queueing_lock, args) "
    "VALUES (:queue, :task, 0, :lock, jsonb_build_object('shard', CAST(:shard AS integer))) "
    + _ON_CONFLICT
)

_DEFER_ONE = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY["
    "ROW(:queue, :task, CAST(:priority AS integer), NULL, :lock, "
    "jsonb_build_object(CAST(:key AS text), CAST(:id AS bigint)), :at)"
    "::procrastinate_job_to_defer_v1])"
).bindparams(bindparam("at", type_=UTCDateTime))


def hands_over(db: Session) -> bool:
    """True when this session hands its work to the queue engine (PostgreSQL only)."""
    return bool(db.info.get("hand_over")) and db.get_bind().dialect.name == "postgresql"


def record_event(db: Session, *, name: str, payload: dict, now: datetime) -> None:
    """An undelivered event for a drain job, written right before the commit, with its drain
    job's, by one statement (``_record_and_drain``)."""
    db.info.setdefault(_WAITING, []).append((name, payload, now))


def drain_at_commit(db: Session, event_id: int) -> None:
    """An event written already (inside a savepoint, which may roll back) counts on its shard's
    drain job, ensured right before the commit."""
    db.info.setdefault(_DRAIN, event_id % DRAINS)


@functools.cache
def _record_and_drain(count: int) -> TextClause:
    """``count`` events and the drain job of the first one's shard, in one statement (a data-
    modifying CTE): a booking's event costs it one round trip."""
    rows = ", ".join(f"(:name{n}, :payload{n}, :at{n}, :at{n}, NULL, 0)" for n in range(count))
    types = [bindparam(f"payload{n}", type_=JSON) for n in range(count)]
    types += [bindparam(f"at{n}", type_=UTCDateTime) for n in range(count)]
    columns = "name, payload, created_at, next_attempt_at, delivered_at, attempts"
    events = f"INSERT INTO outbox_events ({columns}) VALUES {rows} RETURNING id"  # noqa: S608
    drain = (
        "INSERT INTO procrastinate_jobs (queue_name, task_name, priority, queueing_lock, args) "
        "SELECT :queue, :task, 0, 'drain:' || min(e.id) % :drains, "
        "jsonb_build_object('shard', min(e.id) % :drains) FROM e "
    )
    return text(f"WITH e AS ({events}) {drain}{_ON_CONFLICT}").bindparams(*types)


def ensure_drain(db: Session, shard: int) -> None:
    """A drain job for ``shard`` waits (a new one, or the one already waiting), in the caller's
    transaction."""
    db.execute(
        _ENSURE_DRAIN,
        {"queue": EVENTS_QUEUE, "task": DRAIN_EVENTS, "lock": f"drain:{shard}", "shard": shard},
    )


def drain_later(db: Session, shard: int) -> None:
    """A drain that used up its time leaves what still waits to a new job of its shard (the
    engine's other jobs get their turn in between); commits."""
    ensure_drain(db, shard)
    db.commit()


@event.listens_for(Session, "before_commit")
def _drain_before_commit(db: Session) -> None:
    """The last statement of a transaction that recorded events writes them and ensures their
    drain job: it holds the job's row lock only for the commit (no lock taken after it, no
    deadlock). (A savepoint's release leaves them to the transaction's commit.)"""
    if db.in_nested_transaction():
        return
    waiting, shard = db.info.pop(_WAITING, None), db.info.pop(_DRAIN, None)
    if not waiting and shard is None:
        return
    db.flush()
    if not waiting:
        ensure_drain(db, shard)
        return
    values = {"queue": EVENTS_QUEUE, "task": DRAIN_EVENTS, "drains": DRAINS}
    for n, (name, payload, at) in enumerate(waiting):
        values |= {f"name{n}": name, f"payload{n}": payload, f"at{n}": at}
    db.connection().execute(_record_and_drain(len(waiting)), values)  # any drain: every event


@event.listens_for(Session, "after_soft_rollback")
def _no_drain_after_rollback(db: Session, _transaction) -> None:
    if not db.in_transaction():  # the whole transaction, not a savepoint, rolled back
        db.info.pop(_WAITING, None)
        db.info.pop(_DRAIN, None)


def defer_message(db: Session, message_id: int, *, at: datetime | None = None) -> int:
    """Defer the job that sends a queued message (``at`` that time, else now), in the caller's
    transaction; the job's id. It comes before waiting events (``SEND_PRIORITY``): in a storm, a
    rendered message goes out before the next bookings' events are rendered."""
    return _defer(db, MAIL_QUEUE, SEND_MESSAGE, "message", message_id, SEND_PRIORITY, at)


def defer_event(db: Session, event_id: int, *, at: datetime | None = None) -> None:
    """Defer the job of one event (``at`` that time, else now): its retries after a failed
    drain, the sweep's and the admins' hand-over."""
    _defer(db, EVENTS_QUEUE, DELIVER_EVENT, "event", event_id, 0, at)


def _defer(
    db: Session,
    queue: str,
    task: str,
    kind: str,
    object_id: int,
    priority: int,
    at: datetime | None = None,
) -> int:
    return db.execute(
        _DEFER_ONE,
        {
            "queue": queue,
            "task": task,
            "priority": priority,
            "lock": f"{kind}:{object_id}",
            "key": f"{kind}_id",
            "id": object_id,
            "at": at,
        },
    ).scalar_one()[0]


#: Events a drain took (``attempts`` > 0) and neither delivered nor handed to a job of their own.
_UNHANDED_EVENTS = text(
    "SELECT o.id FROM outbox_events o WHERE o.delivered_at IS NULL AND o.failed_at IS NULL "
    "AND o.attempts > 0 AND o.next_attempt_at <= :before AND NOT EXISTS "
    "(SELECT 1 FROM procrastinate_jobs j WHERE j.queueing_lock = 'event:' || o.id "
    "AND j.status IN ('todo', 'doing')) "
    "ORDER BY o.id LIMIT :limit"
).bindparams(bindparam("before", type_=UTCDateTime))

_UNHANDED_MESSAGES = text(
    "SELECT m.id FROM outbound_messages m WHERE m.status = :queued "
    "AND m.next_attempt_at <= :now AND m.created_at <= :before AND NOT EXISTS "
    "(SELECT 1 FROM procrastinate_jobs j WHERE j.queueing_lock = 'message:' || m.id "
    "AND j.status IN ('todo', 'doing', 'failed')) ORDER BY m.id LIMIT :limit"
).bindparams(bindparam("before", type_=UTCDateTime), bindparam("now", type_=UTCDateTime))


#: An event waiting for a drain since before ``:before`` while none waits or runs.
_UNDRAINED = text(
    "SELECT 1 FROM outbox_events o WHERE o.delivered_at IS NULL AND o.failed_at IS NULL "
    "AND o.attempts = 0 AND o.next_attempt_at <= :before AND NOT EXISTS (SELECT 1 FROM "
    "procrastinate_jobs j WHERE j.task_name = :drain AND j.status IN ('todo', 'doing')) LIMIT 1"
).bindparams(bindparam("before", type_=UTCDateTime))


def sweep(db: Session, *, now: datetime, limit: int = 500) -> int:
    """Hand over undelivered events and queued messages that have no job (a crash between a
    commit and a hand-over, rows from before the engine, a job deleted by an operator); how
    many (events waiting for a drain count as one). Commits itself: it is a use case of its
    own, run by a periodic job."""
    handed = 0
    if db.scalar(_UNDRAINED, {"before": now - SWEEP_AFTER, "drain": DRAIN_EVENTS}):
        ensure_drain(db, 0)
        db.commit()
        handed += 1
    values = {
        "before": now - SWEEP_AFTER,
        "now": now,
        "limit": limit,
        "queued": MessageStatus.QUEUED.value,
    }
    for query, defer in ((_UNHANDED_EVENTS, defer_event), (_UNHANDED_MESSAGES, defer_message)):
        ids = list(db.scalars(query, values))
        for object_id in ids:
            try:
                with db.begin_nested():
                    defer(db, object_id)
                handed += 1
            except IntegrityError:  # a job for it was deferred meanwhile
                continue
        db.commit()
    return handed


@dataclass(frozen=True)
class EngineState:
    """What an operator wants to know of the queue engine at a glance."""

    #: Jobs waiting whose time has come, and how long the oldest of them has waited.
    ready: int
    oldest_ready_seconds: float
    running: int
    #: Jobs given up after their last retry (the dead state).
    failed: int
    fresh_workers: int


_STATE = (
    text(
        "SELECT "
        "count(*) FILTER (WHERE status = 'todo' AND (scheduled_at IS NULL OR scheduled_at <= :now)"
        " AND task_name <> :drain) AS ready, "
        "min(coalesce(scheduled_at, created)) FILTER (WHERE status = 'todo' "
        "AND (scheduled_at IS NULL OR scheduled_at <= :now) AND task_name <> :drain) AS oldest, "
        "count(*) FILTER (WHERE status = 'doing') AS running, "
        "count(*) FILTER (WHERE status = 'failed') AS failed, "
        "(SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat >= :fresh) AS fresh, "
        "(SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL AND failed_at IS NULL "
        " AND attempts = 0) AS events, "
        "(SELECT min(created_at) FROM outbox_events WHERE delivered_at IS NULL "
        " AND failed_at IS NULL AND attempts = 0) AS oldest_event "
        "FROM (SELECT j.status, j.scheduled_at, j.task_name, (SELECT min(e.at) "
        "FROM procrastinate_events e WHERE e.job_id = j.id AND e.type = 'deferred') AS created "
        "FROM procrastinate_jobs j WHERE j.status IN ('todo', 'doing', 'failed')) jobs"
    )
    .bindparams(bindparam("now", type_=UTCDateTime), bindparam("fresh", type_=UTCDateTime))
    .columns(
        ready=Integer,
        oldest=UTCDateTime,
        running=Integer,
        failed=Integer,
        fresh=Integer,
        events=Integer,
        oldest_event=UTCDateTime,
    )
)


def engine_state(db: Session, now: datetime) -> EngineState:
    """The queue engine's depth, age and workers, read in one statement (PostgreSQL). Events
    waiting for a drain count as ready work, each; the drain job itself does not."""
    row = db.execute(_STATE, {"now": now, "fresh": now - FRESH_WORKER, "drain": DRAIN_EVENTS}).one()
    return EngineState(
        ready=row.ready + row.events,
        oldest_ready_seconds=_age(now, _earliest(row.oldest, row.oldest_event)),
        running=row.running,
        failed=row.failed,
        fresh_workers=row.fresh,
    )


_EMBEDDED_STATE = (
    text(
        "SELECT "
        "(SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL AND failed_at IS NULL "
        " AND next_attempt_at <= :now) AS events, "
        "(SELECT min(next_attempt_at) FROM outbox_events WHERE delivered_at IS NULL "
        " AND failed_at IS NULL AND next_attempt_at <= :now) AS oldest_event, "
        "(SELECT count(*) FROM outbound_messages WHERE status = :queued "
        " AND next_attempt_at <= :now) AS mails, "
        "(SELECT min(next_attempt_at) FROM outbound_messages WHERE status = :queued "
        " AND next_attempt_at <= :now) AS oldest_mail, "
        "(SELECT count(*) FROM outbox_events WHERE failed_at IS NOT NULL) "
        "+ (SELECT count(*) FROM outbound_messages WHERE status = :failed) AS failed"
    )
    .bindparams(bindparam("now", type_=UTCDateTime))
    .columns(
        events=Integer,
        oldest_event=UTCDateTime,
        mails=Integer,
        oldest_mail=UTCDateTime,
        failed=Integer,
    )
)


def embedded_state(db: Session, now: datetime) -> EngineState:
    """The same figures without the engine (the embedded mode): events and messages whose time
    has come and that no round has done yet, and what was given up."""
    row = db.execute(
        _EMBEDDED_STATE,
        {"now": now, "queued": MessageStatus.QUEUED.value, "failed": MessageStatus.FAILED.value},
    ).one()
    return EngineState(
        ready=row.events + row.mails,
        oldest_ready_seconds=_age(now, _earliest(row.oldest_event, row.oldest_mail)),
        running=0,
        failed=row.failed,
        fresh_workers=0,
    )


def _earliest(*times: datetime | None) -> datetime | None:
    return min((t for t in times if t is not None), default=None)


def _age(now: datetime, since: datetime | None) -> float:
    return max((now - since).total_seconds(), 0.0) if since is not None else 0.0


@dataclass(frozen=True)
class GivenUp:
    """Background work given up after its last attempt: the dead state admins see."""

    #: ``event`` or ``message``.
    kind: str
    #: The event's name (``BookingConfirmed``) or the message's kind (``booking_confirmed``).
    what: str
    object_id: int
    created_at: datetime
    attempts: int
    reason: str
    #: A message's recipient ("" for an event).
    recipient: str = ""


def given_up(db: Session, *, limit: int = 100) -> list[GivenUp]:
    """Events and messages given up, newest first (at most ``limit`` of each)."""
    events = db.execute(
        select(
            OutboxEvent.id,
            OutboxEvent.name,
            OutboxEvent.created_at,
            OutboxEvent.attempts,
            OutboxEvent.last_error,
        )
        .where(OutboxEvent.failed_at.is_not(None))
        .order_by(OutboxEvent.id.desc())
        .limit(limit)
    )
    messages = db.execute(
        select(
            OutboundMessage.id,
            OutboundMessage.kind,
            OutboundMessage.created_at,
            OutboundMessage.attempts,
            OutboundMessage.last_error,
            OutboundMessage.recipient,
        )
        .where(OutboundMessage.status == MessageStatus.FAILED)
        .order_by(OutboundMessage.id.desc())
        .limit(limit)
    )
    found = [
        GivenUp("event", name, id_, at, tries, error or "")
        for id_, name, at, tries, error in events
    ]
    found += [
        GivenUp("message", kind, id_, at, tries, error or "", recipient)
        for id_, kind, at, tries, error, recipient in messages
    ]
    return sorted(found, key=lambda item: item.created_at, reverse=True)
