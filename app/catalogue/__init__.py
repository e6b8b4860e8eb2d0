"""Public pages: home, spaces directory, a space, session search, a session."""

from datetime import UTC, datetime, timedelta

from flask import Blueprint, abort, current_app, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy import exists, select

from app.catalogue.cards import session_cards
from app.database import db
from app.forms import BookForm
from app.gateways import gateway
from app.i18n import discipline_names, remember_language
from app.navigation import safe_next
from app.params import InvalidParams, session_filters, space_filters
from app.security import person
from bookings import catalogue, seats
from bookings.catalogue import SessionFilters
from bookings.errors import InvalidCursor
from bookings.payments import payees
from bookings.seats import policy
from models import Space
from models.statuses import SessionStatus

bp = Blueprint("catalogue", __name__)

#: Sessions shown on the home page.
HOME_SESSIONS = 12


def _plain_filter_errors(fields: dict[str, str]) -> dict[str, str]:
    """What to do about each bad filter, in words (the API names codes and formats; a page
    says "choose from the list" and "pick a date")."""
    plain = {
        "discipline": _("Choose a discipline from the list."),
        "kind": _("Choose a kind of space from the list."),
        "district": _("Choose a district from the list."),
        "language": _("Choose a language from the list."),
        "free": _("Choose free or paid from the list."),
        "available": _("Tick the box, or leave it empty."),
        "from": _("Pick a date on the calendar."),
        "to": _("Pick a date on the calendar."),
        "space": _("This space is not in the network (any more)."),
        "limit": _("This page link is no longer valid; start from the first page."),
    }
    already_plain = {str(_("must not be before the start date"))}
    return {
        name: message if message in already_plain else plain.get(name, message)
        for name, message in fields.items()
    }


def _search_or_errors(search):
    """Run a filtered search; a bad filter is shown beside the form, not as an error page."""
    try:
        return search(), {}
    except InvalidParams as error:
        return None, _plain_filter_errors(error.fields)
    except InvalidCursor:
        return None, {"cursor": _("This page link is no longer valid; start from the first page.")}


def _page_args(**extra) -> dict:
    """The current query string without its cursor, plus ``extra``: links keep their filters."""
    args = {key: value for key, value in request.args.items() if key != "cursor" and value}
    args.update(extra)
    return args


@bp.app_context_processor
def _helpers():
    return {
        "page_args": _page_args,
        "session_cards": session_cards,
        "args": request.args.to_dict() if request else {},
    }


@bp.get("/")
def home():
    now = datetime.now(UTC)
    this_week = catalogue.search_sessions(
        db.session,
        SessionFilters(starts_before=now + timedelta(days=7)),
        now=now,
        limit=HOME_SESSIONS,
    )
    has_demo = db.session.scalar(select(exists().where(Space.is_demo.is_(True))))
    return render_template("catalogue/home.html", sessions=this_week, has_demo=has_demo)


@bp.get("/spaces")
def spaces():

    def search():
        filters, limit, cursor = space_filters(request.args)
        return catalogue.list_spaces(db.session, filters, limit=limit, cursor=cursor)

    page, errors = _search_or_errors(search)
    status = 400 if errors else 200
    return render_template("catalogue/spaces.html", page=page, errors=errors), status


@bp.get("/spaces/<slug>")
def space(slug: str):
    found = catalogue.get_space(db.session, slug)
    cursor = request.args.get("cursor") or None
    upcoming = catalogue.search_sessions(
        db.session, SessionFilters(space=slug), now=datetime.now(UTC), cursor=cursor
    )
    return render_template("catalogue/space.html", space=found, sessions=upcoming)


@bp.get("/sessions")
def sessions():

    def search():
        filters, limit, cursor = session_filters(db.session, request.args)
        return catalogue.search_sessions_ranked(
            db.session,
            filters,
            now=datetime.now(UTC),
            discipline_words=discipline_names(),
            limit=limit,
            cursor=cursor,
        )

    found, errors = _search_or_errors(search)
    return render_template(
        "catalogue/sessions.html",
        page=found.page if found else None,
        total=found.total if found else 0,
        matched_in=found.matched_in if found else None,
        errors=errors,
    ), 400 if errors else 200


@bp.get("/sessions/<int:session_id>")
def session(session_id: int):
    sitting = catalogue.get_session(db.session, session_id)
    now = datetime.now(UTC)
    user = person()
    deadline = policy.cancellation_deadline(sitting)
    return render_template(
        "catalogue/session.html",
        sitting=sitting,
        deadline=deadline,
        deadline_passed=now > deadline,
        started=sitting.starts_at <= now,
        open_for_booking=sitting.status == SessionStatus.SCHEDULED
        and now < policy.booking_closes_at(sitting),
        mine=seats.active_booking(db.session, sitting.id, user.id) if user else None,
        form=BookForm(seats=1),
        takes_transfers=sitting.workshop.bank_transfer
        and payees.payee_of(db.session, sitting.workshop.space_id) is not None,
        takes_cards=gateway().name != seats.NO_CARD,
    )


@bp.get("/language/<code>")
def switch_language(code: str):
    """Remember the chosen language for a year and go back where the person was."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    return remember_language(redirect(safe_next(request.args.get("next"))), code)
