"""Staff pages of one session: the door (check-in by ticket code, the roster with its toggles,
payment at the door, walk-ins, no-shows), the CSV and print views, and the session's tools
(capacity, time and place, cancellation) on a page of their own."""

from datetime import UTC, datetime, timedelta

from flask import Response, flash, redirect, render_template, request, url_for
from flask import session as browser_session
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.database import db
from app.forms import ConfirmForm, flash_refusal, show_errors
from app.i18n import gettext, local_datetime, pgettext, translate
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
from app.validation import valid
from bookings import accounts, attendance, seats
from bookings.errors import BookingError, InvalidInput
from models.statuses import BookingStatus

#: Where the door's last answer waits for the page that shows it (the POST redirects).
DOOR_ANSWER = "door_answer"


def _session(session_id: int):
    """The session, if the person works for its space (others: 404, its people are private)."""
    sitting = attendance.session_for_staff(db.session, session_id)
    require("see_people", sitting.workshop.space)
    return sitting


def _booking(booking_id: int):
    booking = attendance.booking_for_staff(db.session, booking_id)
    require("see_people", booking.session.workshop.space)
    return booking


def _back(session_id: int, anchor: str = ""):
    page = url_for("manage.session", session_id=session_id)
    return redirect(f"{page}#{anchor}" if anchor else page)


def _door_answer(session_id: int) -> dict | None:
    """The answer to the last code typed at this door, shown once, with its booking as it is
    now (who let them in, and when)."""
    answer = browser_session.pop(DOOR_ANSWER, None)
    if not answer or answer.get("session_id") != session_id:
        return None
    if answer.get("booking_id"):
        answer["booking"] = attendance.booking_for_staff(db.session, answer["booking_id"])
    return answer


def _page(sitting, **forms):
    roster = attendance.roster(db.session, sitting.id)
    q = request.args.get("q", "").strip()
    return render_template(
        "manage/session.html",
        sitting=sitting,
        roster=roster,
        rows=roster.search(q) if q else roster.coming,
        q=q,
        answer=_door_answer(sitting.id),
        action_form=ConfirmForm(),
        note_form=NoteForm(formdata=None),
        started=datetime.now(UTC) >= sitting.starts_at,
        ticket_form=forms.get("ticket_form") or TicketForm(formdata=None),
        walk_in_form=forms.get("walk_in_form") or WalkInForm(formdata=None),
    ), 400 if any(form.errors for form in forms.values()) else 200


@manage.get("/sessions/<int:session_id>")
@login_required
def session(session_id: int):
    return _page(_session(session_id))


@manage.post("/sessions/<int:session_id>/check-in")
@login_required
def check_in_by_code(session_id: int):
    """A ticket code typed or scanned at the door: the answer shows large in the door card."""
    sitting = _session(session_id)
    form = TicketForm()
    if not form.validate_on_submit():
        return _page(sitting, ticket_form=form)
    answer = {"session_id": session_id}
    try:
        found = attendance.admit(
            db.session,
            session_id=session_id,
            code=form.code.data,
            now=datetime.now(UTC),
            by=current_user.id,
        )
    except BookingError as error:
        answer |= {"outcome": "refused", "message": translate(error.message)}
    else:
        answer |= {
            "outcome": found.outcome,
            "code": found.code,
            "booking_id": found.booking.id if found.booking else None,
        }
    browser_session[DOOR_ANSWER] = answer
    return _back(session_id)


def _booking_action(booking_id: int, use_case, message: str, **kwargs):
    booking = _booking(booking_id)
    if ConfirmForm().validate_on_submit():
        try:
            use_case(db.session, booking_id=booking_id, now=datetime.now(UTC), **kwargs)
        except BookingError as error:
            flash_refusal(error)
        else:
            flash(message % {"name": booking.user.name}, "success")
    return _back(booking.session_id, f"booking-{booking_id}")


@manage.post("/bookings/<int:booking_id>/check-in")
@login_required
def check_in(booking_id: int):
    return _booking_action(
        booking_id, attendance.check_in, _("Checked in: %(name)s."), by=current_user.id
    )


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
    checks = lambda: accounts.profile_errors(  # noqa: E731
        email=(form.email.data or "").strip() or None, name=form.name.data or ""
    )
    if not valid(form, checks):
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
            by=current_user.id,
        )
    except InvalidInput as error:
        show_errors(form, error)
        return _page(sitting, walk_in_form=form)
    except BookingError as error:
        flash_refusal(error)
        return _back(session_id, "walk-in")
    flash(_("%(name)s is in (walk-in).", name=booking.user.name), "success")
    return _back(session_id, f"booking-{booking.id}")


@manage.route("/sessions/<int:session_id>/no-shows", methods=["GET", "POST"])
@login_required
def no_shows(session_id: int):
    """GET says who would be marked and what it means; POST marks them."""
    sitting = _session(session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
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
        return _back(session_id, "roster")
    roster = attendance.roster(db.session, session_id)
    absent = [
        row
        for row in roster.coming
        if row.status == BookingStatus.CONFIRMED and not row.checked_in_at and not row.no_show_at
    ]
    return render_template(
        "manage/no_shows.html",
        sitting=sitting,
        absent=absent,
        form=form,
        started=datetime.now(UTC) >= sitting.starts_at,
    )


@manage.get("/sessions/<int:session_id>/roster.csv")
@login_required
def roster_csv(session_id: int):
    sitting = _session(session_id)
    body = attendance.roster_csv(
        attendance.roster(db.session, session_id),
        translate=gettext,
        translate_in_context=pgettext,
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


def _tools(sitting, **forms):
    """The session's own page of tools: capacity, time and place, cancellation."""
    starts = hanoi_parts(sitting.starts_at)
    defaults = {
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
        "manage/session_tools.html", sitting=sitting, **(defaults | forms)
    ), 400 if any(form.errors for form in forms.values()) else 200


def _back_to_tools(session_id: int):
    return redirect(url_for("manage.session_tools", session_id=session_id))


@manage.get("/sessions/<int:session_id>/tools")
@login_required
def session_tools(session_id: int):
    return _tools(_session(session_id))


@manage.post("/sessions/<int:session_id>/capacity")
@login_required
def capacity(session_id: int):
    sitting = _session(session_id)
    form = CapacityForm()
    if not form.validate_on_submit():
        return _tools(sitting, capacity_form=form)
    try:
        seats.change_capacity(
            db.session, session_id=session_id, capacity=form.capacity.data, now=datetime.now(UTC)
        )
    except InvalidInput as error:
        show_errors(form, error)
        return _tools(sitting, capacity_form=form)
    flash(_("Capacity is now %(n)d seats.", n=form.capacity.data), "success")
    return _back_to_tools(session_id)


@manage.post("/sessions/<int:session_id>/move")
@login_required
def move(session_id: int):
    sitting = _session(session_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _tools(sitting, move_form=form)
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
        return _tools(sitting, move_form=form)
    except BookingError as error:
        flash_refusal(error)
        return _back_to_tools(session_id)
    flash(_("Session moved: the people booked are told and calendars update."), "success")
    return _back_to_tools(session_id)


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
            return _back(session_id)
    return render_template(
        "manage/cancel_session.html",
        sitting=sitting,
        form=form,
        roster=attendance.roster(db.session, session_id),
    ), 400 if form.errors else 200
