"""payOS: a space's own payOS account requests and confirms its bank transfers.

A space's owners give its payOS credentials (client id, API key, checksum key). They are kept
encrypted together (``Vault``: Fernet, with the key from the environment) and never shown again:
pages show that they are configured and the client id's last characters. Every change is
recorded with who and when, and told to owners and admins, as a change of the bank account is.

When a space has payOS, a transfer booking gets a payOS payment request after its commit
(``open_request``: order code = our payment's id, amount, a description carrying our reference,
return and cancel addresses, expiry at the hold's end); its page shows payOS's QR and checkout.
payOS's webhook is a trigger: the SDK verifies its checksum with the space's key, then the
payment is re-read from payOS and each transaction it lists is taken once, as a bank
notification is (``seats.take_transfer``: amounts add up, repeats are harmless, late money
follows the transfer rules). A released hold cancels the request (``cancel_released``, a
handler the worker runs and retries), never inside the booking's transaction.
"""

import base64
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cryptography.fernet import Fernet, InvalidToken
from payos import PayOS, PayOSError
from payos.types import CreatePaymentLinkRequest, PaymentLink
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bookings.errors import N_, BadSignature, InvalidInput, Message, NotFound, PaymentUnavailable
from bookings.events import BookingCancelled, HoldExpired, PayeeChanged
from bookings.seats import TRANSFER, policy, take_transfer
from bookings.unit.audit import record_action
from bookings.unit.outbox import record
from bookings.unit.transaction import call_outside, transaction
from models import BankNotification, Booking, PayeeChange, Payment, PayosAccount, Space
from models.statuses import NotificationOutcome, PayeeChangeKind, PaymentStatus

log = logging.getLogger(__name__)

_CREDENTIAL = re.compile(r"[\x21-\x7e]{1,200}")
#: payOS answers within this many seconds, or the booking goes on without it.
TIMEOUT = 10.0


class Unconfigured(PaymentUnavailable):
    """This server has no key to keep payOS credentials with (``PAYOS_ENCRYPTION_KEY``)."""

    default = N_(
        "This server cannot store payOS credentials: its encryption key is not configured."
    )


@dataclass(frozen=True)
class Credentials:
    """What payOS gives a merchant. Its text form never shows the secrets."""

    client_id: str
    api_key: str
    checksum_key: str

    def __repr__(self) -> str:
        return f"Credentials(client id …{self.client_id[-4:]})"

    __str__ = __repr__


class Vault:
    """Seals and opens credentials with a Fernet key."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def derived(cls, secret: str) -> "Vault":
        """A fixed key derived from the application's secret (development and tests only)."""
        digest = hashlib.sha256(b"payos-credentials:" + secret.encode("utf-8")).digest()
        return cls(base64.urlsafe_b64encode(digest))

    def __repr__(self) -> str:
        return "Vault()"

    def seal(self, credentials: Credentials) -> str:
        text = "\n".join((credentials.client_id, credentials.api_key, credentials.checksum_key))
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> Credentials:
        try:
            client_id, api_key, checksum_key = (
                self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8").split("\n")
            )
        except (InvalidToken, ValueError):
            raise Unconfigured() from None  # sealed with another key
        return Credentials(client_id, api_key, checksum_key)


@dataclass(frozen=True)
class Settings:
    """What payOS work needs besides the database, handed in by the web layer."""

    #: None: no key to open credentials with (production without ``PAYOS_ENCRYPTION_KEY``).
    vault: Vault | None
    #: payOS's API address (``PAYOS_API_BASE``); None for payOS's own.
    base_url: str | None
    #: Where payOS sends the person back to, after paying or cancelling: the booking's page.
    booking_url: Callable[[int], str]

    def client(self, credentials: Credentials) -> PayOS:
        return PayOS(
            client_id=credentials.client_id,
            api_key=credentials.api_key,
            checksum_key=credentials.checksum_key,
            base_url=self.base_url,
            timeout=TIMEOUT,
            max_retries=1,
        )


