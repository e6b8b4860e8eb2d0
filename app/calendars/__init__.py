"""Calendars over HTTP: one session, a space, the network (filtered), a person's private feed.

Every answer carries an ``ETag`` and ``Last-Modified`` and answers ``304 Not Modified`` when the
calendar app already has it; personal feeds are ``Cache-Control: private``, the others public.
"""

import hashlib
from datetime import UTC, datetime
from urllib.parse import quote

from flask import Blueprint, Response, current_app, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db
from app.forms import ConfirmForm
from app.i18n import current_language, labels
from app.params import session_filters
from app.urls import feed_links
from bookings import accounts
from bookings.catalogue import calendars, get_space
from bookings.catalogue.calendars import REFRESH, Presentation

bp = Blueprint("calendars", __name__)


def _presentation() -> Presentation:
    prefix = url_for("catalogue.sessions", _external=True)
    return Presentation(
        english=current_language() == "en",
        session_url=lambda session_id: f"{prefix}/{session_id}",
        organizer_email=current_app.config["MAIL_FROM"],
        phrases={key: _(text) for key, text in calendars.PHRASES.items()},
    )


def _calendar_response(body: bytes, *, modified, private: bool, filename: str | None = None):
    response = Response(body, mimetype="text/calendar")
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    if modified is not None:
        response.last_modified = modified
    response.cache_control.max_age = int(REFRESH.total_seconds())
    if private:
        response.cache_control.private = True
        response.headers["Referrer-Policy"] = "no-referrer"
    else:
        response.cache_control.public = True
    if filename:
        response.headers["Content-Disposition"] = (
            f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
        )
    return response.make_conditional(request)


@bp.get("/sessions/<int:session_id>.ics")
def session_ics(session_id: int):
    row = calendars.session_row(db.session, session_id)
    body = calendars.render([row], _presentation())
    return _calendar_response(
        body, modified=row.updated_at, private=False, filename=f"session-{session_id}.ics"
    )


@bp.get("/spaces/<slug>/calendar.ics")
def space_ics(slug: str):
    space = get_space(db.session, slug)
    rows = calendars.feed_rows(db.session, now=datetime.now(UTC), space_slug=slug)
    name = _("%(space)s · workshops", space=space.name)
    body = calendars.render(rows, _presentation(), name=name)
    return _calendar_response(
        body, modified=calendars.last_modified(rows), private=False, filename=f"{slug}.ics"
    )


@bp.get("/calendar.ics")
def network_ics():
    filters, _limit, _cursor = session_filters(db.session, request.args)
    rows = calendars.feed_rows(
        db.session,
        now=datetime.now(UTC),
        discipline=filters.discipline,
        district=filters.district,
        q=filters.q,
    )
    name = _("Hanoi Creative Spaces · workshops")
    if filters.discipline:
        name += " · " + labels()["discipline"][filters.discipline]
    body = calendars.render(rows, _presentation(), name=name)
    return _calendar_response(
        body, modified=calendars.last_modified(rows), private=False, filename="hanoi-workshops.ics"
    )


@bp.get("/calendar/<token>.ics")
def personal_ics(token: str):
    """The person's feed: the token in the address is the key (calendar apps cannot log in)."""
    user = calendars.user_by_calendar_token(db.session, token)
    rows = calendars.person_rows(db.session, user.id, now=datetime.now(UTC))
    with force_locale(user.locale):
        name = _("My workshops · Hanoi Creative Spaces")
        body = calendars.render(rows, _presentation(), name=name, personal=True)
    return _calendar_response(
        body, modified=calendars.last_modified(rows, personal=True), private=True
    )


def google_calendar_link(sitting) -> str:
    """ "Add to Google Calendar" for a session, in the page's language."""
    workshop = sitting.workshop
    title = (current_language() == "en" and workshop.title_en) or workshop.title
    url = url_for("catalogue.session", session_id=sitting.id, _external=True)
    return calendars.google_calendar_url(sitting, title, url)


@bp.post("/me/calendar/rotate")
@login_required
def rotate():
    if ConfirmForm().validate_on_submit():
        accounts.rotate_calendar_token(db.session, current_user.id)
        flash(_("Your calendar has a new address: the old one no longer works."), "success")
    return redirect(url_for("auth.profile") + "#calendar")


@bp.app_context_processor
def _calendar_helpers():
    return {"google_calendar_link": google_calendar_link, "feed_links": feed_links}
