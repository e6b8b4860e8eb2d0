"""The privacy notice (issue 15, item 16; Vietnam's Decree 13/2023): a page in Vietnamese and
English that says who holds what, why, who sees it, for how long and the person's rights;
consent recorded at registration with the notice's version and time; a new version asks again
(pages: an interstitial; the API: a flag and an endpoint); consents in "download my data"."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bookings import accounts
from bookings.accounts import consent
from models import Booking, Consent, User
from tests.conftest import PASSWORD, log_in
from tests.forms import csrf_token, post_form, text

NEW_VERSION = "2027-03-01"
#: The version in force when the test's people register.
FIRST_VERSION = consent.NOTICE_VERSION


def _registration(**fields) -> dict:
    return {
        "name": "Trần Minh Châu",
        "email": "chau@example.com",
        "password": "paper kites and river boats",
        "locale": "vi",
        "privacy_notice": "y",
    } | fields


def _consents(db, user_id) -> list[tuple[str, str]]:
    db.expire_all()
    rows = db.scalars(select(Consent).where(Consent.user_id == user_id).order_by(Consent.id))
    return [(row.notice_version, row.occasion) for row in rows]


def test_registration_records_consent_with_the_notice_version_and_time(client, db):
    before = datetime.now(UTC)
    unticked = post_form(client, "/register", _registration(privacy_notice=""), page="/register")
    assert unticked.status_code == 400
    assert "Hãy đánh dấu ô để đồng ý" in text(unticked)
    assert db.scalar(select(User).where(User.email == "chau@example.com")) is None

    assert post_form(client, "/register", _registration()).status_code == 302
    user = db.scalar(select(User).where(User.email == "chau@example.com"))
    (row,) = db.scalars(select(Consent).where(Consent.user_id == user.id)).all()
    assert (row.notice_version, row.occasion) == (consent.NOTICE_VERSION, "registration")
    assert before <= row.given_at <= datetime.now(UTC)
    assert user.privacy_notice_version == consent.NOTICE_VERSION


def test_registering_through_the_api_records_consent_and_refuses_another_version(client, db):
    old = client.post(
        "/api/v1/accounts",
        json={"email": "a@example.com", "password": PASSWORD, "name": "A", "privacy_notice": "1"},
    )
    assert old.status_code == 400
    assert set(old.get_json()["error"]["fields"]) == {"privacy_notice"}
    assert db.scalar(select(User).where(User.email == "a@example.com")) is None
    named = {"privacy_notice": consent.NOTICE_VERSION}
    for email, fields in (("b@example.com", {}), ("c@example.com", named)):
        body = {"email": email, "password": PASSWORD, "name": "B"} | fields
        answer = client.post("/api/v1/accounts", json=body)
        assert answer.status_code == 201, answer.get_json()
        assert _consents(db, answer.get_json()["id"]) == [(consent.NOTICE_VERSION, "registration")]
        me = client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {answer.get_json()['token']}"}
        ).get_json()
        assert me["privacy_notice"]["version"] == consent.NOTICE_VERSION
        assert me["privacy_notice"]["accepted"] is True
        assert me["privacy_notice"]["url"].endswith("/privacy")


@pytest.fixture
def new_notice_later(monkeypatch):
    """``new_notice_later()``: the notice changes (a new version is in force) after the
    test's people registered."""

    def change() -> None:
        monkeypatch.setattr(consent, "NOTICE_VERSION", NEW_VERSION)
        monkeypatch.setattr(accounts, "NOTICE_VERSION", NEW_VERSION)

    return change


