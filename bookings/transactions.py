"""Use cases own their transaction: ``with transaction(db): ...`` commits or rolls back.

After the commit, the events the use case recorded are handed to their handlers when the session
was configured for it (``db.info["event_context"]``, set by the web layer and the jobs): the
embedded mode of the bus. Without a context they wait for ``flask --app app jobs run``.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy.orm import Session

from bookings import outbox
from bookings.reads import end_reads

log = logging.getLogger(__name__)

#: True while a use case begins its transaction: SQLite then begins it IMMEDIATE (taking the
#: write lock at once, so two writers queue instead of failing when both upgrade a read lock).
WRITING: ContextVar[bool] = ContextVar("writing", default=False)


@contextmanager
def transaction(db: Session) -> Iterator[Session]:
    """Begin the use case's transaction and commit it when the block ends without an error.

    A caller's reads may have begun a transaction already (the session autobegins). Changes of
    the caller are a bug and raise: nothing the caller did may slip into the use case's commit.
    Otherwise the use case sees fresh rows: on PostgreSQL at READ COMMITTED (every statement
    reads the latest committed rows) the read-only transaction simply continues as the use
    case's, with every loaded object expired, which saves a COMMIT and a BEGIN; elsewhere (SQLite
    must begin a writer IMMEDIATE) it is ended first (``end_reads``).
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
        token = WRITING.set(True)
        try:
            with db.begin():
                db.connection()  # begin now, while WRITING is set
                WRITING.reset(token)
                token = None
                yield db
        except BaseException:
            outbox.forget_recorded(db)
            raise
        finally:
            if token is not None:
                WRITING.reset(token)
    recorded = outbox.take_recorded(db)
    context = db.info.get("event_context")
    if recorded and context is not None:
        try:
            outbox.deliver(db, recorded, context, inline=True)
        except Exception:  # the use case has committed: what failed waits for the next job run
            log.exception("delivering events %s after the commit failed", recorded)
            if db.in_transaction():
                db.rollback()


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
