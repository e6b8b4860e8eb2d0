"""Mail for the app: the settings handed to the domain's messages, the transport, and the
development page that lists what the embedded default wrote to ``instance/outbox/``."""

import dataclasses
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, abort, current_app, render_template

from app.config import ROOT
from bookings import mail as transports
from bookings.notifications import Mail


def make_transport(config) -> transports.Transport:
    """SMTP when MAIL_SERVER is set, else a folder of ``.eml`` files (the embedded default)."""
    if config["MAIL_SERVER"]:
        return transports.SmtpTransport(
            transports.SmtpSettings(
                host=config["MAIL_SERVER"],
                port=config["MAIL_PORT"],
                username=config["MAIL_USERNAME"],
                password=config["MAIL_PASSWORD"],
                use_tls=config["MAIL_USE_TLS"],
            )
        )
    return transports.DirectoryTransport(Path(config["MAIL_OUTBOX_DIR"]))


def _linker(app: Flask):
    """Absolute URLs of this site's endpoints, built from PUBLIC_URL (no request needed)."""
    public = urlsplit(app.config["PUBLIC_URL"])

    def link(endpoint: str, **values) -> str:
        adapter = app.url_map.bind(
            public.netloc, script_name=public.path or "/", url_scheme=public.scheme or "http"
        )
        return adapter.build(endpoint, values, force_external=True)

    return link


def init_app(app: Flask) -> None:
    config = app.config
    settings = Mail(
        sender=config["MAIL_FROM"],
        templates=ROOT / "templates",
        translations=Path(config["BABEL_TRANSLATION_DIRECTORIES"]),
        link=_linker(app),
        transport=lambda: make_transport(app.config),
        reminder_hours=config["REMINDER_HOURS_BEFORE"],
        hold_warning_minutes=config["HOLD_WARNING_MINUTES"],
        summary_hour=config["STAFF_SUMMARY_HOUR"],
    )
    app.extensions["mail"] = settings
    context = app.extensions.get("event_context")
    if context is not None:
        app.extensions["event_context"] = dataclasses.replace(context, mail=settings)


dev = Blueprint("devmail", __name__, url_prefix="/dev/mail")


@dev.before_request
def _development_only():
    if current_app.config["APP_ENV"] != "development":
        abort(404)


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
        from app.cli import run_due_work  # the worker's round: handlers, schedules, sending

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
