"""The network feed's cache (rendered bodies keyed on the filters, the language and the
catalogue's version): every change that alters a feed reaches the next request, made through
the use cases staff and admins use, with the clock they pass (``now``), while other sessions of
the catalogue changed later than it."""

from datetime import timedelta

import icalendar
import pytest

from bookings import network, seats
from bookings.catalogue import calendars, publishing
from bookings.catalogue.publishing import WorkshopDraft
from models import Space
from tests.conftest import book_one

ENGLISH = {"Accept-Language": "en"}


def _events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.data)
    return {str(event["URL"]).rsplit("/", 1)[1]: event for event in calendar.walk("VEVENT")}


@pytest.fixture
def catalogue(db, make_space, make_workshop, make_session):
    """Two spaces; the session under test is the oldest row of the catalogue, others were
    touched after it."""
    space, other = make_space(), make_space()
    workshop = make_workshop(space=space, title="Gốm", title_en="Pottery", price=0)
    sitting = make_session(workshop)
    later = make_session(make_workshop(space=other, title="Nến", title_en="Candles", price=0))
    return space, workshop, sitting, later


def _primed(client, path="/calendar.ics", **kwargs):
    first = client.get(path, **kwargs)
    again = client.get(path, **kwargs)
    assert again.data == first.data  # served from the cache
    return first


def _changed(client, first, path="/calendar.ics", headers=None):
    """The next answer: a new body and ETag, and the old ETag no longer gets 304."""
    answer = client.get(path, headers=headers or {})
    assert answer.data != first.data and answer.headers["ETag"] != first.headers["ETag"]
    stale = client.get(path, headers={**(headers or {}), "If-None-Match": first.headers["ETag"]})
    assert stale.status_code == 200
    return answer


def test_a_new_session_reaches_the_cached_feed(client, db, catalogue, now):
    _space, workshop, _sitting, _later = catalogue
    first = _primed(client)
    added = publishing.schedule_session(
        db, workshop_id=workshop.id, starts_at=now + timedelta(days=5), now=now
    )
    assert str(added.id) in _events(_changed(client, first))


def test_a_cancelled_session_reaches_the_cached_feed(client, db, catalogue, now):
    _space, _workshop, sitting, later = catalogue
    first = _primed(client)
    assert str(_events(first)[str(sitting.id)]["STATUS"]) == "CONFIRMED"
    seats.cancel_session(db, session_id=sitting.id, now=now)
    assert str(_events(_changed(client, first))[str(sitting.id)]["STATUS"]) == "CANCELLED"


def test_bookings_and_cancellations_leave_the_cached_feed_alone(
    client, db, catalogue, make_user, now
):
    """Seats are not in the feed: booking them re-renders nothing (the catalogue's version, the
    cache's key, stays), and a subscribed calendar's ETag still gets 304."""
    _space, _workshop, sitting, later = catalogue
    first = _primed(client)
    version = calendars.catalogue_version(db)
    booking = book_one(db, sitting, make_user(), now, seats=2)
    book_one(db, later, make_user(), now)
    seats.cancel_booking(db, booking_id=booking.id, user_id=booking.user_id, now=now)
    db.commit()
    assert calendars.catalogue_version(db) == version
    again = client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_moved_session_reaches_the_cached_feed(client, db, catalogue, now):
    _space, _workshop, sitting, _later = catalogue
    first = _primed(client)
    new_start = sitting.starts_at + timedelta(days=1)
    seats.move_session(db, session_id=sitting.id, starts_at=new_start, now=now)
    moved = _events(_changed(client, first))[str(sitting.id)]
    assert moved["DTSTART"].dt == new_start.replace(microsecond=0)
    filtered = _primed(client, "/calendar.ics?discipline=ceramics")
    seats.move_session(db, session_id=sitting.id, starts_at=new_start, now=now, location="Phòng 2")
    assert "Phòng 2" in str(
        _events(_changed(client, filtered, "/calendar.ics?discipline=ceramics"))[str(sitting.id)][
            "LOCATION"
        ]
    )


def test_an_edited_workshop_title_reaches_the_cached_feed_in_both_languages(
    client, db, catalogue, now
):
    _space, workshop, sitting, _later = catalogue
    first = _primed(client)
    english = _primed(client, headers=ENGLISH)
    draft = WorkshopDraft(
        title="Gốm men rạn",
        title_en="Crackle-glazed pottery",
        discipline=workshop.discipline,
        price=workshop.price,
        capacity=workshop.capacity,
        duration_minutes=workshop.duration_minutes,
    )
    publishing.update_workshop(db, workshop_id=workshop.id, draft=draft, now=now)
    assert str(_events(_changed(client, first))[str(sitting.id)]["SUMMARY"]) == "Gốm men rạn"
    renamed = _events(_changed(client, english, headers=ENGLISH))[str(sitting.id)]
    assert str(renamed["SUMMARY"]) == "Crackle-glazed pottery"


def test_a_suspended_space_leaves_the_cached_feed_and_comes_back(client, db, catalogue, now):
    space, _workshop, sitting, later = catalogue
    first = _primed(client)
    network.set_space_status(db, slug=space.slug, status="suspended", now=now)
    suspended = _changed(client, first)
    assert str(sitting.id) not in _events(suspended) and str(later.id) in _events(suspended)
    network.set_space_status(db, slug=space.slug, status="active", now=now)
    assert str(sitting.id) in _events(_changed(client, suspended))
    assert db.get_one(Space, space.id).status == "active"
