"""One error vocabulary for the domain: each error has a stable code the web layer maps.

Messages are English msgids with ``%(name)s`` placeholders, marked with ``N_`` so that the
translation catalogues pick them up; the web layer translates them into the person's language.
"""

from dataclasses import dataclass, field


def N_(text: str) -> str:  # noqa: N802  (the gettext convention for "translate later")
    """Mark ``text`` for extraction into the catalogues; the web layer translates it."""
    return text


def NC_(context: str, text: str) -> tuple[str, str]:  # noqa: N802
    """Mark ``text`` for extraction with its ``context`` (one English word, two meanings: "Paid"
    as a price is not "Paid" as a payment's status); the web layer translates it with
    ``pgettext``."""
    return context, text


@dataclass(frozen=True)
class Message:
    """A translatable message: an English msgid and the values of its placeholders."""

    text: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text % self.params if self.params else self.text


class BookingError(Exception):
    """Base of every domain error; ``code`` is stable and appears in the API."""

    code = "error"
    default = N_("That did not work.")

    def __init__(self, message: str = "", **params: object) -> None:
        self.message = Message(message or self.default, params)
        super().__init__(str(self.message))
        self.fields: dict[str, Message] = {}


class InvalidInput(BookingError):
    """Input that breaks a rule; ``fields`` says what is wrong with each field."""

    code = "invalid"
    default = N_("Some fields are not valid.")

    def __init__(self, fields: dict[str, Message]) -> None:
        super().__init__()
        self.fields = fields


def invalid(field_name: str, message: str, **params: object) -> InvalidInput:
    """An ``InvalidInput`` about one field."""
    return InvalidInput({field_name: Message(message, params)})


class SpaceSuspended(BookingError):
    """Staff of a suspended space asking for more than the door: walk-ins, new workshops or
    sessions, moves, capacity changes, edits. The code is ``forbidden`` (403): the person is
    known, the space may not do that now."""

    code = "forbidden"
    default = N_(
        "This space is suspended: its staff may keep the door for people already booked and "
        "cancel sessions, nothing else."
    )


class NotFound(BookingError):
    code = "not_found"
    default = N_("We could not find that.")


class Unauthenticated(BookingError):
    code = "unauthenticated"
    default = N_("Please log in first.")


class Forbidden(BookingError):
    code = "forbidden"
    default = N_("You are not allowed to do that.")


class EmailTaken(BookingError):
    code = "email_taken"
    default = N_("An account with this email address already exists.")

    def __init__(self) -> None:
        super().__init__()
        self.fields = {"email": self.message}


class InvalidCursor(InvalidInput):
    """A pagination cursor that this service did not issue (or issued for another order)."""

    def __init__(self) -> None:
        super().__init__({"cursor": Message(N_("unknown cursor"))})


class SoldOut(BookingError):
    code = "sold_out"
    default = N_("There are not enough seats left in this session.")


class AlreadyBooked(BookingError):
    code = "already_booked"
    default = N_("You already have a booking for this session.")


class SessionClosed(BookingError):
    code = "session_closed"
    default = N_("This session takes no more bookings.")


class TooLate(BookingError):
    code = "too_late"
    default = N_("It is too late to cancel this booking.")


class NotActive(BookingError):
    code = "not_active"
    default = N_("This booking is already cancelled or expired.")


class NoOffer(BookingError):
    code = "no_offer"
    default = N_("There is no open offer of seats for this booking.")


class TooManyHolds(BookingError):
    code = "too_many_holds"
    default = N_("You are already paying for seats in %(n)d sessions: finish or cancel one first.")


class NotConfirmed(BookingError):
    code = "not_confirmed"
    default = N_("Only a confirmed booking can be checked in.")


class NotStarted(BookingError):
    code = "not_started"
    default = N_("No-shows can be marked once the session has started.")


class PaymentUnavailable(BookingError):
    """The payment provider did not answer or refused; nothing changed, try again later."""

    code = "payment_unavailable"
    default = N_("The payment service is not answering right now. Please try again shortly.")


class CardUnavailable(PaymentUnavailable):
    """No card provider is configured here (a production server without Stripe keys)."""

    default = N_("Card payment is not available here: pay by bank transfer or at the venue.")


class TransferUnavailable(PaymentUnavailable):
    """The space takes no bank transfers (no bank account, or switched off for the workshop)."""

    default = N_("This workshop cannot be paid by bank transfer.")


class BadSignature(BookingError):
    """A provider's notice whose signature is missing, wrong or too old."""

    code = "invalid_signature"
    default = N_("The notice's signature is missing, wrong or too old.")


class LinkInvalid(BookingError):
    """A link from an email that this site never sent (or whose secret was altered)."""

    code = "link_invalid"
    default = N_("This link is not valid. Please use the link from your latest email.")


class LinkUsed(BookingError):
    code = "link_used"
    default = N_("This link has been used already or has expired.")


class TooManyTokens(BookingError):
    code = "too_many_tokens"
    default = N_("You have too many API tokens. Revoke the ones you no longer use first.")


class AddressNotConfirmed(BookingError):
    code = "forbidden"
    default = N_(
        "Confirm your email address first (follow the link of our welcome message, or reset "
        "your password), then accept the invitation."
    )
