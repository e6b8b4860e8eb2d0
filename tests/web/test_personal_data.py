"""Personal data under the person's control (issue 15, items 17-18): everything held about
them in one file, and their account deleted on request (bookings cancelled with the usual
refunds first, then anonymised at once)."""

from datetime import timedelta

from models import Booking, User
from tests.conftest import PASSWORD, book_one, log_in
from tests.forms import post_form, text


def test_download_my_data_holds_everything_about_the_person(
    client, db, make_session, make_user, bearer, now
):
    person = make_user(email="lan@example.com")
    booking = book_one(db, make_session(), person, now)
    headers = bearer(person)
    answer = client.get("/api/v1/me/export", headers=headers)
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].startswith("attachment")
    data = answer.get_json()
    assert set(data) >= {"account", "bookings", "payments", "messages", "tokens", "consents"}
    assert data["account"]["email"] == "lan@example.com"
    assert [b["id"] for b in data["bookings"]] == [booking.id]
    assert data["tokens"] and all("secret" not in t and "token" not in t for t in data["tokens"])
    assert headers["Authorization"].split()[1] not in answer.get_data(as_text=True)
    log_in(client, person)
    page = client.get("/me/data.json")
    assert page.status_code == 200 and page.get_json()["account"]["id"] == person.id


def test_deleting_an_account_cancels_first_then_anonymises_at_once(
    client, db, make_space, make_workshop, make_session, make_user, bearer, now
):
    space = make_space()
    staff = make_user(staff_of=space)
    workshop = make_workshop(space=space, price=0)
    past = make_session(workshop, starts_in=timedelta(hours=1))
    future = make_session(workshop, starts_in=timedelta(days=5))
    person = make_user(email="lan@example.com", name="Nguyễn Thị Lan")
    kept = book_one(db, past, person, now - timedelta(days=1))
    cancelled = book_one(db, future, person, now)
    headers = bearer(person)
    wrong = client.post("/api/v1/me/delete", json={"password": "not my password"}, headers=headers)
    assert wrong.status_code == 400 and "password" in wrong.get_json()["error"]["fields"]
    done = client.post("/api/v1/me/delete", json={"password": PASSWORD}, headers=headers)
    assert done.status_code == 200 and done.get_json()["deleted"] is True
    assert done.get_json()["bookings_cancelled"] == [cancelled.id]
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    db.expire_all()
    assert db.get_one(Booking, cancelled.id).status == "cancelled"
    assert db.get_one(Booking, kept.id).status == "confirmed"  # too late to cancel: kept
    gone = db.get_one(User, person.id)
    assert "lan" not in gone.email and gone.name != "Nguyễn Thị Lan" and not gone.is_active
    # Staff still count the seat, without a name or an address.
    rows = client.get(
        f"/api/v1/manage/sessions/{past.id}/attendees", headers=bearer(staff)
    ).get_json()["items"]
    assert [(r["name"], r["email"]) for r in rows if r["booking_id"] == kept.id] == [("—", "")]
    # The address is free again.
    again = client.post(
        "/api/v1/accounts",
        json={"email": "lan@example.com", "password": "a new life begins", "name": "Lan"},
    )
    assert again.status_code == 201


def test_deleting_on_the_page_asks_for_the_password_then_logs_out(client, db, make_user):
    person = make_user(locale="en")
    log_in(client, person)
    page = client.get("/me/delete")
    assert page.status_code == 200 and "What is kept" in text(page)
    wrong = post_form(client, "/me/delete", {"password": "not it"})
    assert wrong.status_code == 400
    done = post_form(client, "/me/delete", {"password": PASSWORD})
    assert done.status_code == 302
    assert client.get("/me").status_code == 302  # logged out
    db.expire_all()
    assert not db.get_one(User, person.id).is_active
