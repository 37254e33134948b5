"""Backing up and restoring an embedded instance: its SQLite database and ``safecase.toml``.

An archive is a ``tar.gz`` whose first member is a manifest: the format version, the safecase
version, the organisation, the schema revision of each context, when it was made, the key ids
its data keys need and the SHA-256 of every other member. The database is copied with SQLite's
online backup API, so the copy is consistent while the stack keeps writing.

The organisation key goes into an archive only when asked. An archive holding the database and
its key lets whoever obtains it read every case, and a single copy of both is lost at once;
the key belongs in a separate, better protected backup. Restoring therefore takes the key from
the archive, from ``--key-file`` or from the key directory, and refuses if the key the
database needs is in none of them.

A restore checks everything before it writes anything: the manifest and every checksum, that
this safecase knows the schema revisions, that the key is at hand and that no instance would be
overwritten unasked. It ends by verifying the restored audit chain and every data key.
PostgreSQL instances are backed up with PostgreSQL's own tools (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO, cast

from alembic.script import ScriptDirectory
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from safecase.core.crypto import (
    KeyUnavailable,
    OrganisationKey,
    key_files,
    read_organisation_key,
)
from safecase.core.errors import SafecaseError
from safecase.core.persistence.audit_store import SqlAuditTrail
from safecase.core.persistence.data_keys import KEY_TABLES
from safecase.core.persistence.database import open_engine
from safecase.core.persistence.migrate import CONTEXTS, alembic_config
from safecase.core.persistence.schema import DataKeyRow, HearingDataKeyRow
from safecase.core.settings import CONFIG_FILE, Settings

__all__ = [
    "FORMAT_VERSION",
    "BackupMade",
    "BackupProblem",
    "Manifest",
    "Restored",
    "backup",
    "restore",
]

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "safecase.db"
KEYS = "keys/"
MEMBER = re.compile(r"(safecase\.toml|safecase\.db|keys/[A-Za-z0-9][A-Za-z0-9._-]*\.key)")
GUIDE = "docs/operations.md"
CHUNK = 1 << 20
KeyRow = DataKeyRow | HearingDataKeyRow


class BackupProblem(SafecaseError):
    """A backup cannot be made or restored; nothing was written, and the message says why."""

    reason = "E_BACKUP"


@dataclass(frozen=True)
class Manifest:
    """What an archive holds, written before anything else in it."""

    format_version: int
    safecase_version: str
    organisation_id: str
    revisions: dict[str, str]
    created_at: str
    active_key_id: str | None
    wrapping_key_ids: list[str]
    key_included: bool
    members: dict[str, str] = field(default_factory=dict)  # name -> SHA-256

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes, archive: Path) -> Manifest:
        try:
            data = json.loads(raw)
            made_by = int(data["format_version"])
        except (ValueError, KeyError, TypeError):
            raise _damaged(archive, "its manifest is unreadable") from None
        if made_by > FORMAT_VERSION:
            raise BackupProblem(
                f"{archive} was made by a newer safecase (archive format {made_by}, this "
                f"safecase reads up to {FORMAT_VERSION}): upgrade safecase, then restore"
            )
        try:
            manifest = cls(**data)
        except TypeError:
            raise _damaged(archive, "its manifest is incomplete") from None
        if not (
            isinstance(manifest.members, dict)
            and isinstance(manifest.revisions, dict)
            and isinstance(manifest.wrapping_key_ids, list)
            and _texts(
                manifest.organisation_id,
                manifest.created_at,
                *manifest.wrapping_key_ids,
                *manifest.members,
                *manifest.members.values(),
                *manifest.revisions,
                *manifest.revisions.values(),
            )
        ):
            raise _damaged(archive, "its manifest is malformed")
        return manifest


def _texts(*values: object) -> bool:
    return all(isinstance(value, str) for value in values)


@dataclass(frozen=True)
class BackupMade:
    archive: Path
    manifest: Manifest
    key_file: Path  # where the key is, to back up separately unless it was included


@dataclass(frozen=True)
class Restored:
    data_dir: Path
    manifest: Manifest
    database: Path
    key_ids: tuple[str, ...]
    audit_entries: int
    audit_broken_at: int | None
    data_keys: int
    unreadable_data_keys: int
    behind: dict[str, str]  # context -> revision, when older than this safecase's


# --- backup ---------------------------------------------------------------------------------------


def backup(
    settings: Settings, archive: Path, *, include_key: bool, now: Callable[[], datetime]
) -> BackupMade:
    """Write an archive of the instance of ``settings`` to ``archive`` (never overwritten)."""
    database = _sqlite_file(
        settings.database_url,
        "safecase backup copies the embedded SQLite database only; back up PostgreSQL with "
        "pg_dump, or pg_basebackup with WAL archiving, and keep the organisation key apart",
    )
    if archive.exists():
        raise BackupProblem(f"{archive} already exists: choose a new file name")
    if not archive.parent.is_dir():
        raise BackupProblem(f"the directory {archive.parent} does not exist")
    key: OrganisationKey | None = None
    try:
        key = read_organisation_key(settings.key_file)
    except KeyUnavailable:
        if include_key:
            raise
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=".safecase-backup-") as work:
        copy = Path(work) / DATABASE
        _online_copy(database, copy)
        revisions, wrapping = _database_facts(copy, archive)
        members: dict[str, Path] = {CONFIG_FILE: settings.data_dir / CONFIG_FILE, DATABASE: copy}
        if include_key and key is not None:
            kept = key_files(settings.key_file.parent) | {key.key_id: settings.key_file}
            members |= {_key_member(key_id, path): path for key_id, path in kept.items()}
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            safecase_version=version("safecase-core"),
            organisation_id=settings.organisation_id,
            revisions=revisions,
            created_at=now().isoformat(),
            active_key_id=key.key_id if key else None,
            wrapping_key_ids=wrapping,
            key_included=include_key,
            members={name: _sha256(path) for name, path in members.items()},
        )
        staged = Path(work) / "archive.tar.gz"
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            _add(tar, MANIFEST, io.BytesIO(manifest.to_json()), len(manifest.to_json()))
            for name, path in members.items():
                with path.open("rb") as handle:
                    _add(tar, name, handle, path.stat().st_size)
        staged.replace(archive)
    return BackupMade(archive, manifest, settings.key_file)


def _key_member(key_id: str, path: Path) -> str:
    """The archive name of a key file: its own name when that is a plain ``*.key`` name."""
    name = f"{KEYS}{path.name}"
    return name if MEMBER.fullmatch(name) else f"{KEYS}{key_id}.key"


def _sqlite_file(url: str, otherwise: str) -> Path:
    """The SQLite file of ``url``; ``otherwise`` says what to do with another database."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BackupProblem("the configured database URL is not valid") from None
    if parsed.get_backend_name() != "sqlite":
        raise BackupProblem(
            f"the instance's database is {parsed.get_backend_name()}, not SQLite: {otherwise} "
            f"(see {GUIDE})"
        )
    if not parsed.database or parsed.database == ":memory:":
        raise BackupProblem("the instance's SQLite database is in memory: there is nothing to copy")
    return Path(parsed.database)


