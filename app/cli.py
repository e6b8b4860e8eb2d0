"""Command-line tools: ``flask --app app db upgrade``, ``flask --app app seed-demo``."""

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import text

from app import queue
from app.config import ROOT
from app.database import db
from app.jobs import run_due_work
from bookings import accounts
from bookings.errors import BookingError
from bookings.payments import banks
from demo.seed import seed_demo

log = logging.getLogger(__name__)


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = url
    return cfg


def upgrade_database(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def init_app(app: Flask) -> None:
    database = click.Group("db", help="Database schema (Alembic migrations).")

    @database.command("upgrade")
    @click.argument("revision", default="head")
    def upgrade(revision: str) -> None:
        """Create or migrate the database named by DATABASE_URL to REVISION (default: newest)."""
        upgrade_database(current_app.config["DATABASE_URL"], revision)
        click.echo(f"database at {revision}")

    app.cli.add_command(database)

    users = click.Group("users", help="Accounts.")

    @users.command("create")
    @click.argument("email")
    @click.option("--password", required=True, help="At least 10 characters, not a common one.")
    @click.option("--name", help="Shown on pages (default: the email's name).")
    @click.option("--role", type=click.Choice(["resident", "staff", "admin"]), default="resident")
    @click.option("--space", "space_slug", help="Make them staff of this space (its slug).")
    def create_user_command(
        email: str, password: str, name: str | None, role: str, space_slug: str | None
    ) -> None:
        """Create an account; --space makes them staff of that space."""
        with db.new_session() as session:
            try:
                user = accounts.create_user(
                    session,
                    email=email,
                    password=password,
                    name=name,
                    role=role,
                    space_slug=space_slug,
                )
            except BookingError as error:
                problems = "; ".join(
                    f"{field}: {message}" for field, message in error.fields.items()
                )
                raise click.ClickException(problems or str(error.message)) from None
            where = f" of {space_slug}" if space_slug else ""
            click.echo(f"created {role}{where}: {user.email} (id {user.id})")

    app.cli.add_command(users)

    jobs = AppGroup(  # its commands run inside the app's context, however they are invoked
        "jobs", help="Background work: expiring holds and offers, delivering events, mail."
    )

    @jobs.command("run")
    def run_jobs() -> None:
        """Do all background work that is due, once, and exit."""
        click.echo(run_due_work())

    @jobs.command("worker")
    @click.option("--concurrency", default=4, show_default=True, help="Jobs run at once.")
    @click.option("--name", default=None, help="The worker's name in logs (procrastinate).")
    @click.option("--interval", default=15.0, show_default=True, help="Embedded: seconds apart.")
    @click.option("--rounds", default=0, help="Embedded: stop after this many rounds (0: never).")
    def worker(concurrency: int, name: str | None, interval: float, rounds: int) -> None:
        """Run a worker: with QUEUE_ENGINE=procrastinate, a procrastinate worker on every queue
        (start as many as you like, on any machine); otherwise the due work round after round.

        SIGTERM (or SIGINT) stops it cleanly: the jobs or the round under way are finished
        (procrastinate hands back what is still running after 30 s), and it exits with 0."""
        if current_app.config["QUEUE_ENGINE"] == queue.PROCRASTINATE:
            queue.run_worker(current_app._get_current_object(), concurrency=concurrency, name=name)
            click.echo("worker stopped")
            return
        stop = threading.Event()
        with _stopped_by_signals(stop):
            done = 0
            while not stop.is_set() and (not rounds or done < rounds):
                try:
                    click.echo(run_due_work())
                except Exception:  # a worker keeps going: the next round tries again
                    log.exception("a round of background work failed")
                done += 1
                if not rounds or done < rounds:
                    stop.wait(interval)
        click.echo(f"worker stopped after {done} rounds")

    @jobs.command("scheduler")
    def scheduler() -> None:
        """Not needed: every worker defers the periodic work, and each job runs once per period."""
        if current_app.config["QUEUE_ENGINE"] == queue.PROCRASTINATE:
            click.echo(
                "not needed: every `jobs worker` defers the periodic work (procrastinate), and "
                "each periodic job runs once per period however many workers run"
            )
        else:
            click.echo(
                "not needed: in the embedded mode `jobs worker`, `jobs run` (from cron) or the "
                "development server's own thread does the periodic work"
            )

    app.cli.add_command(jobs)

    banks_group = click.Group("banks", help="The NAPAS member banks transfers can go to.")

    @banks_group.command("import")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def import_banks_command(source: Path) -> None:
        """Replace the shipped bank list with SOURCE: a JSON list in our format ("banks") or
        VietQR's ("data", as https://api.vietqr.io/v2/banks answers). Checked before written."""
        try:
            count = banks.import_banks(source)
        except (ValueError, UnicodeDecodeError) as error:
            raise click.ClickException(f"not a bank list: {error}") from None
        click.echo(f"{count} banks written to {banks.DATA_FILE}")

    app.cli.add_command(banks_group)

    @app.cli.command("seed-demo")
    @click.option("--reset", is_flag=True, help="Remove the demo network first and load it anew.")
    @click.option("--if-empty", is_flag=True, help="Only when the database holds no space at all.")
    def seed_demo_command(reset: bool, if_empty: bool) -> None:
        """Load the demo network (spaces, workshops, sessions): clearly marked demo data."""
        with db.new_session() as session:
            created = seed_demo(session, now=datetime.now(UTC), reset=reset, only_if_empty=if_empty)
            if created:  # a bulk load: give the query planner fresh statistics
                session.execute(text("ANALYZE"))
                session.commit()
        click.echo(f"demo network loaded: {created} sessions" if created else "nothing to load")


@contextmanager
def _stopped_by_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGINT set ``stop`` instead of killing the process, while the block runs
    (signal handlers can only be set from the main thread: elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ask_to_stop(signum, _frame) -> None:
        log.info("worker: %s received, stopping after this round", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, ask_to_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
