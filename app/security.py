"""The security baseline every page inherits: logins, rate limits, headers and cookies.

- Flask-Login keeps the person of a browser session; the cookie carries ``user_id:session_key``,
  so changing the password ends every other login.
- Flask-Limiter limits login and token attempts per address and per account (in memory by
  default, in Redis when ``REDIS_URL`` is set; ``RATELIMIT_ENABLED=false`` turns it off).
- Every response carries a Content-Security-Policy without inline script and the usual headers;
  every cookie is ``Secure`` when the request came over HTTPS.
"""

import hashlib
import logging
from collections.abc import Callable

from flask import Flask, current_app, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from app.database import db
from bookings import accounts
from bookings.permissions import authorize, can
from models import User

log = logging.getLogger(__name__)
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
}


def person() -> User | None:
    """The logged-in person of this browser session, or None."""
    return current_user if current_user.is_authenticated else None


def require(action: str, obj: object = None) -> None:
    """Pages: raise the error the person should see unless they may perform ``action``."""
    authorize(person(), action, obj)


def _submitted_account() -> str:
    """Rate-limit key of the account a login names (a digest: no email address in the store)."""
    email = request.form.get("email")
    if email is None:  # the API reads JSON whatever the Content-Type says: so does this
        body = request.get_json(silent=True, force=True)
        email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) or not email.strip():
        return "address:" + get_remote_address()
    digest = hashlib.sha256(accounts.normalise_email(email).encode()).hexdigest()[:24]
    return "account:" + digest


def mark_failed_login() -> None:
    """Views call this when credentials were wrong: the per-account limit counts failures only.

    The log names the address and the account's rate-limit key, never the email or password.
    """
    g.login_failed = True
    log.warning("failed login from %s (%s)", get_remote_address(), _submitted_account())


def _config_limit(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def limit_login_attempts(view):
    """Login and token views: limited per address (every attempt) and per account (failures).

    Both limits are shared by every login endpoint (the page and the API), so an attacker gains
    nothing by switching between them.
    """
    per_account = limiter.shared_limit(
        _config_limit("LOGIN_LIMIT_PER_ACCOUNT"),
        scope="login-account",
        key_func=_submitted_account,
        methods=["POST"],
        deduct_when=lambda _response: g.get("login_failed", False),
    )
    per_address = limiter.shared_limit(
        _config_limit("LOGIN_LIMIT_PER_ADDRESS"), scope="login-address", methods=["POST"]
    )
    return per_address(per_account(view))


def _booking_account() -> str:
    """Rate-limit key of a booking request: the bearer token's digest, or the logged-in person."""
    authorization = request.headers.get("Authorization", "")
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()[:24]
    return f"person:{current_user.get_id()}" if current_user.is_authenticated else "anonymous"


def limit_bookings(view):
    """Booking, cancelling and answering offers: limited per account, so a script cannot churn
    the network's seats."""
    return limiter.shared_limit(
        _config_limit("BOOKING_LIMIT_PER_ACCOUNT"),
        scope="booking-account",
        key_func=_booking_account,
        methods=["POST"],
    )(view)


def limit_registrations(view):
    """Account creation, page or API: limited per address."""
    return limiter.shared_limit(
        _config_limit("REGISTER_LIMIT_PER_ADDRESS"), scope="register-address", methods=["POST"]
    )(view)


class _SessionCookieSecureOverHttps(SecureCookieSessionInterface):
    """The session cookie gets ``Secure`` whenever the request came over HTTPS (Flask writes it
    after every ``after_request`` hook, so ``_secure_headers`` cannot)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def _secure_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        cookies = response.headers.getlist("Set-Cookie")
        if cookies:
            response.headers.remove("Set-Cookie")
            for cookie in cookies:
                secure = "; secure" in cookie.lower()
                response.headers.add("Set-Cookie", cookie if secure else cookie + "; Secure")
    return response


def init_app(app: Flask) -> None:
    proxies = app.config.get("PROXY_COUNT", 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    # after_request hooks run in reverse order: registered first, this one sees every cookie
    # that Flask-Login and Flask-Limiter add.
    app.after_request(_secure_headers)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(login_id: str) -> User | None:
        return accounts.load_session_user(db.session, login_id)

    limiter.init_app(app)
    if app.config.get("APP_ENV") == "production" and app.config["RATELIMIT_STORAGE_URI"] == (
        "memory://"
    ):
        log.warning("rate limits are kept per worker process: set REDIS_URL to share them")
    app.session_interface = _SessionCookieSecureOverHttps()
    app.jinja_env.globals.update(can=_can_in_templates)


def _can_in_templates(action: str, obj: object = None) -> bool:
    return can(person(), action, obj)
