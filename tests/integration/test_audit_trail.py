"""The audit trail (issue 15, item 21): who (person and role) did what to which object, when,
from which client address; admins see and filter it; nobody edits it."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, select, text

from bookings import accounts, seats
from bookings.payments import payees, transfers
from bookings.seats.policy import DEFAULT_HOLD
from models import AuditEntry
from tests.conftest import PASSWORD, log_in
from tests.forms import post_form


def _entries(db) -> list[AuditEntry]:
    db.expire_all()
    return list(db.query(AuditEntry).order_by(AuditEntry.id))


def test_the_audit_trail_records_who_did_what_to_which_object_from_where(
    client, db, make_space, make_user, bearer
):
    space = make_space()
    admin = make_user(admin=True, email="admin@example.com")
    log_in(client, admin)
    suspended = post_form(
        client,
        f"/admin/spaces/{space.slug}/status",
        {"status": "suspended"},
        page=f"/admin/spaces/{space.slug}/status",
        environ_overrides={"REMOTE_ADDR": "10.9.8.7"},
    )
    assert suspended.status_code == 302
    owner = make_user(owner_of=space, email="owner@example.com")
    log_in(client, owner)
    post_form(
        client, f"/manage/spaces/{space.slug}/team", {"email": "new@example.com", "role": "staff"}
    )
    resident = make_user(email="lan@example.com")
    headers = bearer(resident)
    token_id = accounts.list_tokens(db, resident.id)[0].id
    assert client.delete(f"/api/v1/me/tokens/{token_id}", headers=headers).status_code == 204
    gone = make_user(email="gone@example.com")
    client.post("/api/v1/me/delete", json={"password": PASSWORD}, headers=bearer(gone))
    seen = [(e.actor_email, e.actor_role, e.action, e.object, e.client_ip) for e in _entries(db)]
    assert (
        "admin@example.com",
        "admin",
        "space.suspended",
        f"space:{space.slug}",
        "10.9.8.7",
    ) in seen
    assert any(s[:3] == ("owner@example.com", "staff", "team.invited") for s in seen)
    assert any(s[:3] == ("lan@example.com", "resident", "token.revoked") for s in seen)
    assert any(s[2:4] == ("account.deleted", f"user:{gone.id}") for s in seen)


def test_admins_see_and_filter_the_audit_trail(client, db, make_space, make_user, bearer):
    admin = make_user(admin=True)
    for n in range(3):
        accounts.invite_to_team(
            db,
            space_slug=make_space().slug,
            email=f"p{n}@example.com",
            role="staff",
            invited_by=admin.id,
            now=datetime.now(UTC),
        )
    headers = bearer(admin)
    page = client.get("/api/v1/admin/audit?action=team.invited&limit=2", headers=headers)
    assert page.status_code == 200
    body = page.get_json()
    assert [e["action"] for e in body["items"]] == ["team.invited", "team.invited"]
    assert body["items"][0]["id"] > body["items"][1]["id"]  # newest first
    rest = client.get(
        f"/api/v1/admin/audit?action=team.invited&cursor={body['next']}", headers=headers
    )
    assert len(rest.get_json()["items"]) == 1 and rest.get_json()["next"] is None
    assert client.get("/api/v1/admin/audit?action=nope", headers=headers).status_code == 400
    resident = make_user()
    assert client.get("/api/v1/admin/audit", headers=bearer(resident)).status_code == 403
    log_in(client, admin)
    assert "p0@example.com" in client.get("/admin/audit?action=team.invited").get_data(as_text=True)


@pytest.mark.postgres_only
def test_nobody_can_update_or_delete_the_audit_trail_on_postgresql(db, database_url, make_user):
    make_user(admin=True)
    accounts.revoke_token(
        db,
        *(lambda u, t: (u.id, t.token.id))(
            user := make_user(), accounts.issue_token(db, user.id, label="x")
        ),
        now=__import__("datetime").datetime.now(__import__("datetime").UTC),
    )
    engine = create_engine(database_url)
    try:
        for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
                connection.execute(text(statement))
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM audit_log")) >= 1
    finally:
        engine.dispose()


def test_payee_changes_and_money_handled_by_hand_are_in_the_audit_trail(
    db, make_space, make_workshop, make_session, make_user, now
):
    """The classic fraud (a changed payee) and every movement of money staff make by hand leave
    an entry: the account shown by its last digits only."""
    space = make_space()
    owner = make_user(owner_of=space)
    payees.set_payee(
        db, space_id=space.id, by=owner.id, bank_bin="970436", account_number="1023456789",
        account_name="XUONG GOM", now=now,
    )  # fmt: skip
    sitting = make_session(make_workshop(space, price=200_000))
    booking = seats.book_seats(
        db, session_id=sitting.id, user_id=make_user().id, seats=1, payment="bank_transfer",
        now=now, gateway="demo", hold=DEFAULT_HOLD,
    )  # fmt: skip
    seats.mark_paid(db, booking_id=booking.id, bank_reference="FT26333", now=now)
    seats.cancel_booking(db, booking_id=booking.id, user_id=None, now=now, by="staff")
    transfers.refund_paid(db, booking_id=booking.id, bank_reference="FT26334", now=now)
    payees.remove_payee(db, space_id=space.id, by=owner.id, now=now)

    entries = {(e.action, e.object) for e in db.scalars(select(AuditEntry))}
    assert ("payee.set", f"space:{space.id} 970436 …6789") in entries
    assert ("payee.removed", f"space:{space.id}") in entries
    assert ("transfer.marked_paid", f"booking:{booking.id} 200000 VND (FT26333)") in entries
    assert ("refund.paid_back", f"booking:{booking.id} 200000 VND") in entries
    assert not any("1023456789" in obj for _action, obj in entries)
