"""The accounts half of the API: registration, tokens, /me, revocation, and cookie refusal."""

import pytest

from bookings import accounts
from tests.conftest import PASSWORD, log_in


def post_json(client, path, body, **kwargs):
    return client.post(path, json=body, **kwargs)


def test_register_over_the_api_returns_a_working_token(client):
    response = post_json(
        client,
        "/api/v1/accounts",
        {"email": " Hoa@Example.com", "password": PASSWORD, "name": "Phạm Hoa", "locale": "en"},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "email", "name", "token"}
    assert body["email"] == "hoa@example.com" and body["name"] == "Phạm Hoa"
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.get_json() | {"id": 0} == {
        "id": 0,
        "email": "hoa@example.com",
        "name": "Phạm Hoa",
        "locale": "en",
        "admin": False,
        "spaces": [],
        "privacy_notice": {
            "version": accounts.NOTICE_VERSION,
            "accepted": True,  # registering is agreeing to the notice in force
            "url": me.get_json()["privacy_notice"]["url"],
        },
    }
    assert me.get_json()["privacy_notice"]["url"].endswith("/privacy")


def test_the_same_email_in_another_case_is_taken(client, make_user):
    make_user(email="hoa@example.com")
    response = post_json(
        client, "/api/v1/accounts", {"email": "HOA@example.com ", "password": PASSWORD, "name": "H"}
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "email_taken"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"email", "password", "name"}),
        ({"email": 5, "password": ["x"], "name": None}, {"email", "password", "name"}),
        ({"email": "nope", "password": "short", "name": "A"}, {"email", "password"}),
        ({"email": "a@b.vn", "password": PASSWORD, "name": "A", "locale": "fr"}, {"locale"}),
        ({"email": "a@b.vn", "password": "123456789012", "name": "A"}, {"password"}),
    ],
)
def test_bad_registrations_name_every_bad_field(client, body, fields):
    response = post_json(client, "/api/v1/accounts", body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == fields


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"text"', b"{", b"null"])
def test_a_body_that_is_not_a_json_object_is_a_400(client, raw):
    response = client.post("/api/v1/accounts", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {"body": "phải là một đối tượng JSON"}


def test_no_body_at_all_is_no_fields_at_all(client):
    """An empty body sends no field: where every field is optional that is enough; here the
    answer names the fields that are required."""
    response = client.post("/api/v1/accounts", data=b"", content_type="application/json")
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"email", "password", "name"}


def test_tokens_for_email_and_password(client, make_user):
    make_user(email="hoa@example.com")
    response = post_json(
        client, "/api/v1/tokens", {"email": "HOA@example.com", "password": PASSWORD}
    )
    assert response.status_code == 201
    token = response.get_json()["token"]
    assert token.startswith("hcs_") and len(token) > 40
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


@pytest.mark.parametrize(
    "credentials",
    [
        {"email": "hoa@example.com", "password": "wrong password here"},
        {"email": "nobody@example.com", "password": PASSWORD},
    ],
)
def test_wrong_credentials_are_a_401(client, make_user, credentials):
    make_user(email="hoa@example.com")
    response = post_json(client, "/api/v1/tokens", credentials)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Basic abc", "Bearer hcs_not-a-real-token", "Bearer x" * 50],
)
def test_the_api_refuses_missing_or_bad_tokens(client, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"]["code"] == "unauthenticated"


def test_a_revoked_token_stops_working_at_once(client, make_user, bearer):
    user = make_user()
    headers = bearer(user)
    other = bearer(user)
    tokens = client.get("/api/v1/me/tokens", headers=headers).get_json()["items"]
    assert len(tokens) == 2 and all("hash" not in str(t) for t in tokens)
    mine = tokens[-1]["id"]  # newest first: the last is the first one made
    assert client.delete(f"/api/v1/me/tokens/{mine}", headers=other).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert client.get("/api/v1/me", headers=other).status_code == 200
    assert client.delete(f"/api/v1/me/tokens/{mine}", headers=other).status_code == 404


def test_another_persons_token_is_not_found(client, make_user, bearer):
    theirs = bearer(make_user())
    their_id = client.get("/api/v1/me/tokens", headers=theirs).get_json()["items"][0]["id"]
    response = client.delete(f"/api/v1/me/tokens/{their_id}", headers=bearer(make_user()))
    assert response.status_code == 404
    assert client.get("/api/v1/me", headers=theirs).status_code == 200


def test_a_session_cookie_is_never_accepted_by_the_api(client, make_user, bearer):
    user = make_user()
    token_id = client.get("/api/v1/me/tokens", headers=bearer(user)).get_json()["items"][0]["id"]
    log_in(client, user)
    assert client.get("/me").status_code == 200  # the cookie works on pages …
    assert client.get("/api/v1/me").status_code == 401  # … and means nothing to the API
    assert client.delete(f"/api/v1/me/tokens/{token_id}").status_code == 401


def test_a_disabled_persons_tokens_stop_working(client, db, make_user, bearer):
    user = make_user()
    headers = bearer(user)
    user.status = "disabled"
    db.add(user)
    db.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_me_lists_the_spaces_a_person_works_for(client, make_space, make_user, bearer):
    space = make_space(name="Manzi")
    response = client.get("/api/v1/me", headers=bearer(make_user(owner_of=space)))
    assert response.get_json()["spaces"] == [{"slug": space.slug, "name": "Manzi", "role": "owner"}]
