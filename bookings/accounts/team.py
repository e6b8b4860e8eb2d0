"""The people who run a member space: owners and staff, appointed and removed; and the
operator's ``users create``."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.accounts.people import add_user, new_user, normalise_email
from bookings.errors import N_, NotFound, invalid
from bookings.unit.transaction import transaction
from models import Space, StaffMembership, User
from models.user import SPACE_ROLES


def create_user(
    db: Session,
    *,
    email: str,
    password: str,
    name: str | None = None,
    role: str = "resident",
    space_slug: str | None = None,
) -> User:
    """The operator's ``users create``: an account with a role, checked like any registration.

    ``role`` is ``resident``, ``staff`` (of ``space_slug``, required) or ``admin`` (who may also be
    made staff of a space). All or nothing: one transaction.
    """
    if role not in ("resident", "staff", "admin"):
        raise invalid("role", N_("must be one of: %(choices)s"), choices="resident, staff, admin")
    if role == "staff" and not space_slug:
        raise invalid("space", N_("is required for staff"))
    user = new_user(email, password, name or email.strip().split("@")[0], "vi")
    user.is_admin = role == "admin"
    with transaction(db):
        if space_slug:
            user.memberships = [StaffMembership(space=_space(db, space_slug), role="staff")]
        add_user(db, user)
    return user


def _space(db: Session, slug: str) -> Space:
    space = db.scalar(select(Space).where(Space.slug == slug))
    if space is None:
        raise invalid("space", N_("no member space has this code"))
    return space


def appoint_staff(db: Session, *, space_slug: str, email: str, role: str) -> StaffMembership:
    """Make the person with ``email`` owner or staff of the space (or change their role).

    The person must already have an account: they register, then the space's admin appoints
    them.
    """
    if role not in SPACE_ROLES:
        raise invalid("role", N_("must be one of: %(choices)s"), choices=", ".join(SPACE_ROLES))
    with transaction(db):
        space = _space(db, space_slug)
        user = db.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise invalid("email", N_("nobody has an account with this email address yet"))
        membership = db.get(StaffMembership, (user.id, space.id))
        if membership is None:
            membership = StaffMembership(user=user, space=space, role=role)
            db.add(membership)
        membership.role = role
    return membership


def remove_staff(db: Session, *, space_slug: str, user_id: int) -> None:
    """End a person's role in the space; ``NotFound`` when they had none."""
    with transaction(db):
        space = _space(db, space_slug)
        membership = db.get(StaffMembership, (user_id, space.id))
        if membership is None:
            raise NotFound(N_("This person is not on the team."))
        db.delete(membership)


def space_team(db: Session, space_id: int) -> list[StaffMembership]:
    """The people who work for a space, owners first, then by name."""
    return list(
        db.scalars(
            select(StaffMembership)
            .join(StaffMembership.user)
            .where(StaffMembership.space_id == space_id)
            .order_by(StaffMembership.role, User.name, User.id)
        )
    )
