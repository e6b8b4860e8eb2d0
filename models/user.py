"""People: accounts, their roles in member spaces, and their personal API tokens."""

import secrets
from datetime import UTC, datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, event, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime
from models.space import Space
from models.statuses import UserStatus

#: Languages a person may choose for pages and messages.
LOCALES = ("vi", "en")

#: Roles of a person in a member space: an owner also manages the space's team.
SPACE_ROLES = ("owner", "staff")


def _now() -> datetime:
    return datetime.now(UTC)


def new_feed_token() -> str:
    """43 random URL-safe characters (256 bits)."""
    return secrets.token_urlsafe(32)


class User(Base):
    """Somebody with an account: every resident; some are also staff of spaces or admins.

    The attributes ``is_authenticated``, ``is_active``, ``is_anonymous`` and ``get_id`` are the
    protocol of the web layer's login manager (duck-typed: this module imports no Flask).
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-cased and trimmed, so that uniqueness ignores case and surrounding spaces.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    #: An argon2id hash (PHC string); never the password.
    password_hash: Mapped[str] = mapped_column(String(200))
    #: A code of ``LOCALES``: the language of the person's pages and messages.
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    #: A ``UserStatus``; a disabled account cannot log in or use its tokens.
    status: Mapped[str] = mapped_column(String(20), default=UserStatus.ACTIVE)
    #: Part of every login cookie; replaced when the password changes, which logs out every
    #: other browser (including "remember me" cookies).
    session_key: Mapped[str] = mapped_column(String(64))
    #: The secret part of the person's calendar feed address (``/calendar/<token>.ics``);
    #: replaced when they reset the link.
    calendar_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_feed_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    #: When the person deleted their account (it is then anonymous and disabled).
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the person followed the link of their welcome message (None: not yet).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Reminders the day before a session (they may opt out; never of money or seats).
    mail_reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: Staff: the morning summary of today's sessions at their spaces.
    mail_summaries: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: The version of the privacy notice the person last agreed to (None: none yet); each
    #: agreement is a ``Consent`` row, this is the latest, read on every page without a query.
    privacy_notice_version: Mapped[str | None] = mapped_column(String(20))

    #: Loaded when a permission needs it (most requests of residents never do).
    memberships: Mapped[list["StaffMembership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.status == UserStatus.ACTIVE

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}"

    @property
    def is_staff(self) -> bool:
        return bool(self.memberships)

    def role_in(self, space_id: int) -> str | None:
        """``owner``, ``staff`` or None: this person's role in the space."""
        for membership in self.memberships:
            if membership.space_id == space_id:
                return membership.role
        return None


class Consent(Base):
    """A person agreed to a version of the privacy notice: when, and on which occasion (a
    ``ConsentOccasion``). Kept as the proof of consent; never changed."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    notice_version: Mapped[str] = mapped_column(String(20))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    occasion: Mapped[str] = mapped_column(String(20))


class StaffMembership(Base):
    """A person who works for a member space, as its owner or as staff."""

    __tablename__ = "staff_memberships"
    __table_args__ = (CheckConstraint("role IN ('owner', 'staff')", name="role_known"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    space_id: Mapped[int] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: A code of ``SPACE_ROLES``.
    role: Mapped[str] = mapped_column(String(20), default="staff")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)

    user: Mapped[User] = relationship(back_populates="memberships")
    space: Mapped[Space] = relationship(lazy="joined")


class ApiToken(Base):
    """A personal bearer token for the JSON API. Only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: What the person called it ("phone app", "created at registration" …).
    label: Mapped[str] = mapped_column(String(80))
    #: Hex SHA-256 of the token: enough to recognise it, useless to anyone who reads it.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The token's first characters, shown in lists so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    #: Updated at most about once an hour, so that using a token rarely writes.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


@event.listens_for(User, "before_insert")
@event.listens_for(User, "before_update")
def _normalise_email(_mapper, _connection, user: User) -> None:
    user.email = user.email.strip().lower()


class TeamInvitation(Base):
    """An offer of a role in a member space, addressed to an email address.

    Only the person who holds the address (an account whose address is confirmed) can accept
    it: registering an address is not owning it.
    """

    __tablename__ = "team_invitations"
    __table_args__ = (CheckConstraint("role IN ('owner', 'staff')", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"), index=True)
    #: Lower-cased and trimmed, as ``User.email``.
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: A code of ``SPACE_ROLES``.
    role: Mapped[str] = mapped_column(String(20))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When it was accepted, or withdrawn by the space (then ``accepted_by_id`` stays empty).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    space: Mapped[Space] = relationship(lazy="joined")

    def is_open(self, now: datetime) -> bool:
        return self.closed_at is None and self.expires_at > now
