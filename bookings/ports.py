"""What the domain asks of the world around it without knowing how it is done: addresses of
this site's pages (built by the web layer from its URL map and public address)."""

from typing import Protocol


class Links(Protocol):
    """Absolute addresses of this site's pages, for messages, calendars and payment providers."""

    def home(self) -> str: ...

    def profile(self) -> str: ...

    def session(self, session_id: int) -> str: ...

    def session_ics(self, session_id: int) -> str: ...

    def booking(self, booking_id: int) -> str: ...

    def pay(self, reference: str) -> str:
        """Our page that sends the person on to pay (the gateway's checkout)."""

    def payment_return(self, reference: str) -> str:
        """Where a provider sends the person back after paying."""

    def demo_checkout(self, reference: str) -> str:
        """The demo provider's checkout: a path of this site, so that it works on whatever
        address the site is reached at."""

    def offer(self, secret: str) -> str: ...

    def verify_email(self, secret: str) -> str: ...

    def reset_password(self, secret: str) -> str: ...

    def manage_space(self, slug: str) -> str: ...

    def forgot_password(self) -> str:
        """Where a person asks for a password reset link."""

    def invitations(self) -> str:
        """Where a logged-in person sees and accepts the team invitations for their address."""


class Templates(Protocol):
    """The web layer's templates and translations, for what is rendered outside a request
    (messages): one set of templates, filters and catalogues for pages and mail alike."""

    def render(self, name: str, language: str, values: dict) -> str:
        """Template ``name`` (``mail/welcome.txt``) rendered in ``language``."""

    def translate(self, text: str, language: str) -> str:
        """The msgid ``text`` in ``language``."""
