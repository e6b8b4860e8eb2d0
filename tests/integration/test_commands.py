"""The commands `make run` uses, run as a person would run them, on a database of their own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from models import Space, StaffMembership, User
from tests.databases import fresh_database

#: One pass (the SQLite one) runs this file: the commands' wiring, run as a person runs them; the
#: migrations they apply are proven on both databases by test_migrations.
pytestmark = pytest.mark.once

ROOT = Path(__file__).resolve().parents[2]
FLASK = [sys.executable, "-m", "flask", "--app", "app"]


def run(*args: str, url: str) -> str:
    env = os.environ | {"DATABASE_URL": url, "SECRET_KEY": "commands-test"}
    done = subprocess.run(
        [*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_upgrade_then_seed_if_empty_twice():
    with fresh_database("commands") as url:
        assert "database at head" in run("db", "upgrade", url=url)
        assert "demo network loaded" in run("seed-demo", "--if-empty", url=url)
        assert "nothing to load" in run("seed-demo", "--if-empty", url=url)
        assert "demo network loaded" in run("seed-demo", "--reset", url=url)
        engine = create_engine(url)
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Space)) == 82
        engine.dispose()


def test_users_create_with_each_role():
    with fresh_database("users") as url:
        run("db", "upgrade", url=url)
        run("seed-demo", url=url)
        out = run(
            "users",
            "create",
            "Staff@Example.com",
            "--password",
            "wheel and kiln",
            "--role",
            "staff",
            "--space",
            "manzi-art-space",
            "--name",
            "Thu",
            url=url,
        )
        assert "created staff of manzi-art-space: staff@example.com" in out
        assert "created admin" in run(
            "users",
            "create",
            "boss@example.com",
            "--password",
            "network of spaces",
            "--role",
            "admin",
            url=url,
        )
        assert "created resident" in run(
            "users", "create", "r@example.com", "--password", "river of lanterns", url=url
        )
        refused = refuse("users", "create", "x@example.com", "--password", "1234567890", url=url)
        assert "password" in refused
        refused = refuse(
            "users",
            "create",
            "y@example.com",
            "--password",
            "good long phrase",
            "--role",
            "staff",
            url=url,
        )
        assert "space" in refused
        engine = create_engine(url)
        with engine.connect() as connection:
            rows = connection.execute(
                select(User.email, User.is_admin)
                .where(User.email.like("%@example.com"))
                .order_by(User.email)
            ).all()
            roles = connection.execute(select(StaffMembership.role)).scalars().all()
        engine.dispose()
        assert rows == [
            ("boss@example.com", True),
            ("r@example.com", False),
            ("staff@example.com", False),
        ]
        assert roles == ["staff"]


def refuse(*args: str, url: str) -> str:
    env = os.environ | {"DATABASE_URL": url, "SECRET_KEY": "commands-test"}
    done = subprocess.run(
        [*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    return done.stderr
