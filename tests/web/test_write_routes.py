"""Write routes of the pages whose effect no other test reads back from the database.

The authorisation matrix proves who may post to each route, by its status code; here each route
is posted to as its form does (with the CSRF token of the page that holds the form) and the
database is read afterwards: what changed, and that a refused post changed nothing.
"""

import csv
import importlib
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bookings import accounts, seats
from bookings.seats.policy import DEFAULT_HOLD
from models import Booking, Space, StaffMembership, User, Workshop, WorkshopSession
from tests.conftest import log_in
from tests.forms import post_form, text

SPACE_FORM = {
    "slug": "nha-san-studio",
    "name": "  Nhà Sàn   Studio ",
    "kind": "gallery",
    "district": "tay-ho",
    "address": "12 Quảng An, Tây Hồ, Hà Nội",
    "disciplines": ["ceramics", "painting"],
    "description": "Một nhà sàn bên hồ.",
    "description_en": "A stilt house by the lake.",
    "website": "https://nhasan.example",
    "member_since": "2019-05-01",
    "certificate_number": "HCSN-0042",
}


def _fresh(db, model, ident):
    db.expire_all()
    return db.get(model, ident)


@pytest.fixture
def admin(client, make_user):
    person = make_user(admin=True, locale="en")
    log_in(client, person)
    return person


# -- Network admin: member spaces ------------------------------------------------------------


def test_admin_admits_a_new_space_with_its_membership_record(client, db, admin):
    response = post_form(client, "/admin/spaces/new", SPACE_FORM)
    assert response.status_code == 302
    space = db.scalar(select(Space).where(Space.slug == "nha-san-studio"))
    assert response.headers["Location"] == "/manage/spaces/nha-san-studio/team"
    assert (space.name, space.kind, space.district, space.status) == (
        "Nhà Sàn Studio",
        "gallery",
        "tay-ho",
        "active",
    )
    assert sorted(space.disciplines) == ["ceramics", "painting"]
    assert (space.description_en, space.website) == (
        "A stilt house by the lake.",
        "https://nhasan.example",
    )
    assert (space.member_since, space.certificate_number) == (date(2019, 5, 1), "HCSN-0042")
    taken = post_form(client, "/admin/spaces/new", {**SPACE_FORM, "name": "Another"})
    assert taken.status_code == 400 and "is taken by another space" in text(taken)
    assert db.scalars(select(Space.name).where(Space.slug == "nha-san-studio")).all() == [
        "Nhà Sàn Studio"
    ]


def test_admin_edits_a_space_and_its_slug_stays(client, db, admin, make_space):
    space = make_space(disciplines=["film"])
    url = f"/admin/spaces/{space.slug}/edit"
    edited = {k: v for k, v in SPACE_FORM.items() if k != "slug"} | {"slug": "ignored-slug"}
    response = post_form(client, url, edited)
    assert response.status_code == 302
    changed = _fresh(db, Space, space.id)
    assert (changed.slug, changed.name, changed.kind, changed.address) == (
        space.slug,
        "Nhà Sàn Studio",
        "gallery",
        "12 Quảng An, Tây Hồ, Hà Nội",
    )
    assert sorted(changed.disciplines) == ["ceramics", "painting"]
    refused = post_form(client, url, {**edited, "name": "   "})
    assert refused.status_code == 400
    assert _fresh(db, Space, space.id).name == "Nhà Sàn Studio"


def test_admin_suspends_a_space_then_restores_it(client, db, admin, make_space):
    space = make_space()
    url = f"/admin/spaces/{space.slug}/status"
    post_form(client, url, {})  # the page asks first, then suspends
    assert _fresh(db, Space, space.id).status == "suspended"
    post_form(client, url, {})
    assert _fresh(db, Space, space.id).status == "active"


# -- A space's team --------------------------------------------------------------------------


def _membership(db, user, space):
    db.expire_all()
    return db.get(StaffMembership, (user.id, space.id))


