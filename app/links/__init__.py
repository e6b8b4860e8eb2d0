"""Pages that links in emails open: answer a waiting-list offer, confirm an address, reset a
password (and ask for a reset link).

The secret in the address is the key: these pages work without logging in. A GET only shows
what the link would do, with a button: mail scanners that fetch links change nothing. Answers
carry ``Referrer-Policy: no-referrer`` so the secret never leaks to another site.
"""

from datetime import UTC, datetime

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import InputRequired, Length

from app.database import db
from app.forms import ConfirmForm, show_errors
from app.gateways import gateway, hold
from app.i18n import LANGUAGE_COOKIE, translate
from app.security import limit_registrations
from bookings import seats
from bookings.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from bookings.errors import BookingError, InvalidInput, LinkInvalid, LinkUsed
from bookings.messages import links as email_links
from models import User
from models.message import TokenPurpose
from models.statuses import BookingStatus

links = Blueprint("links", __name__)


class AnswerForm(FlaskForm):
    answer = HiddenField()


class ForgotForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])


class ResetForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[InputRequired(), Length(max=MAX_LENGTH)],
        description=_l("At least %(n)d characters; a few unrelated words work well.", n=MIN_LENGTH),
    )


def _private(response, status: int = 200):
    response = make_response(response, status)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.cache_control.no_store = True
    return response


def _language_of(user):
    """The link's person reads in their language, unless this browser chose one."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return force_locale(chosen if chosen in current_app.config["LANGUAGES"] else user.locale)


def _dead_link(error: BookingError):
    """A tampered or unknown link is a 404; a used or expired one says so (410)."""
    status = 404 if isinstance(error, LinkInvalid) else 410
    return _private(render_template("links/dead.html", message=translate(error.message)), status)


@links.route("/offers/<token>", methods=["GET", "POST"])
def offer(token: str):
    now = datetime.now(UTC)
    try:
        booking = email_links.offer_of(db.session, token, now=now)
    except (LinkInvalid, LinkUsed) as error:
        return _dead_link(error)
    with _language_of(booking.user):
        return _offer(booking, token, now)


def _offer(booking, token: str, now: datetime):
    form = AnswerForm()
    if form.validate_on_submit() and form.answer.data in ("accept", "decline"):
        accept = form.answer.data == "accept"
        try:
            answered = email_links.answer_offer(
                db.session, token, accept=accept, now=now, gateway=gateway().name, hold=hold()
            )
        except (LinkInvalid, LinkUsed) as error:
            return _dead_link(error)
        except BookingError as error:
            return _private(
                render_template("links/dead.html", message=translate(error.message)), 409
            )
        payment = seats.open_payment_of(answered)
        if accept and answered.status == BookingStatus.PENDING_PAYMENT and payment is not None:
            return redirect(url_for("payments.pay", reference=payment.reference))
        message = (
            _("The seats are yours.")
            if accept
            else _("Offer declined: the seats go to the next person in line.")
        )
        return _private(render_template("links/done.html", message=message, booking=answered))
    chosen = request.args.get("answer", "")
    return _private(
        render_template("links/offer.html", booking=booking, form=form, chosen=chosen, token=token)
    )


@links.route("/verify-email/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    now = datetime.now(UTC)
    try:
        found = email_links.find(db.session, TokenPurpose.VERIFY_EMAIL, token, now=now)
    except (LinkInvalid, LinkUsed) as error:
        return _dead_link(error)
    with _language_of(db.session.get(User, found.user_id)):
        return _verify(token, now)


def _verify(token: str, now: datetime):
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            email_links.verify_email(db.session, token, now=now)
        except (LinkInvalid, LinkUsed) as error:
            return _dead_link(error)
        message = _("Thank you: your email address is confirmed.")
        return _private(render_template("links/done.html", message=message, booking=None))
    return _private(render_template("links/verify.html", form=form, token=token))


@links.route("/forgot-password", methods=["GET", "POST"])
@limit_registrations
def forgot_password():
    """The same answer whether or not the address has an account: nothing to learn here."""
    form = ForgotForm()
    if form.validate_on_submit():
        email_links.request_password_reset(db.session, form.email.data, now=datetime.now(UTC))
        flash(
            _(
                "If an account uses this address, we have sent it a link to choose a new "
                "password. The link works for an hour."
            ),
            "info",
        )
        return redirect(url_for("links.forgot_password"))
    return render_template("links/forgot.html", form=form), 400 if form.errors else 200


@links.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    now = datetime.now(UTC)
    try:
        user = email_links.reset_password_user(db.session, token, now=now)
    except (LinkInvalid, LinkUsed) as error:
        return _dead_link(error)
    with _language_of(user):
        return _reset(token, now)


def _reset(token: str, now: datetime):
    form = ResetForm()
    if form.validate_on_submit():
        try:
            email_links.reset_password(
                db.session, token, new_password=form.new_password.data, now=now
            )
        except (LinkInvalid, LinkUsed) as error:
            return _dead_link(error)
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(_("Your password is changed. Please log in with it."), "success")
            return redirect(url_for("auth.login"))
    status = 400 if form.errors else 200
    return _private(
        render_template("links/reset.html", form=form, token=token),
        status,
    )
