"""Backing up and restoring an embedded instance with ``safecase backup`` / ``safecase restore``.

The restore drill: an instance with cases, people, messages and sanction registry entries is
backed up, its data directory destroyed, and the archive restored; the cases, the audit chain
and the registry are exactly what they were. The organisation key is in the archive only when
asked for. Every refusal (damaged or altered archive, newer schema or format, an instance in
the way, a missing key, a PostgreSQL instance) is one line on stderr with exit status 2, and
writes nothing.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import shutil
import sqlite3
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from safecase.core.cli import app
from safecase.core.cli_instance import initialise
from safecase.core.commands import Actor
from safecase.core.instance import Instance
from safecase.core.keys import rotate
from safecase.core.persistence.migrate import heads
from safecase.core.persistence.registry_store import RegistryStore
from safecase.core.registry import DecisionRef, EntryStatus, RegistryEntry, RegistryPerson
from safecase.core.ruleset import RegistryVisibility
from safecase.core.settings import Settings
from safecase.core.states import Role
from safecase.core.testing import Clock, Scenario

ORG = "org-a"
CANARY = "Quartermain-McDonald"


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SAFECASE_ACTOR",
        "SAFECASE_DATA_DIR",
        "SAFECASE_DATABASE_URL",
        "SAFECASE_ORG_KEY_FILE",
    ):
        monkeypatch.delenv(name, raising=False)


def cli(*args: object) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def one_line_error(result: Result, status: int = 2) -> str:
    assert result.exit_code == status, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    assert CANARY not in result.output
    return lines[0]


@dataclass
class Org:
    data_dir: Path
    key_file: Path
    cases: list[str]

    def run(self, *args: object) -> Result:
        return cli(*args, "--data-dir", self.data_dir)


def sanction(person_id: str, name: str) -> RegistryEntry:
    return RegistryEntry(
        owner_org=ORG,
        person=RegistryPerson(person_id=person_id, legal_name=name),
        status=EntryStatus.ACTIVE,
        sanction_type="SUSPENSION",
        starts_at=datetime(2026, 1, 1, tzinfo=UTC),
        decision_ref=DecisionRef(case_id="case-1", decision_id=f"decision-{person_id}"),
        visibility=RegistryVisibility.PUBLIC,
    )


@pytest.fixture
def org(tmp_path: Path) -> Org:
    data_dir = tmp_path / "org-a"
    made = initialise(data_dir, organisation_id=ORG, name="Example Swimming", plugin="scotland")
    clock = Clock()
    instance = Instance(made.settings, clock=clock)
    scenario = Scenario("scotland", instance=instance)
    cases = [scenario.reported().id, scenario.triaged().id]
    refused = scenario.reported()
    scenario.refusal(refused, "open_investigation", investigator_id="x", terms_of_reference=["y"])
    cases.append(refused.id)
    with instance.unit() as unit:
        unit.store.add_message(cases[0], "TO_REPORTER", "Please tell us more.", clock.now, "dsl")
    with Session(instance.engine) as session, session.begin():
        store = RegistryStore(session, instance.organisation_key, ORG)
        store.record(sanction("p-1", f"Robert {CANARY}"))
        store.record(sanction("p-2", "Alex Example"))
    instance.engine.dispose()
    return Org(data_dir, made.settings.key_file, cases)


def snapshot(org: Org, data_dir: Path | None = None) -> dict[str, Any]:
    """Everything a restore must bring back, unsealed: cases, audit chain, registry, people."""
    instance = Instance(Settings.load(data_dir or org.data_dir), clock=Clock())
    try:
        with instance.unit() as unit:
            seen: dict[str, Any] = {
                "cases": {c: unit.store.get(c).model_dump(mode="json") for c in org.cases},
                "listing": unit.store.list(),
                "messages": [m.text for m in unit.store.messages(org.cases[0])],
                "audit": [entry.model_dump(mode="json") for entry in unit.audit],
                "people": sorted(p.model_dump_json() for p in unit.store.people()),
            }
        with Session(instance.engine) as session:
            store = RegistryStore(session, instance.organisation_key, ORG)
            seen["registry"] = [entry.model_dump(mode="json") for entry in store.entries()]
        seen["audit_verified"] = instance.verify_audit()
    finally:
        instance.engine.dispose()
    return seen


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {
            m.name: tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in tar.getmembers()
        }


def repack(archive: Path, out: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """A copy of ``archive`` with ``change`` applied to its members (the manifest included)."""
    content = members(archive)
    change(content)
    with tarfile.open(out, "w:gz") as tar:
        for name in ("manifest.json", *(n for n in content if n != "manifest.json")):
            info = tarfile.TarInfo(name)
            info.size = len(content[name])
            tar.addfile(info, io.BytesIO(content[name]))
    return out


def reseal(content: dict[str, bytes], **manifest_changes: Any) -> None:
    """Recompute the manifest's checksums (and apply changes), as a forger would."""
    manifest = json.loads(content["manifest.json"])
    manifest["members"] = {
        name: hashlib.sha256(data).hexdigest()
        for name, data in content.items()
        if name != "manifest.json"
    }
    manifest.update(manifest_changes)
    content["manifest.json"] = json.dumps(manifest).encode()


