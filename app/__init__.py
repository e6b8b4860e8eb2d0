"""The Flask application of the Hanoi Creative Spaces Network: ``create_app()``."""

from flask import Flask
from flask_wtf import CSRFProtect

from app import config, i18n
from app.database import db
from app.timing import ServerTiming

csrf = CSRFProtect()


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
        instance_path=str(config.INSTANCE),
    )
    app.config.update(config.from_environment())
    app.config.update(overrides or {})
    config.INSTANCE.mkdir(exist_ok=True)
    app.json.sort_keys = False
    app.wsgi_app = ServerTiming(app.wsgi_app)

    db.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)

    from app import cli, errors, health
    from app.api import api
    from app.catalogue import catalogue

    app.register_blueprint(catalogue)
    app.register_blueprint(api)
    app.register_blueprint(health.bp)
    csrf.exempt(api)
    errors.init_app(app)
    cli.init_app(app)
    return app
