"""Every input answered (issue 15, items 11, 14, 15): what used to be a 500 is a 400 in the
contract's shape."""

import pytest

from tests.conftest import log_in
from tests.forms import post_form


def _invalid(response, field: str | None = None) -> dict:
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    if field is not None:
        assert field in error.get("fields", {}), error
    return error


@pytest.mark.parametrize("to", ["9999-12-31", "9999-12-31T23:59:59+07:00", "0001-01-01"])
def test_a_date_at_the_end_of_time_is_a_400_not_a_500(client, make_session, to):
    make_session()
    _invalid(client.get(f"/api/v1/sessions?to={to}"), "to")
    page = client.get(f"/sessions?to={to}")
    assert page.status_code in (200, 400)


def test_a_cursor_with_a_huge_id_is_a_400_not_a_500(client, make_session):
    from bookings.catalogue.pagination import encode_cursor

    sitting = make_session()
    page = client.get("/api/v1/sessions?limit=1").get_json()
    assert page["items"][0]["id"] == sitting.id
    for key in (
        (sitting.starts_at.isoformat(), 10**30),
        (sitting.starts_at.isoformat(), -(10**30)),
    ):
        _invalid(client.get(f"/api/v1/sessions?cursor={encode_cursor(*key)}"), "cursor")
        assert client.get(f"/sessions?cursor={encode_cursor(*key)}").status_code == 400


def test_deeply_nested_json_on_tokens_is_a_400_not_a_500(client):
    body = "[" * 100_000 + "]" * 100_000
    answer = client.post("/api/v1/tokens", data=body, content_type="application/json")
    assert answer.status_code in (400, 413)
    assert answer.get_json()["error"]["code"] in ("invalid", "too_large")


def test_a_capacity_without_bound_in_the_staff_form_is_a_400_not_a_500(
    client, db, make_space, make_workshop, make_session, make_user
):
    space = make_space()
    log_in(client, make_user(staff_of=space))
    sitting = make_session(make_workshop(space=space))
    tools = f"/manage/sessions/{sitting.id}/tools"
    for capacity in ("99999999999999999999", "1001"):
        answer = post_form(
            client, f"/manage/sessions/{sitting.id}/capacity", {"capacity": capacity}, page=tools
        )
        assert answer.status_code in (302, 400)
    db.expire_all()
    assert db.get_one(type(sitting), sitting.id).capacity == sitting.capacity


def test_a_move_without_bound_on_the_duration_is_a_400_not_a_500(
    client, db, make_space, make_workshop, make_session, make_user
):
    space = make_space()
    log_in(client, make_user(staff_of=space))
    sitting = make_session(make_workshop(space=space))
    tools = f"/manage/sessions/{sitting.id}/tools"
    moved = post_form(
        client,
        f"/manage/sessions/{sitting.id}/move",
        {"day": "2027-01-05", "at": "18:00", "duration_minutes": str(10**15)},
        page=tools,
    )
    assert moved.status_code in (302, 400)
    db.expire_all()
    assert db.get_one(type(sitting), sitting.id).starts_at == sitting.starts_at


def test_money_past_two_to_the_31_fits(
    client, db, make_space, make_workshop, make_session, make_user, bearer
):
    """100,000,000 VND a seat (the most a workshop may cost) times 30 seats is 3,000,000,000:
    past PostgreSQL's 32-bit integer."""
    space = make_space()
    workshop = make_workshop(space=space, price=100_000_000, capacity=40, max_seats_per_booking=30)
    sitting = make_session(workshop, capacity=40)
    person = make_user()
    booked = client.post(
        f"/api/v1/sessions/{sitting.id}/bookings", json={"seats": 30}, headers=bearer(person)
    )
    assert booked.status_code == 201, booked.get_json()
    assert booked.get_json()["amount"] == {"amount": 3_000_000_000, "currency": "VND"}


def test_a_cancel_with_no_body_needs_none(
    client, make_space, make_workshop, make_session, make_user, bearer
):
    space = make_space()
    sitting = make_session(make_workshop(space=space))
    staff = make_user(staff_of=space)
    answer = client.post(f"/api/v1/manage/sessions/{sitting.id}/cancel", headers=bearer(staff))
    assert answer.status_code == 200
    assert answer.get_json()["status"] == "cancelled"


def test_every_csv_export_guards_against_formulas(
    client, db, make_space, make_workshop, make_session, make_user
):
    """The admin overview and the roster go through one CSV writer: no cell a person typed
    (a space's name, a walk-in's name, a note) reaches a spreadsheet as a formula."""
    from bookings.formatting import csv_bytes

    assert csv_bytes(["=SUM(A1)"], [["@cmd", 5, "-1+1", "ok"]]).decode("utf-8-sig") == (
        "'=SUM(A1)\r\n'@cmd,5,'-1+1,ok\r\n"
    )
    space = make_space(name='=HYPERLINK("http://evil.example")')
    make_session(make_workshop(space=space))
    log_in(client, make_user(admin=True))
    answer = client.get("/admin/overview/fill-rate-by-space.csv")
    assert answer.status_code == 200
    assert "'=HYPERLINK" in answer.get_data(as_text=True)


def test_a_nul_character_in_any_input_is_a_400_and_nothing_is_written(client, db):
    """PostgreSQL's text refuses NUL: it used to fail the use case (a 500), found by schemathesis
    registering a name holding one. JSON fields, query fields and form fields answer 400."""
    from sqlalchemy import func, select

    from models import User

    people = db.scalar(select(func.count()).select_from(User))
    account = {
        "name": "Lan\x00",
        "email": "lan.nul@example.com",
        "password": "correct horse battery staple",
        "locale": "vi",
        "accept_privacy_notice": True,
    }
    _invalid(client.post("/api/v1/accounts", json=account), "name")
    _invalid(client.get("/api/v1/sessions?q=gốm%00"), "q")
    page = client.get("/sessions?q=g%00m")
    assert page.status_code == 400
    form = post_form(
        client,
        "/register",
        {"name": "Lan\x00", "email": "lan.nul@example.com", "password": "x" * 12},
    )
    assert form.status_code == 400
    assert db.scalar(select(func.count()).select_from(User)) == people
