"""The resource-oriented habits every API of safecase shares: etags (AIP-154) and pagination
(AIP-158).

An etag is the weak form of the resource's optimistic-concurrency version; a page token carries
the offset and a digest of the request's other fields, so a token is refused with a request
whose filters changed. A malformed etag, page size or token is INVALID_ARGUMENT with a field
violation on the request field.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from typing import TypeVar

from google.protobuf.message import Message

from safecase.core.errors import FieldViolation, InvalidArgument

__all__ = [
    "etag_for",
    "expected_version",
    "invalid",
    "next_page_token",
    "page",
    "page_size",
    "page_start",
]

_ETAG = re.compile(r'(?:W/)?"?v(?P<version>\d{1,18})"?')
Item = TypeVar("Item")


def invalid(field: str, description: str) -> InvalidArgument:
    return InvalidArgument([FieldViolation(field, description)])


def etag_for(version: int) -> str:
    return f'W/"v{version}"'


def expected_version(etag: str, field: str = "etag") -> int | None:
    """The version an ``etag`` was read at; ``None`` when the request sends none."""
    if not etag:
        return None
    match = _ETAG.fullmatch(etag.strip())
    if match is None:
        raise invalid(field, "is not an etag this service issued")
    return int(match["version"])


def page_size(value: int, *, default: int = 50, maximum: int = 200) -> int:
    """0 means the default, larger values are coerced to the maximum."""
    if value < 0:
        raise invalid("page_size", "must not be negative")
    return min(value or default, maximum)


def _fingerprint(request: Message) -> str:
    """A digest of the request's fields other than the page fields (they must not change)."""
    copy = type(request)()
    copy.CopyFrom(request)
    for name in ("page_size", "page_token"):
        copy.ClearField(name)
    return hashlib.sha256(copy.SerializeToString(deterministic=True)).hexdigest()[:16]


def next_page_token(request: Message, offset: int) -> str:
    data = json.dumps({"o": offset, "f": _fingerprint(request)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode("ascii")).decode("ascii").rstrip("=")


def page_start(request: Message) -> int:
    """Where the page of ``request`` starts: 0, or the offset its ``page_token`` carries."""
    token: str = getattr(request, "page_token", "")
    if not token:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        offset, fingerprint = int(data["o"]), str(data["f"])
    except (ValueError, KeyError, TypeError):
        raise invalid("page_token", "is not a page token of this method") from None
    if offset < 0 or fingerprint != _fingerprint(request):
        raise invalid("page_token", "belongs to a request with other filters")
    return offset


def page(
    request: Message, items: Sequence[Item], *, default: int = 50, maximum: int = 200
) -> tuple[Sequence[Item], str]:
    """The page of ``items`` that ``request`` asks for, and the token of the next one."""
    size = page_size(getattr(request, "page_size", 0), default=default, maximum=maximum)
    start = page_start(request)
    end = start + size
    token = next_page_token(request, end) if end < len(items) else ""
    return items[start:end], token
