"""Links in emails, followed as a person would: from the message that arrived over SMTP, in a
browser that is not logged in. Offers, address confirmation, password reset."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bookings import seats
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, EmailToken, OutboundMessage, OutboxEvent, User
from tests.conftest import PASSWORD, log_in
from tests.forms import csrf_token, post_form, text
from tests.smtp_server import links_in, one, parts, path_of, run_jobs


def _offer_links(smtp, person) -> tuple[str, str]:
    message = one(smtp.to(person.email), "Seats for you")
    plain, html, _files = parts(message)
    urls = [path_of(url) for url in links_in(plain) if "/offers/" in url]
    accept = next(u for u in urls if u.endswith("answer=accept"))
    decline = next(u for u in urls if u.endswith("answer=decline"))
    assert accept.split("?")[0] == decline.split("?")[0]
    assert accept.split("?")[0] in html
    return accept, decline


@pytest.fixture
def offered(db, runner, smtp, make_user, make_workshop, make_session, now):
    """Lan has the only seat; Minh waits; Lan cancels, so Minh is offered it by email."""
    lan, minh = make_user(locale="en"), make_user(locale="en")
    sitting = make_session(make_workshop(price=0, capacity=1), capacity=1)
    first = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    waiting = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=minh.id,
        seats=1,
        now=now,
        join_waitlist=True,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.cancel_booking(db, booking_id=first.id, user_id=lan.id, now=now)
    run_jobs(runner)
    db.expire_all()
    assert db.get_one(Booking, waiting.id).status == "offered"
    return minh, waiting


def _status(db, booking) -> str:
    db.expire_all()
    return db.get_one(Booking, booking.id).status


def test_offer_links_show_a_button_then_accept_once(db, client, smtp, offered):
    minh, waiting = offered
    accept, decline = _offer_links(smtp, minh)
    page = client.get(accept)  # a mail scanner's prefetch changes nothing
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "Yes, I take the seats" in text(page)
    assert _status(db, waiting) == "offered"
    response = client.post(
        accept.split("?")[0], data={"answer": "accept", "csrf_token": csrf_token(client, accept)}
    )
    assert response.status_code == 200
    assert "The seats are yours." in text(response)
    assert _status(db, waiting) == "confirmed"
    # Single use: the same link, or its decline twin, no longer works
    assert client.get(accept).status_code == 410
    assert client.get(decline).status_code == 410
    again = client.post(
        accept.split("?")[0],
        data={"answer": "decline", "csrf_token": csrf_token(client, "/login")},
    )
    assert again.status_code == 410
    assert _status(db, waiting) == "confirmed"


def test_declining_from_the_email_changes_only_that_offer(db, client, smtp, offered):
    minh, waiting = offered
    _accept, decline = _offer_links(smtp, minh)
    other = db.scalars(select(Booking).where(Booking.id != waiting.id)).all()
    before = {b.id: b.status for b in other}
    response = client.post(
        decline.split("?")[0],
        data={"answer": "decline", "csrf_token": csrf_token(client, decline)},
    )
    assert response.status_code == 200
    assert _status(db, waiting) == "cancelled"
    db.expire_all()
    assert {b.id: db.get_one(Booking, b.id).status for b in other} == before


def test_a_tampered_offer_link_is_not_found(db, client, smtp, offered):
    minh, waiting = offered
    accept, _decline = _offer_links(smtp, minh)
    path = accept.split("?")[0]
    token = path.rsplit("/", 1)[1]
    tampered = path[: -len(token)] + ("A" if token[0] != "A" else "B") + token[1:]
    assert client.get(tampered).status_code == 404
    token_of_form = csrf_token(client, "/login")
    posted = client.post(tampered, data={"answer": "accept", "csrf_token": token_of_form})
    assert posted.status_code == 404
    assert client.get("/offers/short").status_code == 404
    assert _status(db, waiting) == "offered"


def test_an_expired_offer_link_no_longer_works(db, client, smtp, offered, runner):
    minh, waiting = offered
    accept, _decline = _offer_links(smtp, minh)
    # The offer's deadline passes: the link dies with it
    db.execute(
        update(EmailToken)
        .where(EmailToken.booking_id == waiting.id)
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    db.commit()
    assert client.get(accept).status_code == 410
    response = client.post(
        accept.split("?")[0],
        data={"answer": "accept", "csrf_token": csrf_token(client, "/login")},
    )
    assert response.status_code == 410
    assert _status(db, waiting) == "offered"


def test_password_reset_never_tells_whether_an_address_has_an_account(
    app, db, client, runner, smtp, make_user
):
    person = make_user(email="lan@example.com", locale="en")
    client.get("/language/en")
    answers = []
    for email in ("lan@example.com", "nobody@example.com", "  LAN@example.com "):
        response = post_form(client, "/forgot-password", {"email": email})
        page = client.get(response.headers["Location"])
        # The page's CSRF token carries a timestamp: it is the same page whatever the address.
        shown = re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', "", text(page))
        answers.append((response.status_code, response.headers["Location"], shown))
    assert answers[0] == answers[1] == answers[2]
    assert "If an account uses this address" in answers[0][2]
    run_jobs(runner)
    resets = [m for m in smtp.messages if m["Subject"] == "Reset your password"]
    assert [m["To"] for m in resets] == [person.email, person.email]
    assert not smtp.to("nobody@example.com")


def test_a_reset_link_sets_a_new_password_once(app, db, client, runner, smtp, make_user):
    person = make_user(locale="vi")
    old_session_key = person.session_key
    post_form(client, "/forgot-password", {"email": person.email})
    run_jobs(runner)
    message = one(smtp.to(person.email), "Đặt lại mật khẩu")
    plain, html, _files = parts(message)
    (link,) = [path_of(url) for url in links_in(plain) if "/reset-password/" in url]
    assert link in html
    page = client.get(link)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    new_password = "lanterns over the old quarter"
    response = post_form(client, link, {"new_password": new_password})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    db.expire_all()
    assert db.get_one(User, person.id).session_key != old_session_key  # others logged out
    login = post_form(client, "/login", {"email": person.email, "password": new_password})
    assert login.status_code == 302
    # Single use
    assert client.get(link).status_code == 410
    late = {"new_password": "another long passphrase", "csrf_token": csrf_token(client, "/login")}
    assert client.post(link, data=late).status_code == 410
    old_login = post_form(
        app.test_client(), "/login", {"email": person.email, "password": PASSWORD}
    )
    assert old_login.status_code == 400


def test_a_reset_link_expires_after_an_hour_and_a_tampered_one_is_unknown(
    db, client, runner, smtp, make_user
):
    person = make_user(locale="en")
    old_hash = person.password_hash
    post_form(client, "/forgot-password", {"email": person.email})
    run_jobs(runner)
    plain = parts(one(smtp.to(person.email), "Reset your password"))[0]
    (link,) = [path_of(url) for url in links_in(plain) if "/reset-password/" in url]
    token = db.scalar(
        select(EmailToken).where(
            EmailToken.user_id == person.id, EmailToken.purpose == "reset_password"
        )
    )
    assert timedelta(minutes=59) < token.expires_at - token.created_at <= timedelta(hours=1)
    assert client.get(link[:-2] + "xx").status_code == 404
    db.execute(
        update(EmailToken)
        .where(EmailToken.id == token.id)
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    db.commit()
    assert client.get(link).status_code == 410
    response = client.post(
        link,
        data={
            "new_password": "lanterns over the old quarter",
            "csrf_token": csrf_token(client, "/login"),
        },
    )
    assert response.status_code == 410
    db.expire_all()
    assert db.get_one(User, person.id).password_hash == old_hash


def test_registering_sends_a_welcome_with_a_link_that_confirms_the_address(
    db, client, runner, smtp
):
    response = post_form(
        client,
        "/register",
        {
            "name": "Phạm Thu Hà",
            "email": "ha@example.com",
            "password": "paper lanterns glow softly",
            "locale": "vi",
            "privacy_notice": "y",
        },
    )
    assert response.status_code == 302
    run_jobs(runner)
    run_jobs(runner)
    (welcome,) = smtp.to("ha@example.com")
    assert welcome["Subject"].startswith("Chào mừng")
    plain, html, _files = parts(welcome)
    (link,) = [path_of(url) for url in links_in(plain) if "/verify-email/" in url]
    user = db.scalar(select(User).where(User.email == "ha@example.com"))
    assert user.email_verified_at is None
    fresh = client.application.test_client()  # another browser, not logged in
    page = fresh.get(link)
    assert page.status_code == 200
    db.expire_all()
    assert db.get_one(User, user.id).email_verified_at is None  # GET changes nothing
    confirmed = post_form(fresh, link, {})
    assert confirmed.status_code == 200
    assert "đã được xác nhận" in text(confirmed)  # in the person's language
    db.expire_all()
    assert db.get_one(User, user.id).email_verified_at is not None
    assert fresh.get(link).status_code == 410
    assert (
        len(db.scalars(select(OutboundMessage).where(OutboundMessage.user_id == user.id)).all())
        == 1
    )
    assert (
        db.scalar(
            select(OutboxEvent).where(
                OutboxEvent.name == "AccountRegistered", OutboxEvent.delivered_at.is_(None)
            )
        )
        is None
    )


def test_accepting_a_paid_offer_from_the_email_leads_to_paying(
    db, client, runner, smtp, make_user, make_workshop, make_session, now
):
    lan, minh = make_user(locale="en"), make_user(locale="en")
    sitting = make_session(make_workshop(price=200_000, capacity=1), capacity=1)
    first = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=lan.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    waiting = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=minh.id,
        seats=1,
        now=now,
        join_waitlist=True,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.cancel_booking(db, booking_id=first.id, user_id=lan.id, now=now)
    run_jobs(runner)
    accept, _decline = _offer_links(smtp, minh)
    response = client.post(
        accept.split("?")[0], data={"answer": "accept", "csrf_token": csrf_token(client, accept)}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/payments/")
    assert _status(db, waiting) == "pending_payment"
    run_jobs(runner)
    held = one(smtp.to(minh.email), "Your seats are held")
    assert response.headers["Location"] in parts(held)[0]


def test_only_staff_see_the_summary_choice_and_residents_keep_theirs(
    db, client, make_user, make_space
):
    space = make_space()
    staff, resident = make_user(staff_of=space, locale="en"), make_user(locale="en")
    log_in(client, resident)
    page = text(client.get("/me"))
    assert "Email me a reminder" in page and "morning summary" not in page
    post_form(client, "/me", {"name": resident.name, "locale": "en", "mail_reminders": "y"})
    db.expire_all()
    assert (resident.mail_reminders, resident.mail_summaries) == (True, True)

    staff_client = client.application.test_client()
    log_in(staff_client, staff)
    assert "morning summary" in text(staff_client.get("/me"))
    post_form(staff_client, "/me", {"name": staff.name, "locale": "en", "mail_reminders": "y"})
    db.expire_all()
    assert (staff.mail_reminders, staff.mail_summaries) == (True, False)


def test_an_offer_answered_on_the_site_kills_its_email_link(db, client, smtp, offered):
    minh, waiting = offered
    accept, _decline = _offer_links(smtp, minh)
    log_in(client, minh)
    path = f"/me/bookings/{waiting.id}/accept-offer"
    response = post_form(client, path, {}, page=f"/me/bookings/{waiting.id}")
    assert response.status_code == 302
    assert _status(db, waiting) == "confirmed"
    anonymous = client.application.test_client()
    assert anonymous.get(accept).status_code == 410
