"""A space's ledger: the money of its bookings in and out, by method, per day and per workshop,
for the space and its accountant; and what the network's card account owes each space.

Every line comes from a booking's payments and refunds (what arrived, what is owed back, what
was paid back), so the ledger's totals are the bookings' own sums: nothing is kept twice.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bookings.errors import N_
from bookings.formatting import HANOI
from bookings.seats import TRANSFER
from bookings.seats.ledger import money_in
from models import Booking, Payment, Refund, Space, Workshop, WorkshopSession
from models.statuses import PaymentMethod, RefundStatus

#: How the money moved: codes of the ledger (labels are translated by the web layer).
BY_TRANSFER, BY_CARD, AT_VENUE = "transfer", "card", "at_venue"
METHODS = (BY_TRANSFER, BY_CARD, AT_VENUE)
METHOD_LABELS = {
    BY_TRANSFER: N_("Bank transfer"),
    BY_CARD: N_("Card (collected by the network)"),
    AT_VENUE: N_("At the venue"),
}
#: What a line is.
MONEY_IN, REFUND_OWED, REFUND_PAID = "in", "refund_owed", "refund_paid"
KIND_LABELS = {
    MONEY_IN: N_("Money in"),
    REFUND_OWED: N_("Refund owed"),
    REFUND_PAID: N_("Refund paid"),
}


@dataclass(frozen=True)
class Line:
    day: date
    workshop_id: int
    workshop_title: str
    booking_id: int
    method: str
    kind: str
    amount: int


@dataclass(frozen=True)
class Totals:
    money_in: int = 0
    refunds_owed: int = 0
    refunds_paid: int = 0

    @property
    def net(self) -> int:
        """What the space keeps once every refund is paid."""
        return self.money_in - self.refunds_owed - self.refunds_paid

    def plus(self, line: Line) -> "Totals":
        return Totals(
            self.money_in + (line.amount if line.kind == MONEY_IN else 0),
            self.refunds_owed + (line.amount if line.kind == REFUND_OWED else 0),
            self.refunds_paid + (line.amount if line.kind == REFUND_PAID else 0),
        )


@dataclass(frozen=True)
class Ledger:
    lines: list[Line]
    by_method: dict[str, Totals]
    by_day: dict[date, Totals]
    by_workshop: dict[tuple[int, str], Totals]
    total: Totals


def _day(moment: datetime) -> date:
    return moment.astimezone(HANOI).date()


def _method_of_payment(payment: Payment) -> str:
    return BY_TRANSFER if payment.provider == TRANSFER else BY_CARD


def ledger_lines(db: Session, space_id: int | None = None) -> list[Line]:
    """Every money line of the space's bookings (every space's with None), oldest first."""
    query = (
        select(Booking)
        .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .options(
            joinedload(Booking.session).joinedload(WorkshopSession.workshop),
        )
        .order_by(Booking.id)
    )
    if space_id is not None:
        query = query.where(Workshop.space_id == space_id)
    lines: list[Line] = []
    for booking in db.scalars(query).unique():
        lines.extend(_lines_of(booking))
    return sorted(lines, key=lambda line: (line.day, line.booking_id, line.kind))


def _lines_of(booking: Booking) -> list[Line]:
    workshop = booking.session.workshop
    made = []

    def line(moment: datetime, method: str, kind: str, amount: int) -> None:
        made.append(
            Line(_day(moment), workshop.id, workshop.title, booking.id, method, kind, amount)
        )

    for payment in booking.payments:
        if money_in(payment) > 0:
            line(payment.paid_at or payment.created_at, _method_of_payment(payment), MONEY_IN,
                 money_in(payment))  # fmt: skip
    if booking.payment_method == PaymentMethod.AT_VENUE and booking.paid:
        moment = booking.checked_in_at or booking.confirmed_at or booking.created_at
        line(moment, AT_VENUE, MONEY_IN, booking.amount)
    for refund in booking.refunds:
        if refund.status == RefundStatus.FAILED:
            continue
        kind = REFUND_PAID if refund.status == RefundStatus.SUCCEEDED else REFUND_OWED
        line(refund.settled_at or refund.created_at, _method_of_payment(refund.payment), kind,
             refund.amount)  # fmt: skip
    return made


def space_ledger(db: Session, space_id: int) -> Ledger:
    """The space's ledger with its totals by method, by day and by workshop."""
    lines = ledger_lines(db, space_id)
    by_method: dict[str, Totals] = {method: Totals() for method in METHODS}
    by_day: dict[date, Totals] = defaultdict(Totals)
    by_workshop: dict[tuple[int, str], Totals] = defaultdict(Totals)
    total = Totals()
    for line in lines:
        by_method[line.method] = by_method[line.method].plus(line)
        by_day[line.day] = by_day[line.day].plus(line)
        key = (line.workshop_id, line.workshop_title)
        by_workshop[key] = by_workshop[key].plus(line)
        total = total.plus(line)
    return Ledger(lines, by_method, dict(by_day), dict(by_workshop), total)


def ledger_csv(ledger: Ledger, *, translate=lambda text: text) -> bytes:
    """One row per line (date, workshop, booking, method, what, amount in VND), UTF-8 with a
    byte-order mark so that a spreadsheet shows Vietnamese titles."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [translate(text) for text in (N_("Date"), N_("Workshop"), N_("Booking"), N_("Method"),
                                      N_("What"), N_("Amount (VND)"))]
    )  # fmt: skip
    for line in ledger.lines:
        writer.writerow(
            [
                line.day.isoformat(),
                _safe(line.workshop_title),
                line.booking_id,
                translate(METHOD_LABELS[line.method]),
                translate(KIND_LABELS[line.kind]),
                line.amount,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@dataclass(frozen=True)
class CardBalance:
    space: Space
    collected: int
    refunded: int

    @property
    def owed(self) -> int:
        """What the network's card account holds for the space."""
        return self.collected - self.refunded


def card_balances(db: Session) -> list[CardBalance]:
    """Per space, the card money the network collected on its behalf, less card refunds (paid
    or owed): what the network's card account owes each space. Spaces with none are left out."""
    collected: dict[int, int] = defaultdict(int)
    refunded: dict[int, int] = defaultdict(int)
    rows = db.execute(
        select(Workshop.space_id, Payment)
        .join(Booking, Booking.id == Payment.booking_id)
        .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(Payment.provider != TRANSFER)
    ).all()
    for space_id, payment in rows:
        collected[space_id] += money_in(payment)
    refunds = db.execute(
        select(Workshop.space_id, Refund.amount)
        .join(Payment, Payment.id == Refund.payment_id)
        .join(Booking, Booking.id == Refund.booking_id)
        .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(Payment.provider != TRANSFER, Refund.status != RefundStatus.FAILED)
    ).all()
    for space_id, amount in refunds:
        refunded[space_id] += amount
    ids = sorted(set(collected) | set(refunded))
    spaces = {s.id: s for s in db.scalars(select(Space).where(Space.id.in_(ids)))}
    balances = [CardBalance(spaces[i], collected[i], refunded[i]) for i in ids]
    return sorted(balances, key=lambda balance: (-balance.owed, balance.space.name))
