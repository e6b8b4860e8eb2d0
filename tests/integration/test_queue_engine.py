"""The queue engine (procrastinate) on PostgreSQL: events and messages handed over in the use
case's transaction, delivered once by a real worker, swept after a crash, watched by the
engine's state and its own shell."""

import asyncio
import subprocess
import sys
import threading
from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import OperationalError

from app import queue
from bookings import messages
from bookings.errors import BookingError
from bookings.events import SessionCancelled
from bookings.messages.queue import SENDER_LEASE
from bookings.unit import jobs, outbox
from bookings.unit.transaction import transaction
from models import AuditEntry, OutboundMessage, OutboxEvent
from tests.conftest import book_one, log_in
from tests.forms import post_form
from tests.stress.servers import ROOT

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def engine_mode(app, db, monkeypatch):
    """The app's sessions hand their work to the engine (the test's own session once it calls
    ``hand_over``); the engine's tables are emptied afterwards."""
    monkeypatch.setitem(app.config, "QUEUE_ENGINE", queue.PROCRASTINATE)
    queue.use_flask_app(app)
    yield
    queue.use_flask_app(None)
    db.rollback()
    db.execute(
        text(
            "TRUNCATE procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, "
            "procrastinate_workers"
        )
    )
    db.commit()


def hand_over(db) -> None:
    """From now on the test's session hands its events to the engine, as the app's do; what
    it recorded before (people's welcomes) is taken as delivered, so a test sees its own."""
    db.execute(
        update(OutboxEvent)
        .where(OutboxEvent.delivered_at.is_(None))
        .values(delivered_at=func.now())
    )
    db.commit()
    db.info["hand_over"] = True


def _jobs(db, task: str | None = None) -> list[tuple[str, dict, str]]:
    db.commit()
    rows = db.execute(
        text(
            "SELECT task_name, args, status FROM procrastinate_jobs "
            "WHERE queue_name <> :periodic AND (CAST(:task AS text) IS NULL OR task_name = :task)"
            " ORDER BY id"
        ),
        {"periodic": jobs.PERIODIC_QUEUE, "task": task},
    ).all()
    return [tuple(row) for row in rows]


def _work_off(app) -> None:
    """A real worker, in a thread of this process (with an event loop of its own), until no job
    is left."""
    worker = threading.Thread(
        target=queue.run_worker,
        args=(app,),
        kwargs={"concurrency": 2, "name": "test", "wait": False, "signals": False},
    )
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), "the worker did not finish"


def _waiting_events(db) -> list[OutboxEvent]:
    db.commit()
    return list(
        db.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.delivered_at.is_(None), OutboxEvent.attempts == 0)
            .order_by(OutboxEvent.id)
        )
    )


def test_a_booking_counts_on_a_drain_job_in_its_own_transaction_and_a_storm_on_a_few(
    engine_mode, db, make_session, make_user, now
):
    sitting = make_session(capacity=1)
    first, second = make_user(), make_user()
    hand_over(db)
    booking = book_one(db, sitting, first, now)
    event_id = db.scalar(select(func.max(OutboxEvent.id)))
    assert _jobs(db) == [(jobs.DRAIN_EVENTS, {"shard": event_id % jobs.DRAINS}, "todo")]
    assert db.get_one(OutboxEvent, event_id).payload["booking_id"] == booking.id
    assert event_id in [event.id for event in _waiting_events(db)]

    with pytest.raises(BookingError):  # sold out: its transaction records nothing, ensures nothing
        book_one(db, sitting, second, now)
    assert len(_jobs(db)) == 1

    # Twenty more bookings: each counts on its shard's waiting drain, so a few jobs wait for all.
    bigger = make_session(capacity=30)
    for _ in range(20):
        book_one(db, bigger, make_user(), now)
    shards = {event.id % jobs.DRAINS for event in _waiting_events(db) if event.id >= event_id}
    assert sorted(args["shard"] for _task, args, _status in _jobs(db)) == sorted(shards)
    assert len(_jobs(db)) <= jobs.DRAINS


