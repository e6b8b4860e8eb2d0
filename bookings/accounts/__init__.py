"""Accounts: people (registering, logging in, profiles, passwords), API tokens and feed
addresses, the teams of member spaces. Uses the unit of work, events, errors and models.
"""

from bookings.accounts.consent import (
    NOTICE_VERSION,
    agree_to_notice,
    consents_of,
    needs_consent,
)
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
from bookings.accounts.team import (
    accept_invitation,
    add_to_team,
    create_user,
    invite_to_team,
    open_invitations,
    remove_staff,
    space_invitations,
    space_team,
    withdraw_invitation,
)
from bookings.accounts.tokens import (
    MAX_LIVE_TOKENS,
    IssuedToken,
    end_every_login,
    issue_token,
    list_tokens,
    revoke_token,
    rotate_calendar_token,
    user_for_token,
)

__all__ = [
    "NOTICE_VERSION",
    "agree_to_notice",
    "consents_of",
    "needs_consent",
    "MAX_LIVE_TOKENS",
    "IssuedToken",
    "accept_invitation",
    "add_to_team",
    "authenticate",
    "change_password",
    "create_user",
    "end_every_login",
    "invite_to_team",
    "open_invitations",
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
    "space_invitations",
    "space_team",
    "update_profile",
    "user_for_token",
    "withdraw_invitation",
]
