"""The sanction registry as FollowTheMoney entities, for an OpenSanctions ``yente`` index.

Each exported entry gives a ``Sanction`` entity pointing at a ``Person`` entity (its ``entity``
property). What is exported is what other organisations may know anyway (§3.7): the person's
names and date of birth, who imposed the sanction, its type code, its scope (the roles it
covers, as ``provisions``), its dates and its status. Never case content: no grounds, no
narrative, no case or decision id.

Only what may leave the organisation is exported:

- ``PUBLIC`` entries, and ``SHARED_DSA`` ones only when asked (``include_shared``: the file
  is then for the partners of a data sharing agreement, not for publication);
- never an ``ORG_INTERNAL_ONLY`` entry, so never an interim measure (G34) and never a minor
  respondent's entry (G13, checked on the flag too, whatever the visibility says);
- only ``ACTIVE`` sanctions (an expired or overturned sanction is not published), and with
  ``now`` only those in force at that instant;
- only entries that name the person (an entry with a person id alone matches nobody elsewhere).

Ids are stable across exports and reveal nothing: ``make_id`` over the organisation id and the
entry id (a ``Sanction``) or the registry's person id (a ``Person``, so several sanctions of
one person share one ``Person``, as ``ftm aggregate`` would give), never the case id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from safecase.core.organisation import Organisation
from safecase.core.registry import EntryStatus, RegistryEntry
from safecase.core.ruleset import RegistryVisibility

__all__ = ["export_ftm", "exportable"]

ID_NAMESPACE = "safecase"


def exportable(entry: RegistryEntry, *, include_shared: bool = False) -> bool:
    """Whether ``entry`` may appear in an export (module docstring)."""
    allowed = {RegistryVisibility.PUBLIC} | (
        {RegistryVisibility.SHARED_DSA} if include_shared else set()
    )
    return (
        entry.visibility in allowed
        and not entry.minor_respondent
        and entry.status is EntryStatus.ACTIVE
        and bool(entry.person.legal_name.strip())
    )


def _person(organisation: Organisation, entry: RegistryEntry) -> EntityProxy:
    person = model.make_entity("Person")
    person.make_id(ID_NAMESPACE, organisation.id, "person", entry.person.person_id)
    return person


def _add_names(person: EntityProxy, entry: RegistryEntry) -> None:
    person.add("name", entry.person.legal_name)
    person.add("alias", list(entry.person.known_aliases))
    person.add("previousName", list(entry.person.previous_names))
    if entry.person.dob is not None:
        person.add("birthDate", entry.person.dob.isoformat())


def _sanction(organisation: Organisation, entry: RegistryEntry, person_id: str) -> EntityProxy:
    sanction = model.make_entity("Sanction")
    sanction.make_id(ID_NAMESPACE, organisation.id, "sanction", entry.entry_id)
    sanction.add("entity", person_id)
    sanction.add("authority", organisation.name)
    if entry.sanction_type:  # the rule set's code, e.g. SUSPENSION: never the grounds
        sanction.add("program", entry.sanction_type)
        sanction.add("reason", entry.sanction_type)
    sanction.add("provisions", sorted(role.value for role in entry.scope.roles))
    sanction.add("startDate", entry.starts_at.date().isoformat())
    if entry.ends_at is not None:
        sanction.add("endDate", entry.ends_at.date().isoformat())
    sanction.add("status", entry.status.value)
    return sanction


def export_ftm(
    entries: Iterable[RegistryEntry],
    organisation: Organisation,
    *,
    include_shared: bool = False,
    now: datetime | None = None,
) -> Iterator[dict[str, Any]]:
    """The FtM entities (as dicts, one JSON line each) of the exportable ``entries``.

    Every ``Person`` comes first, then every ``Sanction``; each is valid for
    ``model.get_proxy``. Entries of other organisations are skipped: an organisation exports
    only the sanctions it imposed.
    """
    people: dict[str, EntityProxy] = {}
    sanctions: list[EntityProxy] = []
    for entry in entries:
        if entry.owner_org != organisation.id or not exportable(
            entry, include_shared=include_shared
        ):
            continue
        if now is not None and not entry.active(now):
            continue
        person = people.setdefault(entry.person.person_id, _person(organisation, entry))
        _add_names(person, entry)
        assert person.id is not None
        sanctions.append(_sanction(organisation, entry, person.id))
    for proxy in (*people.values(), *sanctions):
        yield proxy.to_dict()
