"""Writing a hot path's rows with one statement each, outside the ORM's unit of work.

A booking writes two rows: its own INSERT and its session's counters. Flushed by the unit of
work they cost a quarter of the request's CPU (sorting, dependency processors, bookkeeping for
two objects); as Core statements, a tenth. The objects stay what the rest of the use case and
the web layer expect: the new one persistent in the session as if it had been loaded, the
counted one with its new committed values (nothing left for a flush to write).
"""

import functools
from typing import TypeVar

from sqlalchemy import Insert, Update, bindparam, event, inspect, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.session import make_transient_to_detached

T = TypeVar("T")


def insert_new(db: Session, obj: T) -> bool:
    """INSERT a new object (not yet in the session) in the caller's transaction; False, and
    nothing written, when a unique index refuses it. Its columns' own defaults apply to what was
    not given: those come back (with the key) and are set on it.

    With anything else pending in the session (a related object, a change), the unit of work
    writes the object with it, in one flush: a statement of its own would miss what is pending.
    A refusal then leaves the transaction to be rolled back, as any failed flush does."""
    if db.new or db.dirty or db.deleted:
        db.add(obj)
        try:
            db.flush()
        except IntegrityError as error:
            if not _refused_by_a_unique_index(error):
                raise
            return False
        return True
    mapper = inspect(obj).mapper
    given = inspect(obj).dict
    keys = frozenset(prop.key for prop in mapper.column_attrs if prop.key in given)
    statement, returned = _insert(mapper, db.get_bind().dialect.name, keys)
    row = db.connection().execute(statement, {f"v_{key}": given[key] for key in keys}).first()
    if row is None:
        return False
    for key in keys:
        set_committed_value(obj, key, given[key])
    for key, value in zip(returned, row, strict=True):
        set_committed_value(obj, key, value)
    make_transient_to_detached(obj)
    db.add(obj)  # detached: persistent again, with nothing to flush
    db.info.setdefault(_INSERTED, []).append(obj)
    return True


def _refused_by_a_unique_index(error: IntegrityError) -> bool:
    """PostgreSQL's unique_violation, or SQLite's UNIQUE constraint."""
    original = error.orig
    return getattr(original, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(
        original
    )


#: ``db.info[_INSERTED]``: what ``insert_new`` wrote in the open transaction. Should it roll
#: back, they leave the session, as the unit of work's new objects do (their rows are gone);
#: each keeps its identity, so what it was is still known.
_INSERTED = "rows_inserted"


@event.listens_for(Session, "after_soft_rollback")
def _forget_inserted(db: Session, _transaction) -> None:
    if db.in_transaction():  # a savepoint rolled back: insert_new is not used inside one
        return
    for obj in db.info.pop(_INSERTED, ()):
        if obj in db:
            db.expunge(obj)  # detached: not persistent, its key kept (what it was)


@event.listens_for(Session, "after_commit")
def _inserted_for_good(db: Session) -> None:
    db.info.pop(_INSERTED, None)


@functools.cache
def _insert(mapper: Mapper, dialect: str, keys: frozenset[str]) -> tuple[Insert, list[str]]:
    """The INSERT of these attributes, made (and compiled) once, and the attributes it returns:
    the key and whatever a column's default fills in."""
    table = mapper.local_table
    columns = {mapper.column_attrs[key].columns[0]: bindparam(f"v_{key}") for key in sorted(keys)}
    returned = [
        prop for prop in mapper.column_attrs if prop.key not in keys or prop.columns[0].primary_key
    ]
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(table)
        .values(columns)
        .on_conflict_do_nothing()
        .returning(*(prop.columns[0] for prop in returned))
    )
    return statement, [prop.key for prop in returned]


def add_to(db: Session, obj: object, **increments: int) -> None:
    """Add ``increments`` to the object's integer columns with one UPDATE (the row is locked by
    the caller) and set their new values as committed. A column with a change not yet flushed
    is refused: the UPDATE would add to the stored value and the commit forget the change."""
    state = inspect(obj)
    if any(state.attrs[key].history.has_changes() for key in increments):
        raise RuntimeError(f"{state.mapper.class_.__name__} has unflushed changes to add to")
    mapper = state.mapper
    keys = dict(zip(_KEYS, mapper.primary_key_from_instance(obj), strict=False))
    values = {f"by_{key}": amount for key, amount in increments.items()}
    db.connection().execute(_update(mapper, tuple(sorted(increments))), values | keys)
    for key, amount in increments.items():
        set_committed_value(obj, key, getattr(obj, key) + amount)


#: Names of the primary key's parameters in ``_update`` (``_key0``, ``_key1`` …).
_KEYS = [f"_key{n}" for n in range(8)]


@functools.cache
def _update(mapper: Mapper, keys: tuple[str, ...]) -> Update:
    """The UPDATE adding parameters to these attributes' columns, made (and compiled) once."""
    table = mapper.local_table
    columns = [mapper.column_attrs[key].columns[0] for key in keys]
    where = [
        column == bindparam(name) for column, name in zip(mapper.primary_key, _KEYS, strict=False)
    ]
    return (
        update(table)
        .where(*where)
        .values(
            {
                column: column + bindparam(f"by_{key}")
                for key, column in zip(keys, columns, strict=True)
            }
        )
    )
