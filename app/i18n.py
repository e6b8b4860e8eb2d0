"""Languages, labels and formatting: Vietnamese first, English by choice or Accept-Language."""

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date
from babel.support import Translations
from flask import Flask, current_app, request, session
from flask_babel import Babel, force_locale, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from bookings import formatting
from bookings.errors import Message
from models.space import DISTRICTS

LANGUAGE_COOKIE = "lang"

KIND_LABELS = {
    "art-space": _l("Art space"),
    "gallery": _l("Gallery"),
    "cafe": _l("Café"),
    "cinema": _l("Cinema"),
    "cultural-centre": _l("Cultural centre"),
    "museum": _l("Museum"),
    "library": _l("Library"),
    "co-working": _l("Co-working space"),
    "education": _l("Education centre"),
}

DISCIPLINE_LABELS = {
    "ceramics": _l("Ceramics"),
    "printmaking": _l("Screen printing & printmaking"),
    "candle-making": _l("Candle making"),
    "painting": _l("Painting"),
    "crafts": _l("Handicrafts"),
    "film": _l("Film"),
    "photography": _l("Photography"),
    "music": _l("Music"),
    "design": _l("Design"),
}

LANGUAGE_LABELS = {
    "vi": _l("Vietnamese"),
    "en": _l("English"),
    "vi+en": _l("Vietnamese and English"),
}


def select_locale() -> str:
    """The language switch's cookie, else the logged-in person's language, else Accept-Language,
    else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    if "_user_id" in session and current_user.is_authenticated:
        return current_user.locale
    return request.accept_languages.best_match(languages) or languages[0]


def current_language() -> str:
    """The request's language code (``vi`` or ``en``); ``force_locale`` is respected."""
    locale = get_locale()
    return locale.language if locale else current_app.config["BABEL_DEFAULT_LOCALE"]


@lru_cache(maxsize=16)
def translations(language: str) -> Translations:
    """The compiled catalogue of ``language``, loaded once per process."""
    folder = current_app.config["BABEL_TRANSLATION_DIRECTORIES"]
    return Translations.load(folder, [language])


def gettext(string: str) -> str:
    """Templates' ``_()``, in the request's language."""
    return translations(current_language()).ugettext(string)


def translate(message: Message) -> str:
    """A domain message (``bookings.errors.Message``) in the request's language."""
    text = gettext(message.text)
    return text % message.params if message.params else text


def translate_fields(fields: dict[str, Message]) -> dict[str, str]:
    return {name: translate(message) for name, message in fields.items()}


def remember_language(response, code: str):
    """Make ``code`` the browser's language for a year (the switch and logging in use it)."""
    response.set_cookie(
        LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ungettext(singular, plural, n)


def pgettext(context: str, string: str) -> str:
    """``string`` as meant in ``context`` ("Paid" as a price, or as a payment's status)."""
    return translations(current_language()).upgettext(context, string)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(current_language()).unpgettext(context, singular, plural, n)


def localized(obj: object, field: str) -> str:
    """``obj.field_en`` when the page is in English and the space wrote one, else ``obj.field``."""
    if current_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


@lru_cache(maxsize=16)
def _labels(language: str) -> dict[str, dict[str, str]]:
    return {
        "kind": {code: str(label) for code, label in KIND_LABELS.items()},
        "discipline": {code: str(label) for code, label in DISCIPLINE_LABELS.items()},
        "language": {code: str(label) for code, label in LANGUAGE_LABELS.items()},
    }


def discipline_names() -> dict[str, str]:
    """Each discipline's names in every language (``ceramics``: "Gốm Ceramics"): the words
    people may type to find it."""
    names: dict[str, str] = dict.fromkeys(DISCIPLINE_LABELS, "")
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            for code, label in DISCIPLINE_LABELS.items():
                names[code] += f" {label}"
    return names


def labels() -> dict[str, dict[str, str]]:
    """Kind, discipline and language labels in the page's language, translated once per language."""
    return _labels(current_language())


@lru_cache(maxsize=4096)
def format_vnd(amount: int, language: str) -> str:
    """VND in ``language``: ``250.000 ₫`` in Vietnamese, ``₫250,000`` in English (cached)."""
    return formatting.money(amount, language)


def money(amount: int) -> str:
    """VND for the current locale."""
    return format_vnd(amount, current_language())


#: Named date patterns of the pages (CLDR syntax), per language where they differ. English
#: names the month ("Sat 5 Dec"): "5/12" reads as the fifth of December in Vietnam and as
#: the twelfth of May to many English readers.
DATE_PATTERNS = {
    "day": {"vi": "EEEE, d MMMM", "en": "EEEE d MMMM"},
    "time": "HH:mm",
    "short": {"vi": "EEE, d/M · HH:mm", "en": "EEE d MMM · HH:mm"},
    "date": {"vi": "EEEE, d/M/yyyy", "en": "EEEE d MMMM yyyy"},
    "deadline": {"vi": "HH:mm, EEEE d/M", "en": "EEE d MMM, HH:mm"},
    "week": {"vi": "d/M", "en": "d MMM"},
}


def date_pattern(style: str, language: str) -> str:
    """The CLDR pattern of a named style in ``language`` (any other string is a pattern)."""
    pattern = DATE_PATTERNS.get(style, style)
    return pattern.get(language, pattern["en"]) if isinstance(pattern, dict) else pattern


@lru_cache(maxsize=16384)
def format_hanoi_time(value: datetime, style: str, language: str) -> str:
    """An instant in Hanoi time, in ``language``'s words (cached: a pure function)."""
    return formatting.when(value, language, date_pattern(style, language))


def local_datetime(value: datetime, style: str = "short") -> str:
    """A UTC instant shown in Hanoi time, in the request's language."""
    return format_hanoi_time(value, style, current_language())


def local_date(value: date, style: str = "date") -> str:
    """A calendar day (no time of day) in the request's language."""
    language = current_language()
    return format_date(value, date_pattern(style, language), locale=language)


def seats_left(n: int, language: str | None = None) -> str:
    """``Còn 3 chỗ`` / ``3 seats left``."""
    catalogue = translations(language or current_language())
    return catalogue.ungettext("%(num)d seat left", "%(num)d seats left", n) % {"num": n}


def _form_messages_in_the_page_language() -> None:
    """The form library's messages come from this app's catalogue (``app/form_messages.py``):
    Flask-WTF takes the request's ``wtforms_translations`` when it is set, and WTForms has no
    Vietnamese of its own."""
    if request.blueprint == "api":  # JSON only: no form, no form messages
        return
    request.wtforms_translations = translations(current_language())


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.before_request(_form_messages_in_the_page_language)
    app.jinja_env.globals.update(
        labels=labels,
        DISTRICTS=DISTRICTS,
        localized=localized,
        current_language=current_language,
    )
    app.jinja_env.filters.update(
        money=money, local_datetime=local_datetime, local_date=local_date, seats_left=seats_left
    )
    app.jinja_env.install_gettext_callables(
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
