"""Background work on procrastinate (PostgreSQL's queue engine): its app, tasks and workers.

``engine`` is the procrastinate App (so ``procrastinate --app=app.queue.engine shell`` lists
queues and jobs, retries and cancels them). A use case's transaction ensures the job that will
deliver its events itself (``bookings.unit.jobs``): a drain job, which delivers every event
waiting for one and sends what their handlers queue; an event that fails there gets a job of
its own. The periodic work (expiring holds and offers, scheduled messages, refund checks, the
sweep, stalled jobs) is deferred by every worker and runs once per period: the engine's unique
constraint on periodic defers lets exactly one worker's defer through. Jobs retry with
exponential back-off; a job that keeps failing ends ``failed`` in the engine, and its event or
message is given up (the dead state, with its last error, that admins see).

Without PostgreSQL (``make run`` on SQLite) the engine is ``embedded``: a thread of the
development server does the due work every few seconds (``start_embedded_worker``).
"""

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
import procrastinate
import psycopg
from flask import Flask
from sqlalchemy.orm import Session

from app.database import db
from bookings import messages, payments, seats
from bookings.unit import jobs, outbox
from bookings.unit.transaction import recover

log = logging.getLogger(__name__)

PROCRASTINATE = "procrastinate"
EMBEDDED = "embedded"
#: Seconds between two rounds of the embedded worker.
EMBEDDED_INTERVAL = 2.0

#: How long a drain job delivers events before it leaves the rest to a new job of its shard.
DRAIN_SECONDS = 5.0
#: How often an idle worker looks for a job without being notified. A booking that finds its
#: shard's drain job waiting inserts none and notifies nobody; a worker that tried to take that
#: job while the booking held it (until its commit) finds it at its next look.
FETCH_POLLING_SECONDS = 0.5

#: Back-off of a failing job: 4 s, 8 s, 16 s … (about 2 h 15 min over 12 attempts), then failed.
RETRY = procrastinate.RetryStrategy(max_attempts=12, exponential_wait=2)


def conninfo(database_url: str) -> str:
    """psycopg's connection string from SQLAlchemy's URL (``postgresql+psycopg://…``)."""
    scheme, _, rest = database_url.partition("://")
    return f"{scheme.split('+')[0]}://{rest}"


#: How the engine's own connections plan. Its fetch is a PL/pgSQL function whose plan PostgreSQL
#: keeps per connection, made from the table's statistics: a queue analysed while empty (as
#: autovacuum does after a quiet night) gets a plan for a few rows that, in a storm, reads every
#: waiting job once for every other (90,000 rows for a fetch at a backlog of 300; 50 ms each).
#: Planned afresh at each call and along the engine's indexes, a fetch reads a few rows.
#: (procrastinate issue #1242; only the engine's statements run on these connections.)
ENGINE_SETTINGS = ("SET plan_cache_mode = force_custom_plan", "SET enable_seqscan = off")


def _configure(connection: psycopg.Connection | psycopg.AsyncConnection):
    """Each new connection of the engine's pool (and its listening one) takes the settings;
    statements, not startup options, so a pooler in session mode passes them on. The engine's
    pool is asynchronous; the synchronous one it makes when used before being opened gets the
    same settings."""
    if isinstance(connection, psycopg.AsyncConnection):
        return _configure_async(connection)
    for statement in ENGINE_SETTINGS:
        connection.execute(statement)
    if not connection.autocommit:
        connection.commit()
    return None


async def _configure_async(connection: psycopg.AsyncConnection) -> None:
    for statement in ENGINE_SETTINGS:
        await connection.execute(statement)
    if not connection.autocommit:
        await connection.commit()


def _connector(database_url: str | None) -> procrastinate.PsycopgConnector:
    url = database_url or ""
    return procrastinate.PsycopgConnector(
        conninfo=conninfo(url) if url.startswith("postgresql") else "", configure=_configure
    )


engine = procrastinate.App(connector=_connector(os.environ.get("DATABASE_URL")))

_flask: Flask | None = None


def use_flask_app(app: Flask | None) -> None:
    """The Flask app whose configuration, bus and database this process's jobs use."""
    global _flask
    _flask = app


def _flask_app() -> Flask:
    """The app set by ``jobs worker``, or one made from the environment (a worker started by
    procrastinate's own command)."""
    if _flask is None:
        from app import create_app

        use_flask_app(create_app())
    return _flask


