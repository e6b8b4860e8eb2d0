"""Accounts that cannot be captured (issue 15, items 1-4): roles go only to the holder of an
address, a new password ends every other way in, strangers' guesses never lock the owner out
and stay slow, logging out ends the copied cookies, and rate limits follow the person."""

import types

import pytest
from sqlalchemy import select

from bookings import accounts
from models import Booking, OutboxEvent, StaffMembership, User
from tests.conftest import PASSWORD, log_in
from tests.forms import post_form
from tests.smtp_server import links_in, one, parts, path_of, run_jobs


def api_login(client, email, password, address):
    return client.post(
        "/api/v1/tokens",
        json={"email": email, "password": password},
        environ_overrides={"REMOTE_ADDR": address},
    )


def test_an_appointment_goes_only_to_the_verified_owner_of_the_address(
    app, db, client, runner, smtp, make_space, make_user
):
    space = make_space()
    owner = make_user(owner_of=space)
    # Somebody registers the new hire's address first, over the API, and keeps the token.
    squatter = client.post(
        "/api/v1/accounts",
        json={"email": "newhire@space.vn", "password": "squatting is easy", "name": "Nobody"},
    )
    assert squatter.status_code == 201
    stolen = {"Authorization": "Bearer " + squatter.get_json()["token"]}
    log_in(client, owner)
    appointed = post_form(
        client,
        f"/manage/spaces/{space.slug}/team",
        {"email": "NewHire@space.vn ", "role": "staff"},
    )
    assert appointed.status_code == 302
    db.expire_all()
    squatter_id = db.scalar(select(User.id).where(User.email == "newhire@space.vn"))
    assert db.get(StaffMembership, (squatter_id, space.id)) is None  # no role yet
    run_jobs(runner)
    invitation = one(smtp.to("newhire@space.vn"), space.name)
    plain, _html, _files = parts(invitation)
    assert any(path_of(url) == "/me/invitations" for url in links_in(plain))
    # The squatter sees the invitation but cannot take it: the address is not theirs.
    squatter_user = db.get_one(User, squatter_id)
    log_in(client, squatter_user)
    page = client.get("/me/invitations")
    assert page.status_code == 200
    (invitation_id,) = [
        i.id for i in accounts.open_invitations(db, email="newhire@space.vn", now=_now())
    ]
    assert "newhire@space.vn" in page.get_data(as_text=True)  # told to confirm it first
    refused = post_form(client, f"/me/invitations/{invitation_id}/accept", {}, page="/me")
    assert refused.status_code == 403
    assert client.get("/api/v1/me", headers=stolen).status_code == 200
    # The real person resets the password (the link reaches the address): the squatter's token
    # dies, the address counts as confirmed, and the invitation can be accepted.
    post_form(client, "/forgot-password", {"email": "newhire@space.vn"})
    run_jobs(runner)
    reset = [m for m in smtp.to("newhire@space.vn") if "/reset-password/" in parts(m)[0]][-1]
    (link,) = [path_of(url) for url in links_in(parts(reset)[0]) if "/reset-password/" in url]
    fresh = app.test_client()
    assert post_form(fresh, link, {"new_password": "my own address at last"}).status_code == 302
    assert client.get("/api/v1/me", headers=stolen).status_code == 401
    db.expire_all()
    log_in(fresh, db.get_one(User, squatter_id))
    accepted = post_form(
        fresh, f"/me/invitations/{invitation_id}/accept", {}, page="/me/invitations"
    )
    assert accepted.status_code == 302
    db.expire_all()
    assert db.get_one(StaffMembership, (squatter_id, space.id)).role == "staff"


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_a_password_reset_revokes_every_api_token(app, db, client, runner, smtp, make_user):
    person = make_user(locale="en")
    headers = {"Authorization": f"Bearer {accounts.issue_token(db, person.id, label='a').secret}"}
    feed = f"/calendar/{person.calendar_token}.ics"
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    remembered = app.test_client()
    log_in(remembered, person)
    assert remembered.get("/me").status_code == 200
    post_form(client, "/forgot-password", {"email": person.email})
    run_jobs(runner)
    message = [m for m in smtp.to(person.email) if m["Subject"] == "Reset your password"][-1]
    (link,) = [path_of(url) for url in links_in(parts(message)[0]) if "/reset-password/" in url]
    assert post_form(client, link, {"new_password": "a brand new passphrase"}).status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert remembered.get("/me").status_code == 302  # the other browser is logged out
    assert client.get(feed).status_code == 404  # the feed address changed
    run_jobs(runner)
    told = one(smtp.to(person.email), "Your password was changed: your other logins are closed")
    assert "revoked" in parts(told)[0]


