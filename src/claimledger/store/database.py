"""Opening the database: the engine's settings per backend, and the schema brought to the
version this code expects (Alembic migrations in `migrations/`)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError


def without_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (SQLAlchemyError, ValueError):
        return repr(url)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (the latest by default; a no-op when it is there already),
    upgrading or downgrading.

    Processes opening a new or older database at the same moment upgrade it one at a time: the
    first takes a lock, the others wait for it and find the schema current.
    """
    config = Config()
    config.set_main_option("script_location", str(resources.files("claimledger.store") / "migrations"))
    scripts = ScriptDirectory.from_config(config)
    target = scripts.get_current_head() if revision == "head" else revision
    with engine.connect() as connection:
        if MigrationContext.configure(connection).get_current_revision() == target:
            return
    with engine.begin() as connection:
        _lock_schema(connection)
        current = MigrationContext.configure(connection).get_current_revision()
        if current == target:
            return
        config.attributes["connection"] = connection
        below = {r.revision for r in scripts.iterate_revisions(current, "base")} if current else set()
        if revision == "base" or target in below:
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)


MIGRATION_LOCK = 0x636C_6D69_6772_6174  # PostgreSQL advisory lock key ("clmigrat")


def _lock_schema(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, before reading the revision


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
