"""Fixtures: a fresh migrated database per run, real commits emptied after each test (or one
rolled-back transaction where a test asks for ``connection``), factories, query counting."""

import os
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Connection, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
# Tests that do not test the queue engine run the embedded mode, on PostgreSQL too (and so do
# the servers and workers they start); the engine's own tests ask for procrastinate by name.
os.environ["QUEUE_ENGINE"] = "embedded"
os.environ["APP_ENV"] = "development"  # asked for explicitly: production is the default

from app import create_app  # noqa: E402
from app.cli import upgrade_database  # noqa: E402
from app.database import db as database  # noqa: E402
from app.security import limiter  # noqa: E402
from bookings import accounts, seats  # noqa: E402
from bookings.accounts import passwords  # noqa: E402
from bookings.seats.policy import DEFAULT_HOLD  # noqa: E402
from bookings.unit.bus import Bus  # noqa: E402
from models import Space, User, Workshop, WorkshopSession  # noqa: E402
from models.base import Base  # noqa: E402
from tests.databases import domain_session, fresh_database, server_url  # noqa: E402
from tests.english import compile_catalogues  # noqa: E402
from tests.smtp_server import SmtpServer  # noqa: E402

# Every /api/v1 answer checked against its OpenAPI schema; the Hypothesis profiles.
pytest_plugins = ["tests.openapi_check", "tests.hypothesis_profiles"]


def pytest_sessionstart(session):
    """Compile the catalogues before anything renders a page: the compiled ``.mo`` files are
    git-ignored build products, and a stale one would test yesterday's words."""
    compile_catalogues()


#: Folders whose every test carries a marker (see pyproject.toml's markers and the Makefile):
#: the storms run alone after the parallel part; the unit tests read no database, so one pass
#: runs them; the browser journeys prove what a person sees and does on a phone, on a served
#: demo network, and the booking rules under them run on both databases in the API and use-case
#: tests, so one pass runs them too.
_FOLDER_MARKERS = {
    "stress": pytest.mark.stress,
    "unit": pytest.mark.agnostic,
    "browser": pytest.mark.once,
}


def pytest_collection_modifyitems(items):
    """``postgres_only`` tests (row locks, concurrency) run in the PostgreSQL pass only; the
    folders' markers are added."""
    skip = None
    if server_url() is None:
        skip = pytest.mark.skip(reason="needs PostgreSQL: runs in the suite's PostgreSQL pass")
    for item in items:
        folder = item.path.parent.name
        if folder in _FOLDER_MARKERS:
            item.add_marker(_FOLDER_MARKERS[folder])
        if skip is not None and item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


def pytest_configure(config):
    config.pluginmanager.register(_SlowFirst(), "slow-first")


class _SlowFirst:
    @pytest.hookimpl(trylast=True)  # after ``-m`` deselected what this run leaves out
    def pytest_collection_modifyitems(self, items):
        items[:] = slow_first(items, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))


def slow_first(items: list, workers: int) -> list:
    """The order in which ``--dist worksteal`` starts the ``slow`` tests first, on every worker.

    Worksteal gives each worker a contiguous share of the collection (the first ``n // workers``
    tests, then a share of the rest, ...) and, when one runs dry, moves the tail half of the
    longest queue to it. A slow test at the end of a share starts last and holds the run open
    alone; here the slow tests are dealt to the heads of the shares, so that they run while the
    short ones fill the other workers, and what is stolen at the end is short.
    """
    slow = [item for item in items if item.get_closest_marker("slow")]
    if workers < 2 or not slow:
        return items
    rest = [item for item in items if not item.get_closest_marker("slow")]
    heads = [slow[worker::workers] for worker in range(workers)]
    ordered, left = [], len(items)
    for worker in range(workers):
        size = left // (workers - worker)  # as worksteal sizes the shares
        share = heads[worker] + rest[: max(0, size - len(heads[worker]))]
        del rest[: len(share) - len(heads[worker])]
        ordered += share
        left -= size
    return ordered + rest


