"""App servers (gunicorn) and queue workers (``flask --app app jobs worker``) as process groups of
their own on 127.0.0.1, for tests and benchmarks that need several of them."""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def wait_until(check: Callable[[], object], *, seconds: float, what: str):
    """Poll ``check`` until it returns something true, for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {seconds:g} s waiting for {what}")
        time.sleep(0.05)


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as output:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped (or killed) as one
        )


def start_app_server(env: dict, log: Path, *, workers: int = 2) -> tuple[subprocess.Popen, int]:
    """gunicorn serving ``create_app()`` on a free port; (process, port) once /healthz says ok."""
    command = [
        str(BIN / "gunicorn"),
        *("--workers", str(workers), "--bind", "127.0.0.1:0", "--timeout", "120"),
        "app:create_app()",
    ]
    process = _start(command, env, log)

    def bound_port():
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped:\n{log.read_text()}")
        return int(found.group(1)) if found else None

    port = wait_until(bound_port, seconds=30, what="gunicorn's port")

    def healthy():
        try:
            return request(port, "GET", "/healthz")[0] == 200
        except OSError:
            return False

    wait_until(healthy, seconds=30, what="/healthz")
    return process, port


def start_worker(env: dict, log: Path, *, name: str, concurrency: int = 4) -> subprocess.Popen:
    command = [
        str(BIN / "flask"),
        *("--app", "app", "jobs", "worker", "--name", name, "--concurrency", str(concurrency)),
    ]
    return _start(command, env, log)


def stop(process: subprocess.Popen, *, seconds: float = 40) -> int:
    """SIGTERM to the process group, then SIGKILL if it outlives ``seconds``; its exit status."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=seconds)
    return process.returncode


def kill(process: subprocess.Popen) -> None:
    """SIGKILL to exactly this process group: nothing in it can clean up."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def request(
    port: int,
    method: str,
    path: str,
    body: dict | None = None,
    token: str = "",
    *,
    timeout: float = 60,
    headers: dict | None = None,
):
    """(status, parsed JSON body or text, headers) of one request on a connection of its own."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    try:
        connection.request(method, path, body=json.dumps(body) if body else None, headers=sent)
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = raw.decode(errors="replace")
    return response.status, answer, dict(response.getheaders())
