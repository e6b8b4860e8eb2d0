"""payOS on the owners' bank account page: give the space's credentials (never shown again:
the page says they are configured and shows the client id's last characters), or remove them."""

from datetime import UTC, datetime

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db
from app.forms import ConfirmForm, flash_refusal
from app.gateways import payos_settings
from app.manage import manage
from app.manage.forms import PayosForm
from app.manage.transfers import payee_space
from bookings.errors import BookingError, NotFound
from bookings.payments import payos


@manage.post("/spaces/<slug>/payos")
@login_required
def set_payos(slug: str):
    space = payee_space(slug)
    form = PayosForm()
    if form.validate_on_submit():
        try:
            payos.set_payos(
                db.session,
                space_id=space.id,
                by=current_user.id,
                client_id=form.client_id.data,
                api_key=form.api_key.data,
                checksum_key=form.checksum_key.data,
                vault=payos_settings().vault,
                now=datetime.now(UTC),
            )
        except BookingError as error:
            flash_refusal(error)
        else:
            flash(
                _("payOS is set. Every owner and the network's admins are told by email."),
                "success",
            )
    else:
        flash(_("Please give the client ID, the API key and the checksum key."), "error")
    return redirect(url_for("manage.payee", slug=slug) + "#payos")


@manage.post("/spaces/<slug>/payos/remove")
@login_required
def remove_payos(slug: str):
    space = payee_space(slug)
    if ConfirmForm().validate_on_submit():
        try:
            payos.remove_payos(
                db.session, space_id=space.id, by=current_user.id, now=datetime.now(UTC)
            )
        except NotFound:
            pass
        else:
            flash(_("payOS removed: transfers use the space's own VietQR again."), "success")
    return redirect(url_for("manage.payee", slug=slug) + "#payos")
