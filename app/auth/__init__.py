"""Account pages: register, log in and out, profile, password and personal API tokens."""

from datetime import UTC, datetime

from flask import Blueprint, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordForm,
    ProfileForm,
    RegisterForm,
    TokenForm,
)
from app.database import db
from app.forms import ConfirmForm, show_errors
from app.i18n import current_language, remember_language
from app.navigation import safe_next
from app.security import (
    limit_login_attempts,
    limit_registrations,
    mark_failed_login,
    mark_signed_in,
)
from app.validation import valid
from bookings import accounts, privacy
from bookings.errors import EmailTaken, InvalidInput

auth = Blueprint("auth", __name__)


def _start_session(user, *, remember: bool, next_url: str | None, welcome: str | None = None):
    """Log the person in on a fresh session (no fixation) and show pages in their language."""
    session.clear()
    login_user(user, remember=remember)
    if welcome:
        flash(welcome, "success")
    # Staff start at today's sessions of their spaces, unless they were going somewhere.
    landing = "manage.today" if user.is_staff else "catalogue.home"
    return remember_language(redirect(safe_next(next_url, landing)), user.locale)


@auth.route("/register", methods=["GET", "POST"])
@limit_registrations
def register():
    if current_user.is_authenticated:
        return redirect(url_for("auth.profile"))
    form = RegisterForm(next=request.args.get("next", ""))
    if request.method == "GET":
        form.locale.data = current_language()
    checks = lambda: accounts.registration_errors(  # noqa: E731
        email=form.email.data or "",
        password=form.password.data or "",
        name=form.name.data or "",
        locale=form.locale.data or "vi",
    )
    if valid(form, checks):
        try:
            user = accounts.register(
                db.session,
                email=form.email.data,
                password=form.password.data,
                name=form.name.data,
                locale=form.locale.data,
                privacy_notice=accounts.NOTICE_VERSION,  # the box is ticked (the form checks)
            )
        except (InvalidInput, EmailTaken) as error:
            show_errors(form, error)
        else:
            with force_locale(user.locale):  # the language they just chose
                welcome = _("Welcome, %(name)s! Your account is ready.", name=user.name)
            return _start_session(user, remember=False, next_url=form.next.data, welcome=welcome)
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@auth.route("/login", methods=["GET", "POST"])
@limit_login_attempts
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = accounts.authenticate(db.session, email=form.email.data, password=form.password.data)
        if user is not None:
            mark_signed_in()
            return _start_session(user, remember=form.remember.data, next_url=form.next.data)
        mark_failed_login()
        form.form_errors.append(_("Wrong email address or password."))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("auth/login.html", form=form), status


@auth.route("/logout", methods=["GET", "POST"])
def logout():
    """GET asks (a link must not log anyone out); POST, with its CSRF token, logs out."""
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if current_user.is_authenticated:
            accounts.end_every_login(db.session, current_user.id)
        logout_user()
        session.clear()
        flash(_("You are logged out."), "info")
        return redirect(url_for("catalogue.home"))
    return render_template("auth/logout.html", form=form)


@auth.route("/me", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            user = accounts.update_profile(
                db.session,
                current_user.id,
                name=form.name.data,
                locale=form.locale.data,
                mail_reminders=form.mail_reminders.data,
                # Only staff see (and so send) the summaries' box.
                mail_summaries=form.mail_summaries.data if current_user.is_staff else None,
            )
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(_("Your profile is saved."), "success")
            return remember_language(redirect(url_for("auth.profile")), user.locale)
    return render_template(
        "auth/profile.html", form=form, rotate_form=ConfirmForm()
    ), 400 if form.errors else 200


@auth.route("/me/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.change_password(
                db.session,
                current_user.id,
                current_password=form.current_password.data,
                new_password=form.new_password.data,
                now=datetime.now(UTC),
            )
        except InvalidInput as error:
            show_errors(form, error)
        else:
            login_user(user)  # this browser stays logged in with the new session key
            flash(
                _(
                    "Your password is changed. Other devices have been logged out, your API "
                    "tokens revoked and your calendar address changed."
                ),
                "success",
            )
            return redirect(url_for("auth.profile"))
    return render_template("auth/password.html", form=form), 400 if form.errors else 200


@auth.route("/me/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = TokenForm()
    issued = None
    if form.validate_on_submit():
        try:
            issued = accounts.issue_token(db.session, current_user.id, label=form.label.data)
        except InvalidInput as error:
            show_errors(form, error)
        else:
            form = TokenForm(formdata=None)
    return render_template(
        "auth/tokens.html",
        form=form,
        issued=issued,
        tokens=accounts.list_tokens(db.session, current_user.id),
        revoke_form=ConfirmForm(),
    ), 400 if form.errors else 200


@auth.get("/me/data.json")
@login_required
def download_my_data():
    """Everything held about the person, as one JSON file."""
    response = jsonify(privacy.export_data(db.session, current_user.id))
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@auth.route("/me/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            done = privacy.delete_account(
                db.session, current_user.id, password=form.password.data, now=datetime.now(UTC)
            )
        except InvalidInput as error:
            show_errors(form, error)
        else:
            logout_user()
            session.clear()
            flash(_("Your account is deleted."), "success")
            if done.cancelled:
                flash(
                    ngettext(
                        "%(num)d booking was cancelled first, with the usual refund.",
                        "%(num)d bookings were cancelled first, with the usual refunds.",
                        len(done.cancelled),
                    ),
                    "info",
                )
            for reason in done.kept:
                flash(_(reason), "info")
            return redirect(url_for("catalogue.home"))
    return render_template(
        "auth/delete.html", form=form, kept=privacy.KEPT
    ), 400 if form.errors else 200


@auth.get("/me/invitations")
@login_required
def invitations():
    """The team invitations addressed to this person's address."""
    return render_template(
        "auth/invitations.html",
        invitations=accounts.open_invitations(
            db.session, email=current_user.email, now=datetime.now(UTC)
        ),
        accept_form=ConfirmForm(),
    )


@auth.post("/me/invitations/<int:invitation_id>/accept")
@login_required
def accept_invitation(invitation_id: int):
    if ConfirmForm().validate_on_submit():
        membership = accounts.accept_invitation(
            db.session, invitation_id=invitation_id, user_id=current_user.id, now=datetime.now(UTC)
        )
        flash(_("Welcome to the team of %(space)s.", space=membership.space.name), "success")
        return redirect(url_for("manage.space", slug=membership.space.slug))
    return redirect(url_for("auth.invitations"))


@auth.post("/me/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.revoke_token(db.session, current_user.id, token_id, now=datetime.now(UTC))
        flash(_("The token is revoked: it no longer works."), "success")
    return redirect(url_for("auth.tokens"))


from app.auth import notice  # noqa: E402, F401  (the privacy notice: its pages and the gate)
