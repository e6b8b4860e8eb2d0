"""Mail, end to end: domain events -> queued messages -> ``flask --app app jobs run`` -> a real
SMTP server (aiosmtpd on 127.0.0.1) -> parsed with the standard library; their calendars parsed
by icalendar and by the strict ``ical``; their links followed with the test client."""

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select, update

from bookings import messages, seats
from bookings.catalogue.calendars import session_uid
from bookings.messages.handlers import booking_confirmed
from bookings.messages.queue import LEASE
from bookings.messages.scheduled import queue_staff_summaries
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, OutboundMessage, OutboxEvent
from tests.conftest import log_in
from tests.forms import csrf_token, post_form, text
from tests.smtp_server import calendar_of, links_in, one, parts, path_of, run_jobs, the_event


@pytest.mark.parametrize(
    ("locale", "subject", "greeting", "title"),
    [
        ("vi", "Đã xác nhận đặt chỗ", "Xin chào", "Gốm bàn xoay cho người mới"),
        ("en", "Your booking is confirmed", "Hello", "Wheel-thrown ceramics for beginners"),
    ],
)
def test_booking_confirmed_arrives_in_the_persons_language_with_ticket_qr_and_calendar(
    app, db, client, runner, smtp, make_user, make_workshop, make_session, now, locale,
    subject, greeting, title,
):  # fmt: skip
    person = make_user(locale=locale, name="Trần Minh Anh")
    sitting = make_session(make_workshop(price=0))
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=2,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    run_jobs(runner)

    message = one(smtp.to(person.email), subject)
    assert title in message["Subject"]
    assert message["From"].addresses[0].addr_spec == app.config["MAIL_FROM"]
    assert message["Content-Language"] == locale
    assert message["Message-ID"] and message["Date"]
    envelope_senders = {sender for sender, to in smtp.envelopes() if to == [person.email]}
    assert envelope_senders == {app.config["MAIL_FROM"]}

    plain, html, files = parts(message)
    for body in (plain, html):
        assert greeting in body and "Trần Minh Anh" in body
        assert booking.ticket_code in body
        assert title in body
    # The QR code is an inline PNG the HTML part shows
    (qr,) = files["image/png"]
    assert qr.get_content().startswith(b"\x89PNG")
    scanned = zxingcpp.read_barcode(Image.open(io.BytesIO(qr.get_content())))
    assert scanned.text == booking.ticket_code  # what the door's camera reads
    assert f"cid:{qr['Content-ID'].strip('<>')}" in html
    # The session's calendar entry: the same UID as every feed, the ticket in it
    (ics,) = files["text/calendar"]
    assert ics.get_filename() == f"session-{sitting.id}.ics"
    calendar, strict = calendar_of(ics)
    event = the_event(calendar)
    assert str(event["uid"]) == session_uid(sitting.id, None, "localhost")
    assert str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart") == sitting.starts_at.replace(microsecond=0)
    assert booking.ticket_code in str(event["description"])
    (strict_event,) = strict.events
    assert strict_event.uid == session_uid(sitting.id, None, "localhost")
    assert strict_event.dtstart == sitting.starts_at.replace(microsecond=0)

    # Every link works: the booking (for its person), the calendar file, the session's page
    log_in(client, person)
    urls = links_in(plain)
    assert any("calendar.google.com" in url for url in urls)
    own = [url for url in urls if "calendar.google.com" not in url]
    assert own
    for url in own:
        response = client.get(path_of(url))
        assert response.status_code == 200, url
    ics_response = client.get(f"/sessions/{sitting.id}.ics")
    assert ics_response.mimetype == "text/calendar"


