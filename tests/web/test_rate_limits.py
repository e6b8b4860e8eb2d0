"""Login and token attempts are limited per account and per address; the limit ends with its
window. Limits are small here so the tests stay short; production's are in app/config.py."""

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import PASSWORD
from tests.forms import csrf_token, text

#: One pass (the SQLite one) runs this file: the limits are counted by the limiter (in memory, or
#: Redis), by address and by account; the database only finds the account.
pytestmark = pytest.mark.once


@pytest.fixture
def limits(app, monkeypatch):
    def set_limits(per_account: str = "100/minute", per_address: str = "100/minute") -> None:
        monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", per_account)
        monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ADDRESS", per_address)

    return set_limits


def api_login(client, email, password, address="10.0.0.1"):
    return client.post(
        "/api/v1/tokens",
        json={"email": email, "password": password},
        environ_overrides={"REMOTE_ADDR": address},
    )


def page_login(client, email, password, address="10.0.0.1"):
    token = csrf_token(client, "/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_overrides={"REMOTE_ADDR": address},
    )


def test_failed_attempts_on_one_account_are_limited_from_any_address(client, make_user, limits):
    limits(per_account="3/minute")
    make_user(email="lan@example.com")
    for n in range(3):
        failed = api_login(client, "lan@example.com", "wrong guess no", f"10.0.0.{n}")
        assert failed.status_code == 401
    limited = api_login(client, "LAN@example.com", PASSWORD, "10.0.0.9")
    assert limited.status_code == 429
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in limited.headers
    # Other accounts are not affected.
    make_user(email="hoa@example.com")
    assert api_login(client, "hoa@example.com", PASSWORD, "10.0.0.9").status_code == 201


def test_the_page_and_the_api_share_the_account_limit(client, make_user, limits):
    limits(per_account="2/minute")
    make_user(email="lan@example.com")
    assert api_login(client, "lan@example.com", "wrong guess no").status_code == 401
    assert page_login(client, "lan@example.com", "wrong guess no").status_code == 400
    page = page_login(client, "lan@example.com", PASSWORD)
    assert page.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in text(page)


def test_successful_logins_do_not_use_up_the_account_limit(client, make_user, limits):
    limits(per_account="2/minute")
    make_user(email="lan@example.com")
    for _ in range(4):
        assert api_login(client, "lan@example.com", PASSWORD).status_code == 201


def test_one_address_is_limited_across_accounts(client, make_user, limits):
    limits(per_address="3/minute")
    for n in range(3):
        failed = api_login(client, f"p{n}@example.com", "whatever here", "10.9.9.9")
        assert failed.status_code == 401
    assert api_login(client, "p9@example.com", "whatever here", "10.9.9.9").status_code == 429
    assert api_login(client, "p9@example.com", "whatever here", "10.9.9.10").status_code == 401


def test_the_limit_ends_with_its_window(client, make_user, limits):
    limits(per_account="2/second")
    make_user(email="lan@example.com")
    for _ in range(2):
        assert api_login(client, "lan@example.com", "wrong guess no").status_code == 401
    assert api_login(client, "lan@example.com", PASSWORD).status_code == 429
    time.sleep(1.1)
    assert api_login(client, "lan@example.com", PASSWORD).status_code == 201


def test_registrations_are_limited_per_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REGISTER_LIMIT_PER_ADDRESS", "2/hour")
    for n in range(2):
        response = client.post(
            "/api/v1/accounts",
            json={"email": f"r{n}@example.com", "password": PASSWORD, "name": "R"},
        )
        assert response.status_code == 201
    response = client.post(
        "/api/v1/accounts", json={"email": "r9@example.com", "password": PASSWORD, "name": "R"}
    )
    assert response.status_code == 429


SWITCHED_OFF = """
import sys
from app import create_app
from app.cli import upgrade_database
upgrade_database(sys.argv[1])
client = create_app({"DATABASE_URL": sys.argv[1]}).test_client()
body = {"email": "lan@example.com", "password": "wrong guess no"}
print([client.post("/api/v1/tokens", json=body).status_code for _ in range(4)])
"""


def test_limits_can_be_switched_off_for_benchmarks(tmp_path):
    env = os.environ | {
        "RATELIMIT_ENABLED": "false",
        "LOGIN_LIMIT_PER_ACCOUNT": "1/minute",
        "LOGIN_LIMIT_PER_ADDRESS": "1/minute",
        "SECRET_KEY": "switched-off",
    }
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-c", SWITCHED_OFF, url],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "[401, 401, 401, 401]"


def test_a_json_body_sent_as_plain_text_still_counts_for_its_account(client, make_user, limits):
    limits(per_account="2/minute")
    make_user(email="lan@example.com")
    body = '{"email": "lan@example.com", "password": "wrong guess no"}'
    for n in range(2):
        response = client.post(
            "/api/v1/tokens",
            data=body,
            content_type="text/plain",
            environ_overrides={"REMOTE_ADDR": f"10.1.0.{n}"},
        )
        assert response.status_code == 401
    assert api_login(client, "lan@example.com", PASSWORD, "10.1.0.9").status_code == 429
