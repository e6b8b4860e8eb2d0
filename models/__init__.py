"""The data model: typed SQLAlchemy 2.x mappings, one module per concept.

This package imports nothing of ``app`` or ``bookings``.
"""

from models.audit import AuditEntry
from models.base import Base, UTCDateTime
from models.booking import Booking, Payment, PaymentNotice, Refund
from models.message import EmailToken, OutboundMessage
from models.outbox import OutboxEvent
from models.payee import BankNotification, Payee, PayeeChange, PayosAccount
from models.space import Space
from models.user import ApiToken, Consent, StaffMembership, TeamInvitation, User
from models.workshop import Workshop, WorkshopSession

__all__ = [
    "ApiToken",
    "BankNotification",
    "Consent",
    "AuditEntry",
    "Base",
    "Booking",
    "EmailToken",
    "OutboundMessage",
    "OutboxEvent",
    "Payee",
    "PayeeChange",
    "Payment",
    "PayosAccount",
    "PaymentNotice",
    "Refund",
    "Space",
    "StaffMembership",
    "TeamInvitation",
    "UTCDateTime",
    "User",
    "Workshop",
    "WorkshopSession",
]
