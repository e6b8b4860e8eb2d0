"""Concurrency on PostgreSQL: many processes, one row lock, and the promises hold.

The promises under test (``bookings.seats``): capacity is never exceeded; a person has at
most one active booking per session; ``seats_taken`` and ``waitlist_length`` always equal a
recount of the bookings; a transaction that dies half-way leaves nothing behind.

Everything runs against a database of this module's own (these tests commit), with real OS
processes (spawned, each with its own engine) and a real gunicorn server on 127.0.0.1.
"""

import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.cli import upgrade_database
from bookings import accounts, seats
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, OutboxEvent, Payment
from tests.databases import domain_session, fresh_database
from tests.stress import race_workers
from tests.stress.race_workers import (
    CONTEXT,
    KILLED_CHILD_NAME,
    PATIENCE,
    add_session,
    add_users,
    bookings_by_status,
    counters,
    people_with_two_active_bookings,
    run_in_processes,
)

pytestmark = pytest.mark.postgres_only

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 400
CAPACITY = 20
ROUNDS = 5
PROCESSES = 8
CLIENT_THREADS = 32


@pytest.fixture(scope="module")
def stress_url():
    """A migrated database of this module's own: what these tests commit stays out of others'."""
    with fresh_database("stress") as url:
        upgrade_database(url)
        yield url


@pytest.fixture(scope="module")
def stress_engine(stress_url):
    engine = create_engine(stress_url)
    yield engine
    engine.dispose()


