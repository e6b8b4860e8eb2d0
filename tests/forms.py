"""Posting forms as a browser does: with the CSRF token of the page that holds the form."""

import re
from html import unescape

_TOKEN = re.compile(r'<input id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client, page: str) -> str:
    """The CSRF token of the form on ``page`` (fetched with the client's cookies)."""
    html = client.get(page).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, f"no CSRF token on {page}"
    return unescape(match.group(1))


def post_form(client, url: str, data: dict, *, page: str | None = None, **kwargs):
    """POST ``data`` to ``url`` with the CSRF token of ``page`` (default: ``url`` itself)."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, page or url)}, **kwargs)


def text(response) -> str:
    return unescape(response.get_data(as_text=True))