def test_a_waiting_drain_job_is_not_fetched_before_a_transaction_counting_on_it_commits(
    engine_mode, app, db, make_session, make_user, now
):
    """The race a drain job must not lose: a booking that finds its shard's drain waiting, and
    a worker that takes that job and finds nothing more to do before the booking commits."""
    sitting, person = make_session(capacity=5), make_user()
    hand_over(db)
    book_one(db, sitting, person, now)
    [(_task, args, _status)] = _jobs(db)
    fetch = "SELECT id FROM procrastinate_fetch_job_v2(ARRAY['events']::varchar[], NULL)"
    worker = psycopg.connect(queue.conninfo(app.config["DATABASE_URL"]), autocommit=True)
    with worker:
        jobs.ensure_drain(db, args["shard"])  # a second booking's last statement, uncommitted
        assert worker.execute(fetch).fetchone() == (None,)  # the worker cannot take it yet
        db.commit()
        assert worker.execute(fetch).fetchone()[0] is not None
    assert len(_jobs(db)) == 1  # the second booking inserted no job of its own


def test_events_are_written_with_their_drain_job_at_the_commit_and_a_savepoints_at_once(
    engine_mode, db, now
):
    hand_over(db)
    with transaction(db):
        jobs.record_event(db, name="CapacityChanged", payload={"session_id": 1}, now=now)
        jobs.record_event(db, name="CapacityChanged", payload={"session_id": 2}, now=now)
        assert _count_events(db) == 0  # written right before the commit, in one statement
    first, second = _waiting_events(db)
    assert (first.payload, second.payload) == ({"session_id": 1}, {"session_id": 2})
    assert _jobs(db) == [(jobs.DRAIN_EVENTS, {"shard": first.id % jobs.DRAINS}, "todo")]

    with transaction(db):
        with db.begin_nested():  # a savepoint's event is written at once: it may roll back
            outbox.record(db, SessionCancelled(3, "", 0), now=now)
            assert _count_events(db) == 3
        with pytest.raises(RuntimeError), db.begin_nested():
            outbox.record(db, SessionCancelled(4, "", 0), now=now)
            raise RuntimeError("this part of the use case failed")
    payloads = [event.payload["session_id"] for event in _waiting_events(db)]
    assert payloads == [1, 2, 3]

    with pytest.raises(RuntimeError), transaction(db):  # a whole transaction rolled back
        jobs.record_event(db, name="CapacityChanged", payload={"session_id": 5}, now=now)
        raise RuntimeError("the use case failed")
    with transaction(db):
        pass  # nothing of the rolled-back transaction is left to write at the next commit
    assert len(_waiting_events(db)) == 3


def _count_events(db) -> int:
    return db.scalar(select(func.count()).select_from(OutboxEvent))


def test_the_worker_delivers_the_events_and_sends_the_messages_once_even_run_twice(
    engine_mode, app, db, smtp, make_workshop, make_session, make_user, now
):
    sitting = make_session(make_workshop(price=0))
    person = make_user(email="lan@example.com")
    hand_over(db)
    book_one(db, sitting, person, now)
    _work_off(app)
    assert _waiting_events(db) == []  # the booking's, and the welcome recorded before it
    sent = db.scalars(select(OutboundMessage).order_by(OutboundMessage.id)).all()
    assert {message.status for message in sent} == {"sent"}
    assert "booking_confirmed" in {message.kind for message in sent}
    assert [str(m["To"]) for m in smtp.messages] == ["lan@example.com"] * len(sent)
    assert {status for *_, status in _jobs(db)} == {"succeeded"}
    # The drain sent what the handlers queued: one job from booking to mail server.
    assert [task for task, *_ in _jobs(db)] == [jobs.DRAIN_EVENTS]

    # The same work again (as after a worker died between the work and its bookkeeping)
    event_id = db.scalar(select(func.max(OutboxEvent.id)))
    jobs.defer_event(db, event_id)
    for message in sent:
        jobs.defer_message(db, message.id)
    jobs.ensure_drain(db, 0)
    db.commit()
    _work_off(app)
    assert len(smtp.messages) == len(sent)
    assert db.scalar(select(func.count()).select_from(OutboundMessage)) == len(sent)


def test_a_drain_out_of_time_marks_its_last_event_and_leaves_the_rest_to_a_new_job(
    engine_mode, app, db, smtp, make_workshop, make_session, make_user, now, monkeypatch
):
    sitting = make_session(make_workshop(price=0), capacity=5)
    people = [make_user() for _ in range(3)]
    hand_over(db)
    for person in people:
        book_one(db, sitting, person, now)
    monkeypatch.setattr(queue, "DRAIN_SECONDS", 0.0)  # one event per drain job
    _work_off(app)
    assert _waiting_events(db) == []
    assert db.scalar(select(func.count()).where(OutboxEvent.delivered_at.is_(None))) == 0
    drains = [status for task, _args, status in _jobs(db) if task == jobs.DRAIN_EVENTS]
    assert len(drains) >= 3 and set(drains) == {"succeeded"}  # none failed, none left waiting
    assert len(smtp.messages) == 3


