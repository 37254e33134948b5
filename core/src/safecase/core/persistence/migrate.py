"""Alembic migrations of the two contexts, run programmatically (no ``alembic.ini``).

Each bounded context has its own migration history (DESIGN.md "Data ownership"): the *case*
context's scripts in ``migrations/case`` with version table ``alembic_version_case``, the
*hearing* context's in ``migrations/hearing`` with ``alembic_version_hearing``. The scripts ship
inside the package, so an installed safecase can migrate its database. Both ``env.py`` files
call :func:`run_environment`.

A new revision is generated against a database migrated to head::

    with engine.begin() as connection:
        command.revision(alembic_config("case", connection), "what changed", autogenerate=True,
                         rev_id="0002")

then reviewed (autogenerate does not see triggers or data changes) and committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, MetaData, inspect, text
from sqlalchemy.engine import make_url

from safecase.core.errors import DatabaseProblem
from safecase.core.persistence.schema import CaseBase, HearingBase, Instant

__all__ = [
    "CONTEXTS",
    "MIGRATIONS",
    "MigrationContextSpec",
    "alembic_config",
    "check",
    "configure_options",
    "downgrade",
    "heads",
    "include_name",
    "run_environment",
    "status",
    "upgrade",
]

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x5AFEC5  # PostgreSQL advisory lock: one migrating process at a time


@dataclass(frozen=True)
class MigrationContextSpec:
    """One bounded context's tables and migration history."""

    name: str
    metadata: MetaData
    version_table: str

    @property
    def script_location(self) -> Path:
        return MIGRATIONS / self.name


CONTEXTS: dict[str, MigrationContextSpec] = {
    "case": MigrationContextSpec("case", CaseBase.metadata, "alembic_version_case"),
    "hearing": MigrationContextSpec("hearing", HearingBase.metadata, "alembic_version_hearing"),
}


def _spec(context: str) -> MigrationContextSpec:
    try:
        return CONTEXTS[context]
    except KeyError:
        raise ValueError(
            f"unknown migration context {context!r}; use one of {sorted(CONTEXTS)}"
        ) from None


def alembic_config(context: str, connection: Connection | None = None) -> Config:
    """An Alembic configuration for ``context``; commands run on ``connection``."""
    spec = _spec(context)
    config = Config(attributes={"safecase_context": spec.name, "connection": connection})
    config.set_main_option("script_location", str(spec.script_location))
    config.set_main_option("path_separator", "os")
    return config


@cache
def _scripts(context: str) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(context))


def _head(context: str) -> str:
    head = _scripts(context).get_current_head()
    assert head is not None, f"the {context} context has no migration scripts"
    return head


def heads() -> dict[str, str]:
    """The newest revision of each context's migrations: the schema this safecase writes."""
    return {context: _head(context) for context in CONTEXTS}


def _known(context: str) -> frozenset[str]:
    return frozenset(script.revision for script in _scripts(context).walk_revisions())


# --- the environment (env.py) ---------------------------------------------------------------


def include_name(context: str) -> Any:
    """An autogenerate ``include_name`` hook: only the tables of ``context`` are compared.

    Both contexts may share one database, so each context ignores the other's tables and
    version table; any other table is compared (and would show as a difference).
    """
    own = set(_spec(context).metadata.tables)
    foreign = {
        t for spec in CONTEXTS.values() if spec.name != context for t in spec.metadata.tables
    }
    foreign |= {spec.version_table for spec in CONTEXTS.values()}

    def include(name: str | None, type_: str, _parent: Any) -> bool:
        return type_ != "table" or name in own or name not in foreign

    return include


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render app types as plain SQLAlchemy types so scripts never import safecase."""
    if type_ == "type" and isinstance(obj, Instant):
        return "sa.DateTime(timezone=True)"
    return False


def configure_options(context: str, connection: Connection) -> dict[str, Any]:
    """The ``context.configure`` options of ``context`` (also used to compare schemas)."""
    spec = _spec(context)
    return {
        "target_metadata": spec.metadata,
        "version_table": spec.version_table,
        "render_as_batch": connection.dialect.name == "sqlite",
        "compare_type": True,
        "include_name": include_name(context),
        "render_item": _render_item,
    }


def run_environment(context_name: str) -> None:
    """The body of each context's ``env.py``: run migrations on the configured connection."""
    from alembic import context

    config = context.config
    connection: Connection | None = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "safecase migrations run on a connection: use safecase.core.persistence.migrate "
            "(or `safecase migrate`), not the alembic command line"
        )
    context.configure(connection=connection, **configure_options(context_name, connection))
    with context.begin_transaction():
        context.run_migrations()


