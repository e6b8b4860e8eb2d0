"""A space's ledger after a mixed run: its totals equal a recount from the bookings' payments
and refunds, by method, by day, by workshop and in the CSV; the card balances likewise."""

import csv
import io
from datetime import timedelta

from sqlalchemy import func, select

from bookings import attendance, seats
from bookings.payments import ledger, payees, transfers
from models import Booking, Payment, Refund
from models.statuses import PaymentMethod, PaymentStatus, RefundStatus

PRICE = 200_000


def _book(db, sitting, person, now, payment, seats_wanted=1):
    return seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=seats_wanted,
        payment=payment,
        now=now,
        gateway="demo",
        hold=timedelta(minutes=35),
    )


def _notify(db, space, booking, amount, now, ident):
    notice = transfers.BankNotice(
        id=ident, transfer_type="in", amount=amount, account_number="1023456789",
        content=f"CT {booking.payments[0].reference}",
    )  # fmt: skip
    transfers.receive_notification(db, space_id=space.id, notice=notice, now=now)


def test_the_ledger_equals_a_recount_after_a_mixed_run(
    db, make_space, make_workshop, make_session, make_user, now
):
    space, other = make_space(), make_space()
    owner = make_user(owner_of=space)
    payees.set_payee(
        db, space_id=space.id, by=owner.id, bank_bin="970436", account_number="1023456789",
        account_name="Xuong Gom", now=now,
    )  # fmt: skip
    ceramics = make_workshop(space, price=PRICE, pay_at_venue=True, capacity=20)
    printing = make_workshop(space, title="In lụa", price=150_000, capacity=1)
    first, later = make_session(ceramics), make_session(ceramics, starts_in=timedelta(days=9))
    small = make_session(printing, capacity=1)
    people = [make_user() for _ in range(9)]

    paid = _book(db, first, people[0], now, "bank_transfer", 2)  # in full, in two parts
    _notify(db, space, paid, 150_000, now, "a")
    _notify(db, space, paid, 250_000, now + timedelta(minutes=3), "b")
    over = _book(db, later, people[1], now, "bank_transfer")  # overpaid, then paid again
    _notify(db, space, over, PRICE + 50_000, now, "c")
    _notify(db, space, over, PRICE, now + timedelta(days=1), "d")
    short = _book(db, first, people[2], now, "bank_transfer")  # short, then the hold ends
    _notify(db, space, short, 80_000, now, "e")
    seats.release_expired(db, now=now + timedelta(hours=1))
    late = _book(db, small, people[3], now, "bank_transfer")  # late, the seat gone
    seats.release_expired(db, now=now + timedelta(hours=1))
    taken = _book(db, small, people[4], now + timedelta(hours=1), "bank_transfer")
    seats.mark_paid(db, booking_id=taken.id, bank_reference="FT1", now=now + timedelta(hours=1))
    _notify(db, space, late, 150_000, now + timedelta(hours=2), "f")
    card = _book(db, later, people[5], now, "card")  # card, cancelled: refunded
    seats.payment_succeeded(db, reference=card.payments[0].reference, now=now, charge_id="ch1")
    seats.cancel_booking(db, booking_id=card.id, user_id=people[5].id, now=now)
    kept = _book(db, later, people[6], now, "card")  # card, kept
    seats.payment_succeeded(db, reference=kept.payments[0].reference, now=now, charge_id="ch2")
    door = _book(db, first, people[7], now, "at_venue", 3)  # paid at the door
    attendance.mark_paid_at_door(db, booking_id=door.id, now=now)
    refunded = _book(db, later, people[8], now, "bank_transfer")  # paid, cancelled, paid back
    seats.mark_paid(db, booking_id=refunded.id, bank_reference="FT2", now=now)
    seats.cancel_booking(db, booking_id=refunded.id, user_id=people[8].id, now=now)
    transfers.refund_paid(db, booking_id=refunded.id, bank_reference="FT3", now=now)
    elsewhere = _book(db, make_session(make_workshop(other, price=PRICE)), people[0], now, "card")
    seats.payment_succeeded(db, reference=elsewhere.payments[0].reference, now=now)

    db.expire_all()
    book = ledger.space_ledger(db, space.id)

    def recount(query):
        return int(db.scalar(query) or 0)

    of_space = Booking.session_id.in_([first.id, later.id, small.id])
    paid_in = recount(
        select(func.sum(Payment.amount)).join(Booking)
        .where(of_space, Payment.status == PaymentStatus.PAID)
    ) + recount(
        select(func.sum(Payment.received)).join(Booking)
        .where(of_space, Payment.status != PaymentStatus.PAID)
    ) + recount(
        select(func.sum(Booking.amount))
        .where(of_space, Booking.payment_method == PaymentMethod.AT_VENUE, Booking.paid)
    )  # fmt: skip

    def refunds(status):
        return recount(
            select(func.sum(Refund.amount)).join(Booking).where(of_space, Refund.status == status)
        )

    assert book.total.money_in == paid_in
    assert book.total.refunds_owed == refunds(RefundStatus.PENDING)
    assert book.total.refunds_paid == refunds(RefundStatus.SUCCEEDED)
    # What the run moved, worked out by hand: 150k + 250k (paid in two parts), 250k + 200k
    # (over, and again), 80k (short), 150k (late), 150k (taken by hand), two cards, the door's
    # three seats, and the booking paid back.
    assert paid_in == 400_000 + 450_000 + 80_000 + 150_000 + 150_000 + 2 * PRICE + 3 * PRICE + PRICE
    # Owed back: 50k + 200k (over), 80k (short), 150k (late), and the cancelled card's refund
    # (no worker ran to carry it out).
    assert book.total.refunds_owed == 50_000 + PRICE + 80_000 + 150_000 + PRICE
    for grouping in (book.by_method, book.by_day, book.by_workshop):
        assert sum(t.money_in for t in grouping.values()) == book.total.money_in
        assert sum(t.refunds_owed for t in grouping.values()) == book.total.refunds_owed
        assert sum(t.net for t in grouping.values()) == book.total.net
    assert book.by_method["at_venue"].money_in == 3 * PRICE
    rows = list(csv.reader(io.StringIO(ledger.ledger_csv(book).decode("utf-8-sig"))))
    assert sum(int(row[5]) for row in rows[1:] if row[4] == "Money in") == book.total.money_in

    card_owed = {balance.space.id: balance.owed for balance in ledger.card_balances(db)}
    assert card_owed == {space.id: PRICE, other.id: PRICE}  # one card kept here, one there
