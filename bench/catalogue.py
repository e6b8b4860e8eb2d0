"""Catalogue benchmark: 120 spaces and 10,000 sessions behind a real gunicorn worker.

Prints the median and p95 server time (the app's ``Server-Timing``) of the listing page, of
``/api/v1/sessions`` and of a bare ``/healthz`` (the floor), each also as a ratio to the floor,
and the worker's peak resident memory. Targets: listing page within 5x the floor, API within 3x,
peak RSS under 150 MB. Figures only, no assertions.

    make bench                       # SQLite
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres make bench
"""

import http.client
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from bench.server import (
    bench_database,
    free_port,
    peak_rss_mb,
    start_server,
    stop_server,
    worker_pids,
)
from demo import seed as demo
from models import WorkshopSession

ROOT = Path(__file__).resolve().parent.parent
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SPACE_COUNT = 120
SESSION_COUNT = 10_000
WARM_UP = 30
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))

#: (label, path, target ratio to the floor or None): the targets are the issue's, for the plain
#: listing page and API; searches and a 100-item page are shown for information.
TARGETS = [
    ("floor: GET /healthz", "/healthz", None),
    ("listing page /sessions", "/sessions", 5.0),
    ("API /api/v1/sessions", "/api/v1/sessions", 3.0),
    ("page search /sessions?q=gom&available=true", "/sessions?q=gom&available=true", None),
    ("API search /api/v1/sessions?q=in+lua", "/api/v1/sessions?q=in+lua", None),
    ("API 100 items /api/v1/sessions?limit=100", "/api/v1/sessions?limit=100", None),
]


def build_network(url: str) -> None:
    """120 spaces (the demo's 82 and copies), workshops from the demo templates, 10,000 sessions."""
    rng = random.Random(7)  # noqa: S311
    now = datetime.now(UTC)
    engine = create_engine(url)
    with Session(engine) as db:
        workshops = []
        for n in range(SPACE_COUNT):
            entry = demo.spaces()[n % len(demo.spaces())]
            space = demo.space_from(
                entry,
                slug=f"{entry['slug']}-{n}",
                certificate_number=None,
                is_demo=False,
                name=entry["name"] if n < len(demo.spaces()) else f"{entry['name']} {n}",
            )
            db.add(space)
            for template in rng.sample(demo.workshops(), 3):
                workshops.append(
                    demo.workshop_from(
                        template,
                        space,
                        price=template["price"],
                        capacity=template["capacity"],
                        duration_minutes=template["duration_minutes"],
                    )
                )
        db.add_all(workshops)
        today = now.astimezone(HANOI).date()
        for n in range(SESSION_COUNT):
            workshop = workshops[n % len(workshops)]
            day = today + timedelta(days=1 + rng.randrange(60))
            starts = datetime.combine(day, clock(rng.choice([9, 14, 18]), 30), HANOI)
            db.add(
                WorkshopSession(
                    workshop=workshop,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=workshop.duration_minutes),
                    capacity=workshop.capacity,
                    seats_taken=rng.randint(0, workshop.capacity),
                )
            )
        db.commit()
    with engine.connect() as connection:  # fresh statistics, as a live database would have
        connection.execute(text("ANALYZE"))
        connection.commit()
    engine.dispose()


def server_times(port: int, paths: list[str]) -> dict[str, list[float]]:
    """Server-side milliseconds per path, requests interleaved round-robin over one keep-alive
    connection, so that drift in the machine's speed touches every path alike."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings: dict[str, list[float]] = {path: [] for path in paths}
    for round_number in range(WARM_UP + REQUESTS):
        for path in paths:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")
            if round_number >= WARM_UP:
                timing = response.getheader("Server-Timing")
                timings[path].append(float(timing.split("dur=")[1]))
    connection.close()
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> None:
    with bench_database("bench") as url:
        started = time.perf_counter()
        build_network(url)
        backend = url.split(":", 1)[0]
        print(
            f"database: {backend}, {SPACE_COUNT} spaces, {SESSION_COUNT} sessions "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        port = free_port()
        server = start_server(url, port, workers=1)
        try:
            by_path = server_times(port, [path for _label, path, _target in TARGETS])
            results = {label: by_path[path] for label, path, _target in TARGETS}
            (worker,) = worker_pids(server.pid)
            rss = peak_rss_mb(worker)
        finally:
            stop_server(server)
    floor_median = statistics.median(results[TARGETS[0][0]])
    floor_p95 = p95(results[TARGETS[0][0]])
    print(
        f"{REQUESTS} requests per endpoint, interleaved, after {WARM_UP} warm-up rounds; "
        "one gunicorn sync worker; server time from its Server-Timing header"
    )
    print(f"{'endpoint':48} {'median ms':>10} {'p95 ms':>8} {'x floor (median/p95)':>22} target")
    for label, _path, target in TARGETS:
        values = results[label]
        median, high = statistics.median(values), p95(values)
        ratio = f"{median / floor_median:5.1f} / {high / floor_p95:5.1f}"
        verdict = (
            ""
            if target is None
            else (f"<= {target:.0f}x {'met' if median / floor_median <= target else 'MISSED'}")
        )
        print(f"{label:48} {median:10.2f} {high:8.2f} {ratio:>22} {verdict}")
    print(
        f"worker peak resident memory: {rss:.1f} MB (target < 150 MB: "
        f"{'met' if rss < 150 else 'MISSED'})"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
