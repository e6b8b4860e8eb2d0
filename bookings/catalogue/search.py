"""Read side of the network's catalogue: spaces and upcoming sessions, with filters.

Every query here loads a page in a constant number of statements, however many rows it holds.
"""

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import Row, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from bookings.catalogue.pagination import Page, decode_cursor, encode_cursor
from bookings.errors import N_, InvalidCursor, NotFound
from models import Space, UTCDateTime, Workshop, WorkshopSession
from models.space import SpaceDiscipline
from models.statuses import SessionStatus, SpaceStatus, WorkshopStatus
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
    #: Only sessions of these workshops (a ranked search's matches); None: any workshop.
    workshops: tuple[int, ...] | None = None


def like_tokens(q: str) -> list[str]:
    """LIKE patterns, one per word of the folded query (every word must match)."""
    escaped = fold(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [f"%{word}%" for word in escaped.split()]


def list_spaces(
    db: Session, filters: SpaceFilters, *, limit: int = 20, cursor: str | None = None
) -> Page[Space]:
    """Active member spaces matching ``filters``, by name ignoring diacritics."""
    query = select(Space).where(Space.status == SpaceStatus.ACTIVE)
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
    for pattern in like_tokens(filters.q):
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
        .where(Space.slug == slug, Space.status == SpaceStatus.ACTIVE)
        .options(selectinload(Space.discipline_rows))
    )
    if space is None:
        raise NotFound(N_("We could not find that space."))
    return space


#: What a listing shows of a session: plain rows, no ORM objects, so a page of 100 stays cheap.
LISTING_COLUMNS = (
    WorkshopSession.id,
    WorkshopSession.starts_at,
    WorkshopSession.ends_at,
    WorkshopSession.capacity,
    (WorkshopSession.capacity - WorkshopSession.seats_taken).label("seats_left"),
    WorkshopSession.waitlist_length,
    WorkshopSession.status,
    Workshop.id.label("workshop_id"),
    Workshop.title,
    Workshop.title_en,
    Workshop.discipline,
    Workshop.language,
    Workshop.price,
    Space.slug.label("space_slug"),
    Space.name.label("space_name"),
    Space.district.label("space_district"),
)


def _listing_query() -> Select:
    return (
        select(*LISTING_COLUMNS)
        .select_from(WorkshopSession)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .join(Space, Space.id == Workshop.space_id)
        .where(Space.status == SpaceStatus.ACTIVE)
    )


@dataclass(frozen=True)
class _SearchShape:
    """Which filters a search uses (not their values): one cached statement per shape."""

    before: bool
    discipline: bool
    space: bool
    district: bool
    available: bool
    free: bool | None
    language: bool
    words: int
    after_cursor: bool
    workshops: bool = False


@lru_cache(maxsize=512)
def _search_statement(shape: _SearchShape) -> Select:
    """The search as a statement with bound parameters, built once per shape of filters."""
    return (
        _filtered(shape)
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
        .limit(bindparam("limit"))
    )