def checked_credentials(client_id: str, api_key: str, checksum_key: str) -> Credentials:
    """The credentials these fields give, or InvalidInput naming every wrong field."""
    values = {"client_id": client_id, "api_key": api_key, "checksum_key": checksum_key}
    errors = {
        name: Message(N_("must be 1 to 200 characters, without spaces"))
        for name, value in values.items()
        if not _CREDENTIAL.fullmatch((value or "").strip())
    }
    if errors:
        raise InvalidInput(errors)
    return Credentials(*((value or "").strip() for value in values.values()))


def client_id_tail(db: Session, space_id: int) -> str | None:
    """The configured client id's last characters, or None when the space has no payOS."""
    account = db.get(PayosAccount, space_id)
    return account.client_id_tail if account else None


def set_payos(
    db: Session,
    *,
    space_id: int,
    by: int | None,
    client_id: str,
    api_key: str,
    checksum_key: str,
    vault: Vault | None,
    now: datetime,
) -> str:
    """Give (or replace) the space's payOS credentials, sealed; recorded with who and when,
    owners and admins told. Returns the client id's last characters. InvalidInput naming
    each wrong field; Unconfigured when this server has no key to seal them with."""
    credentials = checked_credentials(client_id, api_key, checksum_key)
    if vault is None:
        raise Unconfigured()
    tail = credentials.client_id[-4:]
    with transaction(db):
        account = db.get(PayosAccount, space_id, with_for_update=True)
        if account is None:
            account = PayosAccount(space_id=space_id)
            db.add(account)
        account.sealed, account.client_id_tail = vault.seal(credentials), tail
        account.updated_at, account.updated_by_id = now, by
        _record_change(db, space_id, PayeeChangeKind.PAYOS_SET, by, now, tail)
    return tail


def remove_payos(db: Session, *, space_id: int, by: int | None, now: datetime) -> None:
    """Forget the space's payOS credentials (its transfers go by its own VietQR again);
    NotFound when it has none."""
    with transaction(db):
        account = db.get(PayosAccount, space_id, with_for_update=True)
        if account is None:
            raise NotFound(N_("This space has no payOS account."))
        db.delete(account)
        _record_change(db, space_id, PayeeChangeKind.PAYOS_REMOVED, by, now, "")


def _record_change(db, space_id, kind, by, now, tail) -> None:
    change = PayeeChange(
        space_id=space_id, kind=kind, changed_by_id=by, changed_at=now, account_number=tail
    )
    db.add(change)
    db.flush()
    record(db, PayeeChanged(space_id, change.id), now=now)
    shown = f" client …{tail}" if tail else ""
    record_action(db, f"payee.{kind}", f"space:{space_id}{shown}", now=now)


def _credentials(db: Session, space_id: int, settings: Settings) -> Credentials | None:
    account = db.get(PayosAccount, space_id)
    if account is None or settings.vault is None:
        return None
    return settings.vault.open(account.sealed)


def open_request(db: Session, *, booking_id: int, settings: Settings) -> bool:
    """Request payment of a held transfer booking through its space's payOS, once; True when
    it has a payOS request now. Called after the booking's commit; the call to payOS is made
    with no transaction open. A payOS that fails leaves the booking to the space's own VietQR
    (logged, never raised)."""
    booking = db.get(Booking, booking_id)
    payment = _open_transfer(booking)
    if payment is None or payment.payos_qr:
        return payment is not None
    space_id = booking.session.workshop.space_id
    try:
        credentials = _credentials(db, space_id, settings)
    except Unconfigured:
        credentials = None
    if credentials is None:
        return False
    request = CreatePaymentLinkRequest(
        order_code=payment.id,
        amount=payment.amount,
        description=payment.reference,
        return_url=settings.booking_url(booking.id),
        cancel_url=settings.booking_url(booking.id),
        expired_at=int(booking.hold_expires_at.timestamp()),
    )
    try:
        created = call_outside(db, settings.client(credentials).payment_requests.create, request)
    except PayOSError as error:
        log.warning("payOS did not open payment %s: %s", payment.id, type(error).__name__)
        return False
    with transaction(db):
        payment = db.get_one(Payment, payment.id, populate_existing=True)
        if payment.payos_qr is None and payment.status == PaymentStatus.OPEN:
            payment.provider_id = created.payment_link_id[:255]
            payment.url, payment.payos_qr = created.checkout_url, created.qr_code
    return True


