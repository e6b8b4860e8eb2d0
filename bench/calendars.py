"""Calendar feeds: the network feed with 5,000 sessions and a personal feed with 300 bookings.

Prints the median and p95 server time (``Server-Timing``) of each feed served by a real gunicorn
worker, and as the floor the time ``icalendar`` alone takes to build and serialise the same
events from data already in memory (no database, no HTTP). Target: each feed within 2x its
floor. Figures only, no assertions.

    make bench                       # SQLite
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres make bench
"""

import http.client
import os
import random
import secrets
import statistics
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bench.server import bench_database, free_port, start_server, stop_server
from bookings.catalogue import calendars
from demo import seed as demo
from models import Booking, User, WorkshopSession

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SESSIONS = 5_000
BOOKINGS = 300
REQUESTS = int(os.environ.get("BENCH_CALENDAR_REQUESTS", "30"))


def build(url: str) -> tuple[str, int]:
    """5,000 upcoming sessions over 40 spaces; one person with 300 bookings. Returns the
    person's feed token and id."""
    rng = random.Random(11)  # noqa: S311
    now = datetime.now(UTC)
    engine = create_engine(url)
    with Session(engine) as db:
        workshops = []
        for n in range(40):
            entry = demo.spaces()[n % len(demo.spaces())]
            space = demo.space_from(
                entry, slug=f"{entry['slug']}-{n}", certificate_number=None, is_demo=False
            )
            for template in rng.sample(demo.workshops(), 3):
                workshops.append(
                    demo.workshop_from(
                        template,
                        space,
                        price=0,
                        capacity=20,
                        duration_minutes=120,
                    )
                )
        db.add_all(workshops)
        sittings = []
        for n in range(SESSIONS):
            starts = now + timedelta(hours=2 + n * 0.4)
            sittings.append(
                WorkshopSession(
                    workshop=workshops[n % len(workshops)],
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    capacity=20,
                )
            )
        db.add_all(sittings)
        person = User(email="feed@bench.example", name="Feed", password_hash="!", session_key="k")
        db.add(person)
        db.flush()
        for n, sitting in enumerate(rng.sample(sittings, BOOKINGS)):
            sitting.seats_taken = 1
            db.add(
                Booking(
                    session=sitting,
                    user=person,
                    seats=1,
                    status="confirmed",
                    payment_method="free",
                    ticket_code=f"BENCH-{n:05d}",
                    confirmed_at=now,
                )
            )
        db.commit()
        result = person.calendar_token, person.id
    engine.dispose()
    return result


def server_times(port: int, path: str) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    timings = []
    for n in range(REQUESTS + 3):
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        if n >= 3:
            timings.append(float(response.getheader("Server-Timing").split("dur=")[1]))
    connection.close()
    return timings


def icalendar_alone(rows: list[dict]) -> float:
    """Milliseconds for icalendar to build and serialise the same events from plain values."""
    started = time.perf_counter()
    calendar = Calendar()
    calendar.add("prodid", "-//bench//")
    calendar.add("version", "2.0")
    for row in rows:
        event = Event()
        event.add("uid", f"session-{row['id']}@hanoi-creative-spaces")
        event.add("dtstamp", row["updated_at"])
        event.add("last-modified", row["updated_at"])
        event.add("created", row["created_at"])
        event.add("sequence", row["sequence"])
        event.add("dtstart", row["starts_at"].astimezone(HANOI))
        event.add("dtend", row["ends_at"].astimezone(HANOI))
        event.add("summary", row["title"])
        event.add("location", f"{row['space_name']}, {row['address']}")
        if row["latitude"] is not None:
            event.add("geo", (row["latitude"], row["longitude"]))
        event.add("url", f"http://127.0.0.1/sessions/{row['id']}")
        event.add("description", row["description"])
        organizer = vCalAddress("mailto:no-reply@example.com")
        organizer.params["cn"] = vText(row["space_name"])
        event.add("organizer", organizer)
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    calendar.to_ical()
    return (time.perf_counter() - started) * 1000


def floor_ms(rows) -> tuple[float, float]:
    plain = [row._asdict() for row in rows]
    runs = [icalendar_alone(plain) for _ in range(max(5, REQUESTS // 3))]
    return statistics.median(runs), statistics.quantiles(runs, n=20, method="inclusive")[18]


def main() -> None:
    with bench_database("bench_calendars") as url:
        started = time.perf_counter()
        token, person_id = build(url)
        engine = create_engine(url)
        with Session(engine) as db:
            now = datetime.now(UTC)
            network_rows = calendars.feed_rows(db, now=now)
            personal_rows = calendars.person_rows(db, person_id, now=now)
            assert db.scalar(select(User.id).where(User.calendar_token == token)) == person_id
        engine.dispose()
        print(
            f"database: {url.split(':', 1)[0]}, {SESSIONS} sessions, a person with {BOOKINGS}"
            f" bookings (built in {time.perf_counter() - started:.1f} s); {REQUESTS} requests"
            " each, one gunicorn worker; server time from Server-Timing"
        )
        port = free_port()
        server = start_server(url, port, workers=1)
        try:
            feeds = [
                (
                    f"network feed /calendar.ics ({len(network_rows)} events)",
                    "/calendar.ics",
                    network_rows,
                ),
                (
                    f"personal feed ({len(personal_rows)} events)",
                    f"/calendar/{token}.ics",
                    personal_rows,
                ),
            ]
            print(f"{'feed':48} {'median ms':>10} {'p95 ms':>8}   floor median/p95   x floor")
            for label, path, rows in feeds:
                times = server_times(port, path)
                median, p95 = (
                    statistics.median(times),
                    statistics.quantiles(times, n=20, method="inclusive")[18],
                )
                floor_median, floor_p95 = floor_ms(rows)
                ratio = median / floor_median
                verdict = "met" if ratio <= 2 else "MISSED"
                print(
                    f"{label:48} {median:10.1f} {p95:8.1f}   {floor_median:7.1f} /{floor_p95:7.1f}"
                    f"   {ratio:4.2f} (<= 2x {verdict})"
                )
        finally:
            stop_server(server)


if __name__ == "__main__":
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(16))
    main()
