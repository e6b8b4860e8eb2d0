"""Calendars over HTTP: one session, a space, the network (filtered), a person's private feed.

Every answer carries an ``ETag`` and ``Last-Modified`` and answers ``304 Not Modified`` when the
calendar app already has it; personal feeds are ``Cache-Control: private``, the others public.
"""

import hashlib
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from flask import Blueprint, Response, current_app, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db
from app.forms import ConfirmForm
from app.i18n import current_language, labels
from app.params import session_filters
from app.urls import feed_links, public_url
from bookings import accounts
from bookings.catalogue import calendars, get_space
from bookings.catalogue.calendars import REFRESH, Presentation

bp = Blueprint("calendars", __name__)


class FeedCache:
    """Rendered network feeds of this process, least recently used first out, bounded in bytes.

    A key holds everything the body depends on: the filters, the language, the catalogue's
    version (``calendars.catalogue_version``) and the minute (sessions leave the feed as time
    passes; the feed is read as of that minute). A changed session, workshop or space makes a
    new key, so a stale body is never served; old keys simply age out."""

    def __init__(self, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._bodies: OrderedDict[tuple, tuple[bytes, datetime | None, str]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple[bytes, datetime | None, str] | None:
        with self._lock:
            found = self._bodies.get(key)
            if found is not None:
                self._bodies.move_to_end(key)
            return found

    def put(self, key: tuple, entry: tuple[bytes, datetime | None, str]) -> None:
        """``entry``: the body, its Last-Modified and its ETag."""
        with self._lock:
            if key in self._bodies or len(entry[0]) > self.max_bytes:
                return
            self._bodies[key] = entry
            self._size += len(entry[0])
            while self._size > self.max_bytes:
                _key, (old, *_rest) = self._bodies.popitem(last=False)
                self._size -= len(old)


def _feeds() -> FeedCache:
    return current_app.extensions.setdefault("feed_cache", FeedCache())


def _presentation() -> Presentation:
    prefix = public_url("catalogue.sessions")
    return Presentation(
        english=current_language() == "en",
        session_url=lambda session_id: f"{prefix}/{session_id}",
        organizer_email=current_app.config["MAIL_FROM"],
        phrases={key: _(text) for key, text in calendars.PHRASES.items()},
        uid_domain=urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost",
    )


def etag_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


def _calendar_response(
    body: bytes, *, modified, private: bool, filename: str | None = None, etag: str | None = None
):
    response = Response(body, mimetype="text/calendar")
    response.set_etag(etag or etag_of(body))
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
    minute = datetime.now(UTC).replace(second=0, microsecond=0)
    key = (
        filters.discipline,
        filters.district,
        filters.q,
        current_language(),
        request.host_url,  # the links in the feed
        calendars.catalogue_version(db.session),
        minute,
    )
    cached = _feeds().get(key)
    if cached is None:
        rows = calendars.feed_rows(
            db.session,
            now=minute,
            discipline=filters.discipline,
            district=filters.district,
            q=filters.q,
        )
        name = _("Hanoi Creative Spaces · workshops")
        if filters.discipline:
            name += " · " + labels()["discipline"][filters.discipline]
        body = calendars.render(rows, _presentation(), name=name)
        cached = (body, calendars.last_modified(rows), etag_of(body))
        _feeds().put(key, cached)
    body, modified, etag = cached
    return _calendar_response(
        body, modified=modified, private=False, filename="hanoi-workshops.ics", etag=etag
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
    url = public_url("catalogue.session", session_id=sitting.id)
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