def edited_database(content: dict[str, bytes], tmp_path: Path, sql: str) -> None:
    database = tmp_path / "edited.db"
    database.write_bytes(content["safecase.db"])
    with sqlite3.connect(database) as db:
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'"):
            db.execute(f'DROP TRIGGER "{name}"')  # an attacker with the file ignores triggers
        db.execute(sql)
    db.close()
    content["safecase.db"] = database.read_bytes()


# --- the restore drill ----------------------------------------------------------------------------


def test_a_restore_drill_brings_back_the_same_cases_audit_chain_and_sanction_registry(
    org: Org, tmp_path: Path
) -> None:
    before = snapshot(org)
    assert before["audit_verified"][1] is None
    assert len(before["registry"]) == 2
    archive = tmp_path / "org-a.tar.gz"
    key_backup = tmp_path / "vault" / "organisation.key"
    key_backup.parent.mkdir()
    shutil.copy(org.key_file, key_backup)

    made = org.run("backup", archive)
    assert made.exit_code == 0, made.output
    assert "not in the archive" in made.stdout
    shutil.rmtree(org.data_dir)

    restored = org.run("restore", archive, "--key-file", key_backup)

    assert restored.exit_code == 0, restored.output
    assert f"OK: {before['audit_verified'][0]} entries, chain intact" in restored.stdout
    assert snapshot(org) == before
    assert org.run("audit", "verify").exit_code == 0
    assert (org.data_dir / "keys" / "organisation.key").stat().st_mode & 0o777 == 0o600


def test_an_archive_made_with_include_key_restores_on_its_own(org: Org, tmp_path: Path) -> None:
    before = snapshot(org)
    archive = tmp_path / "with-key.tar.gz"
    made = org.run("backup", archive, "--include-key")
    assert made.exit_code == 0, made.output
    assert "whoever obtains it can read every case" in made.stdout
    shutil.rmtree(org.data_dir)

    restored = org.run("restore", archive, "--json")

    assert restored.exit_code == 0, restored.output
    report = json.loads(restored.stdout)
    assert report["audit_intact"] is True
    assert report["unreadable_data_keys"] == 0
    assert report["data_keys"] > len(org.cases)
    assert snapshot(org) == before


def test_a_half_rotated_instance_restores_with_every_key_it_still_needs(
    org: Org, tmp_path: Path
) -> None:
    before = snapshot(org)

    def interrupt(context: str, done: int) -> None:
        raise InterruptedError

    instance = Instance(Settings.load(org.data_dir), clock=Clock())
    with pytest.raises(InterruptedError):
        rotate(instance, Actor(person_id="system", role=Role.SYS, organisation_id=ORG),
               batch_size=3, progress=interrupt)  # fmt: skip
    instance.engine.dispose()
    new_key = Settings.load(org.data_dir).key_file
    with_keys, without = tmp_path / "with-keys.tar.gz", tmp_path / "without.tar.gz"
    assert org.run("backup", with_keys, "--include-key").exit_code == 0
    assert org.run("backup", without).exit_code == 0
    assert {"keys/organisation.key", f"keys/{new_key.name}"} <= set(members(with_keys))
    vault = tmp_path / "vault.key"
    shutil.copy(new_key, vault)
    shutil.rmtree(org.data_dir)

    error = one_line_error(org.run("restore", without, "--key-file", vault))
    assert "needs organisation key k-" in error
    restored = org.run("restore", with_keys, "--json")

    assert restored.exit_code == 0, restored.output
    assert json.loads(restored.stdout)["unreadable_data_keys"] == 0
    assert len(json.loads(restored.stdout)["key_ids"]) == 2
    after = snapshot(org)
    assert after["cases"] == before["cases"]
    assert after["registry"] == before["registry"]


