"""The advisory context's Alembic migrations, run programmatically (no ``alembic.ini``).

The advisory service owns its database and its migration history (DESIGN.md "Data
ownership"): scripts in ``migrations/versions`` inside the package, version table
``alembic_version_advisory``, so an installed service migrates its own database with
``safecase-advisory migrate``. A new revision is generated against a database at head::

    with engine.begin() as connection:
        command.revision(alembic_config(connection), "what changed", autogenerate=True,
                         rev_id="0002")

then reviewed and committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, text

from safecase.core.errors import DatabaseProblem
from safecase.core.persistence.schema import Instant
from safecase.services.advisory.schema import AdvisoryBase

__all__ = ["VERSION_TABLE", "alembic_config", "check", "run_environment", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version_advisory"
MIGRATION_LOCK = 0x5AFEC7  # PostgreSQL advisory lock: one migrating process at a time


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config(attributes={"connection": connection})
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    return config


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render app types as plain SQLAlchemy types so scripts never import safecase."""
    if type_ == "type" and isinstance(obj, Instant):
        return "sa.DateTime(timezone=True)"
    return False


def _include_name(name: str | None, type_: str, _parent: Any) -> bool:
    """Only the advisory tables are compared: the database may hold others."""
    return type_ != "table" or name in AdvisoryBase.metadata.tables


def run_environment() -> None:
    """The body of ``env.py``: run the migrations on the configured connection."""
    from alembic import context

    connection: Connection | None = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "advisory migrations run on a connection: use `safecase-advisory migrate`, "
            "not the alembic command line"
        )
    context.configure(
        connection=connection,
        target_metadata=AdvisoryBase.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_include_name,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def upgrade(engine: Engine) -> None:
    """Migrate the advisory tables to the newest revision."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            command.upgrade(alembic_config(connection), "head")
        except CommandError as exc:
            raise DatabaseProblem(f"cannot migrate the advisory database: {exc}") from None


def current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        migration = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return migration.get_current_revision()


def head() -> str:
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, "the advisory context has no migration scripts"
    return revision


def check(engine: Engine) -> None:
    """Raise :class:`DatabaseProblem` naming the fix unless the database is at head."""
    revision = current(engine)
    if revision != head():
        raise DatabaseProblem(
            f"the advisory database is at {revision or 'no revision'}, not {head()}: "
            "run `safecase-advisory migrate`"
        )
