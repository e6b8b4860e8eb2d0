"""Random walks through the booking use cases on the real database, checked at every step.

A Hypothesis state machine books, cancels, pays, abandons checkouts, joins the waiting list,
accepts and declines offers, changes the capacity, runs the expiry job and moves a simulated
clock, all on one session of a workshop that is free, paid at the venue or by card only. Before
each step a small model of the rules (``Forecast``) works out what the step must do: which
``BookingError`` it raises, the status every booking ends in, the seats taken and which waiting
parties get an offer. A refused step keeps only what releasing overdue holds and offers did
before the refusal (a use case releases first; its refusal does not undo that); any exception
that is not a ``BookingError`` fails the test. After every step the invariants re-read the database:

1. ``seats_taken`` and ``waitlist_length`` agree with a recount of the bookings;
2. 0 <= seats_taken <= capacity;
3. nobody holds two active bookings for the session;
4. while offers can be made, no waiting party fits in the free seats (offers go in list order
   among the parties that fit);
5. the money adds up: a confirmed card booking is paid, what was paid for an ended booking is
   refunded, a held booking has exactly one open checkout.

Each example runs inside a savepoint of the test's connection that its teardown rolls back, so
every example starts from an empty session.
"""

import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from bookings.errors import (
    AlreadyBooked,
    BookingError,
    InvalidInput,
    NoOffer,
    NotActive,
    NotFound,
    SessionClosed,
    SoldOut,
    TooLate,
)
from bookings.seats import (
    accept_offer,
    book_seats,
    cancel_booking,
    change_capacity,
    count_seats,
    decline_offer,
    payment_abandoned,
    payment_succeeded,
    policy,
    release_expired,
)
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, Payment, Refund, Space, User, Workshop, WorkshopSession
from models.statuses import ACTIVE_BOOKINGS, SEAT_HOLDING
from tests.databases import domain_session

#: The simulated clock of every example starts here.
START = datetime(2031, 3, 3, 1, 0, tzinfo=UTC)

PEOPLE = 6

#: price and pay_at_venue of the three kinds of workshop.
WORKSHOP_KINDS = {
    "free": (0, False),
    "pay_at_venue": (150_000, True),
    "card_only": (300_000, False),
}

SETTINGS = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_numbers = itertools.count(1)

#: Payment statuses, the usual first.
PAYMENT_KINDS = ("open", "expired", "paid", "cancelled")

#: A request for seats: (which person, how many seats, the payment asked for, whether to join
#: the waiting list when the seats are not free).
seat_requests = st.tuples(
    st.integers(0, PEOPLE - 1),
    st.sampled_from([1, 1, 2, 2, 3, 4]),
    st.sampled_from([None, "card", "at_venue"]),
    st.sampled_from([True, False]),
)

_SESSION_ID = bindparam("session_id")
_OF_SESSION = Booking.session_id == _SESSION_ID

#: What ``State`` reads, built once.
_COUNTERS = select(
    WorkshopSession.capacity, WorkshopSession.seats_taken, WorkshopSession.waitlist_length
).where(WorkshopSession.id == _SESSION_ID)
_BOOKINGS = (
    select(
        Booking.id,
        Booking.user_id,
        Booking.seats,
        Booking.status,
        Booking.payment_method,
        Booking.amount,
        Booking.paid,
        Booking.queued_at,
        Booking.hold_expires_at,
        Booking.offer_expires_at,
    )
    .where(_OF_SESSION)
    .order_by(Booking.id)
)
_PAYMENTS = (
    select(Payment.id, Payment.booking_id, Payment.reference, Payment.status, Payment.amount)
    .join(Booking)
    .where(_OF_SESSION)
    .order_by(Payment.id)
)
_REFUNDS = (
    select(Refund.id, Refund.booking_id, Refund.payment_id, Refund.amount, Refund.status)
    .join(Booking)
    .where(_OF_SESSION)
    .order_by(Refund.id)
)


