"""Accounts: people (registering, logging in, profiles, passwords), API tokens and feed
addresses, the teams of member spaces. Uses the unit of work, events, errors and models.
"""

from bookings.accounts.people import (
    authenticate,
    change_password,
    guest_account,
    load_session_user,
    normalise_email,
    profile_errors,
    register,
    registration_errors,
    update_profile,
)
from bookings.accounts.team import appoint_staff, create_user, remove_staff, space_team
from bookings.accounts.tokens import (
    IssuedToken,
    issue_token,
    list_tokens,
    revoke_token,
    rotate_calendar_token,
    user_for_token,
)

__all__ = [
    "IssuedToken",
    "appoint_staff",
    "authenticate",
    "change_password",
    "create_user",
    "guest_account",
    "issue_token",
    "list_tokens",
    "load_session_user",
    "normalise_email",
    "profile_errors",
    "register",
    "registration_errors",
    "remove_staff",
    "revoke_token",
    "rotate_calendar_token",
    "space_team",
    "update_profile",
    "user_for_token",
]
