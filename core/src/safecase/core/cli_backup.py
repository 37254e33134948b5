"""``safecase backup`` and ``safecase restore`` of an embedded instance (see :mod:`.backup`).

A broken audit chain after a restore exits with status 1, like ``safecase audit verify``; every
refusal (damaged archive, newer schema, an instance in the way, a missing key) exits with 2.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from safecase.core.backup import backup as make_backup
from safecase.core.backup import restore as restore_backup
from safecase.core.cli_instance import DataDirOption, JsonOption, data_dir
from safecase.core.cli_output import emit_json, say
from safecase.core.settings import Settings

__all__ = ["backup", "restore"]

ArchiveArgument = Annotated[
    Path, typer.Argument(metavar="FILE", help="The archive (.tar.gz).", dir_okay=False)
]


def backup(
    ctx: typer.Context,
    archive: ArchiveArgument,
    include_key: Annotated[
        bool,
        typer.Option(
            "--include-key",
            help=(
                "Also put the organisation key in the archive. Avoid it: whoever obtains an "
                "archive holding the key can read every case, and losing that one archive "
                "loses database and key at once. Keep the key file in a separate, better "
                "protected backup instead."
            ),
        ),
    ] = False,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Back up the instance (SQLite database and safecase.toml) into one new archive.

    The copy is consistent while the instance runs (SQLite's online backup API).

    The organisation key stays out unless --include-key: back up the key file on its own.

    PostgreSQL instances are backed up with pg_dump or pg_basebackup: see docs/operations.md.
    """
    settings = Settings.load(data_dir(ctx, directory))
    made = make_backup(settings, archive, include_key=include_key, now=lambda: datetime.now(UTC))
    manifest = made.manifest
    if as_json:
        emit_json(
            {
                "archive": made.archive,
                "organisation_id": manifest.organisation_id,
                "revisions": manifest.revisions,
                "key_included": manifest.key_included,
                "key_file": made.key_file,
                "members": sorted(manifest.members),
            }
        )
        return
    revisions = ", ".join(f"{c}: {r}" for c, r in manifest.revisions.items())
    say(f"Backed up {manifest.organisation_id} to {made.archive} ({revisions})")
    if manifest.key_included:
        say(
            "The archive holds the organisation key: whoever obtains it can read every case.",
            style="bold yellow",
        )
    else:
        say(
            f"The organisation key is not in the archive: back up {made.key_file} separately "
            f"(key id {manifest.active_key_id}); without it the archive cannot be read.",
            style="bold yellow",
        )


def restore(
    ctx: typer.Context,
    archive: ArchiveArgument,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the instance in the data directory.")
    ] = False,
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            metavar="FILE",
            help="The organisation key file from your key backup, when the archive has none.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Restore an instance from a backup archive, then verify its audit chain and keys.

    Checked before anything is written: the manifest, every checksum, the schema, the key.

    An existing instance is replaced only with --force. Stop the instance's processes first.
    """
    done = restore_backup(archive, data_dir(ctx, directory), force=force, key_file=key_file)
    if as_json:
        emit_json(
            {
                "data_dir": done.data_dir,
                "organisation_id": done.manifest.organisation_id,
                "created_at": done.manifest.created_at,
                "revisions": done.manifest.revisions,
                "key_ids": list(done.key_ids),
                "audit_entries": done.audit_entries,
                "audit_intact": done.audit_broken_at is None,
                "audit_first_broken": done.audit_broken_at,
                "data_keys": done.data_keys,
                "unreadable_data_keys": done.unreadable_data_keys,
                "migrate_needed": sorted(done.behind),
            }
        )
    else:
        manifest = done.manifest
        say(
            f"Restored {manifest.organisation_id} into {done.data_dir} from a backup made "
            f"{manifest.created_at} by safecase {manifest.safecase_version}"
        )
        say(f"  database   {done.database}")
        say(f"  keys       {', '.join(done.key_ids)}")
        say(
            f"  data keys  {done.data_keys - done.unreadable_data_keys} of {done.data_keys} "
            "readable",
            style="red" if done.unreadable_data_keys else None,
        )
        if done.audit_broken_at is None:
            say(f"Audit log: OK: {done.audit_entries} entries, chain intact")
        else:
            say(
                f"Audit log: BROKEN at entry {done.audit_broken_at} "
                f"(of {done.audit_entries} entries)",
                style="red",
            )
        if done.behind:
            say("The schema is older than this safecase: run `safecase migrate`.")
    if done.audit_broken_at is not None or done.unreadable_data_keys:
        raise typer.Exit(1)
