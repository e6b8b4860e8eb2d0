"""Calendars parsed by two independent parsers (icalendar, and Home Assistant's strict ical),
plus the raw bytes for what parsers forgive or invent."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from bookings import seats
from bookings.seats.policy import DEFAULT_HOLD
from models import User
from tests.conftest import log_in
from tests.forms import post_form, text

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def parse(response):
    """(icalendar's calendar, ical's calendar, the raw text) of a calendar response."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.get_data()
    text = raw.decode("utf-8")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    return icalendar.Calendar.from_ical(raw), IcsCalendarStream.calendar_from_ics(text), text


def events_by_uid(lenient):
    return {str(event["UID"]): event for event in lenient.walk("VEVENT")}


def test_one_session_as_a_download(client, make_space, make_workshop, make_session):
    space = make_space(
        name="Hội quán Quảng Đông",
        address="22 Hàng Buồm, Hoàn Kiếm, Hà Nội",
        latitude=21.0362,
        longitude=105.8520,
    )
    sitting = make_session(make_workshop(space=space, title="Làm đèn lồng giấy", title_en=""))
    response = client.get(f"/sessions/{sitting.id}.ics")
    lenient, strict, raw = parse(response)
    assert f'filename="session-{sitting.id}.ics"' in response.headers["Content-Disposition"]
    assert "public" in response.headers["Cache-Control"]
    assert response.headers["ETag"] and response.headers["Last-Modified"]

    (event,) = lenient.walk("VEVENT")
    assert str(event["UID"]) == f"session-{sitting.id}@localhost"
    assert str(event["SUMMARY"]) == "Làm đèn lồng giấy"
    assert str(event["LOCATION"]) == "Hội quán Quảng Đông, 22 Hàng Buồm, Hoàn Kiếm, Hà Nội"
    assert event.decoded("DTSTART") == sitting.starts_at.astimezone(HANOI).replace(microsecond=0)
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=7)
    assert str(event["URL"]) == f"http://localhost/sessions/{sitting.id}"
    assert event["ORGANIZER"].params["CN"] == "Hội quán Quảng Đông"
    assert str(event["STATUS"]) == "CONFIRMED" and event["SEQUENCE"] == 0

    (strict_event,) = strict.events
    assert strict_event.uid == f"session-{sitting.id}@localhost"
    assert strict_event.geo.lat == pytest.approx(21.0362)
    assert strict_event.dtstart == sitting.starts_at.replace(microsecond=0)
    assert [zone.tz_id for zone in strict.timezones] == ["Asia/Ho_Chi_Minh"]
    # ical invents what is missing: check the raw bytes for it.
    for needed in (
        "UID:",
        "DTSTAMP:",
        "LAST-MODIFIED:",
        "SEQUENCE:",
        "BEGIN:VTIMEZONE",
        "DTSTART;TZID=Asia/Ho_Chi_Minh:",
        "METHOD:PUBLISH",
    ):
        assert needed in raw
    assert "X-WR-CALNAME" not in raw  # a download, not a feed


