"""Every status a row can be in, as one enumeration per kind of row.

Their values are the stable codes stored in the database (and checked by its constraints), shown
in the API and compared in the code; nothing else spells them. A ``StrEnum`` member is a ``str``,
so rows read back as plain strings compare equal to the members.
"""

from enum import StrEnum


class BookingStatus(StrEnum):
    """Where a booking stands."""

    #: Seats held while the person pays (until ``hold_expires_at``).
    PENDING_PAYMENT = "pending_payment"
    CONFIRMED = "confirmed"
    #: A place in line for seats that may come free.
    WAITLISTED = "waitlisted"
    #: Seats that came free, offered from the waiting list (until ``offer_expires_at``).
    OFFERED = "offered"
    CANCELLED = "cancelled"
    #: Ended by time: a hold nobody paid, an offer nobody answered, a list booking closed.
    EXPIRED = "expired"


#: Bookings that hold a place: seats, or a place in line.
ACTIVE_BOOKINGS = (
    BookingStatus.PENDING_PAYMENT,
    BookingStatus.CONFIRMED,
    BookingStatus.WAITLISTED,
    BookingStatus.OFFERED,
)
#: Bookings whose seats count in ``WorkshopSession.seats_taken``.
SEAT_HOLDING = (BookingStatus.PENDING_PAYMENT, BookingStatus.CONFIRMED, BookingStatus.OFFERED)


class PaymentMethod(StrEnum):
    """How a booking is paid."""

    FREE = "free"
    CARD = "card"
    AT_VENUE = "at_venue"
    #: A VietQR bank transfer into the space's own account.
    BANK_TRANSFER = "bank_transfer"


class EndedBy(StrEnum):
    """Who ended a booking."""

    PERSON = "person"
    STAFF = "staff"
    #: Time: an expired hold, offer or waiting list.
    SYSTEM = "system"


class PaymentStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    EXPIRED = "expired"
    #: The checkout was closed: the booking ended before it was paid.
    CANCELLED = "cancelled"


class CheckoutStatus(StrEnum):
    """A payment provider's checkout, as providers report it (not stored)."""

    OPEN = "open"
    COMPLETE = "complete"
    EXPIRED = "expired"


class RefundStatus(StrEnum):
    #: Due, not yet carried out (or the provider is still at it).
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class RefundReason(StrEnum):
    """Why money goes back."""

    #: The person cancelled (or staff cancelled one booking).
    CANCELLED = "cancelled"
    SESSION_CANCELLED = "session_cancelled"
    #: The payment arrived after the seats had gone.
    LATE_PAYMENT = "late_payment"
    #: Made at the provider without us (its dashboard …), found when syncing.
    REFUNDED_AT_PROVIDER = "refunded_at_provider"
    #: More money arrived than was due (or a second payment): the excess goes back.
    OVERPAID = "overpaid"


class PayeeChangeKind(StrEnum):
    """What was done to a space's payee."""

    SET = "set"
    REMOVED = "removed"
    #: The space's payOS credentials were given (or replaced), or removed.
    PAYOS_SET = "payos_set"
    PAYOS_REMOVED = "payos_removed"


class NotificationOutcome(StrEnum):
    """What a bank notification was taken to be."""

    #: Money for a booking, found by its reference.
    MATCHED = "matched"
    #: Incoming money that matched no booking of the space: for staff to look at.
    UNMATCHED = "unmatched"
    #: Given to a booking by staff.
    ATTACHED = "attached"
    #: Money going out of the account: not ours to act on.
    OUTGOING = "outgoing"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class WorkshopStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class SpaceStatus(StrEnum):
    ACTIVE = "active"
    #: Hidden from the public catalogue; takes no bookings.
    SUSPENDED = "suspended"


class UserStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


class ConsentOccasion(StrEnum):
    """When a person agreed to the privacy notice."""

    #: Ticking the box of the registration form, or registering through the API.
    REGISTRATION = "registration"
    #: Agreeing to a new version of the notice when asked at sign-in or before booking.
    NEW_VERSION = "new_version"


class MessageStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


def sql_in(column: str, values) -> str:
    """``status IN ('a', 'b')``: a CHECK constraint or index condition from an enumeration."""
    return f"{column} IN ({', '.join(repr(str(value)) for value in values)})"
