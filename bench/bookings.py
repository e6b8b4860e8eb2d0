"""Booking storm: 32 clients booking seats over HTTP against 4 gunicorn workers on PostgreSQL.

Builds a throwaway database with 400 sessions of free workshops (so bookings confirm at once;
20 of them small and popular, so some requests meet a full session) and 2,000 people with an API
token each. After a warm-up, 32 concurrent clients send ``POST /api/v1/sessions/<id>/bookings``
``{"seats": 1}``, each person booking each session at most once, then the same 32 clients hit
``GET /healthz`` as the floor; three such rounds alternate (``BENCH_ROUNDS``). Prints, for each
round, successful bookings per second, all-requests throughput, client-side and server-side
(``Server-Timing``) p50/p99, the answers by kind, the same figures for the floor and the cost of a
booking request relative to the floor; then the rounds' medians (the targets are judged on them,
as the issue measured), the workers' peak resident memory, and a recount of every session's seats
from the bookings (oversell check).

Targets (the issues'): >= 380 bookings/s (20 x pretix's 19 orders/s on a similar machine),
p99 <= 150 ms, booking cost <= 3x the floor at 32 clients, zero oversold. Figures only, no
assertions. The server runs as in production (QUEUE_ENGINE=procrastinate: each booking's event
and its job are written in its transaction); no worker runs, so the jobs simply wait.

Needs PostgreSQL (``BENCH_DATABASE_URL``, else the local server); without one it says so and
exits 0.

    make bench
    RATELIMIT_ENABLED=false .venv/bin/python -m bench.bookings
"""

import http.client
import itertools
import json
import os
import random
import secrets
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.cli import upgrade_database
from bench.server import free_port, peak_rss_mb, start_server, stop_server, worker_pids
from bookings.accounts import issue_token
from demo import seed as demo
from models import User, WorkshopSession
from tests import postgres_reachable
from tests.databases import fresh_database

ROOT = Path(__file__).resolve().parent.parent
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SPACE_COUNT = 4
WORKSHOPS_PER_SPACE = 2
SESSION_COUNT = 400
CAPACITY = 50
#: The popular sessions: few seats, a tenth of the requests, so they sell out mid-storm.
HOT_SESSIONS = 20
HOT_CAPACITY = 8
HOT_SHARE = 0.1
USER_COUNT = 2_000
#: BENCH_FRESH_TOKENS=1: tokens never used before, so each one's first request also records its
#: use (the default measures tokens in use, as integrators' are).
FRESH_TOKENS = os.environ.get("BENCH_FRESH_TOKENS") == "1"
CLIENTS = 32
WORKERS = 4
WARM_UP = 400
#: Bookings (and healthz requests) per round; the targets are judged on the rounds' medians, as
#: the issue measured (alternating runs).
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "4000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))

TARGET_BOOKINGS_PER_SECOND = 380  # 20 x pretix's 19 orders/s
TARGET_P99_MS = 150
TARGET_COST_RATIO = 3.0


@dataclass
class Answer:
    status: int  # 0: the connection failed
    code: str  # the API error code of a 4xx, else ""
    client_ms: float
    server_ms: float


