"""Migrations build exactly the schema the models describe, and run down and up again."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app.cli import alembic_config, upgrade_database
from models import Base
from models.base import include_name
from tests.databases import fresh_database


def test_models_and_migrations_agree(database_url):
    engine = create_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_downgrade_to_nothing_and_back():
    with fresh_database("migrations") as url:
        upgrade_database(url)
        command.downgrade(alembic_config(url), "base")
        engine = create_engine(url)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        engine.dispose()
        upgrade_database(url)
        engine = create_engine(url)
        assert {"spaces", "workshops", "workshop_sessions"} <= set(
            inspect(engine).get_table_names()
        )
        engine.dispose()
