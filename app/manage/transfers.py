"""Money by bank transfer, by hand: the space's payee and notification key (owners and admins),
the transfers staff reconcile (pending, unmatched), refunds owed and paid back."""

from datetime import UTC, datetime

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db
from app.forms import BankAccountForm, ConfirmForm, flash_refusal, show_errors
from app.manage import manage
from app.manage.forms import AttachForm, BankReferenceForm, PayosForm
from app.security import require
from app.urls import public_url
from bookings import network, seats
from bookings.errors import BookingError, InvalidInput, NotFound
from bookings.payments import ledger as payment_ledger
from bookings.payments import payees, payos, transfers, vietqr
from models import Booking


def payee_space(slug: str):
    """The space whose money settings (its payee, notification key, payOS) are asked for: its
    owners' and admins' only."""
    space = network.space_by_slug(db.session, slug)
    require("manage_payee", space)
    return space


@manage.route("/spaces/<slug>/payee", methods=["GET", "POST"])
@login_required
def payee(slug: str):
    """Where the space's transfers are paid: only its owners and admins see and change it."""
    space = payee_space(slug)
    current = payees.payee_of(db.session, space.id)
    form = BankAccountForm(obj=_Values(current) if current else None)
    if form.validate_on_submit():
        try:
            payees.set_payee(
                db.session,
                space_id=space.id,
                by=current_user.id,
                bank_bin=form.bank_bin.data,
                account_number=form.account_number.data,
                account_name=form.account_name.data,
                now=datetime.now(UTC),
            )
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(_("Saved. Every owner and the network's admins are told by email."), "success")
            return redirect(url_for("manage.payee", slug=slug))
    return render_template(
        "manage/payee.html",
        space=space,
        payee=current,
        form=form,
        confirm=ConfirmForm(),
        history=payees.payee_history(db.session, space.id),
        webhook_url=url_for("webhooks.bank_notification", slug=slug, _external=True),
        has_key=bool(space.notification_key_hash),
        payos_tail=payos.client_id_tail(db.session, space.id),
        payos_form=PayosForm(formdata=None),
        payos_webhook_url=public_url("webhooks.payos_notification", slug=slug),
    ), 400 if form.errors else 200


class _Values:
    """A payee as a form's ``obj``."""

    def __init__(self, details: payees.PayeeDetails) -> None:
        self.bank_bin = details.bank.bin
        self.account_number = details.account_number
        self.account_name = details.account_name


@manage.post("/spaces/<slug>/payee/remove")
@login_required
def remove_payee(slug: str):
    space = payee_space(slug)
    if ConfirmForm().validate_on_submit():
        try:
            payees.remove_payee(
                db.session, space_id=space.id, by=current_user.id, now=datetime.now(UTC)
            )
        except NotFound:
            pass
        else:
            flash(_("Removed: workshops no longer offer bank transfer."), "success")
    return redirect(url_for("manage.payee", slug=slug))


@manage.post("/spaces/<slug>/payee/key")
@login_required
def notification_key(slug: str):
    """A new key for the bank-notification address, shown this once."""
    space = payee_space(slug)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("manage.payee", slug=slug))
    key = payees.new_notification_key(db.session, space_id=space.id)
    return render_template(
        "manage/notification_key.html",
        space=space,
        key=key,
        webhook_url=url_for("webhooks.bank_notification", slug=slug, _external=True),
    )


@manage.get("/spaces/<slug>/transfers")
@login_required
def transfers_page(slug: str):
    """Staff reconcile: bookings waiting for a transfer, transfers that matched nothing, refunds
    owed (each with the VietQR that pays it back)."""
    space = network.space_by_slug(db.session, slug)
    require("manage_space", space)
    found = transfers.transfers_of_space(db.session, space.id)
    owed = transfers.refunds_owed_by_space(db.session, space.id)
    attach = AttachForm()
    attach.booking_id.choices = [
        (b.id, f"#{b.id} · {b.user.name} · {b.payments[-1].reference}") for b in found.pending
    ]
    codes = {}
    for refund in owed:
        text = transfers.refund_vietqr(refund)
        if text:
            codes[refund.id] = vietqr.qr_svg(text)
    return render_template(
        "manage/transfers.html",
        space=space,
        pending=found.pending,
        unmatched=found.unmatched,
        owed=owed,
        codes=codes,
        due={b.id: transfers.transfer_details(db.session, b) for b in found.pending},
        paid_form=BankReferenceForm(),
        attach_form=attach,
    )


def _space_booking(booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        raise NotFound()
    require("see_people", booking.session.workshop.space)
    return booking


def _with_bank_reference(booking_id: int, use_case, done: str, anchor: str = ""):
    """Staff did something with money in the space's banking app and give its reference: the
    use case records it, the page says how it went, and the transfers page comes back."""
    booking = _space_booking(booking_id)
    slug = booking.session.workshop.space.slug
    form = BankReferenceForm()
    if form.validate_on_submit():
        try:
            use_case(
                db.session,
                booking_id=booking_id,
                bank_reference=form.bank_reference.data,
                now=datetime.now(UTC),
            )
        except BookingError as error:
            flash_refusal(error)
        else:
            flash(done, "success")
    else:
        flash(_("Please give the bank's reference of the transfer."), "error")
    return redirect(url_for("manage.transfers_page", slug=slug) + anchor)


@manage.post("/bookings/<int:booking_id>/transfer-paid")
@login_required
def mark_transfer_paid(booking_id: int):
    return _with_bank_reference(
        booking_id,
        seats.mark_paid,
        _("Marked paid: the booking is confirmed and its ticket sent."),
    )


@manage.post("/bookings/<int:booking_id>/refund-paid")
@login_required
def refund_paid(booking_id: int):
    return _with_bank_reference(
        booking_id,
        transfers.refund_paid,
        _("Refund marked as paid back: the person is told by email."),
        "#owed",
    )


@manage.post("/spaces/<slug>/transfers/<notification_id>/attach")
@login_required
def attach_transfer(slug: str, notification_id: str):
    space = network.space_by_slug(db.session, slug)
    require("manage_space", space)
    form = AttachForm()
    form.booking_id.choices = None
    booking_id = form.booking_id.data if form.validate_on_submit() else None
    if booking_id:
        try:
            transfers.attach_notification(
                db.session,
                space_id=space.id,
                notification_id=notification_id,
                booking_id=booking_id,
                by=current_user.id,
                now=datetime.now(UTC),
            )
        except BookingError as error:
            flash_refusal(error)
        else:
            flash(_("The transfer now pays that booking."), "success")
    else:
        flash(_("Please choose a booking."), "error")
    return redirect(url_for("manage.transfers_page", slug=slug))


@manage.get("/spaces/<slug>/ledger")
@login_required
def ledger(slug: str):
    """The space's money by method, per day and per workshop (and the lines they add up)."""
    space = network.space_by_slug(db.session, slug)
    require("manage_space", space)
    return render_template(
        "manage/ledger.html",
        space=space,
        ledger=payment_ledger.space_ledger(db.session, space.id),
        methods=payment_ledger.METHOD_LABELS,
        kinds=payment_ledger.KIND_LABELS,
    )


@manage.get("/spaces/<slug>/ledger.csv")
@login_required
def ledger_csv(slug: str):
    space = network.space_by_slug(db.session, slug)
    require("manage_space", space)
    body = payment_ledger.ledger_csv(
        payment_ledger.space_ledger(db.session, space.id), translate=gettext
    )
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="ledger-{slug}.csv"'},
    )
