"""The catalogue: spaces, workshops and their sessions as people find them (search, pages of
results, calendars) and as staff publish them. Uses payments (the smallest card charge), the unit
of work, events, errors and models.
"""

from bookings.catalogue.search import (
    RankedSearch,
    SessionFilters,
    SpaceFilters,
    count_sessions,
    get_session,
    get_session_listing,
    get_space,
    list_spaces,
    search_sessions,
    search_sessions_ranked,
)

__all__ = [
    "RankedSearch",
    "count_sessions",
    "search_sessions_ranked",
    "SessionFilters",
    "SpaceFilters",
    "get_session",
    "get_session_listing",
    "get_space",
    "list_spaces",
    "search_sessions",
]
