"""Throwaway databases for tests and benchmarks: a fresh one per run, on SQLite or PostgreSQL."""

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bookings.bootstrap import EVENTS


def server_url() -> str | None:
    """The PostgreSQL server to test on (TEST_DATABASE_URL), or None for SQLite."""
    return os.environ.get("TEST_DATABASE_URL") or None


@contextmanager
def fresh_database(label: str = "test") -> Iterator[str]:
    """Create an empty database, yield its URL, drop it afterwards."""
    admin_url = server_url()
    if admin_url is None:
        with tempfile.TemporaryDirectory(prefix=f"hcsn-{label}-") as folder:
            yield f"sqlite:///{Path(folder) / 'db.sqlite3'}"
        return
    name = f"hcsn_{label}_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def domain_session(bind, **options) -> Session:
    """A session outside the app for the domain's use cases: it records their events with the
    event table (the worker delivers them), as the app's sessions do."""
    return Session(bind, info={"events": EVENTS}, **options)
