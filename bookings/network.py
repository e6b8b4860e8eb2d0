"""The network admins' view: every member space, whatever its status, with its team."""

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, selectinload

from bookings.errors import N_, NotFound
from models import Space, StaffMembership


def spaces_with_team_sizes(db: Session) -> list[Row]:
    """Every member space (active or suspended) by name, with how many people work for it."""
    team = (
        select(StaffMembership.space_id, func.count().label("team_size"))
        .group_by(StaffMembership.space_id)
        .subquery()
    )
    return list(
        db.execute(
            select(
                Space.slug,
                Space.name,
                Space.kind,
                Space.district,
                Space.status,
                func.coalesce(team.c.team_size, 0).label("team_size"),
            )
            .outerjoin(team, team.c.space_id == Space.id)
            .order_by(Space.search_text, Space.id)
        )
    )


def space_by_slug(db: Session, slug: str) -> Space:
    """A member space whatever its status (staff and admins still see a suspended space)."""
    space = db.scalar(
        select(Space).where(Space.slug == slug).options(selectinload(Space.discipline_rows))
    )
    if space is None:
        raise NotFound(N_("We could not find that space."))
    return space
