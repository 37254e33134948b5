"""Protection of sensitive data at rest: AES-GCM under per-case data keys, wrapped by the
organisation key (envelope encryption).

Each case (and each person record) has its own random 256-bit data key. The data key is stored
only wrapped (RFC 3394 AES key wrap) by the organisation key, which is read from configuration
and never stored in the database. Destroying a case's wrapped data key makes every copy of its
sensitive fields unreadable at once (crypto-shredding, used for erasure, retention and consent
withdrawal). Every ciphertext is bound to its owner and field path as associated data, so a
sealed value cannot be moved to another case or field unnoticed.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

from safecase.core.errors import SafecaseError

__all__ = [
    "DataKey",
    "KeyUnavailable",
    "OrganisationKey",
    "generate_organisation_key",
    "read_organisation_key",
]

NONCE_BYTES = 12


class KeyUnavailable(SafecaseError):
    """A key is missing, wrong or destroyed; the message names the fix, never key material."""

    reason = "E_KEY_UNAVAILABLE"


@dataclass(frozen=True)
class OrganisationKey:
    """The key-encryption key of one organisation, identified by ``key_id`` for rotation."""

    key_id: str
    material: bytes

    def __post_init__(self) -> None:
        if len(self.material) != 32:
            raise KeyUnavailable("the organisation key must be 32 bytes (256 bits)")

    def __repr__(self) -> str:  # never print key material
        return f"OrganisationKey(key_id={self.key_id!r})"

    def wrap(self, data_key: DataKey) -> bytes:
        return aes_key_wrap(self.material, data_key.material)

    def unwrap(self, wrapped: bytes) -> DataKey:
        try:
            return DataKey(aes_key_unwrap(self.material, wrapped))
        except InvalidUnwrap:
            raise KeyUnavailable(
                f"organisation key {self.key_id!r} cannot unwrap this data key: "
                "the configured key file is not the one this database was written with"
            ) from None


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


def generate_organisation_key(path: Path, key_id: str | None = None) -> OrganisationKey:
    """Create a new organisation key file (mode 0600) and return the key."""
    key = OrganisationKey(
        key_id or f"k-{secrets.token_hex(4)}", AESGCM.generate_key(bit_length=256)
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
    return OrganisationKey(key_id, material)
