"""The commands `make run` uses, run as a person would run them, on a database of their own."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, func, select

from models import Space
from tests.databases import fresh_database

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