@pytest.fixture
def stress_db(stress_engine):
    with domain_session(stress_engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture(scope="module")
def racers(stress_engine) -> list[int]:
    """The ids of 400 distinct people."""
    with domain_session(stress_engine, expire_on_commit=False) as session:
        return add_users(session, PEOPLE)


def waitlist_joiners(round_number: int, people: list[int]) -> set[int]:
    """Who asks for the waiting list in this round: nobody in even rounds, half in odd ones."""
    return set(people[1::2]) if round_number % 2 else set()


def assert_race_result(db: Session, session_id: int, outcomes, joiners: set[int], people):
    """The result of 400 people racing for 20 seats, from their side and from the database's.

    ``outcomes``: (user id, what they got: a booking status or an error code), one per person.
    """
    assert sorted(user for user, _ in outcomes) == sorted(people)
    odd = [
        (user, got) for user, got in outcomes if got not in ("confirmed", "waitlisted", "sold_out")
    ]
    if odd:
        pytest.fail(f"{len(odd)} unexpected outcomes, the first (user {odd[0][0]}):\n{odd[0][1]}")
    winners = [user for user, got in outcomes if got == "confirmed"]
    assert len(winners) == CAPACITY
    assert len(set(winners)) == CAPACITY
    waiting = sorted(user for user, got in outcomes if got == "waitlisted")
    assert waiting == sorted(joiners - set(winners))
    sold_out = sorted(user for user, got in outcomes if got == "sold_out")
    assert sold_out == sorted(set(people) - set(winners) - joiners)

    seats_taken, waitlist_length, capacity = counters(db, session_id)
    recount = seats.count_seats(db, session_id)
    assert seats_taken == CAPACITY == capacity == recount[0]
    assert waitlist_length == len(waiting) == recount[1]
    stored = bookings_by_status(db, session_id)
    assert sorted(stored) == sorted(["confirmed", *(["waitlisted"] if waiting else [])])
    assert sorted(stored["confirmed"]) == sorted(winners)
    assert sorted(stored.get("waitlisted", [])) == waiting
    assert people_with_two_active_bookings(db, [session_id]) == []


# -- 1. Through the use cases, from 8 processes ------------------------------------------------


def test_400_people_race_for_20_seats_through_the_use_cases(stress_url, stress_db, racers):
    rng = random.Random(20)
    rounds = []
    for number in range(ROUNDS):
        sitting = add_session(stress_db, capacity=CAPACITY)
        order = rng.sample(racers, len(racers))
        rounds.append((sitting.id, order, waitlist_joiners(number, racers)))
    shares = [
        [
            (session_id, [(user, user in joiners) for user in order[index::PROCESSES]])
            for session_id, order, joiners in rounds
        ]
        for index in range(PROCESSES)
    ]

    results = run_in_processes(race_workers.book_rounds, shares, (stress_url,))

    for number, (session_id, _, joiners) in enumerate(rounds):
        outcomes = [outcome for per_round in results for outcome in per_round[number]]
        assert_race_result(stress_db, session_id, outcomes, joiners, racers)


# -- 2. Over HTTP, against gunicorn with 4 workers ---------------------------------------------


def _stop(process: subprocess.Popen) -> None:
    """Stop gunicorn's whole process group: politely, then not."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def _wait_for_port(process: subprocess.Popen, log: Path) -> int:
    """The port gunicorn bound (it was given port 0), read from its log."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if found:
            return int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not start:\n{log.read_text()}")


def _request(port: int, method: str, path: str, body: dict | None = None, token: str = ""):
    """(status, parsed JSON body) of one request on a connection of its own."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        connection.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, raw.decode(errors="replace")


def _wait_until_healthy(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"gunicorn never answered /healthz with 200:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server(stress_url, tmp_path_factory):
    """The app served by gunicorn (4 sync workers) on 127.0.0.1; yields its port."""
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    environment = {
        **os.environ,
        "DATABASE_URL": stress_url,
        "SECRET_KEY": "stress-test-secret-key-not-for-production",
        "RATELIMIT_ENABLED": "false",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        *("--workers", "4", "--bind", "127.0.0.1:0", "--timeout", "120"),
        "app:create_app()",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        port = _wait_for_port(process, log)
        _wait_until_healthy(process, port, log)
        yield port
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def tokens(stress_engine, racers) -> dict[int, str]:
    """user id -> a bearer token of theirs."""
    with domain_session(stress_engine, expire_on_commit=False) as session:
        return {user: accounts.issue_token(session, user, label="stress").secret for user in racers}


def _race_over_http(port: int, session_id: int, requests: list[tuple[int, str, bool]]):
    """Send the booking requests from ``CLIENT_THREADS`` threads started together; return
    (user id, HTTP status, body), one per request."""
    start = threading.Barrier(CLIENT_THREADS)
    answers: list[tuple[int, int, object]] = []
    lock = threading.Lock()

    def client(share: list[tuple[int, str, bool]]) -> None:
        start.wait(timeout=PATIENCE)
        for user, token, join in share:
            body = {"seats": 1, **({"join_waitlist": True} if join else {})}
            try:
                status, answer = _request(
                    port, "POST", f"/api/v1/sessions/{session_id}/bookings", body, token
                )
            except OSError as error:
                status, answer = 0, repr(error)
            with lock:
                answers.append((user, status, answer))

    threads = [
        threading.Thread(target=client, args=(requests[index::CLIENT_THREADS],), daemon=True)
        for index in range(CLIENT_THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=PATIENCE)
    assert not any(thread.is_alive() for thread in threads), "a client thread is stuck"
    return answers


def _what_they_got(status: int, body) -> str:
    if status == 201 and isinstance(body, dict):
        return body.get("status", f"201 without a status: {body}")
    if status == 409 and isinstance(body, dict):
        return body.get("error", {}).get("code", f"409 without a code: {body}")
    return f"HTTP {status}: {body}"


def test_400_people_race_for_20_seats_over_http(server, stress_db, racers, tokens):
    rng = random.Random(201)
    for number in range(ROUNDS):
        sitting = add_session(stress_db, capacity=CAPACITY)
        joiners = waitlist_joiners(number, racers)
        requests = [(user, tokens[user], user in joiners) for user in rng.sample(racers, PEOPLE)]

        answers = _race_over_http(server, sitting.id, requests)

        failures = [answer for answer in answers if answer[1] >= 500 or answer[1] == 0]
        if failures:
            pytest.fail(f"round {number}: {len(failures)} failed requests, one: {failures[0]}")
        outcomes = [(user, _what_they_got(status, body)) for user, status, body in answers]
        assert_race_result(stress_db, sitting.id, outcomes, joiners, racers)
        waiting = sum(got == "waitlisted" for _, got in outcomes)
        assert Counter(status for _, status, _ in answers) == {
            201: CAPACITY + waiting,
            409: PEOPLE - CAPACITY - waiting,
        }


# -- 3. A storm of everything at once ----------------------------------------------------------


def test_mixed_storm_ends_with_counter_equal_to_recount(stress_url, stress_db, racers):
    sittings = [
        add_session(stress_db, capacity=6),
        add_session(stress_db, capacity=8, price=150_000),
        add_session(stress_db, capacity=5, price=200_000, pay_at_venue=True),
    ]
    session_ids = [sitting.id for sitting in sittings]
    plan = {
        "sessions": [(sitting.id, sitting.workshop.pay_at_venue) for sitting in sittings],
        "users": racers[:30],
        "seconds": 4.0,
    }
    shares = [{**plan, "seed": 1000 + index} for index in range(6)]

    results = run_in_processes(race_workers.storm, shares, (stress_url,))

    unexpected = [failure for _, failures in results for failure in failures]
    if unexpected:
        pytest.fail(f"{len(unexpected)} unexpected failures, the first:\n{unexpected[0]}")
    tally = sum((counted for counted, _ in results), Counter())
    done = Counter()
    for (action, outcome), n in tally.items():
        if outcome not in race_workers.STORM_EXPECTED[action] | {"nothing"}:
            done[action] += n
    assert done["book"] and done["cancel"] and done["release"], f"a quiet storm: {tally}"
    expired = stress_db.scalar(
        select(func.count()).where(Booking.session_id.in_(session_ids), Booking.status == "expired")
    )
    assert expired > 0, "no hold ever expired: the storm missed the short holds"

    assert_books_balance(stress_db, session_ids)
    seats.release_expired(stress_db, now=datetime.now(UTC) + timedelta(hours=8))
    assert_books_balance(stress_db, session_ids)


def assert_books_balance(db: Session, session_ids: list[int]) -> None:
    for session_id in session_ids:
        seats_taken, waitlist_length, capacity = counters(db, session_id)
        held, waiting = seats.count_seats(db, session_id)
        assert (session_id, seats_taken) == (session_id, held)
        assert 0 <= seats_taken <= capacity
        assert (session_id, waitlist_length) == (session_id, waiting)
    assert people_with_two_active_bookings(db, session_ids) == []


# -- 4. A process killed in the middle of a booking --------------------------------------------


def _wait_until_backend_gone(db: Session, backend_pid: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        db.rollback()
        alive = db.scalar(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": backend_pid}
        )
        if alive == 0:
            return
        time.sleep(0.05)
    raise AssertionError(f"PostgreSQL still runs the dead process's backend {backend_pid}")


def _row_is_locked(db: Session, session_id: int) -> bool:
    db.rollback()
    try:
        db.execute(
            text("SELECT id FROM workshop_sessions WHERE id = :id FOR UPDATE NOWAIT"),
            {"id": session_id},
        )
    except OperationalError as error:
        assert getattr(error.orig, "sqlstate", None) == "55P03", error  # lock_not_available
        return True
    finally:
        db.rollback()
    return False


def _trace_of(db: Session, session_id: int) -> dict:
    db.rollback()
    seats_taken, waitlist_length, _ = counters(db, session_id)
    return {
        "seats_taken": seats_taken,
        "waitlist_length": waitlist_length,
        "bookings": db.scalar(select(func.count()).where(Booking.session_id == session_id)),
        "payments": db.scalar(
            select(func.count())
            .select_from(Payment)
            .join(Booking)
            .where(Booking.session_id == session_id)
        ),
        "outbox": db.scalar(select(func.count()).select_from(OutboxEvent)),
    }


def test_a_process_killed_mid_booking_leaves_no_trace(stress_url, stress_db, racers):
    sitting = add_session(stress_db, capacity=5, price=180_000)
    person = racers[0]
    before = _trace_of(stress_db, sitting.id)
    report = CONTEXT.Queue()
    child = CONTEXT.Process(
        target=race_workers.book_and_hang,
        args=(report, sitting.id, person, stress_url),
        daemon=True,
    )
    child.start()
    try:
        seen_by_child = report.get(timeout=PATIENCE)
        # The child is inside its transaction: everything written, nothing committed.
        assert seen_by_child["seats_taken"] == 2
        assert (seen_by_child["bookings"], seen_by_child["payments"]) == (1, 1)
        assert seen_by_child["outbox"] > before["outbox"]
        assert _trace_of(stress_db, sitting.id) == before
        assert _row_is_locked(stress_db, sitting.id)

        os.kill(child.pid, signal.SIGKILL)
        child.join(timeout=PATIENCE)
        assert child.exitcode == -signal.SIGKILL
    finally:
        if child.is_alive():
            child.kill()
            child.join(timeout=10)
        report.close()
    _wait_until_backend_gone(stress_db, seen_by_child["backend_pid"])

    assert _trace_of(stress_db, sitting.id) == before
    assert not _row_is_locked(stress_db, sitting.id)
    impatient = create_engine(stress_url, connect_args={"options": "-c lock_timeout=2000"})
    try:
        with domain_session(impatient, expire_on_commit=False) as session:
            booking = seats.book_seats(
                session,
                session_id=sitting.id,
                user_id=person,
                seats=2,
                now=datetime.now(UTC),
                payment="card",
                gateway="demo",
                hold=DEFAULT_HOLD,
            )
    finally:
        impatient.dispose()
    assert booking.status == "pending_payment"
    assert counters(stress_db, sitting.id)[0] == 2 == seats.count_seats(stress_db, sitting.id)[0]
    assert (
        KILLED_CHILD_NAME
        not in stress_db.scalars(text("SELECT application_name FROM pg_stat_activity")).all()
    )
