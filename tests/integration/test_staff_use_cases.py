"""Staff and admins: workshops, weekly series, cancelling a session with everyone in it, member
spaces whose address changes."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from bookings import attendance, network, payments, seats
from bookings.catalogue import publishing
from bookings.catalogue.publishing import SeriesPlan, WorkshopDraft
from bookings.errors import InvalidInput, SessionClosed, SpaceSuspended
from bookings.formatting import HANOI
from bookings.network import SpaceDraft
from bookings.payments.demo import DemoGateway
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, OutboxEvent, Refund, Workshop, WorkshopSession

#: A fixed "now": Monday 19 January 2026, 09:00 in Hanoi.
NOW = datetime(2026, 1, 19, 2, 0, tzinfo=UTC)


def draft(**fields) -> WorkshopDraft:
    values = {
        "title": "In lụa thủ công",
        "title_en": "Hand screen printing",
        "discipline": "printmaking",
        "price": 300_000,
        "capacity": 8,
        "duration_minutes": 150,
        "pay_at_venue": True,
        "max_seats_per_booking": 3,
        "booking_cutoff_minutes": 120,
        "cancellation_deadline_hours": 48,
        "min_age": 12,
        "what_to_bring": "Áo cũ",
        "what_to_bring_en": "An old T-shirt",
        "language": "vi+en",
    }
    return WorkshopDraft(**(values | fields))


def test_publish_edit_and_archive_a_workshop(db, make_space):
    space = make_space()
    workshop = publishing.publish_workshop(db, space_id=space.id, draft=draft(), now=NOW)
    assert (workshop.min_age, workshop.what_to_bring_en, workshop.language) == (
        12,
        "An old T-shirt",
        "vi+en",
    )
    publishing.update_workshop(
        db, workshop_id=workshop.id, draft=draft(price=0, capacity=12), now=NOW
    )
    assert (workshop.price, workshop.capacity, workshop.pay_at_venue) == (0, 12, False)
    with pytest.raises(InvalidInput) as refused:
        publishing.update_workshop(
            db, workshop_id=workshop.id, draft=draft(capacity=0, discipline="x"), now=NOW
        )
    assert set(refused.value.fields) == {"capacity", "discipline"}
    publishing.archive_workshop(db, workshop_id=workshop.id, now=NOW)
    assert workshop.status == "archived"
    with pytest.raises(InvalidInput):
        publishing.schedule_session(
            db, workshop_id=workshop.id, starts_at=NOW + timedelta(days=2), now=NOW
        )
    names = db.scalars(select(OutboxEvent.name).order_by(OutboxEvent.id)).all()
    assert names[-3:] == ["WorkshopPublished", "WorkshopChanged", "WorkshopChanged"]


def test_a_series_across_the_end_of_a_month_with_a_skipped_date():
    plan = SeriesPlan(
        weekdays=(1, 5),  # Tuesday and Saturday
        at=time(18, 30),
        first_day=date(2026, 1, 20),
        weeks=3,
        skip=(date(2026, 1, 31),),
    )
    starts = publishing.plan_series(plan, now=NOW)
    assert [s.date() for s in starts] == [
        date(2026, 1, 20),
        date(2026, 1, 24),
        date(2026, 1, 27),
        date(2026, 2, 3),
        date(2026, 2, 7),
    ]
    assert all(s.time() == time(18, 30) and s.tzinfo == HANOI for s in starts)


def test_a_series_until_a_date_leaves_out_what_is_already_past():
    plan = SeriesPlan(
        weekdays=(0,), at=time(8, 0), first_day=date(2026, 1, 19), until=date(2026, 2, 2)
    )
    # 08:00 on Monday the 19th (Hanoi) is before NOW (09:00): it is not offered.
    assert [s.date() for s in publishing.plan_series(plan, now=NOW)] == [
        date(2026, 1, 26),
        date(2026, 2, 2),
    ]


@pytest.mark.parametrize(
    ("plan", "field"),
    [
        (SeriesPlan(weekdays=(), at=time(9), first_day=date(2026, 2, 1), weeks=2), "weekdays"),
        (SeriesPlan(weekdays=(1,), at=time(9), first_day=date(2026, 2, 1)), "weeks"),
        (SeriesPlan(weekdays=(1,), at=time(9), first_day=date(2026, 2, 1), weeks=500), "weeks"),
        (
            SeriesPlan(
                weekdays=(1,), at=time(9), first_day=date(2026, 2, 1), until=date(2026, 1, 1)
            ),
            "until",
        ),
        (SeriesPlan(weekdays=(1,), at=time(9), first_day=date(2029, 1, 1), weeks=2), "first_day"),
    ],
)
def test_a_series_plan_that_makes_no_sense_is_refused(plan, field):
    with pytest.raises(InvalidInput) as refused:
        publishing.plan_series(plan, now=NOW)
    assert field in refused.value.fields


def test_schedule_series_saves_every_session_at_once(db, make_workshop):
    workshop = make_workshop(duration_minutes=90, capacity=6)
    plan = SeriesPlan(weekdays=(1, 5), at=time(18, 30), first_day=date(2026, 1, 27), weeks=4)
    made = publishing.schedule_series(db, workshop_id=workshop.id, plan=plan, now=NOW)
    assert len(made) == 8
    stored = db.scalars(
        select(WorkshopSession)
        .where(WorkshopSession.workshop_id == workshop.id)
        .order_by(WorkshopSession.starts_at)
    ).all()
    assert [s.starts_at for s in stored] == publishing.plan_series(plan, now=NOW)
    assert stored[0].starts_at == datetime(2026, 1, 27, 11, 30, tzinfo=UTC)
    assert stored[0].ends_at - stored[0].starts_at == timedelta(minutes=90)
    scheduled = db.scalars(select(OutboxEvent).where(OutboxEvent.name == "SessionScheduled"))
    assert len(scheduled.all()) == 8


def test_cancelling_a_session_with_paid_unpaid_and_waitlisted_people(
    db, make_workshop, make_session, make_user, now, make_bus
):
    """Every booking ends, paid ones are refunded through the gateway's refund path, the
    waiting list closes, and the session's calendar entry changes (SEQUENCE rises)."""
    workshop = make_workshop(price=200_000, pay_at_venue=True, capacity=3)
    sitting = make_session(workshop, capacity=3)
    paid, at_door, holding, waiting = (make_user() for _ in range(4))
    by_card = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=paid.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    seats.payment_succeeded(db, reference=by_card.payments[0].reference, now=now)
    unpaid = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=at_door.id,
        seats=1,
        payment="at_venue",
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    pending = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=holding.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    queued = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=waiting.id,
        seats=1,
        join_waitlist=True,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    before = sitting.sequence

    seats.cancel_session(db, session_id=sitting.id, message="Thợ gốm bị ốm", now=now)

    sitting = db.get(WorkshopSession, sitting.id)
    assert (sitting.status, sitting.seats_taken, sitting.waitlist_length) == ("cancelled", 0, 0)
    assert sitting.sequence == before + 1
    for booking in (by_card, unpaid, pending, queued):
        stored = db.get(Booking, booking.id)
        assert (stored.status, stored.ended_by) == ("cancelled", "staff")
    refunds = db.scalars(select(Refund)).all()
    assert [(r.booking_id, r.amount, r.reason) for r in refunds] == [
        (by_card.id, 200_000, "session_cancelled")
    ]
    cancelled = db.scalars(
        select(OutboxEvent.payload).where(OutboxEvent.name == "SessionCancelled")
    ).all()
    assert cancelled == [
        {"session_id": sitting.id, "message": "Thợ gốm bị ốm", "bookings_cancelled": 4}
    ]
    # The refund is carried out by the gateway, as every refund is.
    make_bus(clock=lambda: now).deliver_due(db)
    assert db.get(Refund, refunds[0].id).status == "succeeded"