@contextmanager
def _session() -> Iterator[tuple[Flask, Session]]:
    app = _flask_app()
    with app.app_context(), db.new_session() as session:
        yield app, session


def _last_attempt(context: procrastinate.JobContext) -> bool:
    return context.job.attempts >= (RETRY.max_attempts or 0)


@engine.task(name=jobs.DRAIN_EVENTS, queue=jobs.EVENTS_QUEUE)
def drain_events(shard: int) -> None:
    """Deliver the events waiting for a drain, oldest first, each message their handlers queue
    sent right after its commit, over one connection to the mail server; after
    ``DRAIN_SECONDS`` the rest is left to a new job of the shard. Drains side by side (other
    shards) take different events. A drain is never retried by the engine (a retried job would
    collide with the shard's next waiting one): one that fails ends, and the sweep starts
    another for the events still waiting."""
    with _session() as (app, session), _sending(app, session) as send:
        bus = app.extensions["bus"]
        deadline = time.monotonic() + DRAIN_SECONDS
        try:
            more = bus.drain(session, after_each=send, enough=lambda: time.monotonic() >= deadline)
            if more:
                jobs.drain_later(session, shard)
        except Exception:  # the database, most likely: the sweep starts a new drain
            log.exception("a drain of shard %s failed; the sweep will start another", shard)
            recover(session)


@engine.task(name=jobs.DELIVER_EVENT, queue=jobs.EVENTS_QUEUE, retry=RETRY, pass_context=True)
def deliver_event(context: procrastinate.JobContext, event_id: int) -> None:
    """Run every handler of one outbox event (idempotent: a delivered event is left alone): a
    drain's failed event, retried with the engine's back-off. The messages its handlers queue
    are sent right after their commit."""
    with _session() as (app, session), _sending(app, session):
        bus = app.extensions["bus"]
        try:
            bus.deliver_job(session, event_id)
        except Exception:
            if _last_attempt(context):
                outbox.give_up(session, event_id, bus.clock())
            raise


@contextmanager
def _sending(app: Flask, session: Session) -> Iterator[Callable[[], None]]:
    """The messages this job's handlers queue, claimed from the start and sent right after
    their commit over one connection to the mail server (when mail is configured): the call
    it gives sends those queued so far; the rest go when the block ends, a failure too."""
    bus = app.extensions["bus"]
    mail = bus.context.mail
    transport = mail.transport() if mail is not None else None
    queued: list = []
    if transport is not None:
        session.info[messages.SEND_AFTER_COMMIT] = queued

    def send() -> None:
        if not queued:
            return
        try:
            messages.send_after_commit(session, list(queued), transport, bus.clock)
        except Exception:  # they stay queued: the sweep hands them to the engine
            log.exception("sending %s messages right after their commit failed", len(queued))
        finally:
            queued.clear()

    try:
        yield send
    finally:
        session.info.pop(messages.SEND_AFTER_COMMIT, None)
        send()
        if transport is not None:
            transport.close()


@engine.task(name=jobs.SEND_MESSAGE, queue=jobs.MAIL_QUEUE, retry=RETRY, pass_context=True)
def send_message(context: procrastinate.JobContext, message_id: int) -> None:
    """Send one queued message (a sent or given-up message is left alone)."""
    with _session() as (app, session):
        context = app.extensions["bus"].context
        if context.mail is None:
            return
        transport = context.mail.transport()
        try:
            messages.send_one(session, message_id, transport, context.clock, by_engine=True)
        except Exception:
            if _last_attempt(context):
                messages.give_up(session, message_id)
            raise
        finally:
            transport.close()


def _periodic(cron: str):
    """A periodic task of the ``periodic`` queue (one job per period, whatever the workers)."""

    def register(func):
        task = engine.task(name=func.__name__, queue=jobs.PERIODIC_QUEUE, pass_context=False)(func)
        return engine.periodic(cron=cron)(task)

    return register


@_periodic("* * * * * */10")
def release_expired(timestamp: int) -> None:
    """Holds and offers whose time is up go back (their events are handed over)."""
    with _session() as (app, session):
        seats.release_expired(session, now=app.extensions["bus"].clock())


@_periodic("* * * * *")
def queue_scheduled_messages(timestamp: int) -> None:
    """Reminders, hold warnings and staff summaries that are due (each once: dedupe keys)."""
    with _session() as (app, session):
        context = app.extensions["bus"].context
        if context.mail is not None:
            messages.queue_scheduled(session, context.mail, now=context.clock())