def test_an_owner_invites_staff_who_accepts_and_then_changes_their_role(
    client, app, db, make_space, make_user
):
    space = make_space()
    log_in(client, make_user(owner_of=space, locale="en"))
    person = make_user(email="thu@example.com")
    url = f"/manage/spaces/{space.slug}/team"
    response = post_form(client, url, {"email": " THU@example.com ", "role": "staff"})
    assert response.status_code == 302
    assert _membership(db, person, space) is None  # an invitation, not yet a role
    assert "thu@example.com" in text(client.get(url))
    db.get_one(User, person.id).email_verified_at = datetime.now(UTC)
    db.commit()
    thu = app.test_client()
    log_in(thu, person)
    (invitation,) = accounts.open_invitations(db, email=person.email, now=datetime.now(UTC))
    accepted = post_form(thu, f"/me/invitations/{invitation.id}/accept", {}, page="/me/invitations")
    assert accepted.status_code == 302
    assert _membership(db, person, space).role == "staff"
    post_form(client, url, {"email": "thu@example.com", "role": "owner"})
    assert _membership(db, person, space).role == "owner"
    wrong = post_form(client, url, {"email": "nobody", "role": "staff"})
    assert wrong.status_code == 400
    assert db.scalar(select(StaffMembership).where(StaffMembership.role == "nope")) is None
    members = db.scalars(select(StaffMembership).where(StaffMembership.space_id == space.id))
    assert len(members.all()) == 2  # the owner logged in, and Thu


def test_an_owner_withdraws_an_invitation(client, app, db, make_space, make_user):
    space = make_space()
    log_in(client, make_user(owner_of=space, locale="en"))
    person = make_user(email="thu@example.com")
    page = f"/manage/spaces/{space.slug}/team"
    post_form(client, page, {"email": "thu@example.com", "role": "staff"})
    (invitation,) = accounts.open_invitations(db, email=person.email, now=datetime.now(UTC))
    withdrawn = post_form(
        client, f"/manage/spaces/{space.slug}/invitations/{invitation.id}/withdraw", {}, page=page
    )
    assert withdrawn.status_code == 302
    assert accounts.open_invitations(db, email=person.email, now=datetime.now(UTC)) == []
    db.get_one(User, person.id).email_verified_at = datetime.now(UTC)
    db.commit()
    log_in(client, person)
    late = post_form(client, f"/me/invitations/{invitation.id}/accept", {}, page="/me")
    assert late.status_code == 404
    assert _membership(db, person, space) is None


def test_an_owner_removes_someone_from_the_team(client, db, make_space, make_user):
    space = make_space()
    log_in(client, make_user(owner_of=space, locale="en"))
    staff = make_user(staff_of=space)
    page = f"/manage/spaces/{space.slug}/team"
    response = post_form(client, f"{page}/{staff.id}/remove", {}, page=page)
    assert response.status_code == 302
    assert _membership(db, staff, space) is None
    log_in(client, staff)
    assert client.get(f"/manage/spaces/{space.slug}").status_code == 403


# -- Workshops -------------------------------------------------------------------------------


@pytest.fixture
def staff_of_a_space(client, make_space, make_user):
    space = make_space()
    staff = make_user(staff_of=space, locale="en")
    log_in(client, staff)
    return space, staff


WORKSHOP_FORM = {
    "title": "Nến thơm mùa thu",
    "title_en": "Autumn candles",
    "description": "Nến sáp đậu nành.",
    "description_en": "Soy wax candles.",
    "discipline": "candle-making",
    "language": "vi+en",
    "price": "180000",
    "pay_at_venue": "y",
    "capacity": "12",
    "max_seats_per_booking": "3",
    "duration_minutes": "75",
    "booking_cutoff_minutes": "30",
    "cancellation_deadline_hours": "6",
    "min_age": "12",
    "what_to_bring": "Tạp dề",
    "what_to_bring_en": "An apron",
}


def test_staff_edit_a_workshop(client, db, staff_of_a_space, make_workshop):
    space, _ = staff_of_a_space
    workshop = make_workshop(space=space)
    url = f"/manage/workshops/{workshop.id}/edit"
    response = post_form(client, url, WORKSHOP_FORM)
    assert response.status_code == 302
    changed = _fresh(db, Workshop, workshop.id)
    assert (changed.title, changed.title_en, changed.discipline, changed.language) == (
        "Nến thơm mùa thu",
        "Autumn candles",
        "candle-making",
        "vi+en",
    )
    assert (changed.price, changed.pay_at_venue, changed.capacity) == (180_000, True, 12)
    assert (changed.max_seats_per_booking, changed.duration_minutes, changed.min_age) == (3, 75, 12)
    assert (changed.booking_cutoff_minutes, changed.cancellation_deadline_hours) == (30, 6)
    assert changed.what_to_bring_en == "An apron"
    refused = post_form(client, url, {**WORKSHOP_FORM, "capacity": "5000", "title": "Khác"})
    assert refused.status_code == 400
    assert (_fresh(db, Workshop, workshop.id).title, changed.capacity) == ("Nến thơm mùa thu", 12)


