"""Start-up configuration: secrets from the environment, rate limits shared through Redis."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Start-up checks of the configuration, on the embedded database: the SQLite pass runs them.
pytestmark = [pytest.mark.agnostic, pytest.mark.slow]  # each test starts processes


def python(code: str, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"APP_ENV": "production"}
    env["PUBLIC_URL"] = "https://book.example.vn"
    done = python("from app import create_app; create_app()", env)
    assert done.returncode != 0
    assert "SECRET_KEY must be set in production" in done.stderr
    env["SECRET_KEY"] = "from-the-environment"
    code = "from app import create_app; print(type(create_app().extensions['bus'].context.gateway))"
    started = python(code, env)  # without Stripe: no card payment (API.md), never the demo's
    assert started.returncode == 0 and "NoCardGateway" in started.stdout, started.stderr
    env["DEMO_PAYMENTS"] = "true"  # knowingly, with the labelled demo provider
    demo = python(code, env)
    assert demo.returncode == 0 and "DemoGateway" in demo.stdout


def test_stripe_needs_its_webhook_secret_and_never_shows_the_key():
    key = "sk_test_" + "k3y" * 10
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")}
    env |= {"SECRET_KEY": "from-the-environment", "STRIPE_SECRET_KEY": key}
    code = "from app import create_app; print(create_app().extensions['bus'].context.gateway)"
    refused = python(code, env)
    assert refused.returncode != 0 and "STRIPE_WEBHOOK_SECRET is required" in refused.stderr
    assert key not in refused.stderr + refused.stdout
    env["STRIPE_WEBHOOK_SECRET"] = "whsec_" + "s3cret" * 5
    started = python(code, env)
    assert started.returncode == 0, started.stderr
    assert "StripeGateway" in started.stdout and key not in started.stdout + started.stderr
    assert env["STRIPE_WEBHOOK_SECRET"] not in started.stdout + started.stderr
    env["STRIPE_SECRET_KEY"] = "pk_test_publishable"
    wrong = python(code, env)
    assert wrong.returncode != 0 and "must be a secret key" in wrong.stderr
    assert "pk_test_publishable" not in wrong.stderr


def test_the_embedded_default_generates_and_keeps_a_key():
    from app import config

    path = config.INSTANCE / "secret_key"
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "APP_ENV")}
    env["APP_ENV"] = "development"  # as make run asks: production is the default
    code = "from app import create_app; print(create_app().config['SECRET_KEY'])"
    first, second = python(code, env), python(code, env)
    assert first.returncode == 0 and first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 32 and path.stat().st_mode & 0o077 == 0


REDIS_LIMITS = """
import sys
from app import create_app
from app.cli import upgrade_database
upgrade_database(sys.argv[1])
app = create_app({"DATABASE_URL": sys.argv[1], "RATELIMIT_KEY_PREFIX": sys.argv[2]})
client = app.test_client()
body = {"email": "lan@example.com", "password": "wrong guess no"}
print([client.post("/api/v1/tokens", json=body).status_code for _ in range(3)])
"""


def test_rate_limits_live_in_redis_when_redis_url_is_set(tmp_path):
    redis = pytest.importorskip("redis")
    server = redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=2)
    try:
        server.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    prefix = f"hcsn-test-{uuid.uuid4().hex[:8]}"
    env = os.environ | {
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "LOGIN_LIMIT_PER_ACCOUNT": "2/minute",
        "SECRET_KEY": "redis-test",
    }
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    try:
        first = python(REDIS_LIMITS, env, url, prefix)
        assert first.stdout.strip() == "[401, 401, 429]", first.stderr
        assert server.keys(f"*{prefix}*")  # the counters are in Redis …
        second = python(REDIS_LIMITS, env, url, prefix)  # … so another process sees them
        assert second.stdout.strip() == "[429, 429, 429]", second.stderr
    finally:
        for key in server.scan_iter(f"*{prefix}*"):
            server.delete(key)
