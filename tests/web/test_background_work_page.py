"""The admins' view of background work: the queue's figures and what was given up, with why."""

from datetime import UTC, datetime

from sqlalchemy import func, select, update

from bookings.unit import outbox
from models import AuditEntry, OutboundMessage, OutboxEvent
from models.statuses import MessageStatus
from tests.conftest import book_one, log_in
from tests.english import english_on
from tests.forms import post_form, text
from tests.smtp_server import run_jobs


def test_admins_see_work_given_up_with_the_reason(client, db, make_user, now):
    admin = make_user(admin=True, email="admin@example.com")
    registered = db.scalars(select(OutboxEvent.id).order_by(OutboxEvent.id)).first()
    db.execute(update(OutboxEvent).values(last_error="RuntimeError('template missing')"))
    db.commit()
    outbox.give_up(db, registered, now)
    _given_up_welcome(db, "lan@example.com", "SMTPRecipientsRefused(550 No such user)", now)
    log_in(client, admin)
    page = client.get("/admin/jobs", headers={"Accept-Language": "vi"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Công việc chạy nền" in html and "Đã bỏ cuộc" in html
    assert "AccountRegistered" in html and "template missing" in html
    assert "account_registered" in html and "lan@example.com" in html and "550 No such user" in html
    assert not english_on(html), english_on(html)


def test_with_nothing_given_up_the_page_says_so(client, make_user):
    log_in(client, make_user(admin=True))
    html = client.get("/admin/jobs").get_data(as_text=True)
    assert "Không có việc nào bị bỏ cuộc." in html


def _given_up_confirmation(db, runner, smtp, person, sitting, now) -> OutboundMessage:
    """A booking whose confirmation the mail server refused until it was given up."""
    book_one(db, sitting, person, now)
    smtp.refuse_next(100)
    run_jobs(runner)
    db.execute(
        update(OutboundMessage)
        .where(OutboundMessage.recipient == person.email)
        .values(status=MessageStatus.FAILED)
    )
    db.commit()
    smtp.refuse_next(0)
    return db.scalars(
        select(OutboundMessage).where(
            OutboundMessage.recipient == person.email,
            OutboundMessage.kind == "booking_confirmed",
        )
    ).one()


def test_an_admin_retries_a_message_given_up_and_the_next_round_sends_it_once(
    client, db, runner, smtp, make_user, make_workshop, make_session, now
):
    admin = make_user(admin=True, email="admin@example.com")
    person = make_user(email="lan@example.com")
    message = _given_up_confirmation(
        db, runner, smtp, person, make_session(make_workshop(price=0)), now
    )
    log_in(client, admin)
    page = client.get("/admin/jobs", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    retry_url = f"/admin/jobs/message/{message.id}/retry"
    assert f'action="{retry_url}"' in page and "Chạy lại" in page
    assert "451" in page  # the reason it was given up

    answer = post_form(client, retry_url, {}, page="/admin/jobs")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/admin/jobs")
    db.expire_all()
    revived = db.get_one(OutboundMessage, message.id)
    assert revived.status == MessageStatus.QUEUED and revived.next_attempt_at <= datetime.now(UTC)
    entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "job.retried")).all()
    assert [(e.actor_email, e.object) for e in entries] == [
        ("admin@example.com", f"message:{message.id}")
    ]
    assert f'action="{retry_url}"' not in client.get("/admin/jobs").get_data(as_text=True)

    run_jobs(runner)  # the embedded mode's round
    assert len(smtp.to(person.email)) >= 1
    db.expire_all()
    assert db.get_one(OutboundMessage, message.id).status == MessageStatus.SENT

    again = post_form(client, retry_url, {}, page="/admin/jobs", follow_redirects=True)
    assert "no longer given up" in text(again) or "không còn" in text(again)
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == 1  # nothing retried twice


def test_a_retry_without_the_forms_csrf_token_changes_nothing(client, db, make_user, now):
    message = _given_up_welcome(db, "mai@example.com", "boom", now)
    log_in(client, make_user(admin=True))
    assert client.post(f"/admin/jobs/message/{message.id}/retry").status_code == 400
    kind_unknown = post_form(
        client, f"/admin/jobs/booking/{message.id}/retry", {}, page="/admin/jobs"
    )
    assert kind_unknown.status_code == 404
    db.expire_all()
    assert db.get_one(OutboundMessage, message.id).status == MessageStatus.FAILED


def _given_up_welcome(db, recipient: str, last_error: str, now) -> OutboundMessage:
    """A welcome message given up after its last attempt, with the server's last word."""
    message = OutboundMessage(
        dedupe_key=f"welcome:{recipient}",
        kind="account_registered",
        recipient=recipient,
        subject="Chào",
        raw="",
        status=MessageStatus.FAILED,
        attempts=12,
        next_attempt_at=now,
        created_at=now,
        last_error=last_error,
    )
    db.add(message)
    db.commit()
    return message