def _online_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite database page by page under SQLite's own locking."""
    if not source.is_file():
        raise BackupProblem(f"the database {source} is missing")
    try:
        with (
            closing(sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)) as live,
            closing(sqlite3.connect(target)) as copy,
        ):
            live.backup(copy)
    except sqlite3.Error as exc:
        raise BackupProblem(f"cannot copy the database {source}: {exc}") from None


def _database_facts(copy: Path, archive: Path) -> tuple[dict[str, str], list[str]]:
    """The schema revision of each context and the key ids wrapping data keys, in ``copy``."""
    try:
        with closing(sqlite3.connect(copy)) as db:
            revisions = {}
            for name, spec in CONTEXTS.items():
                row = db.execute(f"SELECT version_num FROM {spec.version_table}").fetchone()  # noqa: S608
                if row is None:
                    raise sqlite3.DatabaseError(f"no revision of the {name} context")
                revisions[name] = str(row[0])
            wrapping = sorted(
                {
                    str(key_id)
                    for table in KEY_TABLES.values()
                    for (key_id,) in db.execute(
                        f"SELECT DISTINCT organisation_key_id FROM {table.__tablename__}"  # noqa: S608
                    )
                }
            )
    except sqlite3.Error:
        raise _damaged(archive, "its database is not a safecase database") from None
    return revisions, wrapping


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _add(tar: tarfile.TarFile, name: str, content: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = size, 0o600
    tar.addfile(info, content)


# --- restore --------------------------------------------------------------------------------------


def restore(
    archive: Path, target: Path, *, force: bool = False, key_file: Path | None = None
) -> Restored:
    """Restore ``archive`` into the data directory ``target``; see the module docstring."""
    target.absolute().parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(
        dir=target.absolute().parent, prefix=f".{target.name}.restore-"
    ) as work:
        staging = Path(work)
        manifest = _unpack(archive, staging)
        revisions, wrapping = _database_facts(staging / DATABASE, archive)
        behind = _check_revisions(revisions, manifest, archive)
        settings = _restored_settings(staging)
        database = _placed(
            _sqlite_file(
                settings.database_url,
                "an archive restores the embedded SQLite database only; unset "
                "SAFECASE_DATABASE_URL to restore it, and restore PostgreSQL with its own tools",
            ),
            staging,
            target,
        )
        if not force and ((target / CONFIG_FILE).exists() or database.exists()):
            raise BackupProblem(
                f"{target} already holds a safecase instance: restore into an empty data "
                "directory, or pass --force to replace it"
            )
        configured = _placed(settings.key_file, staging, target)
        needed = {k for k in (manifest.active_key_id, *wrapping) if k}
        keys = _keys_to_install(manifest, needed, staging, configured, key_file, force=force)

        configured.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for path, source in keys.items():
            shutil.copyfile(source, path)
            path.chmod(0o600)
        database.parent.mkdir(parents=True, exist_ok=True)
        for stale in ("-wal", "-shm", "-journal"):  # a replaced database's leftovers
            database.with_name(database.name + stale).unlink(missing_ok=True)
        shutil.move(staging / DATABASE, database)
        target.mkdir(parents=True, exist_ok=True)
        (staging / CONFIG_FILE).replace(target / CONFIG_FILE)
    return _verify(target, manifest, database, behind, wrapping)


def _unpack(archive: Path, staging: Path) -> Manifest:
    """Extract the listed members into ``staging``, each checked against the manifest."""
    if not archive.is_file():
        raise BackupProblem(f"there is no archive {archive}")
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise _damaged(archive, "it does not start with a safecase manifest")
            manifest = Manifest.from_json(_read(tar, first), archive)
            found: set[str] = set()
            for member in tar:
                if member is first:
                    continue
                name = member.name
                if not member.isfile() or not MEMBER.fullmatch(name) or name in found:
                    raise _damaged(archive, f"it holds an unexpected entry {name!r}")
                if name not in manifest.members:
                    raise _damaged(archive, f"{name} is not listed in its manifest")
                found.add(name)
                path = staging / name
                path.parent.mkdir(mode=0o700, exist_ok=True)
                digest = hashlib.sha256()
                source = tar.extractfile(member)
                assert source is not None
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() != manifest.members[name]:
                    raise _damaged(archive, f"{name} does not match its checksum")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupProblem(
            f"{archive} is not a readable safecase backup archive ({type(exc).__name__})"
        ) from None
    missing = sorted(set(manifest.members) - found)
    if missing or CONFIG_FILE not in found or DATABASE not in found:
        raise _damaged(archive, f"members are missing: {', '.join(missing) or DATABASE}")
    return manifest


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)
    assert handle is not None
    return handle.read()


