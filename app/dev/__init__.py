"""Development-only pages: what the app would have mailed (``/dev/mail``), and a stand-in for a
space's bank that sends the notification of a transfer (``/dev/bank``)."""

import secrets
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from ipaddress import ip_address
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from app.database import db
from app.forms import ConfirmForm
from app.jobs import run_due_work
from bookings.payments import transfers
from models import Booking

dev = Blueprint("devmail", __name__, url_prefix="/dev/mail")


@dev.before_request
def _development_only():
    """Only a development server shows these, and only to the machine it runs on (what it
    shows includes everyone's password-reset links)."""
    if current_app.config["APP_ENV"] != "development" or not _from_loopback():
        abort(404)


def _from_loopback() -> bool:
    try:
        return ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def _folder() -> Path:
    return Path(current_app.config["MAIL_OUTBOX_DIR"])


@dev.get("/")
def outbox():
    """What the app would have sent, newest first (development only).

    Without MAIL_SERVER it first does the worker's round (``jobs run``: messages are rendered
    by the worker, never in the request that booked; scheduled ones are queued; the queue is
    written to the folder), so ``make run``, which starts no worker, shows every message here.
    """
    if not current_app.config["MAIL_SERVER"]:
        run_due_work()
    messages = []
    folder = _folder()
    paths = sorted(folder.glob("*.eml"), reverse=True)[:200] if folder.is_dir() else []
    for path in paths:
        with path.open("rb") as file:
            headers = BytesParser(policy=policy.default).parse(file, headersonly=True)
        messages.append(
            {
                "name": path.stem,
                "to": headers["To"],
                "subject": headers["Subject"],
                "date": headers["Date"],
            }
        )
    return render_template("dev/mail.html", messages=messages)


@dev.get("/<int:number>")
def message(number: int):
    """One message as it would have gone out (text/plain: nothing in it runs)."""
    path = _folder() / f"{number:08d}.eml"
    if not path.is_file():
        abort(404)
    return Response(path.read_bytes(), mimetype="text/plain")


bank = Blueprint("devbank", __name__, url_prefix="/dev/bank")


@bank.before_request
def _bank_development_only():
    if current_app.config["APP_ENV"] != "development" or not _from_loopback():
        abort(404)


@bank.get("/")
def pending_transfers():
    """Bookings waiting for a transfer, each with a button that plays the bank (development
    only): ``make run`` shows the whole journey without a bank."""
    waiting = transfers.pending_transfers(db.session, limit=50)
    return render_template(
        "dev/bank.html",
        waiting=[(booking, transfers.transfer_details(db.session, booking)) for booking in waiting],
        form=ConfirmForm(),
    )


@bank.post("/<int:booking_id>/notify")
def notify(booking_id: int):
    """Send the space's bank notification of a transfer paying what this booking still owes,
    as SePay would (the reference inside a description the bank rewrote)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    booking = db.session.get(Booking, booking_id)
    details = transfers.transfer_details(db.session, booking) if booking else None
    if details is None:
        flash(_("That booking is not waiting for a transfer."), "error")
        return redirect(url_for("devbank.pending_transfers"))
    number = secrets.randbelow(10**8)
    notice = transfers.BankNotice(
        id=f"dev-{number}",
        transfer_type="in",
        amount=details.amount,
        account_number=details.payee.account_number,
        content=f"MBVCB.{number}.{details.reference}.CT tu 0011001932418 NGUYEN VAN A",
        gateway=details.payee.bank.short_name,
        transaction_date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        reference_code=f"FT{number}",
    )
    space_id = booking.session.workshop.space_id
    db.session.info["deliver_after_commit"] = True
    transfers.receive_notification(
        db.session, space_id=space_id, notice=notice, now=datetime.now(UTC)
    )
    flash(_("The bank's notification was sent."), "success")
    return redirect(url_for("devbank.pending_transfers"))
