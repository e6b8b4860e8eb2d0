"""Bank transfer on the pages: the owners' bank account page, the booking card, the booking's
transfer panel (VietQR, copyable numbers, polling), the staff's reconciliation page, the
person's refund account, and the development stand-in for the bank."""

import re

from sqlalchemy import select

from bookings import network, seats
from bookings.payments import payees, transfers, vietqr
from models import Booking, OutboundMessage, PayeeChange
from models.statuses import BookingStatus, RefundStatus
from tests.conftest import log_in
from tests.unit.test_vietqr import _decode, _svg_to_image

PRICE = 180_000


def _payee(db, space, owner, now):
    payees.set_payee(
        db,
        space_id=space.id,
        by=owner.id,
        bank_bin="970415",
        account_number="0011001932418",
        account_name="Nhà Sàn Studio",
        now=now,
    )


def _held(db, sitting, person, now):
    return seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=1,
        payment="bank_transfer",
        now=now,
        gateway="demo",
        hold=seats.TRANSFER_HOLD,
    )


def test_owners_change_the_bank_account_on_their_page(
    app, client, db, make_space, make_user, runner
):
    space = make_space()
    owner, staff = make_user(owner_of=space), make_user(staff_of=space)
    log_in(client, staff)
    assert client.get(f"/manage/spaces/{space.slug}/payee").status_code == 403
    log_in(client, owner)
    page = client.get(f"/manage/spaces/{space.slug}/payee")
    assert page.status_code == 200 and "Vietcombank" in page.get_data(as_text=True)
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        wrong = client.post(
            f"/manage/spaces/{space.slug}/payee",
            data={"bank_bin": "970436", "account_number": "12", "account_name": "Lan"},
        )
        assert wrong.status_code == 400
        saved = client.post(
            f"/manage/spaces/{space.slug}/payee",
            data={"bank_bin": "970436", "account_number": "1023456789", "account_name": "Trần Hà"},
        )
        assert saved.status_code == 302
        key_page = client.post(f"/manage/spaces/{space.slug}/payee/key", data={})
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    key = re.search(r"Apikey ([\w-]+)", key_page.get_data(as_text=True)).group(1)
    db.expire_all()
    assert payees.notification_key_matches(db.get(type(space), space.id), key)
    assert payees.payee_of(db, space.id).account_name == "TRAN HA"
    assert [c.changed_by_id for c in db.scalars(select(PayeeChange))] == [owner.id]
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    mailed = select(OutboundMessage.recipient).where(OutboundMessage.kind == "payee_changed")
    assert db.scalars(mailed).all() == [owner.email]  # the owner, not the staff member


def test_the_booking_card_offers_transfer_only_where_the_space_has_an_account(
    client, db, make_space, make_workshop, make_session, make_user, now
):
    space = make_space()
    sitting = make_session(make_workshop(space, price=PRICE))
    log_in(client, make_user())
    assert 'value="bank_transfer"' not in client.get(f"/sessions/{sitting.id}").get_data(True)
    _payee(db, space, make_user(owner_of=space), now)
    card = client.get(f"/sessions/{sitting.id}").get_data(as_text=True)
    assert re.search(r'value="bank_transfer" checked', card)