def build_network(url: str) -> tuple[list[int], list[int], list[str]]:
    """Spaces, free workshops, roomy and popular sessions, people with a token each.

    Returns the roomy session ids, the popular ones and the token secrets (one per person)."""
    rng = random.Random(11)
    today = datetime.now(UTC).astimezone(HANOI).date()
    engine = create_engine(url)
    with Session(engine) as db:
        workshops = []
        for n in range(SPACE_COUNT):
            entry = demo.spaces()[n % len(demo.spaces())]
            space = demo.space_from(
                entry, slug=f"{entry['slug']}-{n}", certificate_number=None, is_demo=False
            )
            db.add(space)
            for template in rng.sample(demo.workshops(), WORKSHOPS_PER_SPACE):
                workshops.append(
                    demo.workshop_from(
                        template,
                        space,
                        price=0,
                        capacity=CAPACITY,
                        duration_minutes=template["duration_minutes"],
                    )
                )
        db.add_all(workshops)
        sittings = []
        for n in range(SESSION_COUNT):
            workshop = workshops[n % len(workshops)]
            starts = datetime.combine(
                today + timedelta(days=2 + rng.randrange(60)), clock(rng.choice([9, 14, 18])), HANOI
            )
            sittings.append(
                WorkshopSession(
                    workshop=workshop,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=workshop.duration_minutes),
                    capacity=HOT_CAPACITY if n < HOT_SESSIONS else CAPACITY,
                )
            )
        db.add_all(sittings)
        users = [
            User(
                email=f"storm{n}@bench.example",
                name=f"Storm {n}",
                password_hash="!x",
                session_key=secrets.token_urlsafe(24),
            )
            for n in range(USER_COUNT)
        ]
        db.add_all(users)
        db.commit()
        session_ids = [sitting.id for sitting in sittings]
        user_ids = [user.id for user in users]
    # A session of their own: each token commits, and a commit expires what the session holds.
    with Session(engine, expire_on_commit=False) as db:
        tokens = [issue_token(db, user_id, label="bench").secret for user_id in user_ids]
    with engine.connect() as connection:
        if not FRESH_TOKENS:
            # Steady state: integrators' tokens are in use, so a request does not also record
            # the token's first use of the hour (an extra write transaction, once an hour).
            connection.execute(text("UPDATE api_tokens SET last_used_at = now()"))
        connection.execute(text("ANALYZE"))
        connection.commit()
    engine.dispose()
    return session_ids[HOT_SESSIONS:], session_ids[:HOT_SESSIONS], tokens


def booking_requests(roomy: list[int], hot: list[int], tokens: list[str], count: int) -> list:
    """``count`` (path, headers) pairs: a person books a given session at most once."""
    rng = random.Random(13)
    taken: dict[int, set[int]] = {}
    requests = []
    for _ in range(count):
        session_id = rng.choice(hot) if rng.random() < HOT_SHARE else rng.choice(roomy)
        people = taken.setdefault(session_id, set())
        person = rng.randrange(len(tokens))
        while person in people:
            person = rng.randrange(len(tokens))
        people.add(person)
        headers = {
            "Authorization": f"Bearer {tokens[person]}",
            "Content-Type": "application/json",
        }
        requests.append((f"/api/v1/sessions/{session_id}/bookings", headers))
    return requests


def storm(port: int, method: str, requests: list, body: bytes | None) -> tuple[list, float, float]:
    """Send ``requests`` ((path, headers) pairs) from ``CLIENTS`` threads, each over its own
    connection (gunicorn's sync workers close it after every answer; http.client reopens it).

    Returns the answers in request order, the wall time in seconds and the client process's CPU
    time over that wall time (near 1.0 would mean the client's GIL limits the figures)."""
    answers: list[Answer | None] = [None] * len(requests)
    following = itertools.count()  # next() is atomic under the GIL
    start = threading.Barrier(CLIENTS + 1)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start.wait()
        while (index := next(following)) < len(requests):
            path, headers = requests[index]
            began = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                answers[index] = Answer(0, "", (time.perf_counter() - began) * 1000, 0.0)
                continue
            elapsed_ms = (time.perf_counter() - began) * 1000
            timing = response.getheader("Server-Timing") or "dur=nan"
            code = ""
            if 400 <= response.status < 500:
                try:
                    code = json.loads(content).get("error", {}).get("code", "?")
                except ValueError:
                    code = "?"
            answers[index] = Answer(
                response.status, code, elapsed_ms, float(timing.split("dur=")[1])
            )
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start.wait()
    began, cpu_began = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return answers, wall, (time.process_time() - cpu_began) / wall


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def oversold(url: str) -> tuple[list, int]:
    """Sessions whose seats_taken differs from a recount of confirmed seats or exceeds their
    capacity, and the number of confirmed bookings."""
    engine = create_engine(url)
    with engine.connect() as connection:
        wrong = connection.execute(
            text(
                "SELECT s.id, s.capacity, s.seats_taken, COALESCE(SUM(b.seats), 0) AS confirmed"
                " FROM workshop_sessions s"
                " LEFT JOIN bookings b ON b.session_id = s.id AND b.status = 'confirmed'"
                " GROUP BY s.id, s.capacity, s.seats_taken"
                " HAVING s.seats_taken <> COALESCE(SUM(b.seats), 0) OR s.seats_taken > s.capacity"
                " ORDER BY s.id"
            )
        ).all()
        confirmed = connection.scalar(
            text("SELECT count(*) FROM bookings WHERE status = 'confirmed'")
        )
    engine.dispose()
    return list(wrong), confirmed


