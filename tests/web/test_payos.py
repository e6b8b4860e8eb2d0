"""payOS through the real ``payos`` SDK against a local fake payOS (tests/payos_fake.py), over HTTP:
credentials given by the owners (encrypted, never shown again, never logged), the payment
request of a transfer booking, payOS's webhook with a good and a forged checksum, the re-read,
and the request cancelled when the hold is released."""

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bookings.payments import payos, vietqr
from models import AuditEntry, Booking, OutboundMessage, OutboxEvent, PayeeChange, PayosAccount
from models.statuses import BookingStatus, PaymentStatus
from tests.conftest import log_in
from tests.payos_fake import FakePayOS
from tests.served import OverHttp, serving
from tests.unit.test_vietqr import _decode, _svg_to_image

PRICE = 150_000


@pytest.fixture(scope="module")
def fake():
    server = FakePayOS().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def served(app):
    with serving(app) as url:
        yield url


@pytest.fixture
def payos_here(app, fake):
    """The app's payOS pointed at the fake (``PAYOS_API_BASE``), as configuration does."""
    bus = app.extensions["bus"]
    before = bus.context
    bus.context = replace(before, payos=replace(before.payos, base_url=fake.url))
    try:
        yield fake
    finally:
        bus.context = before


class World(OverHttp):
    def __init__(self, db, url, fake, space, owner, staff, resident, sitting, bearer):
        self.db, self.url, self.fake, self.space, self.sitting = db, url, fake, space, sitting
        self.owner, self.staff, self.resident = owner, staff, resident
        self.as_owner, self.as_staff, self.as_resident = (
            bearer(owner),
            bearer(staff),
            bearer(resident),
        )
        self.merchant = None

    def set_payos(self):
        body = {"bank_bin": "970415", "account_number": "0011001932418", "account_name": "Nha San"}
        payee = self.api("PUT", f"/manage/spaces/{self.space.slug}/payee", self.as_owner, json=body)
        assert payee.status_code == 200, payee.text
        self.merchant = self.fake.add_merchant()
        credentials = {k: self.merchant[k] for k in ("client_id", "api_key", "checksum_key")}
        answer = self.api(
            "PUT", f"/manage/spaces/{self.space.slug}/payos", self.as_owner, json=credentials
        )
        assert answer.status_code == 200, answer.text
        return answer

    def book(self):
        answer = self.api(
            "POST",
            f"/sessions/{self.sitting.id}/bookings",
            self.as_resident,
            json={"seats": 1, "payment": "bank_transfer"},
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    def order_code(self, booking_id):
        return self.fresh().get(Booking, booking_id).payments[-1].id

    def webhook(self, body):
        self.fresh()
        return self.fake.send_webhook(f"{self.url}/webhooks/payos/{self.space.slug}", body)

    def booking(self, booking_id):
        return self.fresh().get(Booking, booking_id)

    def confirmations(self, booking_id):
        rows = self.fresh().scalars(
            select(OutboxEvent).where(OutboxEvent.name == "BookingConfirmed")
        )
        return sum(1 for row in rows if row.payload["booking_id"] == booking_id)


@pytest.fixture
def world(db, served, payos_here, make_space, make_workshop, make_session, make_user, bearer):
    space = make_space(name="Nhà Sàn Studio")
    sitting = make_session(make_workshop(space, price=PRICE, capacity=3), capacity=3)
    return World(
        db,
        served,
        payos_here,
        space,
        make_user(owner_of=space),
        make_user(staff_of=space),
        make_user(),
        sitting,
        bearer,
    )


def _secrets(world) -> tuple[str, ...]:
    return (world.merchant["client_id"], world.merchant["api_key"], world.merchant["checksum_key"])


def test_owners_give_payos_credentials_stored_encrypted_audited_and_mailed(world, runner):
    answer = world.set_payos().json()
    client_id = world.merchant["client_id"]
    assert answer["configured"] is True and answer["client_id_ending"] == client_id[-4:]
    assert answer["webhook_url"] == f"http://localhost/webhooks/payos/{world.space.slug}"
    again = world.api("GET", f"/manage/spaces/{world.space.slug}/payos", world.as_owner)
    assert again.json() == answer
    stored = world.fresh().get(PayosAccount, world.space.id)
    for secret in _secrets(world):
        assert secret not in stored.sealed  # encrypted, not merely encoded
    settings = runner.app.extensions["bus"].context.payos
    assert settings.vault.open(stored.sealed) == payos.Credentials(*_secrets(world))
    change = world.db.scalars(select(PayeeChange).where(PayeeChange.kind == "payos_set")).one()
    assert change.changed_by_id == world.owner.id and change.account_number == client_id[-4:]
    audit = world.db.scalars(select(AuditEntry).where(AuditEntry.action == "payee.payos_set"))
    assert audit.one().actor_id == world.owner.id
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    told = world.fresh().scalars(
        select(OutboundMessage.recipient).where(OutboundMessage.kind == "payee_changed")
    )
    assert world.owner.email in set(told)
    gone = world.api("DELETE", f"/manage/spaces/{world.space.slug}/payos", world.as_owner)
    assert gone.status_code == 204 and world.fresh().get(PayosAccount, world.space.id) is None


def test_staff_can_neither_see_nor_set_payos(world, client):
    world.set_payos()
    path = f"/manage/spaces/{world.space.slug}/payos"
    assert world.api("GET", path, world.as_staff).status_code == 403
    body = {"client_id": "mine", "api_key": "mine", "checksum_key": "mine"}
    assert world.api("PUT", path, world.as_staff, json=body).status_code == 403
    assert world.api("DELETE", path, world.as_staff).status_code == 403
    log_in(client, world.staff)
    assert client.get(f"/manage/spaces/{world.space.slug}/payee").status_code == 403
    stored = world.fresh().get(PayosAccount, world.space.id)
    assert stored.client_id_tail == world.merchant["client_id"][-4:]


def test_a_transfer_booking_requests_payment_from_payos_and_shows_its_qr(world, client):
    world.set_payos()
    booked = world.book()
    order = world.order_code(booked["id"])
    link = world.fake.link(world.merchant["client_id"], order)
    held = world.booking(booked["id"])
    payment = held.payments[-1]
    sent = link["request"]
    assert (sent["orderCode"], sent["amount"]) == (payment.id, PRICE)
    assert payment.reference in sent["description"] and len(sent["description"]) <= 25
    assert sent["returnUrl"] == sent["cancelUrl"] == f"http://localhost/me/bookings/{held.id}"
    assert sent["expiredAt"] == int(held.hold_expires_at.timestamp())
    transfer = booked["bank_transfer"]
    assert transfer["vietqr"] == payment.payos_qr  # payOS's qrCode, as the contract's vietqr
    assert vietqr.parse(transfer["vietqr"])["54"] == str(PRICE)
    assert transfer["checkout_url"] == payment.url and transfer["reference"] == payment.reference
    log_in(client, world.resident)
    page = client.get(f"/me/bookings/{held.id}").get_data(as_text=True)
    assert payment.url in page
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    assert (
        _decode(_svg_to_image(vietqr.qr_svg(transfer["vietqr"], for_raster=True)))
        == (transfer["vietqr"])
    )
    assert vietqr.qr_svg(transfer["vietqr"]) == svg  # the page shows payOS's payload


def test_a_signed_webhook_seven_times_confirms_once_and_mails_once(world, runner):
    world.set_payos()
    booked = world.book()
    order = world.order_code(booked["id"])
    paid = world.fake.pay(world.merchant["client_id"], order, PRICE)
    body = world.fake.webhook_body(world.merchant["client_id"], order, transaction=paid)
    for _ in range(7):
        answer = world.webhook(body)
        assert answer.status_code == 200 and answer.json() == {"success": True}
    booking = world.booking(booked["id"])
    assert booking.status == BookingStatus.CONFIRMED and booking.paid
    assert booking.payments[-1].status == PaymentStatus.PAID
    assert world.confirmations(booked["id"]) == 1
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    mails = world.fresh().scalar(
        select(func.count()).where(OutboundMessage.kind == "booking_confirmed")
    )
    assert mails == 1


def test_a_forged_checksum_is_refused_and_nothing_changes(world):
    world.set_payos()
    booked = world.book()
    order = world.order_code(booked["id"])
    world.fake.pay(world.merchant["client_id"], order, PRICE)
    seen = len(world.fake.seen)
    forged = world.fake.webhook_body(world.merchant["client_id"], order, forged=True)
    answer = world.webhook(forged)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_signature"
    tampered = world.fake.webhook_body(world.merchant["client_id"], order)
    tampered["data"]["amount"] = PRICE * 10
    assert world.webhook(tampered).status_code == 400
    assert world.webhook({"data": "nothing"}).status_code == 400
    assert len(world.fake.seen) == seen  # nothing re-read for a notice nobody signed
    booking = world.booking(booked["id"])
    assert booking.status == BookingStatus.PENDING_PAYMENT and booking.payments[-1].received == 0


def test_a_webhook_claiming_paid_is_not_believed_while_payos_says_pending(world):
    world.set_payos()
    booked = world.book()
    order = world.order_code(booked["id"])
    claim = world.fake.webhook_body(world.merchant["client_id"], order)  # signed, but unpaid
    assert world.webhook(claim).status_code == 200
    assert ("GET", f"/v2/payment-requests/{order}") in [(m, p) for m, p, _ in world.fake.seen]
    booking = world.booking(booked["id"])
    assert booking.status == BookingStatus.PENDING_PAYMENT and booking.payments[-1].received == 0
    half = world.fake.pay(world.merchant["client_id"], order, PRICE // 2)
    world.webhook(world.fake.webhook_body(world.merchant["client_id"], order, transaction=half))
    assert world.booking(booked["id"]).payments[-1].received == PRICE // 2  # short: still held
    assert world.booking(booked["id"]).status == BookingStatus.PENDING_PAYMENT
    rest = world.fake.pay(world.merchant["client_id"], order, PRICE - PRICE // 2)
    world.webhook(world.fake.webhook_body(world.merchant["client_id"], order, transaction=rest))
    assert world.booking(booked["id"]).status == BookingStatus.CONFIRMED  # amounts add up


def test_a_released_hold_cancels_the_payos_request_and_a_failure_retries(world, runner):
    world.set_payos()
    booked = world.book()
    order = world.order_code(booked["id"])
    world.fake.fail_next = 10  # payOS is down: the release stands, the cancel waits
    cancelled = world.api("POST", f"/bookings/{booked['id']}/cancel", world.as_resident)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    runner.invoke(args=["jobs", "run"])
    assert world.fake.link(world.merchant["client_id"], order)["status"] == "PENDING"
    assert world.booking(booked["id"]).status == BookingStatus.CANCELLED
    world.fake.fail_next = 0
    due = datetime.now(UTC) - timedelta(days=1)  # the back-off has passed
    world.fresh().execute(OutboxEvent.__table__.update().values(next_attempt_at=due))
    world.db.commit()
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    link = world.fake.link(world.merchant["client_id"], order)
    assert link["status"] == "CANCELLED" and link["cancellationReason"] == "Hold released"
    assert world.fake.cancels() == [f"/v2/payment-requests/{order}/cancel"]


def test_credentials_appear_in_no_page_api_answer_or_log_line(world, client, runner, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("payos", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    answers = [world.set_payos().text]
    booked = world.book()
    order = world.order_code(booked["id"])
    slug = world.space.slug
    answers.append(world.api("GET", f"/manage/spaces/{slug}/payos", world.as_owner).text)
    answers.append(world.api("GET", f"/bookings/{booked['id']}", world.as_resident).text)
    paid = world.fake.pay(world.merchant["client_id"], order, PRICE)
    body = world.fake.webhook_body(world.merchant["client_id"], order, transaction=paid)
    answers.append(world.webhook(body).text)
    runner.invoke(args=["jobs", "run"])
    log_in(client, world.owner)
    for path in (
        f"/manage/spaces/{slug}/payee",
        f"/manage/spaces/{slug}/transfers",
        "/admin/audit",
    ):
        answers.append(client.get(path).get_data(as_text=True))
    assert world.merchant["client_id"][-4:] in answers[-3]  # the payee page: its last characters
    mails = world.fresh().scalars(select(OutboundMessage.raw))
    logged = caplog.text + "".join(repr(r.args) for r in caplog.records)
    for secret in _secrets(world):
        for where in (*answers, logged, *[m or "" for m in mails]):
            assert secret not in where


def test_production_without_the_key_refuses_credentials_clearly(world, app):
    bus = app.extensions["bus"]
    bus.context = replace(bus.context, payos=replace(bus.context.payos, vault=None))
    body = {"client_id": "cid-1", "api_key": "ak-1", "checksum_key": "ck-1"}
    headers = world.as_owner | {"Accept-Language": "en"}
    answer = world.api("PUT", f"/manage/spaces/{world.space.slug}/payos", headers, json=body)
    assert answer.status_code == 503
    error = answer.json()["error"]
    assert error["code"] == "payment_unavailable" and "encryption key" in error["message"]
    assert world.fresh().get(PayosAccount, world.space.id) is None


def test_without_payos_a_transfer_booking_keeps_the_spaces_own_vietqr(world):
    body = {"bank_bin": "970415", "account_number": "0011001932418", "account_name": "Nha San"}
    world.api("PUT", f"/manage/spaces/{world.space.slug}/payee", world.as_owner, json=body)
    asked = len(world.fake.seen)
    booked = world.book()
    payment = world.booking(booked["id"]).payments[-1]
    assert "checkout_url" not in booked["bank_transfer"] and payment.payos_qr is None
    assert vietqr.parse(booked["bank_transfer"]["vietqr"])["62"].endswith(payment.reference)
    assert len(world.fake.seen) == asked  # payOS was never asked


def test_an_expired_hold_cancels_the_payos_request(world, runner):
    world.set_payos()
    booked = world.book()
    order = world.order_code(booked["id"])
    past = datetime.now(UTC) - timedelta(minutes=1)
    db = world.fresh()
    db.execute(Booking.__table__.update().values(hold_expires_at=past))
    db.commit()
    for _ in range(2):  # the expiry, then its event's handlers in the worker
        assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    assert world.booking(booked["id"]).status == BookingStatus.EXPIRED
    link = world.fake.link(world.merchant["client_id"], order)
    assert link["status"] == "CANCELLED"
    assert f"/v2/payment-requests/{order}/cancel" in world.fake.cancels()


def test_owners_set_and_remove_payos_on_the_bank_account_page(
    client, db, make_space, make_user, fake
):
    from tests.forms import post_form

    space = make_space(name="Nhà Sàn Studio")
    log_in(client, make_user(owner_of=space))
    merchant = fake.add_merchant()
    page = f"/manage/spaces/{space.slug}/payee"
    given = post_form(
        client,
        f"/manage/spaces/{space.slug}/payos",
        {k: merchant[k] for k in ("client_id", "api_key", "checksum_key")},
        page=page,
    )
    assert given.status_code == 302
    db.expire_all()
    account = db.get(PayosAccount, space.id)
    assert account is not None and account.client_id_tail == merchant["client_id"][-4:]
    assert not any(merchant[k] in account.sealed for k in ("api_key", "checksum_key"))
    shown = client.get(page).get_data(as_text=True)
    assert merchant["api_key"] not in shown and merchant["checksum_key"] not in shown

    removed = post_form(client, f"/manage/spaces/{space.slug}/payos/remove", {}, page=page)
    assert removed.status_code == 302
    db.expire_all()
    assert db.get(PayosAccount, space.id) is None