def _check_revisions(
    revisions: dict[str, str], manifest: Manifest, archive: Path
) -> dict[str, str]:
    """Refuse a schema this safecase does not know; the contexts older than its newest."""
    if revisions != manifest.revisions:
        raise _damaged(archive, "its database does not have the schema its manifest names")
    newer, behind = [], {}
    for context, revision in revisions.items():
        scripts = ScriptDirectory.from_config(alembic_config(context))
        known = {script.revision for script in scripts.walk_revisions()}
        if revision not in known:
            newer.append(f"{context}: {revision}, known up to {scripts.get_current_head()}")
        elif revision != scripts.get_current_head():
            behind[context] = revision
    if newer:
        raise BackupProblem(
            f"{archive} comes from a newer safecase ({'; '.join(newer)}): "
            "upgrade safecase, then restore"
        )
    return behind


def _restored_settings(staging: Path) -> Settings:
    """The restored configuration, read as the instance will read it (environment included)."""
    try:
        return Settings.load(staging)
    except SafecaseError as exc:
        raise BackupProblem(f"the archived configuration is unusable: {exc.message}") from None


def _placed(path: Path, staging: Path, target: Path) -> Path:
    """Where a path of the staged configuration lies once restored into ``target``."""
    try:
        return target / path.absolute().relative_to(staging.absolute())
    except ValueError:  # configured outside the data directory: the same place
        return path


