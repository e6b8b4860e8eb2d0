"""Translations read, not counted: every page route, in Vietnamese, shows no English.

The catalogues are compiled at the start of the session (``tests/conftest.py``). Each page of
the URL map is opened as the person it is for, and every form is posted with every field wrong
(nothing where something is required, words for numbers, impossible dates, far too long texts,
choices that are not offered); the page that answers, and the page a redirect leads to, must
hold no English source string of the catalogues, no English of the framework and no run of
plain English words (``tests/english.py``). A page route added without a row here fails
``test_every_page_route_is_read``. The world the pages show is built once for the module; each
test runs in a savepoint over it, rolled back (``shared_connection``).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from app.security import limiter
from bookings import accounts, attendance, seats
from bookings.messages import links as email_links
from bookings.payments import payees, transfers
from bookings.seats.policy import DEFAULT_HOLD
from bookings.unit.transaction import transaction
from models import Booking, Workshop, WorkshopSession
from tests.conftest import (
    hashed_once,
    log_in,
    module_session,
    session_factory,
    shared_connection,
    space_factory,
    user_factory,
    workshop_factory,
)
from tests.english import english_on

#: One pass (the SQLite one) runs this file: the words of the pages, from the catalogues and
#: templates: the same on either database. Every test runs in a savepoint over the module's
#: world, rolled back (``connection`` below), so none commits.
pytestmark = [pytest.mark.once, pytest.mark.usefixtures("connection")]

#: Routes that answer files or machines, not pages.
NOT_PAGES = {
    "static",
    "health.healthz",
    "health.ready",
    "health.prometheus_metrics",
    "calendars.network_ics",
    "calendars.personal_ics",
    "calendars.session_ics",
    "calendars.space_ics",
    "manage.roster_csv",
    "manage.ledger_csv",
    "auth.download_my_data",
    "admin.overview_csv",
    "payments.stripe_webhook",
    "webhooks.bank_notification",
    "webhooks.payos_notification",
    "reservations.booking_state",
}

LONG = "x" * 20_000

#: Every field of every form, wrong.
WRONG = {
    "name": "",
    "email": "lan-at-example",
    "password": "1",
    "current_password": "",
    "new_password": "1",
    "locale": "xx",
    "label": LONG,
    "title": "",
    "title_en": LONG,
    "description": LONG,
    "discipline": "pottery",
    "language": "fr",
    "price": "abc",
    "capacity": "-5",
    "max_seats_per_booking": "0",
    "duration_minutes": "99999999999",
    "booking_cutoff_minutes": "abc",
    "cancellation_deadline_hours": "-1",
    "min_age": "abc",
    "day": "2026-13-45",
    "at": "25:99",
    "weekdays": "9",
    "first_day": "someday",
    "weeks": "abc",
    "until": "31/02",
    "skip": "soon",
    "code": "",
    "seats": "abc",
    "note": LONG,
    "message": LONG,
    "location": LONG,
    "role": "boss",
    "slug": "Không Hợp Lệ!",
    "kind": "castle",
    "district": "nowhere",
    "address": "",
    "disciplines": "pottery",
    "website": "ftp://x",
    "member_since": "yesterday",
    "certificate_number": LONG,
    "phone": "call us",
    "messenger_url": "zalo.me/1",
    "payment": "gold",
    "answer": "maybe",
    "confirmed": "yes",
    "bank_bin": "999999",
    "account_number": "12",
    "account_name": "",
    "bank_reference": "",
    "booking_id": "abc",
}


@dataclass(frozen=True)
class Visit:
    role: str
    path: str
    body: dict | None = None
    #: The status of the answer before any redirect.
    status: int = 200


@dataclass
class World:
    slug: str = ""
    values: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)


STAFF, OWNER, ADMIN, RESIDENT, NOBODY = "staff", "owner", "admin", "resident", "anonymous"

PAGES: dict[tuple[str, str], Visit] = {
    ("catalogue.home", "GET"): Visit(NOBODY, "/"),
    ("catalogue.spaces", "GET"): Visit(
        NOBODY, "/spaces?kind=castle&district=x&discipline=x", status=400
    ),
    ("catalogue.space", "GET"): Visit(NOBODY, "/spaces/{space}"),
    ("catalogue.sessions", "GET"): Visit(
        NOBODY,
        "/sessions?from=someday&to=x&discipline=x&free=maybe&available=x&limit=0",
        status=400,
    ),
    ("catalogue.session", "GET"): Visit(RESIDENT, "/sessions/{late_session}"),
    ("catalogue.switch_language", "GET"): Visit(NOBODY, "/language/vi", status=302),
    ("auth.register", "GET"): Visit(NOBODY, "/register"),
    ("auth.register", "POST"): Visit(NOBODY, "/register", WRONG, 400),
    ("auth.login", "GET"): Visit(NOBODY, "/login"),
    ("auth.login", "POST"): Visit(NOBODY, "/login", WRONG, 400),
    ("auth.logout", "GET"): Visit(RESIDENT, "/logout"),
    ("auth.logout", "POST"): Visit(RESIDENT, "/logout", {}, 302),
    ("auth.profile", "GET"): Visit(STAFF, "/me"),
    ("auth.profile", "POST"): Visit(RESIDENT, "/me", WRONG, 400),
    ("auth.change_password", "GET"): Visit(RESIDENT, "/me/password"),
    ("auth.change_password", "POST"): Visit(RESIDENT, "/me/password", WRONG, 400),
    ("auth.tokens", "GET"): Visit(RESIDENT, "/me/tokens"),
    ("auth.privacy_notice", "GET"): Visit(NOBODY, "/privacy"),
    ("auth.agree_to_notice", "GET"): Visit(RESIDENT, "/privacy/agree"),
    ("auth.agree_to_notice", "POST"): Visit(RESIDENT, "/privacy/agree", WRONG, 302),
    ("auth.delete_account", "GET"): Visit(RESIDENT, "/me/delete"),
    ("auth.delete_account", "POST"): Visit(RESIDENT, "/me/delete", WRONG, 400),
    ("auth.tokens", "POST"): Visit(RESIDENT, "/me/tokens", WRONG, 400),
    ("auth.revoke_token", "POST"): Visit(RESIDENT, "/me/tokens/{token_id}/revoke", {}, 302),
    ("auth.invitations", "GET"): Visit(RESIDENT, "/me/invitations"),
    ("auth.accept_invitation", "POST"): Visit(RESIDENT, "/me/invitations/99999999/accept", {}, 404),
    ("calendars.rotate", "POST"): Visit(RESIDENT, "/me/calendar/rotate", {}, 302),
    ("reservations.book", "POST"): Visit(RESIDENT, "/sessions/{open_session}/book", WRONG, 302),
    ("reservations.my_bookings", "GET"): Visit(RESIDENT, "/me/bookings"),
    ("reservations.confirm_walk_in", "POST"): Visit(
        RESIDENT, "/me/walk-ins/99999999/confirm", {}, 404
    ),
    ("reservations.booking", "GET"): Visit(RESIDENT, "/me/bookings/{refunded_booking}"),
    ("reservations.cancel", "GET"): Visit(RESIDENT, "/me/bookings/{late_booking}/cancel"),
    ("reservations.cancel", "POST"): Visit(RESIDENT, "/me/bookings/{late_booking}/cancel", {}, 302),
    ("reservations.refund_account", "POST"): Visit(
        RESIDENT, "/me/bookings/{owed_booking}/refund-account", WRONG, 302
    ),
    ("reservations.accept_offer", "POST"): Visit(
        RESIDENT, "/me/bookings/{late_booking}/accept-offer", {}, 302
    ),
    ("reservations.decline_offer", "POST"): Visit(
        RESIDENT, "/me/bookings/{late_booking}/decline-offer", {}, 302
    ),
    ("payments.pay", "GET"): Visit(RESIDENT, "/payments/{payment_ref}", status=302),
    ("payments.demo_checkout", "GET"): Visit(RESIDENT, "/payments/demo/{payment_ref}"),
    ("payments.demo_pay", "POST"): Visit(RESIDENT, "/payments/demo/{payment_ref}/pay", {}, 302),
    ("payments.demo_cancel", "POST"): Visit(
        RESIDENT, "/payments/demo/{payment_ref}/cancel", {}, 302
    ),
    ("payments.stripe_return", "GET"): Visit(RESIDENT, "/payments/stripe/return/x", status=404),
    ("links.offer", "GET"): Visit(NOBODY, "/offers/{offer_token}"),
    ("links.offer", "POST"): Visit(NOBODY, "/offers/{offer_token}", WRONG),
    ("links.verify_email", "GET"): Visit(NOBODY, "/verify-email/{verify_token}"),
    ("links.verify_email", "POST"): Visit(NOBODY, "/verify-email/not-a-token", {}, 404),
    ("links.reset_password", "GET"): Visit(NOBODY, "/reset-password/{reset_token}"),
    ("links.reset_password", "POST"): Visit(NOBODY, "/reset-password/{reset_token}", WRONG, 400),
    ("links.forgot_password", "GET"): Visit(NOBODY, "/forgot-password"),
    # The same answer whatever the address: nobody learns who has an account.
    ("links.forgot_password", "POST"): Visit(NOBODY, "/forgot-password", WRONG, 302),
    ("devmail.outbox", "GET"): Visit(NOBODY, "/dev/mail/"),
    ("devbank.pending_transfers", "GET"): Visit(NOBODY, "/dev/bank/"),
    ("devbank.notify", "POST"): Visit(NOBODY, "/dev/bank/{transfer_booking}/notify", {}, 302),
    ("devmail.message", "GET"): Visit(NOBODY, "/dev/mail/99999999", status=404),
    ("manage.home", "GET"): Visit(ADMIN, "/manage/"),
    ("manage.today", "GET"): Visit(STAFF, "/manage/today"),
    ("manage.space", "GET"): Visit(STAFF, "/manage/spaces/{space}"),
    ("manage.contact", "GET"): Visit(STAFF, "/manage/spaces/{space}/contact"),
    ("manage.payee", "GET"): Visit(OWNER, "/manage/spaces/{space}/payee"),
    ("manage.payee", "POST"): Visit(OWNER, "/manage/spaces/{space}/payee", WRONG, 400),
    ("manage.remove_payee", "POST"): Visit(OWNER, "/manage/spaces/{space}/payee/remove", {}, 302),
    ("manage.notification_key", "POST"): Visit(OWNER, "/manage/spaces/{space}/payee/key", {}),
    ("manage.set_payos", "POST"): Visit(OWNER, "/manage/spaces/{space}/payos", WRONG, 302),
    ("manage.remove_payos", "POST"): Visit(OWNER, "/manage/spaces/{space}/payos/remove", {}, 302),
    ("manage.transfers_page", "GET"): Visit(STAFF, "/manage/spaces/{space}/transfers"),
    ("manage.ledger", "GET"): Visit(STAFF, "/manage/spaces/{space}/ledger"),
    ("admin.card_balances", "GET"): Visit(ADMIN, "/admin/card-balances"),
    ("manage.attach_transfer", "POST"): Visit(
        STAFF, "/manage/spaces/{space}/transfers/{unmatched}/attach", WRONG, 302
    ),
    ("manage.mark_transfer_paid", "POST"): Visit(
        STAFF, "/manage/bookings/{transfer_booking}/transfer-paid", WRONG, 302
    ),
    ("manage.refund_paid", "POST"): Visit(
        STAFF, "/manage/bookings/{owed_booking}/refund-paid", WRONG, 302
    ),
    ("manage.contact", "POST"): Visit(STAFF, "/manage/spaces/{space}/contact", WRONG, 400),
    ("manage.team", "GET"): Visit(OWNER, "/manage/spaces/{space}/team"),
    ("manage.team", "POST"): Visit(OWNER, "/manage/spaces/{space}/team", WRONG, 400),
    ("manage.withdraw_invitation", "POST"): Visit(
        OWNER, "/manage/spaces/{space}/invitations/99999999/withdraw", {}, 404
    ),
    ("manage.remove_from_team", "POST"): Visit(
        OWNER, "/manage/spaces/{space}/team/{staff_id}/remove", {}, 302
    ),
    ("manage.overview_page", "GET"): Visit(STAFF, "/manage/spaces/{space}/overview"),
    ("manage.new_workshop", "GET"): Visit(STAFF, "/manage/spaces/{space}/workshops/new"),
    ("manage.new_workshop", "POST"): Visit(
        STAFF, "/manage/spaces/{space}/workshops/new", WRONG, 400
    ),
    ("manage.workshop", "GET"): Visit(STAFF, "/manage/workshops/{workshop}"),
    ("manage.edit_workshop", "GET"): Visit(STAFF, "/manage/workshops/{workshop}/edit"),
    ("manage.edit_workshop", "POST"): Visit(STAFF, "/manage/workshops/{workshop}/edit", WRONG, 400),
    ("manage.archive_workshop", "POST"): Visit(
        STAFF, "/manage/workshops/{workshop}/archive", {}, 302
    ),
    ("manage.add_session", "POST"): Visit(
        STAFF, "/manage/workshops/{workshop}/sessions", WRONG, 400
    ),
    ("manage.series", "GET"): Visit(STAFF, "/manage/workshops/{workshop}/series"),
    ("manage.series", "POST"): Visit(STAFF, "/manage/workshops/{workshop}/series", WRONG, 400),
    ("manage.session", "GET"): Visit(STAFF, "/manage/sessions/{door_session}"),
    ("manage.session_tools", "GET"): Visit(STAFF, "/manage/sessions/{door_session}/tools"),
    ("manage.check_in_by_code", "POST"): Visit(
        STAFF, "/manage/sessions/{door_session}/check-in", WRONG, 400
    ),
    ("manage.check_in", "POST"): Visit(STAFF, "/manage/bookings/{door_booking}/check-in", {}, 302),
    ("manage.undo_check_in", "POST"): Visit(
        STAFF, "/manage/bookings/{door_booking}/undo-check-in", {}, 302
    ),
    ("manage.mark_paid", "POST"): Visit(STAFF, "/manage/bookings/{door_booking}/paid", {}, 302),
    ("manage.note", "POST"): Visit(STAFF, "/manage/bookings/{door_booking}/note", WRONG, 302),
    ("manage.walk_in", "POST"): Visit(STAFF, "/manage/sessions/{door_session}/walk-in", WRONG, 400),
    ("manage.no_shows", "GET"): Visit(STAFF, "/manage/sessions/{door_session}/no-shows"),
    ("manage.no_shows", "POST"): Visit(STAFF, "/manage/sessions/{door_session}/no-shows", {}, 302),
    ("manage.roster_print", "GET"): Visit(STAFF, "/manage/sessions/{door_session}/print"),
    ("manage.capacity", "POST"): Visit(
        STAFF, "/manage/sessions/{door_session}/capacity", WRONG, 400
    ),
    ("manage.move", "POST"): Visit(STAFF, "/manage/sessions/{door_session}/move", WRONG, 400),
    ("manage.cancel", "GET"): Visit(STAFF, "/manage/sessions/{door_session}/cancel"),
    ("manage.cancel", "POST"): Visit(STAFF, "/manage/sessions/{door_session}/cancel", WRONG, 400),
    ("admin.home", "GET"): Visit(ADMIN, "/admin/?q=gốm&sort=-team"),
    ("admin.new_space", "GET"): Visit(ADMIN, "/admin/spaces/new"),
    ("admin.new_space", "POST"): Visit(ADMIN, "/admin/spaces/new", WRONG, 400),
    ("admin.edit_space", "GET"): Visit(ADMIN, "/admin/spaces/{space}/edit"),
    ("admin.edit_space", "POST"): Visit(ADMIN, "/admin/spaces/{space}/edit", WRONG, 400),
    ("admin.space_status", "GET"): Visit(ADMIN, "/admin/spaces/{space}/status"),
    ("admin.space_status", "POST"): Visit(ADMIN, "/admin/spaces/{space}/status", {}, 302),
    ("admin.retry_job", "POST"): Visit(ADMIN, "/admin/jobs/message/99999999/retry", {}, 302),
    ("admin.network_overview", "GET"): Visit(ADMIN, "/admin/overview"),
    ("admin.background_work", "GET"): Visit(ADMIN, "/admin/jobs"),
    ("admin.audit", "GET"): Visit(ADMIN, "/admin/audit"),
}


def test_every_page_route_is_read(app):
    served = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if not rule.endpoint.startswith("api.") and rule.endpoint not in NOT_PAGES
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert sorted(served - set(PAGES)) == [], "page routes nobody reads in Vietnamese"
    assert sorted(set(PAGES) - served) == [], "rows for routes that no longer exist"


@pytest.fixture(scope="module")
def world(module_connection):
    """A space with its team and a varied week: a door with people (one in), a session whose
    cancellation deadline has passed, a refunded booking, seats held for a card payment, an
    offer of seats and the links of the emails. Vietnamese words only. Built once for the
    module (its session closed before the tests, with what it loaded)."""
    with module_session(module_connection) as db, hashed_once():
        return _world(db, datetime.now(UTC))


@pytest.fixture
def connection(module_connection, world):
    with shared_connection(module_connection) as connection:
        yield connection


def _world(db, now: datetime) -> World:
    make_space, make_user = space_factory(db), user_factory(db)
    make_workshop = workshop_factory(db, make_space)
    make_session = session_factory(db, make_workshop, now)
    space = make_space(
        name="Xưởng Gốm Hàng Buồm", slug="xuong-gom", phone="024 3823 4567", email="gom@example.vn"
    )
    people = {
        RESIDENT: make_user(name="Nguyễn Thị Lan"),
        STAFF: make_user(name="Lê Minh Thư", staff_of=space),
        OWNER: make_user(name="Phạm Quang Huy", owner_of=space),
        ADMIN: make_user(name="Trần Quốc Bảo", admin=True),
    }
    resident = people[RESIDENT].id
    free = make_workshop(space=space, title="Gốm bàn xoay", price=0, capacity=6)
    paid = make_workshop(
        space=space, title="In lụa cơ bản", price=150_000, pay_at_venue=True, capacity=6
    )
    door = make_session(paid, starts_in=timedelta(minutes=-10))
    walk_in = attendance.walk_in(
        db, session_id=door.id, name="Vũ Đức Minh", seats=1, now=now, by=people[STAFF].id
    )
    door_booking = seats.book_seats(
        db,
        session_id=make_session(paid, starts_in=timedelta(hours=1)).id,
        user_id=resident,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    late = make_session(paid, starts_in=timedelta(hours=3))
    late_booking = seats.book_seats(
        db,
        session_id=late.id,
        user_id=resident,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    refunded = seats.book_seats(
        db, session_id=make_session(paid, starts_in=timedelta(days=5)).id, user_id=resident,
        seats=1, now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )  # fmt: skip
    seats.payment_succeeded(
        db, reference=refunded.payments[0].reference, now=now, charge_id="ch_vi"
    )
    seats.cancel_booking(db, booking_id=refunded.id, user_id=resident, now=now)
    held = seats.book_seats(
        db, session_id=make_session(paid, starts_in=timedelta(days=6)).id, user_id=resident,
        seats=2, now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )  # fmt: skip
    payees.set_payee(
        db,
        space_id=space.id,
        by=people[OWNER].id,
        bank_bin="970436",
        account_number="1023456789",
        account_name="Xưởng Gốm Hàng Buồm",
        now=now,
    )
    transfer = {"payment": "bank_transfer", "now": now, "gateway": "demo", "hold": DEFAULT_HOLD}
    by_transfer = seats.book_seats(
        db, session_id=make_session(paid, starts_in=timedelta(days=7)).id, user_id=resident,
        seats=2, **transfer,
    )  # fmt: skip
    owed = seats.book_seats(
        db, session_id=make_session(paid, starts_in=timedelta(days=8)).id, user_id=resident,
        seats=1, **transfer,
    )  # fmt: skip
    seats.mark_paid(db, booking_id=owed.id, bank_reference="FT24335", now=now)
    seats.cancel_booking(db, booking_id=owed.id, user_id=resident, now=now)
    transfers.set_refund_account(
        db,
        booking_id=owed.id,
        user_id=resident,
        bank_bin="970422",
        account_number="0987654321",
        account_name="Nguyễn Thị Lan",
    )
    unmatched = transfers.BankNotice(
        id="vcb-1", transfer_type="in", amount=50_000, account_number="1023456789",
        content="chuyen tien hoc in lua",
    )  # fmt: skip
    transfers.receive_notification(db, space_id=space.id, notice=unmatched, now=now)
    world = World(space.slug, people=people)
    world.values = {
        "transfer_booking": by_transfer.id,
        "transfer_session": by_transfer.session_id,
        "owed_booking": owed.id,
        "unmatched": unmatched.id,
        "space": space.slug,
        "workshop": free.id,
        "open_session": make_session(free).id,
        "late_session": late.id,
        "late_booking": late_booking.id,
        "door_session": door.id,
        "door_booking": door_booking.id,
        "walk_in": walk_in.id,
        "refunded_booking": refunded.id,
        "payment_ref": held.payments[0].reference,
        "staff_id": people[STAFF].id,
        "token_id": _token_id(db, resident),
        **_link_tokens(db, space, resident, datetime.now(UTC)),
    }
    return world


def _token_id(db, user_id: int) -> int:
    return accounts.issue_token(db, user_id, label="điện thoại").token.id


def _link_tokens(db, space, resident_id: int, now) -> dict[str, str]:
    """An open offer of seats to the resident, and the secrets of the email links."""
    sitting = WorkshopSession(
        workshop=Workshop(
            space=space, title="Nến thơm", discipline="candle-making", price=0, capacity=1,
            duration_minutes=60,
        ),
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=1),
        capacity=1,
    )  # fmt: skip
    db.add(sitting)
    db.commit()
    holder = accounts.register(
        db, email="holder@example.com", password="ceramic wheels turn slowly", name="Đỗ Hà"
    )
    first = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=holder.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    waiting = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=resident_id,
        seats=1,
        now=now,
        join_waitlist=True,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.cancel_booking(db, booking_id=first.id, user_id=holder.id, now=now)
    assert db.get(Booking, waiting.id).status == "offered"
    secrets = {}
    with transaction(db):
        for purpose in ("offer", "verify_email", "reset_password"):
            secrets[purpose] = email_links.new_secret()
            email_links.add_token(
                db,
                purpose=purpose,
                user_id=resident_id,
                booking_id=waiting.id if purpose == "offer" else None,
                secret=secrets[purpose],
                expires_at=now + timedelta(hours=1),
                now=now,
            )
    return {
        "offer_token": secrets["offer"],
        "verify_token": secrets["verify_email"],
        "reset_token": secrets["reset_password"],
    }


@pytest.mark.parametrize("key", sorted(PAGES), ids=lambda key: f"{key[1]} {key[0]}")
def test_a_vietnamese_page_shows_no_english(app, connection, world, key, monkeypatch):
    """The CSRF check is off (it has its own tests): this is about what the pages say."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    limiter.reset()
    visit = PAGES[key]
    path = visit.path.format(**world.values)
    client = app.test_client()
    if visit.role != NOBODY:
        log_in(client, world.people[visit.role])
    headers = {"Accept-Language": "vi"}
    savepoint = connection.begin_nested()
    try:
        first = client.open(path, method=key[1], data=visit.body, headers=headers)
        answer = first
        while answer.status_code in (301, 302, 303) and answer.headers["Location"].startswith("/"):
            answer = client.get(answer.headers["Location"], headers=headers)
    finally:
        savepoint.rollback()
    assert first.status_code == visit.status, f"{key}: {first.status_code}"
    assert answer.mimetype == "text/html", key
    page = answer.get_data(as_text=True)
    assert '<html lang="vi">' in page, key
    assert english_on(page) == [], key


#: Pages the routes above show in more than one state: a held bank transfer (the VietQR, the
#: numbers to copy, the time left), a transfer refund owed (the account form), the booking card
#: offering a transfer.
STATES = {
    "a held transfer": Visit(RESIDENT, "/me/bookings/{transfer_booking}"),
    "a transfer refund owed": Visit(RESIDENT, "/me/bookings/{owed_booking}"),
    "the booking card with transfer": Visit(RESIDENT, "/sessions/{transfer_session}"),
}


@pytest.mark.parametrize("name", sorted(STATES))
def test_a_vietnamese_page_in_each_state_shows_no_english(app, connection, world, name):
    visit = STATES[name]
    client = app.test_client()
    log_in(client, world.people[visit.role])
    savepoint = connection.begin_nested()
    try:
        answer = client.get(visit.path.format(**world.values), headers={"Accept-Language": "vi"})
    finally:
        savepoint.rollback()
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert english_on(page) == [], name