class State:
    """The session's row and its bookings, payments and refunds, as the database has them now."""

    def __init__(self, db: Session, session_id: int) -> None:
        params = {"session_id": session_id}
        counters = db.execute(_COUNTERS, params).one()
        self.capacity, self.seats_taken, self.waitlist_length = counters
        self.bookings = tuple(db.execute(_BOOKINGS, params))
        self.payments = tuple(db.execute(_PAYMENTS, params))
        self.refunds = tuple(db.execute(_REFUNDS, params))

    def _key(self) -> tuple:
        counters = (self.capacity, self.seats_taken, self.waitlist_length)
        return (counters, self.bookings, self.payments, self.refunds)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, State) and self._key() == other._key()

    __hash__ = None

    def booking(self, booking_id: int):
        return next(b for b in self.bookings if b.id == booking_id)

    def statuses(self) -> dict[int, str]:
        return {b.id: b.status for b in self.bookings}


class Forecast:
    """What the booking rules say a step must do, worked out from the data before it."""

    def __init__(self, machine: "BookingSteps", before: State) -> None:
        self.now = machine.now
        self.closed = machine.now >= machine.closes_at
        self.capacity = before.capacity
        self.taken = before.seats_taken
        self.rows = {b.id: b for b in before.bookings}
        self.status = before.statuses()
        #: The waiting parties this step must offer seats to.
        self.offered: set[int] = set()
        #: The BookingError the step must raise, or None.
        self.error: type[BookingError] | None = None

    def refuse(self, error: type[BookingError]) -> None:
        self.error = error

    def seats_of(self, booking_id: int) -> int:
        return self.rows[booking_id].seats

    def active_of(self, user_id: int) -> list[int]:
        return [
            booking_id
            for booking_id, status in self.status.items()
            if status in ACTIVE_BOOKINGS and self.rows[booking_id].user_id == user_id
        ]

    def end(self, booking_id: int, status: str) -> None:
        if self.status[booking_id] in SEAT_HOLDING:
            self.taken -= self.seats_of(booking_id)
        self.status[booking_id] = status
        self.offered.discard(booking_id)

    def release_expired(self) -> None:
        """Overdue holds and offers end, the list closes with booking, freed seats are offered."""
        overdue = [
            b.id
            for b in self.rows.values()
            if (self.status[b.id] == "pending_payment" and b.hold_expires_at <= self.now)
            or (self.status[b.id] == "offered" and b.offer_expires_at <= self.now)
        ]
        for booking_id in overdue:
            self.end(booking_id, "expired")
        if self.closed:
            for booking_id, status in list(self.status.items()):
                if status == "waitlisted":
                    self.end(booking_id, "expired")
        if overdue:
            self.offer_free_seats()

    def offer_free_seats(self) -> None:
        """The first parties in line (by queued_at, id) that fit, until no seat is free."""
        free = self.capacity - self.taken
        if self.closed or free <= 0:
            return
        line = sorted(
            (b for b in self.rows.values() if self.status[b.id] == "waitlisted"),
            key=lambda b: (b.queued_at, b.id),
        )
        for party in line:
            if party.seats > free:
                continue
            self.status[party.id] = "offered"
            self.offered.add(party.id)
            self.taken += party.seats
            free -= party.seats
            if free == 0:
                break


class BookingSteps(RuleBasedStateMachine):
    """Random steps on one session; the test sets ``connection`` and ``user_ids``."""

    connection: Connection
    user_ids: tuple[int, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.savepoint = self.connection.begin_nested()
        self.db = domain_session(
            bind=self.connection,
            expire_on_commit=False,
            join_transaction_mode="create_savepoint",
        )
        self.now = START
        self.fresh: State | None = None

    def teardown(self) -> None:
        self.db.close()
        self.savepoint.rollback()

    # -- the data -----------------------------------------------------------------------------

    def read(self) -> State:
        self.db.expire_all()
        return State(self.db, self.session_id)

    def state(self) -> State:
        """The data as the last step left it: read once, right after the step, by ``attempt`` or
        on first use; the invariants, the preconditions and the next step all look at it."""
        if self.fresh is None:
            self.fresh = self.read()
        return self.fresh

    def attempt(self, before: State, forecast: Forecast, call):
        """Run a use case and hold it to the forecast; return (its result or None, the data)."""
        self.fresh = None
        try:
            result = call()
        except BookingError as error:
            after = self.fresh = self.read()
            assert forecast.error is not None, f"the rules allow this step, it raised {error!r}"
            assert type(error) is forecast.error, (
                f"raised {type(error).__name__}, the rules say {forecast.error.__name__}"
            )
            if isinstance(error, NotFound):  # refused before anything was even read
                assert after == before, "a refused step changed the data"
            else:  # refused after releasing what was overdue: only the releases stay
                assert set(after.statuses()) == set(before.statuses()), "a refusal added rows"
                statuses = {i: s for i, s in after.statuses().items()}
                assert statuses == forecast.status, (
                    f"a refused step left {statuses}; the releases give {forecast.status}"
                )
                assert (after.capacity, after.seats_taken) == (forecast.capacity, forecast.taken)
            return None, after
        after = self.fresh = self.read()
        assert forecast.error is None, f"the rules say {forecast.error.__name__}; it succeeded"
        was = before.statuses()
        offered = {
            b.id for b in after.bookings if b.status == "offered" and was.get(b.id) == "waitlisted"
        }
        assert offered == forecast.offered, (
            f"offers went to {sorted(offered)}; the first parties in line that fit are "
            f"{sorted(forecast.offered)}"
        )
        statuses = {i: s for i, s in after.statuses().items() if i in was}
        assert statuses == forecast.status, f"statuses {statuses}, the rules say {forecast.status}"
        assert (after.capacity, after.seats_taken) == (forecast.capacity, forecast.taken), (
            "capacity and seats taken differ from the rules"
        )
        return result, after

    # -- the session --------------------------------------------------------------------------

    @initialize(
        kind=st.sampled_from(sorted(WORKSHOP_KINDS)),
        capacity=st.integers(1, 5),
        max_seats=st.integers(2, 6),
        starts_in=st.sampled_from([timedelta(hours=12), timedelta(days=2), timedelta(days=20)]),
        cutoff_minutes=st.sampled_from([0, 60, 180]),
        deadline_hours=st.sampled_from([0, 24]),
        first_requests=st.lists(seat_requests, min_size=3, max_size=10),
    )
    def open_session(
        self, kind, capacity, max_seats, starts_in, cutoff_minutes, deadline_hours, first_requests
    ) -> None:
        """A fresh session of a fresh workshop, and a first few requests for its seats."""
        n = next(_numbers)
        space = Space(
            slug=f"state-machine-{n}",
            name=f"Không gian {n}",
            kind="art-space",
            district="hoan-kiem",
            address=f"{n} Hàng Buồm, Hoàn Kiếm, Hà Nội",
        )
        price, pay_at_venue = WORKSHOP_KINDS[kind]
        workshop = Workshop(
            space=space,
            title="Gốm bàn xoay",
            discipline="ceramics",
            price=price,
            pay_at_venue=pay_at_venue,
            capacity=capacity,
            duration_minutes=120,
            max_seats_per_booking=max_seats,
            booking_cutoff_minutes=cutoff_minutes,
            cancellation_deadline_hours=deadline_hours,
        )
        starts_at = START + starts_in
        sitting = WorkshopSession(
            workshop=workshop,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            capacity=capacity,
        )
        self.db.add(sitting)
        self.db.commit()
        self.session_id = sitting.id
        self.price, self.pay_at_venue, self.max_seats = price, pay_at_venue, max_seats
        self.closes_at = policy.booking_closes_at(sitting)
        self.cancellation_deadline = policy.cancellation_deadline(sitting)
        for request in first_requests:
            self.request_seats(*request)

    # -- booking ------------------------------------------------------------------------------

    def method_for(self, requested: str | None) -> str | None:
        """The payment method the booking gets, or None when the request is not allowed."""
        if self.price == 0:
            return "free"
        if requested in (None, "card"):
            return "card"
        return "at_venue" if self.pay_at_venue else None

    def request_seats(self, person: int, seats: int, payment: str | None, join_waitlist: bool):
        """``book_seats``: confirmed, held, waiting, or refused for the first rule it breaks."""
        user_id = self.user_ids[person]
        before = self.state()
        forecast = Forecast(self, before)
        forecast.release_expired()
        method = self.method_for(payment)
        fits = forecast.capacity - forecast.taken >= seats
        if forecast.closed:
            forecast.refuse(SessionClosed)
        elif not 1 <= seats <= min(self.max_seats, forecast.capacity) or method is None:
            forecast.refuse(InvalidInput)
        elif forecast.active_of(user_id):
            forecast.refuse(AlreadyBooked)
        elif not fits and not join_waitlist:
            forecast.refuse(SoldOut)
        elif fits:
            forecast.taken += seats
        booking, after = self.attempt(
            before,
            forecast,
            lambda: book_seats(
                self.db,
                session_id=self.session_id,
                user_id=user_id,
                seats=seats,
                now=self.now,
                payment=payment,
                join_waitlist=join_waitlist,
                gateway="demo",
                hold=DEFAULT_HOLD,
            ),
        )
        if booking is not None:
            held = "pending_payment" if method == "card" else "confirmed"
            expected = held if fits else "waitlisted"
            new = after.booking(booking.id)
            assert (new.status, new.seats, new.payment_method) == (expected, seats, method)
            assert new.amount == self.price * seats

    @rule(request=seat_requests)
    def book(self, request) -> None:
        self.request_seats(*request)

    @precondition(lambda self: self.state().capacity - self.state().seats_taken <= 1)
    @rule(request=seat_requests)
    def join_waiting_list(self, request) -> None:
        """When (nearly) full: ask for seats, or a place in line."""
        person, seats, payment, _ = request
        self.request_seats(person, seats, payment, join_waitlist=True)

    def pick_booking(self, data, before: State):
        """Mostly an active booking (while people wait, often one whose seats would go to them);
        now and then any booking (NotActive, unless it is active)."""
        active = [b for b in before.bookings if b.status in ACTIVE_BOOKINGS]
        if before.waitlist_length and data.draw(st.booleans(), label="free seats?"):
            active = [b for b in active if b.status in SEAT_HOLDING]
        if active and data.draw(st.integers(0, 3), label="any booking?") < 3:
            return data.draw(st.sampled_from(active), label="active booking")
        return data.draw(st.sampled_from(before.bookings), label="booking")

    @precondition(lambda self: self.state().bookings)
    @rule(
        data=st.data(),
        by=st.sampled_from(["person", "person", "person", "staff", "somebody else"]),
    )
    def cancel(self, data, by) -> None:
        """Its person cancels (or staff, or somebody else, who cannot: NotFound)."""
        before = self.state()
        target = self.pick_booking(data, before)
        if by == "person":
            user_id = target.user_id
        elif by == "staff":
            user_id = None
        else:
            user_id = next(u for u in self.user_ids if u != target.user_id)
        forecast = Forecast(self, before)
        forecast.release_expired()
        if user_id not in (target.user_id, None):
            forecast.refuse(NotFound)
        elif forecast.status[target.id] not in ACTIVE_BOOKINGS:
            forecast.refuse(NotActive)
        elif (
            forecast.status[target.id] == "confirmed"
            and by == "person"
            and self.now > self.cancellation_deadline
        ):
            forecast.refuse(TooLate)
        else:
            forecast.end(target.id, "cancelled")
            forecast.offer_free_seats()
        self.attempt(
            before,
            forecast,
            lambda: cancel_booking(
                self.db,
                booking_id=target.id,
                user_id=user_id,
                now=self.now,
                by="staff" if by == "staff" else "person",
            ),
        )

    # -- the waiting list ---------------------------------------------------------------------

    def pick_offer(self, data, before: State):
        """Mostly an offered booking; now and then any booking (NoOffer, unless offered)."""
        offered = [b for b in before.bookings if b.status == "offered"]
        if data.draw(st.integers(0, 3), label="any booking?") < 3:
            return data.draw(st.sampled_from(offered), label="offered booking")
        return data.draw(st.sampled_from(before.bookings), label="booking")

    @precondition(lambda self: any(b.status == "offered" for b in self.state().bookings))
    @rule(data=st.data())
    def accept_offer(self, data) -> None:
        """Take the offered seats: confirmed, or held while the person pays by card."""
        before = self.state()
        target = self.pick_offer(data, before)
        forecast = Forecast(self, before)
        forecast.release_expired()
        if forecast.status[target.id] != "offered":
            forecast.refuse(NoOffer)
        else:
            card = target.payment_method == "card"
            forecast.status[target.id] = "pending_payment" if card else "confirmed"
            forecast.offered.discard(target.id)
        self.attempt(
            before,
            forecast,
            lambda: accept_offer(
                self.db,
                booking_id=target.id,
                user_id=target.user_id,
                now=self.now,
                gateway="demo",
                hold=DEFAULT_HOLD,
            ),
        )

    @precondition(lambda self: any(b.status == "offered" for b in self.state().bookings))
    @rule(data=st.data())
    def decline_offer(self, data) -> None:
        """Say no: the seats go on to the next parties in line that fit."""
        before = self.state()
        target = self.pick_offer(data, before)
        forecast = Forecast(self, before)
        forecast.release_expired()
        if forecast.status[target.id] != "offered":
            forecast.refuse(NoOffer)
        else:
            forecast.end(target.id, "cancelled")
            forecast.offer_free_seats()
        self.attempt(
            before,
            forecast,
            lambda: decline_offer(
                self.db, booking_id=target.id, user_id=target.user_id, now=self.now
            ),
        )

    @rule(
        change=st.one_of(
            st.integers(-2, 3).map(lambda seats: ("by", seats)),
            st.integers(1, 12).map(lambda seats: ("to", seats)),
        )
    )
    def change_capacity(self, change) -> None:
        """Staff set a capacity of 1 to 12: a few seats more or fewer, or any."""
        before = self.state()
        how, seats = change
        capacity = min(max(before.capacity + seats, 1), 12) if how == "by" else seats
        forecast = Forecast(self, before)
        forecast.release_expired()
        if capacity < max(1, forecast.taken):
            forecast.refuse(InvalidInput)
        elif capacity != forecast.capacity:
            forecast.capacity = capacity
            forecast.offer_free_seats()
        self.attempt(
            before,
            forecast,
            lambda: change_capacity(
                self.db, session_id=self.session_id, capacity=capacity, now=self.now
            ),
        )

    # -- payments -----------------------------------------------------------------------------

    def pick_payment(self, data, before: State):
        """An open payment, or one paid already (a duplicate), expired (late) or cancelled: first
        the kind, then a payment of that kind, so that the rarer kinds come up as often."""
        kinds = sorted({p.status for p in before.payments}, key=PAYMENT_KINDS.index)
        kind = data.draw(st.sampled_from(kinds), label="payment status")
        return data.draw(
            st.sampled_from([p for p in before.payments if p.status == kind]), label="payment"
        )

    @precondition(lambda self: self.state().payments)
    @rule(data=st.data())
    def pay(self, data) -> None:
        """The gateway reports a payment: a held booking is confirmed, even when its hold's
        time ran out but nothing released it yet (the checkout closed before the hold, so the
        money came in time); a payment after the hold was released takes the seats if they are
        free (else it is refunded); a duplicate changes nothing."""
        before = self.state()
        payment = self.pick_payment(data, before)
        forecast = Forecast(self, before)
        booking = before.booking(payment.booking_id)
        if payment.status != "paid" and forecast.status[booking.id] == "pending_payment":
            forecast.status[booking.id] = "confirmed"
            forecast.release_expired()
        elif payment.status != "paid":
            forecast.release_expired()
            late_seats_free = (
                not forecast.closed
                and forecast.capacity - forecast.taken >= booking.seats
                and not forecast.active_of(booking.user_id)
            )
            if forecast.status[booking.id] == "expired" and late_seats_free:
                forecast.status[booking.id] = "confirmed"
                forecast.taken += booking.seats
        self.attempt(
            before,
            forecast,
            lambda: payment_succeeded(self.db, reference=payment.reference, now=self.now),
        )

    @precondition(lambda self: self.state().payments)
    @rule(data=st.data())
    def abandon_checkout(self, data) -> None:
        """The gateway reports a checkout given up: a hold ends at once, its seats are offered."""
        before = self.state()
        payment = self.pick_payment(data, before)
        forecast = Forecast(self, before)
        if payment.status == "open" and forecast.status[payment.booking_id] == "pending_payment":
            forecast.end(payment.booking_id, "expired")
            forecast.offer_free_seats()
        self.attempt(
            before,
            forecast,
            lambda: payment_abandoned(self.db, reference=payment.reference, now=self.now),
        )

    # -- time ---------------------------------------------------------------------------------

    @precondition(
        lambda self: any(
            b.status in ("pending_payment", "offered", "waitlisted") for b in self.state().bookings
        )
    )
    @rule(late=st.integers(0, 10))
    def run_expiry_job(self, late) -> None:
        """Move the clock to the next hold or offer deadline (if any), then run the job."""
        before = self.state()
        deadlines = [b.hold_expires_at for b in before.bookings if b.status == "pending_payment"]
        deadlines += [b.offer_expires_at for b in before.bookings if b.status == "offered"]
        if deadlines:
            self.now = max(self.now, min(deadlines) + timedelta(minutes=late))
        forecast = Forecast(self, before)
        forecast.release_expired()
        expired = sum(
            1
            for b in before.bookings
            if b.status in ("pending_payment", "offered") and forecast.status[b.id] == "expired"
        )
        released, _ = self.attempt(before, forecast, lambda: release_expired(self.db, now=self.now))
        assert released >= expired  # more when other sessions in the database had overdue ones

    @rule(
        step=st.one_of(
            st.integers(1, 120).map(lambda minutes: timedelta(minutes=minutes)),
            st.integers(1, 6).map(lambda hours: timedelta(hours=hours)),
            st.integers(0, 240).map(lambda minutes: -timedelta(minutes=minutes)),
        )
    )
    def let_time_pass(self, step) -> None:
        """Minutes or hours pass; or (a negative step) the clock comes that close to the close of
        booking, where offers are short; at the close booking stops and the list ends."""
        self.fresh = None
        if step < timedelta(0):
            self.now = max(self.now, self.closes_at + step)
        else:
            self.now += step

    # -- invariants ---------------------------------------------------------------------------

    @invariant()
    def counters_match_a_recount(self) -> None:
        state = self.state()
        assert (state.seats_taken, state.waitlist_length) == count_seats(self.db, self.session_id)

    @invariant()
    def capacity_is_never_exceeded(self) -> None:
        state = self.state()
        assert 0 <= state.seats_taken <= state.capacity

    @invariant()
    def one_active_booking_per_person(self) -> None:
        active = Counter(b.user_id for b in self.state().bookings if b.status in ACTIVE_BOOKINGS)
        assert all(n == 1 for n in active.values()), active

    @invariant()
    def no_waiting_party_fits_in_the_free_seats(self) -> None:
        state = self.state()
        free = state.capacity - state.seats_taken
        fitting = [b.id for b in state.bookings if b.status == "waitlisted" and b.seats <= free]
        if fitting:
            sitting = self.db.get_one(WorkshopSession, self.session_id)
            assert policy.offer_window(sitting, self.now) is None, (
                f"{free} seats free, yet {fitting} still wait"
            )

    @invariant()
    def the_money_adds_up(self) -> None:
        state = self.state()
        for booking in state.bookings:
            payments = [p for p in state.payments if p.booking_id == booking.id]
            paid = sum(p.amount for p in payments if p.status == "paid")
            refunded = sum(
                r.amount
                for r in state.refunds
                if r.booking_id == booking.id and r.status != "failed"
            )
            open_ = [p for p in payments if p.status == "open"]
            if booking.status == "confirmed" and booking.payment_method == "card":
                assert booking.paid and paid == booking.amount, booking
            if booking.status in ("cancelled", "expired"):
                assert refunded == paid, (booking, payments)
            else:
                assert refunded == 0, booking
            if booking.status == "pending_payment":
                assert len(open_) == 1 and booking.hold_expires_at is not None, booking
            else:
                assert not open_, (booking, payments)
            if booking.status == "offered":
                assert booking.offer_expires_at is not None, booking
            if booking.status == "waitlisted" or booking.payment_method != "card":
                assert not payments, (booking, payments)


def test_random_steps_keep_every_booking_promise(connection, db):
    """Six people (inserted directly: no password hashing) take part in every example."""
    people = [
        User(
            email=f"state-machine-{n}@example.com",
            name=f"Nguyễn Văn {n}",
            password_hash="not-a-hash",
            session_key=f"key-{n}",
        )
        for n in range(PEOPLE)
    ]
    db.add_all(people)
    db.commit()
    steps = type(
        "BookingStepsOnThisDatabase",
        (BookingSteps,),
        {"connection": connection, "user_ids": tuple(p.id for p in people)},
    )
    run_state_machine_as_test(steps, settings=SETTINGS)
