"""Domain events: what happened, in the past tense, as frozen dataclasses.

A use case records them in the outbox in its own transaction (``bookings.unit.outbox.record``);
handlers run after the commit. Their payloads are plain values (ids, amounts, instants), so an
event means the same whenever it is delivered.
"""

from dataclasses import dataclass, fields
from datetime import datetime
from typing import ClassVar


@dataclass(frozen=True)
class Event:
    """Base of every domain event."""

    registry: ClassVar[dict[str, type["Event"]]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        Event.registry[cls.__name__] = cls

    def to_payload(self) -> dict:
        return {
            f.name: value.isoformat() if isinstance(value, datetime) else value
            for f in fields(self)
            for value in [getattr(self, f.name)]
        }

    @classmethod
    def from_payload(cls, name: str, payload: dict) -> "Event":
        event_class = cls.registry[name]
        values = {}
        for f in fields(event_class):
            value = payload.get(f.name)
            if isinstance(value, str) and "datetime" in str(f.type):
                value = datetime.fromisoformat(value)
            values[f.name] = value
        return event_class(**values)


@dataclass(frozen=True)
class SeatsHeld(Event):
    """Seats are held while the person pays; they go back at ``hold_expires_at``."""

    booking_id: int
    session_id: int
    user_id: int
    seats: int
    hold_expires_at: datetime


@dataclass(frozen=True)
class BookingConfirmed(Event):
    booking_id: int
    session_id: int
    user_id: int
    seats: int
    paid: bool


@dataclass(frozen=True)
class JoinedWaitlist(Event):
    booking_id: int
    session_id: int
    user_id: int
    seats: int


@dataclass(frozen=True)
class SeatsOffered(Event):
    """Seats came free and are offered to someone on the waiting list until the deadline."""

    booking_id: int
    session_id: int
    user_id: int
    seats: int
    offer_expires_at: datetime


@dataclass(frozen=True)
class OfferDeclined(Event):
    booking_id: int
    session_id: int
    user_id: int


@dataclass(frozen=True)
class OfferExpired(Event):
    booking_id: int
    session_id: int
    user_id: int


@dataclass(frozen=True)
class HoldExpired(Event):
    """The payment did not arrive in time; the held seats went back."""

    booking_id: int
    session_id: int
    user_id: int


@dataclass(frozen=True)
class BookingCancelled(Event):
    """A booking or waiting-list place ended; ``by`` is ``person``, ``staff`` or ``system``."""

    booking_id: int
    session_id: int
    user_id: int
    by: str
    refund_amount: int


@dataclass(frozen=True)
class SeatsReleased(Event):
    """Seats went back to the session (and were offered on to the waiting list if it had one)."""

    session_id: int
    seats: int


@dataclass(frozen=True)
class PaymentReceived(Event):
    booking_id: int
    payment_id: int
    amount: int


@dataclass(frozen=True)
class RefundDue(Event):
    """Money must go back: the handler asks the payment gateway to refund it."""

    refund_id: int
    booking_id: int
    amount: int
    reason: str


@dataclass(frozen=True)
class RefundSettled(Event):
    refund_id: int
    booking_id: int
    status: str


@dataclass(frozen=True)
class CapacityChanged(Event):
    session_id: int
    old_capacity: int
    new_capacity: int


@dataclass(frozen=True)
class WorkshopPublished(Event):
    workshop_id: int
    space_id: int


@dataclass(frozen=True)
class SessionScheduled(Event):
    session_id: int
    workshop_id: int


@dataclass(frozen=True)
class WaitlistClosed(Event):
    """Booking closed before seats came free for this person: their place in line ended."""

    booking_id: int
    session_id: int
    user_id: int


@dataclass(frozen=True)
class SessionMoved(Event):
    """Staff changed a session's time or place; booked people are told, calendars update.
    (A location is the session's own place; empty: the space's address.)"""

    session_id: int
    old_starts_at: datetime
    new_starts_at: datetime
    new_ends_at: datetime
    old_location: str = ""
    new_location: str = ""


@dataclass(frozen=True)
class SessionCancelled(Event):
    """Staff cancelled a session: every booking was cancelled and paid ones refunded."""

    session_id: int
    message: str
    bookings_cancelled: int


@dataclass(frozen=True)
class PaymentNoticeReceived(Event):
    """The payment provider told us something (a webhook): the handler reads the truth from
    the provider and acts on it."""

    provider: str
    notice_id: str
    kind: str
    #: ``checkout`` or ``refunds`` (``bookings.payments.gateway``).
    about: str
    object_id: str


@dataclass(frozen=True)
class CheckedIn(Event):
    """Staff let the booking's people in at the door."""

    booking_id: int
    session_id: int
    user_id: int


@dataclass(frozen=True)
class CheckInUndone(Event):
    booking_id: int
    session_id: int
    user_id: int


@dataclass(frozen=True)
class PaidAtDoor(Event):
    """A pay-at-venue booking's money was taken at the door."""

    booking_id: int
    session_id: int
    amount: int


@dataclass(frozen=True)
class WalkInBooked(Event):
    """Staff took a booking at the door for someone who came without one."""

    booking_id: int
    session_id: int
    user_id: int
    seats: int


@dataclass(frozen=True)
class NoShowsMarked(Event):
    """After the start, staff marked the confirmed bookings nobody came for."""

    session_id: int
    bookings_marked: int


@dataclass(frozen=True)
class BookingNoteChanged(Event):
    booking_id: int
    session_id: int


@dataclass(frozen=True)
class WorkshopChanged(Event):
    """Staff edited a workshop's details (or archived it: ``status``)."""

    workshop_id: int
    status: str


@dataclass(frozen=True)
class SpaceChanged(Event):
    """An admin edited a member space; ``sessions_updated`` upcoming sessions moved place."""

    space_id: int
    status: str
    sessions_updated: int


@dataclass(frozen=True)
class AccountRegistered(Event):
    """Somebody created an account: they are welcomed and asked to confirm their address."""

    user_id: int
    registered_at: datetime


@dataclass(frozen=True)
class PasswordResetRequested(Event):
    """Somebody asked for a password reset link for this address (whether or not an account
    has it: the request does the same work either way; the handler looks the account up)."""

    email: str
    requested_at: datetime


@dataclass(frozen=True)
class CredentialsReset(Event):
    """The person's password was changed or reset: every login, API token and calendar feed
    address they had stopped working. They are told, in case it was not them."""

    user_id: int
    reset_at: datetime


@dataclass(frozen=True)
class TeamInvitationSent(Event):
    """A space offered someone a role: the address is told how to accept it."""

    invitation_id: int
    invited_at: datetime


@dataclass(frozen=True)
class PayeeChanged(Event):
    """A space's bank account was set, changed or removed (``change_id``: its record): the
    space's owners and the network's admins are told, as this is how money is diverted."""

    space_id: int
    change_id: int


@dataclass(frozen=True)
class TransferReceived(Event):
    """A bank transfer for a booking arrived (``amount``); ``missing`` is what is still due."""

    booking_id: int
    amount: int
    missing: int
