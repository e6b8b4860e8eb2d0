"""A space's payee: the bank account its transfers are paid into, and the secret key of its
bank-notification address.

Only the space's owners and the network's admins change them (``permissions``: ``manage_payee``).
Changing where money goes is the classic fraud: every change is recorded with who and when, and
``PayeeChanged`` tells every owner and admin.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.errors import N_, InvalidInput, Message, NotFound
from bookings.events import PayeeChanged
from bookings.payments.banks import Bank, bank
from bookings.unit.audit import record_action
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import Payee, PayeeChange, Space
from models.statuses import PayeeChangeKind
from models.text import fold

_ACCOUNT_NUMBER = re.compile(r"[A-Za-z0-9]{6,19}")
_HOLDER = re.compile(r"[A-Z0-9 .,&()'-]+")
MAX_HOLDER = 100


@dataclass(frozen=True)
class PayeeDetails:
    """What is shown of a payee: the bank with its names, the account, the holder."""

    bank: Bank
    account_number: str
    account_name: str


def holder_name(name: str) -> str:
    """The holder's name as banks show it: ``Nguyễn Thị Lan`` becomes ``NGUYEN THI LAN``."""
    return fold(name).upper()


def checked_payee(bank_bin: str, account_number: str, account_name: str) -> PayeeDetails:
    """The payee these fields describe, or InvalidInput naming every field that is wrong."""
    errors: dict[str, Message] = {}
    found = bank(bank_bin or "")
    if found is None:
        errors["bank_bin"] = Message(N_("must be the BIN of a NAPAS member bank"))
    number = (account_number or "").strip().upper()
    if not _ACCOUNT_NUMBER.fullmatch(number):
        errors["account_number"] = Message(N_("must be 6 to 19 letters or digits"))
    holder = holder_name(account_name or "")
    if not holder:
        errors["account_name"] = Message(N_("is required"))
    elif len(holder) > MAX_HOLDER or not _HOLDER.fullmatch(holder):
        errors["account_name"] = Message(N_("must be the holder's name as the bank shows it"))
    if errors:
        raise InvalidInput(errors)
    return PayeeDetails(found, number, holder)


def payee_of(db: Session, space_id: int) -> PayeeDetails | None:
    payee = db.get(Payee, space_id)
    if payee is None:
        return None
    found = bank(payee.bank_bin)
    if found is None:  # a bank that left the list: shown by its BIN until the payee is fixed
        found = Bank(payee.bank_bin, payee.bank_bin, payee.bank_bin)
    return PayeeDetails(found, payee.account_number, payee.account_name)


def set_payee(
    db: Session,
    *,
    space_id: int,
    by: int | None,
    bank_bin: str,
    account_number: str,
    account_name: str,
    now: datetime,
) -> PayeeDetails:
    """Set (or change) the space's payee; recorded with who and when, owners and admins told.
    Raises InvalidInput naming each wrong field. Setting the same account again changes
    nothing and tells nobody."""
    details = checked_payee(bank_bin, account_number, account_name)
    with transaction(db):
        payee = db.get(Payee, space_id, with_for_update=True)
        new = (details.bank.bin, details.account_number, details.account_name)
        if payee is not None and (payee.bank_bin, payee.account_number, payee.account_name) == new:
            return details
        if payee is None:
            payee = Payee(space_id=space_id)
            db.add(payee)
        payee.bank_bin, payee.account_number, payee.account_name = new
        payee.updated_at, payee.updated_by_id = now, by
        _record_change(db, space_id, PayeeChangeKind.SET, by, now, *new)
    return details


def remove_payee(db: Session, *, space_id: int, by: int | None, now: datetime) -> None:
    """Remove the space's payee (its workshops stop offering transfers); NotFound when none."""
    with transaction(db):
        payee = db.get(Payee, space_id, with_for_update=True)
        if payee is None:
            raise NotFound(N_("This space has no bank account for transfers."))
        db.delete(payee)
        _record_change(db, space_id, PayeeChangeKind.REMOVED, by, now, "", "", "")


def _record_change(db, space_id, kind, by, now, bank_bin, number, holder) -> None:
    change = PayeeChange(
        space_id=space_id,
        kind=kind,
        changed_by_id=by,
        changed_at=now,
        bank_bin=bank_bin,
        account_number=number,
        account_name=holder,
    )
    db.add(change)
    db.flush()
    record(db, PayeeChanged(space_id, change.id), now=now)
    # The account's last digits only: the audit trail says which account, never repeats it.
    shown = f" {bank_bin} …{number[-4:]}" if number else ""
    record_action(db, f"payee.{kind}", f"space:{space_id}{shown}", now=now)


def payee_history(db: Session, space_id: int, limit: int = 20) -> list[PayeeChange]:
    """The latest changes of the space's payee, newest first."""
    return list(
        db.scalars(
            select(PayeeChange)
            .where(PayeeChange.space_id == space_id)
            .order_by(PayeeChange.changed_at.desc(), PayeeChange.id.desc())
            .limit(limit)
        )
    )


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_notification_key(db: Session, *, space_id: int) -> str:
    """A new secret key for the space's bank-notification address (the old one stops
    working). Only its digest is kept: it is shown this once."""
    key = secrets.token_urlsafe(32)
    with transaction(db):
        space = db.get_one(Space, space_id, with_for_update=True)
        space.notification_key_hash = _digest(key)
    return key


def notification_key_matches(space: Space, key: str | None) -> bool:
    """True when ``key`` is the space's current key (compared in constant time)."""
    if not key or not space.notification_key_hash:
        return False
    return hmac.compare_digest(_digest(key), space.notification_key_hash)