def _filtered(shape: _SearchShape) -> Select:
    """The sessions a search keeps, unordered and unlimited (the page and the count)."""
    query = _listing_query().where(
        WorkshopSession.status == SessionStatus.SCHEDULED,
        Workshop.status == WorkshopStatus.ACTIVE,
        WorkshopSession.starts_at >= bindparam("starts_from"),
    )
    if shape.before:
        query = query.where(WorkshopSession.starts_at < bindparam("starts_before"))
    if shape.discipline:
        query = query.where(Workshop.discipline == bindparam("discipline"))
    if shape.space:
        query = query.where(Space.slug == bindparam("space"))
    if shape.district:
        query = query.where(Space.district == bindparam("district"))
    if shape.available:
        query = query.where(WorkshopSession.seats_taken < WorkshopSession.capacity)
    if shape.free is True:
        query = query.where(Workshop.price == 0)
    elif shape.free is False:
        query = query.where(Workshop.price > 0)
    if shape.language:
        query = query.where(Workshop.language.in_([bindparam("language"), "vi+en"]))
    if shape.words:
        haystack = Workshop.search_text + " " + Space.search_text
        matching = (
            select(Workshop.id)
            .join(Space, Space.id == Workshop.space_id)
            .where(*(haystack.like(bindparam(f"word{n}"), escape="\\") for n in range(shape.words)))
        )
        query = query.where(WorkshopSession.workshop_id.in_(matching))
    if shape.workshops:
        query = query.where(
            WorkshopSession.workshop_id.in_(bindparam("workshop_ids", expanding=True))
        )
    if shape.after_cursor:
        after, after_id = bindparam("after", type_=UTCDateTime), bindparam("after_id")
        query = query.where(
            or_(
                WorkshopSession.starts_at > after,
                and_(WorkshopSession.starts_at == after, WorkshopSession.id > after_id),
            )
        )
    return query


def search_sessions(
    db: Session,
    filters: SessionFilters,
    *,
    now: datetime,
    limit: int = 20,
    cursor: str | None = None,
) -> Page[Row]:
    """Upcoming scheduled sessions matching ``filters``, soonest first, one statement a page.

    Rows carry ``LISTING_COLUMNS``. Words of ``q`` must each appear in the workshop's texts or
    its space's name, ignoring case and diacritics.
    """
    params, shape = _search_parameters(filters, now=now, limit=limit, cursor=cursor)
    # Plain rows through the session's connection: the ORM has no objects to track here.
    rows = list(db.connection().execute(_search_statement(shape), params))
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = (
        encode_cursor(rows[-1].starts_at.astimezone(UTC).isoformat(), rows[-1].id)
        if has_more
        else None
    )
    return Page(rows, next_cursor)


def _search_parameters(
    filters: SessionFilters, *, now: datetime, limit: int, cursor: str | None
) -> tuple[dict[str, object], _SearchShape]:
    words = like_tokens(filters.q)
    params: dict[str, object] = {
        "starts_from": max(now, filters.starts_from or now),
        "starts_before": filters.starts_before,
        "discipline": filters.discipline,
        "space": filters.space,
        "district": filters.district,
        "language": filters.language,
        "limit": limit + 1,
        "workshop_ids": list(filters.workshops or ()),
    }
    params.update((f"word{n}", word) for n, word in enumerate(words))
    if cursor:
        params["after"], params["after_id"] = _decode_session_cursor(cursor)
    shape = _SearchShape(
        before=filters.starts_before is not None,
        discipline=bool(filters.discipline),
        space=bool(filters.space),
        district=bool(filters.district),
        available=filters.available,
        free=filters.free,
        language=bool(filters.language),
        words=len(words),
        after_cursor=bool(cursor),
        workshops=filters.workshops is not None,
    )
    return params, shape


def count_sessions(db: Session, filters: SessionFilters, *, now: datetime) -> int:
    """How many sessions ``search_sessions`` finds in all its pages."""
    params, shape = _search_parameters(filters, now=now, limit=0, cursor=None)
    statement = select(func.count()).select_from(_filtered(shape).subquery())
    return db.connection().execute(statement, params).scalar_one()


_WORD = re.compile(r"\w+")


def _words(folded: str) -> set[str]:
    return set(_WORD.findall(folded))


@dataclass(frozen=True)
class RankedSearch:
    """A page of a ranked search, how many sessions it found in all, and where its words were
    found: ``titles`` (a title, a discipline or a space's name) or ``descriptions``."""

    page: Page[Row]
    total: int
    matched_in: str | None