def test_a_refusing_server_delays_the_message_and_never_touches_the_booking(
    db, runner, smtp, make_user, make_workshop, make_session, now
):
    person = make_user()
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
    smtp.refuse_next(100)
    output = run_jobs(runner)
    assert "sent 0 messages" in output
    assert smtp.to(person.email) == []
    assert smtp.recorder.refused >= 1

    db.expire_all()
    queued = db.scalars(
        select(OutboundMessage).where(OutboundMessage.recipient == person.email)
    ).all()
    assert {m.status for m in queued} == {"queued"}
    confirmed = next(m for m in queued if m.kind == "booking_confirmed")
    assert confirmed.attempts == 1
    assert confirmed.next_attempt_at > datetime.now(UTC)  # backing off
    assert "451" in confirmed.last_error
    fresh = db.get_one(Booking, booking.id)
    assert (fresh.status, fresh.ticket_code) == ("confirmed", booking.ticket_code)

    # Right away, the back-off holds: nothing is tried again
    refused = smtp.recorder.refused
    run_jobs(runner)
    assert smtp.recorder.refused == refused

    # A minute later the server accepts: the message arrives, once
    smtp.refuse_next(0)
    db.execute(
        update(OutboundMessage)
        .where(OutboundMessage.recipient == person.email)
        .values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    db.commit()
    run_jobs(runner)
    run_jobs(runner)
    arrived = [m for m in smtp.to(person.email) if "Đã xác nhận" in m["Subject"]]
    assert len(arrived) == 1
    db.expire_all()
    assert db.get_one(OutboundMessage, confirmed.id).status == "sent"
    fresh = db.get_one(Booking, booking.id)
    assert (fresh.status, fresh.ticket_code) == ("confirmed", booking.ticket_code)


def test_a_permanent_refusal_gives_up_without_retrying(db, runner, smtp, make_user):
    person = make_user()
    smtp.recorder.unknown.add(person.email)
    run_jobs(runner)
    run_jobs(runner)
    db.expire_all()
    welcome = db.scalar(
        select(OutboundMessage).where(
            OutboundMessage.recipient == person.email, OutboundMessage.kind == "welcome"
        )
    )
    assert (welcome.status, welcome.attempts) == ("failed", 1)
    assert "550" in welcome.last_error
    assert smtp.to(person.email) == []


def test_a_claimed_message_is_not_sent_by_another_sender(app, db, make_user):
    """The lease: while one sender holds a message (sending it), another run skips it."""

    person = make_user()
    app.extensions["bus"].deliver_due(db)  # queues the welcome message
    sent, second_round = [], []

    class Second:
        def send(self, message_id, raw, sender, recipient):
            sent.append(("second", message_id))

        def close(self):
            pass

    class First(Second):
        def send(self, message_id, raw, sender, recipient):
            sent.append(("first", message_id))
            # While this sender is sending, a second sender runs
            second_round.append(messages.send_due(db, Second(), lambda: datetime.now(UTC)))

    assert messages.send_due(db, First(), lambda: datetime.now(UTC)) == 1
    assert second_round == [0]
    assert [who for who, _id in sent] == ["first"]
    db.expire_all()
    welcome = db.scalar(select(OutboundMessage).where(OutboundMessage.recipient == person.email))
    assert (welcome.status, welcome.attempts) == ("sent", 1)
    assert messages.send_due(db, Second(), lambda: datetime.now(UTC)) == 0


def test_each_event_queues_its_message_once_however_often_it_is_handled(
    app, db, make_user, make_workshop, make_session, now
):
    from bookings.events import BookingConfirmed

    person = make_user()
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
    event = BookingConfirmed(booking.id, sitting.id, person.id, 1, False)
    context = app.extensions["bus"].context
    for _ in range(3):
        booking_confirmed(db, event, context)
    count = db.scalars(
        select(OutboundMessage).where(
            OutboundMessage.user_id == person.id, OutboundMessage.kind == "booking_confirmed"
        )
    ).all()
    assert len(count) == 1


def test_session_moved_sends_an_updated_calendar_with_the_same_uid_and_a_higher_sequence(
    db, runner, smtp, make_user, make_workshop, make_session, now
):
    person = make_user(locale="en")
    sitting = make_session(make_workshop(price=0))
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    run_jobs(runner)
    first = one(smtp.to(person.email), "confirmed")
    _, _, files = parts(first)
    before = the_event(calendar_of(files["text/calendar"][0])[0])

    new_start = sitting.starts_at + timedelta(days=1, hours=2)
    seats.move_session(db, session_id=sitting.id, starts_at=new_start, now=now)
    run_jobs(runner)
    moved = one(smtp.to(person.email), "New time")
    plain, html, files = parts(moved)
    assert "Before" in plain and "Now" in plain
    calendar, strict = calendar_of(files["text/calendar"][0])
    after = the_event(calendar)
    assert str(after["uid"]) == str(before["uid"]) == session_uid(sitting.id, None, "localhost")
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstart") == new_start.replace(microsecond=0)
    assert strict.events[0].sequence == int(after["sequence"])


def test_cancelled_session_tells_each_person_with_refund_and_cancelled_calendar_then_refund(
    db, runner, smtp, make_user, make_workshop, make_session, now
):
    person = make_user(locale="en")
    sitting = make_session(make_workshop(price=150_000))
    held = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.payment_succeeded(db, reference=held.payments[0].reference, now=now)
    seats.cancel_session(db, session_id=sitting.id, now=now, message="The kiln broke.")
    run_jobs(runner)  # events -> messages; RefundDue -> the refund -> RefundSettled
    run_jobs(runner)  # RefundSettled -> its message

    received = smtp.to(person.email)
    cancelled = one(received, "Cancelled by the space")
    plain, html, files = parts(cancelled)
    assert "The kiln broke." in plain and "The kiln broke." in html
    assert "150,000" in plain
    calendar, strict = calendar_of(files["text/calendar"][0])
    event = the_event(calendar)
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == session_uid(sitting.id, None, "localhost")
    assert strict.events[0].status.value == "CANCELLED"
    refund = one(received, "refund of")
    assert "150,000" in refund["Subject"]
    assert not [m for m in received if "Your booking is cancelled" in m["Subject"]]


def test_cancelling_sends_a_confirmation_and_a_late_payment_is_refunded_with_a_message(
    db, runner, smtp, make_user, make_workshop, make_session, now
):
    person = make_user(locale="en")
    sitting = make_session(make_workshop(price=90_000))
    held = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.cancel_booking(db, booking_id=held.id, user_id=person.id, now=now)
    # The card payment arrives after the person cancelled: refunded in full
    seats.payment_succeeded(db, reference=held.payments[0].reference, now=now)
    run_jobs(runner)
    run_jobs(runner)
    received = smtp.to(person.email)
    # Handled after the cancellation: no message asks to pay for seats no longer held
    assert not [m for m in received if "Your seats are held" in m["Subject"]]
    cancelled = one(received, "Your booking is cancelled")
    assert "You cancelled your booking." in parts(cancelled)[0]
    late = one(received, "late payment")
    assert "90,000" in late["Subject"]
    assert "no longer free" in parts(late)[0]


def test_reminders_come_once_the_day_before_and_not_to_who_opted_out(
    app, db, client, runner, smtp, make_user, make_workshop, make_session, now
):
    keen, quiet = make_user(locale="en"), make_user(locale="en")
    workshop = make_workshop(price=0)
    tomorrow = make_session(workshop, starts_in=timedelta(hours=20))
    later = make_session(workshop, starts_in=timedelta(days=3))
    booked = now - timedelta(hours=3)  # a just-confirmed booking waits: its confirmation says it
    for person in (keen, quiet):
        for sitting in (tomorrow, later):
            seats.book_seats(
                db,
                session_id=sitting.id,
                user_id=person.id,
                seats=1,
                now=booked,
                gateway="demo",
                hold=DEFAULT_HOLD,
            )
    fresh = make_user(locale="en")
    seats.book_seats(
        db,
        session_id=tomorrow.id,
        user_id=fresh.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    # Opting out on the profile page
    log_in(client, quiet)
    page = client.get("/me")
    assert "Email me a reminder" in text(page)
    response = client.post(
        "/me",
        data={"name": quiet.name, "locale": "en", "csrf_token": csrf_token(client, "/me")},
    )
    assert response.status_code == 302
    run_jobs(runner)
    run_jobs(runner)
    reminders = [m for m in smtp.messages if m["Subject"].startswith("Tomorrow")]
    assert [m["To"] for m in reminders] == [keen.email]
    plain = parts(reminders[0])[0]
    assert "/me" in plain  # how to turn them off
    # Money and seats still reach who opted out
    assert len([m for m in smtp.to(quiet.email) if "confirmed" in m["Subject"]]) == 2


def test_the_reminder_time_is_configurable(
    app, db, runner, smtp, make_user, make_workshop, make_session, now, monkeypatch, make_bus
):
    person = make_user(locale="en")
    sitting = make_session(make_workshop(price=0), starts_in=timedelta(hours=30))
    booked = now - timedelta(hours=3)
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=1,
        now=booked,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    run_jobs(runner)
    assert not [m for m in smtp.to(person.email) if m["Subject"].startswith("Tomorrow")]
    mail = replace(app.extensions["bus"].context.mail, reminder_hours=36)
    monkeypatch.setitem(app.extensions, "bus", make_bus(mail=mail))
    run_jobs(runner)
    assert len([m for m in smtp.to(person.email) if m["Subject"].startswith("Tomorrow")]) == 1


def test_held_seats_get_the_payment_link_then_a_warning_before_the_hold_ends(
    db, client, runner, smtp, make_user, make_workshop, make_session, now
):
    person = make_user(locale="en")
    sitting = make_session(make_workshop(price=120_000))
    started = now - timedelta(minutes=30)
    held = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=1,
        now=started,
        gateway="demo",
        hold=timedelta(minutes=35),
    )
    run_jobs(runner)
    run_jobs(runner)
    received = smtp.to(person.email)
    first = one(received, "Your seats are held")
    warning = one(received, "go back at")
    for message in (first, warning):
        plain = parts(message)[0]
        pay = [url for url in links_in(plain) if "/payments/" in url]
        assert pay == [f"http://localhost/payments/{held.payments[0].reference}"]
        response = client.get(path_of(pay[0]))  # no login needed: the reference is the key
        assert response.status_code == 302
        assert "/payments/demo/" in response.headers["Location"]


def test_the_hold_email_of_a_transfer_says_where_to_send_what_with_a_scannable_vietqr(
    db, runner, smtp, make_user, make_space, make_workshop, make_session, now
):
    import io

    from PIL import Image

    from bookings.payments import payees, transfers
    from tests.unit.test_vietqr import _decode

    space = make_space()
    payees.set_payee(
        db, space_id=space.id, by=None, bank_bin="970415", account_number="0011001932418",
        account_name="Nhà Sàn Studio", now=now,
    )  # fmt: skip
    person = make_user(locale="vi")
    sitting = make_session(make_workshop(space, price=120_000))
    held = seats.book_seats(
        db, session_id=sitting.id, user_id=person.id, seats=2, payment="bank_transfer",
        now=now, gateway="demo", hold=DEFAULT_HOLD,
    )  # fmt: skip
    due = transfers.transfer_details(db, held)
    run_jobs(runner)
    plain, html, files = parts(one(smtp.to(person.email), "được giữ đến"))
    for body in (plain, html):
        for detail in ("VietinBank", "0011001932418", "NHA SAN STUDIO", due.reference):
            assert detail in body, detail
        assert "240.000" in body  # the exact amount, in Vietnamese notation
    (image,) = files["image/png"]
    assert f"cid:{image['Content-ID'].strip('<>')}" in html
    assert _decode(Image.open(io.BytesIO(image.get_content()))) == due.vietqr


def test_staff_get_a_morning_summary_of_todays_sessions_once(
    app, db, make_user, make_space, make_workshop, make_session
):

    space = make_space()
    staff, quiet = make_user(staff_of=space, locale="en"), make_user(staff_of=space)
    quiet.mail_summaries = False
    db.commit()
    hanoi_morning = datetime(2031, 3, 4, 1, 30, tzinfo=UTC)  # 08:30 in Hanoi
    workshop = make_workshop(space=space, price=0)
    make_session(workshop, starts_at=hanoi_morning + timedelta(hours=2))
    make_session(workshop, starts_at=hanoi_morning + timedelta(hours=6))
    make_session(workshop, starts_at=hanoi_morning + timedelta(days=1))  # tomorrow
    settings = app.extensions["bus"].context.mail
    early = hanoi_morning - timedelta(hours=2)  # 06:30: too early
    assert queue_staff_summaries(db, settings, now=early) == 0
    assert queue_staff_summaries(db, settings, now=hanoi_morning) == 1
    assert queue_staff_summaries(db, settings, now=hanoi_morning) == 0
    (summary,) = db.scalars(
        select(OutboundMessage).where(OutboundMessage.kind == "staff_summary")
    ).all()
    assert summary.recipient == staff.email
    assert summary.subject == f"Today at {space.name}: 2 sessions"


def test_the_outbox_folder_and_its_development_page(
    app, db, client, runner, make_user, monkeypatch, tmp_path
):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", str(tmp_path))
    person = make_user(locale="en")
    run_jobs(runner)
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 1
    assert person.email in files[0].read_text()

    # make run starts no worker: the page writes what is queued before listing it
    response = post_form(
        client,
        "/register",
        {
            "name": "Lê Văn Nam",
            "email": "nam@example.com",
            "password": "kites over the lake",
            "locale": "vi",
            "privacy_notice": "y",
        },
    )
    assert response.status_code == 302
    page = client.get("/dev/mail/")
    assert page.status_code == 200
    assert text(page).count("Chào mừng bạn đến với Không gian Sáng tạo Hà Nội") == 1  # Nam's, in vi
    assert "Welcome to Hanoi Creative Spaces" in text(page)  # the English one
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    raw = client.get(f"/dev/mail/{int(files[-1].stem)}")
    assert raw.status_code == 200 and raw.mimetype == "text/plain"
    assert "nam@example.com" in raw.get_data(as_text=True)

    monkeypatch.setitem(app.config, "APP_ENV", "production")
    assert client.get("/dev/mail/").status_code == 404
    assert client.get(f"/dev/mail/{int(files[-1].stem)}").status_code == 404


def test_the_smtp_password_never_reaches_the_logs_or_the_database(
    app, db, runner, smtp, make_user, monkeypatch, caplog
):
    """A server that refuses the login (this one offers no AUTH): the error is kept, the
    password nowhere."""
    secret = "correct-horse-battery-staple-42"
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "hcsn")
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", secret)
    person = make_user()
    with caplog.at_level("DEBUG"):
        output = run_jobs(runner)
    assert "sent 0 messages" in output
    db.expire_all()
    welcome = db.scalar(select(OutboundMessage).where(OutboundMessage.user_id == person.id))
    assert welcome.status == "queued" and welcome.last_error
    assert secret not in caplog.text
    assert secret not in welcome.last_error
    assert secret not in output
    assert secret not in repr(app.extensions["bus"].context.mail.transport().settings)


