"""The security baseline every page inherits: logins, rate limits, headers and cookies.

- Flask-Login keeps the person of a browser session; the cookie carries ``user_id:session_key``,
  so changing the password ends every other login.
- Sign-in attempts are throttled per client, per account and client, and per account for
  clients it does not know (``SignInThrottle``); Flask-Limiter's storage keeps the counts (in
  memory by default, in Redis when ``REDIS_URL`` is set; ``RATELIMIT_ENABLED=false`` turns it
  off) and limits bookings per person and registrations per address.
- Every response carries a Content-Security-Policy without inline script and the usual headers;
  every cookie is ``Secure`` when the request came over HTTPS.
"""

import hashlib
import logging
import math
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property, wraps

from flask import Flask, current_app, g, has_request_context, make_response, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from limits import parse_many
from werkzeug.exceptions import TooManyRequests
from werkzeug.middleware.proxy_fix import ProxyFix

from app.database import db
from bookings import accounts
from bookings.permissions import authorize, can
from bookings.unit.audit import SYSTEM, Actor
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


def _submitted_account() -> str | None:
    """Throttling key of the account a login names (a digest: no email address in the store)."""
    email = request.form.get("email")
    if email is None:  # the API reads JSON whatever the Content-Type says: so does this
        body = request.get_json(silent=True, force=True)
        email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) or not email.strip() or len(email) > 254:
        return None
    return hashlib.sha256(accounts.normalise_email(email).encode()).hexdigest()[:24]


def mark_failed_login() -> None:
    """Views call this when credentials were wrong: the throttles count failures only.

    The log names the address and the account's throttling key, never the email or password.
    """
    g.login_failed = True
    log.warning("failed login from %s (account %s)", get_remote_address(), _submitted_account())


def mark_signed_in() -> None:
    """Views call this when credentials were right: this client becomes one the account knows."""
    g.signed_in = True


#: The cookie that tells a browser which has signed in to an account before from a new one.
DEVICE_COOKIE = "hcs_device"
#: How long a client stays known to an account after it last signed in.
KNOWN_FOR = 180 * 24 * 3600


class SignInThrottle:
    """Sign-in throttling (``/login`` and ``POST /api/v1/tokens``), wrong passwords only:

    - per client address, across accounts (``LOGIN_LIMIT_PER_ADDRESS``);
    - per account and client (``LOGIN_LIMIT_PER_CLIENT``): the client that keeps guessing
      waits longer and longer (the limits' windows grow), nobody else does;
    - per account, the failures of clients that never signed in to it
      (``LOGIN_LIMIT_PER_ACCOUNT``, at most 100 an hour): past it, new clients wait, while a
      known client (the same address for the API, the device cookie for pages) still gets in
      with the right password. So a stranger's guesses never lock the owner out, and guessing
      stays slow. Nothing sleeps inside a request: a refusal is a 429 with ``Retry-After``.
    """

    def __init__(self) -> None:
        self.address = get_remote_address()
        self.account = _submitted_account()
        self.device = request.cookies.get(DEVICE_COOKIE, "")[:64]
        client = "device:" + self.device if request.path == "/login" and self.device else ""
        self.client = client or "address:" + self.address

    def _limits(self) -> list[tuple[str, tuple[str, ...]]]:
        config = current_app.config
        prefix = config.get("RATELIMIT_KEY_PREFIX", "")
        limits = [(config["LOGIN_LIMIT_PER_ADDRESS"], (prefix, "login-address", self.address))]
        if self.account:
            per_client = (prefix, "login-client", self.account, self.address)
            limits.append((config["LOGIN_LIMIT_PER_CLIENT"], per_client))
            if not self.known:
                per_account = (prefix, "login-account", self.account)
                limits.append((config["LOGIN_LIMIT_PER_ACCOUNT"], per_account))
        return limits

    @property
    def _known_key(self) -> str:
        prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
        return f"{prefix}/hcs-known/{self.account}/{self.client}"

    @cached_property
    def known(self) -> bool:
        return bool(self.account) and limiter.storage.get(self._known_key) > 0

    def check(self) -> None:
        """Raise a 429 with ``Retry-After`` when one of the limits is spent."""
        wait = 0
        for limit_text, keys in self._limits():
            for item in parse_many(limit_text):
                if not limiter.limiter.test(item, *keys):
                    reset = limiter.limiter.get_window_stats(item, *keys).reset_time
                    wait = max(wait, math.ceil(reset - time.time()), 1)
        if wait:
            raise TooManyRequests(retry_after=wait)

    def failed(self) -> None:
        for limit_text, keys in self._limits():
            for item in parse_many(limit_text):
                limiter.limiter.hit(item, *keys)

    def succeeded(self, response) -> None:
        if not self.account:
            return
        if request.path == "/login" and not self.device:
            self.device = secrets.token_urlsafe(24)
            self.client = "device:" + self.device
        limiter.storage.incr(self._known_key, KNOWN_FOR)
        if request.path == "/login":
            response.set_cookie(
                DEVICE_COOKIE,
                self.device,
                max_age=KNOWN_FOR,
                httponly=True,
                samesite="Lax",
                secure=current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure,
            )


def limit_login_attempts(view):
    """Login and token views: throttled as ``SignInThrottle`` says; the page and the API share
    every budget, so an attacker gains nothing by switching between them."""

    @wraps(view)
    def throttled(*args, **kwargs):
        if request.method != "POST" or not current_app.config["RATELIMIT_ENABLED"]:
            return view(*args, **kwargs)
        throttle = SignInThrottle()
        throttle.check()
        try:
            response = make_response(view(*args, **kwargs))
        finally:  # a wrong password may answer by raising (the API's 401)
            if g.get("login_failed"):
                throttle.failed()
        if g.get("signed_in"):
            throttle.succeeded(response)
        return response

    return throttled


def _config_limit(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def bearer_secret() -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header as the API reads it (the scheme
    in any case, spaces around ignored), or None."""
    scheme, _, secret = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def _booking_account() -> str:
    """Rate-limit key of a booking request: the person behind the bearer token or the login
    (however the header is spelled, and whichever of their tokens is used), else the token."""
    secret = bearer_secret()
    if secret is not None:
        user = accounts.user_for_token(db.session, secret, now=datetime.now(UTC))
        if user is not None:
            return f"person:{user.id}"
        return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:24]
    return f"person:{current_user.id}" if current_user.is_authenticated else "anonymous"


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
    if request.is_secure or current_app.config.get("HSTS"):
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
    # Every session of the app names who acts (read only when an audit entry is recorded).
    app.extensions["audit_actor"] = _request_actor
    app.jinja_env.globals.update(can=_can_in_templates)


def _request_actor() -> Actor:
    """Who acts in this request, for the audit trail: the token's person (API) or the logged-in
    person (pages), their role on the network, and the client's address."""
    if not has_request_context():
        return SYSTEM
    user = g.get("api_user") or person()
    address = request.remote_addr or ""
    if user is None:
        return Actor(None, "", "anonymous", address)
    role = "admin" if user.is_admin else "staff" if user.is_staff else "resident"
    return Actor(user.id, user.email, role, address)


def _can_in_templates(action: str, obj: object = None) -> bool:
    return can(person(), action, obj)
