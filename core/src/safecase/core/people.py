"""The person registry: one record per human being, compared by ``person_id`` (DOMAIN.md §2).

Conflict-of-interest (G10), role separation (G21), panel independence (G05/G26) and minors
(G13/G25) are all decided on these records, never on display names. Names, dates of birth and
contact details are sensitive: they are excluded from ``repr`` so they cannot reach logs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field

from safecase.core.errors import FieldViolation, InvalidArgument, NotFound

__all__ = [
    "Affiliation",
    "Person",
    "PersonRegistry",
    "Relationship",
    "RelationshipKind",
    "new_id",
    "sensitive",
]


def new_id() -> str:
    """A random identifier (UUID4 hex); never derived from content."""
    return uuid.uuid4().hex


def sensitive(**kwargs: Any) -> Any:
    """Declare a sensitive field: hidden from ``repr`` and marked for encryption at rest."""
    return Field(repr=False, json_schema_extra={"sensitive": True}, **kwargs)


class RelationshipKind(StrEnum):
    # hard conflicts (G10)
    RELATIVE = "RELATIVE"
    HOUSEHOLD = "HOUSEHOLD"
    LINE_MANAGES = "LINE_MANAGES"
    LINE_MANAGED_BY = "LINE_MANAGED_BY"
    PERSONAL = "PERSONAL"
    BUSINESS = "BUSINESS"
    # soft conflicts (G10), waivable with a reason
    SAME_REGIONAL_ASSOCIATION = "SAME_REGIONAL_ASSOCIATION"
    PREVIOUS_UNRELATED_CASE = "PREVIOUS_UNRELATED_CASE"
    SOCIAL_MEDIA = "SOCIAL_MEDIA"


HARD_RELATIONSHIPS = frozenset(
    {
        RelationshipKind.RELATIVE,
        RelationshipKind.HOUSEHOLD,
        RelationshipKind.LINE_MANAGES,
        RelationshipKind.LINE_MANAGED_BY,
        RelationshipKind.PERSONAL,
        RelationshipKind.BUSINESS,
    }
)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Affiliation(_Record):
    """A membership, employment or volunteer role at a club (or an office at the org)."""

    club: str
    kind: str = "MEMBER"
    start: date | None = None
    end: date | None = None

    def active_within(self, on: date, lookback: relativedelta) -> bool:
        return self.end is None or self.end >= on - lookback


class Relationship(_Record):
    other: str
    kind: RelationshipKind


class Person(_Record):
    id: str = Field(default_factory=new_id)
    name: str = sensitive()
    date_of_birth: date | None = sensitive(default=None)
    email: str | None = sensitive(default=None)
    phone: str | None = sensitive(default=None)
    aliases: list[str] = sensitive(default_factory=list)
    affiliations: list[Affiliation] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    org_officer: bool = False
    independent_child_protection_expertise: bool = False
    safeguarding_knowledge: bool = False
    panel_member_type: str | None = None
    advisory_member: bool = False

    def age_on(self, on: date) -> int | None:
        if self.date_of_birth is None:
            return None
        return relativedelta(on, self.date_of_birth).years

    def is_minor(self, on: date, age_of_majority: int = 18) -> bool:
        age = self.age_on(on)
        return age is not None and age < age_of_majority


class PersonRegistry:
    """The registry of an organisation instance (in memory; persistence stores the same records)."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self._people: dict[str, Person] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person) -> Person:
        if not person.name.strip():
            raise InvalidArgument([FieldViolation("name", "must not be empty")])
        self._people[person.id] = person
        return person

    def get(self, person_id: str) -> Person:
        try:
            return self._people[person_id]
        except KeyError:
            raise NotFound("person") from None

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._people

    def __iter__(self) -> Iterator[Person]:
        return iter(self._people.values())

    def relationships_between(self, a: str, b: str) -> set[RelationshipKind]:
        """Declared relationships either way between two people."""
        kinds = {r.kind for r in self.get(a).relationships if r.other == b} if a in self else set()
        if b in self:
            kinds |= {r.kind for r in self.get(b).relationships if r.other == a}
        return kinds

    def shared_clubs(self, a: str, b: str, on: datetime, lookback: relativedelta) -> set[str]:
        """Clubs where both were affiliated within the lookback (G10 "same club")."""
        if a not in self or b not in self:
            return set()
        day = on.date()

        def clubs(pid: str) -> set[str]:
            return {
                x.club.casefold()
                for x in self.get(pid).affiliations
                if x.active_within(day, lookback)
            }

        return clubs(a) & clubs(b)
