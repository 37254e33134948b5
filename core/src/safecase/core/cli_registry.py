"""``safecase registry``: the organisation's sanction registry from the command line.

``registry list`` shows the sanctions in force (ids, status, type, scope, dates, visibility),
names only when asked with ``--names``. ``registry export`` writes the entries that may leave
the organisation as FollowTheMoney JSON lines, e.g. for a ``yente`` index (docs/registry.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from safecase.core.cli_instance import DataDirOption, JsonOption, open_instance
from safecase.core.cli_output import emit_json, say, table
from safecase.core.errors import FieldViolation, InvalidArgument
from safecase.core.instance import Instance
from safecase.core.persistence.registry_store import RegistryStore
from safecase.core.registry import RegistryEntry

__all__ = ["registry_app"]

registry_app = typer.Typer(help="The organisation's sanction registry (list, FtM export).")


@contextmanager
def registry_store(instance: Instance) -> Iterator[RegistryStore]:
    """The instance's registry in one transaction."""
    with Session(instance.engine, expire_on_commit=False) as session, session.begin():
        yield RegistryStore(session, instance.organisation_key, instance.settings.organisation_id)


def _row(entry: RegistryEntry, names: bool) -> dict[str, object]:
    row: dict[str, object] = {
        "entry_id": entry.entry_id,
        "person_id": entry.person.person_id,
        "status": entry.status.value,
        "sanction_type": entry.sanction_type,
        "roles": sorted(role.value for role in entry.scope.roles),
        "starts_at": entry.starts_at,
        "ends_at": entry.ends_at,
        "visibility": entry.visibility.value,
        "minor_respondent": entry.minor_respondent,
    }
    if names:
        row["name"] = entry.person.legal_name
    return row


@registry_app.command("list")
def registry_list(
    ctx: typer.Context,
    names: Annotated[bool, typer.Option("--names", help="Also show names (sensitive).")] = False,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the sanctions in force now (names only with --names)."""
    instance = open_instance(ctx, directory)
    with registry_store(instance) as store:
        entries = store.entries(in_force_on=instance.clock())
    rows = [_row(entry, names) for entry in entries]
    if as_json:
        emit_json(rows)
        return
    columns = ["entry", "person", "status", "type", "roles", "from", "until", "visibility"]
    table(
        [*columns, "minor", *(["name"] if names else [])],
        (
            [
                entry.entry_id,
                entry.person.person_id,
                entry.status.value,
                entry.sanction_type,
                ", ".join(sorted(role.value for role in entry.scope.roles)) or "none",
                entry.starts_at,
                entry.ends_at or "permanent",
                entry.visibility.value,
                entry.minor_respondent,
                *([entry.person.legal_name] if names else []),
            ]
            for entry in entries
        ),
    )


@registry_app.command("export")
def registry_export(
    ctx: typer.Context,
    include_shared: Annotated[
        bool,
        typer.Option(
            "--include-shared",
            help="Also export SHARED_DSA entries (for data sharing partners, not publication).",
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help="Write to FILE instead of standard output.",
            dir_okay=False,
        ),
    ] = None,
    directory: DataDirOption = None,
) -> None:
    """Export the sanctions in force as FollowTheMoney entities (JSON lines, Person + Sanction).

    Only PUBLIC entries (and SHARED_DSA ones with --include-shared); never a minor respondent's.
    """
    from safecase.core.registry_export import export_ftm  # FtM loads its model: seconds

    instance = open_instance(ctx, directory)
    now = instance.clock()
    with registry_store(instance) as store:
        entries = store.entries(in_force_on=now)
    lines = [
        json.dumps(entity, sort_keys=True, ensure_ascii=False)
        for entity in export_ftm(
            entries, instance.organisation, include_shared=include_shared, now=now
        )
    ]
    text = "".join(f"{line}\n" for line in lines)
    if out is None:
        typer.echo(text, nl=False)
        return
    try:  # names of sanctioned people: readable by the exporting user only (0600)
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InvalidArgument([FieldViolation("--out", f"cannot write {out}: {reason}")]) from None
    say(f"wrote {len(lines)} entities to {out}")
