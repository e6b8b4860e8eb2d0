"""Who may do what: every authorisation rule of the platform, in one table.

``can(user, action, obj)`` answers yes or no; ``authorize`` raises the error the person should
see. Where the existence of an object is itself private (who booked a space's sessions), refusal
looks exactly like absence: ``NotFound``; where it is public (a member space), it is
``Forbidden``; an anonymous person is asked to log in first. (A person's own bookings are read by
their owner only, ``bookings.seats.mine``: another's is simply absent.)
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bookings.errors import Forbidden, NotFound, Unauthenticated
from models import Space, User


def _is_admin(user: User, _obj: Any) -> bool:
    return user.is_admin


def _works_for(user: User, space: Space) -> bool:
    return user.is_admin or user.role_in(space.id) is not None


def _owns(user: User, space: Space) -> bool:
    return user.is_admin or user.role_in(space.id) == "owner"


def _is_staff(user: User, _obj: Any) -> bool:
    return user.is_admin or user.is_staff


@dataclass(frozen=True)
class Rule:
    check: Callable[[User, Any], bool]
    #: Refuse with ``NotFound`` rather than ``Forbidden``: the object's existence is private.
    private: bool = False


#: action -> rule. An action that is not here is refused to everyone.
RULES: dict[str, Rule] = {
    "administer_network": Rule(_is_admin),
    "open_staff_area": Rule(_is_staff),
    "manage_space": Rule(_works_for),
    "manage_team": Rule(_owns),
    #: Where the space's money goes (its bank account, its notification key): owners only.
    "manage_payee": Rule(_owns),
    #: The people of a space's sessions (rosters, check-in): staff of another space must not
    #: learn that a booking exists.
    "see_people": Rule(_works_for, private=True),
}


def can(user: User | None, action: str, obj: Any = None) -> bool:
    """True when ``user`` (None or anonymous: nobody) may perform ``action`` on ``obj``."""
    rule = RULES.get(action)
    if rule is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_active and rule.check(user, obj)


def authorize(user: User | None, action: str, obj: Any = None) -> None:
    """Return quietly when ``can``; else raise Unauthenticated (nobody is logged in), NotFound
    (a private object) or Forbidden."""
    if can(user, action, obj):
        return
    if user is None or not getattr(user, "is_authenticated", False):
        raise Unauthenticated()
    rule = RULES.get(action)
    if rule is not None and rule.private:
        raise NotFound()
    raise Forbidden()
