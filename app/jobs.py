"""The worker's round: everything in the background that is due, done once."""

import logging

from flask import current_app

from app.database import db
from bookings import messages, payments, seats

log = logging.getLogger(__name__)


def run_due_work() -> str:
    """Release overdue holds and offers, deliver undelivered events, bring refunds the payment
    provider is still working on up to date, queue the scheduled messages that are due
    (reminders, hold warnings, staff summaries), send the queue and delete what is past the
    retention period; a one-line summary.

    Each step has a session of its own: what one step read never hides what the next must see.
    """
    bus = current_app.extensions["bus"]
    context = bus.context
    with db.new_session() as session:
        released = seats.release_expired(session, now=context.clock())
    with db.new_session() as session:
        delivered = bus.deliver_due(session)
    with db.new_session() as session:
        checked = payments.check_pending_refunds(
            session, gateway=context.gateway, now=context.clock()
        )
    scheduled = 0
    with db.new_session() as session:
        try:  # a message that cannot be rendered must not hold up the queue
            scheduled = messages.queue_scheduled(session, context.mail, now=context.clock())
        except Exception:
            log.exception("queueing the scheduled messages failed")
    with db.new_session() as session:
        sent = messages.send_due(session, context.mail.transport(), context.clock)
    forgotten = forget_old_contents()
    return (
        f"released {released} holds and offers; delivered {delivered} events; "
        f"checked {checked} pending refunds; queued {scheduled} scheduled messages; "
        f"sent {sent} messages; deleted {forgotten.message_bodies} message bodies and "
        f"{forgotten.notification_payloads} notification payloads past retention"
    )


def forget_old_contents() -> messages.Forgotten:
    """Delete what is past the retention period (``RETENTION_DAYS``): sent messages' bodies,
    bank notifications' payloads. Idempotent: the periodic job and the embedded round share it."""
    bus = current_app.extensions["bus"]
    with db.new_session() as session:
        return messages.forget_old_contents(
            session, now=bus.clock(), days=current_app.config["RETENTION_DAYS"]
        )
