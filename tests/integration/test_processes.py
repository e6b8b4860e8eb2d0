"""The long-running commands of shared/API.md, run as an operator runs them: `make run` on its
PORT, the WSGI entry point under gunicorn, and `jobs worker` until SIGTERM.

Each runs as a process group of its own on 127.0.0.1, on a database of its own, and is stopped
by its group id; waits are polls with a deadline.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from app.cli import upgrade_database
from bookings import seats
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, Space, User, Workshop, WorkshopSession
from tests.databases import domain_session, fresh_database

#: One pass (the SQLite one) runs this file: processes as an operator runs them: ports, signals,
#: rounds, exit statuses; the work of a round is proven on both databases by the use-case and queue
#: tests.
pytestmark = [pytest.mark.once, pytest.mark.slow]  # each test starts processes

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _poll(check: Callable[[], object], *, seconds: float, what: str, process=None):
    """``check()``'s first truthy answer within ``seconds`` (re-asked every 0.1 s)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = check()
        if answer:
            return answer
        if process is not None and process.poll() is not None:
            break
        time.sleep(0.1)
    raise AssertionError(f"{what} within {seconds} s")


def _get(port: int, path: str, *, timeout: float = 5) -> tuple[int, bytes] | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return None
    finally:
        connection.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen, *, seconds: float = 20) -> int:
    """SIGTERM to the process's group; its exit status (SIGKILL after ``seconds``)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            raise AssertionError(f"still running {seconds} s after SIGTERM") from None
    return process.returncode


@pytest.fixture
def own_database(tmp_path):
    with fresh_database("process") as url:
        upgrade_database(url)
        yield url


def _environment(url: str, tmp_path: Path, **more: str) -> dict:
    return os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": "process-test-secret-key",
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        **more,
    }


def test_make_run_serves_the_demo_network_on_port(own_database, tmp_path):
    port = _free_port()
    log = tmp_path / "make-run.log"
    env = _environment(own_database, tmp_path, PORT=str(port))
    # The suite installed the project already: make leaves the installation and the compiled
    # catalogues alone (tests in other processes may be reading them), and does the rest.
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", "-o", "translations"]
    process = _start([*command, "run"], env, log)
    try:
        status, body = _poll(
            lambda: _get(port, "/api/v1/spaces?limit=1"),
            seconds=120,
            what=f"make run did not answer on port {port}:\n{log.read_text()}",
            process=process,
        )
        assert status == 200 and json.loads(body)["items"]  # the demo network was loaded
        assert _get(port, "/healthz") == (200, b'{"status":"ok"}\n')
    finally:
        _stop(process)


def test_gunicorn_serves_the_app_factory(own_database, tmp_path):
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "app:create_app()"]
    process = _start(command, _environment(own_database, tmp_path), log)
    try:
        answer = _poll(
            lambda: _get(port, "/healthz"),
            seconds=60,
            what=f"gunicorn did not answer:\n{log.read_text()}",
            process=process,
        )
        assert answer == (200, b'{"status":"ok"}\n')
        assert _get(port, "/api/v1/spaces")[0] == 200
    finally:
        assert _stop(process) == 0, log.read_text()


def _overdue_hold(url: str) -> int:
    """A card booking whose seats were held until an hour ago; its id."""
    engine = create_engine(url)
    started = datetime.now(UTC) - timedelta(hours=2)
    with domain_session(engine, expire_on_commit=False) as db:
        person = User(
            email="worker@example.com", name="Lan", password_hash="x", session_key="worker"
        )
        space = Space(
            slug="worker-space", name="Xưởng", kind="art-space", district="hoan-kiem", address="1"
        )
        workshop = Workshop(
            space=space,
            title="Gốm",
            discipline="ceramics",
            price=200_000,
            capacity=4,
            duration_minutes=60,
        )
        sitting = WorkshopSession(
            workshop=workshop,
            starts_at=started + timedelta(days=3),
            ends_at=started + timedelta(days=3, hours=1),
            capacity=4,
        )
        db.add_all([person, sitting])
        db.commit()
        held = seats.book_seats(
            db,
            session_id=sitting.id,
            user_id=person.id,
            seats=2,
            payment="card",
            now=started,
            gateway="demo",
            hold=DEFAULT_HOLD,
        )
        assert held.status == "pending_payment" and held.hold_expires_at < datetime.now(UTC)
    engine.dispose()
    return held.id


def _status_of(url: str, booking_id: int) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(Booking.status).where(Booking.id == booking_id))
    finally:
        engine.dispose()


def test_jobs_worker_works_in_rounds_until_sigterm_then_exits_cleanly(own_database, tmp_path):
    """A round releases the overdue hold; SIGTERM during the 60-second pause ends the worker at
    once, with status 0 and its output flushed (a process killed by the signal has neither)."""
    booking_id = _overdue_hold(own_database)
    log = tmp_path / "worker.log"
    command = [sys.executable, "-m", "flask", "--app", "app", "jobs", "worker", "--interval", "60"]
    process = _start(command, _environment(own_database, tmp_path), log)
    try:
        _poll(
            lambda: _status_of(own_database, booking_id) == "expired",
            seconds=60,
            what=f"the worker did not release the overdue hold:\n{log.read_text()}",
            process=process,
        )
        _poll(
            lambda: "released 1 holds" in log.read_text() or process.poll() is not None,
            seconds=30,
            what="the round did not end",
        )
        stopped_at = time.monotonic()
        status = _stop(process, seconds=20)
        assert time.monotonic() - stopped_at < 15, "the worker finished its pause first"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    output = log.read_text()
    assert status == 0, output
    assert "released 1 holds and offers" in output
    assert "worker stopped after 1 rounds" in output


def test_jobs_worker_rounds_are_bounded(own_database, tmp_path):
    command = [sys.executable, "-m", "flask", "--app", "app", "jobs", "worker"]
    done = subprocess.run(
        [*command, "--interval", "0", "--rounds", "3"],
        cwd=ROOT,
        env=_environment(own_database, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("released 0 holds and offers") == 3
    assert "worker stopped after 3 rounds" in done.stdout


def test_the_development_server_does_the_background_work_itself(own_database, tmp_path):
    """The embedded mode (``make run``): nothing runs besides ``flask run``, and its worker
    thread still releases an overdue hold within seconds."""
    booking_id = _overdue_hold(own_database)
    port = _free_port()
    log = tmp_path / "flask-run.log"
    command = [sys.executable, "-m", "flask", "--app", "app", "run", "--port", str(port)]
    process = _start(command, _environment(own_database, tmp_path, QUEUE_ENGINE="embedded"), log)
    try:
        _poll(
            lambda: _status_of(own_database, booking_id) == "expired",
            seconds=60,
            what=f"the development server did not release the overdue hold:\n{log.read_text()}",
            process=process,
        )
        assert "Embedded worker" in log.read_text()
    finally:
        _stop(process)


def _metrics(port: int, token: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        connection.request("GET", "/metrics", headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def _sample(exposition: str, name: str, **labels: str) -> float:
    """The value of one sample of a Prometheus text exposition (0 when absent)."""
    from prometheus_client.parser import text_string_to_metric_families

    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


def _per_worker(metrics_dir: Path, scratch: Path, name: str, **labels: str) -> dict[int, float]:
    """One sample as each worker's own file holds it: {worker pid: value}."""
    from prometheus_client import CollectorRegistry, generate_latest
    from prometheus_client.multiprocess import MultiProcessCollector

    found = {}
    for file in sorted(metrics_dir.glob("counter_*.db")):
        alone = scratch / file.stem
        alone.mkdir(parents=True)
        (alone / file.name).write_bytes(file.read_bytes())
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(alone))
        found[int(file.stem.split("_")[1])] = _sample(
            generate_latest(registry).decode(), name, **labels
        )
    return found


