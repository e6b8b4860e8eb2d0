"""Paying: our address for every payment, and the demo provider's checkout page.

``/payments/<reference>`` is the ``payment_url`` of a held booking: it opens (or reopens) the
gateway's checkout and sends the person there. The reference is long and random: like a Stripe
Checkout link, it works without logging in and pays for that one booking only.
"""

from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from app.database import db
from app.forms import ConfirmForm
from app.gateways import gateway
from bookings import payments, seats
from bookings.errors import PaymentUnavailable
from bookings.seats import policy
from models.statuses import BookingStatus

bp = Blueprint("payments", __name__, url_prefix="/payments")


@bp.get("/<reference>")
def pay(reference: str):
    try:
        url = payments.checkout_url(db.session, reference, gateway(), now=datetime.now(UTC))
    except PaymentUnavailable:
        db.session.rollback()
        payment = seats.payment_by_reference(db.session, reference)
        flash(_("The payment service is not answering right now. Please try again shortly."))
        return redirect(url_for("reservations.booking", booking_id=payment.booking_id))
    if url is None:  # paid, expired or cancelled already: show where the booking stands
        payment = seats.payment_by_reference(db.session, reference)
        return redirect(url_for("reservations.booking", booking_id=payment.booking_id))
    return redirect(url)


@bp.get("/demo/<reference>")
def demo_checkout(reference: str):
    if gateway().name != "demo":
        abort(404)
    payment = seats.payment_by_reference(db.session, reference)
    deadline = policy.cancellation_deadline(payment.booking.session)
    return render_template(
        "payments/demo.html",
        payment=payment,
        booking=payment.booking,
        form=ConfirmForm(),
        deadline=deadline,
        deadline_passed=datetime.now(UTC) > deadline,
    )


@bp.post("/demo/<reference>/pay")
def demo_pay(reference: str):
    if gateway().name != "demo" or not ConfirmForm().validate_on_submit():
        abort(404)
    booking = seats.payment_succeeded(
        db.session, reference=reference, now=datetime.now(UTC), charge_id=f"demo_ch_{reference}"
    )
    _flash_outcome(booking)
    return redirect(url_for("reservations.booking", booking_id=booking.id))


@bp.post("/demo/<reference>/cancel")
def demo_cancel(reference: str):
    if gateway().name != "demo" or not ConfirmForm().validate_on_submit():
        abort(404)
    booking = seats.payment_abandoned(db.session, reference=reference, now=datetime.now(UTC))
    flash(_("Payment cancelled: the held seats went back."), "info")
    return redirect(url_for("reservations.booking", booking_id=booking.id))


@bp.get("/stripe/return/<reference>")
def stripe_return(reference: str):
    """Stripe's success page sends the person here. The payment is settled from what Stripe
    says now (the webhook may come later, or never); the address proves nothing."""
    if gateway().name != "stripe":
        abort(404)
    try:
        booking = payments.settle_payment(
            db.session, reference=reference, gateway=gateway(), now=datetime.now(UTC)
        )
    except PaymentUnavailable:
        db.session.rollback()
        booking = seats.payment_by_reference(db.session, reference).booking
    _flash_outcome(booking)
    return redirect(url_for("reservations.booking", booking_id=booking.id))


def _flash_outcome(booking) -> None:
    if booking.status == BookingStatus.CONFIRMED and booking.paid:
        flash(_("Paid. Your seats are confirmed."), "success")
    elif booking.status == BookingStatus.PENDING_PAYMENT:
        flash(_("We are waiting for the payment to be confirmed; this page will show it."), "info")
    elif seats.refundable(booking) > 0 or booking.refunds:
        flash(_("The payment came too late for these seats: it will be refunded in full."), "info")


@bp.post("/stripe/webhook")
def stripe_webhook():
    """Stripe's notices. A bad signature is a 400 and changes nothing; every verified notice
    is acknowledged (duplicates, late and ignored ones too) after it is recorded once and
    acted on from what Stripe says now."""
    if gateway().name != "stripe":
        abort(404)
    notice = gateway().read_notice(
        request.get_data(cache=False), request.headers.get("Stripe-Signature")
    )
    if notice is None:
        return jsonify(received=True, acted=False)
    # Act at once even where handlers otherwise wait for the worker; what fails is retried by
    # ``flask --app app jobs run`` with back-off.
    db.session.info["deliver_after_commit"] = True
    new = payments.receive(
        db.session, provider=gateway().name, notice=notice, now=datetime.now(UTC)
    )
    current_app.logger.info("stripe notice %s %s (new: %s)", notice.kind, notice.event_id, new)
    return jsonify(received=True, acted=new)