def test_staff_archive_a_workshop_then_restore_it(client, db, staff_of_a_space, make_workshop):
    space, _ = staff_of_a_space
    workshop = make_workshop(space=space)
    page = f"/manage/workshops/{workshop.id}"
    post_form(client, f"{page}/archive", {}, page=page)
    assert _fresh(db, Workshop, workshop.id).status == "archived"
    later = (date.today() + timedelta(days=10)).isoformat()
    refused = post_form(client, f"{page}/sessions", {"day": later, "at": "18:00"}, page=page)
    assert refused.status_code == 400 and "it takes no new sessions" in text(refused)
    post_form(client, f"{page}/archive", {}, page=page)
    assert _fresh(db, Workshop, workshop.id).status == "active"
    sessions = db.scalars(select(WorkshopSession).where(WorkshopSession.workshop_id == workshop.id))
    assert sessions.all() == []


def test_staff_add_one_session_at_a_hanoi_time(client, db, staff_of_a_space, make_workshop):
    space, _ = staff_of_a_space
    workshop = make_workshop(space=space, duration_minutes=90, capacity=10)
    page = f"/manage/workshops/{workshop.id}"
    day = date.today() + timedelta(days=12)
    response = post_form(
        client,
        f"{page}/sessions",
        {"day": day.isoformat(), "at": "18:30", "capacity": "6"},
        page=page,
    )
    assert response.status_code == 302
    (sitting,) = db.scalars(
        select(WorkshopSession).where(WorkshopSession.workshop_id == workshop.id)
    )
    assert response.headers["Location"] == f"/manage/sessions/{sitting.id}"
    starts = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(
        hours=11, minutes=30
    )
    assert (sitting.starts_at, sitting.ends_at - sitting.starts_at) == (
        starts,
        timedelta(hours=1.5),
    )
    assert (sitting.capacity, sitting.status) == (6, "scheduled")


# -- The door ------------------------------------------------------------------------------------


@pytest.fixture
def booked_session(db, staff_of_a_space, make_workshop, make_session, make_user, now):
    space, _ = staff_of_a_space
    sitting = make_session(make_workshop(space=space, price=0, capacity=4), capacity=4)
    person = make_user(name="Phạm Minh Châu")
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    return sitting, booking


def test_staff_keep_a_note_on_a_booking(client, db, booked_session):
    sitting, booking = booked_session
    page = f"/manage/sessions/{sitting.id}"
    url = f"/manage/bookings/{booking.id}/note"
    post_form(client, url, {"note": "  Ăn chay, dị ứng lạc  "}, page=page)
    assert _fresh(db, Booking, booking.id).note == "Ăn chay, dị ứng lạc"
    assert "Ăn chay, dị ứng lạc" in text(client.get(page))
    post_form(client, url, {"note": "x" * 501}, page=page)  # too long: refused, nothing changes
    assert _fresh(db, Booking, booking.id).note == "Ăn chay, dị ứng lạc"
    post_form(client, url, {"note": ""}, page=page)
    assert _fresh(db, Booking, booking.id).note == ""


def test_staff_check_a_booking_in_from_the_roster(client, db, booked_session):
    sitting, booking = booked_session
    page = f"/manage/sessions/{sitting.id}"
    response = post_form(client, f"/manage/bookings/{booking.id}/check-in", {}, page=page)
    assert response.status_code == 302
    first = _fresh(db, Booking, booking.id).checked_in_at
    assert first is not None
    post_form(client, f"/manage/bookings/{booking.id}/check-in", {}, page=page)
    assert _fresh(db, Booking, booking.id).checked_in_at == first  # twice changes nothing


