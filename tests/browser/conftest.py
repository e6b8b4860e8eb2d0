"""A live server on 127.0.0.1 with the demo network, and Debian's Chromium for Playwright."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app import create_app
from app.cli import upgrade_database
from app.database import db
from demo.seed import seed_demo
from tests.databases import fresh_database
from tests.served import serving

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent.name == "browser":
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app():
    """The app the live server serves, with the demo data (tests may add people to it)."""
    with fresh_database("browser") as url:
        upgrade_database(url)
        app = create_app({"DATABASE_URL": url})
        with app.app_context(), db.new_session() as session:
            seed_demo(session, now=datetime.now(UTC))
        try:
            yield app
        finally:
            db._state(app).engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app served by a real HTTP server in a thread; yields its URL."""
    with serving(live_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A phone: most people in Hanoi find their class on one."""
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "vi-VN",
    }
