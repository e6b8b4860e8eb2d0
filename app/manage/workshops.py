"""Staff pages of workshops: create, edit, archive; add one session or a weekly series."""

from datetime import UTC, datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms.fields.choices import SelectChoice

from app.database import db
from app.forms import ConfirmForm, show_errors
from app.i18n import labels, translate
from app.manage import manage
from app.manage.forms import SeriesForm, SessionForm, WorkshopForm
from app.manage.times import hanoi_instant, parse_days
from app.security import require
from bookings import network
from bookings.catalogue import publishing
from bookings.catalogue.publishing import SeriesPlan, WorkshopDraft
from bookings.errors import BookingError, InvalidInput
from models import Workshop
from models.space import DISCIPLINES
from models.statuses import WorkshopStatus
from models.workshop import LANGUAGES

_DRAFT_FIELDS = tuple(WorkshopDraft.__dataclass_fields__)


def _workshop(workshop_id: int) -> Workshop:
    """The workshop, if the person works for its space."""
    workshop = publishing.get_workshop(db.session, workshop_id)
    require("manage_space", workshop.space)
    return workshop


def _workshop_form(**kwargs) -> WorkshopForm:
    form = WorkshopForm(**kwargs)
    names = labels()
    form.discipline.choices = [
        SelectChoice(code, names["discipline"][code]) for code in DISCIPLINES
    ]
    form.language.choices = [SelectChoice(code, names["language"][code]) for code in LANGUAGES]
    return form


def _draft(form: WorkshopForm) -> WorkshopDraft:
    values = {name: getattr(form, name).data for name in _DRAFT_FIELDS}
    for name in ("title_en", "description", "description_en", "what_to_bring", "what_to_bring_en"):
        values[name] = (values[name] or "").strip()
    return WorkshopDraft(**values)


@manage.route("/spaces/<slug>/workshops/new", methods=["GET", "POST"])
@login_required
def new_workshop(slug: str):
    space = network.space_by_slug(db.session, slug)
    require("manage_space", space)
    form = _workshop_form()
    if form.validate_on_submit():
        try:
            workshop = publishing.publish_workshop(
                db.session, space_id=space.id, draft=_draft(form), now=datetime.now(UTC)
            )
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(_("Workshop published. Now give it sessions."), "success")
            return redirect(url_for("manage.workshop", workshop_id=workshop.id))
    return render_template(
        "manage/workshop_form.html", space=space, form=form, workshop=None
    ), 400 if form.errors else 200


@manage.get("/workshops/<int:workshop_id>")
@login_required
def workshop(workshop_id: int):
    found = _workshop(workshop_id)
    now = datetime.now(UTC)
    return render_template(
        "manage/workshop.html",
        workshop=found,
        upcoming=[s for s in found.sessions if s.ends_at > now],
        past=[s for s in reversed(found.sessions) if s.ends_at <= now][:10],
        session_form=SessionForm(formdata=None),
        series_form=SeriesForm(formdata=None),
        action_form=ConfirmForm(),
    )


@manage.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@login_required
def edit_workshop(workshop_id: int):
    found = _workshop(workshop_id)
    form = _workshop_form(obj=found)
    if form.validate_on_submit():
        try:
            publishing.update_workshop(
                db.session, workshop_id=found.id, draft=_draft(form), now=datetime.now(UTC)
            )
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(_("Workshop saved."), "success")
            return redirect(url_for("manage.workshop", workshop_id=workshop_id))
    return render_template(
        "manage/workshop_form.html", space=found.space, form=form, workshop=found
    ), 400 if form.errors else 200


@manage.post("/workshops/<int:workshop_id>/archive")
@login_required
def archive_workshop(workshop_id: int):
    found = _workshop(workshop_id)
    if ConfirmForm().validate_on_submit():
        use_case = (
            publishing.archive_workshop
            if found.status == WorkshopStatus.ACTIVE
            else publishing.restore_workshop
        )
        changed = use_case(db.session, workshop_id=workshop_id, now=datetime.now(UTC))
        flash(
            _("Workshop archived: it takes no new sessions.")
            if changed.status == WorkshopStatus.ARCHIVED
            else _("Workshop restored."),
            "success",
        )
    return redirect(url_for("manage.workshop", workshop_id=workshop_id))


@manage.post("/workshops/<int:workshop_id>/sessions")
@login_required
def add_session(workshop_id: int):
    found = _workshop(workshop_id)
    form = SessionForm()
    if form.validate_on_submit():
        try:
            sitting = publishing.schedule_session(
                db.session,
                workshop_id=found.id,
                starts_at=hanoi_instant(form.day.data, form.at.data),
                capacity=form.capacity.data,
                now=datetime.now(UTC),
            )
        except BookingError as error:
            show_errors(form, error)
            if not error.fields:
                form.form_errors.append(translate(error.message))
        else:
            flash(_("Session added."), "success")
            return redirect(url_for("manage.session", session_id=sitting.id))
    return render_template(
        "manage/workshop.html",
        workshop=found,
        upcoming=[s for s in found.sessions if s.ends_at > datetime.now(UTC)],
        past=[],
        session_form=form,
        series_form=SeriesForm(formdata=None),
        action_form=ConfirmForm(),
    ), 400


@manage.route("/workshops/<int:workshop_id>/series", methods=["GET", "POST"])
@login_required
def series(workshop_id: int):
    """A weekly series: the first POST shows the dates for review, the confirmed one saves."""
    found = _workshop(workshop_id)
    form = SeriesForm()
    starts = []
    if form.validate_on_submit():
        skip, unread = parse_days(form.skip.data or "")
        plan = SeriesPlan(
            weekdays=tuple(form.weekdays.data or ()),
            at=form.at.data,
            first_day=form.first_day.data,
            weeks=form.weeks.data,
            until=form.until.data,
            skip=tuple(skip),
        )
        now = datetime.now(UTC)
        try:
            if unread:
                form.skip.errors = [_("Not a date: %(words)s", words=", ".join(unread))]
            elif form.confirmed.data == "yes":
                made = publishing.schedule_series(
                    db.session,
                    workshop_id=found.id,
                    plan=plan,
                    capacity=form.capacity.data,
                    now=now,
                )
                flash(_("%(n)d sessions added.", n=len(made)), "success")
                return redirect(url_for("manage.workshop", workshop_id=workshop_id))
            starts = publishing.plan_series(plan, now=now)
        except InvalidInput as error:
            show_errors(form, error)
        if unread:
            form.skip.errors = [
                *form.skip.errors,
                _("Not a date: %(words)s", words=", ".join(unread)),
            ]
    skipped = set(parse_days(form.skip.data or "")[0])
    return render_template(
        "manage/series.html", workshop=found, form=form, starts=starts, skipped=sorted(skipped)
    ), 400 if form.errors else 200
