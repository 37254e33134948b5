"""Rotating the organisation key: a new key, every data key re-wrapped, the old key retired.

A rotation never opens what the data keys sealed: it unwraps each data key with the key that
wrapped it and wraps it again with the new key, one batch per transaction in each bounded
context. The new key becomes the configured key before the first batch, and each row records
the id of the key that wraps it, so the instance keeps reading every case while a rotation is
under way (the old key file stays beside the new one until it is retired), and a rotation that
stopped half-way is visible (``safecase keys status``) and is finished by running
``safecase keys rotate`` again. Retiring a key shreds its file, and is refused while any data
key is still wrapped by it: that would crypto-shred those cases by accident.

Both the finished rotation and each retirement (or refused retirement) are entries of the
audit trail; they name key ids, never key material.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from safecase.core.commands import Actor
from safecase.core.crypto import (
    KEY_FILE_SUFFIX,
    OrganisationKey,
    generate_organisation_key,
    key_files,
    new_key_id,
    read_organisation_key,
)
from safecase.core.errors import FieldViolation, InvalidArgument, SafecaseError
from safecase.core.instance import Instance
from safecase.core.persistence.audit_store import SqlAuditTrail
from safecase.core.persistence.data_keys import (
    KEY_TABLES,
    count_by_organisation_key,
    rewrap_batch,
)
from safecase.core.persistence.schema import AuditRow
from safecase.core.settings import CONFIG_FILE, ConfigurationError, Settings

__all__ = [
    "DEFAULT_BATCH",
    "RETIRE",
    "ROTATE",
    "KeyInUse",
    "KeyStatus",
    "KeyUse",
    "RetiredKey",
    "Rotation",
    "key_status",
    "retire",
    "rotate",
]

ROTATE = "rotate_organisation_key"
RETIRE = "retire_organisation_key"
OBJECT_TYPE = "organisation_key"
DEFAULT_BATCH = 500
REWRAPPED_FIELDS = tuple(f"{table.__tablename__}.wrapped" for table in KEY_TABLES.values())

Progress = Callable[[str, int], None]


class KeyInUse(SafecaseError):
    """An organisation key still wraps data keys (or is the active key): it cannot go."""

    reason = "E_KEY_IN_USE"


@dataclass(frozen=True)
class KeyUse:
    """One organisation key: where its file is and how many data keys it wraps per context."""

    key_id: str
    file: Path | None  # None: data keys name it, but no key file of it is kept
    active: bool
    data_keys: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.data_keys.values())


@dataclass(frozen=True)
class RetiredKey:
    key_id: str
    retired_at: datetime
    by: str


@dataclass(frozen=True)
class KeyStatus:
    """What ``safecase keys status`` shows."""

    active: str
    keys: tuple[KeyUse, ...]
    retired: tuple[RetiredKey, ...]

    @property
    def pending(self) -> int:
        """Data keys still wrapped by another key than the active one (a rotation to finish)."""
        return sum(use.total for use in self.keys if not use.active)


@dataclass(frozen=True)
class Rotation:
    """The outcome of ``rotate``: the key now active and what was re-wrapped to it."""

    key_id: str
    key_file: Path
    resumed: bool
    rewrapped: dict[str, int]
    kept: tuple[str, ...]  # earlier keys whose files are kept until they are retired


# --- status ---------------------------------------------------------------------------------------


def key_status(instance: Instance) -> KeyStatus:
    """The active key, every key kept or still named by a data key, and the retired keys."""
    settings = Settings.load(instance.settings.data_dir)
    active = read_organisation_key(settings.key_file)
    files = _kept(settings, active)
    with Session(instance.engine) as session:
        counts = _counts(session)
        retired = tuple(
            RetiredKey(row.object_id or "", row.ts, f"{row.acting_role}:{row.actor_person_id}")
            for row in session.scalars(
                select(AuditRow)
                .where(
                    AuditRow.object_type == OBJECT_TYPE,
                    AuditRow.command == RETIRE,
                    AuditRow.outcome == "ALLOWED",
                )
                .order_by(AuditRow.seq)
            )
        )
    named = {key_id for per_key in counts.values() for key_id in per_key}
    ids = sorted(set(files) | named, key=lambda key_id: (key_id != active.key_id, key_id))
    keys = tuple(
        KeyUse(
            key_id=key_id,
            file=files.get(key_id),
            active=key_id == active.key_id,
            data_keys={context: counts[context].get(key_id, 0) for context in KEY_TABLES},
        )
        for key_id in ids
    )
    return KeyStatus(active=active.key_id, keys=keys, retired=retired)


def _kept(settings: Settings, active: OrganisationKey) -> dict[str, Path]:
    """The key files beside the configured one, the configured one always included."""
    files = key_files(settings.key_file.parent)
    files[active.key_id] = settings.key_file
    return files


def _counts(session: Session) -> dict[str, dict[str, int]]:
    return {
        context: count_by_organisation_key(session, table) for context, table in KEY_TABLES.items()
    }


# --- rotation -------------------------------------------------------------------------------------


def rotate(
    instance: Instance,
    actor: Actor,
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> Rotation:
    """Rotate to a new organisation key, or finish a rotation that stopped half-way.

    A rotation is unfinished while a data key is wrapped by another key than the configured
    one; then no new key is made and the remaining data keys are re-wrapped to the configured
    key. Otherwise a new key file is written beside the current one and configured, and every
    data key is re-wrapped to it. ``progress`` is told (context, data keys re-wrapped so far)
    after each committed batch.
    """
    if batch_size < 1:
        raise InvalidArgument([FieldViolation("--batch-size", "must be at least 1")])
    if os.environ.get("SAFECASE_ORG_KEY_FILE"):
        raise ConfigurationError(
            "SAFECASE_ORG_KEY_FILE chooses the organisation key file, and a rotation cannot "
            "change the environment: rotate with it unset (safecase.toml then names the key "
            "file), then point SAFECASE_ORG_KEY_FILE at the new key file"
        )
    settings = Settings.load(instance.settings.data_dir)
    current = read_organisation_key(settings.key_file)
    with Session(instance.engine) as session:
        counts = _counts(session)
    behind = {key_id for per_key in counts.values() for key_id in per_key} - {current.key_id}
    kept = set(_kept(settings, current)) - {current.key_id}
    if behind:
        target, key_file, resumed = current, settings.key_file, True
    else:
        key_id = new_key_id()
        while key_id in kept or key_id == current.key_id:
            key_id = new_key_id()
        key_file = settings.key_file.parent / f"{key_id}{KEY_FILE_SUFFIX}"
        try:
            target = generate_organisation_key(key_file, key_id)
        except OSError as exc:
            raise ConfigurationError(
                f"cannot write the new key file {key_file}: {exc.strerror or type(exc).__name__}"
            ) from None
        try:
            _configure_key_file(settings, key_file)
        except OSError as exc:
            key_file.unlink(missing_ok=True)
            raise ConfigurationError(
                f"cannot point {CONFIG_FILE} at the new key file: "
                f"{exc.strerror or type(exc).__name__}; nothing was changed"
            ) from None
        except BaseException:
            key_file.unlink(missing_ok=True)
            raise
        resumed = False
        kept.add(current.key_id)

    rewrapped: dict[str, int] = {}
    for context, table in KEY_TABLES.items():
        done = 0
        while True:
            with Session(instance.engine) as session, session.begin():
                count = rewrap_batch(session, table, target, batch_size)
            if not count:
                break
            done += count
            if progress is not None:
                progress(context, done)
        rewrapped[context] = done

    with Session(instance.engine) as session, session.begin():
        SqlAuditTrail(session).append(
            ts=instance.clock(),
            org_id=settings.organisation_id,
            actor_person_id=actor.person_id,
            acting_role=actor.role.value,
            case_id=None,
            action="COMMAND",
            command=ROTATE,
            object_type=OBJECT_TYPE,
            object_id=target.key_id,
            outcome="ALLOWED",
            fields=REWRAPPED_FIELDS,
        )
    return Rotation(target.key_id, key_file, resumed, rewrapped, tuple(sorted(kept)))


def _configure_key_file(settings: Settings, key_file: Path) -> None:
    """Point ``safecase.toml`` at ``key_file``, replacing the file in one step."""
    config = settings.data_dir / CONFIG_FILE
    try:
        value = key_file.absolute().relative_to(settings.data_dir.absolute()).as_posix()
    except ValueError:  # a key directory outside the data directory
        value = key_file.absolute().as_posix()
    text = _with_key_file(config.read_text(encoding="utf-8"), value)
    if tomllib.loads(text).get("keys", {}).get("organisation_key_file") != value:
        raise ConfigurationError(f"cannot point {config} at the new key file: edit it by hand")
    staged = config.with_name(f".{config.name}.{secrets.token_hex(4)}")
    try:
        with staged.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        shutil.copymode(config, staged)
        staged.replace(config)
    finally:
        staged.unlink(missing_ok=True)


SECTION = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
KEY_FILE_SETTING = re.compile(r"^\s*organisation_key_file\s*=")


def _with_key_file(text: str, value: str) -> str:
    """``text`` (a ``safecase.toml``) with ``[keys] organisation_key_file`` set to ``value``.

    The file is edited line by line rather than rewritten so that the operator's comments and
    layout survive.
    """
    setting = f"organisation_key_file = {json.dumps(value)}"
    lines = text.splitlines()
    section: str | None = None
    header: int | None = None
    for index, line in enumerate(lines):
        match = SECTION.match(line)
        if match:
            section = match.group(1)
            header = index if section == "keys" else header
        elif section == "keys" and KEY_FILE_SETTING.match(line):
            lines[index] = setting
            return "\n".join(lines) + "\n"
    if header is None:
        lines += ["", "[keys]", setting]
    else:
        lines.insert(header + 1, setting)
    return "\n".join(lines) + "\n"


# --- retirement -----------------------------------------------------------------------------------


def retire(instance: Instance, key_id: str, actor: Actor) -> Path:
    """Shred the key file of ``key_id`` once no data key is wrapped by it; the file removed.

    Refused (:class:`KeyInUse`, audited) while it is the configured key or still wraps a data
    key. The file is overwritten before it is removed; on journalling or copy-on-write file
    systems and SSDs that is best effort, which is why the key backups matter as much.
    """
    settings = Settings.load(instance.settings.data_dir)
    active = read_organisation_key(settings.key_file)
    path = _kept(settings, active).get(key_id)
    refusal: KeyInUse | None = None
    with Session(instance.engine) as session, session.begin():
        in_use = {
            context: count
            for context, per_key in _counts(session).items()
            if (count := per_key.get(key_id, 0))
        }
        if key_id == active.key_id:
            refusal = KeyInUse(
                f"organisation key {key_id!r} is the active key: rotate to a new key first "
                "(`safecase keys rotate`), then retire this one"
            )
        elif in_use:
            wrapped = ", ".join(f"{context}: {count}" for context, count in in_use.items())
            refusal = KeyInUse(
                f"organisation key {key_id!r} still wraps {sum(in_use.values())} data keys "
                f"({wrapped}): run `safecase keys rotate` to finish the rotation, then retire it"
            )
        elif path is None:
            raise InvalidArgument(
                [
                    FieldViolation(
                        "KEY_ID",
                        f"no key file of organisation key {key_id!r} is kept in "
                        f"{settings.key_file.parent}; `safecase keys status` lists the keys",
                    )
                ]
            )
        SqlAuditTrail(session).append(
            ts=instance.clock(),
            org_id=settings.organisation_id,
            actor_person_id=actor.person_id,
            acting_role=actor.role.value,
            case_id=None,
            action="COMMAND",
            command=RETIRE,
            object_type=OBJECT_TYPE,
            object_id=key_id,
            outcome=f"REFUSED:{KeyInUse.reason}" if refusal else "ALLOWED",
            failed_rules=(KeyInUse.reason,) if refusal else (),
        )
        if refusal is None:
            assert path is not None
            _shred(path)  # inside the transaction: a file that cannot go is not recorded gone
    if refusal is not None:
        raise refusal
    assert path is not None
    return path


def _shred(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(os.urandom(max(size, 64)))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except OSError as exc:
        raise ConfigurationError(
            f"cannot remove the key file {path}: {exc.strerror or type(exc).__name__}"
        ) from None
