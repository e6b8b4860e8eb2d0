"""Passwords and tokens never appear in logs, and in no response but the one that issues a token."""

import logging

import pytest

from tests.conftest import PASSWORD
from tests.forms import post_form

#: One pass (the SQLite one) runs this file: what reaches the logs and the responses, decided in
#: Python.
pytestmark = pytest.mark.once

NEW_PASSWORD = "monsoon rain on tin roofs"


@pytest.fixture
def all_logs(caplog):
    """Everything at DEBUG, SQL statements and their parameters included (set before the test's
    database connection is opened, which reads the level once)."""
    caplog.set_level(logging.DEBUG)
    engine_logger = logging.getLogger("sqlalchemy.engine")
    engine_logger.setLevel(logging.INFO)
    yield caplog
    engine_logger.setLevel(logging.WARNING)


def test_no_password_or_token_in_logs_or_responses(all_logs, client):
    caplog = all_logs
    responses = []

    def keep(response):
        responses.append(response.get_data(as_text=True) + str(response.headers))
        return response

    created = client.post(
        "/api/v1/accounts", json={"email": "an@example.com", "password": PASSWORD, "name": "An"}
    )
    first_token = created.get_json()["token"]
    issued = client.post("/api/v1/tokens", json={"email": "an@example.com", "password": PASSWORD})
    second_token = issued.get_json()["token"]
    headers = {"Authorization": f"Bearer {first_token}"}
    keep(client.get("/api/v1/me", headers=headers))
    keep(client.get("/api/v1/me/tokens", headers=headers))
    keep(client.post("/api/v1/tokens", json={"email": "an@example.com", "password": "nope"}))
    keep(post_form(client, "/login", {"email": "an@example.com", "password": PASSWORD}))
    keep(client.get("/me"))
    keep(client.get("/me/tokens"))
    keep(
        post_form(
            client,
            "/me/password",
            {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        )
    )
    keep(post_form(client, "/me/password", {"current_password": "x", "new_password": "y"}))
    keep(post_form(client, "/logout", {}))
    keep(post_form(client, "/register", {"email": "b@example.com", "password": PASSWORD}))
    keep(post_form(client, "/login", {"email": "an@example.com", "password": PASSWORD}))

    assert "sqlalchemy.engine" in caplog.text  # the logs were really captured
    secrets = [PASSWORD, NEW_PASSWORD, first_token, second_token]
    for secret in secrets:
        assert secret not in caplog.text
        for body in responses:
            assert secret not in body
    # Each token was shown exactly once, in the answer that issued it.
    assert created.get_data(as_text=True).count(first_token) == 1
    assert issued.get_data(as_text=True).count(second_token) == 1
