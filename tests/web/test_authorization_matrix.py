"""Every route × every kind of person → the expected answer.

The routes come from the app's URL map: a route added without a row here fails
``test_every_route_has_a_row``, so nobody can add a page or an endpoint and forget who may use it.
Each cell runs inside a savepoint that is rolled back, so what one person does (revoking a token,
removing a team member) never changes what the next one sees. The world they act on is built once
for the module, and each test's own savepoint is rolled back too (``shared_connection``).

A cell is a status, or ``LOGIN`` (a page sends the visitor to the login form).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from app.security import limiter
from bookings import accounts, seats
from bookings.messages import links as email_links
from bookings.seats.policy import DEFAULT_HOLD
from bookings.unit.transaction import transaction
from models import Booking, User, Workshop, WorkshopSession
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

#: One pass (the SQLite one) runs this file: who may use each route is decided by the routes'
#: decorators and the use cases' checks, in Python; every cell is rolled back, so no database
#: behaviour is at stake. Every test runs in a savepoint over the module's world, rolled back
#: (``connection`` below), so none commits.
pytestmark = [pytest.mark.once, pytest.mark.usefixtures("connection")]

ROLES = ("anonymous", "resident", "staff", "owner", "other_staff", "admin")
LOGIN = "login"


@dataclass
class World:
    """Everything the routes need: a space with its staff and owner, another space, people."""

    space: object
    other_space: object
    session_id: int
    people: dict
    tokens: dict = field(default_factory=dict)
    token_ids: dict = field(default_factory=dict)
    workshop_id: int = 0
    open_session_id: int = 0
    resident_booking_id: int = 0
    resident_ticket: str = ""
    payment_ref: str = ""
    link_tokens: dict = field(default_factory=dict)
    invitation_id: int = 0


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # formatted with the World: {space}, {session}, {resident_token_id} …
    expected: dict
    body: dict | None = None
    json: bool = False


def everyone(status) -> dict:
    return dict.fromkeys(ROLES, status)


def people(status, anonymous=LOGIN) -> dict:
    """Anyone logged in gets ``status``; an anonymous visitor gets ``anonymous``."""
    return {**everyone(status), "anonymous": anonymous}


def only(allowed: dict, refused) -> dict:
    """``allowed`` roles get their status, anonymous visitors the login page, others ``refused``."""
    return {**everyone(refused), "anonymous": LOGIN, **allowed}


def api_only(allowed: dict, refused) -> dict:
    """API: ``allowed`` roles get their status, the caller without a token 401, others
    ``refused``."""
    return {**everyone(refused), "anonymous": 401, **allowed}


def STAFF_OF_SPACE(status) -> dict:  # noqa: N802  (reads as a constant in the table)
    return {"staff": status, "owner": status, "admin": status}


def OWNERS_OF_SPACE(status) -> dict:  # noqa: N802  (reads as a constant in the table)
    return {"owner": status, "admin": status}


#: A valid workshop as the staff pages' form sends it.
WORKSHOP = {
    "title": "Nến thơm",
    "discipline": "candle-making",
    "language": "vi",
    "price": "120000",
    "capacity": "8",
    "max_seats_per_booking": "4",
    "duration_minutes": "90",
    "booking_cutoff_minutes": "60",
    "cancellation_deadline_hours": "24",
}

#: A valid member space as the admin form sends it.
SPACE = {
    "name": "Nhà Sàn Studio",
    "kind": "art-space",
    "district": "tay-ho",
    "address": "12 Quảng An, Tây Hồ, Hà Nội",
    "disciplines": "ceramics",
}

MATRIX: dict[tuple[str, str], Row] = {
    # Public catalogue
    ("catalogue.home", "GET"): Row("GET", "/", everyone(200)),
    ("catalogue.spaces", "GET"): Row("GET", "/spaces", everyone(200)),
    ("catalogue.space", "GET"): Row("GET", "/spaces/{space}", everyone(200)),
    ("catalogue.sessions", "GET"): Row("GET", "/sessions", everyone(200)),
    ("catalogue.session", "GET"): Row("GET", "/sessions/{session}", everyone(200)),
    ("catalogue.switch_language", "GET"): Row("GET", "/language/en", everyone(302)),
    ("health.healthz", "GET"): Row("GET", "/healthz", everyone(200)),
    ("health.ready", "GET"): Row("GET", "/healthz/ready", everyone(200)),
    # Metrics: no token is set in development, where they are open (tests/web/test_health.py)
    ("health.prometheus_metrics", "GET"): Row("GET", "/metrics", everyone(200)),
    # Accounts
    ("auth.register", "GET"): Row("GET", "/register", people(302, anonymous=200)),
    ("auth.register", "POST"): Row("POST", "/register", people(302, anonymous=400), body={}),
    ("auth.login", "GET"): Row("GET", "/login", everyone(200)),
    ("auth.login", "POST"): Row("POST", "/login", everyone(400), body={}),
    ("auth.logout", "GET"): Row("GET", "/logout", everyone(200)),
    ("auth.logout", "POST"): Row("POST", "/logout", everyone(302), body={}),
    ("auth.profile", "GET"): Row("GET", "/me", people(200)),
    ("auth.profile", "POST"): Row(
        "POST", "/me", people(302), body={"name": "Đặng Thái Sơn", "locale": "vi"}
    ),
    ("auth.change_password", "GET"): Row("GET", "/me/password", people(200)),
    ("auth.change_password", "POST"): Row("POST", "/me/password", people(400), body={}),
    ("auth.tokens", "GET"): Row("GET", "/me/tokens", people(200)),
    ("auth.tokens", "POST"): Row("POST", "/me/tokens", people(200), body={"label": "script"}),
    ("auth.invitations", "GET"): Row("GET", "/me/invitations", people(200)),
    ("auth.privacy_notice", "GET"): Row("GET", "/privacy", everyone(200)),
    ("auth.agree_to_notice", "GET"): Row("GET", "/privacy/agree", people(200)),
    # An empty form names no version: the page asks again.
    ("auth.agree_to_notice", "POST"): Row("POST", "/privacy/agree", people(302), body={}),
    ("auth.download_my_data", "GET"): Row("GET", "/me/data.json", people(200)),
    ("auth.delete_account", "GET"): Row("GET", "/me/delete", people(200)),
    ("auth.delete_account", "POST"): Row("POST", "/me/delete", people(400), body={}),
    ("auth.accept_invitation", "POST"): Row(
        "POST",
        "/me/invitations/{invitation}/accept",
        only({"resident": 302}, 404),  # addressed to the resident's confirmed address only
        body={},
    ),
    ("auth.revoke_token", "POST"): Row(
        "POST",
        "/me/tokens/{resident_token_id}/revoke",
        only({"resident": 302}, 404),  # another person's token: as if it did not exist
        body={},
    ),
    # Staff area
    ("manage.home", "GET"): Row(
        "GET", "/manage/", only({"staff": 302, "owner": 302, "other_staff": 302, "admin": 200}, 403)
    ),
    ("manage.today", "GET"): Row(
        "GET",
        "/manage/today",
        only({"staff": 200, "owner": 200, "other_staff": 200, "admin": 200}, 403),
    ),
    # A space's bank account: its owners and admins only; transfers: its staff
    ("manage.payee", "GET"): Row(
        "GET", "/manage/spaces/{space}/payee", only(OWNERS_OF_SPACE(200), 403)
    ),
    ("manage.payee", "POST"): Row(
        "POST",
        "/manage/spaces/{space}/payee",
        only(OWNERS_OF_SPACE(302), 403),
        {"bank_bin": "970436", "account_number": "1023456789", "account_name": "Nha San"},
    ),
    ("manage.remove_payee", "POST"): Row(
        "POST", "/manage/spaces/{space}/payee/remove", only(OWNERS_OF_SPACE(302), 403), {}
    ),
    ("manage.notification_key", "POST"): Row(
        "POST", "/manage/spaces/{space}/payee/key", only(OWNERS_OF_SPACE(200), 403), {}
    ),
    ("manage.set_payos", "POST"): Row(
        "POST",
        "/manage/spaces/{space}/payos",
        only(OWNERS_OF_SPACE(302), 403),
        {"client_id": "cid-1234", "api_key": "ak-secret", "checksum_key": "ck-secret"},
    ),
    ("manage.remove_payos", "POST"): Row(
        "POST", "/manage/spaces/{space}/payos/remove", only(OWNERS_OF_SPACE(302), 403), {}
    ),
    ("manage.transfers_page", "GET"): Row(
        "GET", "/manage/spaces/{space}/transfers", only(STAFF_OF_SPACE(200), 403)
    ),
    ("manage.attach_transfer", "POST"): Row(
        "POST",
        "/manage/spaces/{space}/transfers/nope/attach",
        only(STAFF_OF_SPACE(302), 403),
        {"booking_id": "1"},
    ),
    ("manage.mark_transfer_paid", "POST"): Row(
        "POST",
        "/manage/bookings/{resident_booking_id}/transfer-paid",
        only(STAFF_OF_SPACE(302), 404),
        {"bank_reference": "FT24335"},
    ),
    ("manage.refund_paid", "POST"): Row(
        "POST",
        "/manage/bookings/{resident_booking_id}/refund-paid",
        only(STAFF_OF_SPACE(302), 404),
        {"bank_reference": "FT24335"},
    ),
    ("manage.ledger", "GET"): Row(
        "GET", "/manage/spaces/{space}/ledger", only(STAFF_OF_SPACE(200), 403)
    ),
    ("manage.ledger_csv", "GET"): Row(
        "GET", "/manage/spaces/{space}/ledger.csv", only(STAFF_OF_SPACE(200), 403)
    ),
    ("admin.card_balances", "GET"): Row("GET", "/admin/card-balances", only({"admin": 200}, 403)),
    ("manage.contact", "GET"): Row(
        "GET", "/manage/spaces/{space}/contact", only(STAFF_OF_SPACE(200), 403)
    ),
    ("manage.contact", "POST"): Row(
        "POST",
        "/manage/spaces/{space}/contact",
        only(STAFF_OF_SPACE(302), 403),
        {"phone": "024 3823 4567"},
    ),
    ("manage.space", "GET"): Row(
        "GET", "/manage/spaces/{space}", only({"staff": 200, "owner": 200, "admin": 200}, 403)
    ),
    ("manage.team", "GET"): Row(
        "GET", "/manage/spaces/{space}/team", only({"owner": 200, "admin": 200}, 403)
    ),
    ("manage.team", "POST"): Row(
        "POST",
        "/manage/spaces/{space}/team",
        only({"owner": 302, "admin": 302}, 403),
        body={"email": "{resident_email}", "role": "staff"},
    ),
    ("manage.withdraw_invitation", "POST"): Row(
        "POST",
        "/manage/spaces/{space}/invitations/{invitation}/withdraw",
        only({"owner": 302, "admin": 302}, 403),
        body={},
    ),
    ("manage.remove_from_team", "POST"): Row(
        "POST",
        "/manage/spaces/{space}/team/{staff_id}/remove",
        only({"owner": 302, "admin": 302}, 403),
        body={},
    ),
    # Staff area: a session's door. Its people are private: other staff get a 404.
    ("manage.session", "GET"): Row(
        "GET", "/manage/sessions/{session}", only(STAFF_OF_SPACE(200), 404)
    ),
    ("manage.check_in_by_code", "POST"): Row(
        "POST",
        "/manage/sessions/{session}/check-in",
        only(STAFF_OF_SPACE(302), 404),
        body={"code": "{resident_ticket}"},
    ),
    ("manage.check_in", "POST"): Row(
        "POST",
        "/manage/bookings/{resident_booking_id}/check-in",
        only(STAFF_OF_SPACE(302), 404),
        {},
    ),
    ("manage.undo_check_in", "POST"): Row(
        "POST",
        "/manage/bookings/{resident_booking_id}/undo-check-in",
        only(STAFF_OF_SPACE(302), 404),
        {},
    ),
    ("manage.mark_paid", "POST"): Row(
        "POST", "/manage/bookings/{resident_booking_id}/paid", only(STAFF_OF_SPACE(302), 404), {}
    ),
    ("manage.note", "POST"): Row(
        "POST",
        "/manage/bookings/{resident_booking_id}/note",
        only(STAFF_OF_SPACE(302), 404),
        {"note": "Ăn chay"},
    ),
    ("manage.walk_in", "POST"): Row(
        "POST",
        "/manage/sessions/{session}/walk-in",
        only(STAFF_OF_SPACE(302), 404),
        {"name": "Trần Văn An", "seats": "1"},
    ),
    ("manage.no_shows", "GET"): Row(
        "GET", "/manage/sessions/{session}/no-shows", only(STAFF_OF_SPACE(200), 404)
    ),
    ("manage.session_tools", "GET"): Row(
        "GET", "/manage/sessions/{session}/tools", only(STAFF_OF_SPACE(200), 404)
    ),
    ("manage.no_shows", "POST"): Row(
        "POST", "/manage/sessions/{session}/no-shows", only(STAFF_OF_SPACE(302), 404), {}
    ),
    ("manage.roster_csv", "GET"): Row(
        "GET", "/manage/sessions/{session}/roster.csv", only(STAFF_OF_SPACE(200), 404)
    ),
    ("manage.roster_print", "GET"): Row(
        "GET", "/manage/sessions/{session}/print", only(STAFF_OF_SPACE(200), 404)
    ),
    ("manage.capacity", "POST"): Row(
        "POST",
        "/manage/sessions/{session}/capacity",
        only(STAFF_OF_SPACE(302), 404),
        {"capacity": "7"},
    ),
    ("manage.move", "POST"): Row(
        "POST",
        "/manage/sessions/{session}/move",
        only(STAFF_OF_SPACE(302), 404),
        {"day": "{future_day}", "at": "18:30", "duration_minutes": "90"},
    ),
    ("manage.cancel", "GET"): Row(
        "GET", "/manage/sessions/{session}/cancel", only(STAFF_OF_SPACE(200), 404)
    ),
    ("manage.cancel", "POST"): Row(
        "POST",
        "/manage/sessions/{session}/cancel",
        only(STAFF_OF_SPACE(302), 404),
        {"message": "Xin lỗi"},
    ),
    # Staff area: workshops, sessions and the space's overview (public objects: 403)
    ("manage.new_workshop", "GET"): Row(
        "GET", "/manage/spaces/{space}/workshops/new", only(STAFF_OF_SPACE(200), 403)
    ),
    ("manage.new_workshop", "POST"): Row(
        "POST", "/manage/spaces/{space}/workshops/new", only(STAFF_OF_SPACE(302), 403), WORKSHOP
    ),
    ("manage.workshop", "GET"): Row(
        "GET", "/manage/workshops/{workshop}", only(STAFF_OF_SPACE(200), 403)
    ),
    ("manage.edit_workshop", "GET"): Row(
        "GET", "/manage/workshops/{workshop}/edit", only(STAFF_OF_SPACE(200), 403)
    ),
    ("manage.edit_workshop", "POST"): Row(
        "POST", "/manage/workshops/{workshop}/edit", only(STAFF_OF_SPACE(302), 403), WORKSHOP
    ),
    ("manage.archive_workshop", "POST"): Row(
        "POST", "/manage/workshops/{workshop}/archive", only(STAFF_OF_SPACE(302), 403), {}
    ),
    ("manage.add_session", "POST"): Row(
        "POST",
        "/manage/workshops/{workshop}/sessions",
        only(STAFF_OF_SPACE(302), 403),
        {"day": "{future_day}", "at": "18:30"},
    ),
    ("manage.series", "GET"): Row(
        "GET", "/manage/workshops/{workshop}/series", only(STAFF_OF_SPACE(200), 403)
    ),
    ("manage.series", "POST"): Row(
        "POST",
        "/manage/workshops/{workshop}/series",
        only(STAFF_OF_SPACE(200), 403),  # the dates shown for review
        {"weekdays": "1", "at": "18:30", "first_day": "{future_day}", "weeks": "4"},
    ),
    ("manage.overview_page", "GET"): Row(
        "GET", "/manage/spaces/{space}/overview", only(STAFF_OF_SPACE(200), 403)
    ),
    # Booking (pages)
    ("reservations.book", "POST"): Row(
        "POST", "/sessions/{open_session}/book", people(302), body={"seats": "1"}
    ),
    ("reservations.my_bookings", "GET"): Row("GET", "/me/bookings", people(200)),
    ("reservations.confirm_walk_in", "POST"): Row(
        "POST",
        "/me/walk-ins/{resident_booking_id}/confirm",
        only({}, 404),  # no walk-in waits for anyone's confirmation here
        body={},
    ),
    ("reservations.booking", "GET"): Row(
        "GET", "/me/bookings/{resident_booking_id}", only({"resident": 200}, 404)
    ),
    ("reservations.cancel", "GET"): Row(
        "GET", "/me/bookings/{resident_booking_id}/cancel", only({"resident": 200}, 404)
    ),
    ("reservations.cancel", "POST"): Row(
        "POST", "/me/bookings/{resident_booking_id}/cancel", only({"resident": 302}, 404), {}
    ),
    ("reservations.booking_state", "GET"): Row(
        "GET", "/me/bookings/{resident_booking_id}/state", only({"resident": 200}, 404)
    ),
    ("reservations.refund_account", "POST"): Row(
        "POST",
        "/me/bookings/{resident_booking_id}/refund-account",
        only({"resident": 302}, 404),
        {},
    ),
    ("reservations.accept_offer", "POST"): Row(
        "POST", "/me/bookings/{resident_booking_id}/accept-offer", only({"resident": 302}, 404), {}
    ),
    ("reservations.decline_offer", "POST"): Row(
        "POST",
        "/me/bookings/{resident_booking_id}/decline-offer",
        only({"resident": 302}, 404),
        {},
    ),
    # Paying: the long random reference is the capability, as with a card checkout link
    ("payments.pay", "GET"): Row("GET", "/payments/{payment_ref}", everyone(302)),
    ("payments.demo_checkout", "GET"): Row("GET", "/payments/demo/{payment_ref}", everyone(200)),
    # Stripe's pages answer only where Stripe is the gateway (this matrix runs the demo one);
    # their own tests (tests/payments/) show who may use them there: anyone, since
    # the return page settles from Stripe and the webhook is authenticated by its signature.
    ("payments.stripe_return", "GET"): Row(
        "GET", "/payments/stripe/return/{payment_ref}", everyone(404)
    ),
    ("payments.stripe_webhook", "POST"): Row(
        "POST", "/payments/stripe/webhook", everyone(404), body={}
    ),
    ("payments.demo_pay", "POST"): Row(
        "POST", "/payments/demo/{payment_ref}/pay", everyone(302), body={}
    ),
    ("payments.demo_cancel", "POST"): Row(
        "POST", "/payments/demo/{payment_ref}/cancel", everyone(302), body={}
    ),
    # Calendars: public ones, and the private feed whose address is its key
    ("calendars.session_ics", "GET"): Row("GET", "/sessions/{session}.ics", everyone(200)),
    ("calendars.space_ics", "GET"): Row("GET", "/spaces/{space}/calendar.ics", everyone(200)),
    ("calendars.network_ics", "GET"): Row("GET", "/calendar.ics", everyone(200)),
    ("calendars.personal_ics", "GET"): Row(
        "GET", "/calendar/{resident_calendar}.ics", everyone(200)
    ),
    ("calendars.rotate", "POST"): Row("POST", "/me/calendar/rotate", people(302), body={}),
    # Links in emails: the secret in the address is the key (no login); a GET only shows
    ("links.offer", "GET"): Row("GET", "/offers/{offer_token}", everyone(200)),
    ("links.offer", "POST"): Row(
        "POST", "/offers/{offer_token}", everyone(200), body={"answer": "decline"}
    ),
    ("links.verify_email", "GET"): Row("GET", "/verify-email/{verify_token}", everyone(200)),
    ("links.verify_email", "POST"): Row(
        "POST", "/verify-email/{verify_token}", everyone(200), body={}
    ),
    ("links.reset_password", "GET"): Row("GET", "/reset-password/{reset_token}", everyone(200)),
    ("links.reset_password", "POST"): Row(
        "POST", "/reset-password/{reset_token}", everyone(400), body={}
    ),
    ("links.forgot_password", "GET"): Row("GET", "/forgot-password", everyone(200)),
    ("links.forgot_password", "POST"): Row(
        "POST", "/forgot-password", everyone(302), body={"email": "nobody@example.com"}
    ),
    # Development only (APP_ENV=development, as in the tests): what the app would have mailed
    ("devmail.outbox", "GET"): Row("GET", "/dev/mail/", everyone(200)),
    ("devbank.pending_transfers", "GET"): Row("GET", "/dev/bank/", everyone(200)),
    ("devbank.notify", "POST"): Row(
        "POST", "/dev/bank/{resident_booking_id}/notify", everyone(302), {}
    ),
    ("devmail.message", "GET"): Row("GET", "/dev/mail/99999999", everyone(404)),
    # Network admin
    ("admin.home", "GET"): Row("GET", "/admin/", only({"admin": 200}, 403)),
    ("admin.new_space", "GET"): Row("GET", "/admin/spaces/new", only({"admin": 200}, 403)),
    ("admin.new_space", "POST"): Row(
        "POST", "/admin/spaces/new", only({"admin": 302}, 403), {"slug": "nha-moi", **SPACE}
    ),
    ("admin.edit_space", "GET"): Row(
        "GET", "/admin/spaces/{space}/edit", only({"admin": 200}, 403)
    ),
    ("admin.edit_space", "POST"): Row(
        "POST", "/admin/spaces/{space}/edit", only({"admin": 302}, 403), SPACE
    ),
    ("admin.space_status", "GET"): Row(
        "GET", "/admin/spaces/{space}/status", only({"admin": 200}, 403)
    ),
    ("admin.space_status", "POST"): Row(
        "POST", "/admin/spaces/{space}/status", only({"admin": 302}, 403), {}
    ),
    ("admin.audit", "GET"): Row("GET", "/admin/audit", only({"admin": 200}, 403)),
    ("admin.network_overview", "GET"): Row("GET", "/admin/overview", only({"admin": 200}, 403)),
    ("admin.background_work", "GET"): Row("GET", "/admin/jobs", only({"admin": 200}, 403)),
    ("admin.retry_job", "POST"): Row(
        "POST", "/admin/jobs/message/1/retry", only({"admin": 302}, 403), {}
    ),
    ("admin.overview_csv", "GET"): Row(
        "GET", "/admin/overview/seats-per-district.csv", only({"admin": 200}, 403)
    ),
    # API: catalogue
    ("api.list_spaces", "GET"): Row("GET", "/api/v1/spaces", everyone(200)),
    ("api.get_space", "GET"): Row("GET", "/api/v1/spaces/{space}", everyone(200)),
    ("api.list_sessions", "GET"): Row("GET", "/api/v1/sessions", everyone(200)),
    ("api.get_session", "GET"): Row("GET", "/api/v1/sessions/{session}", everyone(200)),
    ("api.openapi_document", "GET"): Row("GET", "/api/v1/openapi.json", everyone(200)),
    # API: accounts (bearer tokens; the anonymous caller sends none)
    ("api.create_account", "POST"): Row("POST", "/api/v1/accounts", everyone(400), {}, json=True),
    ("api.create_token", "POST"): Row("POST", "/api/v1/tokens", everyone(400), {}, json=True),
    ("api.me", "GET"): Row("GET", "/api/v1/me", people(200, anonymous=401)),
    ("api.my_tokens", "GET"): Row("GET", "/api/v1/me/tokens", people(200, anonymous=401)),
    ("api.export_my_data", "GET"): Row("GET", "/api/v1/me/export", people(200, anonymous=401)),
    ("api.agree_to_privacy_notice", "POST"): Row(
        "POST", "/api/v1/me/privacy-notice", people(400, anonymous=401), {}, json=True
    ),
    ("api.audit_log", "GET"): Row("GET", "/api/v1/admin/audit", api_only({"admin": 200}, 403)),
    # Deleting needs the password: a token alone deletes nothing.
    ("api.delete_me", "POST"): Row(
        "POST", "/api/v1/me/delete", people(400, anonymous=401), {"password": "x"}, json=True
    ),
    # API: bookings
    ("api.create_booking", "POST"): Row(
        "POST",
        "/api/v1/sessions/{open_session}/bookings",
        people(201, 401),
        {"seats": 1},
        json=True,
    ),
    ("api.my_bookings", "GET"): Row("GET", "/api/v1/me/bookings", people(200, anonymous=401)),
    ("api.get_booking", "GET"): Row(
        "GET", "/api/v1/bookings/{resident_booking_id}", api_only({"resident": 200}, 404)
    ),
    ("api.cancel_booking", "POST"): Row(
        "POST",
        "/api/v1/bookings/{resident_booking_id}/cancel",
        api_only({"resident": 200}, 404),
        {},
        json=True,
    ),
    ("api.accept_offer", "POST"): Row(
        "POST",
        "/api/v1/bookings/{resident_booking_id}/accept-offer",
        api_only({"resident": 409}, 404),
        {},
        json=True,
    ),
    ("api.decline_offer", "POST"): Row(
        "POST",
        "/api/v1/bookings/{resident_booking_id}/decline-offer",
        api_only({"resident": 409}, 404),
        {},
        json=True,
    ),
    # API: staff of the space (or admins)
    ("api.create_workshop", "POST"): Row(
        "POST",
        "/api/v1/manage/spaces/{space}/workshops",
        api_only(STAFF_OF_SPACE(201), 403),
        {
            "title": "In lụa",
            "description": "Một buổi in lụa.",
            "discipline": "printmaking",
            "price": 0,
            "capacity": 8,
            "duration_minutes": 90,
        },
        json=True,
    ),
    ("api.get_workshop", "GET"): Row(
        "GET", "/api/v1/manage/workshops/{workshop}", api_only(STAFF_OF_SPACE(200), 403)
    ),
    ("api.create_session", "POST"): Row(
        "POST",
        "/api/v1/manage/workshops/{workshop}/sessions",
        api_only(STAFF_OF_SPACE(201), 403),
        {"starts_at": "{future}"},
        json=True,
    ),
    ("api.change_capacity", "POST"): Row(
        "POST",
        "/api/v1/manage/sessions/{session}/capacity",
        api_only(STAFF_OF_SPACE(200), 403),
        {"capacity": 7},
        json=True,
    ),
    ("api.my_calendar", "GET"): Row("GET", "/api/v1/me/calendar", people(200, anonymous=401)),
    ("api.rotate_my_calendar", "POST"): Row(
        "POST", "/api/v1/me/calendar/rotate", people(200, anonymous=401), {}, json=True
    ),
    ("api.cancel_session", "POST"): Row(
        "POST",
        "/api/v1/manage/sessions/{session}/cancel",
        api_only(STAFF_OF_SPACE(200), 403),
        {},
        json=True,
    ),
    ("api.move_session", "POST"): Row(
        "POST",
        "/api/v1/manage/sessions/{session}/move",
        api_only(STAFF_OF_SPACE(200), 403),
        {"starts_at": "{future}"},
        json=True,
    ),
    ("api.session_attendees", "GET"): Row(
        "GET",
        "/api/v1/manage/sessions/{session}/attendees",
        api_only(STAFF_OF_SPACE(200), 404),  # its people are private
    ),
    ("api.check_in", "POST"): Row(
        "POST",
        "/api/v1/manage/bookings/{resident_booking_id}/check-in",
        api_only(STAFF_OF_SPACE(200), 404),
        {},
        json=True,
    ),
    # Bank transfer: where the money goes is the owners' (and admins') alone
    ("api.get_payee", "GET"): Row(
        "GET", "/api/v1/manage/spaces/{space}/payee", api_only(OWNERS_OF_SPACE(404), 403)
    ),
    ("api.put_payee", "PUT"): Row(
        "PUT",
        "/api/v1/manage/spaces/{space}/payee",
        api_only(OWNERS_OF_SPACE(200), 403),
        {"bank_bin": "970436", "account_number": "1023456789", "account_name": "Nha San"},
        json=True,
    ),
    ("api.delete_payee", "DELETE"): Row(
        "DELETE", "/api/v1/manage/spaces/{space}/payee", api_only(OWNERS_OF_SPACE(404), 403)
    ),
    ("api.get_payos", "GET"): Row(
        "GET", "/api/v1/manage/spaces/{space}/payos", api_only(OWNERS_OF_SPACE(404), 403)
    ),
    ("api.put_payos", "PUT"): Row(
        "PUT",
        "/api/v1/manage/spaces/{space}/payos",
        api_only(OWNERS_OF_SPACE(200), 403),
        {"client_id": "cid-1234", "api_key": "ak-secret", "checksum_key": "ck-secret"},
        json=True,
    ),
    ("api.delete_payos", "DELETE"): Row(
        "DELETE", "/api/v1/manage/spaces/{space}/payos", api_only(OWNERS_OF_SPACE(404), 403)
    ),
    ("api.new_notification_key", "POST"): Row(
        "POST",
        "/api/v1/manage/spaces/{space}/bank-notifications/key",
        api_only(OWNERS_OF_SPACE(201), 403),
        {},
        json=True,
    ),
    ("api.list_transfers", "GET"): Row(
        "GET", "/api/v1/manage/spaces/{space}/transfers", api_only(STAFF_OF_SPACE(200), 403)
    ),
    ("api.attach_transfer", "POST"): Row(
        "POST",
        "/api/v1/manage/spaces/{space}/transfers/nope/attach",
        api_only(STAFF_OF_SPACE(404), 403),  # no such transfer of this space
        {"booking_id": 1},
        json=True,
    ),
    ("api.mark_paid", "POST"): Row(
        "POST",
        "/api/v1/manage/bookings/{resident_booking_id}/mark-paid",
        api_only(STAFF_OF_SPACE(409), 404),  # a free booking: nothing to pay
        {"bank_reference": "FT24335"},
        json=True,
    ),
    ("api.refund_paid", "POST"): Row(
        "POST",
        "/api/v1/manage/bookings/{resident_booking_id}/refund-paid",
        api_only(STAFF_OF_SPACE(409), 404),  # no refund owed
        {"bank_reference": "FT24335"},
        json=True,
    ),
    ("api.refund_account", "POST"): Row(
        "POST",
        "/api/v1/bookings/{resident_booking_id}/refund-account",
        api_only({"resident": 409}, 404),  # no refund owed
        {"bank_bin": "970422", "account_number": "0987654321", "account_name": "Lan"},
        json=True,
    ),
    # The bank's notifications carry the space's key, never a person's session or token
    ("webhooks.bank_notification", "POST"): Row(
        "POST", "/webhooks/bank/{space}", everyone(401), {}, json=True
    ),
    # payOS's notices are verified with the space's checksum key (none here: refused)
    ("webhooks.payos_notification", "POST"): Row(
        "POST", "/webhooks/payos/{space}", everyone(400), {}, json=True
    ),
    ("api.revoke_my_token", "DELETE"): Row(
        "DELETE",
        "/api/v1/me/tokens/{resident_token_id}",
        {**everyone(404), "anonymous": 401, "resident": 204},
    ),
}


def test_every_route_has_a_row(app):
    served = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    missing = sorted(served - set(MATRIX))
    assert missing == [], f"routes without an authorisation row: {missing}"
    assert sorted(set(MATRIX) - served) == [], "rows for routes that no longer exist"


@pytest.fixture(scope="module")
def world(module_connection):
    """Built once for the module: every test reads it, and what a test changes is rolled back.
    Its session is closed before the tests: they read what it loaded, and nothing more."""
    with module_session(module_connection) as db, hashed_once():
        return _world(db)


@pytest.fixture
def connection(module_connection, world):
    with shared_connection(module_connection) as connection:
        yield connection


def _world(db) -> World:
    make_space, make_user = space_factory(db), user_factory(db)
    make_workshop = workshop_factory(db, make_space)
    make_session = session_factory(db, make_workshop, datetime.now(UTC))
    space, other_space = make_space(), make_space()
    workshop = make_workshop(space=space, price=0)
    sitting = make_session(workshop)
    paid = make_session(make_workshop(space=space, price=150_000))
    everyone_ = {
        "resident": make_user(),
        "staff": make_user(staff_of=space),
        "owner": make_user(owner_of=space),
        "other_staff": make_user(staff_of=other_space),
        "admin": make_user(admin=True),
    }
    world = World(space, other_space, sitting.id, everyone_)
    world.workshop_id = workshop.id
    world.open_session_id = make_session(workshop).id
    now = datetime.now(UTC)
    resident = everyone_["resident"].id
    booked = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=resident,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    world.resident_booking_id, world.resident_ticket = booked.id, booked.ticket_code
    held = seats.book_seats(
        db,
        session_id=paid.id,
        user_id=resident,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    world.payment_ref = held.payments[0].reference
    offered = _offered_booking(db, space, resident, now)
    with transaction(db):
        for purpose in ("offer", "verify_email", "reset_password"):
            world.link_tokens[purpose] = email_links.new_secret()
            email_links.add_token(
                db,
                purpose=purpose,
                user_id=resident,
                booking_id=offered.id if purpose == "offer" else None,
                secret=world.link_tokens[purpose],
                expires_at=now + timedelta(hours=1),
                now=now,
            )
    db.get_one(User, resident).email_verified_at = now
    db.commit()
    world.invitation_id = accounts.invite_to_team(
        db,
        space_slug=space.slug,
        email=everyone_["resident"].email,
        role="staff",
        invited_by=everyone_["owner"].id,
        now=now,
    ).id
    for role, user in everyone_.items():
        issued = accounts.issue_token(db, user.id, label="matrix")
        world.tokens[role] = issued.secret
        world.token_ids[role] = issued.token.id
    return world


def _offered_booking(db, space, resident_id: int, now):
    """A booking of the resident's that waits for an answer to an offer of seats."""
    sitting = WorkshopSession(
        workshop=Workshop(
            space=space,
            title="Nến thơm",
            discipline="candle-making",
            price=0,
            capacity=1,
            duration_minutes=60,
        ),
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=1),
        capacity=1,
    )
    db.add(sitting)
    db.commit()
    holder = accounts.register(
        db, email="holder@example.com", password="ceramic wheels turn slowly", name="Holder"
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
    db.expire_all()
    offered = db.get_one(Booking, waiting.id)
    assert offered.status == "offered"
    return offered


def _fill(template, world: World):
    values = {
        "space": world.space.slug,
        "session": world.session_id,
        "resident_token_id": world.token_ids["resident"],
        "resident_email": world.people["resident"].email,
        "staff_id": world.people["staff"].id,
        "resident_booking_id": world.resident_booking_id,
        "payment_ref": world.payment_ref,
        "workshop": world.workshop_id,
        "open_session": world.open_session_id,
        "resident_calendar": world.people["resident"].calendar_token,
        "future": (datetime.now(UTC) + timedelta(days=9)).isoformat(),
        "future_day": (datetime.now(UTC) + timedelta(days=9)).date().isoformat(),
        "resident_ticket": world.resident_ticket,
        "offer_token": world.link_tokens["offer"],
        "verify_token": world.link_tokens["verify_email"],
        "reset_token": world.link_tokens["reset_password"],
        "invitation": world.invitation_id,
    }
    if isinstance(template, dict):
        return {key: _fill(value, world) for key, value in template.items()}
    return template.format(**values) if isinstance(template, str) else template


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda key: f"{key[1]} {key[0]}")
def test_authorisation_matrix(app, connection, world, key, monkeypatch):
    """The CSRF check is off here (it has its own tests): this is about who may do what."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    limiter.reset()
    row = MATRIX[key]
    path = _fill(row.path, world)
    body = _fill(row.body, world) if row.body is not None else None
    answers = {}
    for role in ROLES:
        client = app.test_client()
        headers = {}
        if role != "anonymous":
            if path.startswith("/api/"):
                headers["Authorization"] = f"Bearer {world.tokens[role]}"
            else:
                log_in(client, world.people[role])
        savepoint = connection.begin_nested()
        try:
            kwargs = {"json": body} if row.json else {"data": body}
            response = client.open(path, method=row.method, headers=headers, **kwargs)
        finally:
            savepoint.rollback()
        location = response.headers.get("Location", "")
        is_login = response.status_code == 302 and location.startswith("/login")
        answers[role] = LOGIN if is_login else response.status_code
    assert answers == row.expected
