"""Booking from the pages: book a session, "My bookings", a booking, cancel, answer an offer."""

from datetime import UTC, datetime
from types import SimpleNamespace

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import metrics
from app.database import db
from app.forms import BankAccountForm, BookForm, ConfirmForm, flash_refusal
from app.gateways import gateway, hold, request_by_payos, transfer_hold
from app.reservations.tickets import ticket_qr_svg
from app.security import limit_bookings
from bookings import attendance, seats
from bookings.errors import BookingError, NotFound
from bookings.payments import transfers, vietqr
from bookings.seats import policy
from models.statuses import BookingStatus

bp = Blueprint("reservations", __name__)


def after_booking(booking):
    """Where a person goes once a booking changed: to pay, or to the booking itself."""
    payment = seats.open_payment_of(booking)
    card = payment is not None and payment.provider != seats.TRANSFER
    if booking.status == BookingStatus.PENDING_PAYMENT and card:
        return redirect(url_for("payments.pay", reference=payment.reference))
    return redirect(url_for("reservations.booking", booking_id=booking.id))


def _flash_error(error: BookingError) -> None:
    """Show a refusal on the page the person came from; another person's booking stays a 404."""
    if isinstance(error, NotFound):
        raise error
    flash_refusal(error)


@bp.post("/sessions/<int:session_id>/book")
@limit_bookings
@login_required
def book(session_id: int):
    form = BookForm()
    back = redirect(url_for("catalogue.session", session_id=session_id) + "#book")
    if not form.validate_on_submit():
        flash(_("Please choose how many seats you want."), "error")
        return back
    try:
        booking = seats.book_seats(
            db.session,
            session_id=session_id,
            user_id=current_user.id,
            seats=form.seats.data,
            payment=form.payment.data or None,
            join_waitlist=form.join_waitlist.data,
            now=datetime.now(UTC),
            gateway=gateway().name,
            hold=hold(),
            transfer_hold=transfer_hold(),
        )
    except BookingError as error:
        metrics.count_booking(error.code)
        _flash_error(error)
        return back
    metrics.count_booking(booking.status)
    request_by_payos(booking)
    messages = {
        BookingStatus.CONFIRMED: _("Booked! Your ticket is below."),
        BookingStatus.PENDING_PAYMENT: _("Your seats are held while you pay."),
        BookingStatus.WAITLISTED: _(
            "You are on the waiting list. We will offer you seats when some free up."
        ),
    }
    flash(messages[booking.status], "success")
    return after_booking(booking)


@bp.get("/me/bookings")
@login_required
def my_bookings():
    everything = seats.bookings_of(db.session, current_user.id)
    now = datetime.now(UTC)
    upcoming = [b for b in everything if b.session.ends_at > now and b.is_active]
    past = [b for b in reversed(everything) if b not in upcoming]
    return render_template(
        "reservations/my_bookings.html",
        upcoming=upcoming,
        past=past,
        positions=seats.waitlist_positions(db.session, upcoming),
        form=ConfirmForm(),
        walk_ins=attendance.walk_ins_to_confirm(db.session, email=current_user.email)
        if current_user.email_verified_at
        else [],
    )


@bp.post("/me/walk-ins/<int:booking_id>/confirm")
@login_required
def confirm_walk_in(booking_id: int):
    """The holder of the address staff gave at the door says the walk-in was them."""
    if ConfirmForm().validate_on_submit():
        try:
            attendance.claim_walk_in(
                db.session, booking_id=booking_id, user_id=current_user.id, now=datetime.now(UTC)
            )
        except BookingError as error:
            _flash_error(error)
        else:
            flash(_("The booking is now in your list."), "success")
    return redirect(url_for("reservations.my_bookings"))


