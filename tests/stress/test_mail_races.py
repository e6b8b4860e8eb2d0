"""Two ``flask --app app jobs run`` processes at the same moment, one PostgreSQL database, one
SMTP server: every reminder (and every confirmation) arrives exactly once.

Both processes find the same due reminders and undelivered events; the unique dedupe key lets
one of them queue each message, and the claim (a lease taken by an UPDATE only one process can
win) lets one of them send it.
"""

import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from app.cli import upgrade_database
from bookings import seats
from bookings.seats.policy import DEFAULT_HOLD
from models import OutboundMessage, Space, User, Workshop, WorkshopSession
from tests.databases import domain_session, fresh_database
from tests.smtp_server import SmtpServer

pytestmark = pytest.mark.postgres_only

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 30


@pytest.fixture(scope="module")
def mail_url():
    with fresh_database("mail") as url:
        upgrade_database(url)
        yield url


def _seed(url: str) -> list[int]:
    """PEOPLE confirmed bookings in sessions that start within the day: all due a reminder."""
    engine = create_engine(url)
    now = datetime.now(UTC)
    try:
        with domain_session(engine, expire_on_commit=False) as db:
            space = Space(
                slug="race-space",
                name="Không gian đua",
                kind="art-space",
                district="hoan-kiem",
                address="1 Hàng Bạc",
            )
            workshop = Workshop(
                space=space,
                title="In lụa",
                title_en="Screen printing",
                discipline="printmaking",
                price=0,
                capacity=50,
                duration_minutes=90,
            )
            sittings = [
                WorkshopSession(
                    workshop=workshop,
                    starts_at=now + timedelta(hours=hours),
                    ends_at=now + timedelta(hours=hours, minutes=90),
                    capacity=50,
                )
                for hours in (3, 12, 20)
            ]
            people = [
                User(
                    email=f"racer{n}@example.com",
                    name=f"Racer {n}",
                    password_hash="!",
                    session_key="k",
                    locale="vi" if n % 2 else "en",
                )
                for n in range(PEOPLE)
            ]
            db.add_all([space, workshop, *sittings, *people])
            db.commit()
            booking_ids = []
            booked = now - timedelta(hours=3)
            for n, person in enumerate(people):
                sitting = sittings[n % len(sittings)]
                booking = seats.book_seats(  # booked a while ago
                    db,
                    session_id=sitting.id,
                    user_id=person.id,
                    seats=1,
                    now=booked,
                    gateway="demo",
                    hold=DEFAULT_HOLD,
                )
                booking_ids.append(booking.id)
            return booking_ids
    finally:
        engine.dispose()


def _jobs_run(url: str, port: int, outbox: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_USE_TLS": "false",
        "MAIL_OUTBOX_DIR": str(outbox),
        "SECRET_KEY": "test-secret-key-not-for-production",
        "RATELIMIT_ENABLED": "false",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "jobs", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_job_runs_at_the_same_moment_send_every_reminder_once(mail_url, tmp_path):
    booking_ids = _seed(mail_url)
    with SmtpServer() as smtp:
        runs = [_jobs_run(mail_url, smtp.port, tmp_path) for _ in range(2)]
        outputs = [run.communicate(timeout=180) for run in runs]
        sent = []
        for run, (out, err) in zip(runs, outputs, strict=True):
            assert run.returncode == 0, err
            sent.append(int(out.rsplit("sent ", 1)[1].split()[0]))
        assert sum(sent) == 2 * PEOPLE, outputs  # between them, each message once
        print("messages sent by each process:", sent)
        # A later run finds nothing left to send
        later = _jobs_run(mail_url, smtp.port, tmp_path)
        out, err = later.communicate(timeout=180)
        assert later.returncode == 0, err
        assert "queued 0 scheduled messages; sent 0 messages" in out, out
        messages = smtp.messages

    reminders = [m for m in messages if m["Subject"].startswith(("Ngày mai", "Tomorrow"))]
    confirmations = [m for m in messages if m not in reminders]
    assert len(reminders) == PEOPLE
    assert Counter(m["To"] for m in reminders) == Counter(
        f"racer{n}@example.com" for n in range(PEOPLE)
    )
    assert len(confirmations) == PEOPLE
    message_ids = Counter(m["Message-ID"] for m in messages)
    assert max(message_ids.values()) == 1

    engine = create_engine(mail_url)
    try:
        with domain_session(engine) as db:
            statuses = dict(
                db.execute(
                    select(OutboundMessage.status, func.count()).group_by(OutboundMessage.status)
                ).all()
            )
            assert statuses == {"sent": 2 * len(booking_ids)}
            attempts = db.scalars(select(OutboundMessage.attempts)).all()
            assert set(attempts) == {1}
    finally:
        engine.dispose()
