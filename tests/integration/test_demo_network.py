"""The demo network: the articles' venues, 82 members, eight weeks of sessions, repeatable.

The network is seeded once for the module (about four seconds of work); each test runs in a
savepoint over it, rolled back, so what one test seeds again or resets the next never sees.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from demo.seed import WEEKS_AHEAD, seed_demo
from models import Space, Workshop, WorkshopSession
from models.space import DISCIPLINES, DISTRICTS, SPACE_KINDS
from tests.conftest import empty_connection, module_session, shared_connection

#: One pass (the SQLite one) runs this file: the demo network's content, generated in Python: the
#: same rows on either database. Every test runs in a savepoint over the module's network
#: (``connection`` below), so none commits.
pytestmark = [pytest.mark.once, pytest.mark.usefixtures("connection")]


@dataclass(frozen=True)
class Network:
    now: datetime
    created: int


@pytest.fixture(scope="module")
def network(module_connection) -> Network:
    """The demo network, seeded once for the module."""
    now = datetime.now(UTC)
    with module_session(module_connection) as db:
        return Network(now, seed_demo(db, now=now))


@pytest.fixture
def connection(module_connection, network):
    with shared_connection(module_connection) as connection:
        yield connection


@pytest.fixture
def now(network) -> datetime:
    """The moment the module's network was seeded for."""
    return network.now


def test_the_demo_network_is_the_one_the_articles_describe(db, network):
    assert network.created > 500
    spaces = list(db.scalars(select(Space)))
    assert len(spaces) == 82
    names = {space.name for space in spaces}
    for venue in ("Manzi Art Space", "Complex 01", "Think Playgrounds", "Hội quán Quảng Đông"):
        assert venue in names
    assert any("VCCA" in name or "Vincom" in name for name in names)
    assert any("DocLab" in name for name in names)
    assert all(space.is_demo for space in spaces)
    assert {space.kind for space in spaces} == set(SPACE_KINDS)
    assert {space.district for space in spaces} == set(DISTRICTS)
    assert len({space.certificate_number for space in spaces}) == 82
    practised = Counter(code for space in spaces for code in space.disciplines)
    assert set(practised) == set(DISCIPLINES)


def test_demo_sessions_run_over_the_next_eight_weeks_some_full_some_free(db, now):
    sessions = list(db.scalars(select(WorkshopSession)))
    assert all(now < s.starts_at <= now + timedelta(weeks=WEEKS_AHEAD) for s in sessions)
    assert all(0 <= s.seats_taken <= s.capacity for s in sessions)
    assert any(s.seats_left == 0 for s in sessions)
    assert any(0 < s.seats_left <= 2 for s in sessions)
    assert db.scalar(select(func.count()).where(Workshop.price == 0)) > 0
    disciplines = set(db.scalars(select(Workshop.discipline).distinct()))
    assert {"ceramics", "printmaking", "candle-making", "painting", "film"} <= disciplines
    assert any("ố" in w.title or "ụ" in w.title for w in db.scalars(select(Workshop)))


def test_seeding_twice_adds_nothing_and_reset_reloads(db, now, network, make_space):
    first = network.created
    assert seed_demo(db, now=now) == 0
    mine = make_space(slug="not-demo")
    assert seed_demo(db, now=now, reset=True) == first
    assert db.get(Space, mine.id) is not None
    assert db.scalar(select(func.count()).select_from(Space)) == 83


def test_only_if_empty_leaves_a_real_network_alone(db, connection, now, make_space):
    empty_connection(connection)  # no demo network: one real space only
    make_space()
    assert seed_demo(db, now=now, only_if_empty=True) == 0
    assert db.scalar(select(func.count()).select_from(Space)) == 1


def test_the_same_seed_gives_the_same_network(db, now):
    first = sorted(
        (s.workshop_id, s.starts_at, s.seats_taken) for s in db.scalars(select(WorkshopSession))
    )
    seed_demo(db, now=now, reset=True)
    again = [
        (s.workshop.title, s.starts_at, s.seats_taken) for s in db.scalars(select(WorkshopSession))
    ]
    assert len(again) == len(first)
    assert sorted(x[1:] for x in again) == sorted(x[1:] for x in first)
