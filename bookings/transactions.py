"""Use cases own their transaction: ``with transaction(db): ...`` commits or rolls back."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session


@contextmanager
def transaction(db: Session) -> Iterator[Session]:
    """Begin the use case's transaction and commit it when the block ends without an error.

    A caller's reads may have begun a transaction already (the session autobegins); it is
    rolled back first, so the use case sees fresh rows and nothing the caller did slips into
    its commit. Unflushed changes of the caller are a bug and raise.
    """
    if db.in_transaction():
        if db.new or db.dirty or db.deleted:
            raise RuntimeError("changes outside a use case: the use case owns the transaction")
        db.rollback()
    with db.begin():
        yield db