@bp.get("/me/bookings/<int:booking_id>")
@login_required
def booking(booking_id: int):
    found = seats.booking_of(db.session, booking_id, current_user.id)
    request_by_payos(found)  # seats offered and accepted are held without one until now
    deadline = policy.cancellation_deadline(found.session)
    transfer = transfers.transfer_details(db.session, found)
    owed = transfers.owed_refunds(found)
    return render_template(
        "reservations/booking.html",
        booking=found,
        transfer=transfer,
        transfer_qr=vietqr.qr_svg(transfer.vietqr) if transfer else None,
        owed=owed,
        account_form=BankAccountForm(obj=_account_of(owed)) if owed else None,
        state=_state(found),
        position=seats.waitlist_positions(db.session, [found]).get(found.id),
        payment=seats.open_payment_of(found),
        form=ConfirmForm(),
        deadline=deadline,
        deadline_passed=datetime.now(UTC) > deadline,
        can_cancel=found.is_active and not policy.too_late_to_cancel(found, datetime.now(UTC)),
        qr=ticket_qr_svg(found.ticket_code, title=_("Ticket %(code)s", code=found.ticket_code))
        if found.status == BookingStatus.CONFIRMED
        else None,
    )


def _state(booking) -> str:
    """What the transfer panel watches: the status and the money that arrived."""
    payment = seats.transfer_payment_of(booking)
    return f"{booking.status}:{payment.received if payment else 0}"


def _account_of(owed):
    """The account the person gave for their owed refund (to fill the form again)."""
    refund = owed[0]
    if not refund.to_bank_bin:
        return None
    return SimpleNamespace(
        bank_bin=refund.to_bank_bin,
        account_number=refund.to_account_number,
        account_name=refund.to_account_name,
    )


@bp.get("/me/bookings/<int:booking_id>/state")
@login_required
def booking_state(booking_id: int):
    """What the booking page polls while a transfer is on its way."""
    found = seats.booking_of(db.session, booking_id, current_user.id)
    return jsonify(state=_state(found), status=found.status)


@bp.post("/me/bookings/<int:booking_id>/refund-account")
@limit_bookings
@login_required
def refund_account(booking_id: int):
    """The account an owed transfer refund is paid into."""
    seats.booking_of(db.session, booking_id, current_user.id)  # another's is a 404
    form = BankAccountForm()
    if form.validate_on_submit():
        try:
            transfers.set_refund_account(
                db.session,
                booking_id=booking_id,
                user_id=current_user.id,
                bank_bin=form.bank_bin.data,
                account_number=form.account_number.data,
                account_name=form.account_name.data,
            )
        except BookingError as error:
            _flash_error(error)
        else:
            flash(_("Thank you: the space will send your refund to this account."), "success")
    else:
        flash(_("Please check the account details."), "error")
    return redirect(url_for("reservations.booking", booking_id=booking_id) + "#refund")


@bp.route("/me/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@limit_bookings
@login_required
def cancel(booking_id: int):
    """GET states the consequence (refund or not); POST cancels."""
    found = seats.booking_of(db.session, booking_id, current_user.id)
    form = ConfirmForm()
    now = datetime.now(UTC)
    if form.validate_on_submit():
        try:
            seats.cancel_booking(
                db.session, booking_id=booking_id, user_id=current_user.id, now=now
            )
        except BookingError as error:
            _flash_error(error)
        else:
            flash(_("Cancelled."), "success")
        return redirect(url_for("reservations.booking", booking_id=booking_id))
    deadline = policy.cancellation_deadline(found.session)
    return render_template(
        "reservations/cancel.html",
        booking=found,
        form=form,
        deadline=deadline,
        too_late=policy.too_late_to_cancel(found, now),
        refund=seats.refundable(found),
    )


@bp.post("/me/bookings/<int:booking_id>/accept-offer")
@limit_bookings
@login_required
def accept_offer(booking_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            accepted = seats.accept_offer(
                db.session,
                booking_id=booking_id,
                user_id=current_user.id,
                now=datetime.now(UTC),
                gateway=gateway().name,
                hold=hold(),
                transfer_hold=transfer_hold(),
            )
        except BookingError as error:
            _flash_error(error)
        else:
            flash(_("The seats are yours."), "success")
            return after_booking(accepted)
    return redirect(url_for("reservations.booking", booking_id=booking_id))


@bp.post("/me/bookings/<int:booking_id>/decline-offer")
@limit_bookings
@login_required
def decline_offer(booking_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            seats.decline_offer(
                db.session, booking_id=booking_id, user_id=current_user.id, now=datetime.now(UTC)
            )
        except BookingError as error:
            _flash_error(error)
        else:
            flash(_("Offer declined: the seats go to the next person in line."), "success")
    return redirect(url_for("reservations.booking", booking_id=booking_id))
