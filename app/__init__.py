"""The Flask application of the Hanoi Creative Spaces Network: ``create_app()``."""

import os
from datetime import UTC, datetime

import click
from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask_wtf import CSRFProtect
from werkzeug.routing import IntegerConverter

from app import config, i18n, metrics, queue, security
from app.database import db
from app.gateways import make_gateway, make_payos
from app.mail import mail_settings
from app.timing import ServerTiming
from app.urls import SiteLinks
from bookings.bootstrap import HandlerContext, bootstrap
from models import statuses

csrf = CSRFProtect()


class BoundedInt(IntegerConverter):
    """``<int:…>`` from 0 to 2^31 - 1 (PostgreSQL's ``integer``)."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


class JSONProvider(DefaultJSONProvider):
    """JSON that a client cannot turn into a crash: a document nested too deeply to parse is
    a ``ValueError`` (a 400, like any malformed JSON), never a ``RecursionError``."""

    sort_keys = False

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def _clock() -> datetime:
    return datetime.now(UTC)


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
        instance_path=str(config.INSTANCE),
    )
    app.config.update(config.from_environment())
    app.config.update(overrides or {})
    config.check(app.config)
    config.INSTANCE.mkdir(exist_ok=True)
    app.json = JSONProvider(app)
    # Ids in addresses fit the database's integer columns: a larger one is a 404, not a 500.
    app.url_map.converters["int"] = BoundedInt

    i18n.init_app(app)
    # Templates compare with the status enumerations rather than spell their codes.
    app.jinja_env.globals.update(
        BookingStatus=statuses.BookingStatus,
        PaymentMethod=statuses.PaymentMethod,
        SessionStatus=statuses.SessionStatus,
        PayeeChangeKind=statuses.PayeeChangeKind,
        NotificationOutcome=statuses.NotificationOutcome,
        RefundStatus=statuses.RefundStatus,
        SpaceStatus=statuses.SpaceStatus,
    )
    links = SiteLinks(app)
    context = HandlerContext(
        gateway=make_gateway(app, links),
        clock=_clock,
        mail=mail_settings(app, links),
        payos=make_payos(app, links),
    )
    app.extensions["bus"] = bootstrap(context)
    db.init_app(app)
    csrf.init_app(app)
    security.init_app(app)
    metrics.init_app(app)
    app.wsgi_app = ServerTiming(app.wsgi_app)

    from app import cli, errors, health
    from app.admin import admin
    from app.api import api
    from app.auth import auth
    from app.calendars import bp as calendars
    from app.catalogue import bp as catalogue
    from app.dev import bank as dev_bank
    from app.dev import dev
    from app.links import links as email_links
    from app.manage import manage
    from app.payments import bp as payments
    from app.payments import stripe_webhook
    from app.reservations import bp as reservations
    from app.webhooks import webhooks

    for blueprint in (
        catalogue,
        calendars,
        auth,
        reservations,
        payments,
        email_links,
        dev,
        dev_bank,
        manage,
        admin,
        api,
        webhooks,
        health.bp,
    ):
        app.register_blueprint(blueprint)
    csrf.exempt(api)  # the API authenticates with bearer tokens only, never with cookies
    csrf.exempt(stripe_webhook)  # Stripe signs its notices instead
    csrf.exempt(webhooks)  # a bank notification carries the space's key instead
    errors.init_app(app)
    cli.init_app(app)
    if app.config["QUEUE_ENGINE"] == queue.EMBEDDED and _serving_for_development():
        queue.start_embedded_worker(app)
    return app


def _serving_for_development() -> bool:
    """True in ``flask run`` (``make run``), in the process that serves requests."""
    command = click.get_current_context(silent=True)
    if command is None or command.info_name != "run":
        return False
    return not command.params.get("reload") or os.environ.get("WERKZEUG_RUN_MAIN") == "true"