def _open_transfer(booking: Booking | None) -> Payment | None:
    if booking is None:
        return None
    found = [p for p in booking.payments if p.provider == TRANSFER]
    if not found or found[-1].status != PaymentStatus.OPEN:
        return None
    return found[-1]


def receive_webhook(db: Session, *, space: Space, body: bytes, settings: Settings, now) -> int:
    """payOS says a payment of the space moved. BadSignature (nothing changes) unless the
    space's checksum key signed it; otherwise the payment is re-read from payOS and each
    transaction it lists is taken once. Returns how many were new (0 for a repeat, or a
    payment that is not ours)."""
    credentials = _credentials(db, space.id, settings)
    if credentials is None:
        raise BadSignature()
    client = settings.client(credentials)
    try:
        data = client.webhooks.verify(body)
    except (PayOSError, TypeError, ValueError):  # not signed with the key, or not a notice
        raise BadSignature() from None
    if not 0 < data.order_code < 2**31:
        return 0  # not one of our order codes (payOS's test notice uses its own)
    payment = db.get(Payment, data.order_code)
    if (
        payment is None
        or payment.provider != TRANSFER
        or payment.booking.session.workshop.space_id != space.id
    ):
        return 0
    try:
        link = call_outside(db, client.payment_requests.get, data.order_code)
    except PayOSError:
        raise PaymentUnavailable() from None  # payOS sends it again
    return take_transactions(db, space_id=space.id, payment_id=payment.id, link=link, now=now)


def take_transactions(
    db: Session, *, space_id: int, payment_id: int, link: PaymentLink, now: datetime
) -> int:
    """The money payOS lists for the payment, each transaction recorded once (as a bank
    notification, by payOS's reference) and taken in the same transaction. A suspended space
    takes no payments: its money is recorded unmatched, for staff to give back."""
    taken = 0
    for paid in link.transactions:
        ident = f"payos:{paid.reference}"[:64]
        if paid.amount <= 0 or db.get(BankNotification, (space_id, ident)) is not None:
            continue
        try:
            with transaction(db):
                payment = db.get_one(Payment, payment_id)
                acts = policy.takes_payments(db.get_one(Space, space_id))
                db.add(_notification(space_id, ident, paid, payment.booking_id, acts, now))
                db.flush()  # a copy being recorded at this moment: wait for it, then fail here
                if acts:
                    take_transfer(db, payment_id, paid.amount, now, bank_reference=paid.reference)
        except IntegrityError:
            continue
        taken += 1
    return taken


def _notification(space_id, ident, paid, booking_id, acts, now) -> BankNotification:
    return BankNotification(
        space_id=space_id,
        id=ident,
        gateway="payOS",
        transaction_date=paid.transaction_date_time[:40],
        account_number=paid.account_number[:40],
        content=paid.description[:2000],
        transfer_type="in",
        amount=paid.amount,
        reference_code=paid.reference[:100],
        received_at=now,
        outcome=NotificationOutcome.MATCHED if acts else NotificationOutcome.UNMATCHED,
        booking_id=booking_id if acts else None,
    )


def cancel_released(db: Session, event: HoldExpired | BookingCancelled, context) -> None:
    """A hold ended: cancel its payOS payment request so nobody pays for seats they no longer
    hold (money that arrives anyway follows the late-payment rules). Raises when payOS fails,
    so the worker tries again; the release itself stands."""
    settings: Settings | None = context.payos
    booking = db.get(Booking, event.booking_id) if settings else None
    requests = [
        p
        for p in (booking.payments if booking else [])
        if p.payos_qr and p.status in (PaymentStatus.CANCELLED, PaymentStatus.EXPIRED)
    ]
    if not requests:
        return
    credentials = _credentials(db, booking.session.workshop.space_id, settings)
    if credentials is None:
        return  # the space removed payOS meanwhile: nothing of ours is left to cancel with
    client = settings.client(credentials)
    for payment in requests:
        link = call_outside(db, client.payment_requests.get, payment.id)
        if link.status in ("PENDING", "UNDERPAID", "PROCESSING"):
            call_outside(db, client.payment_requests.cancel, payment.id, "Hold released")
