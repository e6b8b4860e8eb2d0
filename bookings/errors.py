"""One error vocabulary for the domain: each error has a stable code the web layer maps."""


class BookingError(Exception):
    """Base of every domain error; ``code`` is stable and appears in the API."""

    code = "error"

    def __init__(self, message: str = "", **details: object) -> None:
        super().__init__(message or self.code)
        self.message = message or self.code
        self.details = details


class NotFound(BookingError):
    code = "not_found"


class InvalidCursor(BookingError):
    """A pagination cursor that this service did not issue (or issued for another order)."""

    code = "invalid"

    def __init__(self, message: str = "unknown cursor") -> None:
        super().__init__(message, field="cursor")