def search_sessions_ranked(
    db: Session,
    filters: SessionFilters,
    *,
    now: datetime,
    discipline_words: dict[str, str],
    limit: int = 20,
    cursor: str | None = None,
) -> RankedSearch:
    """Upcoming sessions for people who type words: every word must match a whole word
    (ignoring case and diacritics) of the workshop's title, its discipline
    (``discipline_words``: the discipline's names in every language) or its space's name;
    only when no session matches that way do descriptions count. So "gom" finds the ceramics
    classes, not a cinema whose description says "giá vé đã gồm một đồ uống", and "in lua" finds
    screen printing, not every text with "in". Soonest first, like ``search_sessions``.
    """
    wanted = _words(fold(filters.q))
    if not wanted:
        page = search_sessions(db, filters, now=now, limit=limit, cursor=cursor)
        return RankedSearch(page, count_sessions(db, filters, now=now), None)
    in_titles, in_descriptions = _matching_workshops(db, wanted, discipline_words)
    narrowed = replace(filters, q="", workshops=tuple(in_titles))
    total, matched_in = count_sessions(db, narrowed, now=now), "titles"
    if not total:
        narrowed = replace(filters, q="", workshops=tuple(in_descriptions))
        total, matched_in = count_sessions(db, narrowed, now=now), "descriptions"
    page = search_sessions(db, narrowed, now=now, limit=limit, cursor=cursor)
    return RankedSearch(page, total, matched_in if total else None)


def _matching_workshops(
    db: Session, wanted: set[str], discipline_words: dict[str, str]
) -> tuple[list[int], list[int]]:
    """Active workshops whose titles, discipline or space name hold every wanted word, and
    those whose texts (descriptions included) do; SQL only narrows the candidates (each word
    somewhere in their texts, or the name of their discipline)."""
    disciplines = {code: _words(fold(names)) for code, names in discipline_words.items()}
    haystack = Workshop.search_text + " " + Space.search_text
    somewhere = [
        or_(
            haystack.like(pattern, escape="\\"),
            Workshop.discipline.in_([code for code, names in disciplines.items() if word in names]),
        )
        for word, pattern in zip(sorted(wanted), like_tokens(" ".join(sorted(wanted))), strict=True)
    ]
    candidates = db.execute(
        select(
            Workshop.id,
            Workshop.title,
            Workshop.title_en,
            Workshop.discipline,
            Workshop.search_text,
            Space.search_text,
        )
        .join(Space, Space.id == Workshop.space_id)
        .where(Workshop.status == "active", Space.status == "active", *somewhere)
    )
    in_titles, in_descriptions = [], []
    for workshop_id, title, title_en, discipline, texts, space_name in candidates:
        named = _words(fold(f"{title} {title_en}")) | _words(space_name)
        named |= disciplines.get(discipline, set())
        if wanted <= named:
            in_titles.append(workshop_id)
        elif wanted <= named | _words(texts):
            in_descriptions.append(workshop_id)
    return in_titles, in_descriptions


def _decode_session_cursor(cursor: str) -> tuple[datetime, int]:
    starts_at_iso, session_id = decode_cursor(cursor, str, int)
    try:
        after = datetime.fromisoformat(starts_at_iso)
    except ValueError as exc:
        raise InvalidCursor() from exc
    if after.tzinfo is None:
        raise InvalidCursor()
    return after, session_id


def get_session_listing(db: Session, session_id: int) -> Row:
    """One session as a listing row (``LISTING_COLUMNS``), past or future, any status."""
    row = db.execute(_listing_query().where(WorkshopSession.id == session_id)).first()
    if row is None:
        raise NotFound(N_("We could not find that session."))
    return row


def get_session(db: Session, session_id: int) -> WorkshopSession:
    """One session of an active space with its workshop and space, past or future, any status."""
    sitting = db.scalar(
        select(WorkshopSession)
        .join(WorkshopSession.workshop)
        .join(Workshop.space)
        .where(WorkshopSession.id == session_id, Space.status == SpaceStatus.ACTIVE)
        .options(contains_eager(WorkshopSession.workshop).contains_eager(Workshop.space))
    )
    if sitting is None:
        raise NotFound(N_("We could not find that session."))
    return sitting
