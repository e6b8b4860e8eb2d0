"""The network admins' view: every member space, whatever its status, with its team."""

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Row, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from bookings.errors import N_, InvalidInput, Message, NotFound, invalid
from bookings.events import SpaceChanged
from bookings.unit.audit import record_action
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import Booking, Space, StaffMembership, Workshop, WorkshopSession
from models.space import DISCIPLINES, DISTRICTS, SPACE_KINDS
from models.statuses import ACTIVE_BOOKINGS, SessionStatus, SpaceStatus
from models.text import fold

#: How the admins' table of spaces can be sorted: name → the column(s) it sorts by.
SPACE_SORTS = ("name", "kind", "district", "team", "upcoming", "status")


@dataclass(frozen=True)
class SpaceSearch:
    """The admins' filters over every member space."""

    q: str = ""
    kind: str | None = None
    district: str | None = None
    #: ``active`` or ``suspended``; None: both.
    status: str | None = None
    #: A name of ``SPACE_SORTS``; ``descending`` reverses it.
    sort: str = "name"
    descending: bool = False


def find_spaces(db: Session, search: SpaceSearch, *, now: datetime) -> list[Row]:
    """Member spaces (active or suspended) matching ``search``, each with its team size and its
    number of upcoming scheduled sessions, sorted as asked (then by name). The name, address
    and certificate number are searched ignoring case and diacritics."""
    team = (
        select(StaffMembership.space_id, func.count().label("team_size"))
        .group_by(StaffMembership.space_id)
        .subquery()
    )
    upcoming = (
        select(Workshop.space_id, func.count().label("upcoming"))
        .join(WorkshopSession, WorkshopSession.workshop_id == Workshop.id)
        .where(WorkshopSession.status == SessionStatus.SCHEDULED, WorkshopSession.starts_at > now)
        .group_by(Workshop.space_id)
        .subquery()
    )
    team_size = func.coalesce(team.c.team_size, 0).label("team_size")
    upcoming_count = func.coalesce(upcoming.c.upcoming, 0).label("upcoming")
    query = (
        select(
            Space.slug,
            Space.name,
            Space.kind,
            Space.district,
            Space.status,
            Space.certificate_number,
            team_size,
            upcoming_count,
        )
        .outerjoin(team, team.c.space_id == Space.id)
        .outerjoin(upcoming, upcoming.c.space_id == Space.id)
    )
    for word in fold(search.q).split():
        pattern = f"%{word}%"
        query = query.where(
            or_(
                Space.search_text.like(pattern),
                func.lower(Space.slug).like(pattern),
                func.lower(func.coalesce(Space.certificate_number, "")).like(pattern),
            )
        )
    for column, wanted in ((Space.kind, search.kind), (Space.district, search.district)):
        if wanted:
            query = query.where(column == wanted)
    if search.status:
        query = query.where(Space.status == search.status)
    keys = {
        "name": Space.search_text,
        "kind": Space.kind,
        "district": Space.district,
        "team": team_size,
        "upcoming": upcoming_count,
        "status": Space.status,
    }
    key = keys.get(search.sort, Space.search_text)
    query = query.order_by(key.desc() if search.descending else key, Space.search_text, Space.id)
    return list(db.execute(query))


def count_spaces(db: Session) -> int:
    """Every member space, active or suspended."""
    return db.scalar(select(func.count()).select_from(Space))


@dataclass(frozen=True)
class SuspensionImpact:
    """What suspending a space touches: its upcoming scheduled sessions and the bookings (and
    places in line) people hold for them."""

    sessions: int
    bookings: int


