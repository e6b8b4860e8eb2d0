"""Money and time as people in Hanoi read them, in both languages."""

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from app.i18n import local_datetime, money


@pytest.fixture(scope="module")
def babel_app():
    app = Flask(__name__)
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Ho_Chi_Minh"
    Babel(app)
    return app


@pytest.mark.parametrize(("locale", "expected"), [("vi", "250.000\xa0₫"), ("en", "₫250,000")])
def test_vnd_has_no_minor_unit_and_follows_the_locale(babel_app, locale, expected):
    with babel_app.test_request_context(), force_locale(locale):
        assert money(250_000) == expected


def test_zero_is_formatted_too(babel_app):
    with babel_app.test_request_context(), force_locale("vi"):
        assert money(0) == "0\xa0₫"


def test_times_are_shown_in_hanoi(babel_app):
    instant = datetime(2026, 11, 28, 11, 30, tzinfo=UTC)  # 18:30 in Hanoi
    with babel_app.test_request_context(), force_locale("en"):
        assert local_datetime(instant, "time") == "18:30"
        assert local_datetime(instant, "day") == "Saturday 28 November"
    with babel_app.test_request_context(), force_locale("vi"):
        assert local_datetime(instant, "day").lower() == "thứ bảy, 28 tháng 11"


def test_english_short_dates_name_the_month(babel_app):
    """ "Sat 5/12" is the fifth of December in Hanoi and the twelfth of May to many readers."""
    instant = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 10:00 in Hanoi
    with babel_app.test_request_context(), force_locale("en"):
        assert local_datetime(instant, "short") == "Sat 5 Dec · 10:00"
        assert local_datetime(instant, "deadline") == "Sat 5 Dec, 10:00"
    with babel_app.test_request_context(), force_locale("vi"):
        assert local_datetime(instant, "short") == "Thứ 7, 5/12 · 10:00"
        assert local_datetime(instant, "deadline") == "10:00, Thứ Bảy 5/12"


def test_a_time_past_midnight_utc_falls_on_the_next_hanoi_day(babel_app):
    instant = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)  # 01:00 on the 28th in Hanoi
    with babel_app.test_request_context(), force_locale("en"):
        assert local_datetime(instant, "day") == "Saturday 28 November"