def test_a_failed_drain_is_not_retried_and_the_sweep_starts_another(
    engine_mode, app, db, smtp, make_workshop, make_session, make_user, now, monkeypatch
):
    sitting, person = make_session(make_workshop(price=0)), make_user()
    hand_over(db)
    book_one(db, sitting, person, now)
    claim = outbox.claim_next

    def broken(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("the connection dropped"))

    monkeypatch.setattr(outbox, "claim_next", broken)
    _work_off(app)
    # The drain ended (not failed, not waiting for a retry that would collide with the
    # shard's next drain job); its event still waits.
    assert [status for *_, status in _jobs(db)] == ["succeeded"]
    assert len(_waiting_events(db)) == 1
    monkeypatch.setattr(outbox, "claim_next", claim)
    assert jobs.sweep(db, now=now + jobs.SWEEP_AFTER + timedelta(seconds=1)) == 1
    _work_off(app)
    assert _waiting_events(db) == []
    assert len(smtp.messages) == 1


def test_a_stalled_workers_drain_is_aborted_beside_its_shards_waiting_one(
    engine_mode, app, db, make_session, make_user, now
):
    sitting, person = make_session(capacity=5), make_user()
    hand_over(db)
    book_one(db, sitting, person, now)
    # The drain job was taken by a worker that stopped beating a minute ago ...
    db.execute(
        text(
            "WITH w AS (INSERT INTO procrastinate_workers (last_heartbeat) "
            "VALUES (now() - interval '1 minute') RETURNING id) "
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = (SELECT id FROM w)"
        )
    )
    db.commit()
    [(_task, args, _status)] = _jobs(db)
    jobs.ensure_drain(db, args["shard"])  # ... and a booking of its shard made a new one wait
    db.commit()

    async def look_for_stalled_jobs() -> None:
        connector = queue._connector(app.config["DATABASE_URL"])
        with queue.engine.replace_connector(connector):
            async with queue.engine.open_async():
                await queue.retry_stalled_jobs(0)

    asyncio.run(look_for_stalled_jobs())  # no collision with the waiting one
    assert [status for *_, status in _jobs(db)] == ["aborted", "todo"]


def test_an_event_failing_in_a_drain_gets_a_job_of_its_own_with_the_engines_back_off(
    engine_mode, app, db, smtp, make_workshop, make_session, make_user, now, monkeypatch
):
    sitting, person = make_session(make_workshop(price=0)), make_user()
    hand_over(db)
    book_one(db, sitting, person, now)
    event_id = db.scalar(select(func.max(OutboxEvent.id)))
    bus = app.extensions["bus"]
    handlers = bus.table.handlers

    def broken(_db, _event, _context):
        raise RuntimeError("template missing")

    def failing(name):
        return [broken] if name == "BookingConfirmed" else handlers(name)

    monkeypatch.setattr(bus.table, "handlers", failing)
    _work_off(app)
    db.expire_all()
    event = db.get_one(OutboxEvent, event_id)
    assert (event.delivered_at, event.attempts) == (None, 1)
    assert "template missing" in event.last_error
    [(job_id, status, _attempts)] = _job_states(db, f"event:{event_id}")
    assert status == "todo"
    scheduled = db.scalar(
        text("SELECT scheduled_at FROM procrastinate_jobs WHERE id = :id"), {"id": job_id}
    )
    assert scheduled == event.next_attempt_at  # its job waits for the back-off
    kinds = db.scalars(select(OutboundMessage.kind)).all()
    assert "booking_confirmed" not in kinds

    monkeypatch.setattr(bus.table, "handlers", handlers)  # the cause is fixed
    db.execute(
        text("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = :id"), {"id": job_id}
    )
    db.commit()
    _work_off(app)
    db.expire_all()
    assert db.get_one(OutboxEvent, event_id).delivered_at is not None
    assert _job_states(db, f"event:{event_id}")[0][1] == "succeeded"
    confirmation = db.scalars(
        select(OutboundMessage).where(OutboundMessage.kind == "booking_confirmed")
    ).one()
    assert confirmation.status == "sent"


