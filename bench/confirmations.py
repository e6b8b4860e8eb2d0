"""From a booking's 201 to its confirmation accepted by an SMTP server, at the storm's load.

A throwaway PostgreSQL database (also the queue), gunicorn with 4 sync workers, two
``flask --app app jobs worker`` processes (procrastinate) and a real SMTP server (aiosmtpd, in
this process) on 127.0.0.1. 32 clients book free sessions as fast as they can, each person
once; the time of each 201 and of the SMTP server's acceptance of that person's confirmation are
read on this process's monotonic clock. Prints the bookings' throughput and the p50, p95, p99 and
largest delay, for each of three storms (``BENCH_CONFIRMATION_RUNS``), then the median p95.
Target (the issue's): p95 <= 2 s. Figures only, no assertions.

    make bench
    .venv/bin/python -m bench.confirmations
"""

import http.client
import itertools
import os
import random
import statistics
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.cli import upgrade_database
from bench.bookings import CLIENTS, LOCAL_POSTGRES, USER_COUNT, build_network
from bench.server import free_port, start_server, stop_server
from tests import postgres_reachable
from tests.databases import fresh_database
from tests.stress import servers

BOOKINGS = int(os.environ.get("BENCH_CONFIRMATIONS", "1500"))
#: Storms run, each on a fresh database; the target is judged on their median p95.
RUNS = int(os.environ.get("BENCH_CONFIRMATION_RUNS", "3"))
WORKERS = 2
TARGET_P95_S = 2.0
PATIENCE = 300.0


class Arrivals:
    """The SMTP server's handler: when each recipient's message was accepted."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.at: dict[str, list[float]] = {}

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook)
        now = time.monotonic()
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.at.setdefault(recipient, []).append(now)
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return sum(len(times) for times in self.at.values())


def book(port: int, requests: list[tuple[str, str, str]]) -> tuple[dict[str, float], float, int]:
    """Each (email, path, token) booked from CLIENTS threads; the 201s' times by email."""
    answered: dict[str, float] = {}
    refused = 0
    lock = threading.Lock()
    following = itertools.count()
    start = threading.Barrier(CLIENTS + 1)

    def client() -> None:
        nonlocal refused
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start.wait()
        while (index := next(following)) < len(requests):
            email, path, token = requests[index]
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            try:
                connection.request("POST", path, body=b'{"seats": 1}', headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                with lock:
                    refused += 1
                continue
            with lock:
                if response.status == 201:
                    answered[email] = time.monotonic()
                else:
                    refused += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return answered, time.perf_counter() - began, refused


def main() -> None:
    admin = os.environ.get("BENCH_DATABASE_URL") or LOCAL_POSTGRES
    if not admin.startswith("postgresql") or postgres_reachable.main(admin) != 0:
        shown = make_url(admin).render_as_string(hide_password=True)
        print(f"confirmation delay NOT RUN: it needs PostgreSQL, and none answers at {shown}")
        return
    os.environ["TEST_DATABASE_URL"] = admin
    p95s = []
    for n in range(1, RUNS + 1):
        print(f"run {n} of {RUNS}:")
        p95s.append(run_once())
    p95 = statistics.median(p95s)
    print(
        f"median p95 of {RUNS} runs: {p95:.2f} s; "
        f"target: p95 <= {TARGET_P95_S:g} s {'met' if p95 <= TARGET_P95_S else 'MISSED'}"
    )


def run_once() -> float:
    """One storm on a database of its own, with its own workers; prints its figures and returns
    its p95 in seconds."""
    arrivals = Arrivals()
    smtp_port = free_port()
    sink = Controller(arrivals, hostname="127.0.0.1", port=smtp_port)
    sink.start()
    logs = Path(os.environ.get("BENCH_LOGS", "/tmp")) / f"bench-confirmations-{os.getpid()}"
    logs.mkdir(parents=True, exist_ok=True)
    with fresh_database("bench_mail") as url:
        upgrade_database(url)
        roomy, _hot, tokens = build_network(url)
        rng = random.Random(17)
        people = rng.sample(range(USER_COUNT), min(BOOKINGS, USER_COUNT))
        requests = [
            (
                f"storm{person}@bench.example",
                f"/api/v1/sessions/{rng.choice(roomy)}/bookings",
                tokens[person],
            )
            for person in people
        ]
        os.environ.update(
            DATABASE_URL=url,
            QUEUE_ENGINE="procrastinate",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(smtp_port),
            MAIL_USE_TLS="false",
            MAIL_OUTBOX_DIR=str(logs / "outbox"),
            RATELIMIT_ENABLED="false",
            SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret"),
        )
        workers = [
            servers.start_worker(dict(os.environ), logs / f"worker-{n}.log", name=f"bench-{n}")
            for n in range(WORKERS)
        ]
        port = free_port()
        server = start_server(url, port, workers=4)
        try:
            answered, wall, refused = book(port, requests)
            servers.wait_until(
                lambda: arrivals.count() >= len(answered),
                seconds=PATIENCE,
                what="every confirmation",
            )
        finally:
            stop_server(server)
            for worker in workers:
                servers.stop(worker)
            sink.stop()
        waits = _engine_waits(url)
    delays = [arrivals.at[email][0] - at for email, at in answered.items() if email in arrivals.at]
    twice = sum(len(times) > 1 for times in arrivals.at.values())
    quantiles = statistics.quantiles(delays, n=100, method="inclusive")
    p95 = quantiles[94]
    print(
        f"  {len(answered)} bookings (201) in {wall:.1f} s ({len(answered) / wall:.1f}/s) from "
        f"{CLIENTS} clients, 4 gunicorn workers, {WORKERS} queue workers; {refused} not 201"
    )
    print(
        f"  201 -> confirmation accepted by the SMTP server: p50 {quantiles[49]:.2f} s, "
        f"p95 {p95:.2f} s, p99 {quantiles[98]:.2f} s, max {max(delays):.2f} s; "
        f"{len(answered) - len(delays)} never arrived, {twice} arrived twice"
    )
    for task, jobs, p50, p95_wait, p50_run in waits:
        print(
            f"  {task}: {jobs} jobs, deferred -> started p50 {p50 * 1000:.0f} ms, "
            f"p95 {p95_wait * 1000:.0f} ms; started -> done p50 {p50_run * 1000:.0f} ms"
        )
    return p95


def _engine_waits(url: str) -> list:
    """Per task, from the engine's own events: how long jobs waited for a worker, and ran."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT j.task_name, count(*), "
                "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.at - d.at)), "
                "percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM s.at - d.at)), "
                "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.at - s.at)) "
                "FROM procrastinate_jobs j "
                "JOIN procrastinate_events d ON d.job_id = j.id AND d.type = 'deferred' "
                "JOIN procrastinate_events s ON s.job_id = j.id AND s.type = 'started' "
                "JOIN procrastinate_events f ON f.job_id = j.id AND f.type = 'succeeded' "
                "WHERE j.queue_name <> 'periodic' GROUP BY j.task_name ORDER BY j.task_name"
            )
        ).all()
    engine.dispose()
    return rows


if __name__ == "__main__":
    main()
