"""Bank transfers into a space's own account: what the payer is shown, the bank's notifications
(SePay's format) matched to bookings, and what staff do by hand (mark paid, attach a transfer
that matched nothing, pay back a refund owed).

A notification is a trigger, as every provider's notice: the address's key is checked by the web
layer, the notification is recorded once by its id (the service retries up to seven times, and
two copies may arrive at once: the second insert waits for the first and fails), and its money
is taken in the same transaction (``seats.take_transfer``), so a repeat is harmless.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bookings.errors import N_, NotActive, NotFound, invalid
from bookings.payments.payees import PayeeDetails, checked_payee, payee_of
from bookings.payments.refunds import settle_refund
from bookings.payments.vietqr import TransferRequest, normalized, payload, references_in
from bookings.seats import TRANSFER, policy, take_transfer, transfer_payment_of
from bookings.seats.locking import reload_booking
from bookings.unit.audit import record_action
from bookings.unit.transaction import transaction
from models import BankNotification, Booking, Payment, Refund, Space, Workshop, WorkshopSession
from models.statuses import (
    BookingStatus,
    NotificationOutcome,
    PaymentStatus,
    RefundStatus,
)

INCOMING = "in"


@dataclass(frozen=True)
class TransferDetails:
    """What a person needs to pay a held booking by transfer."""

    payee: PayeeDetails
    #: What remains to be paid (what already arrived is deducted).
    amount: int
    received: int
    reference: str
    #: The VietQR payload: the amount in field 54, the reference in field 62/08 (payOS's own,
    #: when the space requests its transfers through payOS).
    vietqr: str
    #: payOS's checkout page, when the transfer was requested through payOS.
    checkout_url: str | None = None


def transfer_details(db: Session, booking: Booking) -> TransferDetails | None:
    """How to pay this booking by transfer; None unless it is held waiting for a transfer (or
    the space has no account any more, or is suspended: it takes no payments)."""
    payment = transfer_payment_of(booking)
    if (
        payment is None
        or payment.status != PaymentStatus.OPEN
        or booking.status != BookingStatus.PENDING_PAYMENT
        or not policy.takes_payments(booking.session.workshop.space)
    ):
        return None
    payee = payee_of(db, booking.session.workshop.space_id)
    if payee is None:
        return None
    due = max(booking.amount - payment.received, 0)
    if payment.payos_qr and payment.received == 0:
        return TransferDetails(
            payee, due, 0, payment.reference, payment.payos_qr, checkout_url=payment.url
        )
    text = payload(TransferRequest(payee.bank.bin, payee.account_number, due, payment.reference))
    return TransferDetails(payee, due, payment.received, payment.reference, text)


@dataclass(frozen=True)
class BankNotice:
    """A bank notification as SePay sends it (only the fields acted on and kept)."""

    id: str
    transfer_type: str
    amount: int
    account_number: str
    content: str
    gateway: str = ""
    transaction_date: str = ""
    reference_code: str = ""


def receive_notification(
    db: Session, *, space_id: int, notice: BankNotice, now: datetime
) -> str | None:
    """Record a space's bank notification once and act on it in the same transaction.

    Incoming money whose description carries a reference of this space's transfer bookings,
    into the space's account, goes to that booking (``seats.take_transfer``); anything else
    incoming is unmatched, for staff; outgoing money is recorded and ignored. A suspended
    space takes no payments: its incoming money stays unmatched (staff give it back by hand).
    Returns the outcome, or None for a repeat (which changes nothing).
    """
    if db.get(BankNotification, (space_id, notice.id)) is not None:
        return None
    try:
        with transaction(db):
            row = BankNotification(
                space_id=space_id,
                id=notice.id,
                gateway=notice.gateway[:100],
                transaction_date=notice.transaction_date[:40],
                account_number=notice.account_number[:40],
                content=notice.content[:2000],
                transfer_type=notice.transfer_type[:3],
                amount=notice.amount,
                reference_code=notice.reference_code[:100],
                received_at=now,
                outcome=NotificationOutcome.UNMATCHED,
            )
            db.add(row)
            db.flush()  # a copy being recorded at this moment: wait for it, then fail here
            if notice.transfer_type != INCOMING:
                row.outcome = NotificationOutcome.OUTGOING
                return row.outcome
            payment = _matching_payment(db, space_id, notice)
            if payment is not None:
                row.outcome, row.booking_id = NotificationOutcome.MATCHED, payment.booking_id
                take_transfer(db, payment.id, notice.amount, now, bank_reference=row.reference_code)
            return row.outcome
    except IntegrityError:
        return None


def _matching_payment(db: Session, space_id: int, notice: BankNotice) -> Payment | None:
    """The transfer payment of this space whose reference is in the description, when the
    money went into the space's own account."""
    if not policy.takes_payments(db.get_one(Space, space_id)):
        return None
    payee = payee_of(db, space_id)
    if payee is None or normalized(notice.account_number) != normalized(payee.account_number):
        return None
    candidates = references_in(notice.content)
    if not candidates:
        return None
    found = db.scalars(
        select(Payment)
        .join(Booking, Booking.id == Payment.booking_id)
        .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(
            Payment.reference.in_(candidates),
            Payment.provider == TRANSFER,
            Workshop.space_id == space_id,
        )
    ).all()
    by_reference = {payment.reference: payment for payment in found}
    return next((by_reference[ref] for ref in candidates if ref in by_reference), None)


@dataclass(frozen=True)
class Transfers:
    """What staff reconcile: bookings waiting for a transfer, and money that matched none."""

    pending: list[Booking]
    unmatched: list[BankNotification]


