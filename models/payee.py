"""Where a space is paid: its bank account (the payee), every change made to it, and the bank's
notifications of money arriving there."""

from datetime import UTC, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime
from models.space import Space
from models.statuses import NotificationOutcome, PayeeChangeKind, sql_in
from models.user import User


def _now() -> datetime:
    return datetime.now(UTC)


class Payee(Base):
    """The bank account a space's transfers are paid into (one per space)."""

    __tablename__ = "payees"

    space_id: Mapped[int] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), primary_key=True
    )
    #: The bank's six-digit NAPAS BIN (``970436`` …), one of ``bookings.payments.banks``.
    bank_bin: Mapped[str] = mapped_column(String(6))
    #: 6–19 letters or digits, as the bank writes it.
    account_number: Mapped[str] = mapped_column(String(19))
    #: The holder's name as the bank shows it: upper case, without diacritics.
    account_name: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    space: Mapped[Space] = relationship()


class PayosAccount(Base):
    """A space's payOS credentials (client id, API key, checksum key), encrypted together with
    the key from the environment; never shown again once given."""

    __tablename__ = "payos_accounts"

    space_id: Mapped[int] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), primary_key=True
    )
    #: The three credentials as one Fernet token (``PAYOS_ENCRYPTION_KEY``).
    sealed: Mapped[str] = mapped_column(Text)
    #: The client id's last four characters: all that pages show of the credentials.
    client_id_tail: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PayeeChange(Base):
    """One change of a space's payee: who, when, and the account it was changed to."""

    __tablename__ = "payee_changes"
    __table_args__ = (CheckConstraint(sql_in("kind", PayeeChangeKind), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"), index=True)
    #: A ``PayeeChangeKind``.
    kind: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The account after the change (empty when it was removed; for payOS, the client id's
    #: last characters in ``account_number``).
    bank_bin: Mapped[str] = mapped_column(String(6), default="")
    account_number: Mapped[str] = mapped_column(String(19), default="")
    account_name: Mapped[str] = mapped_column(String(100), default="")

    changed_by: Mapped[User | None] = relationship()


class BankNotification(Base):
    """A bank notification (SePay's format) received at a space's address, recorded once by
    its id, and what it was taken to be."""

    __tablename__ = "bank_notifications"
    __table_args__ = (
        CheckConstraint(sql_in("outcome", NotificationOutcome), name="outcome_known"),
        Index("ix_bank_notifications_space_outcome", "space_id", "outcome", "received_at"),
    )

    space_id: Mapped[int] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), primary_key=True
    )
    #: The notification's own id (SePay's ``id``): repeats carry the same one.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The bank's name as the service writes it (``Vietcombank`` …).
    gateway: Mapped[str] = mapped_column(String(100), default="")
    #: When the bank says the money moved, as it wrote it.
    transaction_date: Mapped[str] = mapped_column(String(40), default="")
    account_number: Mapped[str] = mapped_column(String(40), default="")
    #: The description of the transfer, as the bank rewrote it.
    content: Mapped[str] = mapped_column(Text, default="")
    #: ``in`` or ``out``.
    transfer_type: Mapped[str] = mapped_column(String(3))
    amount: Mapped[int] = mapped_column(BigInteger)
    #: The bank's own reference of the transfer.
    reference_code: Mapped[str] = mapped_column(String(100), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    #: A ``NotificationOutcome``.
    outcome: Mapped[str] = mapped_column(String(20))
    #: The booking it paid for (matched by its reference, or attached by staff).
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), index=True)
    #: Who attached it to a booking by hand.
    attached_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