# --- what an archive holds ------------------------------------------------------------------------


def test_the_archive_has_a_manifest_with_checksums_and_no_key_unless_asked(
    org: Org, tmp_path: Path
) -> None:
    archive = tmp_path / "org-a.tar.gz"
    assert org.run("backup", archive).exit_code == 0

    content = members(archive)
    manifest = json.loads(content["manifest.json"])
    assert next(iter(content)) == "manifest.json"
    assert set(content) == {"manifest.json", "safecase.toml", "safecase.db"}
    assert manifest["format_version"] == 1
    assert manifest["organisation_id"] == ORG
    assert manifest["revisions"] == heads()
    assert manifest["key_included"] is False
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    assert manifest["safecase_version"]
    assert manifest["members"] == {
        name: hashlib.sha256(data).hexdigest()
        for name, data in content.items()
        if name != "manifest.json"
    }
    material = org.key_file.read_text(encoding="ascii").split(":")[1].strip()
    assert material.encode() not in gzip.decompress(archive.read_bytes())
    assert CANARY.encode() not in gzip.decompress(archive.read_bytes())
    assert archive.stat().st_mode & 0o077 == 0


def test_an_archive_with_the_key_holds_the_key_file(org: Org, tmp_path: Path) -> None:
    archive = tmp_path / "with-key.tar.gz"
    assert org.run("backup", archive, "--include-key").exit_code == 0
    content = members(archive)
    assert content["keys/organisation.key"] == org.key_file.read_bytes()
    assert json.loads(content["manifest.json"])["key_included"] is True


def test_a_backup_holds_only_what_was_committed_while_a_writer_is_busy(
    org: Org, tmp_path: Path
) -> None:
    archive = tmp_path / "busy.tar.gz"
    writer = sqlite3.connect(org.data_dir / "safecase.db")
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO inbox (consumer, event_id, processed_at) "
            "VALUES ('uncommitted', 'e-1', '2026-03-02 09:00:00')"
        )
        made = org.run("backup", archive)
        writer.commit()
    finally:
        writer.close()
    assert made.exit_code == 0, made.output
    copy = tmp_path / "copy.db"
    copy.write_bytes(members(archive)["safecase.db"])
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT count(*) FROM inbox").fetchone() == (0,)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()


# --- refusals -------------------------------------------------------------------------------------


