"""A real gunicorn serving the app on 127.0.0.1, for the benchmarks, and its workers' memory."""

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.cli import upgrade_database
from tests.databases import fresh_database

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, port: int, *, workers: int) -> subprocess.Popen:
    """gunicorn with ``workers`` sync workers on ``url``'s database, once /healthz answers 200.

    Rate limits are off (benchmarks only); the server runs in its own process group.
    """
    env = os.environ | {
        "DATABASE_URL": url,
        "RATELIMIT_ENABLED": "false",
        "APP_ENV": "development",  # the demo payment provider; production is the default
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret"),
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "app:create_app()",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (the whole process group)."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def bench_database(label: str) -> Iterator[str]:
    """A fresh, migrated database for one benchmark: on ``BENCH_DATABASE_URL``'s PostgreSQL
    server if set, else an SQLite file; dropped afterwards."""
    admin = os.environ.get("BENCH_DATABASE_URL")
    if admin:
        os.environ["TEST_DATABASE_URL"] = admin
    else:
        os.environ.pop("TEST_DATABASE_URL", None)
    with fresh_database(label) as url:
        upgrade_database(url)
        yield url