@pytest.fixture(scope="session")
def database_url():
    with fresh_database() as url:
        upgrade_database(url)
        yield url


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SERVER_NAME": "localhost",
            "PUBLIC_URL": "http://localhost",
            # The embedded default writes messages here (never into the real instance/)
            "MAIL_OUTBOX_DIR": str(tmp_path_factory.mktemp("outbox")),
        }
    )
    yield app
    database._state(app).engine.dispose()


def _rolled_back(request) -> bool:
    """A test that asks for ``connection`` runs inside one rolled-back transaction (the
    authorisation matrix and the state machine undo each step with savepoints); every other
    test commits for real, as the app does in production, and the tables are emptied after."""
    return "connection" in request.fixturenames


def book_one(db, sitting, person, now, **options):
    """``person`` books one seat of ``sitting`` through the use case, by card through the demo
    gateway with its usual hold unless ``options`` say otherwise (a free workshop confirms)."""
    wanted = {"seats": 1, "gateway": "demo", "hold": DEFAULT_HOLD} | options
    return seats.book_seats(db, session_id=sitting.id, user_id=person.id, now=now, **wanted)


@contextmanager
def _rolled_back_connection(app):
    """A connection inside a transaction rolled back at the end, which the app's requests join
    through savepoints while it lasts."""
    engine = database._state(app).engine
    with engine.connect() as connection:
        outer = connection.begin()
        database.bind_to(app, connection)
        try:
            yield connection
        finally:
            database.bind_to(app, None)
            outer.rollback()


@pytest.fixture
def connection(app):
    """One connection per test, inside a transaction rolled back at the end; the app's
    requests join it through savepoints."""
    with _rolled_back_connection(app) as connection:
        yield connection


@pytest.fixture(scope="module")
def module_connection(app):
    """For a module whose tests each read and change the same data, built once for the module
    and rolled back after each test: one connection inside a transaction rolled back at the
    module's end, which the app's requests join through savepoints. The module builds its data
    with it, and overrides ``connection`` with ``shared_connection``; every test of the module
    then asks for ``connection`` (nothing in it commits for real)."""
    with _rolled_back_connection(app) as connection:
        yield connection


@contextmanager
def shared_connection(module_connection: Connection):
    """A test's ``connection`` over its module's shared data: a savepoint of the module's
    connection, rolled back at the end of the test, so that every test starts from the data as
    it was built."""
    savepoint = module_connection.begin_nested()
    try:
        yield module_connection
    finally:
        savepoint.rollback()


@contextmanager
def module_session(module_connection: Connection):
    """The session that builds a module's shared data (its commits release savepoints). It is
    closed before the tests run, with every object it holds loaded: the tests read those
    objects' columns, and a relation they did not load is an error, not a query."""
    with domain_session(
        module_connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    ) as session:
        yield session
        session.commit()  # committing may expire what it holds (the events it recorded)
        for loaded in list(session.identity_map.values()):
            for column in sa_inspect(loaded).mapper.column_attrs:
                getattr(loaded, column.key)
        session.expunge_all()  # before closing, which would expire them


def empty_tables(engine) -> None:
    """Delete every row the test committed (the schema and its migrations stay)."""
    with engine.begin() as connection:
        empty_connection(connection)


