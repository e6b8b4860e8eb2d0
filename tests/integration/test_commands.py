"""The commands `make run` uses, run as a person would run them: `db upgrade` and `seed-demo` in
processes of their own on a database of their own, then the same commands and `users create`
in this process (each new process costs seconds of start-up on a loaded machine)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from app import create_app
from app.database import db as database
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


@pytest.mark.slow
def test_upgrade_then_seed_if_empty_twice():
    with fresh_database("commands") as url:
        # As `make run` runs them, in processes of their own
        assert "database at head" in run("db", "upgrade", url=url)
        assert "demo network loaded" in run("seed-demo", "--if-empty", url=url)
        # The same commands in this process: what they do, without two more start-ups
        app = create_app({"DATABASE_URL": url})
        cli = app.test_cli_runner()
        assert "nothing to load" in invoked(cli, "seed-demo", "--if-empty")
        assert "demo network loaded" in invoked(cli, "seed-demo", "--reset")
        database._state(app).engine.dispose()
        engine = create_engine(url)
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Space)) == 82
        engine.dispose()


def invoked(cli, *args: str) -> str:
    result = cli.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_users_create_with_each_role(app, db, runner, make_space):
    """In this process, on the suite's database, inside the app's context as the `flask` command
    line pushes it for every command (the first test runs the command line itself)."""
    make_space(slug="manzi-art-space")

    def users_create(*args: str):
        with app.app_context():
            return runner.invoke(args=["users", "create", *args])

    def create(*args: str) -> str:
        result = users_create(*args)
        assert result.exit_code == 0, result.output
        return result.stdout

    def refuse(*args: str) -> str:
        result = users_create(*args)
        assert result.exit_code != 0
        return result.stderr

    out = create(
        "Staff@Example.com",
        "--password",
        "wheel and kiln",
        "--role",
        "staff",
        "--space",
        "manzi-art-space",
        "--name",
        "Thu",
    )
    assert "created staff of manzi-art-space: staff@example.com" in out
    assert "created admin" in create(
        "boss@example.com", "--password", "network of spaces", "--role", "admin"
    )
    assert "created resident" in create("r@example.com", "--password", "river of lanterns")
    refused = refuse("x@example.com", "--password", "1234567890")
    assert "password" in refused
    refused = refuse("y@example.com", "--password", "good long phrase", "--role", "staff")
    assert "space" in refused
    people = select(User.email, User.is_admin).where(User.email.like("%@example.com"))
    rows = db.execute(people.order_by(User.email)).all()
    roles = db.scalars(select(StaffMembership.role)).all()
    assert rows == [
        ("boss@example.com", True),
        ("r@example.com", False),
        ("staff@example.com", False),
    ]
    assert roles == ["staff"]
