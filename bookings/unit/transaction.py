"""Use cases own their transaction: ``with transaction(db): ...`` commits or rolls back.

What the database needs to begin it is decided here and nowhere else:

- PostgreSQL at READ COMMITTED: a read-only transaction the caller's reads began simply
  continues as the use case's (every statement reads the latest committed rows; loaded objects
  are expired), which saves a COMMIT and a BEGIN on the hot path of a booking;
- SQLite: the reads are ended and the writer begins IMMEDIATE (``prepare_engine`` installs the
  BEGIN), taking the write lock at once, so two writers queue instead of one failing when both
  upgrade a read lock.

After the commit, the events the use case recorded go to the session's bus (``bus.Bus``) when
the session delivers right away (the embedded mode); otherwise they wait for the worker.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session

from bookings.unit import outbox

log = logging.getLogger(__name__)

#: The execution option that makes SQLite's next BEGIN an IMMEDIATE one.
_SQLITE_BEGIN = "sqlite_begin"

T = TypeVar("T")


@contextmanager
def transaction(db: Session) -> Iterator[Session]:
    """Begin the use case's transaction and commit it when the block ends without an error.

    Changes the caller left pending are a bug and raise: nothing the caller did may slip into
    the use case's commit.
    """
    if _continues_reads(db):
        db.expire_all()
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            outbox.forget_recorded(db)
            raise
    else:
        end_reads(db)
        try:
            with db.begin():
                _begin_writing(db)
                yield db
        except BaseException:
            outbox.forget_recorded(db)
            raise
    outbox.after_commit(db)


def call_outside(db: Session, call: Callable[..., T], *args, **kwargs) -> T:
    """Call a service outside our database (a payment provider) with no transaction open: the
    session's reads end first, and what they loaded stays usable without a new read."""
    end_reads(db, expire=False)
    return call(*args, **kwargs)


def end_reads(db: Session, *, expire: bool = True) -> None:
    """End the transaction that reads began (the session autobegins) and expire what was loaded,
    so what follows sees fresh rows. Pending changes are a bug here and raise.

    It commits rather than rolls back: the same for the database (nothing was written), and a
    test that shares one connection between sessions through savepoints keeps what the other
    sessions committed meanwhile.
    """
    if not db.in_transaction():
        return
    if db.new or db.dirty or db.deleted:
        raise RuntimeError("changes outside a use case: the use case owns the transaction")
    db.commit()
    if expire:
        db.expire_all()


def recover(db: Session) -> None:
    """After one piece of work failed (its own transaction, if any, already rolled back): end
    whatever the failure left open, so the next piece starts clean."""
    if db.in_transaction():
        db.rollback()
    outbox.forget_recorded(db)


def _begin_writing(db: Session) -> None:
    """Begin now; on SQLite as IMMEDIATE (the option is taken off again once it has begun, as
    a connection that serves a whole request outlives this transaction)."""
    bind = db.get_bind()
    if bind.dialect.name != "sqlite":
        db.connection()
        return
    connection = db.connection(execution_options={_SQLITE_BEGIN: "IMMEDIATE"})
    connection.execution_options(**{_SQLITE_BEGIN: ""})


def _continues_reads(db: Session) -> bool:
    """True when a read-only transaction is open on PostgreSQL at READ COMMITTED."""
    if not db.in_transaction() or db.new or db.dirty or db.deleted:
        return False
    connection = db.connection()
    return (
        connection.dialect.name == "postgresql"
        and connection.default_isolation_level == "READ COMMITTED"
        and "isolation_level" not in connection.get_execution_options()
    )


#: The advisory locks a connection holds beyond its transactions, in the pool's record of it.
_HELD = "advisory_locks"
_TRY_HOLD = text("SELECT pg_try_advisory_lock(:space, :key)")
_LET_GO = text("SELECT pg_advisory_unlock(:space, :key)")


def try_hold(db: Session, space: int, key: int) -> bool:
    """Take PostgreSQL's advisory lock ``(space, key)`` for this session's connection, beyond its
    transactions, unless another connection holds it; True without PostgreSQL. Call it in a
    transaction; ``let_go`` releases it, and a connection going back to the pool releases what
    its holder forgot."""
    if db.get_bind().dialect.name != "postgresql":
        return True
    connection = db.connection()
    if not connection.scalar(_TRY_HOLD, {"space": space, "key": key}):
        return False
    connection.info.setdefault(_HELD, set()).add((space, key))
    return True


def holds(db: Session, space: int, key: int) -> bool:
    """Whether this session's connection holds ``(space, key)`` (no statement)."""
    if db.get_bind().dialect.name != "postgresql":
        return False
    return (space, key) in db.connection().info.get(_HELD, ())


def let_go(db: Session, space: int, key: int) -> None:
    """Release ``(space, key)`` if this session's connection holds it; call it in a
    transaction."""
    if holds(db, space, key):
        db.connection().execute(_LET_GO, {"space": space, "key": key})
        db.connection().info[_HELD].discard((space, key))


def prepare_engine(engine: Engine) -> None:
    """What each database needs of its connections for the transactions above."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "checkin", _let_go_of_everything)


def _let_go_of_everything(dbapi_connection, record) -> None:
    """A connection back in the pool holds no advisory lock (a holder that failed half-way)."""
    if record is None or dbapi_connection is None or not record.info.pop(_HELD, None):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("SELECT pg_advisory_unlock_all()")
    cursor.close()
    dbapi_connection.rollback()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys on, WAL for readers beside a writer, and transactions left to SQLAlchemy.

    pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; with
    ``isolation_level = None`` the driver stays out of the way and ``_sqlite_begin`` emits BEGIN.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Reads begin deferred; a use case's transaction begins IMMEDIATE (it will write)."""
    mode = connection.get_execution_options().get(_SQLITE_BEGIN) or ""
    connection.exec_driver_sql(f"BEGIN {mode}".strip())