def test_gunicorn_metrics_add_up_every_worker_and_ask_for_the_token(own_database, tmp_path):
    """Two gunicorn workers in production with PROMETHEUS_MULTIPROC_DIR: whichever worker
    answers /metrics reports the requests both served; a worker that dies keeps its count;
    /metrics wants the bearer token."""
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    token = "metrics-test-token"
    env = _environment(
        own_database,
        tmp_path,
        APP_ENV="production",
        PUBLIC_URL="https://spaces.example.org",
        METRICS_TOKEN=token,
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        RATELIMIT_ENABLED="false",
    )
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    command = [
        str(BIN / "gunicorn"),
        *("--workers", "2", "--bind", f"127.0.0.1:{port}", "app:create_app()"),
    ]
    process = _start(command, env, log)
    healthz = {"endpoint": "health.healthz", "method": "GET", "status": "200"}
    try:
        # Waits long enough for the workers to boot: no request is left behind and counted.
        _poll(
            lambda: _get(port, "/healthz", timeout=60),
            seconds=60,
            what=f"gunicorn did not answer:\n{log.read_text()}",
            process=process,
        )
        # Many connections at once, so that both workers answer some.
        served = 1
        for _round in range(20):
            with ThreadPoolExecutor(max_workers=8) as pool:
                answers = list(pool.map(lambda _n: _get(port, "/healthz"), range(16)))
            assert all(answer and answer[0] == 200 for answer in answers), answers
            served += len(answers)
            workers = _per_worker(
                metrics_dir, tmp_path / f"round-{_round}", "hcsn_http_requests_total", **healthz
            )
            if len([count for count in workers.values() if count > 0]) >= 2:
                break
        assert len([count for count in workers.values() if count > 0]) == 2, workers
        assert sum(workers.values()) == served

        assert _metrics(port, "")[0] == 401
        assert _metrics(port, "not-the-token")[0] == 401
        for _scrape in range(6):  # whichever worker answers, it adds up both
            status, exposition = _metrics(port, token)
            assert status == 200
            assert _sample(exposition, "hcsn_http_requests_total", **healthz) == served
            assert (
                _sample(
                    exposition,
                    "hcsn_http_request_duration_seconds_count",
                    endpoint="health.healthz",
                    method="GET",
                )
                == served
            )

        # A worker killed outright: gunicorn starts another, and its requests still count.
        victim = next(pid for pid, count in workers.items() if count > 0)
        os.kill(victim, signal.SIGKILL)
        assert _get(port, "/healthz")[0] == 200  # the other worker answers
        _poll(
            lambda: log.read_text().count("Booting worker with pid") == 3,
            seconds=30,
            what=f"gunicorn starting a worker in place of the dead one:\n{log.read_text()}",
        )
        status, exposition = _metrics(port, token)
        assert status == 200
        assert _sample(exposition, "hcsn_http_requests_total", **healthz) == served + 1
    finally:
        assert _stop(process) == 0, log.read_text()