def test_a_second_job_leaves_a_message_its_sender_is_sending_and_no_lock_outlives_a_send(
    engine_mode, app, db, smtp, make_session, make_user, now
):
    sitting, person = make_session(), make_user(email="hoa@example.com")
    hand_over(db)
    book_one(db, sitting, person, now)
    _work_off(app)
    assert _advisory_locks(db) == 0  # the confirmation's sender let go of it
    message = db.scalars(select(OutboundMessage)).one()
    db.execute(update(OutboundMessage).values(status="queued"))  # as if not sent yet
    db.commit()

    # Its sender is still at it (a slow mail server), holding it, when a second job comes.
    sender = psycopg.connect(queue.conninfo(app.config["DATABASE_URL"]), autocommit=True)
    with sender:
        sender.execute("SELECT pg_advisory_lock(%s, %s)", [messages.queue.SENDING, message.id])
        jobs.defer_message(db, message.id)
        db.commit()
        _work_off(app)
        assert len(smtp.messages) == 1  # left to its sender
        db.expire_all()
        assert db.get(OutboundMessage, message.id).attempts == message.attempts
    jobs.defer_message(db, message.id)  # its sender died (its connection closed): sent now
    db.commit()
    _work_off(app)
    assert len(smtp.messages) == 2
    assert _advisory_locks(db) == 0


def _advisory_locks(db) -> int:
    db.commit()
    return db.scalar(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))


def test_a_message_the_server_refuses_is_retried_by_the_engine(
    engine_mode, app, db, smtp, make_session, make_user, now
):
    sitting, person = make_session(), make_user()
    hand_over(db)
    book_one(db, sitting, person, now)
    smtp.refuse_next(1)
    _work_off(app)
    retried = _jobs(db, jobs.SEND_MESSAGE)
    assert retried[0][2] == "todo"  # waiting for its back-off
    db.execute(text("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo'"))
    db.commit()
    _work_off(app)
    assert len(smtp.messages) == 1
    message = db.scalars(select(OutboundMessage)).one()
    assert (message.status, message.attempts) == ("sent", 2)


def test_a_message_whose_sender_died_before_sending_it_is_swept_once_its_lease_is_over(
    engine_mode, app, db, smtp, make_session, make_user, now
):
    sitting, person = make_session(), make_user(email="minh@example.com")
    hand_over(db)
    book_one(db, sitting, person, now)
    event_id = db.scalar(select(func.max(OutboxEvent.id)))
    # The event's job queues the confirmation to send it right after its commit, and dies then.
    db.info[messages.SEND_AFTER_COMMIT] = []
    app.extensions["bus"].deliver_job(db, event_id)
    del db.info[messages.SEND_AFTER_COMMIT]
    message = db.scalars(select(OutboundMessage)).one()
    assert (message.status, message.attempts) == ("queued", 1)  # claimed by the dead sender
    assert _jobs(db, jobs.SEND_MESSAGE) == []  # and no job of its own

    created = message.created_at
    jobs.sweep(db, now=created + SENDER_LEASE)
    assert _jobs(db, jobs.SEND_MESSAGE) == []  # its sender may only be slow
    # A lease that ends after SWEEP_AFTER is waited for too.
    lease_end = created + jobs.SWEEP_AFTER + timedelta(seconds=30)
    db.execute(update(OutboundMessage).values(next_attempt_at=lease_end))
    db.commit()
    jobs.sweep(db, now=created + jobs.SWEEP_AFTER + timedelta(seconds=1))
    assert _jobs(db, jobs.SEND_MESSAGE) == []
    jobs.sweep(db, now=lease_end)
    assert _jobs(db, jobs.SEND_MESSAGE) == [(jobs.SEND_MESSAGE, {"message_id": message.id}, "todo")]
    _work_off(app)
    db.commit()
    db.expire_all()
    sent = db.scalars(select(OutboundMessage).order_by(OutboundMessage.id)).all()
    assert (sent[0].id, sent[0].status) == (message.id, "sent")
    assert len(smtp.messages) == len(sent) == 1
    assert {str(m["To"]) for m in smtp.messages} == {"minh@example.com"}


