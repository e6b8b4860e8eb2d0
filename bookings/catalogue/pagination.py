"""Keyset pagination: a page of items and an opaque cursor to the next one."""

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from bookings.errors import InvalidCursor

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    #: Opaque cursor of the next page, or None on the last one.
    next: str | None


def encode_cursor(*key: object) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *types: type) -> tuple:
    """The key inside ``cursor``, checked against ``types``; InvalidCursor when it is not ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor() from exc
    if not isinstance(key, list) or len(key) != len(types):
        raise InvalidCursor()
    if not all(
        isinstance(value, kind) and not isinstance(value, bool) and _storable(value)
        for value, kind in zip(key, types, strict=True)
    ):
        raise InvalidCursor()
    return tuple(key)


def _storable(value: object) -> bool:
    """Whether a database can compare a column with it: ints of 64 bits, short strings."""
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, str):
        return len(value) <= 100
    return True
