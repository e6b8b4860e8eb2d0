"""The engine and a request-scoped SQLAlchemy session, owned by the web layer."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from bookings.unit.transaction import prepare_engine


@dataclass
class _AppDatabase:
    engine: Engine
    factory: sessionmaker[Session]
    #: Tests bind every session to one connection; otherwise each request checks out its own.
    shared_connection: bool = False


class Database:
    """Creates each app's engine from ``DATABASE_URL`` and hands one Session to each request."""

    def init_app(self, app: Flask) -> None:
        url = app.config["DATABASE_URL"]
        options: dict = {"echo": app.config.get("SQL_ECHO", False)}
        if url.startswith("sqlite"):
            options["connect_args"] = {"timeout": 15}
        else:
            options["pool_pre_ping"] = True
        engine = create_engine(url, **options)
        prepare_engine(engine)
        app.extensions["database"] = _AppDatabase(
            engine, sessionmaker(bind=engine, expire_on_commit=False)
        )
        app.teardown_appcontext(self._close)

    @staticmethod
    def _state(app: Flask | None = None) -> _AppDatabase:
        return (app or current_app).extensions["database"]

    @property
    def engine(self) -> Engine:
        return self._state().engine

    def bind_to(self, app: Flask, connection: Connection | None) -> None:
        """Tests: sessions join ``connection``'s outer transaction through savepoints.

        ``None`` returns to the engine.
        """
        state = self._state(app)
        state.shared_connection = connection is not None
        if connection is None:
            state.factory = sessionmaker(bind=state.engine, expire_on_commit=False)
        else:
            state.factory = sessionmaker(
                bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
            )

    @property
    def session(self) -> Session:
        """The session of the current request or CLI command, created on first use."""
        if "db_session" not in g:
            state = self._state()
            if state.shared_connection:
                g.db_session = self._configured(state.factory())
            else:
                # One connection for the whole request: a request that authenticates, then runs
                # a use case, then reads the result checks out (and pre-pings) once, not thrice.
                g.db_connection = state.engine.connect()
                g.db_session = self._configured(state.factory(bind=g.db_connection))
        return g.db_session

    @staticmethod
    def _configured(session: Session) -> Session:
        """Sessions of the app record events for the app's bus. With the queue engine they
        defer each event's job in its transaction (``hand_over``); in the embedded mode
        (``EVENTS_INLINE``) they hand events to the bus right after each use case's commit."""
        bus = current_app.extensions["bus"]
        engine = current_app.config["QUEUE_ENGINE"] == "procrastinate"
        session.info.update(
            events=bus.table,
            bus=bus,
            hand_over=engine,
            deliver_after_commit=current_app.config["EVENTS_INLINE"] and not engine,
            actor=current_app.extensions.get("audit_actor"),
        )
        return session

    @contextmanager
    def new_session(self) -> Iterator[Session]:
        """A session of its own, outside any request (CLI commands, jobs), on one connection
        for its whole life (as a request's): a job that commits three times checks out (and
        pre-pings) once."""
        state = self._state()
        if state.shared_connection:
            with state.factory() as session:
                yield self._configured(session)
            return
        with state.engine.connect() as connection, state.factory(bind=connection) as session:
            yield self._configured(session)

    def _close(self, _exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()
        connection = g.pop("db_connection", None)
        if connection is not None:
            connection.close()


db = Database()
