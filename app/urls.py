"""Addresses of this site: the domain's ``Links`` (absolute, built from ``PUBLIC_URL`` with the
URL map, no request needed) and a person's feed links for pages and the API."""

from urllib.parse import urlsplit

from flask import Flask, current_app, url_for


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


def feed_links(user) -> dict[str, str]:
    """The person's feed as an https link and as a ``webcal://`` link (calendar apps subscribe)."""
    url = url_for("calendars.personal_ics", token=user.calendar_token, _external=True)
    if url.startswith("http://") and current_app.config["PREFERRED_URL_SCHEME"] == "https":
        url = "https://" + url.removeprefix("http://")
    return {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}
