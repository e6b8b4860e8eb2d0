"""What is kept and for how long: the bodies of sent messages and the payloads of payment
notifications are deleted once they are older than the retention period (``RETENTION_DAYS``).

What stays is what the accounts and the mail queue need: a message's row (its kind, recipient,
subject, status and times: the dedupe key still stops it from being sent twice), a bank
notification's amount, outcome, booking and dates. Running it again deletes nothing more.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from bookings.unit.transaction import transaction
from models import BankNotification, OutboundMessage
from models.statuses import MessageStatus

#: The retention period when the deployment names none.
DEFAULT_RETENTION_DAYS = 90


@dataclass(frozen=True)
class Forgotten:
    """How many message bodies and notification payloads one pass deleted."""

    message_bodies: int
    notification_payloads: int


def forget_old_contents(db: Session, *, now: datetime, days: int) -> Forgotten:
    """Delete the body of every message sent more than ``days`` days ago and the payload (the
    transfer's description as the bank wrote it, the account number) of every bank
    notification received before then; idempotent."""
    if days < 1:
        raise ValueError("the retention period is at least one day")
    cutoff = now - timedelta(days=days)
    with transaction(db):
        bodies = db.execute(
            update(OutboundMessage)
            .where(
                OutboundMessage.status == MessageStatus.SENT,
                OutboundMessage.sent_at < cutoff,
                OutboundMessage.raw != "",
            )
            .values(raw="")
            .execution_options(synchronize_session=False)
        ).rowcount
        payloads = db.execute(
            update(BankNotification)
            .where(
                BankNotification.received_at < cutoff,
                (BankNotification.content != "") | (BankNotification.account_number != ""),
            )
            .values(content="", account_number="")
            .execution_options(synchronize_session=False)
        ).rowcount
    return Forgotten(bodies, payloads)
