"""Start-up: which handlers each domain event has (``EVENTS``: one table, written here and
nowhere else) and the context they run with. ``create_app`` calls ``bootstrap`` once (the worker
runs in that app) and gives every session the table, and the bus where it delivers right away.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bookings.events import (
    AccountRegistered,
    BookingCancelled,
    BookingConfirmed,
    CredentialsReset,
    HoldExpired,
    PasswordResetRequested,
    PayeeChanged,
    PaymentNoticeReceived,
    RefundDue,
    RefundSettled,
    SeatsHeld,
    SeatsOffered,
    SessionCancelled,
    SessionMoved,
    TeamInvitationSent,
)
from bookings.messages import handlers as messages
from bookings.messages import money
from bookings.messages.render import Mail
from bookings.payments import notices, refunds
from bookings.payments.gateway import PaymentGateway
from bookings.payments.payos import Settings as PayosSettings
from bookings.payments.payos import cancel_released as cancel_payos_request
from bookings.unit.bus import Bus, EventTable, Handler

#: Every event that has handlers, with its handlers in the order they run. An event that is
#: not here is recorded as what happened (staff pages and messages read it) and needs nothing.
_HANDLERS: dict[type, list[Handler]] = {
    BookingConfirmed: [messages.booking_confirmed],
    SeatsHeld: [messages.seats_held],
    SeatsOffered: [messages.seats_offered],
    HoldExpired: [refunds.close_unpaid_checkout, cancel_payos_request],
    BookingCancelled: [
        refunds.close_unpaid_checkout,
        messages.booking_cancelled,
        cancel_payos_request,  # last: while payOS fails, the event is tried again
    ],
    RefundDue: [refunds.carry_out_refund, money.refund_owed],
    PayeeChanged: [money.payee_changed],
    RefundSettled: [messages.refund_settled],
    SessionMoved: [messages.session_moved],
    SessionCancelled: [messages.session_cancelled],
    PaymentNoticeReceived: [notices.act_on_notice],
    AccountRegistered: [messages.account_registered],
    PasswordResetRequested: [messages.password_reset_requested],
    CredentialsReset: [messages.credentials_reset],
    TeamInvitationSent: [messages.team_invitation_sent],
}

#: Handlers that never run inside the request that recorded their event, only in the worker:
#: rendering a message costs far more than a booking (and a password reset request must take
#: the same time whether or not the address has an account).
_WORKER_ONLY: frozenset[Handler] = frozenset(
    {
        messages.booking_confirmed,
        messages.seats_held,
        messages.seats_offered,
        messages.booking_cancelled,
        messages.refund_settled,
        messages.session_moved,
        messages.session_cancelled,
        messages.account_registered,
        messages.password_reset_requested,
        messages.credentials_reset,
        messages.team_invitation_sent,
        money.refund_owed,
        money.payee_changed,
        cancel_payos_request,
    }
)

EVENTS = EventTable(_HANDLERS, worker_only=_WORKER_ONLY)


@dataclass(frozen=True)
class HandlerContext:
    """What handlers may use besides the database."""

    gateway: PaymentGateway
    clock: Callable[[], datetime]
    #: None: no messages are queued (the settings of a deployment without mail).
    mail: Mail | None = None
    #: payOS for spaces that give credentials; None: nobody's payOS is used.
    payos: PayosSettings | None = None


def bootstrap(context: HandlerContext) -> Bus:
    """The bus of this process: the event table, and the context its handlers receive."""
    return Bus(EVENTS, context)
