"""Addresses that no other test has taken: the browser tests share one served database per test
process, so a fixed address would make a test depend on which ran before it (or fail on a
second run against the same server)."""

import secrets


def unique_address(who: str) -> str:
    """``who.<random>@example.com``, lower case as the app stores it."""
    return f"{who}.{secrets.token_hex(3)}@example.com"