def _keys_to_install(
    manifest: Manifest,
    needed: set[str],
    staging: Path,
    configured: Path,
    given: Path | None,
    *,
    force: bool,
) -> dict[Path, Path]:
    """Key files to copy (destination -> source); refuses when a needed key is nowhere.

    The database needs the key configured when it was backed up and every key still wrapping
    one of its data keys (a rotation not finished). They come from the archive, from
    ``given`` (``--key-file``) or from the key directory as it is.
    """
    directory = configured.parent
    offered = dict(key_files(staging / KEYS.rstrip("/")))
    if given is not None:
        key = read_organisation_key(given)
        if key.key_id not in needed:
            raise BackupProblem(
                f"{given} holds organisation key {key.key_id!r}, which this backup does not "
                f"use (it needs {', '.join(sorted(needed))})"
            )
        offered[key.key_id] = given
    install: dict[Path, Path] = {}
    for key_id, source in offered.items():
        name = f"{key_id}.key" if source == given else source.name
        destination = configured if key_id == manifest.active_key_id else directory / name
        if not force and destination.exists() and destination.read_bytes() != source.read_bytes():
            raise BackupProblem(
                f"{destination} holds another key file: move it away, or pass --force"
            )
        install[destination] = source
    present = set(key_files(directory)) if directory.is_dir() else set()
    if configured.is_file():
        present.add(read_organisation_key(configured).key_id)
    missing = sorted(needed - present - set(offered))
    if missing:
        where = (
            "the archive's keys do not include it"
            if manifest.key_included
            else "the archive holds no organisation key (it is backed up separately)"
        )
        raise BackupProblem(
            f"the database needs organisation key {', '.join(missing)}, and {where}: pass "
            f"its key file from your key backup with --key-file, or put it in {directory} first"
        )
    return install


def _verify(
    target: Path, manifest: Manifest, database: Path, behind: dict[str, str], wrapping: list[str]
) -> Restored:
    """Verify the restored audit chain and unwrap every data key with the restored keys."""
    key = read_organisation_key(Settings.load(target).key_file)
    engine = open_engine(f"sqlite:///{database}")
    try:
        with Session(engine) as session:
            trail = SqlAuditTrail(session)
            entries, broken = len(trail), trail.verify()
            total = unreadable = 0
            for table in KEY_TABLES.values():
                for row in cast("Iterable[KeyRow]", session.scalars(select(table))):
                    total += 1
                    try:
                        key.unwrap(row.wrapped, row.organisation_key_id)
                    except KeyUnavailable:
                        unreadable += 1
    finally:
        engine.dispose()
    key_ids = tuple(sorted({key.key_id, *wrapping}))
    return Restored(target, manifest, database, key_ids, entries, broken, total, unreadable, behind)


def _damaged(archive: Path, why: str) -> BackupProblem:
    return BackupProblem(f"the archive {archive} is damaged or was altered ({why}): use another")
