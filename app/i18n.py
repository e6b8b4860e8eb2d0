"""Languages, labels and formatting: Vietnamese first, English by choice or Accept-Language."""

from datetime import datetime

from flask import Flask, current_app, request
from flask_babel import Babel, format_currency, format_datetime, get_locale
from flask_babel import lazy_gettext as _l

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
    """The person's explicit choice (the switch's cookie), else Accept-Language, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def localized(obj: object, field: str) -> str:
    """``obj.field_en`` when the page is in English and the space wrote one, else ``obj.field``."""
    if current_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


def money(amount: int) -> str:
    """VND for the current locale: ``250.000 ₫`` in Vietnamese, ``₫250,000`` in English."""
    return format_currency(amount, "VND")


def local_datetime(value: datetime, style: str = "medium") -> str:
    """A UTC instant shown in Hanoi time, in the locale's words."""
    patterns = {
        "day": "EEEE d MMMM",
        "time": "HH:mm",
        "short": "EEE d/M · HH:mm",
    }
    return format_datetime(value, patterns.get(style, style))


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        KIND_LABELS=KIND_LABELS,
        DISCIPLINE_LABELS=DISCIPLINE_LABELS,
        LANGUAGE_LABELS=LANGUAGE_LABELS,
        DISTRICTS=DISTRICTS,
        localized=localized,
        current_language=current_language,
    )
    app.jinja_env.filters.update(money=money, local_datetime=local_datetime)
