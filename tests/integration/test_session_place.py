"""A session can happen somewhere else than its space's address (another room, another venue):
staff change its place like its time; calendars, pages and messages follow."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from bookings import seats
from bookings.seats.policy import DEFAULT_HOLD
from models import OutboxEvent, WorkshopSession
from tests.conftest import log_in
from tests.forms import post_form, text
from tests.smtp_server import calendar_of, one, parts, run_jobs, the_event

ELSEWHERE = "Tầng 3, 54 Hàng Bè, Hoàn Kiếm, Hà Nội"


@pytest.fixture
def booked(db, make_user, make_workshop, make_session, now):
    person = make_user(locale="en")
    sitting = make_session(make_workshop(price=0))
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    return person, sitting, booking


def moves(db, session_id):
    rows = db.scalars(select(OutboxEvent).where(OutboxEvent.name == "SessionMoved")).all()
    return [row.payload for row in rows if row.payload["session_id"] == session_id]


def test_a_new_place_raises_the_sequence_and_tells_the_people_booked(client, db, booked, now):
    person, sitting, booking = booked
    seats.move_session(
        db, session_id=sitting.id, starts_at=sitting.starts_at, location=f"  {ELSEWHERE} ", now=now
    )
    db.expire_all()
    moved = db.get(WorkshopSession, sitting.id)
    assert (moved.location, moved.sequence, moved.place) == (ELSEWHERE, 1, ELSEWHERE)
    (event,) = moves(db, sitting.id)
    assert (event["old_location"], event["new_location"]) == ("", ELSEWHERE)

    ics = client.get(f"/sessions/{sitting.id}.ics").get_data(as_text=True).replace("\r\n ", "")
    assert ELSEWHERE.replace(",", "\\,") in ics and "SEQUENCE:1" in ics
    assert "GEO:" not in ics  # the space's coordinates are not where it happens now
    assert ELSEWHERE in text(client.get(f"/sessions/{sitting.id}"))
    log_in(client, person)
    assert ELSEWHERE in text(client.get(f"/me/bookings/{booking.id}"))


def test_the_same_place_and_time_change_nothing_and_empty_means_the_space(db, booked, now):
    _person, sitting, _booking = booked
    address = sitting.workshop.space.address
    for location, sequence in ((ELSEWHERE, 1), (ELSEWHERE, 1), (None, 1), ("", 2)):
        seats.move_session(
            db, session_id=sitting.id, starts_at=sitting.starts_at, location=location, now=now
        )
        db.expire_all()
        assert db.get(WorkshopSession, sitting.id).sequence == sequence
    assert db.get(WorkshopSession, sitting.id).place == address
    assert len(moves(db, sitting.id)) == 2


def test_the_api_and_the_staff_page_move_a_session_elsewhere(client, db, booked, make_user, bearer):
    _person, sitting, _booking = booked
    staff = make_user(staff_of=sitting.workshop.space)
    path = f"/api/v1/manage/sessions/{sitting.id}/move"
    start = sitting.starts_at.isoformat()
    too_long = client.post(
        path, json={"starts_at": start, "location": "x" * 301}, headers=bearer(staff)
    )
    assert too_long.status_code == 400 and "location" in too_long.get_json()["error"]["fields"]
    moved = client.post(
        path, json={"starts_at": start, "location": ELSEWHERE}, headers=bearer(staff)
    )
    assert moved.status_code == 200
    db.expire_all()
    assert db.get(WorkshopSession, sitting.id).location == ELSEWHERE

    log_in(client, staff)
    page = f"/manage/sessions/{sitting.id}"
    form = text(client.get(page))
    assert ELSEWHERE in form  # the form shows the place as it is
    later = sitting.starts_at + timedelta(days=1)
    hanoi = later + timedelta(hours=7)
    post_form(
        client,
        f"/manage/sessions/{sitting.id}/move",
        {
            "day": hanoi.date().isoformat(),
            "at": hanoi.strftime("%H:%M"),
            "duration_minutes": "120",
            "location": "",
        },
        page=page,
    )
    db.expire_all()
    back = db.get(WorkshopSession, sitting.id)
    assert back.location == "" and back.sequence == 2


def test_the_message_says_where_it_moved_with_an_updated_calendar(db, runner, smtp, booked, now):
    person, sitting, _booking = booked
    run_jobs(runner)
    _, _, first = parts(one(smtp.to(person.email), "confirmed"))
    before = the_event(calendar_of(first["text/calendar"][0])[0])
    seats.move_session(
        db, session_id=sitting.id, starts_at=sitting.starts_at, location=ELSEWHERE, now=now
    )
    run_jobs(runner)
    moved = one(smtp.to(person.email), "New time or place")
    plain, html, files = parts(moved)
    assert f"New place: {ELSEWHERE}" in plain and ELSEWHERE in html
    assert "Before:" not in plain  # the time did not change
    event = the_event(calendar_of(files["text/calendar"][0])[0])
    assert ELSEWHERE in str(event["location"])
    assert int(event["sequence"]) > int(before["sequence"])
