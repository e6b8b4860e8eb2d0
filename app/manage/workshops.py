"""Staff pages of workshops: create, edit, archive; add one session or a weekly series."""

from datetime import UTC, datetime, time

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms.fields.choices import SelectChoice

from app.database import db
from app.forms import ConfirmForm, show_errors
from app.i18n import labels, translate
from app.manage import manage
from app.manage.forms import SeriesForm, SessionForm, WorkshopForm
from app.manage.times import hanoi_instant, hanoi_parts
from app.security import require
from app.validation import valid
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
        SelectChoice("", _("Choose a discipline…")),
        *(SelectChoice(code, names["discipline"][code]) for code in DISCIPLINES),
    ]
    form.language.choices = [SelectChoice(code, names["language"][code]) for code in LANGUAGES]
    return form


#: What a field the form library refused stands for while the domain checks the others.
_STAND_IN = WorkshopDraft(
    title="-", discipline=DISCIPLINES[0], price=0, capacity=1, duration_minutes=1
)


def _draft(form: WorkshopForm) -> WorkshopDraft:
    """The draft the form describes; a field the form library refused (its error is shown
    already) gets a stand-in, so that the domain can check every other field at once."""
    values = {}
    for name in _DRAFT_FIELDS:
        field = getattr(form, name)
        stand_in = getattr(_STAND_IN, name)
        refused = field.errors or (field.data is None and stand_in is not None)
        values[name] = stand_in if refused else field.data
    for name in ("title_en", "description", "description_en", "what_to_bring", "what_to_bring_en"):
        values[name] = (values[name] or "").strip()
    return WorkshopDraft(**values)


@manage.route("/spaces/<slug>/workshops/new", methods=["GET", "POST"])
@login_required
def new_workshop(slug: str):
    space = network.space_by_slug(db.session, slug)
    require("manage_space", space)
    form = _workshop_form()
    if valid(form, lambda: publishing.draft_errors(_draft(form))):
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
    if valid(form, lambda: publishing.draft_errors(_draft(form))):
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


def _plan(form: SeriesForm) -> SeriesPlan:
    return SeriesPlan(
        weekdays=tuple(form.weekdays.data or ()),
        at=form.at.data or time(10),
        first_day=form.first_day.data or hanoi_parts(datetime.now(UTC)).date(),
        weeks=None if form.weeks.errors else form.weeks.data,
        until=None if form.until.errors else form.until.data,
        skip=tuple(form.skip.data or ()),
    )


def _series_errors(form: SeriesForm, now: datetime) -> dict:
    """The plan's errors; without a readable first day or time (the form says so) only those
    about the days and the length, which do not depend on them."""
    try:
        publishing.plan_series(_plan(form), now=now)
    except InvalidInput as error:
        if form.at.data is None or form.first_day.data is None:
            return {k: v for k, v in error.fields.items() if k in ("weekdays", "weeks")}
        return error.fields
    return {}


@manage.route("/workshops/<int:workshop_id>/series", methods=["GET", "POST"])
@login_required
def series(workshop_id: int):
    """A weekly series: the first POST shows the dates for review, the confirmed one saves."""
    found = _workshop(workshop_id)
    form = SeriesForm()
    starts = []
    now = datetime.now(UTC)
    if valid(form, lambda: _series_errors(form, now)):
        plan = _plan(form)
        try:
            if form.confirmed.data == "yes":
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
    return render_template(
        "manage/series.html", workshop=found, form=form, starts=starts, skipped=form.skip.data or []
    ), 400 if form.errors else 200
