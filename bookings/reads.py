"""Ending a session's read-only transaction before work of its own begins."""

from sqlalchemy.orm import Session


def end_reads(db: Session, *, expire: bool = True) -> None:
    """End the transaction that reads began (the session autobegins) and expire what was loaded,
    so what follows sees fresh rows. Pending changes are a bug here and raise.

    It commits rather than rolls back: the same for the database (nothing was written), and a
    test that shares one connection between sessions through savepoints keeps what the other
    sessions committed meanwhile. ``expire=False`` keeps what was loaded usable without a new
    read (before a call to a payment gateway, which must not hold a transaction open).
    """
    if not db.in_transaction():
        return
    if db.new or db.dirty or db.deleted:
        raise RuntimeError("changes outside a use case: the use case owns the transaction")
    db.commit()
    if expire:
        db.expire_all()
