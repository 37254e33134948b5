"""The instance behind the command line: its data directory, the acting identity, and the
``init``, ``migrate`` and ``audit verify`` commands.

``--data-dir`` is accepted by the root command and by every command that touches an instance
(the command's own value wins); without it ``SAFECASE_DATA_DIR`` or ``var/safecase`` is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from safecase.core.cli_output import emit_json, say
from safecase.core.commands import Actor
from safecase.core.crypto import OrganisationKey, generate_organisation_key
from safecase.core.errors import FieldViolation, InvalidArgument
from safecase.core.instance import Instance
from safecase.core.persistence.database import open_engine
from safecase.core.plugins import get_plugins
from safecase.core.registry_writer import keeping_the_registry
from safecase.core.settings import CONFIG_FILE, ConfigurationError, Settings, default_data_dir
from safecase.core.states import Role

__all__ = [
    "ActorOption",
    "DataDirOption",
    "Initialised",
    "JsonOption",
    "acting",
    "audit_verify",
    "demo_instance",
    "given_data_dir",
    "init",
    "initialise",
    "migrate",
    "open_instance",
    "remember_data_dir",
]

DATA_DIR_KEY = "safecase.data_dir"
ORGANISATION_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Data directory of the instance (default: $SAFECASE_DATA_DIR, else var/safecase).",
        show_default=False,
    ),
]
ActorOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        envvar="SAFECASE_ACTOR",
        metavar="ROLE:PERSON_ID",
        help="Who acts and in which role, e.g. DSL:<person id>.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


# --- opening the instance -----------------------------------------------------------------------


def remember_data_dir(ctx: typer.Context, given: Path | None) -> None:
    """Keep the root command's ``--data-dir`` for the sub-command."""
    ctx.meta[DATA_DIR_KEY] = given


def given_data_dir(ctx: typer.Context, given: Path | None) -> Path | None:
    """The data directory given on the command line (the command's own, else the root's)."""
    remembered: Path | None = ctx.meta.get(DATA_DIR_KEY)
    return given or remembered


def data_dir(ctx: typer.Context, given: Path | None) -> Path:
    return given_data_dir(ctx, given) or default_data_dir()


def open_instance(ctx: typer.Context, given: Path | None) -> Instance:
    return keeping_the_registry(Instance(Settings.load(data_dir(ctx, given))))


def acting(text: str | None, organisation_id: str) -> Actor:
    """The actor of ``--as ROLE:PERSON_ID`` (``SYS`` alone means the system itself)."""
    if not text:
        raise InvalidArgument(
            [FieldViolation("--as", "say who acts: ROLE:PERSON_ID (or set SAFECASE_ACTOR)")]
        )
    role_text, _, person_id = text.strip().partition(":")
    try:
        role = Role(role_text.upper())
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise InvalidArgument([FieldViolation("--as", f"role must be one of {roles}")]) from None
    if role is Role.SYS and not person_id:
        person_id = "system"
    if not person_id.strip():
        raise InvalidArgument([FieldViolation("--as", "must be ROLE:PERSON_ID")])
    return Actor(person_id=person_id.strip(), role=role, organisation_id=organisation_id)


# --- creating an instance -----------------------------------------------------------------------


@dataclass(frozen=True)
class Initialised:
    """What ``initialise`` created."""

    settings: Settings
    config_file: Path
    key: OrganisationKey
    revisions: dict[str, str | None]