def empty_connection(connection: Connection) -> None:
    """Delete every row in ``connection``'s transaction."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(_EMPTY_POSTGRESQL)
        return
    for table in reversed(Base.metadata.sorted_tables):
        connection.execute(table.delete())


def _empty_postgresql() -> str:
    """Every table emptied in one round trip. The audit log is append-only (a trigger refuses
    DELETE): between tests it is truncated, the way an operator restoring a test database would,
    never by the application, and only when it holds rows (a TRUNCATE costs about 25 ms, ten
    times the rest)."""
    quote = postgresql.dialect().identifier_preparer.quote
    statements = []
    for table in reversed(Base.metadata.sorted_tables):
        if table.name == "audit_log":
            statements.append(
                "DO $$ BEGIN IF EXISTS (SELECT 1 FROM audit_log) THEN TRUNCATE audit_log; "
                "END IF; END $$"
            )
        else:
            statements.append(f"DELETE FROM {quote(table.name)}")
    return "; ".join(statements)


_EMPTY_POSTGRESQL = _empty_postgresql()


@pytest.fixture(autouse=True)
def _committed(request):
    """Tests of the app commit for real: one connection per request, SQLite's BEGIN
    IMMEDIATE, PostgreSQL's read continuation. Whatever they committed is deleted afterwards.

    Every test client of the app (``client``, or another browser made with
    ``app.test_client()``) ends the test's own transaction before each request (``quiesce``).
    """
    if "app" not in request.fixturenames or _rolled_back(request):
        yield
        return
    app = request.getfixturevalue("app")

    class Client(_Client):
        @staticmethod
        def before_request():
            quiesce(request)

    app.test_client_class = Client
    try:
        yield
    finally:
        app.test_client_class = None
        empty_tables(database._state(app).engine)


@pytest.fixture
def db(app, request) -> Session:
    """A session for the test itself. What it commits is what the app's requests read; before
    each request and command the test's own transaction ends (``quiesce``), so that the test
    reads what the request committed (SQLite keeps a reader's snapshot until it ends)."""
    if _rolled_back(request):
        connection = request.getfixturevalue("connection")
        with domain_session(
            connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        ) as session:
            yield session
        return
    with domain_session(database._state(app).engine, expire_on_commit=False) as session:
        yield session


def quiesce(request) -> None:
    """End the test session's transaction (committing what the test left pending)."""
    if "db" in request.fixturenames and not _rolled_back(request):
        session = request.getfixturevalue("db")
        if session.in_transaction():
            session.commit()


class _Client(FlaskClient):
    """The test client; each request begins after the test's own transaction ended."""

    before_request = staticmethod(lambda: None)

    def open(self, *args, **kwargs):
        self.before_request()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    limiter.reset()  # every test starts with no login attempts counted
    return app.test_client()


class _Runner(FlaskCliRunner):
    before_invoke = staticmethod(lambda: None)

    def invoke(self, *args, **kwargs):
        self.before_invoke()
        return super().invoke(*args, **kwargs)


@pytest.fixture
def make_bus(app):
    """``make_bus(clock=…, mail=None, table=…)``: the app's bus with a test's own clock, mail
    settings or event table (``bus.deliver_due(db)`` runs the worker's delivery)."""
    base = app.extensions["bus"]

    def make(*, clock=None, mail=base.context.mail, table=None) -> Bus:
        context = replace(base.context, clock=clock or base.context.clock, mail=mail)
        return Bus(table or base.table, context)

    return make


@pytest.fixture
def runner(app, request):
    runner = _Runner(app)
    runner.before_invoke = lambda: quiesce(request)
    return runner


@pytest.fixture
def now() -> datetime:
    return datetime.now(UTC)


def space_factory(db: Session):
    """``make(**fields) -> Space``, committed with ``db`` (the ``make_space`` fixture's, and a
    module's shared data's)."""
    counter = iter(range(1, 1_000_000))

    def make(**fields) -> Space:
        n = next(counter)
        disciplines = fields.pop("disciplines", ["ceramics"])
        values = {
            "slug": f"space-{n}",
            "name": f"Không gian {n}",
            "kind": "art-space",
            "district": "hoan-kiem",
            "address": f"{n} Hàng Buồm, Hoàn Kiếm, Hà Nội",
            "description": "Một không gian sáng tạo.",
            "description_en": "A creative space.",
        }
        space = Space(**(values | fields))
        space.disciplines = disciplines
        db.add(space)
        db.commit()
        return space

    return make


def workshop_factory(db: Session, make_space):
    def make(space: Space | None = None, **fields) -> Workshop:
        values = {
            "title": "Gốm bàn xoay cho người mới",
            "title_en": "Wheel-thrown ceramics for beginners",
            "description": "Làm quen với bàn xoay và đất sét.",
            "description_en": "Meet the wheel and the clay.",
            "discipline": "ceramics",
            "price": 250_000,
            "capacity": 10,
            "duration_minutes": 120,
        }
        workshop = Workshop(space=space or make_space(), **(values | fields))
        db.add(workshop)
        db.commit()
        return workshop

    return make


def session_factory(db: Session, make_workshop, now: datetime):
    def make(
        workshop: Workshop | None = None, *, starts_in: timedelta = timedelta(days=2), **fields
    ) -> WorkshopSession:
        workshop = workshop or make_workshop()
        starts_at = fields.pop("starts_at", now + starts_in)
        sitting = WorkshopSession(
            workshop=workshop,
            starts_at=starts_at,
            ends_at=fields.pop("ends_at", starts_at + timedelta(minutes=workshop.duration_minutes)),
            capacity=fields.pop("capacity", workshop.capacity),
            **fields,
        )
        db.add(sitting)
        db.commit()
        return sitting

    return make


@pytest.fixture
def make_space(db):
    return space_factory(db)


@pytest.fixture
def make_workshop(db, make_space):
    return workshop_factory(db, make_space)


@pytest.fixture
def make_session(db, make_workshop, now):
    return session_factory(db, make_workshop, now)


@pytest.fixture
def count_queries(app):
    """``with count_queries() as counted: ...`` then ``counted.n`` is the number of statements."""

    class Counter:
        n = 0

    def on_execute(*_args):
        Counter.n += 1

    @contextmanager
    def counting():
        Counter.n = 0
        engine = database._state(app).engine
        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            yield Counter
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)

    return counting


