"""Dates and times as staff type them (Hanoi's wall clock) and the instants we store."""

from datetime import UTC, date, datetime, time, timedelta

from bookings.formatting import HANOI


def hanoi_instant(day: date, at: time) -> datetime:
    """The instant of ``day`` at ``at`` on Hanoi's clock, in UTC."""
    return datetime.combine(day, at, tzinfo=HANOI).astimezone(UTC)


def hanoi_parts(instant: datetime) -> datetime:
    """An instant on Hanoi's clock (for a form's date and time fields)."""
    return instant.astimezone(HANOI)


def hanoi_day(instant: datetime) -> tuple[datetime, datetime]:
    """The start of the Hanoi day holding ``instant`` and the start of the next one, in UTC."""
    day = instant.astimezone(HANOI).date()
    return hanoi_instant(day, time()), hanoi_instant(day + timedelta(days=1), time())