def test_events_with_mail_turned_off_leave_no_messages(db, make_user, make_bus):
    """Without mail settings handlers queue nothing and succeed."""

    person = make_user()
    assert make_bus(mail=None).deliver_due(db) >= 1
    assert (
        db.scalars(select(OutboundMessage).where(OutboundMessage.user_id == person.id)).all() == []
    )
    assert db.scalar(select(OutboxEvent).where(OutboxEvent.delivered_at.is_(None))) is None


def test_a_sender_killed_after_the_server_accepted_resends_after_its_lease_with_the_same_id(
    app, db, smtp, make_user
):
    """The documented at-least-once edge: the server has the message, the process dies before it
    records that. Until the lease runs out nobody sends it again; after, it goes again, with the
    same Message-ID, and is marked sent."""

    person = make_user()
    app.extensions["bus"].deliver_due(db)  # queues the welcome message
    settings = messages.SmtpSettings(host="127.0.0.1", port=smtp.port)

    class KilledAfterSending(messages.SmtpTransport):
        def send(self, message_id, raw, sender, recipient):
            super().send(message_id, raw, sender, recipient)
            raise KeyboardInterrupt  # the process is killed right here

    start = datetime.now(UTC)
    with pytest.raises(KeyboardInterrupt):
        messages.send_due(db, KilledAfterSending(settings), lambda: start)
    db.rollback()
    assert len(smtp.to(person.email)) == 1
    # Another sender, within the lease: nothing to send
    assert messages.send_due(db, messages.SmtpTransport(settings), lambda: start) == 0
    assert len(smtp.to(person.email)) == 1
    # The lease has run out: sent again, recognisably the same message
    later = start + LEASE + timedelta(seconds=1)
    assert messages.send_due(db, messages.SmtpTransport(settings), lambda: later) == 1
    first, second = smtp.to(person.email)
    assert first["Message-ID"] == second["Message-ID"]
    db.expire_all()
    welcome = db.scalar(select(OutboundMessage).where(OutboundMessage.user_id == person.id))
    assert (welcome.status, welcome.attempts) == ("sent", 2)
    assert messages.send_due(db, messages.SmtpTransport(settings), lambda: later) == 0