def initialise(
    directory: Path,
    *,
    organisation_id: str,
    name: str,
    plugin: str,
    rule_set: str | None = None,
    database_url: str | None = None,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> Initialised:
    """Create an instance: configuration, organisation key (0600) and migrated database.

    Refuses a directory that already holds an instance, and a database that already holds a
    safecase schema. Either everything is created or the files it wrote are removed again.
    """
    from safecase.core.persistence.migrate import status, upgrade

    _check_texts(organisation_id=organisation_id, name=name, overrides=overrides or {})
    config_file = directory / CONFIG_FILE
    if config_file.exists():
        raise ConfigurationError(f"{directory} already holds a safecase instance")
    get_plugins(
        plugin, rule_set_id=rule_set, organisation_id=organisation_id, overrides=overrides or {}
    )  # a missing plugin or rule set is refused before anything is written
    created: list[Path] = []
    try:
        Settings.write(
            directory,
            organisation_id=organisation_id,
            organisation_name=name,
            plugin=plugin,
            rule_set=rule_set,
            database_url=database_url,
            overrides={section: dict(values) for section, values in (overrides or {}).items()},
        )
        created.append(config_file)
        settings = Settings.load(directory)
        if settings.key_file.exists():
            raise ConfigurationError(
                f"the key file {settings.key_file} already exists: move it away or restore "
                "the instance it belongs to"
            )
        database_file = _sqlite_file(settings.database_url)
        if database_file is not None and not database_file.exists():
            created.append(database_file)
        engine = open_engine(settings.database_url)
        if any(current for current, _head in status(engine).values()):
            raise ConfigurationError(
                "the database already holds a safecase schema: give an empty database to "
                "`safecase init`, or use `safecase migrate` on the instance it belongs to"
            )
        upgrade(engine)
        revisions = {name: current for name, (current, _head) in status(engine).items()}
        engine.dispose()
        key = generate_organisation_key(settings.key_file)
        created.append(settings.key_file)
    except BaseException:
        for path in reversed(created):
            path.unlink(missing_ok=True)
        raise
    return Initialised(settings, config_file, key, revisions)


def _check_texts(
    *, organisation_id: str, name: str, overrides: Mapping[str, Mapping[str, str]]
) -> None:
    violations = []
    if not ORGANISATION_ID.fullmatch(organisation_id):
        violations.append(
            FieldViolation("--organisation-id", "use lower case letters, digits, - and _")
        )
    texts = {"--name": name} | {
        f"--set {section}.{key}": value
        for section, values in overrides.items()
        for key, value in values.items()
    }
    for option, text in texts.items():
        if not text.strip() or any(c in text for c in '"\\\n'):
            violations.append(FieldViolation(option, "must be non-empty, without quotes"))
    if violations:
        raise InvalidArgument(violations)


def _sqlite_file(url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(url[len(prefix) :]) if url.startswith(prefix) and len(url) > len(prefix) else None


def _overrides(assignments: list[str]) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for assignment in assignments:
        target, equals, value = assignment.partition("=")
        section, dot, key = target.strip().partition(".")
        if not (equals and dot and section and key):
            raise InvalidArgument([FieldViolation("--set", "must be SECTION.KEY=VALUE")])
        result.setdefault(section, {})[key] = value.strip()
    return result


# --- commands -------------------------------------------------------------------------------------


def init(
    ctx: typer.Context,
    organisation_id: Annotated[
        str, typer.Option("--organisation-id", help="The organisation's id (a-z, 0-9, - and _).")
    ],
    name: Annotated[str, typer.Option("--name", help="The organisation's name.")],
    plugin: Annotated[str, typer.Option("--plugin", help="The organisation's plugin.")],
    rule_set: Annotated[
        str | None, typer.Option("--rule-set", help="Rule-set id, if the plugin has several.")
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url", help="SQLAlchemy URL [default: SQLite in the data directory]."
        ),
    ] = None,
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="SECTION.KEY=VALUE",
            help="A rule-set setting the organisation configures (repeatable).",
        ),
    ] = None,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create an instance: data directory, configuration, organisation key and database."""
    target = data_dir(ctx, directory)
    made = initialise(
        target,
        organisation_id=organisation_id,
        name=name,
        plugin=plugin,
        rule_set=rule_set,
        database_url=database_url,
        overrides=_overrides(settings or []),
    )
    key_file = made.settings.key_file
    if as_json:
        emit_json(
            {
                "data_dir": target,
                "config_file": made.config_file,
                "key_file": key_file,
                "key_id": made.key.key_id,
                "database_url": _hidden_password(made.settings.database_url),
                "migrations": made.revisions,
            }
        )
        return
    say(f"Created the safecase instance of {organisation_id} in {target}")
    say(f"  configuration  {made.config_file}")
    say(f"  organisation key {key_file} (key id {made.key.key_id}, readable by you only)")
    say(f"  database       {_hidden_password(made.settings.database_url)}")
    say(f"  migrations     {', '.join(f'{c}: {r}' for c, r in made.revisions.items())}")
    say(
        f"Back up {key_file} now and keep it apart from database backups: "
        "without it no case in this instance can ever be read.",
        style="bold yellow",
    )


def migrate(
    ctx: typer.Context, directory: DataDirOption = None, as_json: JsonOption = False
) -> None:
    """Upgrade the instance's database to this safecase's schema."""
    from safecase.core.persistence.migrate import status, upgrade

    settings = Settings.load(data_dir(ctx, directory))
    engine = open_engine(settings.database_url)
    before = {name: current for name, (current, _head) in status(engine).items()}
    upgrade(engine)
    after = {name: current for name, (current, _head) in status(engine).items()}
    engine.dispose()
    if as_json:
        emit_json({"before": before, "after": after})
        return
    for context, revision in after.items():
        change = "up to date" if before[context] == revision else f"from {before[context]}"
        say(f"{context}: {revision} ({change})")


def audit_verify(
    ctx: typer.Context, directory: DataDirOption = None, as_json: JsonOption = False
) -> None:
    """Check the audit log's hash chain; exit status 1 if it is broken."""
    count, broken = open_instance(ctx, directory).verify_audit()
    if as_json:
        emit_json({"entries": count, "intact": broken is None, "first_broken": broken})
    elif broken is None:
        say(f"OK: {count} entries, chain intact")
    else:
        say(f"BROKEN at entry {broken} (of {count} entries)", style="red")
    if broken is not None:
        raise typer.Exit(1)


def _hidden_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def demo_instance(
    directory: Path, plugin: str, clock: Callable[[], datetime], overrides: dict[str, Any]
) -> Instance:
    """A fresh instance for the persisted demo, running on the demo's clock."""
    made = initialise(
        directory,
        organisation_id="demo",
        name="Example Swimming (demo)",
        plugin=plugin,
        overrides={
            section: {k: str(v) for k, v in values.items()} for section, values in overrides.items()
        },
    )
    return keeping_the_registry(Instance(made.settings, clock=clock, organisation_key=made.key))
