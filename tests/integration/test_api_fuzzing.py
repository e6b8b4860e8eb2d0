"""The API against its own OpenAPI document, fuzzed (issue 15, item 15): schemathesis runs every
check but positive-data acceptance (the document cannot promise that any valid-looking booking
is accepted) against a served instance with the demo network and an admin's token, with a
fixed seed, and must find nothing in at least 2,000 generated requests."""

import logging
import re
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.cli import upgrade_database
from app.database import db
from bookings import accounts
from demo.seed import seed_demo
from models import User
from tests.databases import fresh_database

#: One pass (the SQLite one) runs this file: the API against its own document: status codes, shapes
#: and headers, decided in Python; the booking rules under it are proven on both databases by the
#: API and use-case tests.
pytestmark = pytest.mark.once

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served_api():
    """The demo network served on 127.0.0.1 (rate limits off: the fuzzer is one busy client),
    and an admin's bearer token; placed after many other tokens, so that the fuzzer revoking
    "its own" token by a guessed id is unlikely to end the run's authentication."""
    port = _free_port()
    with fresh_database("fuzzing") as url:
        upgrade_database(url)
        app = create_app(
            {
                "DATABASE_URL": url,
                "RATELIMIT_ENABLED": False,
                "PUBLIC_URL": f"http://127.0.0.1:{port}",
                "EVENTS_INLINE": False,
            }
        )
        with app.app_context(), db.new_session() as session:
            seed_demo(session, now=datetime.now(UTC))
            admin = accounts.register(
                session,
                email="fuzz@example.com",
                password="ceramic wheels turn slowly",
                name="Admin",
            )
            session.get_one(User, admin.id).is_admin = True
            session.commit()
            for n in range(accounts.MAX_LIVE_TOKENS - 1):
                accounts.issue_token(session, admin.id, label=f"spare {n}")
            secret = accounts.issue_token(session, admin.id, label="fuzzing").secret
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # thousands of requests
        server = make_server("127.0.0.1", port, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{port}", secret
        finally:
            server.shutdown()
            thread.join(timeout=10)
            db._state(app).engine.dispose()


def _schemathesis(base: str, secret: str, cwd: Path, *selection: str) -> tuple[int, str]:
    """One run; the number of requests it generated and what it printed."""
    done = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{base}/api/v1/openapi.json",
            "--exclude-checks",
            "positive_data_acceptance",
            "--header",
            f"Authorization: Bearer {secret}",
            "--max-examples",
            "50",
            "--seed",
            "15",
            "--workers",
            "1",
            "--request-timeout",
            "20",
            "--no-color",
            *selection,
        ],
        capture_output=True,
        text=True,
        timeout=1500,
        cwd=cwd,
    )
    out = done.stdout + done.stderr
    generated = re.search(r"(\d+) generated", out)
    assert generated, out[-3000:]
    failures = out.split("FAILURES")[-1].split("WARNINGS")[0] if "FAILURES" in out else ""
    assert done.returncode == 0 and not failures, failures[-8000:] or out[-3000:]
    return int(generated.group(1)), out


@pytest.mark.slow
@pytest.mark.timeout(1800)  # two fuzzing runs on a loaded machine
def test_schemathesis_finds_nothing_in_two_thousand_requests(served_api, tmp_path):
    base, secret = served_api
    # Revoking a token ends the run's own authentication: that operation runs last, alone.
    everything_else, _ = _schemathesis(
        base, secret, tmp_path, "--exclude-path", "/me/tokens/{token_id}"
    )
    revoking, _ = _schemathesis(base, secret, tmp_path, "--include-path", "/me/tokens/{token_id}")
    assert everything_else + revoking >= 2000