def test_the_ticket_by_email_says_how_to_reach_the_space(
    db, runner, smtp, make_user, make_space, make_workshop, make_session, now
):
    space = make_space(
        phone="024 3823 4567", email="hello@nhasan.vn", messenger_url="https://zalo.me/0912345678"
    )
    person = make_user(locale="en")
    sitting = make_session(make_workshop(space=space, price=0))
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    run_jobs(runner)
    plain, html, _files = parts(one(smtp.to(person.email), "Your booking is confirmed"))
    for body in (plain, html):
        assert "Questions about this booking? Reach the space:" in body
        assert "024 3823 4567" in body and "hello@nhasan.vn" in body
        assert "https://zalo.me/0912345678" in body


def test_one_bad_title_never_stops_the_networks_mail(
    app, db, runner, smtp, make_user, make_workshop, make_session, now, monkeypatch
):
    """A title with line breaks (typed before input was cleaned) reaches a subject as one line;
    and a reminder that cannot be built is logged and skipped: every other reminder, warning
    and summary of the run still goes out."""
    from bookings.messages import scheduled
    from models import Workshop

    broken = make_workshop(price=0)
    fine = make_workshop(price=0)
    db.get_one(Workshop, broken.id).title_en = "Candles\r\nBcc: everyone@example.com"
    db.commit()
    people = [make_user(locale="en") for _ in range(3)]
    sittings = [
        make_session(workshop, starts_in=timedelta(hours=20)) for workshop in (broken, fine, fine)
    ]
    for person, sitting in zip(people, sittings, strict=True):
        seats.book_seats(
            db,
            session_id=sitting.id,
            user_id=person.id,
            seats=1,
            now=now - timedelta(hours=3),
            gateway="demo",
            hold=DEFAULT_HOLD,
        )
    real = scheduled._reminder
    failing = people[1].id

    def reminder(db, settings, booking_id, key, now):
        if db.get_one(Booking, booking_id).user_id == failing:
            raise RuntimeError("a template that cannot render")
        return real(db, settings, booking_id, key, now)

    monkeypatch.setattr(scheduled, "_reminder", reminder)
    run_jobs(runner)
    run_jobs(runner)
    reminders = {
        m["To"]: m["Subject"] for m in smtp.messages if m["Subject"].startswith("Tomorrow")
    }
    assert set(reminders) == {people[0].email, people[2].email}
    assert reminders[people[0].email] == "Tomorrow: Candles Bcc: everyone@example.com"
    assert all(m["Bcc"] is None for m in smtp.messages)


def test_a_title_is_one_line_from_the_moment_it_is_typed(db, make_space):
    from bookings.catalogue import publishing
    from bookings.catalogue.publishing import WorkshopDraft

    space = make_space()
    workshop = publishing.publish_workshop(
        db,
        space_id=space.id,
        draft=WorkshopDraft(
            title="Gốm\nbàn xoay",
            title_en="Wheel\r\nthrown",
            description="…",
            discipline="ceramics",
            price=0,
            capacity=4,
            duration_minutes=60,
        ),
        now=datetime.now(UTC),
    )
    assert (workshop.title, workshop.title_en) == ("Gốm bàn xoay", "Wheel thrown")