@_periodic("*/5 * * * *")
def check_pending_refunds(timestamp: int) -> None:
    """Refunds the payment provider is still working on, brought up to date."""
    with _session() as (app, session):
        context = app.extensions["bus"].context
        payments.check_pending_refunds(session, gateway=context.gateway, now=context.clock())


@_periodic("41 * * * *")
def forget_old_contents(timestamp: int) -> None:
    """Sent messages' bodies and bank notifications' payloads past ``RETENTION_DAYS`` are
    deleted (hourly; a pass that finds nothing changes nothing)."""
    with _session() as (app, session):
        forgotten = messages.forget_old_contents(
            session, now=app.extensions["bus"].clock(), days=app.config["RETENTION_DAYS"]
        )
    if forgotten.message_bodies or forgotten.notification_payloads:
        log.info(
            "retention: deleted %s message bodies and %s notification payloads",
            forgotten.message_bodies,
            forgotten.notification_payloads,
        )


@_periodic("* * * * * */30")
def sweep(timestamp: int) -> None:
    """Undelivered events and queued messages without a job are handed over."""
    with _session() as (app, session):
        handed = jobs.sweep(session, now=app.extensions["bus"].clock())
        if handed:
            log.warning("sweep: handed over %s events and messages left without a job", handed)


@engine.periodic(cron="* * * * * */5")
@engine.task(name="retry_stalled_jobs", queue=jobs.PERIODIC_QUEUE)
async def retry_stalled_jobs(timestamp: int) -> None:
    """Jobs of workers that stopped beating (killed, frozen) go back to the queue; a drain
    job is aborted instead (its shard may have a waiting one already, and any drain delivers
    every waiting event: the next one, or the sweep's, takes them)."""
    stalled = await engine.job_manager.get_stalled_jobs(
        seconds_since_heartbeat=jobs.STALLED_SECONDS
    )
    for job in stalled:
        try:
            if job.task_name == jobs.DRAIN_EVENTS:  # its events wait for the next drain
                await engine.job_manager.finish_job(job, procrastinate.jobs.Status.ABORTED, False)
                log.warning("drain job #%s of a stalled worker aborted", job.id)
            else:
                await engine.job_manager.retry_job(job)
                log.warning("job #%s (%s) of a stalled worker handed back", job.id, job.task_name)
        except Exception:  # finished meanwhile, or waiting again already: the others go on
            log.exception("job #%s of a stalled worker left as it is", job.id)


@engine.periodic(cron="17 * * * *")
@engine.task(name="remove_old_jobs", queue=jobs.PERIODIC_QUEUE, pass_context=True)
async def remove_old_jobs(context: procrastinate.JobContext, timestamp: int) -> None:
    """Finished jobs older than three days are removed (failed ones stay for admins)."""
    await procrastinate.builtin_tasks.remove_old_jobs(context, max_hours=72)


def run_worker(
    app: Flask, *, concurrency: int, name: str | None, wait: bool = True, signals: bool = True
) -> None:
    """Run a procrastinate worker on every queue until SIGTERM or SIGINT: the jobs under way
    are finished (for up to ``shutdown_graceful_timeout``, then handed back to the queue).
    ``wait=False``: stop once no job is ready; ``signals=False``: leave the process's signal
    handlers alone (a worker in a thread)."""
    use_flask_app(app)
    if not logging.getLogger().handlers:  # procrastinate logs each job's start and outcome
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with engine.replace_connector(_connector(app.config["DATABASE_URL"])):
        engine.run_worker(
            queues=list(jobs.QUEUES),
            concurrency=concurrency,
            name=name,
            wait=wait,
            update_heartbeat_interval=jobs.HEARTBEAT_SECONDS,
            fetch_job_polling_interval=FETCH_POLLING_SECONDS,
            stalled_worker_timeout=jobs.STALLED_SECONDS,
            shutdown_graceful_timeout=30,
            install_signal_handlers=signals,
        )


def start_embedded_worker(app: Flask) -> threading.Event:
    """A daemon thread doing the due work every ``EMBEDDED_INTERVAL`` seconds (``make run``);
    the returned event stops it."""
    from app.jobs import run_due_work

    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(EMBEDDED_INTERVAL):
            with app.app_context():
                try:
                    run_due_work()
                except Exception:  # the next round tries again
                    log.exception("a round of the embedded worker failed")

    threading.Thread(target=loop, name="embedded-worker", daemon=True).start()
    click.echo(f" * Embedded worker: background work every {EMBEDDED_INTERVAL:g} s")
    return stop
