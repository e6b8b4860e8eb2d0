"""The staff area: the spaces a person works for, and each space's team."""

from datetime import UTC, datetime, timedelta

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db
from app.forms import ConfirmForm, ContactForm, show_errors
from app.manage.forms import AppointForm
from app.manage.times import hanoi_day
from app.security import require
from app.validation import valid
from bookings import accounts, catalogue, network
from bookings.attendance import sessions_between
from bookings.catalogue import SessionFilters, publishing
from bookings.errors import InvalidInput
from models.statuses import SessionStatus, SpaceStatus

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


@manage.get("/today")
@login_required
def today():
    """Where staff land after logging in: today's sessions at their spaces, with the door's
    counts (an admin who works for no space sees every space's)."""
    require("open_staff_area")
    now = datetime.now(UTC)
    starts_from, starts_before = hanoi_day(now)
    spaces = [membership.space for membership in current_user.memberships]
    sessions = sessions_between(
        db.session,
        space_ids=[space.id for space in spaces] if spaces else None,
        starts_from=starts_from,
        starts_before=starts_before,
    )
    return render_template(
        "manage/today.html", sessions=sessions, spaces=spaces, today=starts_from, now=now
    )


@manage.get("/spaces/<slug>")
@login_required
def space(slug: str):
    found = network.space_by_slug(db.session, slug)
    require("manage_space", found)
    now = datetime.now(UTC)
    if found.status == SpaceStatus.ACTIVE:
        upcoming = catalogue.search_sessions(
            db.session,
            SessionFilters(space=slug, starts_before=now + timedelta(days=OVERVIEW_DAYS)),
            now=now,
            limit=50,
        ).items
    else:  # out of the catalogue, but its staff keep the door of the sessions still on
        upcoming = [
            row
            for row in sessions_between(
                db.session,
                space_ids=[found.id],
                starts_from=now,
                starts_before=now + timedelta(days=OVERVIEW_DAYS),
            )
            if row.status == SessionStatus.SCHEDULED
        ]
    return render_template(
        "manage/space.html",
        space=found,
        sessions=upcoming,
        days=OVERVIEW_DAYS,
        team=accounts.space_team(db.session, found.id),
        workshops=publishing.workshops_of(db.session, found.id),
    )


@manage.route("/spaces/<slug>/contact", methods=["GET", "POST"])
@login_required
def contact(slug: str):
    """How people reach the space: its phone, email and chat link."""
    found = network.space_by_slug(db.session, slug)
    require("manage_space", found)
    form = ContactForm(obj=found)

    def contact() -> network.Contact:
        return network.Contact(
            phone=form.phone.data or "",
            email=form.email.data or "",
            messenger_url=form.messenger_url.data or "",
        )

    if valid(form, lambda: network.contact_errors(contact())):
        try:
            network.update_contact(db.session, slug=slug, contact=contact(), now=datetime.now(UTC))
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(_("Saved: people see these on the space's page and on their tickets."), "success")
            return redirect(url_for("manage.space", slug=slug))
    return render_template(
        "manage/contact.html", space=found, form=form
    ), 400 if form.errors else 200


@manage.route("/spaces/<slug>/team", methods=["GET", "POST"])
@login_required
def team(slug: str):
    found = network.space_by_slug(db.session, slug)
    require("manage_team", found)
    form = AppointForm()
    now = datetime.now(UTC)
    if form.validate_on_submit():
        try:
            accounts.invite_to_team(
                db.session,
                space_slug=slug,
                email=form.email.data,
                role=form.role.data,
                invited_by=current_user.id,
                now=now,
            )
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(
                _(
                    "Done. Someone new gets an invitation at %(email)s: they join the team "
                    "when they accept it from an account with that confirmed address.",
                    email=form.email.data.strip(),
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
        invitations=accounts.space_invitations(db.session, found.id, now=now),
    ), 400 if form.errors else 200


@manage.post("/spaces/<slug>/invitations/<int:invitation_id>/withdraw")
@login_required
def withdraw_invitation(slug: str, invitation_id: int):
    found = network.space_by_slug(db.session, slug)
    require("manage_team", found)
    if ConfirmForm().validate_on_submit():
        accounts.withdraw_invitation(
            db.session, space_slug=slug, invitation_id=invitation_id, now=datetime.now(UTC)
        )
        flash(_("The invitation is withdrawn."), "success")
    return redirect(url_for("manage.team", slug=slug))


@manage.post("/spaces/<slug>/team/<int:user_id>/remove")
@login_required
def remove_from_team(slug: str, user_id: int):
    found = network.space_by_slug(db.session, slug)
    require("manage_team", found)
    if ConfirmForm().validate_on_submit():
        accounts.remove_staff(db.session, space_slug=slug, user_id=user_id)
        flash(_("That person no longer works for %(space)s.", space=found.name), "success")
    return redirect(url_for("manage.team", slug=slug))


from app.manage import attendance, overview, payos, transfers, workshops  # noqa: E402, F401  (their routes)