def suspension_impact(db: Session, *, slug: str, now: datetime) -> SuspensionImpact:
    space = space_by_slug(db, slug)
    upcoming = (
        select(WorkshopSession.id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(
            Workshop.space_id == space.id,
            WorkshopSession.status == SessionStatus.SCHEDULED,
            WorkshopSession.starts_at > now,
        )
    )
    sessions = db.scalar(select(func.count()).select_from(upcoming.subquery()))
    bookings = db.scalar(
        select(func.count()).where(
            Booking.session_id.in_(upcoming), Booking.status.in_(ACTIVE_BOOKINGS)
        )
    )
    return SuspensionImpact(sessions, bookings)


def space_by_slug(db: Session, slug: str) -> Space:
    """A member space whatever its status (staff and admins still see a suspended space)."""
    space = db.scalar(
        select(Space).where(Space.slug == slug).options(selectinload(Space.discipline_rows))
    )
    if space is None:
        raise NotFound(N_("We could not find that space."))
    return space


@dataclass
class SpaceDraft:
    """What an admin fills in for a member space and its membership record."""

    name: str
    kind: str
    district: str
    address: str
    disciplines: list[str]
    description: str = ""
    description_en: str = ""
    website: str | None = None
    member_since: date | None = None
    certificate_number: str | None = None
    phone: str = ""
    email: str = ""
    messenger_url: str = ""


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


_PHONE = re.compile(r"^\+?[0-9 .()-]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _contact_errors(phone: str, email: str, messenger_url: str) -> dict[str, Message]:
    """What is wrong with a space's phone, email and chat link (each may be empty)."""
    errors: dict[str, Message] = {}
    digits = sum(ch.isdigit() for ch in phone)
    if phone and (not _PHONE.match(phone) or not 8 <= digits <= 15 or len(phone) > 40):
        errors["phone"] = Message(N_("write a phone number with its digits, such as 024 3823 4567"))
    if email and (not _EMAIL.match(email) or len(email) > 254):
        errors["email"] = Message(N_("must be an email address such as lan@example.com"))
    if messenger_url and (not messenger_url.startswith("https://") or len(messenger_url) > 300):
        errors["messenger_url"] = Message(
            N_("must be a link that starts with https://, such as https://zalo.me/0912345678")
        )
    return errors


def _clean_contact(draft) -> None:
    draft.phone = " ".join((draft.phone or "").split())
    draft.email = (draft.email or "").strip().lower()
    draft.messenger_url = (draft.messenger_url or "").strip()


def _check_space(draft: SpaceDraft) -> None:
    _clean_contact(draft)
    errors = _contact_errors(draft.phone, draft.email, draft.messenger_url)
    draft.name = " ".join(draft.name.split())
    draft.address = " ".join(draft.address.split())
    draft.certificate_number = (draft.certificate_number or "").strip() or None
    draft.website = (draft.website or "").strip() or None
    if not 1 <= len(draft.name) <= 200:
        errors["name"] = Message(N_("must have 1 to %(n)d characters"), {"n": 200})
    if not 1 <= len(draft.address) <= 300:
        errors["address"] = Message(N_("must have 1 to %(n)d characters"), {"n": 300})
    if draft.kind not in SPACE_KINDS:
        errors["kind"] = Message(
            N_("must be one of: %(choices)s"), {"choices": ", ".join(SPACE_KINDS)}
        )
    if draft.district not in DISTRICTS:
        errors["district"] = Message(
            N_("must be one of: %(choices)s"), {"choices": ", ".join(DISTRICTS)}
        )
    if not draft.disciplines or not set(draft.disciplines) <= set(DISCIPLINES):
        errors["disciplines"] = Message(N_("choose at least one discipline"))
    if draft.website and not draft.website.startswith(("https://", "http://")):
        errors["website"] = Message(N_("must start with https://"))
    if draft.certificate_number and len(draft.certificate_number) > 40:
        errors["certificate_number"] = Message(N_("must have at most %(n)d characters"), {"n": 40})
    if errors:
        raise InvalidInput(errors)


def space_errors(draft: SpaceDraft, *, slug: str | None = None) -> dict[str, Message]:
    """What ``add_space`` (with ``slug``) or ``update_space`` would refuse about the draft,
    short of a taken slug or certificate (the draft itself is left as it is)."""
    errors: dict[str, Message] = {}
    try:
        _check_space(replace(draft))
    except InvalidInput as error:
        errors.update(error.fields)
    if slug is not None and not _valid_slug(slug.strip().lower()):
        errors["slug"] = Message(N_("use lowercase letters, digits and dashes"))
    return errors


def contact_errors(contact: "Contact") -> dict[str, Message]:
    """What ``update_contact`` would refuse about it (the contact itself is left as it is)."""
    checked = replace(contact)
    _clean_contact(checked)
    return _contact_errors(checked.phone, checked.email, checked.messenger_url)


def _valid_slug(slug: str) -> bool:
    return bool(_SLUG.match(slug)) and len(slug) <= 80


def _certificate_taken(db: Session, number: str | None, space_id: int | None) -> None:
    if number is None:
        return
    other = db.scalar(select(Space.id).where(Space.certificate_number == number))
    if other is not None and other != space_id:
        raise invalid("certificate_number", N_("belongs to another space"))


def add_space(db: Session, *, slug: str, draft: SpaceDraft, now: datetime) -> Space:
    """Admit a member space (active at once). InvalidInput names every bad field; the slug is
    its address (``/spaces/<slug>``) and must be free."""
    _check_space(draft)
    slug = slug.strip().lower()
    if not _valid_slug(slug):
        raise invalid("slug", N_("use lowercase letters, digits and dashes"))
    with transaction(db):
        if db.scalar(select(Space.id).where(Space.slug == slug)) is not None:
            raise invalid("slug", N_("is taken by another space"))
        _certificate_taken(db, draft.certificate_number, None)
        space = Space(slug=slug, status=SpaceStatus.ACTIVE, created_at=now, **_columns(draft))
        space.disciplines = draft.disciplines
        db.add(space)
        db.flush()
        record(db, SpaceChanged(space.id, space.status, 0), now=now)
        record_action(db, "space.admitted", f"space:{space.slug}", now=now)
    return space


def _columns(draft: SpaceDraft) -> dict:
    return {name: value for name, value in vars(draft).items() if name != "disciplines"}


def update_space(db: Session, *, slug: str, draft: SpaceDraft, now: datetime) -> Space:
    """Change a member space and its membership record. When its name or address changes, its
    upcoming sessions' SEQUENCE rises, so calendars that hold them update their place."""
    _check_space(draft)
    with transaction(db):
        space = space_by_slug(db, slug)
        _certificate_taken(db, draft.certificate_number, space.id)
        moved = (draft.name, draft.address) != (space.name, space.address)
        for name, value in _columns(draft).items():
            setattr(space, name, value)
        space.disciplines = draft.disciplines
        updated = _touch_upcoming_sessions(db, space.id, now) if moved else 0
        record(db, SpaceChanged(space.id, space.status, updated), now=now)
    return space


def _touch_upcoming_sessions(db: Session, space_id: int, now: datetime) -> int:
    workshop_ids = select(Workshop.id).where(Workshop.space_id == space_id)
    result = db.execute(
        update(WorkshopSession)
        .where(
            WorkshopSession.workshop_id.in_(workshop_ids),
            WorkshopSession.ends_at > now,
            WorkshopSession.status == SessionStatus.SCHEDULED,
        )
        .values(sequence=WorkshopSession.sequence + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


@dataclass
class Contact:
    """How people reach a space about their bookings; empty parts are not shown."""

    phone: str = ""
    email: str = ""
    messenger_url: str = ""


def update_contact(db: Session, *, slug: str, contact: Contact, now: datetime) -> Space:
    """Staff change how people reach their space (shown on its page and on every ticket).
    InvalidInput names every part that is not a phone number, an email address or an https
    link."""
    _clean_contact(contact)
    errors = _contact_errors(contact.phone, contact.email, contact.messenger_url)
    if errors:
        raise InvalidInput(errors)
    with transaction(db):
        space = space_by_slug(db, slug)
        space.phone, space.email = contact.phone, contact.email
        space.messenger_url = contact.messenger_url
        record(db, SpaceChanged(space.id, space.status, 0), now=now)
    return space


def set_space_status(db: Session, *, slug: str, status: str, now: datetime) -> Space:
    """Suspend a member space (its sessions leave the public catalogue and take no bookings) or
    make it active again."""
    if status not in tuple(SpaceStatus):
        raise invalid("status", N_("must be one of: %(choices)s"), choices=", ".join(SpaceStatus))
    with transaction(db):
        space = space_by_slug(db, slug)
        if space.status != status:
            space.status = status
            record(db, SpaceChanged(space.id, status, 0), now=now)
            action = "space.suspended" if status == SpaceStatus.SUSPENDED else "space.reactivated"
            record_action(db, action, f"space:{space.slug}", now=now)
    return space
