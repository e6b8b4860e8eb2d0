"""The people who run a member space: owners and staff, invited (only the holder of the
address accepts), removed; and the operator's ``users create``."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.accounts.people import add_user, checked_profile, new_user, normalise_email
from bookings.errors import N_, AddressNotConfirmed, NotFound, invalid
from bookings.events import TeamInvitationSent
from bookings.unit.audit import record_action
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import Space, StaffMembership, TeamInvitation, User
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


#: How long a team invitation can be accepted.
INVITATION_FOR = timedelta(days=14)


def add_to_team(db: Session, *, space_slug: str, user_id: int, role: str) -> StaffMembership:
    """The operator's direct appointment (``users create --space``): the person is known by
    their account, not by an address someone typed."""
    _check_role(role)
    with transaction(db):
        space = _space(db, space_slug)
        membership = db.get(StaffMembership, (user_id, space.id))
        if membership is None:
            membership = StaffMembership(user_id=user_id, space_id=space.id, role=role)
            db.add(membership)
        membership.role = role
    return membership


def _check_role(role: str) -> None:
    if role not in SPACE_ROLES:
        raise invalid("role", N_("must be one of: %(choices)s"), choices=", ".join(SPACE_ROLES))


def invite_to_team(
    db: Session, *, space_slug: str, email: str, role: str, invited_by: int, now: datetime
) -> TeamInvitation | StaffMembership:
    """Offer a role in the space to whoever holds ``email``; or change the role of someone
    already on the team (returning their membership).

    Promises: nobody gets a role by registering an address first: the invitation is mailed to
    the address and only an account whose address is confirmed accepts it
    (``accept_invitation``). The answer is the same whether or not the address has an account.
    """
    _check_role(role)
    address = checked_profile(email, None, None)["email"]
    with transaction(db):
        space = _space(db, space_slug)
        member = db.scalar(
            select(StaffMembership)
            .join(StaffMembership.user)
            .where(StaffMembership.space_id == space.id, User.email == address)
        )
        if member is not None:
            if member.role != role:
                member.role = role
                record_action(db, "team.role_changed", f"user:{member.user_id} {role}@{space.slug}")
            return member
        invitation = TeamInvitation(
            space_id=space.id,
            email=address,
            role=role,
            invited_by_id=invited_by,
            created_at=now,
            expires_at=now + INVITATION_FOR,
        )
        db.add(invitation)
        db.flush()
        record(db, TeamInvitationSent(invitation.id, now), now=now)
        record_action(db, "team.invited", f"{address} {role}@{space.slug}", now=now)
    return invitation


def open_invitations(db: Session, *, email: str, now: datetime) -> list[TeamInvitation]:
    """Invitations still open for this address, newest first."""
    return list(
        db.scalars(
            select(TeamInvitation)
            .where(
                TeamInvitation.email == normalise_email(email),
                TeamInvitation.closed_at.is_(None),
                TeamInvitation.expires_at > now,
            )
            .order_by(TeamInvitation.created_at.desc(), TeamInvitation.id.desc())
        )
    )


def space_invitations(db: Session, space_id: int, *, now: datetime) -> list[TeamInvitation]:
    """The space's invitations nobody has accepted yet (for its team page)."""
    return list(
        db.scalars(
            select(TeamInvitation)
            .where(
                TeamInvitation.space_id == space_id,
                TeamInvitation.closed_at.is_(None),
                TeamInvitation.expires_at > now,
            )
            .order_by(TeamInvitation.created_at.desc())
        )
    )


def accept_invitation(
    db: Session, *, invitation_id: int, user_id: int, now: datetime
) -> StaffMembership:
    """Take the role an invitation offers, as the person holding its address.

    ``NotFound`` for an invitation that is not open or not addressed to this person's address;
    ``AddressNotConfirmed`` while their address is not confirmed (whoever registered it first
    may not own it).
    """
    with transaction(db):
        invitation = db.get(TeamInvitation, invitation_id)
        user = db.get_one(User, user_id)
        if invitation is None or not invitation.is_open(now) or invitation.email != user.email:
            raise NotFound(N_("This invitation is not open, or it is for another address."))
        if user.email_verified_at is None:
            raise AddressNotConfirmed()
        membership = db.get(StaffMembership, (user.id, invitation.space_id))
        if membership is None:
            membership = StaffMembership(user_id=user.id, space_id=invitation.space_id)
            db.add(membership)
        membership.role = invitation.role
        invitation.closed_at, invitation.accepted_by_id = now, user.id
        record_action(
            db, "team.joined", f"user:{user.id} {invitation.role}@{invitation.space.slug}"
        )
    return membership


def withdraw_invitation(db: Session, *, space_slug: str, invitation_id: int, now: datetime) -> None:
    """The space takes back an invitation nobody accepted; ``NotFound`` otherwise."""
    with transaction(db):
        space = _space(db, space_slug)
        invitation = db.get(TeamInvitation, invitation_id)
        if invitation is None or invitation.space_id != space.id or not invitation.is_open(now):
            raise NotFound(N_("This invitation is not open."))
        invitation.closed_at = now
        record_action(db, "team.invitation_withdrawn", f"{invitation.email}@{space.slug}")


def remove_staff(db: Session, *, space_slug: str, user_id: int) -> None:
    """End a person's role in the space; ``NotFound`` when they had none."""
    with transaction(db):
        space = _space(db, space_slug)
        membership = db.get(StaffMembership, (user_id, space.id))
        if membership is None:
            raise NotFound(N_("This person is not on the team."))
        db.delete(membership)
        record_action(db, "team.removed", f"user:{user_id}@{space.slug}")


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
