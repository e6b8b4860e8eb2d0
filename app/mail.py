"""Mail for the app: the settings handed to the domain's messages (addresses, the transport, the
templates they are written with) and the transport itself."""

from pathlib import Path

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from jinja2 import StrictUndefined

from app.i18n import local_datetime, money
from bookings.messages import DirectoryTransport, Mail, SmtpSettings, SmtpTransport, Transport
from bookings.ports import Links


def make_transport(config) -> Transport:
    """SMTP when MAIL_SERVER is set, else a folder of ``.eml`` files (the embedded default)."""
    if config["MAIL_SERVER"]:
        return SmtpTransport(
            SmtpSettings(
                host=config["MAIL_SERVER"],
                port=config["MAIL_PORT"],
                username=config["MAIL_USERNAME"],
                password=config["MAIL_PASSWORD"],
                use_tls=config["MAIL_USE_TLS"],
            )
        )
    return DirectoryTransport(Path(config["MAIL_OUTBOX_DIR"]))


class AppTemplates:
    """``bookings.ports.Templates``: the app's own Jinja templates, filters and catalogues, for
    messages rendered outside a request (strict about missing values; plain-text friendly)."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        env = app.jinja_env.overlay(
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters = {**app.jinja_env.filters, "when": _when, "money": money}
        self._env = env
        #: Catalogues do not change while the app runs: each phrase is translated once.
        self._translated: dict[tuple[str, str], str] = {}

    def render(self, name: str, language: str, values: dict) -> str:
        with self._app.app_context(), force_locale(language):
            return self._env.get_template(name).render(values)

    def translate(self, text: str, language: str) -> str:
        key = (text, language)
        if key not in self._translated:
            with self._app.app_context(), force_locale(language):
                self._translated[key] = str(_(text))
        return self._translated[key]


def _when(value, pattern: str = "EEEE d MMMM y, HH:mm") -> str:
    return local_datetime(value, pattern)


def mail_settings(app: Flask, links: Links) -> Mail:
    config = app.config
    return Mail(
        sender=config["MAIL_FROM"],
        links=links,
        templates=AppTemplates(app),
        transport=lambda: make_transport(app.config),
        reminder_hours=config["REMINDER_HOURS_BEFORE"],
        hold_warning_minutes=config["HOLD_WARNING_MINUTES"],
        summary_hour=config["STAFF_SUMMARY_HOUR"],
    )
