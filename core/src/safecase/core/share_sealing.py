"""Sealing an advisory share for the support service, across organisations.

An organisation's own documents are sealed under data keys its organisation key wraps; a share
leaves the organisation, so its per-share data key is sealed to the **support service's public
key** instead (X25519 key agreement with a one-off key pair, HKDF-SHA256, AES-GCM: an
ECIES-style sealed box). Only the holder of the support service's private key reads the share;
the organisation itself cannot read it back from the wire, and the advisory service, by
deleting its copy of the share's data key, makes every copy of the content it ever received
unreadable (the JetStream message included).
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from safecase.core.crypto import DataKey, KeyUnavailable

__all__ = [
    "SealedShare",
    "SupportKey",
    "generate_support_key",
    "open_share",
    "open_share_key",
    "read_support_key",
    "read_support_public_key",
    "seal_share",
]

INFO = b"safecase advisory share key v1"
NONCE_BYTES = 12


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class SupportKey:
    """The support service's key pair; the private half never leaves its instance."""

    private: X25519PrivateKey

    def __repr__(self) -> str:  # never print key material
        return "SupportKey(<private>)"

    @property
    def public_bytes(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )


@dataclass(frozen=True)
class SealedShare:
    """What travels: the data key sealed to the support key, and the content under it."""

    ephemeral_public: str
    wrapped_key: str
    ciphertext: str

    def as_dict(self) -> dict[str, str]:
        return {
            "ephemeral_public": self.ephemeral_public,
            "wrapped_key": self.wrapped_key,
            "ciphertext": self.ciphertext,
        }

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> SealedShare:
        return cls(data["ephemeral_public"], data["wrapped_key"], data["ciphertext"])


def _wrapping_key(shared: bytes, share_id: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=share_id.encode("utf-8"), info=INFO
    ).derive(shared)


def seal_share(support_public: bytes, share_id: str, document: dict[str, Any]) -> SealedShare:
    """``document`` sealed under a new per-share data key sealed to ``support_public``."""
    data_key = DataKey.generate()
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(support_public))
    nonce = os.urandom(NONCE_BYTES)
    wrapped = nonce + AESGCM(_wrapping_key(shared, share_id)).encrypt(
        nonce, data_key.material, share_id.encode("utf-8")
    )
    content = json.dumps(document, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return SealedShare(
        ephemeral_public=_b64(
            ephemeral.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        ),
        wrapped_key=_b64(wrapped),
        ciphertext=data_key.seal(content, f"share:{share_id}"),
    )


def open_share_key(key: SupportKey, share_id: str, sealed: SealedShare) -> DataKey:
    """The share's data key (what the advisory service keeps, and destroys on revocation)."""
    try:
        shared = key.private.exchange(
            X25519PublicKey.from_public_bytes(_unb64(sealed.ephemeral_public))
        )
        wrapped = _unb64(sealed.wrapped_key)
        material = AESGCM(_wrapping_key(shared, share_id)).decrypt(
            wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], share_id.encode("utf-8")
        )
    except (InvalidTag, ValueError):
        raise KeyUnavailable("this share was not sealed to this support service's key") from None
    return DataKey(material)


def open_share(key: SupportKey, share_id: str, sealed: SealedShare) -> dict[str, Any]:
    """The share's content (refused for another key, or a share moved to another id)."""
    data_key = open_share_key(key, share_id, sealed)
    document: dict[str, Any] = json.loads(data_key.open(sealed.ciphertext, f"share:{share_id}"))
    return document


def generate_support_key(path: Path) -> SupportKey:
    """A new support key at ``path`` (mode 0600) and its public half beside it (``.pub``)."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(_b64(raw) + "\n")
    key = SupportKey(private)
    path.with_suffix(".pub").write_text(_b64(key.public_bytes) + "\n", encoding="ascii")
    return key


def read_support_key(path: Path) -> SupportKey:
    try:
        raw = _unb64(path.read_text(encoding="ascii").strip())
        return SupportKey(X25519PrivateKey.from_private_bytes(raw))
    except (OSError, ValueError):
        raise KeyUnavailable(f"cannot read the support service key {path}") from None


def read_support_public_key(path: Path) -> bytes:
    """The support service's public key, as an organisation configures it."""
    try:
        raw = _unb64(path.read_text(encoding="ascii").strip())
        X25519PublicKey.from_public_bytes(raw)
    except (OSError, ValueError):
        raise KeyUnavailable(f"cannot read the support service public key {path}") from None
    return raw