def test_an_altered_archive_is_refused_and_nothing_is_written(org: Org, tmp_path: Path) -> None:
    archive = tmp_path / "org-a.tar.gz"
    assert org.run("backup", archive, "--include-key").exit_code == 0

    def flip_a_byte(content: dict[str, bytes]) -> None:
        database = bytearray(content["safecase.db"])
        database[len(database) // 2] ^= 0xFF
        content["safecase.db"] = bytes(database)

    altered = repack(archive, tmp_path / "altered.tar.gz", flip_a_byte)
    target = tmp_path / "restored"

    error = one_line_error(cli("restore", altered, "--data-dir", target))

    assert "E_BACKUP" in error
    assert "safecase.db does not match its checksum" in error
    assert not target.exists() or not any(target.iterdir())


def test_a_file_that_is_not_an_archive_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive at all")
    error = one_line_error(cli("restore", junk, "--data-dir", tmp_path / "restored"))
    assert "not a readable safecase backup archive" in error
    error = one_line_error(cli("restore", tmp_path / "absent.tar.gz", "--data-dir", tmp_path))
    assert "there is no archive" in error


def test_an_archive_with_an_unlisted_member_is_refused(org: Org, tmp_path: Path) -> None:
    archive = tmp_path / "org-a.tar.gz"
    assert org.run("backup", archive).exit_code == 0

    def smuggle(content: dict[str, bytes]) -> None:
        content["keys/extra.key"] = b"k-x:" + base64.b64encode(bytes(32))

    smuggled = repack(archive, tmp_path / "x.tar.gz", smuggle)
    error = one_line_error(cli("restore", smuggled, "--data-dir", tmp_path / "r"))
    assert "keys/extra.key is not listed in its manifest" in error


def test_an_archive_from_a_newer_schema_is_refused(org: Org, tmp_path: Path) -> None:
    archive = tmp_path / "org-a.tar.gz"
    assert org.run("backup", archive, "--include-key").exit_code == 0

    def newer(content: dict[str, bytes]) -> None:
        edited_database(content, tmp_path, "UPDATE alembic_version_case SET version_num = '0999'")
        reseal(content, revisions={**heads(), "case": "0999"})

    target = tmp_path / "restored"
    error = one_line_error(
        cli("restore", repack(archive, tmp_path / "newer.tar.gz", newer), "--data-dir", target)
    )

    assert "comes from a newer safecase (case: 0999" in error
    assert "upgrade safecase" in error
    assert not (target / "safecase.toml").exists()


def test_an_archive_of_a_newer_format_is_refused(org: Org, tmp_path: Path) -> None:
    archive = tmp_path / "org-a.tar.gz"
    assert org.run("backup", archive).exit_code == 0
    newer = repack(archive, tmp_path / "v2.tar.gz", lambda c: reseal(c, format_version=2))
    error = one_line_error(cli("restore", newer, "--data-dir", tmp_path / "restored"))
    assert "archive format 2" in error


def test_an_existing_instance_is_replaced_only_with_force(org: Org, tmp_path: Path) -> None:
    archive = tmp_path / "org-a.tar.gz"
    assert org.run("backup", archive, "--include-key").exit_code == 0
    before = snapshot(org)
    Scenario("scotland", instance=Instance(Settings.load(org.data_dir), clock=Clock())).reported()
    changed = (org.data_dir / "safecase.db").read_bytes()

    error = one_line_error(org.run("restore", archive))

    assert "already holds a safecase instance" in error
    assert "--force" in error
    assert (org.data_dir / "safecase.db").read_bytes() == changed
    forced = org.run("restore", archive, "--force")
    assert forced.exit_code == 0, forced.output
    after = snapshot(org)
    assert after["cases"] == before["cases"]
    assert after["audit"] == before["audit"]


def test_a_restore_without_the_key_is_refused_and_writes_nothing(org: Org, tmp_path: Path) -> None:
    archive = tmp_path / "org-a.tar.gz"
    assert org.run("backup", archive).exit_code == 0
    shutil.rmtree(org.data_dir)

    error = one_line_error(org.run("restore", archive))

    assert "the archive holds no organisation key" in error
    assert "--key-file" in error
    assert not (org.data_dir / "safecase.toml").exists()
    assert not (org.data_dir / "safecase.db").exists()


def test_a_key_file_of_another_organisation_key_is_refused(org: Org, tmp_path: Path) -> None:
    archive = tmp_path / "org-a.tar.gz"
    assert org.run("backup", archive).exit_code == 0
    other = initialise(tmp_path / "other", organisation_id="org-b", name="B", plugin="scotland")
    shutil.rmtree(org.data_dir)

    error = one_line_error(org.run("restore", archive, "--key-file", other.settings.key_file))

    assert f"holds organisation key {other.key.key_id!r}" in error
    assert not (org.data_dir / "safecase.toml").exists()


def test_a_broken_audit_chain_in_a_restored_archive_is_reported_with_status_1(
    org: Org, tmp_path: Path
) -> None:
    archive = tmp_path / "org-a.tar.gz"
    assert org.run("backup", archive, "--include-key").exit_code == 0

    def tampered(content: dict[str, bytes]) -> None:
        edited_database(content, tmp_path, "UPDATE audit_log SET actor_person_id = 'x' WHERE seq=2")
        reseal(content)

    target = tmp_path / "restored"
    result = cli("restore", repack(archive, tmp_path / "t.tar.gz", tampered), "--data-dir", target)

    assert result.exit_code == 1, result.output
    assert "BROKEN at entry 2" in result.stdout


def test_backup_refuses_to_overwrite_an_existing_file(org: Org, tmp_path: Path) -> None:
    archive = tmp_path / "org-a.tar.gz"
    archive.write_bytes(b"precious")
    error = one_line_error(org.run("backup", archive))
    assert "already exists" in error
    assert archive.read_bytes() == b"precious"


def test_backup_of_a_postgresql_instance_points_to_the_operations_guide(
    postgres_url: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "pg"
    initialise(
        data_dir, organisation_id=ORG, name="Example Swimming", plugin="scotland",
        database_url=postgres_url,
    )  # fmt: skip
    archive = tmp_path / "pg.tar.gz"

    error = one_line_error(cli("backup", archive, "--data-dir", data_dir))

    assert "postgresql" in error
    assert "pg_dump" in error
    assert "docs/operations.md" in error
    assert not archive.exists()
