"""Hanoi's time and money, the same on pages, in messages and in files: one place."""

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency

#: Every time shown to people is Hanoi's (+07:00, no daylight saving).
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
#: The only currency: VND, which has no minor unit (250000 is 250.000 ₫).
CURRENCY = "VND"


def money(amount: int, language: str) -> str:
    """``250.000 ₫`` in Vietnamese, ``₫250,000`` in English."""
    return format_currency(amount, CURRENCY, locale=language)


def when(value: datetime, language: str, pattern: str = "EEEE d MMMM y, HH:mm") -> str:
    """An instant in Hanoi's time, in a Babel (CLDR) pattern or style."""
    return format_datetime(value, pattern, tzinfo=HANOI, locale=language)


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_bytes(headings: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """Every CSV export: UTF-8 with a byte-order mark (so Excel shows Vietnamese names), and no
    text cell that a spreadsheet would run as a formula, whoever typed it."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in (headings, *rows):
        writer.writerow([safe_cell(cell) if isinstance(cell, str) else cell for cell in row])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
