"""Liveness with a database round trip, for load balancers and the benchmark's floor
(``/healthz``); readiness for operators (``/healthz/ready``: the database, Redis where
configured, the queue's depth and the age of its oldest waiting job); Prometheus metrics."""

from datetime import UTC, datetime

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import metrics
from app.database import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


@bp.get("/healthz/ready")
def ready():
    """200 when the database and Redis (where configured) answer, else 503; with the queue."""
    answer: dict = {"status": "ok", "database": "ok", "redis": _redis()}
    try:
        state = metrics.queue_state(db.session, datetime.now(UTC))
    except SQLAlchemyError:
        answer["database"] = "unavailable"
    else:
        answer["queue"] = {
            "engine": current_app.config["QUEUE_ENGINE"],
            "ready": state.ready,
            "oldest_ready_seconds": round(state.oldest_ready_seconds, 3),
            "running": state.running,
            "failed": state.failed,
            "workers": state.fresh_workers,
        }
    if "unavailable" in (answer["database"], answer["redis"]):
        answer["status"] = "unavailable"
        return jsonify(answer), 503
    return jsonify(answer)


def _redis() -> str:
    url = current_app.config["REDIS_URL"]
    if not url:
        return "not configured"
    client = current_app.extensions.get("health_redis")
    if client is None:
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        current_app.extensions["health_redis"] = client
    try:
        client.ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"


@bp.get("/metrics")
def prometheus_metrics():
    return metrics.render()
