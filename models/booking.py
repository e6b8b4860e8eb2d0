"""Bookings of seats, the payments that pay for them and the refunds that give money back."""

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime
from models.statuses import (
    ACTIVE_BOOKINGS,
    SEAT_HOLDING,
    BookingStatus,
    PaymentMethod,
    PaymentStatus,
    RefundStatus,
    sql_in,
)
from models.user import User
from models.workshop import WorkshopSession

_ACTIVE_SQL = sql_in("status", ACTIVE_BOOKINGS)


def _now() -> datetime:
    return datetime.now(UTC)


class Booking(Base):
    """A person's seats in one session, or their place on its waiting list.

    At most one active booking per person and session (a partial unique index). Seats of
    ``pending_payment``, ``confirmed`` and ``offered`` bookings count in the session's
    ``seats_taken``; ``waitlisted`` ones in its ``waitlist_length``.
    """

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("seats > 0", name="seats_positive"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint(sql_in("status", BookingStatus), name="status_known"),
        CheckConstraint(sql_in("payment_method", PaymentMethod), name="payment_known"),
        Index(
            "uq_bookings_one_active_per_person",
            "session_id",
            "user_id",
            unique=True,
            postgresql_where=text(_ACTIVE_SQL),
            sqlite_where=text(_ACTIVE_SQL),
        ),
        Index("ix_bookings_session_status", "session_id", "status", "queued_at", "id"),
        Index("ix_bookings_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    seats: Mapped[int] = mapped_column(Integer)
    #: A ``BookingStatus``.
    status: Mapped[str] = mapped_column(String(20))
    #: A ``PaymentMethod``.
    payment_method: Mapped[str] = mapped_column(String(20))
    #: The session's price × seats when the booking was made, in whole VND.
    #: VND, 64-bit: a price times the seats passes 2^31.
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    #: True once the money has arrived (card payment confirmed, or marked paid at the door).
    paid: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Shown at the door; unguessable, unique (``XXXXX-XXXXX`` of Crockford base32).
    ticket_code: Mapped[str] = mapped_column(String(16), unique=True)
    #: ``pending_payment``: when the held seats go back if the payment has not arrived.
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: ``offered``: when the offered seats pass to the next person in line.
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: The place in line: waiting-list order is (queued_at, id).
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Who ended it: an ``EndedBy``.
    ended_by: Mapped[str | None] = mapped_column(String(20))
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Who let them in at the door (for a walk-in: who added them); None until checked in or
    #: when checked in through the API by a script of the space.
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Set by staff after the start for a confirmed booking nobody came for; cleared by a
    #: check-in.
    no_show_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Taken by staff at the door rather than booked by the person.
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    #: The address staff gave for a walk-in booked as a guest entry (name only): the person who
    #: holds it may confirm the booking from their account; None once confirmed, or never given.
    claim_email: Mapped[str | None] = mapped_column(String(254), index=True)
    #: Staff's note about this booking (allergies, a wheelchair, a birthday …).
    note: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[WorkshopSession] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    checked_in_by: Mapped[User | None] = relationship(foreign_keys=[checked_in_by_id])
    payments: Mapped[list["Payment"]] = relationship(
        back_populates="booking", order_by="Payment.id"
    )
    refunds: Mapped[list["Refund"]] = relationship(back_populates="booking", order_by="Refund.id")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKINGS

    @property
    def holds_seats(self) -> bool:
        return self.status in SEAT_HOLDING


class Payment(Base):
    """An attempt to pay for a booking through a gateway (one checkout per booking)."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(sql_in("status", PaymentStatus), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    #: The gateway's name: ``demo`` or ``stripe``.
    provider: Mapped[str] = mapped_column(String(20))
    #: Our unguessable reference, in the gateway's metadata and in the demo page's address.
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    #: The gateway's own id (a Stripe Checkout Session id …), once it has one.
    provider_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    #: Where the person pays.
    url: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="VND")
    #: A ``PaymentStatus``.
    status: Mapped[str] = mapped_column(String(20), default=PaymentStatus.OPEN)
    #: The gateway's id of the money itself (a PaymentIntent …), needed to refund it.
    charge_id: Mapped[str | None] = mapped_column(String(255))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the hold was extended so that the gateway's checkout could open (once at most).
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A bank transfer's money that has arrived so far (transfers add up; a card's is 0). Once
    #: paid, ``amount`` is what arrived in all.
    received: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A transfer requested through payOS: payOS's VietQR payload (its ``qrCode``); its
    #: payment link id is ``provider_id``, its checkout page ``url``, its order code our id.
    payos_qr: Mapped[str | None] = mapped_column(Text)

    booking: Mapped[Booking] = relationship(back_populates="payments")


class Refund(Base):
    """Money due back to a person, and what became of it."""

    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(sql_in("status", RefundStatus), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    #: A ``RefundStatus``.
    status: Mapped[str] = mapped_column(String(20), default=RefundStatus.PENDING)
    #: Why: ``cancelled_by_person``, ``session_cancelled``, ``late_payment`` …
    reason: Mapped[str] = mapped_column(String(40))
    #: The gateway's id of the refund.
    provider_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failure: Mapped[str | None] = mapped_column(Text)
    #: A transfer's refund is owed, paid by the space by hand into the account the person gave.
    to_bank_bin: Mapped[str | None] = mapped_column(String(6))
    to_account_number: Mapped[str | None] = mapped_column(String(19))
    to_account_name: Mapped[str | None] = mapped_column(String(100))

    booking: Mapped[Booking] = relationship(back_populates="refunds")
    payment: Mapped[Payment] = relationship()


class PaymentNotice(Base):
    """A notice from a payment provider (a Stripe webhook event), recorded once by its id.

    A notice that arrives again (providers deliver at least once) finds its row and is
    acknowledged without acting twice.
    """

    __tablename__ = "payment_notices"

    provider: Mapped[str] = mapped_column(String(20), primary_key=True)
    #: The provider's id of the event (``evt_…``).
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    #: The event's type (``checkout.session.completed`` …).
    kind: Mapped[str] = mapped_column(String(80))
    #: What it is about: a Checkout Session id, or the PaymentIntent of a refunded charge.
    object_id: Mapped[str] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
