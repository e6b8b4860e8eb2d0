"""The transaction helper: a use case commits its work, or leaves the data as it was."""

import pytest
from sqlalchemy import func, select

from bookings.unit.transaction import transaction
from models import Space


def count(db) -> int:
    return db.scalar(select(func.count()).select_from(Space))


def test_the_block_commits(db, make_space):
    before = count(db)
    with transaction(db):
        db.add(Space(slug="x", name="X", kind="cafe", district="ba-dinh", address="1 Phố X"))
    db.rollback()  # nothing left to roll back: it was committed
    assert count(db) == before + 1


def test_an_error_leaves_the_data_as_it_was(db, make_space):
    before = count(db)
    with pytest.raises(ValueError), transaction(db):
        db.add(Space(slug="y", name="Y", kind="cafe", district="ba-dinh", address="2 Phố Y"))
        db.flush()
        raise ValueError("payment declined")
    assert count(db) == before


def test_a_callers_read_transaction_is_ended_first(db, make_space):
    count(db)  # autobegins
    assert db.in_transaction()
    with transaction(db):
        db.add(Space(slug="z", name="Z", kind="cafe", district="ba-dinh", address="3 Phố Z"))
    assert db.scalar(select(Space.name).where(Space.slug == "z")) == "Z"


def test_changes_outside_a_use_case_are_refused(db):
    db.add(Space(slug="w", name="W", kind="cafe", district="ba-dinh", address="4 Phố W"))
    with pytest.raises(RuntimeError), transaction(db):
        pass