def transfers_of_space(db: Session, space_id: int) -> Transfers:
    pending = db.scalars(
        select(Booking)
        .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(
            Workshop.space_id == space_id,
            Booking.status == BookingStatus.PENDING_PAYMENT,
            Booking.payment_method == TRANSFER,
        )
        .options(selectinload(Booking.payments), selectinload(Booking.refunds))
        .order_by(Booking.hold_expires_at, Booking.id)
    ).all()
    unmatched = db.scalars(
        select(BankNotification)
        .where(
            BankNotification.space_id == space_id,
            BankNotification.outcome == NotificationOutcome.UNMATCHED,
        )
        .order_by(BankNotification.received_at.desc())
    ).all()
    return Transfers(list(pending), list(unmatched))


def pending_transfers(db: Session, *, limit: int) -> list[Booking]:
    """Every space's bookings waiting for a transfer, soonest hold end first."""
    return list(
        db.scalars(
            select(Booking)
            .where(
                Booking.status == BookingStatus.PENDING_PAYMENT,
                Booking.payment_method == TRANSFER,
            )
            .options(selectinload(Booking.payments), selectinload(Booking.refunds))
            .order_by(Booking.hold_expires_at, Booking.id)
            .limit(limit)
        )
    )


def attach_notification(
    db: Session, *, space_id: int, notification_id: str, booking_id: int, by: int, now: datetime
) -> Booking:
    """Staff give an unmatched transfer to a transfer booking of the same space: its money is
    taken as if it had carried the reference. NotFound for another space's notification or
    booking; NotActive when it was matched or attached already; SpaceSuspended while the space
    is suspended (it takes no payments: the money goes back by hand)."""
    with transaction(db):
        policy.ensure_space_acts(db.get_one(Space, space_id))
        row = db.get(BankNotification, (space_id, notification_id), with_for_update=True)
        if row is None:
            raise NotFound(N_("We could not find that transfer."))
        if row.outcome != NotificationOutcome.UNMATCHED:
            raise NotActive(N_("This transfer is already matched to a booking."))
        booking = db.get(Booking, booking_id)
        payment = transfer_payment_of(booking) if booking is not None else None
        if payment is None or booking.session.workshop.space_id != space_id:
            raise NotFound(N_("We could not find that booking."))
        row.outcome, row.booking_id, row.attached_by_id = (
            NotificationOutcome.ATTACHED,
            booking.id,
            by,
        )
        booking = take_transfer(db, payment.id, row.amount, now, bank_reference=row.reference_code)
        record_action(
            db, "transfer.attached", f"booking:{booking.id} notification:{notification_id}", now=now
        )
    return booking


def owed_refunds(booking: Booking) -> list[Refund]:
    """The booking's transfer refunds not yet paid back."""
    return [
        refund
        for refund in booking.refunds
        if refund.status == RefundStatus.PENDING and refund.payment.provider == TRANSFER
    ]


def refund_paid(db: Session, *, booking_id: int, bank_reference: str, now: datetime) -> Booking:
    """Staff paid back what the booking's transfer refunds owe (from the space's banking app):
    they are settled (and the person told). NotActive when nothing is owed."""
    reference = (bank_reference or "").strip()[:200]
    if not reference:
        raise invalid("bank_reference", N_("is required"))
    with transaction(db):
        booking = reload_booking(db, booking_id)
        owed = owed_refunds(booking)
        if not owed:
            raise NotActive(N_("No refund is owed for this booking."))
        for refund in owed:
            refund.provider_id = f"{reference} #{refund.id}"
            settle_refund(db, refund, RefundStatus.SUCCEEDED, now)
            record_action(
                db, "refund.paid_back", f"booking:{booking.id} {refund.amount} VND", now=now
            )
    return booking


def set_refund_account(
    db: Session,
    *,
    booking_id: int,
    user_id: int,
    bank_bin: str,
    account_number: str,
    account_name: str,
) -> Booking:
    """The person says which account their owed refund goes to. NotActive when none is owed;
    InvalidInput naming each wrong field."""
    account = checked_payee(bank_bin, account_number, account_name)
    with transaction(db):
        booking = reload_booking(db, booking_id)
        if booking.user_id != user_id:
            raise NotFound(N_("We could not find that booking."))
        owed = owed_refunds(booking)
        if not owed:
            raise NotActive(N_("No refund is owed for this booking."))
        for refund in owed:
            refund.to_bank_bin = account.bank.bin
            refund.to_account_number = account.account_number
            refund.to_account_name = account.account_name
    return booking


def refunds_owed_by_space(db: Session, space_id: int) -> list[Refund]:
    """Every transfer refund the space still owes, oldest first."""
    return list(
        db.scalars(
            select(Refund)
            .join(Payment, Payment.id == Refund.payment_id)
            .join(Booking, Booking.id == Refund.booking_id)
            .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
            .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
            .where(
                Workshop.space_id == space_id,
                Payment.provider == TRANSFER,
                Refund.status == RefundStatus.PENDING,
            )
            .order_by(Refund.created_at, Refund.id)
        )
    )


def refund_vietqr(refund: Refund) -> str | None:
    """The VietQR the space scans to pay this refund back, once the person gave an account."""
    if not (refund.to_bank_bin and refund.to_account_number):
        return None
    description = f"HOAN TIEN {refund.payment.reference}"
    return payload(
        TransferRequest(refund.to_bank_bin, refund.to_account_number, refund.amount, description)
    )