def test_the_sweep_hands_over_what_a_crash_left_without_a_job(
    engine_mode, app, db, make_session, make_user, now
):
    sitting, first, second = make_session(), make_user(), make_user()
    hand_over(db)
    book_one(db, sitting, first, now)
    db.execute(text("TRUNCATE procrastinate_events, procrastinate_jobs CASCADE"))
    db.commit()  # as if the drain job had been removed by an operator
    [waiting] = _waiting_events(db)

    assert jobs.sweep(db, now=now) == 0  # too fresh: a drain may still be on its way
    later = now + jobs.SWEEP_AFTER + timedelta(seconds=1)
    assert jobs.sweep(db, now=later) == 1  # a drain for every event waiting for one
    assert jobs.sweep(db, now=later) == 0  # it waits now
    assert _jobs(db) == [(jobs.DRAIN_EVENTS, {"shard": 0}, "todo")]

    # A drain took the next event and its worker died: once the drain's lease is over and
    # SWEEP_AFTER has passed, the event gets a job of its own.
    book_one(db, sitting, second, now)
    db.execute(text("TRUNCATE procrastinate_events, procrastinate_jobs CASCADE"))
    db.commit()
    taken = outbox.claim_next(db, now)
    assert taken.id == waiting.id and taken.attempts == 1
    lease_over = now + outbox.DRAIN_LEASE + jobs.SWEEP_AFTER
    assert jobs.sweep(db, now=lease_over - timedelta(seconds=1)) == 1  # the other: a drain
    assert jobs.sweep(db, now=lease_over) == 1
    assert sorted(_jobs(db), key=lambda job: job[0]) == [
        (jobs.DELIVER_EVENT, {"event_id": waiting.id}, "todo"),
        (jobs.DRAIN_EVENTS, {"shard": 0}, "todo"),
    ]
    _work_off(app)
    assert _waiting_events(db) == []
    assert db.scalar(select(func.count()).where(OutboxEvent.delivered_at.is_(None))) == 0

    db.execute(update(OutboxEvent).values(delivered_at=None, failed_at=now))  # given up
    db.execute(text("TRUNCATE procrastinate_events, procrastinate_jobs CASCADE"))
    db.commit()
    assert jobs.sweep(db, now=lease_over) == 0  # the sweep leaves what was given up


def test_engine_state_counts_ready_work_its_age_running_failed_and_workers(
    engine_mode, db, make_session, make_user, now
):
    empty = jobs.engine_state(db, now)
    assert (empty.ready, empty.oldest_ready_seconds, empty.running, empty.fresh_workers) == (
        0,
        0.0,
        0,
        0,
    )
    sitting, first, second = make_session(), make_user(), make_user()
    hand_over(db)
    book_one(db, sitting, first, now)
    book_one(db, sitting, second, now)
    waiting = _waiting_events(db)
    assert len(waiting) == 2
    # Events waiting for a drain are ready work, each; the drain jobs themselves are not.
    state = jobs.engine_state(db, now + timedelta(seconds=3))
    assert (state.ready, state.running, state.failed) == (2, 0, 0)
    assert (
        state.oldest_ready_seconds
        == (now + timedelta(seconds=3) - waiting[0].created_at).total_seconds()
    )

    message_job = jobs.defer_message(db, 12345)  # a message's job, ready
    db.execute(
        text(
            "UPDATE procrastinate_jobs SET status = 'failed' "
            "WHERE id = (SELECT min(id) FROM procrastinate_jobs)"
        )
    )
    db.execute(text("INSERT INTO procrastinate_workers DEFAULT VALUES"))
    db.commit()
    deferred = db.scalar(
        text("SELECT at FROM procrastinate_events WHERE job_id = :id AND type = 'deferred'"),
        {"id": message_job},
    )
    later = jobs.engine_state(db, deferred + timedelta(seconds=5))
    assert (later.ready, later.running, later.failed) == (3, 0, 1)
    oldest = min(deferred, waiting[0].created_at)
    assert later.oldest_ready_seconds == (deferred + timedelta(seconds=5) - oldest).total_seconds()
    assert later.fresh_workers == 1


def test_the_engines_shell_lists_the_queues_and_jobs(
    engine_mode, db, make_session, make_user, now, database_url
):
    sitting, person = make_session(), make_user()
    hand_over(db)
    book_one(db, sitting, person, now)
    db.commit()
    shell = subprocess.run(
        [sys.executable, "-m", "procrastinate", "--app=app.queue.engine", "shell"],
        input="list_queues\nlist_jobs\nexit\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**__import__("os").environ, "DATABASE_URL": database_url},
        timeout=60,
    )
    assert shell.returncode == 0, shell.stderr
    assert "events" in shell.stdout and jobs.DRAIN_EVENTS in shell.stdout, shell.stdout