def space_draft(**fields) -> SpaceDraft:
    values = {
        "name": "Xưởng Gốm Bát Tràng",
        "kind": "art-space",
        "district": "long-bien",
        "address": "5 Ngọc Thụy, Long Biên, Hà Nội",
        "disciplines": ["ceramics", "crafts"],
        "member_since": date(2024, 3, 1),
        "certificate_number": "HCSN-2024-077",
    }
    return SpaceDraft(**(values | fields))


def test_admit_a_space_with_its_membership_record(db):
    space = network.add_space(db, slug="xuong-gom", draft=space_draft(), now=NOW)
    assert (space.status, space.member_since, space.certificate_number) == (
        "active",
        date(2024, 3, 1),
        "HCSN-2024-077",
    )
    assert space.disciplines == ["ceramics", "crafts"]
    with pytest.raises(InvalidInput) as refused:
        network.add_space(db, slug="xuong-gom", draft=space_draft(certificate_number=None), now=NOW)
    assert "slug" in refused.value.fields
    with pytest.raises(InvalidInput) as refused:
        network.add_space(db, slug="khac", draft=space_draft(), now=NOW)
    assert "certificate_number" in refused.value.fields


def test_a_new_address_raises_the_sequence_of_upcoming_sessions_only(
    db, make_space, make_workshop, make_session, now
):
    space = make_space()
    workshop = make_workshop(space=space)
    upcoming = make_session(workshop, starts_in=timedelta(days=3))
    past = make_session(workshop, starts_in=timedelta(days=-3))
    draft = space_draft(name=space.name, certificate_number=None)
    network.update_space(db, slug=space.slug, draft=draft, now=now)
    db.expire_all()
    moved = db.get(WorkshopSession, upcoming.id)
    assert (moved.sequence, moved.updated_at) == (1, now)
    network.update_space(db, slug=space.slug, draft=draft, now=now)  # nothing moved
    db.expire_all()
    assert db.get(WorkshopSession, upcoming.id).sequence == 1
    assert db.get(WorkshopSession, past.id).sequence == 0


