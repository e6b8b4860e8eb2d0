"""Development-only pages: what the app would have mailed (``/dev/mail``)."""

from email import policy
from email.parser import BytesParser
from ipaddress import ip_address
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request

from app.jobs import run_due_work

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
