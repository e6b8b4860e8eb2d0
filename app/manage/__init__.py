"""The staff area: the spaces a person works for, and each space's team."""

from datetime import UTC, datetime, timedelta

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db
from app.forms import ConfirmForm, show_errors
from app.manage.forms import AppointForm
from app.security import require
from bookings import accounts, catalogue, network
from bookings.catalogue import SessionFilters, publishing
from bookings.errors import InvalidInput

manage = Blueprint("manage", __name__, url_prefix="/manage")

#: How far ahead a space's overview lists sessions.
OVERVIEW_DAYS = 14


@manage.get("/")
@login_required
def home():
    require("open_staff_area")
    if len(current_user.memberships) == 1 and not current_user.is_admin:
        (membership,) = current_user.memberships
        return redirect(url_for("manage.space", slug=membership.space.slug))
    return render_template("manage/home.html", memberships=current_user.memberships)


@manage.get("/spaces/<slug>")
@login_required
def space(slug: str):
    found = network.space_by_slug(db.session, slug)
    require("manage_space", found)
    now = datetime.now(UTC)
    upcoming = catalogue.search_sessions(
        db.session,
        SessionFilters(space=slug, starts_before=now + timedelta(days=OVERVIEW_DAYS)),
        now=now,
        limit=50,
    )
    return render_template(
        "manage/space.html",
        space=found,
        sessions=upcoming.items,
        days=OVERVIEW_DAYS,
        team=accounts.space_team(db.session, found.id),
        workshops=publishing.workshops_of(db.session, found.id),
    )


@manage.route("/spaces/<slug>/team", methods=["GET", "POST"])
@login_required
def team(slug: str):
    found = network.space_by_slug(db.session, slug)
    require("manage_team", found)
    form = AppointForm()
    if form.validate_on_submit():
        try:
            accounts.appoint_staff(
                db.session, space_slug=slug, email=form.email.data, role=form.role.data
            )
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(
                _(
                    "%(email)s now works for %(space)s.",
                    email=form.email.data.strip(),
                    space=found.name,
                ),
                "success",
            )
            return redirect(url_for("manage.team", slug=slug))
    return render_template(
        "manage/team.html",
        space=found,
        form=form,
        remove_form=ConfirmForm(),
        team=accounts.space_team(db.session, found.id),
    ), 400 if form.errors else 200


@manage.post("/spaces/<slug>/team/<int:user_id>/remove")
@login_required
def remove_from_team(slug: str, user_id: int):
    found = network.space_by_slug(db.session, slug)
    require("manage_team", found)
    if ConfirmForm().validate_on_submit():
        accounts.remove_staff(db.session, space_slug=slug, user_id=user_id)
        flash(_("That person no longer works for %(space)s.", space=found.name), "success")
    return redirect(url_for("manage.team", slug=slug))


from app.manage import attendance, overview, workshops  # noqa: E402, F401  (their routes)