def test_a_suspended_space_leaves_the_catalogue(
    db, client, make_space, make_workshop, make_session
):
    space = make_space()
    sitting = make_session(make_workshop(space=space))
    network.set_space_status(db, slug=space.slug, status="suspended", now=NOW)
    listed = client.get(f"/api/v1/sessions?space={space.slug}").get_json()["items"]
    assert listed == []
    network.set_space_status(db, slug=space.slug, status="active", now=NOW)
    listed = client.get(f"/api/v1/sessions?space={space.slug}").get_json()["items"]
    assert [item["id"] for item in listed] == [sitting.id]


def test_a_suspended_space_takes_no_bookings_and_its_staff_only_keep_the_door(
    db, make_space, make_workshop, make_session, make_user, now
):
    """Suspended, a space's sessions take no bookings, places in line, accepted offers or
    payments of held seats; its staff keep the door (check-in, paid at the door, notes,
    no-shows) and may cancel with refunds, and nothing else: no walk-ins, workshops, sessions,
    series, moves, capacity changes or edits."""
    space = make_space()
    workshop = make_workshop(space=space, price=200_000, pay_at_venue=True, capacity=3)
    sitting = make_session(workshop, capacity=3)
    paid, at_door, holding, waiting, newcomer = (make_user() for _ in range(5))

    def book(person, **options):
        return seats.book_seats(
            db,
            session_id=sitting.id,
            user_id=person.id,
            seats=1,
            now=now,
            gateway="demo",
            hold=DEFAULT_HOLD,
            **options,
        )

    by_card = book(paid)
    seats.payment_succeeded(db, reference=by_card.payments[0].reference, now=now)
    unpaid = book(at_door, payment="at_venue")
    pending = book(holding)
    queued = book(waiting, join_waitlist=True)
    seats.change_capacity(db, session_id=sitting.id, capacity=4, now=now)
    assert db.get(Booking, queued.id).status == "offered"

    network.set_space_status(db, slug=space.slug, status="suspended", now=now)

    for options in ({}, {"join_waitlist": True}):
        with pytest.raises(SessionClosed, match="suspended"):
            book(newcomer, **options)
    with pytest.raises(SessionClosed, match="suspended"):
        seats.accept_offer(
            db, booking_id=queued.id, user_id=waiting.id, now=now, gateway="demo", hold=DEFAULT_HOLD
        )
    with pytest.raises(SessionClosed, match="suspended"):
        payments.checkout_url(db, pending.payments[0].reference, DemoGateway(None), now=now)
    refused = {
        "walk-in": lambda: attendance.walk_in(
            db, session_id=sitting.id, name="Trần Văn Nam", seats=1, now=now
        ),
        "capacity": lambda: seats.change_capacity(db, session_id=sitting.id, capacity=5, now=now),
        "move": lambda: seats.move_session(
            db, session_id=sitting.id, starts_at=sitting.starts_at + timedelta(hours=1), now=now
        ),
        "new workshop": lambda: publishing.publish_workshop(
            db, space_id=space.id, draft=draft(), now=now
        ),
        "new session": lambda: publishing.schedule_session(
            db, workshop_id=workshop.id, starts_at=now + timedelta(days=5), now=now
        ),
        "series": lambda: publishing.schedule_series(
            db,
            workshop_id=workshop.id,
            plan=SeriesPlan(
                weekdays=(2,), at=time(18), first_day=(now + timedelta(days=7)).date(), weeks=2
            ),
            now=now,
        ),
        "edit": lambda: publishing.update_workshop(
            db, workshop_id=workshop.id, draft=draft(), now=now
        ),
        "archive": lambda: publishing.archive_workshop(db, workshop_id=workshop.id, now=now),
    }
    for what, attempt in refused.items():
        with pytest.raises(SpaceSuspended):
            attempt()
            pytest.fail(f"a suspended space's staff could do this: {what}")
    db.expire_all()
    sitting = db.get(WorkshopSession, sitting.id)
    assert (sitting.capacity, sitting.seats_taken, sitting.starts_at) == (
        4,
        4,
        now + timedelta(days=2),
    )
    assert db.scalar(select(func.count()).select_from(Workshop)) == 1
    assert db.get(Booking, queued.id).status == "offered"

    # The door stays open for people already booked.
    assert attendance.check_in(db, booking_id=by_card.id, now=now).checked_in_at == now
    assert attendance.mark_paid_at_door(db, booking_id=unpaid.id, now=now).paid
    assert attendance.set_note(db, booking_id=unpaid.id, note="Ăn chay", now=now).note == "Ăn chay"
    assert attendance.mark_no_shows(db, session_id=sitting.id, now=sitting.starts_at) == 1

    seats.cancel_session(db, session_id=sitting.id, message="Không gian tạm ngưng", now=now)
    assert db.get(WorkshopSession, sitting.id).status == "cancelled"
    refunds = db.scalars(select(Refund)).all()
    assert [(r.booking_id, r.amount, r.reason) for r in refunds] == [
        (by_card.id, 200_000, "session_cancelled")
    ]
