"""Receipts of anonymous reports (G14): how they are made, stored and checked.

A receipt is a *code* that finds the report and a *secret* that proves the holder. Both are
26 characters of Crockford base32 (130 bits each), grouped for typing and read back leniently
(case, dashes, spaces, ``O``/``0`` and ``I``/``L``/``1`` are forgiven). Only the SHA-256 of the
code (a lookup key) and an argon2id hash of the secret are stored: the database alone lets
nobody act as the reporter. Both are shown once, in the response to ``SubmitReport``.

A failed look-up looks the same whether the code exists or not (same error, and an argon2
verification is run either way so the time is alike). More than :data:`MAX_FAILURES` failures
from one source within :data:`WINDOW` are refused with ``E_G14_THROTTLED`` until the window
passes; the count is kept per process.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from safecase.core.errors import REFUSAL_MESSAGES, SafecaseError

__all__ = [
    "ALPHABET",
    "MAX_FAILURES",
    "WINDOW",
    "IssuedReceipt",
    "ReceiptKeeper",
    "Throttle",
    "Throttled",
    "code_hash",
    "format_code",
    "normalise",
]

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
LENGTH = 26  # 26 x 5 = 130 bits
GROUPS = (5, 5, 5, 5, 6)
MAX_FAILURES = 10
WINDOW = timedelta(hours=1)
_LENIENT = str.maketrans({"O": "0", "I": "1", "L": "1"})


class Throttled(SafecaseError):
    reason = "E_G14_THROTTLED"

    def __init__(self) -> None:
        super().__init__(REFUSAL_MESSAGES["E_G14_THROTTLED"])


def _random_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_code(normalised: str) -> str:
    """``ABCDE-FGHJK-MNPQR-STVWX-YZ0123``: the grouped form shown to the reporter."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(normalised[start : start + size])
        start += size
    return "-".join(parts)


def normalise(typed: str) -> str | None:
    """The canonical form of a typed code or secret, or ``None`` if it cannot be one."""
    compact = "".join(typed.split()).replace("-", "").upper().translate(_LENIENT)
    if len(compact) != LENGTH or any(c not in ALPHABET for c in compact):
        return None
    return compact


def code_hash(normalised: str) -> str:
    """The stored lookup key of a receipt code."""
    return hashlib.sha256(f"safecase-receipt:{normalised}".encode("ascii")).hexdigest()


@dataclass(frozen=True)
class IssuedReceipt:
    """A new receipt: what the reporter is shown once, and what is stored."""

    code: str
    secret: str
    code_hash: str
    secret_hash: str


class ReceiptKeeper:
    """Makes receipts and checks a presented secret against a stored argon2id hash."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()  # argon2id, RFC 9106 low-memory profile
        self._decoy = self.hasher.hash(_random_code())

    def issue(self) -> IssuedReceipt:
        code, secret = _random_code(), _random_code()
        return IssuedReceipt(
            code=format_code(code),
            secret=format_code(secret),
            code_hash=code_hash(code),
            secret_hash=self.hasher.hash(secret),
        )

    def matches(self, stored_hash: str | None, typed_secret: str) -> bool:
        """Whether ``typed_secret`` is the one hashed in ``stored_hash`` (``None``: no receipt)."""
        secret = normalise(typed_secret) or typed_secret
        try:
            self.hasher.verify(stored_hash or self._decoy, secret)
        except (VerificationError, InvalidHashError):
            return False
        return stored_hash is not None


class Throttle:
    """Counts failed look-ups per source in a sliding window (thread-safe)."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        max_failures: int = MAX_FAILURES,
        window: timedelta = WINDOW,
    ) -> None:
        self.clock = clock
        self.max_failures = max_failures
        self.window = window
        self._failures: defaultdict[str, deque[datetime]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, source: str, now: datetime) -> deque[datetime]:
        failures = self._failures[source]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def check(self, source: str) -> None:
        """Raise :class:`Throttled` if ``source`` already failed too often."""
        with self._lock:
            recent = self._recent(source, self.clock())
            if not recent:
                del self._failures[source]  # keep memory to the sources that failed lately
            elif len(recent) >= self.max_failures:
                raise Throttled()

    def failed(self, source: str) -> None:
        with self._lock:
            now = self.clock()
            self._recent(source, now).append(now)
