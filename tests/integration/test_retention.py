"""Retention: the bodies of sent messages and the payloads of bank notifications are deleted
after ``RETENTION_DAYS`` (90 by default), by the queue engine's periodic job and by the
embedded mode's round alike; the rows stay."""

from datetime import timedelta

from sqlalchemy import select

from app import queue
from models import BankNotification, OutboundMessage


def _message(db, key: str, *, status: str, sent_at, created_at) -> OutboundMessage:
    message = OutboundMessage(
        dedupe_key=key,
        kind="booking_confirmed",
        recipient="lan@example.com",
        subject="Đặt chỗ của bạn",
        raw="From: no-reply@hanoicreativespaces.vn\r\nTo: lan@example.com\r\n"
        "Subject: booking\r\n\r\nXin chào chị Lan, vé của chị: 7K2MQ-9XD4F\r\n",
        status=status,
        sent_at=sent_at,
        created_at=created_at,
        next_attempt_at=created_at,
    )
    db.add(message)
    return message


def _notification(db, space, key: str, *, received_at) -> BankNotification:
    notification = BankNotification(
        space_id=space.id,
        id=key,
        gateway="Vietcombank",
        transaction_date="2026-01-01 10:00:00",
        account_number="0071000123456",
        content="NGUYEN THI LAN chuyen tien HCS7K2MQ",
        transfer_type="in",
        amount=250_000,
        reference_code="FT26001",
        received_at=received_at,
        outcome="unmatched",
    )
    db.add(notification)
    return notification


def _state(db):
    db.rollback()  # a fresh read: what the job committed meanwhile
    bodies = {m.dedupe_key: m.raw != "" for m in db.scalars(select(OutboundMessage))}
    payloads = {
        n.id: (n.content != "", n.account_number != "", n.amount)
        for n in db.scalars(select(BankNotification))
    }
    return bodies, payloads


def test_sent_message_bodies_and_notice_payloads_are_deleted_after_the_retention_period(
    app, db, make_space, runner, monkeypatch, now
):
    space = make_space()
    old, recent = now - timedelta(days=91), now - timedelta(days=89)
    _message(db, "old-sent", status="sent", sent_at=old, created_at=old)
    _message(db, "recent-sent", status="sent", sent_at=recent, created_at=recent)
    # Not sent (given up, or still queued: the round sends it now): the body stays.
    _message(db, "old-failed", status="failed", sent_at=None, created_at=old)
    _message(db, "old-queued", status="queued", sent_at=None, created_at=old)
    _notification(db, space, "old", received_at=old)
    _notification(db, space, "recent", received_at=recent)
    db.commit()
    assert app.config["RETENTION_DAYS"] == 90

    # The embedded mode's round (``make run``'s thread, ``jobs run``).
    result = runner.invoke(args=["jobs", "run"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 message bodies and 1 notification payloads" in result.output
    bodies, payloads = _state(db)
    assert bodies == {
        "old-sent": False,
        "recent-sent": True,
        "old-failed": True,
        "old-queued": True,
    }
    assert payloads == {"old": (False, False, 250_000), "recent": (True, True, 250_000)}

    # The queue engine's periodic job: idempotent, and it follows RETENTION_DAYS.
    assert "forget_old_contents" in {
        task.task.name for task in queue.engine.periodic_registry.periodic_tasks.values()
    }
    queue.use_flask_app(app)
    try:
        queue.forget_old_contents(timestamp=0)
        assert _state(db) == (bodies, payloads)
        monkeypatch.setitem(app.config, "RETENTION_DAYS", 30)
        queue.forget_old_contents(timestamp=0)
    finally:
        queue.use_flask_app(None)
    bodies, payloads = _state(db)
    assert bodies["recent-sent"] is False and bodies["old-failed"] is True
    assert payloads["recent"] == (False, False, 250_000)
    assert len(bodies) == 4 and len(payloads) == 2  # the rows stay
