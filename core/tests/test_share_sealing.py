"""A share is readable by the support service's key alone, and only under its own id (G15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from safecase.core.crypto import KeyUnavailable
from safecase.core.share_sealing import (
    generate_support_key,
    open_share,
    read_support_key,
    read_support_public_key,
    seal_share,
)

DOCUMENT = {"question": "Is a suspension proportionate?", "people": ["Coach A", "Child 1"]}


def test_the_support_service_opens_a_share_sealed_to_its_public_key(tmp_path: Path) -> None:
    key = generate_support_key(tmp_path / "support.key")
    public = read_support_public_key(tmp_path / "support.pub")
    sealed = seal_share(public, "share-1", DOCUMENT)
    assert "Coach A" not in str(sealed.as_dict())
    assert open_share(read_support_key(tmp_path / "support.key"), "share-1", sealed) == DOCUMENT
    assert (tmp_path / "support.key").stat().st_mode & 0o777 == 0o600
    assert "private" in repr(key)
    assert key.public_bytes.hex() not in repr(key)


def test_another_key_or_another_share_id_cannot_open_it(tmp_path: Path) -> None:
    key = generate_support_key(tmp_path / "support.key")
    other = generate_support_key(tmp_path / "other.key")
    sealed = seal_share(key.public_bytes, "share-1", DOCUMENT)
    with pytest.raises(KeyUnavailable):
        open_share(other, "share-1", sealed)
    with pytest.raises(KeyUnavailable):
        open_share(key, "share-2", sealed)


def test_an_unreadable_key_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "broken.key").write_text("not a key\n", encoding="ascii")
    with pytest.raises(KeyUnavailable, match="cannot read the support service key"):
        read_support_key(tmp_path / "broken.key")
