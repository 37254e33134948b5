"""What every service's request mapping shares: a command call whose validation errors name
the request's own fields, and a checker that collects the violations of enums, timestamps and
dates so a request with several mistakes gets them all in one answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from google.protobuf.message import Message

from safecase.core.errors import FieldViolation, InvalidArgument

__all__ = ["REQUEST_FIELDS", "Call", "Checker", "compact", "optional"]

REQUEST_FIELDS = frozenset({"request_id", "etag"})
Parsed = TypeVar("Parsed")


@dataclass(frozen=True)
class Call:
    """A command by name, its data, and how its field names read in the request."""

    command: str
    data: dict[str, Any]
    renames: Mapping[str, str] = field(default_factory=dict)
    prefix: str = ""

    def field_of(self, path: str) -> str:
        if path in REQUEST_FIELDS:  # fields of the request itself, not of the command's data
            return path
        segments = [self.renames.get(s, s) for s in path.split(".")]
        text = re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", ".".join(segments))
        return f"{self.prefix}{text}"

    def translate(self, error: InvalidArgument) -> InvalidArgument:
        return InvalidArgument(
            [FieldViolation(self.field_of(v.field), v.description) for v in error.violations]
        )


class Checker:
    """Collects the violations of a request's enums, timestamps and dates, then raises them."""

    def __init__(self) -> None:
        self.violations: list[FieldViolation] = []

    def enum(self, name: str, enum: Any, value: int, *, required: bool = False) -> str | None:
        """The domain value of a proto enum (its name without the type prefix)."""
        prefix = enum.Name(0).removesuffix("UNSPECIFIED")
        if value not in enum.values():
            self.violations.append(FieldViolation(name, f"unknown value {value}"))
            return None
        if value == 0:
            if required:
                self.violations.append(FieldViolation(name, "required"))
            return None
        label: str = enum.Name(value)
        return label.removeprefix(prefix)

    def time(self, message: Message, name: str, path: str | None = None) -> str | None:
        if not message.HasField(name):
            return None
        try:
            when: datetime = getattr(message, name).ToDatetime(tzinfo=UTC)
        except (ValueError, OverflowError):
            self.violations.append(FieldViolation(path or name, "is not a valid timestamp"))
            return None
        return when.isoformat()

    def day(self, name: str, value: str) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.violations.append(FieldViolation(name, "must be an ISO 8601 date YYYY-MM-DD"))
            return None

    def require(self, present: object, name: str) -> None:
        if not present:
            self.violations.append(FieldViolation(name, "required"))

    def attempt(self, parse: Callable[[], Parsed]) -> Parsed | None:
        """What ``parse`` returns, or ``None`` with its violations collected."""
        try:
            return parse()
        except InvalidArgument as invalid:
            self.violations.extend(invalid.violations)
            return None

    def done(self) -> None:
        if self.violations:
            raise InvalidArgument(self.violations)


def optional(text: str) -> str | None:
    """An empty proto string as "not given"."""
    return text or None


def compact(**values: Any) -> dict[str, Any]:
    """Data without the unset (``None``) values, so the command's defaults apply."""
    return {k: v for k, v in values.items() if v is not None}
