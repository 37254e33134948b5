"""Conflict-of-interest checks without club names: digests and per-share tokens (G10, G12).

A share must not name a club (G12), yet a member affiliated with a club of the case must not
advise on it (G10). So the organisation sends, in the sealed share, one **token** per club of
the case: ``HMAC-SHA256(key=share id, club digest)``, where the club digest is the SHA-256 of
the club's normalised name (case, diacritics and spacing ignored). The support service keeps
only the digests of the clubs its members declare and computes each member's tokens for the
share at hand. Tokens differ from share to share, so two shares about one club cannot be linked
by their tokens, and no club name is ever stored by the support service.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from safecase.core.redaction import fold

__all__ = ["club_digest", "conflict_token", "conflict_tokens", "normalise_club"]

DIGEST_PREFIX = b"safecase club v1\x00"


def normalise_club(name: str) -> str:
    """The form two spellings of one club share: folded case and diacritics, single spaces."""
    return " ".join(fold(name).split())


def club_digest(name: str) -> str:
    """The digest of a club's name (hex), as the support service stores a member's club."""
    return hashlib.sha256(DIGEST_PREFIX + normalise_club(name).encode("utf-8")).hexdigest()


def conflict_token(share_id: str, digest: str) -> str:
    """The token of one club digest for one share (hex)."""
    return hmac.new(share_id.encode("utf-8"), bytes.fromhex(digest), hashlib.sha256).hexdigest()


def conflict_tokens(share_id: str, clubs: Iterable[str]) -> list[str]:
    """What an organisation puts in a share for the clubs of its case (sorted, no duplicates)."""
    return sorted({conflict_token(share_id, club_digest(club)) for club in clubs if club.strip()})
