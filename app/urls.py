"""Addresses of this site: the domain's ``Links`` (absolute, built from ``PUBLIC_URL`` with the
URL map, no request needed) and a person's feed links for pages and the API."""

from urllib.parse import urlsplit

from flask import Flask, current_app


class SiteLinks:
    """``bookings.ports.Links`` for this app: every address the domain puts in messages,
    calendars and payment providers' return addresses."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def _build(self, endpoint: str, **values) -> str:
        public = urlsplit(self._app.config["PUBLIC_URL"])
        adapter = self._app.url_map.bind(
            public.netloc, script_name=public.path or "/", url_scheme=public.scheme or "http"
        )
        return adapter.build(endpoint, values, force_external=True)

    def home(self) -> str:
        return self._build("catalogue.home")

    def profile(self) -> str:
        return self._build("auth.profile")

    def session(self, session_id: int) -> str:
        return self._build("catalogue.session", session_id=session_id)

    def session_ics(self, session_id: int) -> str:
        return self._build("calendars.session_ics", session_id=session_id)

    def booking(self, booking_id: int) -> str:
        return self._build("reservations.booking", booking_id=booking_id)

    def pay(self, reference: str) -> str:
        return self._build("payments.pay", reference=reference)

    def payment_return(self, reference: str) -> str:
        return self._build("payments.stripe_return", reference=reference)

    def demo_checkout(self, reference: str) -> str:
        adapter = self._app.url_map.bind("localhost")
        return adapter.build("payments.demo_checkout", {"reference": reference})

    def offer(self, secret: str) -> str:
        return self._build("links.offer", token=secret)

    def verify_email(self, secret: str) -> str:
        return self._build("links.verify_email", token=secret)

    def reset_password(self, secret: str) -> str:
        return self._build("links.reset_password", token=secret)

    def manage_space(self, slug: str) -> str:
        return self._build("manage.space", slug=slug)

    def forgot_password(self) -> str:
        return self._build("links.forgot_password")

    def invitations(self) -> str:
        return self._build("auth.invitations")


def public_url(endpoint: str, **values) -> str:
    """The absolute address of a page of this site as people reach it (``PUBLIC_URL``): never
    built from the request's Host header, which a client or a cache can forge."""
    return SiteLinks(current_app)._build(endpoint, **values)


def feed_links(user) -> dict[str, str]:
    """The person's feed as an https link and as a ``webcal://`` link (calendar apps subscribe)."""
    url = public_url("calendars.personal_ics", token=user.calendar_token)
    return {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}