# --- public operations ----------------------------------------------------------------------


def _contexts(context: str | None) -> Iterable[str]:
    return list(CONTEXTS) if context is None else [_spec(context).name]


def upgrade(engine: Engine, context: str | None = None) -> None:
    """Migrate ``context`` (both when ``None``) to its newest revision."""
    for name in _contexts(context):
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
            try:
                command.upgrade(alembic_config(name, connection), "head")
            except CommandError as exc:
                current = _current(connection, name)
                if current is not None and current not in _known(name):
                    raise DatabaseProblem(_ahead_message(engine, name, current)) from None
                raise DatabaseProblem(
                    f"cannot migrate the {name} context of {_safe(engine)}: {exc}; "
                    "restore the database from a backup or report this problem"
                ) from None


def downgrade(engine: Engine, context: str, revision: str = "base") -> None:
    """Migrate ``context`` back to ``revision`` (for development and tests)."""
    with engine.begin() as connection:
        command.downgrade(alembic_config(context, connection), revision)


def _current(connection: Connection, context: str) -> str | None:
    migration = MigrationContext.configure(
        connection, opts={"version_table": _spec(context).version_table}
    )
    return migration.get_current_revision()


def status(engine: Engine) -> dict[str, tuple[str | None, str]]:
    """Per context: the database's current revision (``None`` if none) and the newest one."""
    with engine.connect() as connection:
        return {name: (_current(connection, name), _head(name)) for name in CONTEXTS}


def check(engine: Engine) -> None:
    """Raise :class:`DatabaseProblem` naming the fix unless the database is safecase's, at head."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if not tables:
            raise DatabaseProblem(
                f"the database {_safe(engine)} is not initialised: run `safecase init`"
            )
        if not tables & {spec.version_table for spec in CONTEXTS.values()}:
            raise DatabaseProblem(
                f"{_safe(engine)} is a foreign database (not safecase's): "
                "point SAFECASE_DATABASE_URL at a safecase database"
            )
        current = {name: _current(connection, name) for name in CONTEXTS}
    for name, revision in current.items():
        if revision is not None and revision not in _known(name):
            raise DatabaseProblem(_ahead_message(engine, name, revision))
    behind = [
        f"{name}: {revision or 'none'}, head {_head(name)}"
        for name, revision in current.items()
        if revision != _head(name)
    ]
    if behind:
        raise DatabaseProblem(
            f"the database schema is behind ({'; '.join(behind)}): run `safecase migrate`"
        )
    missing = sorted(
        t for spec in CONTEXTS.values() for t in spec.metadata.tables if t not in tables
    )
    if missing:
        raise DatabaseProblem(
            f"the database {_safe(engine)} is damaged (missing tables: {', '.join(missing)}): "
            "restore it from a backup"
        )


def _ahead_message(engine: Engine, context: str, revision: str) -> str:
    return (
        f"the database {_safe(engine)} is newer than this safecase ({context}: {revision}, "
        f"known head {_head(context)}): upgrade safecase"
    )


def _safe(engine: Engine) -> str:
    return make_url(engine.url).render_as_string(hide_password=True)