def test_a_calendar_app_that_has_it_gets_304(client, make_session):
    sitting = make_session()
    first = client.get(f"/sessions/{sitting.id}.ics")
    again = client.get(
        f"/sessions/{sitting.id}.ics", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.get_data() == b""
    since = client.get(
        f"/sessions/{sitting.id}.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert since.status_code == 304
    assert (
        client.get(f"/sessions/{sitting.id}.ics", headers={"If-None-Match": '"x"'}).status_code
        == 200
    )


def test_a_moved_session_keeps_its_uid_with_a_higher_sequence_and_a_cancelled_one_says_so(
    client, db, make_space, make_workshop, make_session, make_user, bearer
):
    space = make_space()
    sitting = make_session(make_workshop(space=space))
    staff = bearer(make_user(staff_of=space))
    before = events_by_uid(parse(client.get(f"/spaces/{space.slug}/calendar.ics"))[0])
    uid = f"session-{sitting.id}@localhost"
    later = (sitting.starts_at + timedelta(days=1)).astimezone(HANOI).replace(microsecond=0)
    moved = client.post(
        f"/api/v1/manage/sessions/{sitting.id}/move",
        json={"starts_at": later.isoformat()},
        headers=staff,
    )
    assert moved.status_code == 200
    after = events_by_uid(parse(client.get(f"/spaces/{space.slug}/calendar.ics"))[0])
    assert set(after) == set(before)
    assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
    assert after[uid].decoded("DTSTART") == later

    cancelled = client.post(
        f"/api/v1/manage/sessions/{sitting.id}/cancel",
        json={"message": "Lò nung hỏng"},
        headers=staff,
    )
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    lenient, strict, _raw = parse(client.get(f"/sessions/{sitting.id}.ics"))
    (event,) = lenient.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] > after[uid]["SEQUENCE"]
    assert strict.events[0].status.value == "CANCELLED"


def test_a_space_feed(client, make_space, make_workshop, make_session, now):
    space, other = make_space(name="Manzi"), make_space()
    workshop = make_workshop(space=space)
    upcoming = make_session(workshop)
    recent = make_session(workshop, starts_in=timedelta(days=-10))
    old = make_session(workshop, starts_in=timedelta(days=-40))
    make_session(make_workshop(space=other))
    lenient, strict, raw = parse(client.get(f"/spaces/{space.slug}/calendar.ics"))
    assert set(events_by_uid(lenient)) == {f"session-{s.id}@localhost" for s in (upcoming, recent)}
    assert f"session-{old.id}@" not in raw
    assert str(lenient["X-WR-CALNAME"]).startswith("Manzi")
    assert str(lenient["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in raw and "X-PUBLISHED-TTL:PT1H" in raw
    assert len(strict.events) == 2


def test_the_network_feed_takes_the_catalogue_filters(
    client, make_space, make_workshop, make_session
):
    tay_ho = make_space(district="tay-ho")
    candles = make_session(
        make_workshop(
            space=tay_ho, discipline="candle-making", title="Làm nến", title_en="", description=""
        )
    )
    pottery = make_session(
        make_workshop(discipline="ceramics", title="Gốm", title_en="", description="")
    )
    uids = lambda query: set(events_by_uid(parse(client.get("/calendar.ics" + query))[0]))  # noqa: E731
    assert f"session-{candles.id}@localhost" in uids("")
    assert uids("?discipline=candle-making") == {f"session-{candles.id}@localhost"}
    assert uids("?district=tay-ho") == {f"session-{candles.id}@localhost"}
    assert uids("?q=gom") == {f"session-{pottery.id}@localhost"}
    assert client.get("/calendar.ics?discipline=juggling").status_code == 400


def test_building_a_feed_never_issues_a_query_per_event(
    client, make_space, make_workshop, make_session, count_queries
):
    space = make_space()
    workshop = make_workshop(space=space)
    make_session(workshop)
    with count_queries() as one:
        client.get(f"/spaces/{space.slug}/calendar.ics")
    for n in range(25):
        make_session(workshop, starts_in=timedelta(days=3 + n))
    with count_queries() as many:
        client.get(f"/spaces/{space.slug}/calendar.ics")
    assert many.n == one.n


@pytest.fixture
def lan(make_user, bearer):
    user = make_user(locale="en")
    return user, bearer(user)


def test_a_personal_feed_holds_a_persons_bookings_and_nobody_elses(
    client, db, make_workshop, make_session, make_user, lan
):
    user, headers = lan
    now = datetime.now(UTC)
    free = make_session(make_workshop(price=0))
    paid = make_session(make_workshop(price=200_000))
    full = make_session(make_workshop(price=0), capacity=1)
    dropped = make_session(make_workshop(price=0))
    someone_elses = make_session(make_workshop(price=0))

    confirmed = seats.book_seats(
        db, session_id=free.id, user_id=user.id, seats=2, now=now, gateway="demo", hold=DEFAULT_HOLD
    )
    seats.book_seats(
        db, session_id=paid.id, user_id=user.id, seats=1, now=now, gateway="demo", hold=DEFAULT_HOLD
    )
    holder = make_user()
    held = seats.book_seats(
        db,
        session_id=full.id,
        user_id=holder.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.book_seats(
        db,
        session_id=full.id,
        user_id=user.id,
        seats=1,
        now=now,
        join_waitlist=True,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.cancel_booking(db, booking_id=held.id, user_id=holder.id, now=now)  # offered
    gone = seats.book_seats(
        db,
        session_id=dropped.id,
        user_id=user.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.cancel_booking(db, booking_id=gone.id, user_id=user.id, now=now)
    seats.book_seats(
        db,
        session_id=someone_elses.id,
        user_id=make_user().id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )

    links = client.get("/api/v1/me/calendar", headers=headers).get_json()
    assert set(links) == {"url", "webcal"}
    assert links["webcal"] == "webcal://" + links["url"].split("://", 1)[1]
    response = client.get(links["url"].removeprefix("http://localhost"))
    assert "private" in response.headers["Cache-Control"]
    lenient, strict, raw = parse(response)
    events = events_by_uid(lenient)
    uid = lambda sitting: f"session-{sitting.id}@localhost"  # noqa: E731
    assert set(events) == {uid(free), uid(paid), uid(full), uid(dropped)}
    assert str(events[uid(free)]["STATUS"]) == "CONFIRMED"
    assert confirmed.ticket_code in str(events[uid(free)]["DESCRIPTION"])
    assert "Your seats: 2" in str(events[uid(free)]["DESCRIPTION"])
    assert str(events[uid(paid)]["STATUS"]) == "TENTATIVE"
    assert str(events[uid(full)]["STATUS"]) == "TENTATIVE"
    assert "answer before" in str(events[uid(full)]["DESCRIPTION"])
    assert str(events[uid(dropped)]["STATUS"]) == "CANCELLED"
    assert holder.email not in raw and str(held.ticket_code) not in raw
    assert len(strict.events) == 4


def test_a_rotated_feed_address_stops_working(client, db, lan):
    user, headers = lan
    old = client.get("/api/v1/me/calendar", headers=headers).get_json()["url"]
    rotated = client.post("/api/v1/me/calendar/rotate", headers=headers)
    assert rotated.status_code == 200
    new = rotated.get_json()["url"]
    assert new != old
    assert client.get(old.removeprefix("http://localhost")).status_code == 404
    assert client.get(new.removeprefix("http://localhost")).status_code == 200
    assert client.get("/calendar/not-a-real-token-at-all-really.ics").status_code == 404


def test_the_profile_page_shows_the_feed_and_resets_it(client, db, make_user):
    user = make_user(locale="en")
    log_in(client, user)
    page = text(client.get("/me"))
    token = db.get_one(User, user.id).calendar_token
    assert f"webcal://localhost/calendar/{token}.ics" in page
    assert post_form(client, "/me/calendar/rotate", {}, page="/me").status_code == 302
    db.expire_all()
    assert db.get_one(User, user.id).calendar_token != token
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_session_pages_offer_add_to_calendar(client, make_session):
    sitting = make_session()
    page = client.get(f"/sessions/{sitting.id}").get_data(as_text=True)
    assert f'href="/sessions/{sitting.id}.ics"' in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page


def test_the_network_feed_is_cached_until_the_catalogue_changes_and_still_answers_304(
    client, db, make_workshop, make_session, count_queries, now
):
    workshop = make_workshop(title="Gốm", title_en="Pottery")
    sitting = make_session(workshop)
    first = client.get("/calendar.ics")
    with count_queries() as repeated:
        again = client.get("/calendar.ics")
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert repeated.n <= 2  # the filters' checks and the catalogue's version: no feed query
    etag = first.headers["ETag"]
    assert client.get("/calendar.ics", headers={"If-None-Match": etag}).status_code == 304
    english = client.get("/calendar.ics", headers={"Accept-Language": "en"})
    assert b"Pottery" in english.data and english.data != first.data  # keyed on the language

    workshop = db.merge(workshop)
    workshop.title = "Gốm men rạn"
    db.commit()
    changed = client.get("/calendar.ics")
    assert "Gốm men rạn".encode() in changed.data and changed.headers["ETag"] != etag
    assert client.get("/calendar.ics", headers={"If-None-Match": etag}).status_code == 200

    # Staff move it to another room (the use case stamps the change the feed shows).
    seats.move_session(
        db, session_id=sitting.id, starts_at=sitting.starts_at, location="Phòng 2", now=now
    )
    assert "Phòng 2".encode() in client.get("/calendar.ics").data
