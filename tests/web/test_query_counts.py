"""Listing pages and the API run as many SQL statements for 1,000 sessions as for 10."""

from datetime import timedelta

from models import WorkshopSession


def _add_sessions(db, workshops, count, now):
    db.add_all(
        WorkshopSession(
            workshop=workshops[n % len(workshops)],
            starts_at=now + timedelta(hours=1 + n),
            ends_at=now + timedelta(hours=3 + n),
            capacity=10,
            seats_taken=n % 11,
        )
        for n in range(count)
    )
    db.commit()


def _statements(client, count_queries, path):
    with count_queries() as counted:
        response = client.get(path)
    assert response.status_code == 200
    return counted.n


PATHS = [
    "/sessions",
    "/sessions?q=gom&limit=100",
    "/api/v1/sessions?limit=100",
    "/",
    "/spaces",
    "/api/v1/spaces?limit=100",
]


def test_no_query_per_row(client, db, count_queries, make_space, make_workshop, now):
    spaces = [make_space(disciplines=["ceramics", "painting", "film"]) for _ in range(5)]
    workshops = [make_workshop(space) for space in spaces for _ in range(2)]
    _add_sessions(db, workshops, 10, now)
    few = {path: _statements(client, count_queries, path) for path in PATHS}
    _add_sessions(db, workshops, 990, now + timedelta(days=2))
    for _ in range(60):
        make_space(disciplines=["ceramics", "music"])
    many = {path: _statements(client, count_queries, path) for path in PATHS}
    assert many == few


def test_a_space_page_does_not_query_per_session(
    client, db, count_queries, make_space, make_workshop, now
):
    space = make_space(slug="busy")
    _add_sessions(db, [make_workshop(space)], 3, now)
    few = _statements(client, count_queries, "/spaces/busy")
    _add_sessions(db, [make_workshop(space), make_workshop(space)], 200, now + timedelta(days=3))
    assert _statements(client, count_queries, "/spaces/busy") == few