def describe(label: str, answers: list[Answer], wall: float, client_cpu: float) -> float:
    """Print one line of throughput and latency; return requests per second."""
    per_second = len(answers) / wall
    client = [answer.client_ms for answer in answers]
    server = [answer.server_ms for answer in answers if answer.status]
    print(
        f"{label:9} {len(answers):6d} requests in {wall:5.1f} s: {per_second:7.1f} req/s; "
        f"client p50 {percentile(client, 50):6.1f} ms, p99 {percentile(client, 99):6.1f} ms; "
        f"server p50 {percentile(server, 50):6.1f} ms, p99 {percentile(server, 99):6.1f} ms; "
        f"client CPU {client_cpu:.0%} of a core"
    )
    return per_second


@dataclass
class Round:
    """One booking storm and the healthz storm right after it."""

    answers: list[Answer]
    wall: float
    client_cpu: float
    floor: list[Answer]
    floor_wall: float
    floor_cpu: float

    @property
    def booking_rate(self) -> float:
        return len(self.answers) / self.wall

    @property
    def floor_rate(self) -> float:
        return len(self.floor) / self.floor_wall

    @property
    def created_rate(self) -> float:
        return sum(answer.status == 201 for answer in self.answers) / self.wall

    @property
    def p99(self) -> float:
        return percentile([answer.client_ms for answer in self.answers], 99)


def round_loads(roomy: list[int], hot: list[int], tokens: list[str]) -> list[list]:
    """The warm-up's requests, then each round's: each on sessions of its own, so every round
    meets popular sessions with their seats still free (alike rounds, comparable medians)."""
    groups = ROUNDS + 1
    return [
        booking_requests(roomy[n::groups], hot[n::groups], tokens, WARM_UP if n == 0 else REQUESTS)
        for n in range(groups)
    ]


def run_rounds(port: int, loads: list[list], healthz_load: list) -> tuple[list, list[Round]]:
    """Warm-up, then ``ROUNDS`` alternating booking and healthz storms of ``REQUESTS`` each."""
    body = json.dumps({"seats": 1}).encode()
    warm_answers, _, _ = storm(port, "POST", loads[0], body)
    storm(port, "GET", healthz_load[:WARM_UP], None)
    rounds = []
    for part in loads[1:]:
        answers, wall, client_cpu = storm(port, "POST", part, body)
        floor, floor_wall, floor_cpu = storm(port, "GET", healthz_load[:REQUESTS], None)
        rounds.append(Round(answers, wall, client_cpu, floor, floor_wall, floor_cpu))
    return warm_answers, rounds


def main() -> None:
    admin = os.environ.get("BENCH_DATABASE_URL") or LOCAL_POSTGRES
    if not admin.startswith("postgresql") or postgres_reachable.main(admin) != 0:
        shown = make_url(admin).render_as_string(hide_password=True)
        print(f"booking storm NOT RUN: it needs PostgreSQL, and none answers at {shown}")
        return
    os.environ["TEST_DATABASE_URL"] = admin
    with fresh_database("bench_storm") as url:
        upgrade_database(url)
        started = time.perf_counter()
        roomy, hot, tokens = build_network(url)
        built = time.perf_counter() - started
        print(
            f"database: postgresql, {SESSION_COUNT} sessions of free workshops "
            f"({HOT_SESSIONS} popular ones of {HOT_CAPACITY} seats, the rest of {CAPACITY}), "
            f"{USER_COUNT} people with a token each (built in {built:.1f} s)"
        )
        loads = round_loads(roomy, hot, tokens)
        healthz_load = [("/healthz", {})] * max(WARM_UP, REQUESTS)
        first_uses = (
            len({headers["Authorization"] for load in loads for _path, headers in load})
            - len({headers["Authorization"] for _path, headers in loads[0]})
            if FRESH_TOKENS
            else 0
        )
        port = free_port()
        server = start_server(url, port, workers=WORKERS)
        load_average = os.getloadavg()[0]
        try:
            warm_answers, rounds = run_rounds(port, loads, healthz_load)
            rss = max(peak_rss_mb(pid) for pid in worker_pids(server.pid))
        finally:
            stop_server(server)
        wrong, confirmed = oversold(url)
    report(rounds, first_uses, load_average)
    print(f"workers' peak resident memory: {rss:.1f} MB (largest of {WORKERS})")
    all_created = sum(answer.status == 201 for answer in warm_answers) + sum(
        answer.status == 201 for each in rounds for answer in each.answers
    )
    print(
        f"confirmed bookings in the database: {confirmed} "
        f"({'=' if confirmed == all_created else '!='} {all_created} answers 201)"
    )
    if wrong:
        print("oversell: seats_taken wrong in these sessions (id, capacity, taken, recounted):")
        for row in wrong:
            print(f"  {tuple(row)}")
    else:
        print("oversell: none (every session's seats_taken = its confirmed seats <= capacity)")
    sys.stdout.flush()


