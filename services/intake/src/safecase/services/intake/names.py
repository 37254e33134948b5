"""Resource names (AIP-122), etags (AIP-154) and page tokens (AIP-158) of the intake API.

A malformed name, etag or token is INVALID_ARGUMENT with a field violation on the request
field; a well-formed name of another organisation is NOT_FOUND, as an unknown case is.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass

from google.protobuf.message import Message

from safecase.core.errors import FieldViolation, InvalidArgument, NotFound

__all__ = [
    "CaseName",
    "case_name",
    "etag_for",
    "expected_version",
    "message_name",
    "next_page_token",
    "page_size",
    "page_start",
    "parse_case",
    "parse_child",
    "parse_parent",
]

_ID = r"[A-Za-z0-9_-]{1,64}"
_PARENT = re.compile(rf"organizations/(?P<org>{_ID})")
_CASE = re.compile(rf"organizations/(?P<org>{_ID})/cases/(?P<case>[A-Za-z0-9_-]{{1,32}})")
_ETAG = re.compile(r'(?:W/)?"?v(?P<version>\d{1,18})"?')


def invalid(field: str, description: str) -> InvalidArgument:
    return InvalidArgument([FieldViolation(field, description)])


@dataclass(frozen=True)
class CaseName:
    organisation_id: str
    case_id: str


def case_name(organisation_id: str, case_id: str) -> str:
    return f"organizations/{organisation_id}/cases/{case_id}"


def message_name(organisation_id: str, case_id: str, message_id: str) -> str:
    return f"{case_name(organisation_id, case_id)}/messages/{message_id}"


def parse_parent(value: str, organisation_id: str, field: str = "parent") -> None:
    """Check ``organizations/{organization}`` names this instance's organisation."""
    if not value:
        raise invalid(field, "required: organizations/{organization}")
    match = _PARENT.fullmatch(value)
    if match is None:
        raise invalid(field, "must have the form organizations/{organization}")
    if match["org"] != organisation_id:
        raise NotFound("organization")


def parse_case(value: str, organisation_id: str, field: str = "name") -> str:
    """The case id of ``organizations/{organization}/cases/{case}`` in this organisation."""
    if not value:
        raise invalid(field, "required: organizations/{organization}/cases/{case}")
    match = _CASE.fullmatch(value)
    if match is None:
        raise invalid(field, "must have the form organizations/{organization}/cases/{case}")
    if match["org"] != organisation_id:
        raise NotFound("case")
    return match["case"]


def parse_child(value: str, case: str, collection: str, field: str) -> str:
    """The id of ``{case}/{collection}/{id}``, a child of the request's case ``case``."""
    if not value:
        raise invalid(field, f"required: {case or '{case}'}/{collection}/{{id}}")
    prefix, _, child_id = value.rpartition(f"/{collection}/")
    if not prefix or not re.fullmatch(_ID, child_id) or _CASE.fullmatch(prefix) is None:
        raise invalid(field, f"must have the form organizations/*/cases/*/{collection}/{{id}}")
    if prefix != case:
        raise invalid(field, "must belong to the case of the request's name")
    return child_id


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


# --- pagination -----------------------------------------------------------------------------


def page_size(value: int, *, default: int = 50, maximum: int = 200) -> int:
    """AIP-158: 0 means the default, larger values are coerced to the maximum."""
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
