"""The authorisation rules, on plain objects: no database, no Flask."""

from types import SimpleNamespace

import pytest

from bookings.errors import Forbidden, NotFound, Unauthenticated
from bookings.permissions import RULES, authorize, can
from models import Space, StaffMembership, User

SPACE_A, SPACE_B = Space(id=1, slug="a"), Space(id=2, slug="b")


def person(n: int, *, admin=False, owner_of=None, staff_of=None, status="active") -> User:
    user = User(id=n, email=f"p{n}@example.com", name=f"P{n}", is_admin=admin, status=status)
    memberships = []
    if owner_of is not None:
        memberships.append(StaffMembership(space_id=owner_of.id, role="owner"))
    if staff_of is not None:
        memberships.append(StaffMembership(space_id=staff_of.id, role="staff"))
    user.memberships = memberships
    return user


RESIDENT = person(1)
STAFF_A = person(2, staff_of=SPACE_A)
OWNER_A = person(3, owner_of=SPACE_A)
STAFF_B = person(4, staff_of=SPACE_B)
ADMIN = person(5, admin=True)
ANONYMOUS = SimpleNamespace(is_authenticated=False, is_active=False)

#: (action, object) -> the people who may, among everyone above.
EXPECTED = {
    ("administer_network", None): {ADMIN},
    ("open_staff_area", None): {STAFF_A, OWNER_A, STAFF_B, ADMIN},
    ("manage_space", SPACE_A): {STAFF_A, OWNER_A, ADMIN},
    ("manage_space", SPACE_B): {STAFF_B, ADMIN},
    ("manage_team", SPACE_A): {OWNER_A, ADMIN},
    ("manage_team", SPACE_B): {ADMIN},
    ("manage_payee", SPACE_A): {OWNER_A, ADMIN},
    ("manage_payee", SPACE_B): {ADMIN},
    ("see_people", SPACE_A): {STAFF_A, OWNER_A, ADMIN},
    ("see_people", SPACE_B): {STAFF_B, ADMIN},
}
EVERYONE = [RESIDENT, STAFF_A, OWNER_A, STAFF_B, ADMIN]


@pytest.mark.parametrize(("action", "obj"), list(EXPECTED))
def test_each_rule_admits_exactly_the_expected_people(action, obj):
    allowed = {user.id for user in EVERYONE if can(user, action, obj)}
    assert allowed == {user.id for user in EXPECTED[(action, obj)]}
    assert not can(ANONYMOUS, action, obj)
    assert not can(None, action, obj)


def test_every_rule_is_covered_here():
    assert {action for action, _obj in EXPECTED} == set(RULES)


def test_an_unknown_action_is_refused_to_everyone():
    assert not any(can(user, "launch_rockets") for user in EVERYONE)


def test_a_disabled_admin_can_do_nothing():
    assert not can(person(9, admin=True, status="disabled"), "administer_network")


def test_refusals_say_log_in_or_forbidden_or_not_found():
    with pytest.raises(Unauthenticated):
        authorize(ANONYMOUS, "see_people", SPACE_A)
    with pytest.raises(Forbidden):  # another space: it exists, it is not theirs
        authorize(STAFF_B, "manage_space", SPACE_A)
    authorize(STAFF_A, "manage_space", SPACE_A)
    with pytest.raises(NotFound):  # another space's people: as if they did not exist
        authorize(STAFF_B, "see_people", SPACE_A)
