"""Readiness for operators (/healthz/ready) and Prometheus metrics (/metrics)."""

import re

import pytest

from tests.smtp_server import free_port


def _sample(text: str, name: str, **labels) -> float:
    """The value of one sample of the exposition text (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        found = re.match(r"^(\w+)(?:\{(.*)\})? (\S+)$", line)
        if not found or found.group(1) != name:
            continue
        have = ",".join(sorted((found.group(2) or "").split(","))) if found.group(2) else ""
        if have == wanted:
            return float(found.group(3))
    return 0.0


def test_ready_answers_the_database_the_queue_and_no_redis(client, make_user):
    make_user()  # a welcome message to send: an event whose time has come
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["redis"] == "not configured"
    queue = body["queue"]
    assert queue["engine"] == "embedded"
    assert queue["ready"] >= 1 and queue["oldest_ready_seconds"] >= 0
    assert set(queue) == {"engine", "ready", "oldest_ready_seconds", "running", "failed", "workers"}


def test_ready_checks_redis_where_configured(client, app, monkeypatch):
    app.extensions.pop("health_redis", None)
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:6379/0")
    assert client.get("/healthz/ready").get_json()["redis"] == "ok"
    app.extensions.pop("health_redis", None)
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    down = client.get("/healthz/ready")
    assert down.status_code == 503
    assert down.get_json()["status"] == "unavailable" and down.get_json()["redis"] == "unavailable"
    app.extensions.pop("health_redis", None)


def test_metrics_count_requests_bookings_the_queue_and_messages(
    client, make_session, make_workshop, make_user, bearer, runner, smtp
):
    sitting = make_session(make_workshop(price=0), capacity=1)
    first, second = make_user(), make_user()
    before = client.get("/metrics").get_data(as_text=True)
    path = f"/api/v1/sessions/{sitting.id}/bookings"
    assert client.post(path, json={"seats": 1}, headers=bearer(first)).status_code == 201
    assert client.post(path, json={"seats": 1}, headers=bearer(second)).status_code == 409
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    after = response.get_data(as_text=True)
    for outcome in ("confirmed", "sold_out"):
        grown = _sample(after, "hcsn_bookings_total", outcome=outcome) - _sample(
            before, "hcsn_bookings_total", outcome=outcome
        )
        assert grown == 1, outcome
    created = dict(endpoint="api.create_booking", method="POST", status="201")
    assert _sample(after, "hcsn_http_requests_total", **created) >= 1
    assert "hcsn_http_request_duration_seconds_bucket" in after
    assert _sample(after, "hcsn_queue_ready_jobs") >= 2  # two welcomes and a confirmation
    assert "hcsn_queue_oldest_ready_seconds" in after

    smtp.refuse_next(1)  # one message waits for its retry
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    done = client.get("/metrics").get_data(as_text=True)
    assert _sample(done, "hcsn_messages_total", status="sent") == 2
    assert _sample(done, "hcsn_messages_total", status="queued") == 1
    assert _sample(done, "hcsn_queue_ready_jobs") == 0


@pytest.mark.parametrize("environment", ["development", "production"])
def test_metrics_ask_for_the_token_where_one_is_set(client, app, monkeypatch, environment):
    monkeypatch.setitem(app.config, "APP_ENV", environment)
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "metrics-secret-token")
    assert client.get("/metrics").status_code == 401
    wrong = {"Authorization": "Bearer another-token"}
    assert client.get("/metrics", headers=wrong).status_code == 401
    right = {"Authorization": "Bearer metrics-secret-token"}
    assert client.get("/metrics", headers=right).status_code == 200


def test_metrics_are_not_served_in_production_without_a_token(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "")
    assert client.get("/metrics").status_code == 404


def test_the_scheduler_command_says_it_is_not_needed(runner):
    result = runner.invoke(args=["jobs", "scheduler"])
    assert result.exit_code == 0 and "not needed" in result.output