def _cells(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"))))


#: What a spreadsheet takes for the start of a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = ['=HYPERLINK("http://evil.example")', "+84 912 345 678", "-2+3", "@SUM(A1)"]


def test_the_roster_csv_never_hands_a_spreadsheet_a_formula(
    client, db, staff_of_a_space, make_workshop, make_session, make_user, now
):
    """Names and emails come from residents, walk-in names and notes from staff: a cell that
    starts like a formula is written with a leading apostrophe, and nothing else changes."""
    space, _ = staff_of_a_space
    sitting = make_session(make_workshop(space=space, price=0, capacity=10), capacity=10)
    page = f"/manage/sessions/{sitting.id}"
    emails = ["=p0@example.com", "+p1@example.com", "-p2@example.com", "p3@example.com"]
    for formula, email in zip(FORMULAS, emails, strict=True):
        person = make_user(name=formula, email=email)
        booking = seats.book_seats(
            db,
            session_id=sitting.id,
            user_id=person.id,
            seats=1,
            now=now,
            gateway="demo",
            hold=DEFAULT_HOLD,
        )
        post_form(client, f"/manage/bookings/{booking.id}/note", {"note": formula}, page=page)
    post_form(client, f"{page}/walk-in", {"name": "=1+1", "seats": "1"}, page=page)
    rows = _cells(client.get(f"{page}/roster.csv").get_data())
    names = {row[0] for row in rows[1:]}
    assert names == {"'" + formula for formula in FORMULAS} | {"'=1+1"}
    listed = sorted(row[1] for row in rows[1:])
    quoted = ["'+p1@example.com", "'-p2@example.com", "'=p0@example.com"]
    assert listed == ["", *quoted, "p3@example.com"]  # the walk-in gave no address
    notes = [row[9] for row in rows[1:] if row[9]]
    assert sorted(notes) == sorted("'" + formula for formula in FORMULAS)
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)
    stored = db.scalars(select(Booking.note).where(Booking.session_id == sitting.id))
    assert sorted(n for n in stored if n) == sorted(FORMULAS)  # the data itself is kept as typed


def test_the_network_overview_csv_never_hands_a_spreadsheet_a_formula(
    client, db, make_space, make_workshop, make_session, make_user, now
):
    space = make_space(name="=cmd|' /C calc'!A0")
    sitting = make_session(make_workshop(space=space, price=0))
    seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=make_user().id,
        seats=1,
        now=now,
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    log_in(client, make_user(admin=True, locale="en"))
    rows = _cells(client.get("/admin/overview/fill-rate-by-space.csv").get_data())
    assert ["'=cmd|' /C calc'!A0", "1", "10", "10%"] in rows
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)


# -- Residents: answering an offer, cancelling -----------------------------------------------


@pytest.fixture
def an_offer(db, make_workshop, make_session, make_user, now):
    """Lan's booking was offered the seat Hoa gave up; Minh waits behind her."""
    sitting = make_session(make_workshop(price=0, capacity=1), capacity=1)
    hoa, lan, minh = make_user(), make_user(locale="en"), make_user()

    def book(person):
        return seats.book_seats(
            db,
            session_id=sitting.id,
            user_id=person.id,
            seats=1,
            now=now,
            join_waitlist=True,
            gateway="demo",
            hold=DEFAULT_HOLD,
        )

    first, offered, waiting = book(hoa), book(lan), book(minh)
    seats.cancel_booking(db, booking_id=first.id, user_id=hoa.id, now=now)
    assert _fresh(db, Booking, offered.id).status == "offered"
    return lan, offered, waiting


def test_declining_an_offer_on_the_page_passes_the_seats_on(client, db, an_offer):
    lan, offered, waiting = an_offer
    log_in(client, lan)
    response = post_form(
        client, f"/me/bookings/{offered.id}/decline-offer", {}, page="/me/bookings"
    )
    assert response.status_code == 302
    assert _fresh(db, Booking, offered.id).status == "cancelled"
    assert _fresh(db, Booking, waiting.id).status == "offered"
    again = post_form(client, f"/me/bookings/{offered.id}/decline-offer", {}, page="/me")
    assert again.status_code == 302
    assert _fresh(db, Booking, waiting.id).status == "offered"  # a second "no" changes nothing


def test_accepting_an_offer_on_the_page_confirms_it(client, db, an_offer):
    lan, offered, waiting = an_offer
    log_in(client, lan)
    post_form(client, f"/me/bookings/{offered.id}/accept-offer", {}, page="/me/bookings")
    accepted = _fresh(db, Booking, offered.id)
    assert (accepted.status, accepted.offer_expires_at) == ("confirmed", None)
    assert _fresh(db, Booking, waiting.id).status == "waitlisted"
    assert _fresh(db, WorkshopSession, accepted.session_id).seats_taken == 1


