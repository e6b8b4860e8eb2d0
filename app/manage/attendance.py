"""Staff pages of one session: the roster, the door (check-in, payment, walk-ins, no-shows), the
CSV and print views, and changing the session (capacity, time, cancellation)."""

from datetime import UTC, datetime, timedelta

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from app.database import db
from app.forms import ConfirmForm, flash_refusal, show_errors
from app.i18n import gettext, local_datetime
from app.manage import manage
from app.manage.forms import (
    CancelSessionForm,
    CapacityForm,
    MoveForm,
    NoteForm,
    TicketForm,
    WalkInForm,
)
from app.manage.times import hanoi_instant, hanoi_parts
from app.security import require
from bookings import attendance, seats
from bookings.errors import BookingError, InvalidInput


def _session(session_id: int):
    """The session, if the person works for its space (others: 404, its people are private)."""
    sitting = attendance.session_for_staff(db.session, session_id)
    require("see_people", sitting.workshop.space)
    return sitting


def _booking(booking_id: int):
    booking = attendance.booking_for_staff(db.session, booking_id)
    require("see_people", booking.session.workshop.space)
    return booking


def _back(session_id: int, anchor: str = "roster"):
    return redirect(url_for("manage.session", session_id=session_id) + f"#{anchor}")


def _page(sitting, **forms):
    now = datetime.now(UTC)
    starts = hanoi_parts(sitting.starts_at)
    defaults = {
        "ticket_form": TicketForm(formdata=None),
        "walk_in_form": WalkInForm(formdata=None),
        "capacity_form": CapacityForm(formdata=None, capacity=sitting.capacity),
        "move_form": MoveForm(
            formdata=None,
            day=starts.date(),
            at=starts.time(),
            duration_minutes=int((sitting.ends_at - sitting.starts_at).total_seconds() // 60),
            location=sitting.location,
        ),
    }
    return render_template(
        "manage/session.html",
        sitting=sitting,
        roster=attendance.roster(db.session, sitting.id),
        action_form=ConfirmForm(),
        note_form=NoteForm(formdata=None),
        started=now >= sitting.starts_at,
        **(defaults | forms),
    ), 400 if any(form.errors for form in forms.values()) else 200


@manage.get("/sessions/<int:session_id>")
@login_required
def session(session_id: int):
    return _page(_session(session_id))


@manage.post("/sessions/<int:session_id>/check-in")
@login_required
def check_in_by_code(session_id: int):
    sitting = _session(session_id)
    form = TicketForm()
    if not form.validate_on_submit():
        return _page(sitting, ticket_form=form)
    try:
        booking = attendance.check_in_by_code(
            db.session, session_id=session_id, code=form.code.data, now=datetime.now(UTC)
        )
    except BookingError as error:
        flash_refusal(error)
        return _back(session_id, "door")
    flash(
        _("Checked in: %(name)s (%(n)d seats).", name=booking.user.name, n=booking.seats), "success"
    )
    return _back(session_id, "door")


def _booking_action(booking_id: int, use_case, message: str):
    booking = _booking(booking_id)
    if ConfirmForm().validate_on_submit():
        try:
            use_case(db.session, booking_id=booking_id, now=datetime.now(UTC))
        except BookingError as error:
            flash_refusal(error)
        else:
            flash(message % {"name": booking.user.name}, "success")
    return _back(booking.session_id, f"booking-{booking_id}")


@manage.post("/bookings/<int:booking_id>/check-in")
@login_required
def check_in(booking_id: int):
    return _booking_action(booking_id, attendance.check_in, _("Checked in: %(name)s."))


@manage.post("/bookings/<int:booking_id>/undo-check-in")
@login_required
def undo_check_in(booking_id: int):
    return _booking_action(booking_id, attendance.undo_check_in, _("Check-in of %(name)s undone."))


@manage.post("/bookings/<int:booking_id>/paid")
@login_required
def mark_paid(booking_id: int):
    return _booking_action(
        booking_id, attendance.mark_paid_at_door, _("%(name)s paid at the door.")
    )


@manage.post("/bookings/<int:booking_id>/note")
@login_required
def note(booking_id: int):
    booking = _booking(booking_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            attendance.set_note(
                db.session, booking_id=booking_id, note=form.note.data or "", now=datetime.now(UTC)
            )
        except BookingError as error:
            flash_refusal(error)
        else:
            flash(_("Note saved."), "success")
    return _back(booking.session_id, f"booking-{booking_id}")


@manage.post("/sessions/<int:session_id>/walk-in")
@login_required
def walk_in(session_id: int):
    sitting = _session(session_id)
    form = WalkInForm()
    if not form.validate_on_submit():
        return _page(sitting, walk_in_form=form)
    try:
        booking = attendance.walk_in(
            db.session,
            session_id=session_id,
            name=form.name.data,
            email=form.email.data or None,
            seats=form.seats.data,
            paid=form.paid.data,
            now=datetime.now(UTC),
        )
    except InvalidInput as error:
        show_errors(form, error)
        return _page(sitting, walk_in_form=form)
    except BookingError as error:
        flash_refusal(error)
        return _back(session_id, "walk-in")
    flash(_("%(name)s is in (walk-in).", name=booking.user.name), "success")
    return _back(session_id)


@manage.post("/sessions/<int:session_id>/no-shows")
@login_required
def no_shows(session_id: int):
    _session(session_id)
    if ConfirmForm().validate_on_submit():
        try:
            marked = attendance.mark_no_shows(
                db.session, session_id=session_id, now=datetime.now(UTC)
            )
        except BookingError as error:
            flash_refusal(error)
        else:
            flash(
                ngettext(
                    "%(num)d booking marked as a no-show.",
                    "%(num)d bookings marked as no-shows.",
                    marked,
                ),
                "success",
            )
    return _back(session_id)


@manage.get("/sessions/<int:session_id>/roster.csv")
@login_required
def roster_csv(session_id: int):
    sitting = _session(session_id)
    body = attendance.roster_csv(
        attendance.roster(db.session, session_id),
        translate=gettext,
        format_time=lambda moment: local_datetime(moment, "yyyy-MM-dd HH:mm"),
    )
    day = hanoi_parts(sitting.starts_at).date().isoformat()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="roster-{session_id}-{day}.csv"'},
    )


@manage.get("/sessions/<int:session_id>/print")
@login_required
def roster_print(session_id: int):
    sitting = _session(session_id)
    return render_template(
        "manage/roster_print.html",
        sitting=sitting,
        roster=attendance.roster(db.session, session_id),
    )


@manage.post("/sessions/<int:session_id>/capacity")
@login_required
def capacity(session_id: int):
    sitting = _session(session_id)
    form = CapacityForm()
    if not form.validate_on_submit():
        return _page(sitting, capacity_form=form)
    try:
        seats.change_capacity(
            db.session, session_id=session_id, capacity=form.capacity.data, now=datetime.now(UTC)
        )
    except InvalidInput as error:
        show_errors(form, error)
        return _page(sitting, capacity_form=form)
    flash(_("Capacity is now %(n)d seats.", n=form.capacity.data), "success")
    return _back(session_id, "change")


@manage.post("/sessions/<int:session_id>/move")
@login_required
def move(session_id: int):
    sitting = _session(session_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _page(sitting, move_form=form)
    starts_at = hanoi_instant(form.day.data, form.at.data)
    try:
        seats.move_session(
            db.session,
            session_id=session_id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=form.duration_minutes.data),
            location=form.location.data or "",
            now=datetime.now(UTC),
        )
    except InvalidInput as error:
        show_errors(form, error)
        return _page(sitting, move_form=form)
    except BookingError as error:
        flash_refusal(error)
        return _back(session_id, "change")
    flash(_("Session moved: the people booked are told and calendars update."), "success")
    return _back(session_id, "change")


@manage.route("/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(session_id: int):
    sitting = _session(session_id)
    form = CancelSessionForm()
    if form.validate_on_submit():
        try:
            seats.cancel_session(
                db.session,
                session_id=session_id,
                message=form.message.data or "",
                now=datetime.now(UTC),
            )
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(_("Session cancelled: every booking is cancelled and refunded."), "success")
            return _back(session_id, "top")
    return render_template(
        "manage/cancel_session.html",
        sitting=sitting,
        form=form,
        roster=attendance.roster(db.session, session_id),
    ), 400 if form.errors else 200
