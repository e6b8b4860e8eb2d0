"""Prometheus metrics: requests by endpoint and status with their latency, bookings by outcome
(counted in the web processes), and, read from the database at each scrape, the queue's depth
and age and the messages sent and failed (the same on every app server, wherever the workers
run).

Under gunicorn set ``PROMETHEUS_MULTIPROC_DIR`` (an empty folder, emptied at each start): each
worker process writes its counters there and ``/metrics`` adds them up (``gunicorn.conf.py``
marks the files of a worker that exited). ``METRICS_TOKEN`` (required in production, where
``/metrics`` is otherwise 404) is asked for as ``Authorization: Bearer …``.
"""

import hmac
import os
from datetime import UTC, datetime
from time import perf_counter

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select

from app.database import db
from bookings.unit import jobs
from models import OutboundMessage

REQUESTS = Counter(
    "hcsn_http_requests_total", "HTTP requests answered", ["endpoint", "method", "status"]
)
LATENCY = Histogram(
    "hcsn_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["endpoint", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
BOOKINGS = Counter(
    "hcsn_bookings_total",
    "Booking requests by outcome: the booking's status, or the code of the refusal",
    ["outcome"],
)

#: The views where people book (their refusals are counted as outcomes too).
BOOKING_ENDPOINTS = frozenset({"api.create_booking", "reservations.book"})


def count_booking(outcome: str) -> None:
    BOOKINGS.labels(outcome=str(outcome)).inc()


def count_refusal(code: str) -> None:
    """A BookingError answered: an outcome when it was a booking request."""
    if request.endpoint in BOOKING_ENDPOINTS:
        count_booking(code)


def init_app(app: Flask) -> None:
    app.before_request(_start_timer)
    app.after_request(_observe)


def _start_timer() -> None:
    g.metrics_started = perf_counter()


def _observe(response: Response) -> Response:
    started = g.pop("metrics_started", None)
    if started is not None:
        endpoint = request.endpoint or "unmatched"
        REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
        LATENCY.labels(endpoint, request.method).observe(perf_counter() - started)
    return response


def authorised() -> bool:
    """The bearer token, where one is set; without one, only outside production."""
    token = current_app.config["METRICS_TOKEN"]
    if not token:
        return current_app.config["APP_ENV"] != "production"
    sent = request.headers.get("Authorization", "")
    return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


def queue_state(session, now: datetime) -> jobs.EngineState:
    if current_app.config["QUEUE_ENGINE"] == "procrastinate":
        return jobs.engine_state(session, now)
    return jobs.embedded_state(session, now)


class _DatabaseFigures:
    """Figures read from the database at the scrape (a collector of a registry of its own)."""

    def __init__(self, state: jobs.EngineState, messages: dict[str, int]) -> None:
        self.state = state
        self.messages = messages

    def collect(self):
        state = self.state
        for name, help_text, value in (
            (
                "hcsn_queue_ready_jobs",
                "Jobs whose time has come, waiting for a worker",
                state.ready,
            ),
            (
                "hcsn_queue_oldest_ready_seconds",
                "How long the oldest ready job has waited",
                state.oldest_ready_seconds,
            ),
            ("hcsn_queue_running_jobs", "Jobs under way", state.running),
            ("hcsn_queue_failed_jobs", "Jobs given up after their last retry", state.failed),
            ("hcsn_queue_workers", "Workers that beat recently", state.fresh_workers),
        ):
            yield GaugeMetricFamily(name, help_text, value=value)
        family = CounterMetricFamily(
            "hcsn_messages", "Messages by status (queued, sent, failed)", labels=["status"]
        )
        for status, count in sorted(self.messages.items()):
            family.add_metric([status], count)
        yield family


def render() -> Response:
    if not authorised():
        abort(404 if not current_app.config["METRICS_TOKEN"] else 401)
    session = db.session
    state = queue_state(session, datetime.now(UTC))
    messages = dict(
        session.execute(
            select(OutboundMessage.status, func.count()).group_by(OutboundMessage.status)
        ).all()
    )
    figures = CollectorRegistry()
    figures.register(_DatabaseFigures(state, {str(k): v for k, v in messages.items()}))
    body = generate_latest(_process_registry()) + generate_latest(figures)
    return Response(body, mimetype=CONTENT_TYPE_LATEST.split(";")[0])


def _process_registry() -> CollectorRegistry:
    """This process's counters, or every gunicorn worker's in multiprocess mode."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry
