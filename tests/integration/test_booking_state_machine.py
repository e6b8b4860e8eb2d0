"""Random walks through the booking use cases on the real database, checked at every step.

A Hypothesis state machine books, cancels, pays, abandons checkouts, joins the waiting list,
accepts and declines offers, changes the capacity, runs the expiry job and moves a simulated
clock; staff cancel and move a session, take walk-ins and check people in; the payment provider
settles refunds, makes them fail, or is down. It does so on two sessions of workshops that are
free, paid at the venue or by card only, where people also pay by bank transfer into the
space's account (the bank's notifications bring full, short, excess, repeated and late money;
staff mark a transfer paid by hand and pay back what is owed), while the same people also hold
seats for payment in
four other sessions (so that a person can reach the limit of open holds, ``TooManyHolds``).

Before each step a small model of the rules (``Forecast``, one per session) works out what the
step must do: which ``BookingError`` it raises, the status every booking ends in, the seats taken
and which waiting parties get an offer, and that no other session changes. A refused step keeps
only what releasing overdue holds and offers did before the refusal (a use case releases first;
its refusal does not undo that), or nothing at all where the use case refuses inside its
transaction (check-in, walk-in, moving a session); any exception that is not a ``BookingError``
fails the test. After every step the invariants re-read the database:

1. ``seats_taken`` and ``waitlist_length`` agree with a recount of the bookings;
2. 0 <= seats_taken <= capacity;
3. nobody holds two active bookings for a session;
4. while offers can be made, no waiting party fits in the free seats (offers go in list order
   among the parties that fit);
5. the money adds up: a confirmed card booking is paid, what was paid for an ended booking is
   refunded (or its refund failed, visibly), a held booking has exactly one open checkout, a
   settled refund stays settled;
6. the outbox tells the story once: one ``BookingConfirmed`` per confirmation, one
   ``SeatsReleased`` (with the seats) per booking that gave its seats back, one
   ``RefundSettled`` per settled refund.

Each example runs inside a savepoint of the test's connection that its teardown rolls back, so
every example starts from empty sessions. The budget comes from the Hypothesis profile
(tests/hypothesis_profiles.py: ``HYPOTHESIS_PROFILE=ci`` by default, or ``nightly``).
"""

import itertools
import os
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, event, settings
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

from bookings.attendance import check_in, walk_in
from bookings.bootstrap import HandlerContext
from bookings.errors import (
    AlreadyBooked,
    BookingError,
    InvalidInput,
    NoOffer,
    NotActive,
    NotConfirmed,
    NotFound,
    SessionClosed,
    SoldOut,
    TooLate,
    TooManyHolds,
)
from bookings.events import RefundDue
from bookings.payments.gateway import ProviderRefund, RefundRefused, RefundResult
from bookings.payments.notices import refunds_changed
from bookings.payments.refunds import carry_out_refund
from bookings.payments.transfers import BankNotice, receive_notification, refund_paid
from bookings.seats import (
    MAX_OPEN_HOLDS,
    accept_offer,
    book_seats,
    cancel_booking,
    cancel_session,
    change_capacity,
    decline_offer,
    mark_paid,
    move_session,
    payment_abandoned,
    payment_succeeded,
    policy,
    release_expired,
)
from bookings.seats.policy import DEFAULT_HOLD
from models import (
    Booking,
    OutboxEvent,
    Payee,
    Payment,
    Refund,
    Space,
    User,
    Workshop,
    WorkshopSession,
)
from models.statuses import ACTIVE_BOOKINGS, SEAT_HOLDING
from tests.databases import domain_session

#: The simulated clock of every example starts here.
START = datetime(2031, 3, 3, 1, 0, tzinfo=UTC)

PEOPLE = 6
#: The two sessions every rule plays on, and the other sessions where people hold seats.
MAIN, ELSEWHERE = 2, 4

#: price and pay_at_venue of the three kinds of workshop.
WORKSHOP_KINDS = {
    "free": (0, False),
    "pay_at_venue": (150_000, True),
    "card_only": (300_000, False),
}

_numbers = itertools.count(1)

#: Payment statuses, the usual first.
PAYMENT_KINDS = ("open", "expired", "paid", "cancelled")

#: A request for seats: (which main session, which person, how many seats, the payment asked
#: for, whether to join the waiting list when the seats are not free).
seat_requests = st.tuples(
    st.integers(0, MAIN - 1),
    st.integers(0, PEOPLE - 1),
    st.sampled_from([1, 1, 2, 2, 3, 4]),
    st.sampled_from([None, "card", "at_venue", "bank_transfer"]),
    st.sampled_from([True, False]),
)

_IDS = bindparam("ids", expanding=True)
_OF_SESSIONS = Booking.session_id.in_(_IDS)

#: What ``State`` reads, built once: the same five statements whatever the number of sessions.
_SESSIONS = (
    select(
        WorkshopSession.id,
        WorkshopSession.capacity,
        WorkshopSession.seats_taken,
        WorkshopSession.waitlist_length,
        WorkshopSession.status,
        WorkshopSession.starts_at,
        WorkshopSession.ends_at,
        Workshop.price,
        Workshop.pay_at_venue,
        Workshop.max_seats_per_booking,
        Workshop.booking_cutoff_minutes,
        Workshop.cancellation_deadline_hours,
    )
    .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
    .where(WorkshopSession.id.in_(_IDS))
    .order_by(WorkshopSession.id)
)
_BOOKINGS = (
    select(
        Booking.id,
        Booking.session_id,
        Booking.user_id,
        Booking.seats,
        Booking.status,
        Booking.payment_method,
        Booking.amount,
        Booking.paid,
        Booking.queued_at,
        Booking.hold_expires_at,
        Booking.offer_expires_at,
        Booking.checked_in_at,
        Booking.walk_in,
    )
    .where(_OF_SESSIONS)
    .order_by(Booking.id)
)
_PAYMENTS = (
    select(
        Payment.id,
        Payment.booking_id,
        Payment.reference,
        Payment.status,
        Payment.amount,
        Payment.charge_id,
        Payment.provider,
        Payment.received,
    )
    .join(Booking)
    .where(_OF_SESSIONS)
    .order_by(Payment.id)
)
_REFUNDS = (
    select(
        Refund.id,
        Refund.booking_id,
        Refund.payment_id,
        Refund.amount,
        Refund.status,
        Refund.provider_id,
    )
    .join(Booking)
    .where(_OF_SESSIONS)
    .order_by(Refund.id)
)
#: Every example's events are its own: the savepoint of the one before was rolled back.
_EVENTS = (
    select(OutboxEvent.name, OutboxEvent.payload)
    .where(OutboxEvent.name.in_(["BookingConfirmed", "SeatsReleased", "RefundSettled"]))
    .order_by(OutboxEvent.id)
)


#: The space's account number (its payee's).
ACCOUNT = "1023456789"


def pick_of_kind(data, payments):
    """A payment of a status drawn first (open, expired, paid, cancelled), so that the rarer
    kinds come up as often."""
    kinds = sorted({p.status for p in payments}, key=PAYMENT_KINDS.index)
    kind = data.draw(st.sampled_from(kinds), label="payment status")
    return data.draw(st.sampled_from([p for p in payments if p.status == kind]), label="payment")


def is_owed(refund, state) -> bool:
    """A transfer's pending refund: no provider pays it, the space does, by hand."""
    payment = next(p for p in state.payments if p.id == refund.payment_id)
    return refund.status == "pending" and payment.provider == "bank_transfer"


class State:
    """The sessions' rows and their bookings, payments, refunds and events, as the database has
    them now."""

    def __init__(self, db: Session, session_ids: list[int]) -> None:
        params = {"ids": session_ids}
        self.sessions = {row.id: row for row in db.execute(_SESSIONS, params)}
        self.bookings = tuple(db.execute(_BOOKINGS, params))
        self.payments = tuple(db.execute(_PAYMENTS, params))
        self.refunds = tuple(db.execute(_REFUNDS, params))
        #: booking id -> BookingConfirmed events; session id -> SeatsReleased events and the
        #: seats they gave back; refund id -> RefundSettled events.
        self.confirmed, self.released, self.released_seats = Counter(), Counter(), Counter()
        self.settled = Counter()
        for name, payload in db.execute(_EVENTS):
            if name == "BookingConfirmed":
                self.confirmed[payload["booking_id"]] += 1
            elif name == "SeatsReleased":
                self.released[payload["session_id"]] += 1
                self.released_seats[payload["session_id"]] += payload["seats"]
            else:
                self.settled[payload["refund_id"]] += 1

    def _key(self) -> tuple:
        events = (self.confirmed, self.released, self.released_seats, self.settled)
        return (tuple(self.sessions.items()), self.bookings, self.payments, self.refunds, events)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, State) and self._key() == other._key()

    __hash__ = None

    def booking(self, booking_id: int):
        return next(b for b in self.bookings if b.id == booking_id)

    def of(self, session_id: int) -> list:
        return [b for b in self.bookings if b.session_id == session_id]

    def statuses(self, session_id: int) -> dict[int, str]:
        return {b.id: b.status for b in self.of(session_id)}

    def open_holds(self, user_id: int, now: datetime) -> int:
        """Seats the person holds for payment, in any session, whose hold has not run out."""
        return sum(
            1
            for b in self.bookings
            if b.user_id == user_id and b.status == "pending_payment" and b.hold_expires_at > now
        )


def closes_at(sitting) -> datetime:
    return sitting.starts_at - timedelta(minutes=sitting.booking_cutoff_minutes)


class Forecast:
    """What the booking rules say a step must do to one session, worked out from the data
    before it. A Forecast nobody changes says: this session stays as it was."""

    def __init__(self, now: datetime, before: State, session_id: int) -> None:
        sitting = before.sessions[session_id]
        self.now = now
        self.sitting = sitting
        self.session_status = sitting.status
        self.starts_at, self.ends_at = sitting.starts_at, sitting.ends_at
        self.capacity = sitting.capacity
        self.taken = sitting.seats_taken
        self.rows = {b.id: b for b in before.of(session_id)}
        self.status = before.statuses(session_id)
        #: The waiting parties this step must offer seats to.
        self.offered: set[int] = set()
        #: The BookingError the step must raise, or None; and whether the use case refuses
        #: inside its transaction (so that nothing at all changes, releases included).
        self.error: type[BookingError] | None = None
        self.rolled_back = False
        #: Seats of bookings that came to hold seats during this step and gave them back in the
        #: same step (a waiting party offered the seats an overdue hold freed, then cancelled):
        #: a release the database's before and after cannot show.
        self.held_midway: list[int] = []

    @property
    def closed(self) -> bool:
        """Booking has closed: by the clock, or because the session is cancelled."""
        cutoff = timedelta(minutes=self.sitting.booking_cutoff_minutes)
        return self.now >= self.starts_at - cutoff or self.session_status != "scheduled"

    @property
    def cancellation_deadline(self) -> datetime:
        return self.starts_at - timedelta(hours=self.sitting.cancellation_deadline_hours)

    def refuse(self, error: type[BookingError], *, rolled_back: bool = False) -> None:
        self.error, self.rolled_back = error, rolled_back

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
            if self.rows[booking_id].status not in SEAT_HOLDING:
                self.held_midway.append(self.seats_of(booking_id))
        self.status[booking_id] = status
        self.offered.discard(booking_id)

    def overdue(self) -> list[int]:
        return [
            b.id
            for b in self.rows.values()
            if (self.status[b.id] == "pending_payment" and b.hold_expires_at <= self.now)
            or (self.status[b.id] == "offered" and b.offer_expires_at <= self.now)
        ]

    def release_expired(self) -> None:
        """Overdue holds and offers end, the list closes with booking, freed seats are offered."""
        overdue = self.overdue()
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


class Provider:
    """The payment provider as the refund use cases see it (a gateway named like the one the
    bookings were paid through): each refund's outcome is chosen by the rule that asks for it,
    and the provider remembers its refunds, per charge, as a real one does."""

    name = "demo"
    min_checkout = timedelta(0)

    def __init__(self) -> None:
        self.outcome = "succeeded"
        self.records: dict[str, list[ProviderRefund]] = {}

    def refund(self, refund: Refund) -> RefundResult:
        if self.outcome == "refused":
            raise RefundRefused("the card was closed")
        if self.outcome == "outage":
            raise ConnectionError("the provider did not answer")
        provider_id = f"re_{refund.id}"
        self.records.setdefault(refund.payment.charge_id, []).append(
            ProviderRefund(provider_id, refund.amount, self.outcome, refund.id)
        )
        return RefundResult(provider_id=provider_id, status=self.outcome)

    def refunds_of(self, charge_id: str) -> list[ProviderRefund]:
        return list(self.records.get(charge_id, []))

    def settle(self, provider_id: str, status: str) -> str:
        """The provider finishes a refund it had accepted; the charge it belongs to."""
        for charge_id, records in self.records.items():
            for n, record in enumerate(records):
                if record.provider_id == provider_id:
                    records[n] = ProviderRefund(
                        provider_id, record.amount, status, record.refund_id
                    )
                    return charge_id
        raise AssertionError(f"the provider has no refund {provider_id}")


@dataclass(frozen=True)
class Plan:
    """A main session as ``open_sessions`` drew it."""

    kind: str
    capacity: int
    max_seats: int
    starts_in: timedelta
    cutoff_minutes: int
    deadline_hours: int


plans = st.builds(
    Plan,
    kind=st.sampled_from(sorted(WORKSHOP_KINDS)),
    capacity=st.integers(1, 5),
    max_seats=st.integers(2, 6),
    starts_in=st.sampled_from([timedelta(hours=12), timedelta(days=2), timedelta(days=20)]),
    cutoff_minutes=st.sampled_from([0, 60, 180]),
    deadline_hours=st.sampled_from([0, 24]),
)


class BookingSteps(RuleBasedStateMachine):
    """Random steps on two sessions; the test sets ``connection`` and ``user_ids``."""

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
        self.seen: State | None = None
        self.provider = Provider()
        self.main: list[int] = []
        self.elsewhere: list[int] = []
        #: What the outbox must hold, counted from the changes seen step by step.
        self.confirmations: Counter = Counter()
        self.releases: Counter = Counter()
        self.released_seats: Counter = Counter()
        #: Bank notifications sent so far (their ids).
        self.notifications = 0

    def teardown(self) -> None:
        self.db.close()
        self.savepoint.rollback()

    # -- the data -----------------------------------------------------------------------------

    @property
    def session_ids(self) -> list[int]:
        return self.main + self.elsewhere

    def read(self) -> State:
        self.db.expire_all()
        state = State(self.db, self.session_ids)
        self._count_changes(state)
        return state

    def _count_changes(self, state: State) -> None:
        """Count the confirmations and releases since the last read (a booking changes status
        at most once in a step), and check that a settled refund stays as it was settled."""
        was = {b.id: b for b in self.seen.bookings} if self.seen else {}
        for booking in state.bookings:
            before = was.get(booking.id)
            if booking.status == "confirmed" and (before is None or before.status != "confirmed"):
                self.confirmations[booking.id] += 1
            if (
                before is not None
                and before.status in SEAT_HOLDING
                and booking.status not in SEAT_HOLDING
            ):
                self.releases[booking.session_id] += 1
                self.released_seats[booking.session_id] += booking.seats
        settled = {r.id: r for r in self.seen.refunds if r.status != "pending"} if self.seen else {}
        for refund in state.refunds:
            if refund.id in settled:
                assert refund == settled[refund.id], f"a settled refund changed: {refund}"
        self.seen = state

    def state(self) -> State:
        """The data as the last step left it: read once, right after the step, by ``attempt`` or
        on first use; the invariants, the preconditions and the next step all look at it."""
        if self.fresh is None:
            self.fresh = self.read()
        return self.fresh

    def forecasts(self, before: State) -> dict[int, Forecast]:
        return {sid: Forecast(self.now, before, sid) for sid in self.session_ids}

    def attempt(self, before: State, forecasts: dict[int, Forecast], call):
        """Run a use case and hold every session to its forecast; return (its result or None,
        the data)."""
        self.fresh = None
        refusing = [f for f in forecasts.values() if f.error is not None]
        assert len(refusing) <= 1
        expected = refusing[0] if refusing else None
        try:
            result = call()
        except BookingError as error:
            event(f"refused: {type(error).__name__}")  # --hypothesis-show-statistics lists them
            after = self.fresh = self.read()
            assert expected is not None, f"the rules allow this step, it raised {error!r}"
            assert type(error) is expected.error, (
                f"raised {type(error).__name__}, the rules say {expected.error.__name__}"
            )
            if isinstance(error, NotFound) or expected.rolled_back:
                assert after == before, "a refused step changed the data"
            else:  # refused after releasing what was overdue: only the releases stay
                for sid, forecast in forecasts.items():
                    statuses = after.statuses(sid)
                    assert set(statuses) == set(forecast.status), "a refusal added rows"
                    assert statuses == forecast.status, (
                        f"a refused step left {statuses}; the releases give {forecast.status}"
                    )
                    sitting = after.sessions[sid]
                    assert (sitting.capacity, sitting.seats_taken) == (
                        forecast.capacity,
                        forecast.taken,
                    )
            return None, after
        after = self.fresh = self.read()
        assert expected is None, f"the rules say {expected.error.__name__}; it succeeded"
        for sid, forecast in forecasts.items():
            self.releases[sid] += len(forecast.held_midway)
            self.released_seats[sid] += sum(forecast.held_midway)
            was = before.statuses(sid)
            offered = {
                b.id
                for b in after.of(sid)
                if b.status == "offered" and was.get(b.id) == "waitlisted"
            }
            assert offered == forecast.offered, (
                f"offers went to {sorted(offered)}; the first parties in line that fit are "
                f"{sorted(forecast.offered)}"
            )
            statuses = {i: s for i, s in after.statuses(sid).items() if i in was}
            assert statuses == forecast.status, (
                f"session {sid}: statuses {statuses}, the rules say {forecast.status}"
            )
            sitting = after.sessions[sid]
            assert (sitting.capacity, sitting.seats_taken) == (forecast.capacity, forecast.taken), (
                f"session {sid}: capacity and seats taken differ from the rules"
            )
            assert (sitting.status, sitting.starts_at, sitting.ends_at) == (
                forecast.session_status,
                forecast.starts_at,
                forecast.ends_at,
            )
        return result, after

    # -- the sessions -------------------------------------------------------------------------

    @initialize(
        first=plans,
        second=plans,
        first_requests=st.lists(seat_requests, min_size=3, max_size=10),
    )
    def open_sessions(self, first: Plan, second: Plan, first_requests) -> None:
        """Two fresh sessions of fresh workshops, four card-only sessions far ahead where people
        hold seats too, and a first few requests for seats."""
        n = next(_numbers)
        space = Space(
            slug=f"state-machine-{n}",
            name=f"Không gian {n}",
            kind="art-space",
            district="hoan-kiem",
            address=f"{n} Hàng Buồm, Hoàn Kiếm, Hà Nội",
        )
        sittings = []
        for plan in (first, second):
            price, pay_at_venue = WORKSHOP_KINDS[plan.kind]
            workshop = Workshop(
                space=space,
                title="Gốm bàn xoay",
                discipline="ceramics",
                price=price,
                pay_at_venue=pay_at_venue,
                capacity=plan.capacity,
                duration_minutes=120,
                max_seats_per_booking=plan.max_seats,
                booking_cutoff_minutes=plan.cutoff_minutes,
                cancellation_deadline_hours=plan.deadline_hours,
            )
            starts_at = START + plan.starts_in
            sittings.append(
                WorkshopSession(
                    workshop=workshop,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=2),
                    capacity=plan.capacity,
                )
            )
        far = Workshop(
            space=space,
            title="In lụa",
            discipline="printmaking",
            price=200_000,
            capacity=12,
            duration_minutes=120,
        )
        others = [
            WorkshopSession(
                workshop=far,
                starts_at=START + timedelta(days=60 + day),
                ends_at=START + timedelta(days=60 + day, hours=2),
                capacity=12,
            )
            for day in range(ELSEWHERE)
        ]
        self.db.add_all(sittings + others)
        self.db.add(
            Payee(space=space, bank_bin="970436", account_number=ACCOUNT, account_name="XUONG GOM")
        )
        self.db.commit()
        self.space_id = space.id
        self.main = [s.id for s in sittings]
        self.elsewhere = [s.id for s in others]
        for request in first_requests:
            self.request_seats(*request)

    # -- booking ------------------------------------------------------------------------------

    def method_for(self, sitting, requested: str | None) -> str | None:
        """The payment method the booking gets, or None when the request is not allowed."""
        if sitting.price == 0:
            return "free"
        if requested in (None, "card"):
            return "card"
        if requested == "bank_transfer":
            return "bank_transfer"  # the space has a payee
        return "at_venue" if sitting.pay_at_venue else None

    def request_seats(self, which: int, person: int, seats: int, payment, join_waitlist: bool):
        self.book_in(self.main[which], person, seats, payment, join_waitlist)

    def book_in(self, session_id: int, person: int, seats: int, payment, join_waitlist: bool):
        """``book_seats``: confirmed, held, waiting, or refused for the first rule it breaks."""
        user_id = self.user_ids[person]
        before = self.state()
        forecasts = self.forecasts(before)
        forecast = forecasts[session_id]
        forecast.release_expired()
        method = self.method_for(forecast.sitting, payment)
        fits = forecast.capacity - forecast.taken >= seats
        most = min(forecast.sitting.max_seats_per_booking, forecast.capacity)
        if forecast.closed:
            forecast.refuse(SessionClosed)
        elif not 1 <= seats <= most or method is None:
            forecast.refuse(InvalidInput)
        elif forecast.active_of(user_id):
            forecast.refuse(AlreadyBooked)
        elif not fits and not join_waitlist:
            forecast.refuse(SoldOut)
        elif (
            fits
            and method in ("card", "bank_transfer")
            and before.open_holds(user_id, self.now) >= MAX_OPEN_HOLDS
        ):
            forecast.refuse(TooManyHolds)
        elif fits:
            forecast.taken += seats
        booking, after = self.attempt(
            before,
            forecasts,
            lambda: book_seats(
                self.db,
                session_id=session_id,
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
            held = "pending_payment" if method in ("card", "bank_transfer") else "confirmed"
            expected = held if fits else "waitlisted"
            new = after.booking(booking.id)
            assert (new.status, new.seats, new.payment_method) == (expected, seats, method)
            assert new.amount == forecast.sitting.price * seats

    @rule(request=seat_requests)
    def book(self, request) -> None:
        self.request_seats(*request)

    @precondition(
        lambda self: any(
            s.capacity - s.seats_taken <= 1
            for sid, s in self.state().sessions.items()
            if sid in self.main
        )
    )
    @rule(request=seat_requests)
    def join_waiting_list(self, request) -> None:
        """When (nearly) full: ask for seats, or a place in line."""
        which, person, seats, payment, _ = request
        self.request_seats(which, person, seats, payment, join_waitlist=True)

    @rule(person=st.integers(0, PEOPLE - 1), sessions=st.integers(1, ELSEWHERE))
    def hold_seats_elsewhere(self, person, sessions) -> None:
        """The person holds a seat for payment in one to four of the other sessions, one after
        the other (past the limit of open holds: TooManyHolds)."""
        for session_id in self.elsewhere[:sessions]:
            self.book_in(session_id, person, 1, "card", False)

    def pick_booking(self, data, before: State, among=None):
        """Mostly an active booking (while people wait, often one whose seats would go to them);
        now and then any booking (NotActive, unless it is active)."""
        every = [b for b in before.bookings if among is None or b.session_id in among]
        active = [b for b in every if b.status in ACTIVE_BOOKINGS]
        waiting = any(sitting.waitlist_length for sitting in before.sessions.values())
        if waiting and data.draw(st.booleans(), label="free seats?"):
            active = [b for b in active if b.status in SEAT_HOLDING]
        if active and data.draw(st.integers(0, 3), label="any booking?") < 3:
            return data.draw(st.sampled_from(active), label="active booking")
        return data.draw(st.sampled_from(every), label="booking")

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
        forecasts = self.forecasts(before)
        forecast = forecasts[target.session_id]
        forecast.release_expired()
        if user_id not in (target.user_id, None):
            forecast.refuse(NotFound)
        elif forecast.status[target.id] not in ACTIVE_BOOKINGS:
            forecast.refuse(NotActive)
        elif (
            forecast.status[target.id] == "confirmed"
            and by == "person"
            and self.now > forecast.cancellation_deadline
        ):
            forecast.refuse(TooLate)
        else:
            forecast.end(target.id, "cancelled")
            forecast.offer_free_seats()
        self.attempt(
            before,
            forecasts,
            lambda: cancel_booking(
                self.db,
                booking_id=target.id,
                user_id=user_id,
                now=self.now,
                by="staff" if by == "staff" else "person",
            ),
        )

    @precondition(
        lambda self: any(b.status == "confirmed" and b.paid for b in self.state().bookings)
    )
    @rule(data=st.data(), by=st.sampled_from(["person", "staff"]))
    def cancel_a_paid_booking(self, data, by) -> None:
        """A booking paid by card is cancelled by its person (until the deadline) or by staff:
        the money is owed back in full (a refund the provider then carries out)."""
        before = self.state()
        paid = [b for b in before.bookings if b.status == "confirmed" and b.paid]
        target = data.draw(st.sampled_from(paid), label="paid booking")
        forecasts = self.forecasts(before)
        forecast = forecasts[target.session_id]
        forecast.release_expired()
        if by == "person" and self.now > forecast.cancellation_deadline:
            forecast.refuse(TooLate)
        else:
            forecast.end(target.id, "cancelled")
            forecast.offer_free_seats()
        self.attempt(
            before,
            forecasts,
            lambda: cancel_booking(
                self.db,
                booking_id=target.id,
                user_id=None if by == "staff" else target.user_id,
                now=self.now,
                by=by,
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
        """Take the offered seats: confirmed, or held while the person pays by card or by
        transfer."""
        before = self.state()
        target = self.pick_offer(data, before)
        forecasts = self.forecasts(before)
        forecast = forecasts[target.session_id]
        forecast.release_expired()
        if forecast.status[target.id] != "offered":
            forecast.refuse(NoOffer)
        else:
            paying = target.payment_method in ("card", "bank_transfer")
            forecast.status[target.id] = "pending_payment" if paying else "confirmed"
            forecast.offered.discard(target.id)
        self.attempt(
            before,
            forecasts,
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
        forecasts = self.forecasts(before)
        forecast = forecasts[target.session_id]
        forecast.release_expired()
        if forecast.status[target.id] != "offered":
            forecast.refuse(NoOffer)
        else:
            forecast.end(target.id, "cancelled")
            forecast.offer_free_seats()
        self.attempt(
            before,
            forecasts,
            lambda: decline_offer(
                self.db, booking_id=target.id, user_id=target.user_id, now=self.now
            ),
        )

    # -- staff --------------------------------------------------------------------------------

    @rule(
        which=st.integers(0, MAIN - 1),
        change=st.one_of(
            st.integers(-2, 3).map(lambda seats: ("by", seats)),
            st.integers(1, 12).map(lambda seats: ("to", seats)),
        ),
    )
    def change_capacity(self, which, change) -> None:
        """Staff set a capacity of 1 to 12: a few seats more or fewer, or any."""
        session_id = self.main[which]
        before = self.state()
        how, seats = change
        current = before.sessions[session_id].capacity
        capacity = min(max(current + seats, 1), 12) if how == "by" else seats
        forecasts = self.forecasts(before)
        forecast = forecasts[session_id]
        forecast.release_expired()
        if capacity < max(1, forecast.taken):
            forecast.refuse(InvalidInput)
        elif capacity != forecast.capacity:
            forecast.capacity = capacity
            forecast.offer_free_seats()
        self.attempt(
            before,
            forecasts,
            lambda: change_capacity(
                self.db, session_id=session_id, capacity=capacity, now=self.now
            ),
        )

    @precondition(
        lambda self: (
            self.state().sessions[self.main[1]].status == "scheduled"
            and sum(b.status in ACTIVE_BOOKINGS for b in self.state().of(self.main[1])) >= 2
        )
    )
    @rule()
    def cancel_the_second_session(self) -> None:
        """Staff cancel the second session once it has people (the first one stays, so walks
        keep going): every active booking ends, held ones without releasing first, paid ones
        are refunded. Cancelling it again changes nothing."""
        session_id = self.main[1]
        before = self.state()
        forecasts = self.forecasts(before)
        forecast = forecasts[session_id]
        for booking_id, status in list(forecast.status.items()):
            if status in ACTIVE_BOOKINGS:
                forecast.end(booking_id, "cancelled")
        forecast.session_status = "cancelled"
        self.attempt(
            before,
            forecasts,
            lambda: cancel_session(self.db, session_id=session_id, now=self.now, message=""),
        )
        cancelled = self.state()
        self.attempt(
            cancelled,
            self.forecasts(cancelled),
            lambda: cancel_session(self.db, session_id=session_id, now=self.now, message="again"),
        )

    @rule(
        which=st.integers(0, MAIN - 1),
        to=st.sampled_from(
            [
                -timedelta(hours=1),
                timedelta(0),
                timedelta(minutes=45),
                timedelta(hours=5),
                timedelta(days=1),
                timedelta(days=6),
                timedelta(days=25),
                timedelta(days=3 * 365),
            ]
        ),
    )
    def move_session(self, which, to) -> None:
        """Staff move a session to ``to`` from now (keeping its length): bookings stand, the
        close of booking and the cancellation deadline move with it, what is overdue is released
        and free seats are offered (a move later may reopen booking). Not into the past or more
        than two years ahead; not a cancelled one."""
        session_id = self.main[which]
        starts_at = self.now + to
        before = self.state()
        forecasts = self.forecasts(before)
        forecast = forecasts[session_id]
        if forecast.session_status != "scheduled":
            forecast.refuse(SessionClosed, rolled_back=True)
        elif starts_at <= self.now or starts_at > self.now + timedelta(days=2 * 365):
            forecast.refuse(InvalidInput, rolled_back=True)
        else:
            length = forecast.ends_at - forecast.starts_at
            forecast.starts_at, forecast.ends_at = starts_at, starts_at + length
            forecast.release_expired()
            forecast.offer_free_seats()
        self.attempt(
            before,
            forecasts,
            lambda: move_session(self.db, session_id=session_id, starts_at=starts_at, now=self.now),
        )

    @rule(
        which=st.integers(0, MAIN - 1),
        seats=st.sampled_from([1, 1, 2, 3, 7]),
        known=st.one_of(st.none(), st.integers(0, PEOPLE - 1)),
        paid=st.booleans(),
    )
    def walk_in(self, which, seats, known, paid) -> None:
        """Someone at the door takes seats, confirmed and checked in: a stranger, or somebody
        under the email of one of the people, which gives a guest entry and never that person's
        booking. Refused after the session's overdue holds and offers were released, as every
        seat change is."""
        session_id = self.main[which]
        before = self.state()
        forecasts = self.forecasts(before)
        forecast = forecasts[session_id]
        forecast.release_expired()
        most = min(forecast.sitting.max_seats_per_booking, forecast.capacity)
        if forecast.session_status != "scheduled" or self.now >= forecast.ends_at:
            refusal = SessionClosed
        elif not 1 <= seats <= most:
            refusal = InvalidInput
        elif forecast.capacity - forecast.taken < seats:
            refusal = SoldOut
        else:
            refusal = None
            forecast.taken += seats
        if refusal is not None:  # after the releases, which stand
            forecast.refuse(refusal)
        email = None if known is None else f"state-machine-{known}@example.com"
        booking, after = self.attempt(
            before,
            forecasts,
            lambda: walk_in(
                self.db,
                session_id=session_id,
                name="Khách vãng lai",
                seats=seats,
                email=email,
                paid=paid,
                now=self.now,
            ),
        )
        if booking is not None:
            new = after.booking(booking.id)
            method = "free" if forecast.sitting.price == 0 else "at_venue"
            assert (new.status, new.seats, new.payment_method, new.walk_in) == (
                "confirmed",
                seats,
                method,
                True,
            )
            assert new.checked_in_at == self.now and new.paid == (paid and method == "at_venue")
            assert new.user_id not in self.user_ids  # a guest entry, whatever the email

    @precondition(lambda self: self.state().bookings)
    @rule(data=st.data())
    def check_in(self, data) -> None:
        """Staff let a confirmed booking in (twice changes nothing); anything else is refused
        after the overdue holds and offers were released: NotConfirmed, or SessionClosed for a
        cancelled session."""
        before = self.state()
        confirmed = [b for b in before.bookings if b.status == "confirmed"]
        if confirmed and data.draw(st.integers(0, 3), label="any booking?") < 3:
            target = data.draw(st.sampled_from(confirmed), label="confirmed booking")
        else:
            target = data.draw(st.sampled_from(before.bookings), label="booking")
        forecasts = self.forecasts(before)
        forecast = forecasts[target.session_id]
        forecast.release_expired()
        refusal = None
        if forecast.session_status != "scheduled":
            refusal = SessionClosed
        elif forecast.status[target.id] != "confirmed":
            refusal = NotConfirmed
        if refusal is not None:  # after the releases, which stand
            forecast.refuse(refusal)
        booking, after = self.attempt(
            before,
            forecasts,
            lambda: check_in(self.db, booking_id=target.id, now=self.now),
        )
        if booking is not None:
            assert after.booking(target.id).checked_in_at == (target.checked_in_at or self.now)

    # -- payments -----------------------------------------------------------------------------

    def pick_payment(self, data, before: State):
        """An open payment, or one paid already (a duplicate), expired (late) or cancelled: first
        the kind, then a payment of that kind, so that the rarer kinds come up as often."""
        return pick_of_kind(data, [p for p in before.payments if p.provider == "demo"])

    @precondition(lambda self: any(p.provider == "demo" for p in self.state().payments))
    @rule(data=st.data())
    def pay(self, data) -> None:
        """The gateway reports a payment: a held booking is confirmed, even when its hold's
        time ran out but nothing released it yet (the checkout closed before the hold, so the
        money came in time); a payment after the hold was released takes the seats if they are
        free (else it is refunded); a duplicate changes nothing."""
        before = self.state()
        payment = self.pick_payment(data, before)
        booking = before.booking(payment.booking_id)
        forecasts = self.forecasts(before)
        forecast = forecasts[booking.session_id]
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
            forecasts,
            lambda: payment_succeeded(
                self.db, reference=payment.reference, now=self.now, charge_id=f"ch_{payment.id}"
            ),
        )

    @precondition(lambda self: any(p.provider == "demo" for p in self.state().payments))
    @rule(data=st.data())
    def abandon_checkout(self, data) -> None:
        """The gateway reports a checkout given up: a hold ends at once, its seats are offered."""
        before = self.state()
        payment = self.pick_payment(data, before)
        booking = before.booking(payment.booking_id)
        forecasts = self.forecasts(before)
        forecast = forecasts[booking.session_id]
        if payment.status == "open" and forecast.status[booking.id] == "pending_payment":
            forecast.end(booking.id, "expired")
            forecast.offer_free_seats()
        self.attempt(
            before,
            forecasts,
            lambda: payment_abandoned(self.db, reference=payment.reference, now=self.now),
        )

    # -- bank transfers -----------------------------------------------------------------------

    @precondition(lambda self: any(p.provider == "bank_transfer" for p in self.state().payments))
    @rule(data=st.data(), part=st.sampled_from(["all", "all", "short", "over", "same"]))
    def a_transfer_arrives(self, data, part) -> None:
        """The bank tells the space that money came with a transfer booking's reference: what is
        still due, part of it, more than it, or (``same``) the very notification again. Money
        that completes a held booking confirms it (even when its hold's time ran out but nothing
        released it yet); short money keeps it held; money after the hold was released takes
        the seats if they are free; anything else, and every excess, is owed back."""
        before = self.state()
        payment = pick_of_kind(data, [p for p in before.payments if p.provider == "bank_transfer"])
        booking = before.booking(payment.booking_id)
        due = max(booking.amount - payment.received, 0)
        amount = {"all": due, "short": due // 2, "over": due + 50_000, "same": due}[part] or 50_000
        repeat = part == "same" and self.notifications > 0
        self.notifications += not repeat
        notice = BankNotice(
            id=f"n{self.notifications}",
            transfer_type="in",
            amount=amount,
            account_number=ACCOUNT,
            content=f"MBVCB.{self.notifications}.{payment.reference}.CT tu NGUYEN VAN A",
        )
        if repeat:
            self.attempt(
                before,
                self.forecasts(before),
                lambda: receive_notification(
                    self.db, space_id=self.space_id, notice=notice, now=self.now
                ),
            )
            return
        forecasts = self.forecasts(before)
        forecast = forecasts[booking.session_id]
        owed = sum(
            r.amount for r in before.refunds if r.booking_id == booking.id and r.status != "failed"
        )
        # What came, less what is owed back already, covers the price.
        complete = payment.received + amount - owed >= booking.amount
        if payment.status == "open" and forecast.status[booking.id] == "pending_payment":
            if complete:
                forecast.status[booking.id] = "confirmed"
            forecast.release_expired()
        else:
            forecast.release_expired()
            late_seats_free = (
                not forecast.closed
                and forecast.capacity - forecast.taken >= booking.seats
                and not forecast.active_of(booking.user_id)
            )
            if forecast.status[booking.id] == "expired" and complete and late_seats_free:
                forecast.status[booking.id] = "confirmed"
                forecast.taken += booking.seats
        outcome, _ = self.attempt(
            before,
            forecasts,
            lambda: receive_notification(
                self.db, space_id=self.space_id, notice=notice, now=self.now
            ),
        )
        assert outcome == "matched"
        after = next(p for p in self.state().payments if p.id == payment.id)
        assert after.received == payment.received + amount

    @precondition(
        lambda self: any(
            b.status == "pending_payment" and b.payment_method == "bank_transfer"
            for b in self.state().bookings
        )
    )
    @rule(data=st.data())
    def staff_mark_a_transfer_paid(self, data) -> None:
        """Staff saw the money in the bank: a held transfer booking is confirmed."""
        before = self.state()
        held = [
            b
            for b in before.bookings
            if b.status == "pending_payment" and b.payment_method == "bank_transfer"
        ]
        booking = data.draw(st.sampled_from(held), label="held transfer")
        forecasts = self.forecasts(before)
        forecast = forecasts[booking.session_id]
        forecast.status[booking.id] = "confirmed"
        forecast.release_expired()
        self.attempt(
            before,
            forecasts,
            lambda: mark_paid(
                self.db, booking_id=booking.id, bank_reference="FT24335", now=self.now
            ),
        )

    @precondition(lambda self: any(is_owed(r, self.state()) for r in self.state().refunds))
    @rule(data=st.data())
    def staff_pay_back_what_is_owed(self, data) -> None:
        """The space pays a transfer's refund back from its bank, and says so."""
        before = self.state()
        refund = data.draw(
            st.sampled_from([r for r in before.refunds if is_owed(r, before)]), label="owed"
        )
        self.attempt(
            before,
            self.forecasts(before),
            lambda: refund_paid(
                self.db, booking_id=refund.booking_id, bank_reference="FT99", now=self.now
            ),
        )
        assert not any(
            is_owed(r, self.state())
            for r in self.state().refunds
            if r.booking_id == refund.booking_id
        )

    # -- refunds ------------------------------------------------------------------------------

    @precondition(
        lambda self: any(
            r.status == "pending" and not is_owed(r, self.state()) for r in self.state().refunds
        )
    )
    @rule(data=st.data(), outcome=st.sampled_from(["succeeded", "pending", "refused", "outage"]))
    def a_refund_moves_on(self, data, outcome) -> None:
        """A refund not yet asked of the provider is carried out by its handler: the money goes
        back at once, later (pending), never (refused: the refund fails, visibly), or the
        provider is down (the handler fails; the refund waits, unchanged, for its next try).
        One the provider accepted succeeds or fails there, and its notice brings ours in step."""
        before = self.state()
        refund = data.draw(
            st.sampled_from(
                [r for r in before.refunds if r.status == "pending" and not is_owed(r, before)]
            ),
            label="refund",
        )
        if refund.provider_id is not None:
            settled = "succeeded" if outcome in ("succeeded", "pending") else "failed"
            charge_id = self.provider.settle(refund.provider_id, settled)
            self.attempt(
                before,
                self.forecasts(before),
                lambda: refunds_changed(
                    self.db, charge_id=charge_id, gateway=self.provider, now=self.now
                ),
            )
            assert next(r for r in self.state().refunds if r.id == refund.id).status == settled
            return
        self.provider.outcome = outcome
        context = HandlerContext(gateway=self.provider, clock=lambda: self.now)
        event = RefundDue(refund.id, refund.booking_id, refund.amount, "cancelled")
        if outcome == "outage":
            self.fresh = None
            try:
                carry_out_refund(self.db, event, context)
            except ConnectionError:
                pass
            else:
                raise AssertionError("the provider's outage did not reach the handler's caller")
            assert self.state() == before, "a refund the provider never took changed the data"
            return
        self.attempt(
            before, self.forecasts(before), lambda: carry_out_refund(self.db, event, context)
        )
        after = next(r for r in self.state().refunds if r.id == refund.id)
        status = {"succeeded": "succeeded", "pending": "pending", "refused": "failed"}[outcome]
        provider_id = None if outcome == "refused" else f"re_{refund.id}"
        assert (after.status, after.provider_id, after.amount) == (
            status,
            provider_id,
            refund.amount,
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
        forecasts = self.forecasts(before)
        expired = 0
        for forecast in forecasts.values():
            expired += len(forecast.overdue())
            forecast.release_expired()
        released, _ = self.attempt(
            before, forecasts, lambda: release_expired(self.db, now=self.now)
        )
        assert released >= expired  # more when the database holds other sessions' holds

    @rule(
        which=st.integers(0, MAIN - 1),
        step=st.one_of(
            st.integers(1, 120).map(lambda minutes: timedelta(minutes=minutes)),
            st.integers(1, 6).map(lambda hours: timedelta(hours=hours)),
            st.integers(0, 240).map(lambda minutes: -timedelta(minutes=minutes)),
        ),
    )
    def let_time_pass(self, which, step) -> None:
        """Minutes or hours pass; or (a negative step) the clock comes that close to the close of
        booking of one session, where offers are short; at the close booking stops and the list
        ends."""
        self.fresh = None
        if step < timedelta(0):
            sitting = self.state().sessions[self.main[which]]
            self.now = max(self.now, closes_at(sitting) + step)
            self.fresh = None
        else:
            self.now += step

    # -- invariants ---------------------------------------------------------------------------

    @invariant()
    def counters_match_a_recount(self) -> None:
        state = self.state()
        for sid, sitting in state.sessions.items():
            bookings = state.of(sid)
            held = sum(b.seats for b in bookings if b.status in SEAT_HOLDING)
            waiting = sum(1 for b in bookings if b.status == "waitlisted")
            assert (sitting.seats_taken, sitting.waitlist_length) == (held, waiting), sid

    @invariant()
    def capacity_is_never_exceeded(self) -> None:
        for sitting in self.state().sessions.values():
            assert 0 <= sitting.seats_taken <= sitting.capacity, sitting

    @invariant()
    def one_active_booking_per_person(self) -> None:
        active = Counter(
            (b.session_id, b.user_id) for b in self.state().bookings if b.status in ACTIVE_BOOKINGS
        )
        assert all(n == 1 for n in active.values()), active

    @invariant()
    def no_waiting_party_fits_in_the_free_seats(self) -> None:
        state = self.state()
        for sid, row in state.sessions.items():
            free = row.capacity - row.seats_taken
            fitting = [b.id for b in state.of(sid) if b.status == "waitlisted" and b.seats <= free]
            if fitting:
                sitting = self.db.get_one(WorkshopSession, sid)
                assert (
                    sitting.status != "scheduled" or policy.offer_window(sitting, self.now) is None
                ), f"session {sid}: {free} seats free, yet {fitting} still wait"

    @invariant()
    def the_money_adds_up(self) -> None:
        state = self.state()
        for booking in state.bookings:
            payments = [p for p in state.payments if p.booking_id == booking.id]
            refunds = [r for r in state.refunds if r.booking_id == booking.id]
            # What came in: a paid payment's amount; a transfer's money so far otherwise.
            paid = sum(p.amount if p.status == "paid" else p.received for p in payments)
            owed = sum(r.amount for r in refunds)  # failed ones too: owed by hand, and visible
            open_ = [p for p in payments if p.status == "open"]
            if booking.status == "confirmed" and booking.payment_method in (
                "card",
                "bank_transfer",
            ):
                assert booking.paid and paid - owed == booking.amount, (booking, payments)
            if booking.status in ("cancelled", "expired"):
                assert owed == paid, (booking, payments, refunds)
            elif booking.payment_method != "bank_transfer":
                assert not refunds, booking
            elif booking.status == "pending_payment":
                assert not refunds and paid < booking.amount, (booking, payments)
            if booking.status == "pending_payment":
                assert len(open_) == 1 and booking.hold_expires_at is not None, booking
            else:
                assert not open_, (booking, payments)
            if booking.status == "offered":
                assert booking.offer_expires_at is not None, booking
            if booking.status == "waitlisted" or booking.payment_method not in (
                "card",
                "bank_transfer",
            ):
                assert not payments, (booking, payments)

    @invariant()
    def the_outbox_tells_each_change_once(self) -> None:
        state = self.state()
        assert state.confirmed == self.confirmations, "BookingConfirmed events"
        assert state.released == self.releases, "SeatsReleased events"
        assert state.released_seats == self.released_seats, "seats in SeatsReleased events"
        settled = Counter(r.id for r in state.refunds if r.status != "pending")
        assert state.settled == settled, "RefundSettled events"


#: The ``ci`` walk takes about a minute on each database (five on a loaded machine); a
#: ``nightly`` one as long as it needs.
@pytest.mark.timeout(0 if os.environ.get("HYPOTHESIS_PROFILE") == "nightly" else 1200)
@pytest.mark.slow
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
    run_state_machine_as_test(
        steps,
        settings=settings(
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
        ),
    )
