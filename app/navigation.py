"""Where to send people next: only ever to a path of this site."""

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target: str | None, default_endpoint: str = "catalogue.home") -> str:
    """``target`` when it is a local path, else ``default_endpoint``'s page.

    Refused: anything that could lead to another host (``//evil.example``, ``https://…``,
    ``/\\evil``, ``javascript:``) or that carries control characters.
    """
    if not target:
        return url_for(default_endpoint)
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(ch) < 32 for ch in target)
    ):
        return url_for(default_endpoint)
    return target
