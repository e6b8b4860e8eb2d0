"""The OpenAPI check of tests/openapi_check.py catches what it is there to catch."""

import pytest

from app.api import catalogue as catalogue_api
from tests.openapi_check import Contract, OpenApiMismatch, check

#: One pass (the SQLite one) runs this file: the suite's own OpenAPI check, tried on made-up
#: answers.
pytestmark = pytest.mark.once


@pytest.fixture
def contract(client):
    return Contract(client.get("/api/v1/openapi.json").get_json())


def answer(app, body, status=200, mimetype="application/json"):
    if mimetype == "application/json":
        return app.response_class(app.json.dumps(body), status=status, mimetype=mimetype)
    return app.response_class(body, status=status, mimetype=mimetype)


BOOKING = {
    "id": 1,
    "session_id": 2,
    "status": "confirmed",
    "seats": 1,
    "amount": {"amount": 0, "currency": "VND"},
    "ticket_code": "ABCDE-12345",
}


def test_a_described_answer_passes(app, contract):
    check(contract, "GET", "/api/v1/bookings/1", answer(app, BOOKING))


@pytest.mark.parametrize(
    "changed, complaint",
    [
        ({"ticket": "ABCDE-12345"}, "ticket"),  # a field renamed (or added undescribed)
        ({"seats": "1"}, "integer"),
        ({"status": "booked"}, "booked"),
        ({"amount": {"amount": 0, "currency": "USD"}}, "USD"),
        ({"hold_expires_at": "tomorrow"}, "date-time"),
    ],
)
def test_a_body_that_differs_from_its_schema_fails(app, contract, changed, complaint):
    body = {k: v for k, v in BOOKING.items() if k != "ticket_code"} | changed
    with pytest.raises(OpenApiMismatch, match=complaint):
        check(contract, "GET", "/api/v1/bookings/1", answer(app, body))


def test_a_missing_required_field_fails(app, contract):
    body = {k: v for k, v in BOOKING.items() if k != "amount"}
    with pytest.raises(OpenApiMismatch, match="amount"):
        check(contract, "GET", "/api/v1/bookings/1", answer(app, body))


def test_an_undescribed_status_fails(app, contract):
    error = {"error": {"code": "conflict", "message": "no"}}
    with pytest.raises(OpenApiMismatch, match="not described"):
        check(contract, "GET", "/api/v1/spaces/x", answer(app, error, status=409))


def test_html_where_json_is_promised_fails(app, contract):
    with pytest.raises(OpenApiMismatch, match="instead of JSON"):
        check(contract, "GET", "/api/v1/spaces/x", answer(app, "<h1>404</h1>", 404, "text/html"))


def test_a_body_where_none_is_promised_fails(app, contract):
    with pytest.raises(OpenApiMismatch, match="no body"):
        check(contract, "DELETE", "/api/v1/me/tokens/3", answer(app, {"ok": True}, status=204))


def test_an_unknown_address_must_still_answer_the_error_shape(app, contract):
    check(contract, "GET", "/api/v1/nowhere", answer(app, {"error": {"code": "x", "message": "y"}}))
    with pytest.raises(OpenApiMismatch):
        check(contract, "GET", "/api/v1/nowhere", answer(app, {"detail": "Not Found"}, 404))


def test_the_test_client_checks_every_api_answer_as_it_passes(client, make_space, monkeypatch):
    """The plugin is on for the whole suite: a serializer that renames a field fails the test
    that made the request, at the request."""
    space = make_space()
    assert client.get(f"/api/v1/spaces/{space.slug}").status_code == 200
    original = catalogue_api.space_json

    def renamed(found):
        body = original(found)
        body["title"] = body.pop("name")
        return body

    monkeypatch.setattr(catalogue_api, "space_json", renamed)
    with pytest.raises(OpenApiMismatch, match="name"):
        client.get(f"/api/v1/spaces/{space.slug}")
