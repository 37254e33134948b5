"""The documents sealed between an organisation and the support service.

**The share document** (sealed with :func:`safecase.core.share_sealing.seal_share` to the
support key, bound to the share id) holds the core's pseudonymised packet and what routing it
needs, none of it a direct identifier (G12): the areas of expertise asked for, when the share
expires, the organisation's reply key and the conflict tokens of the case's clubs
(:mod:`~safecase.services.advisory.conflicts`). Unknown fields are refused, so an organisation
cannot add content the packet whitelist (DOMAIN.md §4.3) does not allow.

**The answer document** goes the other way, sealed with the same function to the
organisation's reply key: the group's advice to the organisation, labelled as advice, never a
decision (G08).
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from safecase.core.share import SharePacket

__all__ = ["ADVICE_LABEL", "EXPERTISE", "AnswerAdvice", "AnswerDocument", "ShareDocument"]

EXPERTISE = ("HR", "LAW", "SPORTS_GOVERNANCE", "SAFEGUARDING", "LIVED_EXPERIENCE")
ADVICE_LABEL = "Advice to the organisation — not a decision"
DOCUMENT_VERSION = 1


class ShareDocument(BaseModel):
    """What a published share carries, sealed (version 1)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = DOCUMENT_VERSION
    packet: SharePacket
    expertise: tuple[str, ...] = ()
    expires_at: AwareDatetime
    reply_to_public: str
    conflict_tokens: tuple[str, ...] = Field(default=(), max_length=500)

    @field_validator("version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != DOCUMENT_VERSION:
            raise ValueError(f"share document version {value} is not known")
        return value

    @field_validator("expertise")
    @classmethod
    def _known_expertise(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(EXPERTISE))
        if unknown:
            raise ValueError(f"unknown expertise codes {unknown}")
        return tuple(dict.fromkeys(value))

    @field_validator("reply_to_public")
    @classmethod
    def _x25519_public(cls, value: str) -> str:
        try:
            raw = base64.b64decode(value.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise ValueError("reply_to_public must be base64") from None
        if len(raw) != 32:
            raise ValueError("reply_to_public must be a raw X25519 public key")
        return value

    @field_validator("conflict_tokens")
    @classmethod
    def _hex_tokens(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(len(t) != 64 or any(c not in "0123456789abcdef" for c in t) for t in value):
            raise ValueError("conflict tokens are HMAC-SHA256 digests in lower-case hex")
        return value

    def as_sealable(self) -> dict[str, Any]:
        """The JSON object :func:`seal_share` seals (what an organisation sends)."""
        return self.model_dump(mode="json")


class AnswerAdvice(BaseModel):
    """One member's advice within the answer; the adviser by their reference for the org."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    advice_id: str
    adviser: str
    expertise: tuple[str, ...]
    opinion: str
    recommendations: tuple[str, ...] = ()
    guidance_references: tuple[str, ...] = ()
    submitted_at: datetime


class AnswerDocument(BaseModel):
    """The group's answer to the organisation, sealed to its reply key (version 1)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = DOCUMENT_VERSION
    share_id: str
    answer_id: str
    label: str = ADVICE_LABEL
    summary: str
    advice: tuple[AnswerAdvice, ...]
    composed_at: datetime
