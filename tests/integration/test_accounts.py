"""The account use cases on a real database."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, func, select

from bookings import accounts
from bookings.errors import EmailTaken, InvalidInput, NotFound
from models import ApiToken, OutboxEvent, StaffMembership, User
from tests.conftest import PASSWORD
from tests.databases import domain_session

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def test_register_stores_a_normalised_email_and_only_a_hash(db):
    user = accounts.register(db, email="  Lan.Nguyen@Example.COM ", password=PASSWORD, name=" Lan ")
    stored = db.get_one(User, user.id)
    assert stored.email == "lan.nguyen@example.com" and stored.name == "Lan"
    assert PASSWORD not in stored.password_hash
    assert len(stored.session_key) >= 32


def test_register_refuses_a_taken_email_in_any_case(db):
    accounts.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    with pytest.raises(EmailTaken):
        accounts.register(db, email="LAN@EXAMPLE.COM", password=PASSWORD, name="Lan 2")
    assert db.scalar(select(func.count()).select_from(User)) == 1


def test_authenticate(db):
    user = accounts.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    assert accounts.authenticate(db, email=" Lan@example.com", password=PASSWORD).id == user.id
    assert accounts.authenticate(db, email="lan@example.com", password=PASSWORD + "x") is None
    assert accounts.authenticate(db, email="who@example.com", password=PASSWORD) is None


def test_a_weakly_hashed_password_is_rehashed_at_login(db):
    from argon2 import PasswordHasher

    user = accounts.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    db.get_one(User, user.id).password_hash = weak
    db.commit()
    accounts.authenticate(db, email="lan@example.com", password=PASSWORD)
    db.expire_all()
    assert db.get_one(User, user.id).password_hash != weak


def test_changing_the_password_changes_the_session_key(db):
    user = accounts.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    old_login = user.get_id()
    assert accounts.load_session_user(db, old_login).id == user.id
    accounts.change_password(
        db, user.id, current_password=PASSWORD, new_password="new lanterns tonight", now=NOW
    )
    assert accounts.load_session_user(db, old_login) is None
    assert accounts.load_session_user(db, db.get_one(User, user.id).get_id()) is not None
    with pytest.raises(InvalidInput):
        accounts.change_password(
            db, user.id, current_password=PASSWORD, new_password="another good one here", now=NOW
        )


@pytest.mark.parametrize("login_id", ["", "x", "1", "1:", ":abc", "abc:def", "99999:key"])
def test_malformed_login_cookies_find_nobody(db, login_id):
    assert accounts.load_session_user(db, login_id) is None


def test_tokens_are_stored_as_digests_and_revocable(db):
    user = accounts.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    issued = accounts.issue_token(db, user.id, label="phone")
    stored = db.get_one(ApiToken, issued.token.id)
    assert issued.secret not in (stored.token_hash, stored.prefix)
    assert issued.secret.startswith(stored.prefix)
    assert accounts.user_for_token(db, issued.secret, now=NOW).id == user.id
    accounts.revoke_token(db, user.id, issued.token.id, now=NOW)
    assert accounts.user_for_token(db, issued.secret, now=NOW) is None
    with pytest.raises(NotFound):
        accounts.revoke_token(db, user.id, issued.token.id, now=NOW)


def test_token_use_is_recorded_about_once_an_hour(db):
    user = accounts.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    issued = accounts.issue_token(db, user.id, label="phone")
    accounts.user_for_token(db, issued.secret, now=NOW)
    accounts.user_for_token(db, issued.secret, now=NOW + timedelta(minutes=30))
    db.expire_all()
    assert db.get_one(ApiToken, issued.token.id).last_used_at == NOW
    accounts.user_for_token(db, issued.secret, now=NOW + timedelta(minutes=61))
    db.expire_all()
    assert db.get_one(ApiToken, issued.token.id).last_used_at == NOW + timedelta(minutes=61)


def test_add_change_and_remove_staff(db, make_space):
    space = make_space()
    user = accounts.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    accounts.add_to_team(db, space_slug=space.slug, user_id=user.id, role="staff")
    accounts.add_to_team(db, space_slug=space.slug, user_id=user.id, role="owner")
    team = accounts.space_team(db, space.id)
    assert [(m.user_id, m.role) for m in team] == [(user.id, "owner")]
    accounts.remove_staff(db, space_slug=space.slug, user_id=user.id)
    assert accounts.space_team(db, space.id) == []
    with pytest.raises(NotFound):
        accounts.remove_staff(db, space_slug=space.slug, user_id=user.id)


def test_inviting_needs_an_address_and_a_known_role(db, make_space, make_user):
    space, owner = make_space(), make_user()
    with pytest.raises(InvalidInput) as refused:
        accounts.invite_to_team(
            db, space_slug=space.slug, email="nobody", role="staff", invited_by=owner.id, now=NOW
        )
    assert set(refused.value.fields) == {"email"}
    with pytest.raises(InvalidInput):
        accounts.invite_to_team(
            db,
            space_slug=space.slug,
            email="x@example.com",
            role="king",
            invited_by=owner.id,
            now=NOW,
        )


def test_create_user_is_all_or_nothing(db, make_space):
    with pytest.raises(InvalidInput):
        accounts.create_user(db, email="s@example.com", password=PASSWORD, role="staff")
    with pytest.raises(InvalidInput):
        accounts.create_user(
            db, email="s@example.com", password=PASSWORD, role="staff", space_slug="nowhere"
        )
    assert db.scalar(select(func.count()).select_from(User)) == 0
    space = make_space()
    staff = accounts.create_user(
        db, email="s@example.com", password=PASSWORD, role="staff", space_slug=space.slug
    )
    admin = accounts.create_user(db, email="a@example.com", password=PASSWORD, role="admin")
    assert db.get_one(StaffMembership, (staff.id, space.id)).role == "staff"
    assert db.get_one(User, admin.id).is_admin and not db.get_one(User, staff.id).is_admin


@pytest.mark.postgres_only
def test_two_people_registering_one_email_at_once_get_one_account(database_url):
    """Both pass the "is it taken?" check; the unique index decides, and the loser is told."""
    engine = create_engine(database_url, pool_size=4)
    barrier = threading.Barrier(4)
    outcomes = []

    def attempt(n: int) -> None:
        with domain_session(engine) as session:
            barrier.wait(timeout=10)
            try:
                accounts.register(session, email="Race@Example.com", password=PASSWORD, name=f"{n}")
                outcomes.append("created")
            except EmailTaken:
                outcomes.append("taken")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    try:
        assert sorted(outcomes) == ["created", "taken", "taken", "taken"]
    finally:
        with engine.begin() as connection:  # what it committed: the account and its event
            connection.execute(User.__table__.delete().where(User.email == "race@example.com"))
            connection.execute(
                OutboxEvent.__table__.delete().where(OutboxEvent.name == "AccountRegistered")
            )
        engine.dispose()