def test_readiness_and_metrics_read_the_engine(
    engine_mode, client, db, make_session, make_user, now
):
    sitting, person = make_session(), make_user()
    hand_over(db)
    book_one(db, sitting, person, now)
    db.commit()
    queue_state = client.get("/healthz/ready").get_json()["queue"]
    assert queue_state["engine"] == "procrastinate"
    assert (queue_state["ready"], queue_state["running"], queue_state["workers"]) == (1, 0, 0)
    exposition = client.get("/metrics").get_data(as_text=True)
    assert "hcsn_queue_ready_jobs 1.0" in exposition


def _job_states(db, lock: str) -> list[tuple[int, str, int]]:
    db.commit()
    return [
        tuple(row)
        for row in db.execute(
            text(
                "SELECT id, status, attempts FROM procrastinate_jobs WHERE queueing_lock = :lock "
                "ORDER BY id"
            ),
            {"lock": lock},
        )
    ]


def test_an_admin_puts_a_failed_job_back_and_a_worker_does_it_once(
    engine_mode, app, client, db, smtp, make_workshop, make_session, make_user, now
):
    admin, person = make_user(admin=True, email="admin@example.com"), make_user()
    sitting = make_session(make_workshop(price=0))
    hand_over(db)
    book_one(db, sitting, person, now)
    smtp.refuse_next(100)
    _work_off(app)  # the event is delivered; its confirmation is refused and retried later
    message = db.scalars(
        select(OutboundMessage).where(OutboundMessage.kind == "booking_confirmed")
    ).one()
    lock = f"message:{message.id}"
    [(job_id, status, _attempts)] = _job_states(db, lock)
    assert status == "todo"
    # Its last attempt failed: the engine's job is failed, the message given up.
    db.execute(
        text("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = :id"), {"id": job_id}
    )
    db.execute(
        update(OutboundMessage).where(OutboundMessage.id == message.id).values(status="failed")
    )
    db.commit()
    failed_attempts = _job_states(db, lock)[0][2]
    smtp.refuse_next(0)

    log_in(client, admin)
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert f'action="/admin/jobs/message/{message.id}/retry"' in page
    answer = post_form(client, f"/admin/jobs/message/{message.id}/retry", {}, page="/admin/jobs")
    assert answer.status_code == 302
    # The engine's own retry: the same job, todo again, one attempt more.
    assert _job_states(db, lock) == [(job_id, "todo", failed_attempts + 1)]
    db.expire_all()
    assert db.get_one(OutboundMessage, message.id).status == "queued"
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "job.retried")).one()
    assert (audit.actor_email, audit.object) == ("admin@example.com", lock)

    _work_off(app)
    assert [m["Subject"] for m in smtp.messages].count(message.subject) == 1
    db.expire_all()
    assert db.get_one(OutboundMessage, message.id).status == "sent"
    assert [job[:2] for job in _job_states(db, lock)] == [(job_id, "succeeded")]


def test_an_event_given_up_without_a_job_left_gets_a_new_one_when_retried(
    engine_mode, app, client, db, smtp, make_workshop, make_session, make_user, now
):
    admin, person = make_user(admin=True), make_user()
    hand_over(db)
    book_one(db, make_session(make_workshop(price=0)), person, now)
    event_id = db.scalar(select(OutboxEvent.id).order_by(OutboxEvent.id.desc()).limit(1))
    db.execute(text("TRUNCATE procrastinate_events, procrastinate_jobs CASCADE"))
    db.commit()  # an operator removed its job; its last attempt failed
    db.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id == event_id)
        .values(failed_at=now, last_error="RuntimeError('template missing')")
    )
    db.commit()

    log_in(client, admin)
    answer = post_form(client, f"/admin/jobs/event/{event_id}/retry", {}, page="/admin/jobs")
    assert answer.status_code == 302
    assert [status for _id, status, _n in _job_states(db, f"event:{event_id}")] == ["todo"]
    _work_off(app)
    db.expire_all()
    event = db.get_one(OutboxEvent, event_id)
    assert event.delivered_at is not None and event.failed_at is None
    confirmation = db.scalars(
        select(OutboundMessage).where(OutboundMessage.kind == "booking_confirmed")
    ).one()  # the event's handler ran: the confirmation was written and sent
    assert confirmation.status == "sent"
    assert [m["Subject"] for m in smtp.messages].count(confirmation.subject) == 1