def test_a_password_change_revokes_every_api_token_and_moves_the_feed(db, client, make_user):
    person = make_user()
    headers = {"Authorization": f"Bearer {accounts.issue_token(db, person.id, label='a').secret}"}
    old_feed = person.calendar_token
    log_in(client, person)
    changed = post_form(
        client,
        "/me/password",
        {"current_password": PASSWORD, "new_password": "another passphrase here"},
    )
    assert changed.status_code == 302
    assert client.get("/me").status_code == 200  # this browser stays in
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    db.expire_all()
    assert db.get_one(User, person.id).calendar_token != old_feed
    assert db.scalar(select(OutboxEvent.id).where(OutboxEvent.name == "CredentialsReset"))


#: The two tests of guessing below run in one pass (the SQLite one): hundreds of guesses, each a
#: password verification, counted by the limiter (in memory, by address and account); the database
#: only finds the account, and the other tests here run on both.
GUESSING = pytest.mark.once


@GUESSING
def test_five_wrong_passwords_from_elsewhere_do_not_lock_out_the_owner(client, make_user):
    admin = make_user(email="admin@example.com", admin=True)
    assert api_login(client, admin.email, PASSWORD, "10.0.0.1").status_code == 201
    browser_client = client.application.test_client()
    signed_in = post_form(browser_client, "/login", {"email": admin.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    for n in range(200):  # a stranger (or many) guessing from elsewhere, page and API
        guess = api_login(client, admin.email, f"guess number {n}", f"10.1.{n // 250}.{n % 250}")
        assert guess.status_code in (401, 429)
    # The owner's own client and browser still get in with the right password.
    assert api_login(client, admin.email, PASSWORD, "10.0.0.1").status_code == 201
    post_form(browser_client, "/logout", {}, page="/logout")
    again = post_form(browser_client, "/login", {"email": admin.email, "password": PASSWORD})
    assert again.status_code == 302
    # Five wrong passwords from one address do not stop a new client either.
    other = make_user(email="lan@example.com")
    for _ in range(5):
        assert api_login(client, other.email, "not it at all", "10.2.0.1").status_code == 401
    assert api_login(client, other.email, PASSWORD, "10.2.0.2").status_code == 201


@GUESSING
def test_brute_force_stays_below_100_guesses_per_account_per_hour(client, make_user, monkeypatch):
    import limits.storage.memory as memory

    clock = types.SimpleNamespace(now=1_000_000.0)
    monkeypatch.setattr(memory, "time", types.SimpleNamespace(time=lambda: clock.now))
    monkeypatch.setattr("app.security.time", types.SimpleNamespace(time=lambda: clock.now))
    person = make_user(email="lan@example.com")
    tried = 0
    for n in range(720):  # one guess every 5 seconds for an hour, each from a new address
        answer = api_login(client, person.email, f"guess {n}", f"10.{n // 250}.{n % 250}.7")
        assert answer.status_code in (401, 429)
        if answer.status_code == 429:
            assert int(answer.headers["Retry-After"]) >= 1
        tried += answer.status_code == 401
        clock.now += 5
    assert 0 < tried < 100


def test_logout_rotates_the_session_key(app, db, client, make_user):
    person = make_user()
    signed_in = post_form(
        client, "/login", {"email": person.email, "password": PASSWORD, "remember": "y"}
    )
    assert signed_in.status_code == 302
    copied = app.test_client()
    for cookie in ("session", "remember_token"):
        value = client.get_cookie(cookie)
        assert value is not None
        copied.set_cookie(cookie, value.value, domain="localhost")
    assert copied.get("/me").status_code == 200
    assert post_form(client, "/logout", {}, page="/logout").status_code == 302
    assert copied.get("/me").status_code == 302


@pytest.mark.parametrize(
    "spellings", [("Bearer {}", "bearer  {}", "  BEARER {}  "), ("Bearer {}", "Bearer {other}")]
)
def test_booking_rate_limits_follow_the_person_not_the_spelling_of_the_header(
    app, db, client, make_user, monkeypatch, spellings
):
    monkeypatch.setitem(app.config, "BOOKING_LIMIT_PER_ACCOUNT", "2/minute")
    person = make_user()
    secret = accounts.issue_token(db, person.id, label="a").secret
    other = accounts.issue_token(db, person.id, label="b").secret
    answers = []
    for spelling in (*spellings, spellings[0]):
        header = spelling.format(secret, other=other)
        response = client.post(
            "/api/v1/sessions/999999/bookings", json={"seats": 1}, headers={"Authorization": header}
        )
        answers.append(response.status_code)
    assert answers[-1] == 429
    assert answers[:2] == [404, 404]


def test_an_account_has_at_most_twenty_live_tokens(db, client, make_user):
    person = make_user()
    for _ in range(accounts.MAX_LIVE_TOKENS):
        assert api_login(client, person.email, PASSWORD, "10.0.0.1").status_code == 201
    refused = api_login(client, person.email, PASSWORD, "10.0.0.1")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "too_many_tokens"
    accounts.revoke_token(db, person.id, accounts.list_tokens(db, person.id)[0].id, now=_now())
    assert api_login(client, person.email, PASSWORD, "10.0.0.1").status_code == 201


def test_a_walk_in_at_an_account_address_is_a_guest_until_confirmed(
    app, client, db, make_space, make_workshop, make_session, make_user
):
    space = make_space()
    staff = make_user(staff_of=space, locale="en")
    sitting = make_session(make_workshop(space=space, price=0, capacity=5), capacity=5)
    lan = make_user(email="lan@example.com", name="Nguyễn Thị Lan")
    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}"
    for email in ("lan@example.com", "nobody-yet@example.com"):
        added = post_form(
            client,
            f"{page}/walk-in",
            {"name": "Khách ở cửa", "seats": "1", "email": email},
            page=page,
        )
        assert added.status_code == 302
    walk_ins = db.scalars(select(Booking).where(Booking.walk_in.is_(True))).all()
    assert lan.id not in {b.user_id for b in walk_ins}  # nothing attached to her account
    # Staff see both addresses the same way: whether one has an account does not show.
    roster = client.get(f"/manage/sessions/{sitting.id}/roster.csv").get_data(as_text=True)
    assert "lan@example.com" in roster and "nobody-yet@example.com" in roster
    person = app.test_client()
    log_in(person, lan)
    assert "Khách ở cửa" not in person.get("/me/bookings").get_data(as_text=True)
    db.get_one(User, lan.id).email_verified_at = _now()
    db.commit()
    assert "Khách ở cửa" in person.get("/me/bookings").get_data(as_text=True)
    (mine,) = [b for b in walk_ins if b.claim_email == "lan@example.com"]
    confirmed = post_form(person, f"/me/walk-ins/{mine.id}/confirm", {}, page="/me/bookings")
    assert confirmed.status_code == 302
    db.expire_all()
    assert db.get_one(Booking, mine.id).user_id == lan.id
