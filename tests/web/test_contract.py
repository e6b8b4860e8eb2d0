"""Lines of shared/API.md that no other test holds the app to: /healthz without its database,
the error shape of 413 and 500, PROXY_COUNT, the default page size, the stable codes, the staff
attendee list with every status."""

import logging
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import config, create_app
from app.database import db as database
from app.security import limiter
from bookings import catalogue, seats
from bookings.seats.policy import DEFAULT_HOLD
from tests.databases import server_url

# -- Operations: /healthz ------------------------------------------------------------------------


def _missing_database(tmp_path) -> tuple[str, object]:
    """A database URL nothing answers at yet, and a function that brings it into being."""
    admin_url = server_url()
    if admin_url is None:
        folder = tmp_path / "not-yet"
        return f"sqlite:///{folder / 'db.sqlite3'}", lambda: folder.mkdir()
    name = f"hcsn_healthz_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def create() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))

    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    return url, create


@pytest.fixture
def app_without_its_database(tmp_path):
    url, bring_up = _missing_database(tmp_path)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SERVER_NAME": "localhost"})
    yield app, bring_up
    database._state(app).engine.dispose()
    if server_url() is not None:
        admin = create_engine(server_url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            name = make_url(url).database
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_healthz_answers_503_while_the_database_is_unreachable_then_200(app_without_its_database):
    app, bring_up = app_without_its_database
    client = app.test_client()
    down = client.get("/healthz")
    assert down.status_code == 503
    assert down.is_json and down.get_json() == {"status": "unavailable"}
    assert b"Traceback" not in down.get_data() and b"sqlite" not in down.get_data().lower()
    bring_up()
    up = client.get("/healthz")
    assert (up.status_code, up.get_json()) == (200, {"status": "ok"})


# -- Errors: 500 -----------------------------------------------------------------------------------


@pytest.fixture
def broken_catalogue(monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("kiln exploded at /srv/secret/path")

    monkeypatch.setattr(catalogue, "list_spaces", broken)


def test_an_unexpected_exception_is_a_json_500_without_a_stack_trace(
    client, broken_catalogue, caplog
):
    with caplog.at_level(logging.ERROR, logger="app.errors"):
        response = client.get("/api/v1/spaces")
    assert response.status_code == 500 and response.is_json
    body = response.get_json()
    assert body["error"]["code"] == "internal" and body["error"]["message"]
    raw = response.get_data(as_text=True)
    assert "kiln exploded" not in raw and "Traceback" not in raw and "/srv/secret" not in raw
    assert "kiln exploded" in caplog.text  # the operators see it in the log


def test_an_unexpected_exception_on_a_page_is_a_friendly_500_page(client, broken_catalogue, caplog):
    with caplog.at_level(logging.ERROR, logger="app.errors"):
        response = client.get("/spaces", headers={"Accept-Language": "en"})
    assert response.status_code == 500 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page
    assert "kiln exploded" not in page and "Traceback" not in page


# -- Errors: 413 -----------------------------------------------------------------------------------


@pytest.fixture
def api_world(db, make_space, make_workshop, make_session, make_user, bearer):
    space = make_space()
    workshop = make_workshop(space=space, price=0)
    sitting = make_session(workshop)
    admin = make_user(admin=True)
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=admin.id,
        seats=1,
        now=datetime.now(UTC),
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    return {
        "slug": space.slug,
        "workshop_id": workshop.id,
        "session_id": sitting.id,
        "booking_id": booking.id,
        "token_id": 1,
        "notification_id": "n1",
        "headers": bearer(admin),
    }


def _operations_with_a_body(client) -> list[tuple[str, str]]:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    return [
        (method.upper(), path)
        for path, item in paths.items()
        for method, operation in item.items()
        if "413" in operation["responses"]
    ]


@pytest.mark.parametrize("size", [70 * 1024, 2 * 1024 * 1024], ids=["over-64KB", "over-1MB"])
def test_an_oversized_body_is_a_413_in_the_error_shape_on_every_endpoint_that_reads_one(
    client, api_world, size
):
    operations = _operations_with_a_body(client)
    assert ("POST", "/sessions/{session_id}/bookings") in operations and len(operations) >= 8
    body = b'{"title": "' + b"x" * size + b'"}'
    for method, template in operations:
        path = "/api/v1" + template.format(**api_world)
        response = client.open(
            path,
            method=method,
            data=body,
            content_type="application/json",
            headers=api_world["headers"],
        )
        assert response.status_code == 413, (path, response.get_data()[:200])
        assert response.get_json()["error"]["code"] == "too_large"


def test_an_oversized_form_is_a_413_page(client):
    response = client.post("/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413 and response.mimetype == "text/html"
    assert "Traceback" not in response.get_data(as_text=True)


# -- PROXY_COUNT -----------------------------------------------------------------------------------


@pytest.fixture
def app_behind(database_url):
    made = []

    def behind(proxies: int):
        overrides = {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SERVER_NAME": "localhost",
            "LOGIN_LIMIT_PER_ADDRESS": "2/minute",
            "LOGIN_LIMIT_PER_ACCOUNT": "100/minute",
        }
        if proxies is not None:
            overrides["PROXY_COUNT"] = proxies
        made.append(create_app(overrides))
        return made[-1]

    yield behind
    for app in made:
        database._state(app).engine.dispose()


def _failed_login(client, forwarded_for: str, n: int):
    """A wrong password from the proxy at 10.9.9.9, for a client the proxies name."""
    return client.post(
        "/api/v1/tokens",
        json={"email": f"nobody{n}@example.com", "password": "wrong guess no"},
        headers={"X-Forwarded-For": forwarded_for},
        environ_overrides={"REMOTE_ADDR": "10.9.9.9"},
    )


@pytest.mark.parametrize(
    "proxies, logged, same_client, another_client",
    [
        # No proxy trusted (the default): the headers are ignored, everyone behind is one client.
        (None, "10.9.9.9", "192.0.2.99, 203.0.113.8", None),
        (0, "10.9.9.9", "192.0.2.99, 203.0.113.8", None),
        # One proxy: the last hop is the client; what the client wrote before it is not trusted.
        (1, "203.0.113.7", "192.0.2.99, 203.0.113.7", "198.51.100.1, 203.0.113.8"),
        # Two proxies: the client is two hops from the end.
        (2, "198.51.100.1", "198.51.100.1, 203.0.113.8", "192.0.2.99, 203.0.113.7"),
    ],
)
def test_x_forwarded_for_is_honoured_for_exactly_proxy_count_proxies(
    app_behind, caplog, proxies, logged, same_client, another_client
):
    """The logs name the client PROXY_COUNT hops from the end of X-Forwarded-For, and the
    per-address limit (2 a minute here) counts that client."""
    client = app_behind(proxies).test_client()
    limiter.reset()
    chain = "198.51.100.1, 203.0.113.7"
    with caplog.at_level(logging.WARNING, logger="app.security"):
        assert _failed_login(client, chain, 1).status_code == 401
    assert f"failed login from {logged} " in caplog.text
    assert _failed_login(client, chain, 2).status_code == 401
    assert _failed_login(client, same_client, 3).status_code == 429
    if another_client is not None:
        assert _failed_login(client, another_client, 4).status_code == 401


@pytest.mark.parametrize("proxies, secure", [(0, False), (1, True)])
def test_x_forwarded_proto_is_trusted_only_behind_a_proxy(app_behind, proxies, secure):
    client = app_behind(proxies).test_client()
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert ("Strict-Transport-Security" in response.headers) is secure


# -- Catalogue: page size, codes ---------------------------------------------------------------


def test_a_page_of_sessions_holds_20_by_default_and_up_to_100(client, make_workshop, make_session):
    workshop = make_workshop()
    for day in range(25):
        make_session(workshop, starts_in=timedelta(days=1 + day))
    first = client.get("/api/v1/sessions").get_json()
    assert len(first["items"]) == 20 and first["next"]
    everything = client.get("/api/v1/sessions?limit=100").get_json()
    assert len(everything["items"]) == 25 and everything["next"] is None
    assert client.get("/api/v1/sessions?limit=1").get_json()["next"]


DISCIPLINES = ["ceramics", "printmaking", "candle-making", "painting", "crafts", "film"]
DISCIPLINES += ["photography", "music", "design"]
KINDS = ["art-space", "gallery", "cafe", "cinema", "cultural-centre", "museum", "library"]
KINDS += ["co-working", "education"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_the_contract_is_a_stable_code(client, make_space, kind):
    space = make_space(kind=kind)
    found = client.get("/api/v1/spaces", query_string={"kind": kind}).get_json()["items"]
    assert [(s["slug"], s["kind"]) for s in found] == [(space.slug, kind)]


@pytest.mark.parametrize("discipline", DISCIPLINES)
def test_every_discipline_of_the_contract_is_a_stable_code(
    client, make_space, make_workshop, make_session, discipline
):
    space = make_space(disciplines=[discipline])
    sitting = make_session(make_workshop(space=space, discipline=discipline))
    spaces = client.get("/api/v1/spaces", query_string={"discipline": discipline}).get_json()
    assert [s["slug"] for s in spaces["items"]] == [space.slug]
    found = client.get("/api/v1/sessions", query_string={"discipline": discipline}).get_json()
    assert [(s["id"], s["workshop"]["discipline"]) for s in found["items"]] == [
        (sitting.id, discipline)
    ]


# -- Staff: the attendee list ------------------------------------------------------------------


def test_the_attendee_list_has_one_row_per_booking_whatever_its_status(
    client, db, bearer, make_space, make_workshop, make_session, make_user, now
):
    space = make_space()
    sitting = make_session(
        make_workshop(space=space, price=150_000, pay_at_venue=True, capacity=2), capacity=2
    )
    people = [make_user() for _ in range(5)]

    def book(person, **kwargs):
        payment = {"gateway": "demo", "hold": DEFAULT_HOLD} | kwargs
        return seats.book_seats(
            db, session_id=sitting.id, user_id=person.id, seats=1, now=now, **payment
        )

    at_venue = book(people[0], payment="at_venue")
    paying = book(people[1], payment="card")
    waiting = book(people[2], payment="at_venue", join_waitlist=True)
    gone = book(people[3], payment="at_venue", join_waitlist=True)
    seats.cancel_booking(db, booking_id=gone.id, user_id=people[3].id, now=now)
    seats.payment_succeeded(db, reference=paying.payments[0].reference, now=now)
    listed = client.get(
        f"/api/v1/manage/sessions/{sitting.id}/attendees", headers=bearer(make_user(staff_of=space))
    )
    rows = {row["booking_id"]: row for row in listed.get_json()["items"]}
    assert {i: (r["status"], r["paid"]) for i, r in rows.items()} == {
        at_venue.id: ("confirmed", False),
        paying.id: ("confirmed", True),
        waiting.id: ("waitlisted", False),
        gone.id: ("cancelled", False),
    }
    assert all(isinstance(r["paid"], bool) for r in rows.values())


# -- Bookings: a cancelled session, leaving the waiting list -----------------------------------


def test_a_cancelled_session_is_closed_to_booking(client, db, bearer, make_session, make_user, now):
    sitting = make_session()
    seats.cancel_session(db, session_id=sitting.id, now=now)
    response = client.post(
        f"/api/v1/sessions/{sitting.id}/bookings", json={"seats": 1}, headers=bearer(make_user())
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "session_closed"


def test_a_waitlist_entry_is_cancelled_and_leaves_the_list(
    client, db, bearer, make_workshop, make_session, make_user, now
):
    sitting = make_session(make_workshop(price=0), capacity=1)
    holder, first, second = make_user(), make_user(), make_user()
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=holder.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    ahead, behind = (
        seats.book_seats(
            db,
            session_id=sitting.id,
            user_id=person.id,
            seats=1,
            now=now,
            join_waitlist=True,
            gateway="demo",
            hold=DEFAULT_HOLD,
        )
        for person in (first, second)
    )
    behind_headers = bearer(second)
    assert (
        client.get(f"/api/v1/bookings/{behind.id}", headers=behind_headers).get_json()[
            "waitlist_position"
        ]
        == 2
    )
    left = client.post(f"/api/v1/bookings/{ahead.id}/cancel", headers=bearer(first))
    assert left.status_code == 200 and left.get_json()["status"] == "cancelled"
    moved_up = client.get(f"/api/v1/bookings/{behind.id}", headers=behind_headers).get_json()
    assert (moved_up["status"], moved_up["waitlist_position"]) == ("waitlisted", 1)
    listed = client.get(f"/api/v1/sessions/{sitting.id}").get_json()
    assert (listed["seats_left"], listed["waitlist_length"]) == (0, 1)


# -- Configuration: the embedded default -------------------------------------------------------


def test_without_database_url_the_database_is_an_sqlite_file_under_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = config.from_environment()["DATABASE_URL"]
    assert url == f"sqlite:///{config.INSTANCE / 'hanoi-creative-spaces.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db.example/hcsn")
    assert config.from_environment()["DATABASE_URL"] == "postgresql+psycopg://db.example/hcsn"