def test_cancelling_on_the_page_frees_the_seats(client, db, make_session, make_workshop, make_user):
    sitting = make_session(make_workshop(price=0), capacity=3)
    person = make_user(locale="en")
    booking = seats.book_seats(
        db,
        session_id=sitting.id,
        user_id=person.id,
        seats=2,
        now=datetime.now(UTC),
        gateway="demo",
        hold=DEFAULT_HOLD,
    )
    log_in(client, person)
    url = f"/me/bookings/{booking.id}/cancel"
    response = post_form(client, url, {})
    assert response.status_code == 302
    cancelled = _fresh(db, Booking, booking.id)
    assert (cancelled.status, cancelled.ended_by) == ("cancelled", "person")
    assert _fresh(db, WorkshopSession, sitting.id).seats_taken == 0


# -- Every write route of the URL map has a test of its effect -------------------------------

#: Each write route of the URL map and the test that reads back what it changed (the database,
#: or the API that shows it). A write route added without a line here fails the test below.
EFFECT_TESTS = """
POST api.attach_transfer test_staff_attach_an_unmatched_transfer
PUT api.put_payee test_payee_is_the_owners_and_every_change_is_recorded_and_mailed
PUT api.put_payos test_owners_give_payos_credentials_stored_encrypted_audited_and_mailed
DELETE api.delete_payos test_owners_give_payos_credentials_stored_encrypted_audited_and_mailed
POST manage.set_payos test_owners_set_and_remove_payos_on_the_bank_account_page
POST manage.remove_payos test_owners_set_and_remove_payos_on_the_bank_account_page
POST webhooks.payos_notification test_a_signed_webhook_seven_times_confirms_once_and_mails_once
DELETE api.delete_payee test_payee_is_the_owners_and_every_change_is_recorded_and_mailed
POST api.new_notification_key test_the_same_notification_seven_times_confirms_once_and_mails_once
POST api.mark_paid test_staff_mark_paid_and_pay_back_a_refund_owed
POST api.refund_paid test_staff_mark_paid_and_pay_back_a_refund_owed
POST api.refund_account test_staff_mark_paid_and_pay_back_a_refund_owed
POST webhooks.bank_notification test_the_same_notification_seven_times_confirms_once_and_mails_once
POST manage.payee test_owners_change_the_bank_account_on_their_page
POST manage.notification_key test_owners_change_the_bank_account_on_their_page
POST manage.remove_payee test_an_owner_removes_the_bank_account_from_the_page
POST manage.attach_transfer test_staff_reconcile_and_the_person_gives_a_refund_account
POST manage.refund_paid test_staff_reconcile_and_the_person_gives_a_refund_account
POST manage.mark_transfer_paid test_staff_reconcile_and_the_person_gives_a_refund_account
POST reservations.refund_account test_staff_reconcile_and_the_person_gives_a_refund_account
POST devbank.notify test_the_development_bank_confirms_a_pending_transfer
POST admin.edit_space test_admin_edits_a_space_and_its_slug_stays
POST admin.new_space test_admin_admits_a_new_space_with_its_membership_record
POST admin.retry_job test_an_admin_retries_a_message_given_up_and_the_next_round_sends_it_once
POST admin.space_status test_admin_suspends_a_space_then_restores_it
POST api.accept_offer test_offers_are_accepted_or_declined
POST api.cancel_booking test_cancel_with_refund_then_not_active
POST api.cancel_session test_cancelling_a_session_refunds_the_paid_and_closes_the_open_checkouts
POST api.delete_me test_deleting_an_account_cancels_first_then_anonymises_at_once
POST api.agree_to_privacy_notice test_the_api_agrees_to_a_new_notice
POST auth.agree_to_notice test_a_new_notice_version_asks_again
POST api.change_capacity test_staff_change_capacity_but_never_below_the_seats_taken
POST api.check_in test_attendees_and_check_in_api
POST api.create_account test_register_over_the_api_returns_a_working_token
POST api.create_booking test_a_free_session_books_confirmed_with_a_ticket
POST api.create_session test_staff_publish_a_workshop_and_schedule_a_session
POST api.create_token test_tokens_for_email_and_password
POST api.create_workshop test_staff_publish_a_workshop_and_schedule_a_session
POST api.decline_offer test_offers_are_accepted_or_declined
POST api.move_session test_the_api_and_the_staff_page_move_a_session_elsewhere
DELETE api.revoke_my_token test_a_revoked_token_stops_working_at_once
POST api.rotate_my_calendar test_a_rotated_feed_address_stops_working
POST auth.change_password test_change_password_logs_out_other_browsers
POST auth.accept_invitation test_an_owner_invites_staff_who_accepts_and_then_changes_their_role
POST auth.delete_account test_deleting_on_the_page_asks_for_the_password_then_logs_out
POST auth.login test_log_in_and_out
POST auth.logout test_log_in_and_out
POST auth.profile test_profile_changes_name_and_language
POST auth.register test_register_creates_an_account_and_logs_in
POST auth.revoke_token test_tokens_are_created_shown_once_listed_and_revoked
POST auth.tokens test_tokens_are_created_shown_once_listed_and_revoked
POST calendars.rotate test_the_profile_page_shows_the_feed_and_resets_it
POST links.forgot_password test_password_reset_never_tells_whether_an_address_has_an_account
POST links.offer test_declining_from_the_email_changes_only_that_offer
POST links.reset_password test_a_reset_link_sets_a_new_password_once
POST links.verify_email test_registering_sends_a_welcome_with_a_link_that_confirms_the_address
POST manage.add_session test_staff_add_one_session_at_a_hanoi_time
POST manage.archive_workshop test_staff_archive_a_workshop_then_restore_it
POST manage.cancel test_capacity_move_and_cancel_from_the_pages
POST manage.capacity test_capacity_move_and_cancel_from_the_pages
POST manage.check_in test_staff_check_a_booking_in_from_the_roster
POST manage.check_in_by_code test_the_door_checks_in_by_typed_code_and_marks_payment
POST manage.contact test_staff_give_their_space_a_phone_an_email_and_a_chat_link
POST manage.edit_workshop test_staff_edit_a_workshop
POST manage.mark_paid test_the_door_checks_in_by_typed_code_and_marks_payment
POST manage.move test_capacity_move_and_cancel_from_the_pages
POST manage.new_workshop test_publish_a_workshop_from_the_form_with_every_field
POST manage.no_shows test_the_door_after_the_start_marks_no_shows
POST manage.note test_staff_keep_a_note_on_a_booking
POST manage.remove_from_team test_an_owner_removes_someone_from_the_team
POST manage.series test_a_weekly_series_is_shown_for_review_then_saved
POST manage.team test_an_owner_invites_staff_who_accepts_and_then_changes_their_role
POST manage.withdraw_invitation test_an_owner_withdraws_an_invitation
POST manage.undo_check_in test_the_door_checks_in_by_typed_code_and_marks_payment
POST manage.walk_in test_walk_in_from_the_door_page
POST payments.demo_cancel test_cancel_on_the_demo_page_releases_the_seats
POST payments.demo_pay test_book_and_pay_on_the_demo_page
POST payments.stripe_webhook test_an_event_replayed_five_times_confirms_the_booking_once
POST reservations.accept_offer test_accepting_an_offer_on_the_page_confirms_it
POST reservations.book test_book_a_free_session_and_see_the_ticket
POST reservations.cancel test_cancelling_on_the_page_frees_the_seats
POST reservations.confirm_walk_in test_a_walk_in_at_an_account_address_is_a_guest_until_confirmed
POST reservations.decline_offer test_declining_an_offer_on_the_page_passes_the_seats_on
"""


def _tests_by_name() -> dict:
    found = {}
    for package in ("web", "payments", "integration"):
        folder = Path(__file__).parents[1] / package
        for path in sorted(folder.glob("test_*.py")):
            module = importlib.import_module(f"tests.{package}.{path.stem}")
            found |= {n: f for n, f in vars(module).items() if n.startswith("test_")}
    return found


def test_every_write_route_has_a_test_of_its_effect(app):
    writes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
    }
    rows = [line.split() for line in EFFECT_TESTS.strip().splitlines()]
    listed = {(endpoint, method) for method, endpoint, _ in rows}
    assert sorted(writes - listed) == [], "write routes without a test of their effect"
    assert sorted(listed - writes) == [], "lines for routes that no longer exist"
    tests = _tests_by_name()
    assert [name for _, _, name in rows if not callable(tests.get(name))] == []