def report(rounds: list[Round], first_uses: int, load_average: float) -> None:
    """Each round's lines, then the medians the targets are judged on."""
    print(
        f"{CLIENTS} client threads, {WORKERS} gunicorn sync workers, {os.cpu_count()} CPUs "
        f"(clients, workers and PostgreSQL share them; load average {load_average:.1f} "
        f"before the storm); {WARM_UP} warm-up requests first; server time from Server-Timing; "
        f"{ROUNDS} rounds of {REQUESTS} bookings then {REQUESTS} healthz requests"
    )
    print(
        f"{first_uses} bookings are their token's first use of the hour "
        "(which also records last_used_at; BENCH_FRESH_TOKENS=1 makes every token new)"
    )
    for n, each in enumerate(rounds, 1):
        print(f"round {n}:")
        describe("bookings", each.answers, each.wall, each.client_cpu)
        describe("healthz", each.floor, each.floor_wall, each.floor_cpu)
        answers = each.answers
        created = sum(answer.status == 201 for answer in answers)
        sold_out = sum(answer.status == 409 and answer.code == "sold_out" for answer in answers)
        other_409 = sum(answer.status == 409 and answer.code != "sold_out" for answer in answers)
        failed = sum(answer.status >= 500 for answer in answers)
        unanswered = sum(answer.status == 0 for answer in answers)
        others = len(answers) - created - sold_out - other_409 - failed - unanswered
        print(
            f"  answers: 201 {created}, 409 sold_out {sold_out}, 409 other {other_409}, "
            f"5xx {failed}, no answer {unanswered}, other {others}; "
            f"booking cost / healthz cost {each.floor_rate / each.booking_rate:.1f}x"
        )
        if any(answer.status != 200 for answer in each.floor):
            print(f"  healthz: {sum(a.status != 200 for a in each.floor)} answers other than 200")
    created_rate = statistics.median(each.created_rate for each in rounds)
    p99 = statistics.median(each.p99 for each in rounds)
    ratio = statistics.median(each.floor_rate / each.booking_rate for each in rounds)
    print(
        f"medians of {len(rounds)} rounds: successful bookings {created_rate:.1f}/s; "
        f"booking requests {statistics.median(each.booking_rate for each in rounds):.1f}/s; "
        f"healthz {statistics.median(each.floor_rate for each in rounds):.1f}/s; "
        f"client p99 {p99:.1f} ms; cost ratio {ratio:.1f}x"
    )
    print(
        f"targets: bookings/s >= {TARGET_BOOKINGS_PER_SECOND} "
        f"{'met' if created_rate >= TARGET_BOOKINGS_PER_SECOND else 'MISSED'}; "
        f"client p99 < {TARGET_P99_MS} ms {'met' if p99 < TARGET_P99_MS else 'MISSED'}; "
        f"booking cost / healthz cost {ratio:.1f}x (<= {TARGET_COST_RATIO:.0f}x "
        f"{'met' if ratio <= TARGET_COST_RATIO else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