def test_booking_by_transfer_shows_a_scannable_vietqr_and_turns_into_the_ticket(
    app, client, db, make_space, make_workshop, make_session, make_user, now
):
    space = make_space()
    _payee(db, space, make_user(owner_of=space), now)
    sitting = make_session(make_workshop(space, price=PRICE))
    person = make_user()
    log_in(client, person)
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        answer = client.post(
            f"/sessions/{sitting.id}/book", data={"seats": "1", "payment": "bank_transfer"}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    booking = db.scalars(select(Booking).where(Booking.user_id == person.id)).one()
    assert answer.headers["Location"].endswith(f"/me/bookings/{booking.id}")
    page = client.get(f"/me/bookings/{booking.id}").get_data(as_text=True)
    reference = booking.payments[0].reference
    for shown in ("0011001932418", "NHA SAN STUDIO", reference, "VietinBank", 'data-copy="180000"'):
        assert shown in page
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    size = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    sized = svg.replace("<svg ", f'<svg width="{size.group(1)}" height="{size.group(2)}" ', 1)
    text = _decode(_svg_to_image(sized))
    assert vietqr.parse(text)["54"] == str(PRICE)
    assert vietqr.fields(vietqr.parse(text)["62"]) == {"08": reference}
    state = client.get(f"/me/bookings/{booking.id}/state").get_json()
    assert state == {"state": "pending_payment:0", "status": "pending_payment"}
    notice = transfers.BankNotice(
        id="1", transfer_type="in", amount=PRICE, account_number="0011001932418",
        content=f"IBFT {reference} GD 123",
    )  # fmt: skip
    transfers.receive_notification(db, space_id=space.id, notice=notice, now=now)
    assert client.get(f"/me/bookings/{booking.id}/state").get_json()["status"] == "confirmed"
    ticket = client.get(f"/me/bookings/{booking.id}").get_data(as_text=True)
    assert booking.ticket_code in ticket and "data-poll-url" not in ticket


def test_staff_reconcile_and_the_person_gives_a_refund_account(
    app, client, db, make_space, make_workshop, make_session, make_user, now, runner
):
    space = make_space()
    _payee(db, space, make_user(owner_of=space), now)
    sitting = make_session(make_workshop(space, price=PRICE))
    staff, lan, minh, ha = make_user(staff_of=space), make_user(), make_user(), make_user()
    held, owed = _held(db, sitting, lan, now), _held(db, sitting, minh, now)
    by_hand = _held(db, sitting, ha, now)
    seats.mark_paid(db, booking_id=owed.id, bank_reference="FT1", now=now)
    seats.cancel_booking(db, booking_id=owed.id, user_id=minh.id, now=now)
    unmatched = transfers.BankNotice(
        id="u1", transfer_type="in", amount=PRICE, account_number="0011001932418",
        content="chuyen khoan lop gom",
    )  # fmt: skip
    transfers.receive_notification(db, space_id=space.id, notice=unmatched, now=now)
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        log_in(client, minh)
        client.post(
            f"/me/bookings/{owed.id}/refund-account",
            data={"bank_bin": "970422", "account_number": "0987654321", "account_name": "Minh"},
        )
        log_in(client, staff)
        page = client.get(f"/manage/spaces/{space.slug}/transfers").get_data(as_text=True)
        assert held.payments[0].reference in page and "chuyen khoan lop gom" in page
        assert page.count("<svg") == 1  # the VietQR that pays the refund back
        client.post(
            f"/manage/spaces/{space.slug}/transfers/u1/attach", data={"booking_id": str(held.id)}
        )
        client.post(f"/manage/bookings/{owed.id}/refund-paid", data={"bank_reference": "FT9"})
        refused = client.post(f"/manage/bookings/{by_hand.id}/transfer-paid", data={})
        assert refused.status_code == 302
        assert db.get(Booking, by_hand.id).status == BookingStatus.PENDING_PAYMENT
        client.post(f"/manage/bookings/{by_hand.id}/transfer-paid", data={"bank_reference": "FT7"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    db.expire_all()
    assert db.get(Booking, held.id).status == BookingStatus.CONFIRMED
    refund = db.get(Booking, owed.id).refunds[0]
    assert (refund.status, refund.to_account_name) == (RefundStatus.SUCCEEDED, "MINH")
    paid_by_hand = db.get(Booking, by_hand.id)
    assert paid_by_hand.status == BookingStatus.CONFIRMED
    assert paid_by_hand.payments[0].charge_id == "FT7"


def test_the_development_bank_confirms_a_pending_transfer(
    app, client, db, make_space, make_workshop, make_session, make_user, now
):
    space = make_space()
    _payee(db, space, make_user(owner_of=space), now)
    booking = _held(db, make_session(make_workshop(space, price=PRICE)), make_user(), now)
    listed = client.get("/dev/bank/").get_data(as_text=True)
    assert booking.payments[0].reference in listed
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        assert client.post(f"/dev/bank/{booking.id}/notify", data={}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    db.expire_all()
    assert db.get(Booking, booking.id).status == BookingStatus.CONFIRMED


def test_an_owner_removes_the_bank_account_from_the_page(
    app, client, db, make_space, make_user, now
):
    space = make_space()
    owner = make_user(owner_of=space)
    _payee(db, space, owner, now)
    log_in(client, owner)
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        answer = client.post(f"/manage/spaces/{space.slug}/payee/remove", data={})
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    assert answer.status_code == 302
    db.expire_all()
    assert payees.payee_of(db, space.id) is None
    kinds = db.scalars(select(PayeeChange.kind).order_by(PayeeChange.id)).all()
    assert kinds == ["set", "removed"]


def test_a_suspended_spaces_held_booking_says_it_takes_no_payments(
    client, db, make_space, make_workshop, make_session, make_user, now
):
    space = make_space()
    _payee(db, space, make_user(owner_of=space), now)
    person = make_user()
    booking = _held(db, make_session(make_workshop(space, price=PRICE)), person, now)
    reference = booking.payments[0].reference
    log_in(client, person)
    assert reference in client.get(f"/me/bookings/{booking.id}").get_data(as_text=True)
    network.set_space_status(db, slug=space.slug, status="suspended", now=now)
    page = client.get(f"/me/bookings/{booking.id}").get_data(as_text=True)
    assert 'id="not-taking-payments"' in page and "không nhận thanh toán" in page
    for hidden in (reference, "0011001932418", "<svg", "data-poll-url"):
        assert hidden not in page
    notice = transfers.BankNotice(
        id="late", transfer_type="in", amount=PRICE, account_number="0011001932418",
        content=f"IBFT {reference}",
    )  # fmt: skip
    assert transfers.receive_notification(db, space_id=space.id, notice=notice, now=now) == (
        "unmatched"
    )
    db.expire_all()
    assert db.get(Booking, booking.id).status == BookingStatus.PENDING_PAYMENT


def _ids_and_labels(page: str) -> tuple[list[str], list[str]]:
    """Every id on the page, and every label's ``for``."""
    from html.parser import HTMLParser

    ids, fors = [], []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found = dict(attrs)
            if "id" in found:
                ids.append(found["id"])
            if tag == "label" and "for" in found:
                fors.append(found["for"])

    Collect().feed(page)
    return ids, fors


def test_the_transfers_page_gives_every_row_its_own_input_ids(
    client, db, make_space, make_workshop, make_session, make_user, now
):
    space = make_space()
    _payee(db, space, make_user(owner_of=space), now)
    sitting = make_session(make_workshop(space, price=PRICE))
    staff, lan, minh, ha = make_user(staff_of=space), make_user(), make_user(), make_user()
    _held(db, sitting, lan, now), _held(db, sitting, ha, now)
    owed = _held(db, sitting, minh, now)
    seats.mark_paid(db, booking_id=owed.id, bank_reference="FT1", now=now)
    seats.cancel_booking(db, booking_id=owed.id, user_id=minh.id, now=now)
    for n in ("u1", "u2"):
        notice = transfers.BankNotice(
            id=n, transfer_type="in", amount=PRICE, account_number="0011001932418", content=n
        )
        transfers.receive_notification(db, space_id=space.id, notice=notice, now=now)
    log_in(client, staff)
    page = client.get(f"/manage/spaces/{space.slug}/transfers").get_data(as_text=True)
    ids, fors = _ids_and_labels(page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # two pending, one owed: three bank-reference inputs; two unmatched: two booking choices
    references = [i for i in ids if "reference-" in i]
    assert len(references) == 3 and len([i for i in ids if i.startswith("booking_id-")]) == 2
    for input_id in references:
        assert input_id in fors  # its label points at it
        assert f'id="{input_id}" name="bank_reference"' in page or re.search(
            rf'<input[^>]*id="{input_id}"[^>]*name="bank_reference"', page
        )
