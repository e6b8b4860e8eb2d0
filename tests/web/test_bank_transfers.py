"""Bank transfer (VietQR) through the API and the bank-notification webhook, over HTTP.

The app is served by a real HTTP server in a thread; notifications are SePay-format JSON POSTs
with ``Authorization: Apikey …``, sent repeated, out of order, short, over, late and outgoing.
"""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import func, select

from bookings import network, seats
from bookings.payments import vietqr
from models import BankNotification, Booking, OutboundMessage, OutboxEvent, PayeeChange
from models.statuses import BookingStatus, NotificationOutcome
from tests.served import OverHttp, serving

ACCOUNT = "1023456789"
PRICE = 150_000


@pytest.fixture(scope="module")
def served(app):
    """The test app behind a real HTTP server on 127.0.0.1."""
    with serving(app) as url:
        yield url


class World(OverHttp):
    def __init__(self, db, served, space, owner, staff, resident, sitting, bearer):
        self.db, self.url, self.space, self.sitting = db, served, space, sitting
        self.owner, self.staff, self.resident = owner, staff, resident
        self.as_owner, self.as_staff = bearer(owner), bearer(staff)
        self.as_resident = bearer(resident)
        self.key = None

    def set_payee(self):
        body = {"bank_bin": "970436", "account_number": ACCOUNT, "account_name": "Không gian Gốm"}
        answer = self.api(
            "PUT", f"/manage/spaces/{self.space.slug}/payee", self.as_owner, json=body
        )
        assert answer.status_code == 200, answer.text
        key = self.api(
            "POST", f"/manage/spaces/{self.space.slug}/bank-notifications/key", self.as_owner
        )
        assert key.status_code == 201
        self.key = key.json()["key"]
        assert key.json()["url"].endswith(f"/webhooks/bank/{self.space.slug}")

    def book(self, seats_wanted=1, headers=None, sitting=None):
        answer = self.api(
            "POST",
            f"/sessions/{(sitting or self.sitting).id}/bookings",
            headers or self.as_resident,
            json={"seats": seats_wanted, "payment": "bank_transfer"},
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    def notify(self, notification_id, *, amount, content, account=ACCOUNT, kind="in", key=None):
        self.fresh()
        body = {
            "id": notification_id,
            "gateway": "Vietcombank",
            "transactionDate": "2026-11-29 10:12:33",
            "accountNumber": account,
            "code": None,
            "content": content,
            "transferType": kind,
            "transferAmount": amount,
            "accumulated": 19_077_000,
            "subAccount": None,
            "referenceCode": f"FT{notification_id}",
            "description": "",
        }
        return requests.post(
            f"{self.url}/webhooks/bank/{self.space.slug}",
            json=body,
            headers={"Authorization": f"Apikey {key or self.key}"},
            timeout=30,
        )

    def booking(self, booking_id):
        return self.fresh().get(Booking, booking_id)

    def confirmations(self, booking_id):
        rows = (
            self.fresh()
            .scalars(select(OutboxEvent).where(OutboxEvent.name == "BookingConfirmed"))
            .all()
        )
        return sum(1 for row in rows if row.payload["booking_id"] == booking_id)


@pytest.fixture
def world(db, served, make_space, make_workshop, make_session, make_user, bearer):
    space = make_space(name="Xưởng Gốm Hàng Buồm")
    workshop = make_workshop(space, price=PRICE, capacity=3, max_seats_per_booking=3)
    sitting = make_session(workshop, capacity=3)
    return World(
        db,
        served,
        space,
        make_user(owner_of=space),
        make_user(staff_of=space),
        make_user(),
        sitting,
        bearer,
    )


def test_payee_is_the_owners_and_every_change_is_recorded_and_mailed(
    world, make_user, bearer, runner
):
    slug = world.space.slug
    admin = make_user(admin=True)
    assert world.api("GET", f"/manage/spaces/{slug}/payee", world.as_owner).status_code == 404
    for verb in ("GET", "PUT", "DELETE"):
        answer = world.api(verb, f"/manage/spaces/{slug}/payee", world.as_staff, json={})
        assert answer.status_code == 403
    key = world.api("POST", f"/manage/spaces/{slug}/bank-notifications/key", world.as_staff)
    assert key.status_code == 403
    wrong = world.api(
        "PUT",
        f"/manage/spaces/{slug}/payee",
        world.as_owner,
        json={"bank_bin": "123456", "account_number": "12-34", "account_name": " "},
    )
    assert wrong.status_code == 400
    assert set(wrong.json()["error"]["fields"]) == {"bank_bin", "account_number", "account_name"}
    world.set_payee()
    shown = world.api("GET", f"/manage/spaces/{slug}/payee", bearer(admin)).json()
    assert shown == {
        "bank_bin": "970436",
        "bank_name": "Vietcombank",
        "bank_full_name": "Ngân hàng TMCP Ngoại Thương Việt Nam",
        "account_number": ACCOUNT,
        "account_name": "KHONG GIAN GOM",
    }
    assert world.api("DELETE", f"/manage/spaces/{slug}/payee", bearer(admin)).status_code == 204
    changes = world.fresh().scalars(select(PayeeChange).order_by(PayeeChange.id)).all()
    assert [(c.kind, c.changed_by_id) for c in changes] == [
        ("set", world.owner.id),
        ("removed", admin.id),
    ]
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    mailed = (
        world.fresh()
        .scalars(select(OutboundMessage.recipient).where(OutboundMessage.kind == "payee_changed"))
        .all()
    )
    # Both changes, to the owner and the admin; never to the staff member.
    assert sorted(mailed) == sorted([world.owner.email, admin.email] * 2)


def test_bank_transfer_needs_a_payee(world):
    answer = world.api(
        "POST",
        f"/sessions/{world.sitting.id}/bookings",
        world.as_resident,
        json={"seats": 1, "payment": "bank_transfer"},
    )
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "payment_unavailable"


def test_a_transfer_booking_is_held_with_the_vietqr_of_what_is_due(world):
    world.set_payee()
    booked = world.book(2)
    assert booked["status"] == "pending_payment"
    held_for = datetime.fromisoformat(booked["hold_expires_at"]) - datetime.now(UTC)
    assert timedelta(minutes=29) < held_for <= timedelta(minutes=30)
    transfer = booked["bank_transfer"]
    assert transfer["amount"] == {"amount": 2 * PRICE, "currency": "VND"}
    assert (transfer["bank_bin"], transfer["account_number"]) == ("970436", ACCOUNT)
    assert transfer["account_name"] == "KHONG GIAN GOM"
    fields = vietqr.parse(transfer["vietqr"])
    assert fields["54"] == str(2 * PRICE)
    assert vietqr.fields(fields["62"]) == {"08": transfer["reference"]}
    again = world.api("GET", f"/bookings/{booked['id']}", world.as_resident).json()
    assert again["bank_transfer"] == transfer


def test_wrong_or_missing_key_is_401_and_changes_nothing(world):
    world.set_payee()
    booked = world.book()
    content = f"CT {booked['bank_transfer']['reference']}"
    wrong = world.notify("1", amount=PRICE, content=content, key="wrong")
    assert wrong.status_code == 401
    missing = requests.post(
        f"{world.url}/webhooks/bank/{world.space.slug}", json={"id": 1}, timeout=30
    )
    assert missing.status_code == 401
    for answer in (wrong, missing):  # the challenge names the scheme this address takes
        assert answer.headers["WWW-Authenticate"].startswith("Apikey ")
        assert answer.json()["error"]["code"] == "unauthenticated"
    assert world.fresh().scalar(select(func.count()).select_from(BankNotification)) == 0
    assert world.booking(booked["id"]).status == BookingStatus.PENDING_PAYMENT
    unknown = requests.post(f"{world.url}/webhooks/bank/nowhere", json={}, timeout=30)
    assert unknown.status_code == 404


def test_the_same_notification_seven_times_confirms_once_and_mails_once(world, runner):
    world.set_payee()
    booked = world.book()
    content = f"MBVCB.3381725.{booked['bank_transfer']['reference'].lower()}.CT tu 0011 LAN"
    for _ in range(7):
        answer = world.notify("92704", amount=PRICE, content=content)
        assert answer.status_code == 200 and answer.json() == {"success": True}
    booking = world.booking(booked["id"])
    assert booking.status == BookingStatus.CONFIRMED and booking.paid
    assert world.confirmations(booked["id"]) == 1
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    mails = world.fresh().scalar(
        select(func.count()).where(OutboundMessage.kind == "booking_confirmed")
    )
    assert mails == 1
    shown = world.api("GET", f"/bookings/{booked['id']}", world.as_resident).json()
    assert shown["status"] == "confirmed" and "bank_transfer" not in shown


def test_underpaid_then_completed_in_any_order(world):
    world.set_payee()
    booked = world.book(2)
    reference = booked["bank_transfer"]["reference"]
    assert world.notify("b", amount=100_000, content=f"{reference} phan 2").status_code == 200
    shown = world.api("GET", f"/bookings/{booked['id']}", world.as_resident).json()
    assert shown["status"] == "pending_payment"
    assert shown["bank_transfer"]["amount"]["amount"] == 2 * PRICE - 100_000
    assert shown["bank_transfer"]["received"]["amount"] == 100_000
    assert vietqr.parse(shown["bank_transfer"]["vietqr"])["54"] == str(2 * PRICE - 100_000)
    world.notify("a", amount=2 * PRICE - 100_000, content=f"{reference} phan 1")
    booking = world.booking(booked["id"])
    assert booking.status == BookingStatus.CONFIRMED
    assert not booking.refunds


def test_overpaid_and_a_second_payment_are_owed_back(world):
    world.set_payee()
    booked = world.book()
    reference = booked["bank_transfer"]["reference"]
    world.notify("1", amount=PRICE + 20_000, content=reference)
    shown = world.api("GET", f"/bookings/{booked['id']}", world.as_resident).json()
    assert shown["status"] == "confirmed"
    assert shown["refund"] == {"amount": {"amount": 20_000, "currency": "VND"}, "status": "pending"}
    world.notify("2", amount=PRICE, content=f"lan 2 {reference}")
    shown = world.api("GET", f"/bookings/{booked['id']}", world.as_resident).json()
    assert shown["refund"]["amount"]["amount"] == 20_000 + PRICE
    assert seats.refundable(world.booking(booked["id"])) == PRICE


def test_unmatched_other_account_and_outgoing(world, make_session):
    world.set_payee()
    booked = world.book()
    reference = booked["bank_transfer"]["reference"]
    world.notify("no-ref", amount=50_000, content="chuyen tien hoc gom")
    world.notify("other-account", amount=PRICE, content=reference, account="999888777")
    world.notify("out", amount=PRICE, content=reference, kind="out")
    assert world.booking(booked["id"]).status == BookingStatus.PENDING_PAYMENT
    listed = world.api("GET", f"/manage/spaces/{world.space.slug}/transfers", world.as_staff)
    assert listed.status_code == 200
    assert [b["id"] for b in listed.json()["pending"]] == [booked["id"]]
    unmatched = {row["id"]: row for row in listed.json()["unmatched"]}
    assert set(unmatched) == {"no-ref", "other-account"}
    assert unmatched["no-ref"]["amount"] == {"amount": 50_000, "currency": "VND"}
    outcomes = dict(
        world.fresh().execute(select(BankNotification.id, BankNotification.outcome)).all()
    )
    assert outcomes["out"] == NotificationOutcome.OUTGOING


def test_a_reference_of_another_space_is_unmatched(
    world, make_space, make_workshop, make_session, make_user, bearer
):
    world.set_payee()
    other = make_space(name="Không gian khác")
    theirs = make_session(make_workshop(other, price=PRICE))
    owner = make_user(owner_of=other)
    body = {"bank_bin": "970436", "account_number": ACCOUNT, "account_name": "KHAC"}
    world.api("PUT", f"/manage/spaces/{other.slug}/payee", bearer(owner), json=body)
    booked = world.book(sitting=theirs)
    world.notify("x", amount=PRICE, content=booked["bank_transfer"]["reference"])
    assert world.booking(booked["id"]).status == BookingStatus.PENDING_PAYMENT
    assert world.fresh().get(BankNotification, (world.space.id, "x")).outcome == "unmatched"


def _expire(world, booking_id):
    booking = world.fresh().get(Booking, booking_id)
    booking.hold_expires_at = datetime.now(UTC) - timedelta(minutes=1)
    world.db.commit()
    seats.release_expired(world.db, now=datetime.now(UTC))


def test_late_after_expiry_with_seats_free_is_confirmed(world):
    world.set_payee()
    booked = world.book()
    _expire(world, booked["id"])
    assert world.booking(booked["id"]).status == BookingStatus.EXPIRED
    world.notify("late", amount=PRICE, content=booked["bank_transfer"]["reference"])
    booking = world.booking(booked["id"])
    assert booking.status == BookingStatus.CONFIRMED and not booking.refunds


def test_late_after_expiry_with_seats_gone_is_owed_back_and_told(world, make_user, bearer, runner):
    world.set_payee()
    booked = world.book()
    _expire(world, booked["id"])
    for _ in range(3):  # the seats go to others, paid by hand
        filler = world.book(headers=bearer(make_user()))
        paid = world.api(
            "POST",
            f"/manage/bookings/{filler['id']}/mark-paid",
            world.as_staff,
            json={"bank_reference": "FT1"},
        )
        assert paid.json()["status"] == "confirmed"
    world.notify("late", amount=PRICE, content=booked["bank_transfer"]["reference"])
    shown = world.api("GET", f"/bookings/{booked['id']}", world.as_resident).json()
    assert shown["status"] == "expired"
    assert shown["refund"] == {"amount": {"amount": PRICE, "currency": "VND"}, "status": "pending"}
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    told = world.fresh().scalar(select(func.count()).where(OutboundMessage.kind == "refund_owed"))
    assert told == 1


def test_staff_mark_paid_and_pay_back_a_refund_owed(world, runner):
    world.set_payee()
    booked = world.book()
    path = f"/manage/bookings/{booked['id']}/mark-paid"
    assert world.api("POST", path, world.as_staff, json={}).status_code == 400
    paid = world.api("POST", path, world.as_staff, json={"bank_reference": "FT2433512345"})
    assert paid.status_code == 200 and paid.json()["status"] == "confirmed"
    again = world.api("POST", path, world.as_staff, json={"bank_reference": "FT2433512345"})
    assert again.json()["status"] == "confirmed"
    assert world.confirmations(booked["id"]) == 1
    cancelled = world.api("POST", f"/bookings/{booked['id']}/cancel", world.as_resident).json()
    assert cancelled["refund"] == {
        "amount": {"amount": PRICE, "currency": "VND"},
        "status": "pending",
    }
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0  # asks the person for an account
    account = {
        "bank_bin": "970422",
        "account_number": "0987654321",
        "account_name": "Nguyễn Thị Lan",
    }
    given = world.api(
        "POST", f"/bookings/{booked['id']}/refund-account", world.as_resident, json=account
    )
    assert given.status_code == 200
    refund = world.booking(booked["id"]).refunds[0]
    assert (refund.to_bank_bin, refund.to_account_name) == ("970422", "NGUYEN THI LAN")
    back = world.api(
        "POST",
        f"/manage/bookings/{booked['id']}/refund-paid",
        world.as_staff,
        json={"bank_reference": "FT99"},
    )
    assert back.status_code == 200
    assert back.json()["refund"]["status"] == "succeeded"
    twice = world.api(
        "POST",
        f"/manage/bookings/{booked['id']}/refund-paid",
        world.as_staff,
        json={"bank_reference": "FT99"},
    )
    assert twice.status_code == 409
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    kinds = world.fresh().scalars(select(OutboundMessage.kind)).all()
    assert kinds.count("transfer_refunded") == 1 and kinds.count("refund_owed") == 1


def test_staff_attach_an_unmatched_transfer(world, make_space, make_user, bearer):
    other_staff = bearer(make_user(staff_of=make_space()))
    slug = world.space.slug
    world.set_payee()
    booked = world.book()
    world.notify("typo", amount=PRICE, content="HCS chuyen tien lop gom")
    path = f"/manage/spaces/{slug}/transfers/typo/attach"
    assert (
        world.api("POST", path, other_staff, json={"booking_id": booked["id"]}).status_code == 403
    )
    attached = world.api("POST", path, world.as_staff, json={"booking_id": booked["id"]})
    assert attached.status_code == 200 and attached.json()["status"] == "confirmed"
    assert (
        world.api("POST", path, world.as_staff, json={"booking_id": booked["id"]}).status_code
        == 409
    )
    listed = world.api("GET", f"/manage/spaces/{slug}/transfers", world.as_staff).json()
    assert listed == {"pending": [], "unmatched": []}


def test_a_suspended_space_shows_no_payment_details_and_takes_no_transfer(world, make_user):
    """Suspended, a space takes no payments of held seats: the held booking carries no payment
    details any more, a notification with its reference stays unmatched for staff (the money
    goes back by hand), and staff cannot mark it paid or attach the transfer."""
    world.set_payee()
    booked = world.book()
    reference = booked["bank_transfer"]["reference"]
    network.set_space_status(
        world.fresh(), slug=world.space.slug, status="suspended", now=datetime.now(UTC)
    )
    again = world.api("GET", f"/bookings/{booked['id']}", world.as_resident).json()
    assert again["status"] == "pending_payment" and "bank_transfer" not in again
    answer = world.notify("after-suspension", amount=PRICE, content=f"IBFT {reference}")
    assert answer.status_code == 200
    assert world.booking(booked["id"]).status == BookingStatus.PENDING_PAYMENT
    row = world.fresh().get(BankNotification, (world.space.id, "after-suspension"))
    assert (row.outcome, row.booking_id) == (NotificationOutcome.UNMATCHED, None)
    slug = world.space.slug
    listed = world.api("GET", f"/manage/spaces/{slug}/transfers", world.as_staff).json()
    assert [item["id"] for item in listed["unmatched"]] == ["after-suspension"]
    refused = (
        (f"/manage/spaces/{slug}/transfers/after-suspension/attach", {"booking_id": booked["id"]}),
        (f"/manage/bookings/{booked['id']}/mark-paid", {"bank_reference": "FT2433512345"}),
    )
    for path, body in refused:
        answer = world.api("POST", path, world.as_staff, json=body)
        assert answer.status_code == 403, (path, answer.text)
        assert answer.json()["error"]["code"] == "forbidden"
    assert world.booking(booked["id"]).status == BookingStatus.PENDING_PAYMENT
    assert world.booking(booked["id"]).payments[0].received == 0


@pytest.mark.postgres_only
def test_two_identical_notifications_at_the_same_moment_confirm_once(world):
    world.set_payee()
    booked = world.book()
    content = booked["bank_transfer"]["reference"]
    address = f"{world.url}/webhooks/bank/{world.space.slug}"
    start = threading.Barrier(4)
    answers = []

    def send():
        start.wait(timeout=10)
        answers.append(world_notify())

    def world_notify():
        return requests.post(
            address,
            json={
                "id": 555,
                "transferType": "in",
                "transferAmount": PRICE,
                "accountNumber": ACCOUNT,
                "content": content,
            },
            headers={"Authorization": f"Apikey {world.key}"},
            timeout=30,
        ).status_code

    world.fresh()
    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    assert answers == [200] * 4
    assert world.booking(booked["id"]).status == BookingStatus.CONFIRMED
    assert world.confirmations(booked["id"]) == 1
    assert world.fresh().get(Booking, booked["id"]).payments[0].received == PRICE