def test_a_new_notice_version_asks_again(
    client, db, make_session, make_user, bearer, new_notice_later
):
    person = make_user(email="lan@example.com", locale="en")
    sitting = make_session()
    headers = bearer(person)
    new_notice_later()

    # Signing in lands on the question, whatever page the person was going to.
    login = post_form(
        client,
        "/login",
        {"email": "lan@example.com", "password": PASSWORD, "next": "/me/bookings"},
    )
    assert login.headers["Location"] == "/me/bookings"
    asked = client.get("/me/bookings")
    assert asked.status_code == 302
    assert asked.headers["Location"].startswith("/privacy/agree?next=/me/bookings")
    page = text(client.get(asked.headers["Location"], headers={"Accept-Language": "en"}))
    assert "Our privacy notice has changed" in page and NEW_VERSION in page
    # Booking waits for the answer too; the notice, leaving and the person's rights do not.
    token = csrf_token(client, "/privacy/agree")
    booking = client.post(f"/sessions/{sitting.id}/book", data={"seats": "1", "csrf_token": token})
    assert booking.status_code == 302 and booking.headers["Location"].startswith("/privacy/agree")
    assert db.scalar(select(func.count()).select_from(Booking)) == 0
    for open_page in ("/privacy", "/me/data.json", "/me/delete", "/logout"):
        assert client.get(open_page).status_code == 200, open_page
    # The API keeps working and says the notice in force is not accepted yet.
    me = client.get("/api/v1/me", headers=headers).get_json()
    assert me["privacy_notice"] == {
        "version": NEW_VERSION,
        "accepted": False,
        "url": me["privacy_notice"]["url"],
    }

    agreed = post_form(
        client,
        "/privacy/agree?next=/me/bookings",
        {"version": NEW_VERSION, "next": "/me/bookings"},
    )
    assert agreed.status_code == 302 and agreed.headers["Location"] == "/me/bookings"
    assert client.get("/me/bookings").status_code == 200
    assert _consents(db, person.id) == [
        (FIRST_VERSION, "registration"),
        (NEW_VERSION, "new_version"),
    ]
    # Agreeing again records nothing more; an old version is refused, naming the field.
    post_form(client, "/privacy/agree", {"version": NEW_VERSION})
    assert len(_consents(db, person.id)) == 2
    old = client.post("/api/v1/me/privacy-notice", json={"version": "2020-01-01"}, headers=headers)
    assert old.status_code == 400 and set(old.get_json()["error"]["fields"]) == {"version"}
    assert client.get("/api/v1/me", headers=headers).get_json()["privacy_notice"]["accepted"]


def test_the_api_agrees_to_a_new_notice(client, db, make_user, bearer, new_notice_later):
    person = make_user()
    headers = bearer(person)
    new_notice_later()
    assert not client.get("/api/v1/me", headers=headers).get_json()["privacy_notice"]["accepted"]
    agreed = client.post(
        "/api/v1/me/privacy-notice", json={"version": NEW_VERSION}, headers=headers
    )
    assert agreed.status_code == 200 and agreed.get_json()["privacy_notice"]["accepted"] is True
    assert [version for version, _ in _consents(db, person.id)][-1] == NEW_VERSION
    db.expire_all()
    assert db.get(User, person.id).privacy_notice_version == NEW_VERSION


def test_an_account_made_by_the_operator_is_asked_at_its_first_sign_in(client, db):
    accounts.create_user(db, email="staff@example.com", password=PASSWORD, role="admin")
    post_form(client, "/login", {"email": "staff@example.com", "password": PASSWORD})
    first = client.get("/admin/")
    assert first.status_code == 302 and first.headers["Location"].startswith("/privacy/agree")
    page = text(client.get(first.headers["Location"]))  # in the account's language
    assert "Vui lòng đồng ý với thông báo bảo vệ dữ liệu cá nhân" in page


def test_the_notice_says_how_long_messages_are_kept(app, client):
    vietnamese = text(client.get("/privacy"))
    english = text(client.get("/privacy", headers={"Accept-Language": "en"}))
    assert "được xoá sau 90 ngày" in vietnamese
    assert "are deleted after 90 days" in english
    for promise in (
        "Hanoi Creative Spaces Network runs this booking site",  # the controller
        "To let you book and pay",  # the purposes
        "The staff of a space see",  # who sees it
        "without your name or address",  # what stays after deletion
        "Download everything we hold about you",  # the person's rights
        "Delete your account",
        f"Version {consent.NOTICE_VERSION}",
        "Decree 13/2023",
    ):
        assert promise in english, promise
    assert "Nghị định 13/2023/NĐ-CP" in vietnamese
    app.config["RETENTION_DAYS"] = 30
    try:
        shorter = text(client.get("/privacy", headers={"Accept-Language": "en"}))
    finally:
        app.config["RETENTION_DAYS"] = 90
    assert "are deleted after 30 days" in shorter


def test_download_my_data_lists_the_persons_consents(client, db, make_user, new_notice_later):
    person = make_user()
    new_notice_later()
    accounts.agree_to_notice(
        db, user_id=person.id, version=NEW_VERSION, now=datetime.now(UTC) + timedelta(days=1)
    )
    log_in(client, person)
    data = client.get("/me/data.json").get_json()
    assert [(c["notice_version"], c["occasion"]) for c in data["consents"]] == [
        (FIRST_VERSION, "registration"),
        (NEW_VERSION, "new_version"),
    ]
    assert all(datetime.fromisoformat(c["given_at"]) for c in data["consents"])
