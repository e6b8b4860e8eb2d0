"""The admins' view of background work: the queue's figures and what was given up, with why."""

from sqlalchemy import select, update

from bookings.unit import outbox
from models import OutboundMessage, OutboxEvent
from models.statuses import MessageStatus
from tests.conftest import log_in
from tests.english import english_on


def test_admins_see_work_given_up_with_the_reason(client, db, make_user, now):
    admin = make_user(admin=True, email="admin@example.com")
    registered = db.scalars(select(OutboxEvent.id).order_by(OutboxEvent.id)).first()
    db.execute(update(OutboxEvent).values(last_error="RuntimeError('template missing')"))
    db.commit()
    outbox.give_up(db, registered, now)
    message = OutboundMessage(
        dedupe_key="welcome:x",
        kind="account_registered",
        recipient="lan@example.com",
        subject="Chào",
        raw="",
        status=MessageStatus.FAILED,
        attempts=12,
        next_attempt_at=now,
        created_at=now,
        last_error="SMTPRecipientsRefused(550 No such user)",
    )
    db.add(message)
    db.commit()
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
