"""Paying: our address for every payment, and the demo provider's checkout page.

``/payments/<reference>`` is the ``payment_url`` of a held booking: it opens (or reopens) the
gateway's checkout and sends the person there. The reference is long and random: like a Stripe
Checkout link, it works without logging in and pays for that one booking only.
"""

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth.forms import ConfirmForm
from app.database import db
from app.payments.gateways import gateway
from bookings import payments, reservations

bp = Blueprint("payments", __name__, url_prefix="/payments")


@bp.get("/<reference>")
def pay(reference: str):
    url = payments.checkout_url(db.session, reference, gateway())
    if url is None:  # paid, expired or cancelled already: show where the booking stands
        payment = payments.payment_by_reference(db.session, reference)
        return redirect(url_for("reservations.booking", booking_id=payment.booking_id))
    return redirect(url)


@bp.get("/demo/<reference>")
def demo_checkout(reference: str):
    if gateway().name != "demo":
        abort(404)
    payment = payments.payment_by_reference(db.session, reference)
    return render_template(
        "payments/demo.html", payment=payment, booking=payment.booking, form=ConfirmForm()
    )


@bp.post("/demo/<reference>/pay")
def demo_pay(reference: str):
    if gateway().name != "demo" or not ConfirmForm().validate_on_submit():
        abort(404)
    booking = reservations.payment_succeeded(
        db.session, reference=reference, now=datetime.now(UTC), charge_id=f"demo_ch_{reference}"
    )
    if booking.status == "confirmed":
        flash(_("Paid. Your seats are confirmed."), "success")
    else:
        flash(_("The payment came too late for these seats: it will be refunded in full."), "info")
    return redirect(url_for("reservations.booking", booking_id=booking.id))


@bp.post("/demo/<reference>/cancel")
def demo_cancel(reference: str):
    if gateway().name != "demo" or not ConfirmForm().validate_on_submit():
        abort(404)
    booking = reservations.payment_abandoned(db.session, reference=reference, now=datetime.now(UTC))
    flash(_("Payment cancelled: the held seats went back."), "info")
    return redirect(url_for("reservations.booking", booking_id=booking.id))
