"""Consent to the privacy notice (Vietnam's Decree 13/2023): which version a person agreed to,
when, and on which occasion. A person agrees when registering; when the notice changes (its
version moves on), they are asked again before they go on, and each agreement is kept.

The notice itself is a page of the web layer; its version is here, so that the domain and the
pages agree on what "the current notice" is.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.errors import N_, invalid
from bookings.unit.transaction import transaction
from models import Consent, User
from models.statuses import ConsentOccasion

#: The version of the privacy notice in force: the day it was last changed. Change it with
#: the notice's text (a changed purpose, recipient or period): everyone is asked again.
NOTICE_VERSION = "2026-11-29"


def needs_consent(user: User) -> bool:
    """True when the person has not agreed to the notice in force (read from the account:
    no query)."""
    return user.privacy_notice_version != NOTICE_VERSION


def checked_version(version: str | None, field: str = "privacy_notice") -> str:
    """The version a person says they agreed to: the one in force, or ``InvalidInput`` naming
    ``field`` (an agreement to an older text is not one to this)."""
    if (version or "").strip() != NOTICE_VERSION:
        raise invalid(
            field,
            N_("must be the version of the privacy notice in force (%(version)s)"),
            version=NOTICE_VERSION,
        )
    return NOTICE_VERSION


def add_consent(db: Session, user: User, occasion: ConsentOccasion, now: datetime) -> None:
    """Record, in the open transaction, that ``user`` agreed to the notice in force now."""
    db.add(Consent(user_id=user.id, notice_version=NOTICE_VERSION, given_at=now, occasion=occasion))
    user.privacy_notice_version = NOTICE_VERSION


def agree_to_notice(db: Session, *, user_id: int, version: str | None, now: datetime) -> User:
    """The person agrees to the notice in force (asked again after it changed). Agreeing twice
    to the same version records it once. ``InvalidInput`` naming ``version`` for another."""
    checked_version(version, "version")
    with transaction(db):
        user = db.get_one(User, user_id)
        if needs_consent(user):
            add_consent(db, user, ConsentOccasion.NEW_VERSION, now)
    return user


def consents_of(db: Session, user_id: int) -> list[Consent]:
    """Every agreement of the person, oldest first."""
    return list(
        db.scalars(
            select(Consent).where(Consent.user_id == user_id).order_by(Consent.given_at, Consent.id)
        )
    )
