"""Query-string parsing shared by the pages and the API: one set of rules, one set of errors."""

from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from bookings.catalogue import SessionFilters, SpaceFilters
from bookings.formatting import HANOI
from models import Space
from models.space import DISCIPLINES, DISTRICTS, SPACE_KINDS
from models.text import slugify
from models.workshop import LANGUAGES

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_QUERY_LENGTH = 200
#: Dates and times people may name: from the year 2000 to the year 2999 (beyond, date
#: arithmetic overflows and no workshop happens there).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2999


def in_range(moment: datetime) -> bool:
    """Whether a date and time is one people may name (``EARLIEST_YEAR`` to ``LATEST_YEAR``)."""
    return EARLIEST_YEAR <= moment.year <= LATEST_YEAR


def _years():
    return _l(
        "must be between the years %(first)d and %(last)d", first=EARLIEST_YEAR, last=LATEST_YEAR
    )


class InvalidParams(Exception):
    """Parameters that cannot be understood; ``fields`` maps each one to what is wrong with it."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


class _Reader:
    """Reads one parameter at a time and collects every error before raising them together."""

    def __init__(self, args: MultiDict[str, str], *, strict: bool = False) -> None:
        self.args = args.to_dict()  # first value of each; a plain dict is cheaper to query
        self.errors: dict[str, str] = {}
        #: The API's reading: a parameter given twice, or given empty (other than ``q``), is an
        #: error, as the OpenAPI document declares; forms send empty fields, so pages ignore
        #: them.
        self.strict = strict
        if strict:
            for name, values in args.lists():
                if len(values) > 1:
                    self.fail(name, _l("must be given once"))

    def text(self, name: str) -> str | None:
        value = (self.args.get(name) or "").strip()
        if self.strict and name in self.args and not value:
            self.fail(name, _l("must not be empty"))
        return value or None

    def fail(self, name: str, message: object) -> None:
        self.errors[name] = str(message)

    def choice(self, name: str, choices) -> str | None:
        value = self.text(name)
        if value is not None and value not in choices:
            self.fail(name, _l("must be one of: %(choices)s", choices=", ".join(choices)))
            return None
        return value

    def boolean(self, name: str) -> bool | None:
        value = self.text(name)
        if value is None:
            return None
        if value.lower() in {"true", "1", "yes"}:
            return True
        if value.lower() in {"false", "0", "no"}:
            return False
        self.fail(name, _l("must be true or false"))
        return None

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        value = self.text(name)
        if value is None:
            return default
        if not value.isdigit() or not low <= int(value) <= high:
            self.fail(
                name, _l("must be a whole number from %(low)d to %(high)d", low=low, high=high)
            )
            return default
        return int(value)

    def district(self, name: str) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        code = slugify(value)
        if code not in DISTRICTS:
            self.fail(name, _l("unknown district"))
            return None
        return code

    def query(self, name: str) -> str:
        value = (self.args.get(name) or "").strip()
        if len(value) > MAX_QUERY_LENGTH:
            self.fail(name, _l("must be at most %(n)d characters", n=MAX_QUERY_LENGTH))
            return ""
        return value

    def instant(self, name: str, *, end_of_day: bool) -> datetime | None:
        """A Hanoi day (its start, or the start of the next day) or a datetime with an offset."""
        value = self.text(name)
        if value is None:
            return None
        try:
            if len(value) == 10:
                day = date.fromisoformat(value)
                if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                    self.fail(name, _years())
                    return None
                if end_of_day:
                    day += timedelta(days=1)
                return datetime.combine(day, time(), HANOI)
            moment = datetime.fromisoformat(value.replace(" ", "+", 1) if " " in value else value)
        except ValueError:
            self.fail(name, _l("must be a date (YYYY-MM-DD) or a date and time with an offset"))
            return None
        if moment.tzinfo is None:
            self.fail(name, _l("a date and time needs an offset, such as +07:00"))
            return None
        if not in_range(moment):
            self.fail(name, _years())
            return None
        return moment + timedelta(microseconds=1) if end_of_day else moment

    def done(self) -> None:
        if self.errors:
            raise InvalidParams(self.errors)


def session_filters(
    db: Session, args: MultiDict[str, str], *, strict: bool = False
) -> tuple[SessionFilters, int, str | None]:
    """The filters, page size and cursor of a session search; InvalidParams names bad fields
    (``strict``: the API's reading, see ``_Reader``)."""
    read = _Reader(args, strict=strict)
    filters = SessionFilters(
        q=read.query("q"),
        discipline=read.choice("discipline", DISCIPLINES),
        space=read.text("space"),
        district=read.district("district"),
        starts_from=read.instant("from", end_of_day=False),
        starts_before=read.instant("to", end_of_day=True),
        available=bool(read.boolean("available")),
        free=read.boolean("free"),
        language=read.choice("language", LANGUAGES),
    )
    limit = read.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    cursor = read.text("cursor")
    if filters.space and not db.scalar(select(exists().where(Space.slug == filters.space))):
        read.fail("space", _l("unknown space"))
    if (
        filters.starts_from
        and filters.starts_before
        and filters.starts_from >= filters.starts_before
    ):
        read.fail("to", _l("must not be before the start date"))
    read.done()
    return filters, limit, cursor


def space_filters(
    args: MultiDict[str, str], *, strict: bool = False
) -> tuple[SpaceFilters, int, str | None]:
    read = _Reader(args, strict=strict)
    filters = SpaceFilters(
        q=read.query("q"),
        kind=read.choice("kind", SPACE_KINDS),
        discipline=read.choice("discipline", DISCIPLINES),
        district=read.district("district"),
    )
    limit = read.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    cursor = read.text("cursor")
    read.done()
    return filters, limit, cursor


#: Actions the audit trail records (``bookings.unit.audit.record_action``'s callers).
AUDIT_ACTIONS = (
    "account.deleted",
    "job.retried",
    "payee.removed",
    "payee.set",
    "payment.marked_paid",
    "refund.due",
    "refund.paid_back",
    "space.admitted",
    "space.reactivated",
    "space.suspended",
    "team.invitation_withdrawn",
    "team.invited",
    "team.joined",
    "team.removed",
    "team.role_changed",
    "token.revoked",
    "tokens.revoked_all",
    "transfer.attached",
    "transfer.marked_paid",
)


def audit_filters(args: MultiDict[str, str], *, strict: bool = True):
    """The action, page size and the id to continue before, of an audit trail page."""
    read = _Reader(args, strict=strict)
    action = read.choice("action", AUDIT_ACTIONS)
    limit = read.integer("limit", 50, 1, MAX_LIMIT)
    cursor = read.text("cursor")
    before_id = None
    if cursor is not None:
        if not cursor.isdigit() or not 0 < int(cursor) < 2**31:
            read.fail("cursor", _l("is not a cursor of this list"))
        else:
            before_id = int(cursor)
    read.done()
    return action, limit, before_id
