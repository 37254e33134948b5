"""Resource names (AIP-122), etags (AIP-154) and page tokens (AIP-158) of the intake API.

A malformed name, etag or token is INVALID_ARGUMENT with a field violation on the request
field; a well-formed name of another organisation is NOT_FOUND, as an unknown case is. Etags
and page tokens are every service's (:mod:`safecase.services.common.aip`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from safecase.core.errors import NotFound
from safecase.services.common.aip import (
    etag_for,
    expected_version,
    invalid,
    next_page_token,
    page_size,
    page_start,
)

__all__ = [
    "CaseName",
    "case_name",
    "etag_for",
    "expected_version",
    "invalid",
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
