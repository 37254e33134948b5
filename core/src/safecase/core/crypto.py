"""Protection of sensitive data at rest: AES-GCM under per-case data keys, wrapped by the
organisation key (envelope encryption).

Each case (and each person record) has its own random 256-bit data key. The data key is stored
only wrapped (RFC 3394 AES key wrap) by the organisation key, which is read from configuration
and never stored in the database. Destroying a case's wrapped data key makes every copy of its
sensitive fields unreadable at once (crypto-shredding, used for erasure, retention and consent
withdrawal). Every ciphertext is bound to its owner and field path as associated data, so a
sealed value cannot be moved to another case or field unnoticed.

The organisation key is rotated by re-wrapping the data keys, never by re-encrypting what they
sealed (:mod:`safecase.core.keys`). Each wrapped data key records the id of the key that
wrapped it, and a key read from its file finds its predecessors (still kept as key files in
the same directory until they are retired) by that id: while a rotation is under way, and in a
process started before it, every data key stays readable.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

from safecase.core.errors import SafecaseError

__all__ = [
    "KEY_FILE_SUFFIX",
    "DataKey",
    "KeyUnavailable",
    "OrganisationKey",
    "generate_organisation_key",
    "key_files",
    "new_key_id",
    "read_organisation_key",
]

NONCE_BYTES = 12
KEY_FILE_SUFFIX = ".key"


class KeyUnavailable(SafecaseError):
    """A key is missing, wrong or destroyed; the message names the fix, never key material."""

    reason = "E_KEY_UNAVAILABLE"


@dataclass(frozen=True)
class OrganisationKey:
    """The key-encryption key of one organisation, identified by ``key_id`` for rotation.

    ``key_directory`` is where the organisation's other key files are kept (the directory of
    the key file this key was read from). A data key wrapped by one of them, a predecessor not
    yet retired, is unwrapped with that key; a key without a directory unwraps only what it
    wrapped itself.
    """

    key_id: str
    material: bytes
    key_directory: Path | None = field(default=None, compare=False)
    _others: dict[str, OrganisationKey] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if len(self.material) != 32:
            raise KeyUnavailable("the organisation key must be 32 bytes (256 bits)")

    def __repr__(self) -> str:  # never print key material
        return f"OrganisationKey(key_id={self.key_id!r})"

    def wrap(self, data_key: DataKey) -> bytes:
        return aes_key_wrap(self.material, data_key.material)

    def unwrap(self, wrapped: bytes, key_id: str | None = None) -> DataKey:
        """The data key in ``wrapped``, which the key ``key_id`` wrapped (this key if ``None``)."""
        key = self if key_id is None or key_id == self.key_id else self.other(key_id)
        try:
            return DataKey(aes_key_unwrap(key.material, wrapped))
        except InvalidUnwrap:
            raise KeyUnavailable(
                f"organisation key {key.key_id!r} cannot unwrap this data key: "
                "the configured key file is not the one this database was written with"
            ) from None

    def other(self, key_id: str) -> OrganisationKey:
        """Another key of this organisation, read from its file in ``key_directory``.

        Looked up when first needed rather than at start, so a process started before a
        rotation still reads the data keys the rotation re-wrapped under the new key.
        """
        if key_id not in self._others:
            path = key_files(self.key_directory).get(key_id) if self.key_directory else None
            if path is None:
                raise KeyUnavailable(
                    f"this data key is wrapped by organisation key {key_id!r}, whose key file is "
                    f"not beside the configured key {self.key_id!r}: the configured key file is "
                    "not the one this database was written with, or the key file of "
                    f"{key_id!r} was removed; restore it from your key backup"
                )
            self._others[key_id] = read_organisation_key(path)
        return self._others[key_id]


@dataclass(frozen=True)
class DataKey:
    """A per-case (or per-person) AES-256-GCM key."""

    material: bytes

    @classmethod
    def generate(cls) -> DataKey:
        return cls(AESGCM.generate_key(bit_length=256))

    def __repr__(self) -> str:
        return "DataKey(<hidden>)"

    def seal(self, plaintext: bytes, associated: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.material).encrypt(nonce, plaintext, associated.encode("utf-8"))
        return base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, token: str, associated: str) -> bytes:
        raw = base64.b64decode(token)
        try:
            return AESGCM(self.material).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated.encode("utf-8")
            )
        except InvalidTag:
            raise KeyUnavailable("a sealed value does not match its key or place") from None


def new_key_id() -> str:
    return f"k-{secrets.token_hex(4)}"


def generate_organisation_key(path: Path, key_id: str | None = None) -> OrganisationKey:
    """Create a new organisation key file (mode 0600) and return the key."""
    key = OrganisationKey(
        key_id or new_key_id(), AESGCM.generate_key(bit_length=256), path.parent.absolute()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"{key.key_id}:{base64.b64encode(key.material).decode('ascii')}\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text)
    return key


def read_organisation_key(path: Path) -> OrganisationKey:
    """Read ``<key id>:<base64 key>`` from a key file; a clear error names the fix."""
    if not path.is_file():
        raise KeyUnavailable(
            f"the organisation key file {path} is missing: restore it from your key backup, "
            "or run `safecase init` for a new instance"
        )
    text = path.read_text(encoding="ascii", errors="replace").strip()
    key_id, _, encoded = text.partition(":")
    try:
        material = base64.b64decode(encoded, validate=True)
    except ValueError:
        raise KeyUnavailable(
            f"the organisation key file {path} is not a safecase key file"
        ) from None
    return OrganisationKey(key_id, material, path.parent.absolute())


def key_files(directory: Path) -> dict[str, Path]:
    """The organisation key files in ``directory`` by key id (``*.key``, others ignored).

    A file that is not a safecase key (the directory may hold other secrets) is skipped, and
    so is a second file with an id already found: the first in name order wins.
    """
    found: dict[str, Path] = {}
    if not directory.is_dir():
        return found
    for path in sorted(directory.glob(f"*{KEY_FILE_SUFFIX}")):
        try:
            key = read_organisation_key(path)
        except (KeyUnavailable, OSError):
            continue
        found.setdefault(key.key_id, path)
    return found
