"""Read side of the network's catalogue: spaces and upcoming sessions, with filters.

Every query here loads a page in a constant number of statements, however many rows it holds.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from bookings.errors import InvalidCursor, NotFound
from bookings.pagination import Page, decode_cursor, encode_cursor
from models import Space, Workshop, WorkshopSession
from models.space import SpaceDiscipline
from models.text import fold


@dataclass(frozen=True)
class SpaceFilters:
    q: str = ""
    kind: str | None = None
    discipline: str | None = None
    district: str | None = None


@dataclass(frozen=True)
class SessionFilters:
    q: str = ""
    discipline: str | None = None
    #: A space's slug.
    space: str | None = None
    district: str | None = None
    #: Sessions starting at or after this instant …
    starts_from: datetime | None = None
    #: … and strictly before this one.
    starts_before: datetime | None = None
    #: Only sessions with at least one seat left.
    available: bool = False
    #: True: free only; False: paid only; None: both.
    free: bool | None = None
    #: A code of ``models.workshop.LANGUAGES``: sessions taught in it (``vi+en`` counts for both).
    language: str | None = None


def _like_tokens(q: str) -> list[str]:
    """LIKE patterns, one per word of the folded query (every word must match)."""
    escaped = fold(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [f"%{word}%" for word in escaped.split()]


def list_spaces(
    db: Session, filters: SpaceFilters, *, limit: int = 20, cursor: str | None = None
) -> Page[Space]:
    """Active member spaces matching ``filters``, by name ignoring diacritics."""
    query = select(Space).where(Space.status == "active")
    if filters.kind:
        query = query.where(Space.kind == filters.kind)
    if filters.district:
        query = query.where(Space.district == filters.district)
    if filters.discipline:
        query = query.where(
            exists().where(
                SpaceDiscipline.space_id == Space.id,
                SpaceDiscipline.discipline == filters.discipline,
            )
        )
    for pattern in _like_tokens(filters.q):
        query = query.where(Space.search_text.like(pattern, escape="\\"))
    if cursor:
        name, space_id = decode_cursor(cursor, str, int)
        query = query.where(
            or_(Space.search_text > name, and_(Space.search_text == name, Space.id > space_id))
        )
    query = query.order_by(Space.search_text, Space.id).limit(limit + 1)
    rows = list(db.scalars(query.options(selectinload(Space.discipline_rows))))
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].search_text, rows[-1].id) if has_more else None
    return Page(rows, next_cursor)


def get_space(db: Session, slug: str) -> Space:
    space = db.scalar(
        select(Space)
        .where(Space.slug == slug, Space.status == "active")
        .options(selectinload(Space.discipline_rows))
    )
    if space is None:
        raise NotFound("no such space")
    return space


def _sessions_query() -> Select[tuple[WorkshopSession]]:
    return (
        select(WorkshopSession)
        .join(WorkshopSession.workshop)
        .join(Workshop.space)
        .where(Space.status == "active")
        .options(contains_eager(WorkshopSession.workshop).contains_eager(Workshop.space))
    )


def search_sessions(
    db: Session,
    filters: SessionFilters,
    *,
    now: datetime,
    limit: int = 20,
    cursor: str | None = None,
) -> Page[WorkshopSession]:
    """Upcoming scheduled sessions matching ``filters``, soonest first, one statement a page."""
    query = _sessions_query().where(
        WorkshopSession.status == "scheduled",
        Workshop.status == "active",
        WorkshopSession.starts_at >= max(now, filters.starts_from or now),
    )
    if filters.starts_before:
        query = query.where(WorkshopSession.starts_at < filters.starts_before)
    if filters.discipline:
        query = query.where(Workshop.discipline == filters.discipline)
    if filters.space:
        query = query.where(Space.slug == filters.space)
    if filters.district:
        query = query.where(Space.district == filters.district)
    if filters.available:
        query = query.where(WorkshopSession.seats_taken < WorkshopSession.capacity)
    if filters.free is True:
        query = query.where(Workshop.price == 0)
    elif filters.free is False:
        query = query.where(Workshop.price > 0)
    if filters.language:
        query = query.where(Workshop.language.in_([filters.language, "vi+en"]))
    haystack = Workshop.search_text + " " + Space.search_text
    for pattern in _like_tokens(filters.q):
        query = query.where(haystack.like(pattern, escape="\\"))
    if cursor:
        starts_at_iso, session_id = decode_cursor(cursor, str, int)
        try:
            after = datetime.fromisoformat(starts_at_iso)
        except ValueError as exc:
            raise InvalidCursor("unknown cursor") from exc
        if after.tzinfo is None:
            raise InvalidCursor("unknown cursor")
        query = query.where(
            or_(
                WorkshopSession.starts_at > after,
                and_(WorkshopSession.starts_at == after, WorkshopSession.id > session_id),
            )
        )
    query = query.order_by(WorkshopSession.starts_at, WorkshopSession.id).limit(limit + 1)
    rows = list(db.scalars(query))
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = (
        encode_cursor(rows[-1].starts_at.astimezone(UTC).isoformat(), rows[-1].id)
        if has_more
        else None
    )
    return Page(rows, next_cursor)


def get_session(db: Session, session_id: int) -> WorkshopSession:
    """One session of an active space, past or future, scheduled or cancelled."""
    sitting = db.scalar(_sessions_query().where(WorkshopSession.id == session_id))
    if sitting is None:
        raise NotFound("no such session")
    return sitting
