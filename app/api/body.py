"""JSON request bodies: one reader that checks types and collects every error at once."""

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge

from app.params import InvalidParams

#: Largest JSON body the API reads (bigger ones are a 413 ``too_large``, not a slow parse).
MAX_BODY = 64 * 1024


class JsonBody:
    """``body = JsonBody(); body.string("email")…; body.done()`` raises InvalidParams naming
    every field that is missing or of the wrong type."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}
        self.data: dict = {}
        if request.content_length and request.content_length > MAX_BODY:
            raise RequestEntityTooLarge()
        # No body at all is no fields at all: where every field is optional, nothing is needed.
        data = request.get_json(silent=True, force=True) if request.get_data() else {}
        if not isinstance(data, dict):
            raise InvalidParams({"body": str(_l("must be a JSON object"))})
        self.data = data

    def fail(self, name: str, message: object) -> None:
        self.errors[name] = str(message)

    def _given(self, name: str) -> bool:
        """Whether the field is there; a field sent as ``null`` is there, and wrong (the document
        declares no field nullable): leave it out instead."""
        return name in self.data

    def string(self, name: str, *, required: bool = True, max_length: int = 10_000) -> str | None:
        value = self.data.get(name)
        if not self._given(name):
            if required:
                self.fail(name, _l("is required"))
            return None
        if not isinstance(value, str):
            self.fail(name, _l("must be a string"))
            return None
        if len(value) > max_length:
            self.fail(name, _l("must be at most %(n)d characters", n=max_length))
            return None
        if "\x00" in value:  # PostgreSQL's text refuses it: a 400, not a failed use case
            self.fail(name, _l("must not contain a NUL character"))
            return None
        return value

    def integer(self, name: str, *, required: bool = True, low: int, high: int) -> int | None:
        value = self.data.get(name)
        if not self._given(name):
            if required:
                self.fail(name, _l("is required"))
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(
                name, _l("must be a whole number from %(low)d to %(high)d", low=low, high=high)
            )
            return None
        return value

    def boolean(self, name: str, *, default: bool = False) -> bool:
        if not self._given(name):
            return default
        value = self.data[name]
        if not isinstance(value, bool):
            self.fail(name, _l("must be true or false"))
            return default
        return value

    def choice(
        self, name: str, choices, *, default: str | None = None, required: bool = False
    ) -> str | None:
        if not self._given(name):
            if required:
                self.fail(name, _l("is required"))
            return default
        value = self.data[name]
        if not isinstance(value, str) or value not in choices:
            self.fail(name, _l("must be one of: %(choices)s", choices=", ".join(choices)))
            return default
        return value

    def done(self) -> None:
        if self.errors:
            raise InvalidParams(self.errors)
