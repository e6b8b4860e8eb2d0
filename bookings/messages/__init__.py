"""Messages to people: rendering (through the web layer's templates), the mail queue and its
transports, the handlers that turn events into messages, scheduled messages, signed links.
Uses seats and accounts (a link answers an offer or resets a password), catalogue.calendars.
"""

from bookings.messages.queue import (
    SEND_AFTER_COMMIT,
    give_up,
    send_after_commit,
    send_due,
    send_one,
)
from bookings.messages.render import Mail
from bookings.messages.retention import DEFAULT_RETENTION_DAYS, Forgotten, forget_old_contents
from bookings.messages.scheduled import queue_scheduled
from bookings.messages.transports import DirectoryTransport, SmtpSettings, SmtpTransport, Transport

__all__ = [
    "SEND_AFTER_COMMIT",
    "DEFAULT_RETENTION_DAYS",
    "Forgotten",
    "DirectoryTransport",
    "Mail",
    "SmtpSettings",
    "SmtpTransport",
    "Transport",
    "forget_old_contents",
    "give_up",
    "queue_scheduled",
    "send_after_commit",
    "send_due",
    "send_one",
]
