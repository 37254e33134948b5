"""The organisation keyring behind key rotation, without a database.

A key read from its file finds the organisation's other key files by key id, so a data key
wrapped by a predecessor not yet retired still unwraps, even in a process that read its key
before the rotation wrote the new one. A key on its own unwraps only what it wrapped. Pointing
``safecase.toml`` at the new key file keeps everything else in the file as it was.
"""

from __future__ import annotations

import base64
import tomllib
from pathlib import Path

import pytest

from safecase.core.crypto import (
    DataKey,
    KeyUnavailable,
    OrganisationKey,
    generate_organisation_key,
    key_files,
    read_organisation_key,
)
from safecase.core.keys import _with_key_file


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    directory = tmp_path / "keys"
    generate_organisation_key(directory / "organisation.key", "k-old")
    return directory


def test_a_key_unwraps_a_data_key_wrapped_by_its_predecessor_kept_beside_it(keys: Path) -> None:
    old = read_organisation_key(keys / "organisation.key")
    data_key = DataKey.generate()
    wrapped_by_old = old.wrap(data_key)
    new = generate_organisation_key(keys / "k-new.key", "k-new")

    assert new.unwrap(wrapped_by_old, "k-old") == data_key
    assert new.unwrap(new.wrap(data_key), "k-new") == data_key
    assert new.unwrap(new.wrap(data_key)) == data_key


def test_a_key_read_before_a_rotation_finds_the_key_the_rotation_made(keys: Path) -> None:
    before = read_organisation_key(keys / "organisation.key")
    new = generate_organisation_key(keys / "k-new.key", "k-new")
    data_key = DataKey.generate()

    assert before.unwrap(new.wrap(data_key), "k-new") == data_key


def test_a_key_on_its_own_unwraps_only_what_it_wrapped(keys: Path) -> None:
    new = generate_organisation_key(keys / "k-new.key", "k-new")
    alone = OrganisationKey(new.key_id, new.material)
    wrapped_by_old = read_organisation_key(keys / "organisation.key").wrap(DataKey.generate())

    with pytest.raises(KeyUnavailable, match="not the one this database was written with"):
        alone.unwrap(wrapped_by_old, "k-old")
    with pytest.raises(KeyUnavailable, match="cannot unwrap this data key"):
        alone.unwrap(wrapped_by_old)


def test_a_data_key_of_a_retired_key_names_the_missing_key_and_never_key_material(
    keys: Path,
) -> None:
    old = read_organisation_key(keys / "organisation.key")
    wrapped = old.wrap(DataKey.generate())
    new = generate_organisation_key(keys / "k-new.key", "k-new")
    (keys / "organisation.key").unlink()

    with pytest.raises(KeyUnavailable) as missing:
        read_organisation_key(keys / "k-new.key").unwrap(wrapped, "k-old")
    assert "'k-old'" in missing.value.message
    assert "restore it from your key backup" in missing.value.message
    for material in (old.material, new.material):
        assert base64.b64encode(material).decode() not in missing.value.message
    assert repr(new) == "OrganisationKey(key_id='k-new')"


def test_the_key_files_of_a_directory_are_found_by_id_and_other_files_are_ignored(
    keys: Path,
) -> None:
    generate_organisation_key(keys / "k-new.key", "k-new")
    (keys / "tls.key").write_text("-----BEGIN PRIVATE KEY-----\n", encoding="ascii")
    (keys / "notes.txt").write_text("k-other:AAAA", encoding="ascii")

    assert key_files(keys) == {"k-old": keys / "organisation.key", "k-new": keys / "k-new.key"}
    assert key_files(keys / "absent") == {}


CONFIG = """# safecase instance configuration; environment variables SAFECASE_* override it.
[organisation]
id = "org-a"
name = "Example Swimming"
plugin = "scotland"

[keys]  # the organisation key: back it up apart from the database
organisation_key_file = "keys/organisation.key"

[rule_set_overrides.intake]
organisation_key_file = "not this one"
"""


def test_switching_the_key_file_changes_that_setting_alone() -> None:
    switched = _with_key_file(CONFIG, "keys/k-new.key")

    data = tomllib.loads(switched)
    assert data["keys"] == {"organisation_key_file": "keys/k-new.key"}
    assert data["rule_set_overrides"]["intake"] == {"organisation_key_file": "not this one"}
    assert switched.replace('"keys/k-new.key"', '"keys/organisation.key"') == CONFIG


def test_switching_the_key_file_adds_the_setting_where_it_was_missing() -> None:
    without_section = CONFIG.split("[keys]")[0]
    assert tomllib.loads(_with_key_file(without_section, "/srv/keys/k-new.key"))["keys"] == {
        "organisation_key_file": "/srv/keys/k-new.key"
    }
    without_setting = without_section + "[keys]\n"
    assert tomllib.loads(_with_key_file(without_setting, "keys/k-new.key"))["keys"] == {
        "organisation_key_file": "keys/k-new.key"
    }
