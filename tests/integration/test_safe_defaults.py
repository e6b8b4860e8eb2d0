"""Safe by default (issue 15, items 6-9): a server started as documented is a production one,
public links come from PUBLIC_URL and never from the Host header, calendar UIDs carry this
deployment's host while the old ones stay, and production behind a TLS proxy keeps its cookies
Secure and sends HSTS."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from app.cli import alembic_config, upgrade_database
from models import Space, Workshop, WorkshopSession
from tests.databases import fresh_database

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "SECRET_KEY": "from-the-environment",
    "PUBLIC_URL": "https://book.example.vn",
    "STRIPE_SECRET_KEY": "sk_test_" + "x" * 24,
    "STRIPE_WEBHOOK_SECRET": "whsec_" + "y" * 24,
}

PROBE = """
from app import create_app
app = create_app({"DATABASE_URL": "sqlite://"})
client = app.test_client()
print(app.config["APP_ENV"], app.config["DEMO_PAYMENTS"])
print(type(app.extensions["bus"].context.gateway).__name__)
print(client.get("/dev/mail/").status_code)
answer = client.get("/login")
print(answer.headers.get("Strict-Transport-Security"))
print(answer.headers.get("Set-Cookie"))
"""


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("APP_ENV", "PUBLIC_URL", "SECRET_KEY", "DEMO_PAYMENTS")
        and not k.startswith("STRIPE_")
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


#: The two start-up checks below run in one pass (the SQLite one): a new process's configuration,
#: on a database of its own (in memory); the migration and the links below run on both.
START_UP = pytest.mark.once


@START_UP
@pytest.mark.slow
def test_a_server_started_as_documented_is_a_production_one():
    started = _run(PROBE, **PRODUCTION)
    assert started.returncode == 0, started.stderr
    env, gateway, dev_mail, hsts, cookie = started.stdout.splitlines()
    assert env == "production False" and gateway == "StripeGateway"
    assert dev_mail == "404"  # nobody reads the outbox of a production server
    # Behind a TLS proxy that forwards no scheme (PROXY_COUNT=0): HSTS and Secure cookies all
    # the same, because the public address is https.
    assert hsts.startswith("max-age=") and "Secure" in cookie


@START_UP
@pytest.mark.slow
def test_production_refuses_to_start_without_a_public_https_address():
    settings = {**PRODUCTION}
    del settings["PUBLIC_URL"]
    missing = _run("from app import create_app; create_app()", **settings)
    assert missing.returncode != 0 and "PUBLIC_URL must be set" in missing.stderr
    plain = _run("from app import create_app; create_app()", **settings, PUBLIC_URL="http://x.vn")
    assert plain.returncode != 0 and "https://" in plain.stderr
    proxies = _run("from app import create_app; create_app()", **PRODUCTION, PROXY_COUNT="one")
    assert proxies.returncode != 0 and "PROXY_COUNT" in proxies.stderr


def test_development_pages_answer_only_on_loopback(client):
    assert client.get("/dev/mail/").status_code == 200
    outside = client.get("/dev/mail/", environ_overrides={"REMOTE_ADDR": "10.1.2.3"})
    assert outside.status_code == 404


def test_existing_sessions_keep_their_calendar_uid_through_the_migration():
    with fresh_database("uids") as url:
        upgrade_database(url)
        engine = create_engine(url)
        with Session(engine) as session:
            space = Space(slug="s", name="S", kind="gallery", district="tay-ho", address="a")
            workshop = Workshop(
                space=space,
                title="Gốm",
                discipline="ceramics",
                price=0,
                capacity=4,
                duration_minutes=60,
            )
            start = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
            sitting = WorkshopSession(
                workshop=workshop, starts_at=start, ends_at=start + timedelta(hours=1), capacity=4
            )
            session.add(sitting)
            session.commit()
            session_id = sitting.id
        command.downgrade(alembic_config(url), "0011")  # as a deployment before the change
        command.upgrade(alembic_config(url), "head")
        with engine.connect() as connection:
            kept = connection.scalar(
                text("SELECT calendar_uid FROM workshop_sessions WHERE id = :id"),
                {"id": session_id},
            )
        engine.dispose()
        assert kept == f"session-{session_id}@hanoi-creative-spaces"


def test_calendar_uids_carry_the_public_host_and_kept_ones_stay(
    app, db, client, make_session, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://book.example.vn")
    new, old = make_session(), make_session()
    db.get_one(WorkshopSession, old.id).calendar_uid = f"session-{old.id}@hanoi-creative-spaces"
    db.commit()
    assert f"UID:session-{new.id}@book.example.vn" in client.get(f"/sessions/{new.id}.ics").text
    assert (
        f"UID:session-{old.id}@hanoi-creative-spaces" in client.get(f"/sessions/{old.id}.ics").text
    )


def test_public_links_never_come_from_the_host_header(
    app, db, client, make_session, make_user, bearer, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://book.example.vn")
    sitting = make_session()
    forged = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    found = client.get("/api/v1/sessions?limit=1", headers=forged).get_json()["items"][0]
    assert found["url"].startswith("https://book.example.vn/sessions/")
    assert found["ics_url"].startswith("https://book.example.vn/")
    space = client.get(f"/api/v1/spaces/{sitting.workshop.space.slug}", headers=forged)
    assert space.get_json()["url"].startswith("https://book.example.vn/")
    feed = client.get("/api/v1/me/calendar", headers=forged | bearer(make_user())).get_json()
    assert feed["url"].startswith("https://book.example.vn/calendar/")
    assert feed["webcal"].startswith("webcal://book.example.vn/calendar/")
    document = client.get("/api/v1/openapi.json", headers=forged).get_json()
    assert document["servers"] == [{"url": "https://book.example.vn/api/v1"}]
    ics = client.get(f"/sessions/{sitting.id}.ics", headers=forged).text
    assert "evil.example" not in ics and "book.example.vn/sessions/" in ics.replace("\r\n ", "")