#: The password of every account ``make_user`` creates.
PASSWORD = "ceramic wheels turn slowly"


#: Argon2id hashes of passwords, each made once per test process (see ``hashed_once``).
HASHES: dict[str, str] = {}


@contextmanager
def hashed_once():
    """Within it, registering hashes each password once per test process and reuses the hash.

    A real argon2id hash with the production parameters, so logging in verifies it as in
    production; only the cost of making it (about 80 ms each, seven accounts in many tests'
    setups) is paid once. The salt is shared between the test's accounts: no test compares them.
    """
    real = passwords.hash_password

    def hashed(password: str) -> str:
        if password not in HASHES:
            HASHES[password] = real(password)
        return HASHES[password]

    passwords.hash_password = hashed
    try:
        yield
    finally:
        passwords.hash_password = real


def user_factory(db: Session):
    """``make(admin=True)``, ``make(staff_of=space)``, ``make(owner_of=space)``: an account
    whose password is ``PASSWORD``, committed with ``db``."""
    counter = iter(range(1, 1_000_000))

    def make(
        *,
        email: str | None = None,
        name: str | None = None,
        admin: bool = False,
        staff_of: Space | None = None,
        owner_of: Space | None = None,
        locale: str = "vi",
    ) -> User:
        n = next(counter)
        with hashed_once():
            user = accounts.register(
                db,
                email=email or f"person{n}@example.com",
                password=PASSWORD,
                name=name or f"Nguyễn Thị Lan {n}",
                locale=locale,
            )
        for space, role in ((staff_of, "staff"), (owner_of, "owner")):
            if space is not None:
                accounts.add_to_team(db, space_slug=space.slug, user_id=user.id, role=role)
        if admin:
            db.get_one(User, user.id).is_admin = True
            db.commit()
        db.expire_all()
        return db.get_one(User, user.id)

    return make


@pytest.fixture
def make_user(db):
    """``make_user(admin=True)``, ``make_user(staff_of=space)``, ``make_user(owner_of=space)``."""
    return user_factory(db)


def log_in(client, user: User) -> None:
    """Make ``client`` a browser in which ``user`` is logged in (as the login page would)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.fixture
def bearer(db):
    """``bearer(user)`` -> headers that authenticate API requests as ``user``."""

    def headers(user: User) -> dict[str, str]:
        issued = accounts.issue_token(db, user.id, label="test")
        return {"Authorization": f"Bearer {issued.secret}"}

    return headers


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on 127.0.0.1 that the app's ``jobs run`` sends to (no TLS, no login)."""
    with SmtpServer() as server:
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
        monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
        monkeypatch.setitem(app.config, "MAIL_PASSWORD", "")
        yield server
