"""``safecase keys``: the organisation key's status, its rotation and the retirement of old keys.

Rotation and retirement are audited; the acting identity defaults to the system itself
(``--as SYS``), as these are an operator's tasks rather than a case role's. Nothing printed
holds key material: only key ids, file names and counts.
"""

from __future__ import annotations

from typing import Annotated

import typer

from safecase.core.cli_instance import (
    ActorOption,
    DataDirOption,
    JsonOption,
    acting,
    open_instance,
)
from safecase.core.cli_output import emit_json, say, table
from safecase.core.keys import DEFAULT_BATCH, KeyStatus, key_status, retire, rotate
from safecase.core.persistence.data_keys import KEY_TABLES

__all__ = ["keys_app"]

keys_app = typer.Typer(help="The organisation key: status, rotation, retirement of replaced keys.")


def _status_data(status: KeyStatus) -> dict[str, object]:
    return {
        "active_key_id": status.active,
        "rotation_complete": status.pending == 0,
        "data_keys_to_rewrap": status.pending,
        "keys": [
            {
                "key_id": use.key_id,
                "active": use.active,
                "key_file": use.file,
                "data_keys": use.data_keys,
            }
            for use in status.keys
        ],
        "retired": [
            {"key_id": key.key_id, "retired_at": key.retired_at, "by": key.by}
            for key in status.retired
        ],
    }


@keys_app.command("status")
def keys_status(
    ctx: typer.Context, directory: DataDirOption = None, as_json: JsonOption = False
) -> None:
    """Show the active key, how many data keys each key wraps, and the retired keys."""
    status = key_status(open_instance(ctx, directory))
    if as_json:
        emit_json(_status_data(status))
        return
    say(f"active organisation key: {status.active}")
    table(
        ["key id", "state", *(f"{context} data keys" for context in KEY_TABLES), "key file"],
        (
            [
                use.key_id,
                "active" if use.active else ("kept" if use.file else "KEY FILE MISSING"),
                *(use.data_keys[context] for context in KEY_TABLES),
                use.file or "",
            ]
            for use in status.keys
        ),
    )
    for key in status.retired:
        say(f"retired: {key.key_id} on {key.retired_at:%Y-%m-%d %H:%M} by {key.by}")
    if status.pending:
        say(
            f"rotation unfinished: {status.pending} data keys are still wrapped by an earlier "
            "key; run `safecase keys rotate` to finish it",
            style="yellow",
        )


@keys_app.command("rotate")
def keys_rotate(
    ctx: typer.Context,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", min=1, help="Data keys re-wrapped per transaction."),
    ] = DEFAULT_BATCH,
    actor_text: ActorOption = None,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Make a new organisation key and re-wrap every data key with it (case data untouched).

    safecase.toml is switched to the new key file; the old one is kept until it is retired.

    A rotation that stopped half-way is finished by running this again (no new key is made).

    Afterwards restart every process of the instance, and back up the new key file.
    """
    instance = open_instance(ctx, directory)
    actor = acting(actor_text or "SYS", instance.settings.organisation_id)

    def progress(context: str, done: int) -> None:
        if not as_json:
            say(f"  {context}: {done} data keys re-wrapped")

    done = rotate(instance, actor, batch_size=batch_size, progress=progress)
    if as_json:
        emit_json(
            {
                "key_id": done.key_id,
                "key_file": done.key_file,
                "resumed": done.resumed,
                "rewrapped": done.rewrapped,
                "kept": list(done.kept),
            }
        )
        return
    verb = "Finished the rotation to" if done.resumed else "Rotated to"
    total = sum(done.rewrapped.values())
    say(f"{verb} organisation key {done.key_id} ({done.key_file}); {total} data keys re-wrapped")
    say(
        f"Back up {done.key_file} now, apart from database backups, and restart every process "
        "of this instance.",
        style="bold yellow",
    )
    for key_id in done.kept:
        say(f"Kept {key_id}: retire it with `safecase keys retire {key_id}` once restarted.")


@keys_app.command("retire")
def keys_retire(
    ctx: typer.Context,
    key_id: Annotated[str, typer.Argument(metavar="KEY_ID", help="The replaced key's id.")],
    actor_text: ActorOption = None,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Shred the key file of a replaced organisation key.

    Refused while the key is active or still wraps a data key: those cases would be lost.
    """
    instance = open_instance(ctx, directory)
    actor = acting(actor_text or "SYS", instance.settings.organisation_id)
    removed = retire(instance, key_id, actor)
    if as_json:
        emit_json({"key_id": key_id, "removed": removed})
        return
    say(f"Retired organisation key {key_id}: {removed} overwritten and removed")
