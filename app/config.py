"""Configuration from the environment; the embedded defaults need none of it."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from bookings.formatting import HANOI

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in ``instance/``."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    if _environment() == "production":
        raise RuntimeError("SECRET_KEY must be set in production")
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _environment() -> str:
    """``production`` unless ``APP_ENV`` asks for ``development`` (``make run``, the tests and
    the benchmarks do): a server started as documented is never a development one."""
    return os.environ.get("APP_ENV", "production").strip().lower() or "production"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _port() -> str:
    port = os.environ.get("PORT", "5000").strip()
    return port if port.isdigit() else "5000"


def _proxy_count() -> int:
    value = os.environ.get("PROXY_COUNT", "0").strip()
    if not value.isdigit() or int(value) > 5:
        raise RuntimeError("PROXY_COUNT must be the number of trusted reverse proxies (0 to 5)")
    return int(value)


def _retention_days() -> int:
    value = os.environ.get("RETENTION_DAYS", "90").strip()
    if not value.isdigit() or not 1 <= int(value) <= 3650:
        raise RuntimeError("RETENTION_DAYS must be a number of days from 1 to 3650")
    return int(value)


def check(config: dict) -> None:
    """Refuse to start with settings that cannot be right; make production's cookies Secure.

    Production needs ``PUBLIC_URL`` as an ``https://`` address without query or fragment
    (people reach the site over TLS, usually through a proxy that ``PROXY_COUNT`` counts); its
    cookies are then always ``Secure`` and every answer carries HSTS, whatever scheme the proxy
    forwards.
    """
    if config["APP_ENV"] not in ("production", "development"):
        raise RuntimeError("APP_ENV must be production or development")
    public = urlsplit(config.get("PUBLIC_URL") or "")
    if public.scheme not in ("http", "https") or not public.netloc:
        raise RuntimeError("PUBLIC_URL must be set: the address people reach this site at")
    if public.query or public.fragment:
        raise RuntimeError("PUBLIC_URL must be a plain address, without query or fragment")
    if config["APP_ENV"] == "production":
        if public.scheme != "https":
            raise RuntimeError("PUBLIC_URL must be an https:// address in production")
        config["SESSION_COOKIE_SECURE"] = config["REMEMBER_COOKIE_SECURE"] = True
        config["HSTS"] = True


def from_environment() -> dict:
    database_url = (
        os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE / 'hanoi-creative-spaces.sqlite3'}"
    )
    return {
        "SECRET_KEY": _secret_key(),
        "DATABASE_URL": database_url,
        #: Who does the background work: "procrastinate" (PostgreSQL's queue engine: jobs
        #: deferred in the use case's transaction, ``flask --app app jobs worker`` processes on
        #: any machine) or "embedded" (a thread of the development server, ``jobs run``).
        "QUEUE_ENGINE": os.environ.get("QUEUE_ENGINE")
        or ("procrastinate" if database_url.startswith("postgresql") else "embedded"),
        "SQL_ECHO": _flag("SQL_ECHO", False),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": HANOI.key,
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "app" / "translations"),
        "LANGUAGES": ("vi", "en"),
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Always Secure, not only over HTTPS (app.security adds it then): for deployments that
        # terminate TLS at a proxy without forwarding the scheme.
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        #: Reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
        "PROXY_COUNT": _proxy_count(),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        #: Redis (rate limits shared by every app server); /healthz/ready checks it.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        #: ``Authorization: Bearer …`` that /metrics asks for (required in production).
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN", ""),
        "RATELIMIT_STRATEGY": "moving-window",
        #: Prefix of the rate limiter's keys (deployments or test runs sharing one Redis).
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", ""),
        "RATELIMIT_HEADERS_ENABLED": True,
        #: Sign-in throttling, wrong passwords only (``app.security.SignInThrottle``): from one
        #: address across accounts; from one client on one account (growing waits); on one
        #: account from clients that never signed in to it (keep the hour under 100).
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "30/minute;300/day"),
        "LOGIN_LIMIT_PER_CLIENT": os.environ.get(
            "LOGIN_LIMIT_PER_CLIENT", "5/minute;15/hour;40/day"
        ),
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get(
            "LOGIN_LIMIT_PER_ACCOUNT", "10/minute;60/hour;300/day"
        ),
        "REGISTER_LIMIT_PER_ADDRESS": os.environ.get("REGISTER_LIMIT_PER_ADDRESS", "10/hour"),
        "BOOKING_LIMIT_PER_ACCOUNT": os.environ.get("BOOKING_LIMIT_PER_ACCOUNT", "30/minute"),
        "APP_ENV": _environment(),
        #: The labelled demo payment provider (no money moves). Off in production: there, card
        #: payments need a real gateway.
        "DEMO_PAYMENTS": _flag("DEMO_PAYMENTS", _environment() == "development"),
        #: Largest request body (form or JSON) the app reads.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
        #: The address messages come from; also the ORGANIZER of calendar events.
        "MAIL_FROM": os.environ.get("MAIL_FROM", "no-reply@hanoicreativespaces.vn"),
        #: The SMTP server that sends messages; empty (the embedded default): messages are written
        #: to MAIL_OUTBOX_DIR as .eml files (listed at /dev/mail in development).
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        #: STARTTLS before logging in (most submission servers on port 587 require it).
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", True),
        "MAIL_OUTBOX_DIR": os.environ.get("MAIL_OUTBOX_DIR") or str(INSTANCE / "outbox"),
        #: Hours before a session its reminder goes out.
        "REMINDER_HOURS_BEFORE": int(os.environ.get("REMINDER_HOURS_BEFORE", "24")),
        # Days after which sent messages' bodies and bank notifications' payloads are deleted.
        "RETENTION_DAYS": _retention_days(),
        #: Minutes before held seats go back that the person is warned.
        "HOLD_WARNING_MINUTES": int(os.environ.get("HOLD_WARNING_MINUTES", "10")),
        #: Hour (Hanoi time) from which staff get the summary of the day's sessions.
        "STAFF_SUMMARY_HOUR": int(os.environ.get("STAFF_SUMMARY_HOUR", "7")),
        #: This site's address as people reach it: every public link (API answers, feeds,
        #: emails, payment return addresses) is built from it, never from the request's Host.
        #: Required in production; development defaults to ``make run``'s address.
        "PUBLIC_URL": (os.environ.get("PUBLIC_URL") or "").strip()
        or ("" if _environment() == "production" else f"http://127.0.0.1:{_port()}"),
        #: Run event handlers right after each commit (embedded mode); false leaves them to
        #: ``flask --app app jobs run`` / a worker.
        "EVENTS_INLINE": _flag("EVENTS_INLINE", True),
        #: Stripe (card payments). Without a key, the demo provider is used where allowed.
        #: Secrets: read from the environment only, never logged or shown.
        "STRIPE_SECRET_KEY": os.environ.get("STRIPE_SECRET_KEY", ""),
        "STRIPE_WEBHOOK_SECRET": os.environ.get("STRIPE_WEBHOOK_SECRET", ""),
        #: Another address for Stripe's API (the tests' local Stripe).
        "STRIPE_API_BASE": os.environ.get("STRIPE_API_BASE", ""),
        #: payOS: the key that encrypts spaces' payOS credentials (a Fernet key). Without it a
        #: production server accepts no credentials; development derives one from SECRET_KEY.
        "PAYOS_ENCRYPTION_KEY": os.environ.get("PAYOS_ENCRYPTION_KEY", ""),
        #: Another address for payOS's API (the tests' local payOS).
        "PAYOS_API_BASE": os.environ.get("PAYOS_API_BASE", ""),
        #: Minutes seats stay held while a person pays by card (longer than a Stripe Checkout).
        "HOLD_MINUTES": int(os.environ.get("HOLD_MINUTES", "35")),
        #: Minutes seats stay held while a bank transfer is on its way.
        "TRANSFER_HOLD_MINUTES": int(os.environ.get("TRANSFER_HOLD_MINUTES", "30")),
    }
