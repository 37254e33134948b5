"""Storing the sanction registry (DOMAIN.md §3.7) in the hearing context, sealed.

Each entry is one row of ``sanction_registry``: what screening filters on (owner, status,
dates, scope, visibility, the minor flag) in columns, the person (legal name, previous names,
aliases, date of birth) as a sealed document under the entry's own data key. The data key is
kept only wrapped by the organisation key, in the hearing context's ``hearing_data_keys``;
deleting it (:meth:`RegistryStore.erase`) crypto-shreds the entry's names everywhere, backups
included. ``decision_ref`` holds ids only, never case content.

Writes go through :meth:`SanctionRegistry.record`, so the rules of the in-memory registry
apply unchanged: an organisation writes its own entries only (G28), a sanction needs the
decision that imposed it (G34), and a minor respondent's entry is internal (G13). Screening
(G33) unseals the entries in force and hands them to :func:`screening.screen_person` (one
person) or :func:`screening.screen_many` (a club's whole list of members, in bulk).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from safecase.core.audit import AuditTrail
from safecase.core.commands import Actor
from safecase.core.crypto import DataKey, OrganisationKey
from safecase.core.errors import CommandRefused
from safecase.core.people import Person
from safecase.core.persistence.data_keys import DataKeys
from safecase.core.persistence.schema import HearingDataKeyRow, RegistryEntryRow
from safecase.core.persistence.sealing import seal, unseal
from safecase.core.registry import (
    EntryStatus,
    RegistryEntry,
    SanctionRegistry,
    SportRole,
    audit_attempt,
)
from safecase.core.ruleset import RuleSet
from safecase.core.screening import ScreeningResult, screen_many, screen_person

__all__ = ["REGISTRY_KEY_KIND", "RegistryStore"]

REGISTRY_KEY_KIND = "registry_entry"
PERSON_PATH = "person"  # the sealed document's path: ciphertexts are bound to entry and field
IN_FORCE = (EntryStatus.ACTIVE.value, EntryStatus.INTERIM_MEASURE.value)


class RegistryStore:
    """The sanction registry of one organisation, within one session (one transaction)."""

    def __init__(
        self, session: Session, organisation_key: OrganisationKey, organisation_id: str
    ) -> None:
        self.session = session
        self.organisation_key = organisation_key
        self.organisation_id = organisation_id
        self.keys = DataKeys(session, organisation_key, HearingDataKeyRow)

    def record(
        self,
        entry: RegistryEntry,
        *,
        actor: Actor | None = None,
        audit: AuditTrail | None = None,
        now: datetime | None = None,
    ) -> RegistryEntry:
        """Write ``entry`` (a new version of the same ``entry_id`` replaces the stored one).

        Refused like :meth:`SanctionRegistry.record`: another organisation's entry
        (``E_G28_ACCESS_DENIED``), or a sanction without its decision (``E_G34_NO_DECISION``);
        a refusal writes nothing but, given ``audit``, its audit entry.
        """
        at = now or datetime.now(UTC)
        row = self.session.get(RegistryEntryRow, entry.entry_id)
        if row is not None and row.owner_org != self.organisation_id:  # another org's entry id
            outcome = "REFUSED:E_G28_ACCESS_DENIED"
            audit_attempt(
                audit, actor, "record_registry_entry", "registry_entry", entry.entry_id, at, outcome
            )
            raise CommandRefused("E_G28_ACCESS_DENIED", "an organisation writes its own entries")
        SanctionRegistry(self.organisation_id).record(entry, actor=actor, audit=audit, now=at)
        key = self.keys.get(entry.entry_id) if row is not None else None
        if key is None:
            key = self.keys.new(entry.entry_id, REGISTRY_KEY_KIND, at)
        columns = self._columns(entry, key)
        if row is None:
            self.session.add(RegistryEntryRow(entry_id=entry.entry_id, recorded_at=at, **columns))
        else:
            for name, value in columns.items():
                setattr(row, name, value)
            row.recorded_at = at
        self.session.flush()
        return entry

    def erase(self, entry_id: str) -> None:
        """Remove an entry and crypto-shred its names (retention, an entry written in error)."""
        row = self.session.get(RegistryEntryRow, entry_id)
        if row is None or row.owner_org != self.organisation_id:
            return
        self.keys.destroy(entry_id)
        self.session.delete(row)
        self.session.flush()

    @staticmethod
    def _columns(entry: RegistryEntry, key: DataKey) -> dict[str, Any]:
        scope = entry.scope.model_dump(mode="json")
        scope["roles"] = sorted(scope["roles"])  # a set: stored in one order
        return {
            "owner_org": entry.owner_org,
            "person_id": entry.person.person_id,
            "status": entry.status.value,
            "sanction_type": entry.sanction_type,
            "scope": scope,
            "starts_at": entry.starts_at,
            "ends_at": entry.ends_at,
            "decision_ref": (
                entry.decision_ref.model_dump(mode="json") if entry.decision_ref else None
            ),
            "visibility": entry.visibility.value,
            "minor_respondent": entry.minor_respondent,
            "person": seal(entry.person, key, entry.entry_id, PERSON_PATH),
        }

    # --- reading --------------------------------------------------------------------------------

    def get(self, entry_id: str) -> RegistryEntry | None:
        row = self.session.get(RegistryEntryRow, entry_id)
        if row is None or row.owner_org != self.organisation_id:
            return None
        return self._entry(row)

    def entries(self, in_force_on: datetime | None = None) -> list[RegistryEntry]:
        """The organisation's entries, unsealed; only those in force at ``in_force_on`` if given.

        In force means :meth:`RegistryEntry.active`: an active sanction or an interim-measure
        entry whose start has passed and whose end (if any) has not. Oldest start first.
        """
        query = select(RegistryEntryRow).where(RegistryEntryRow.owner_org == self.organisation_id)
        if in_force_on is not None:
            query = query.where(
                RegistryEntryRow.status.in_(IN_FORCE),
                RegistryEntryRow.starts_at <= in_force_on,
                or_(RegistryEntryRow.ends_at.is_(None), RegistryEntryRow.ends_at > in_force_on),
            )
        rows = self.session.scalars(
            query.order_by(RegistryEntryRow.starts_at, RegistryEntryRow.entry_id)
        ).all()
        found = [entry for entry in map(self._entry, rows) if entry is not None]
        if in_force_on is None:
            return found
        return [entry for entry in found if entry.active(in_force_on)]

    def in_force(self, now: datetime) -> SanctionRegistry:
        """The entries in force at ``now`` as a registry to screen against (or share a view of)."""
        return SanctionRegistry(self.organisation_id, self.entries(in_force_on=now))

    def _entry(self, row: RegistryEntryRow) -> RegistryEntry | None:
        key = self.keys.get(row.entry_id)
        if key is None:  # crypto-shredded: nothing left to show or match on
            return None
        return RegistryEntry.model_validate(
            {
                "entry_id": row.entry_id,
                "owner_org": row.owner_org,
                "person": unseal(row.person, key, row.entry_id, PERSON_PATH),
                "status": row.status,
                "sanction_type": row.sanction_type,
                "scope": row.scope,
                "starts_at": row.starts_at,
                "ends_at": row.ends_at,
                "decision_ref": row.decision_ref,
                "visibility": row.visibility,
                "minor_respondent": row.minor_respondent,
            }
        )

    # --- screening (G33) ------------------------------------------------------------------------

    def screen(
        self,
        person: Person,
        role: SportRole,
        now: datetime,
        rule_set: RuleSet | None = None,
        *,
        shared: Iterable[SanctionRegistry] = (),
    ) -> ScreeningResult:
        """Screen ``person`` for ``role`` against this registry and the views ``shared`` with it.

        ``shared`` are other organisations' :meth:`SanctionRegistry.shared_with` views (under a
        data sharing agreement). The result follows :func:`screening.screen_person`: an exact
        ``person_id`` hit is ``ACTIVE_SANCTION``, a fuzzy or alias hit ``SCREENING_HOLD`` for
        the DSL's manual review, and the person is only ever told ``MANUAL_REVIEW_MESSAGE``.
        """
        registries = [self.in_force(now), *shared]
        return screen_person(person, role, registries, now=now, rule_set=rule_set)

    def screen_many(
        self,
        people: Sequence[Person],
        role: SportRole,
        now: datetime,
        rule_set: RuleSet | None = None,
        *,
        shared: Iterable[SanctionRegistry] = (),
    ) -> list[ScreeningResult]:
        """:meth:`screen` for each of ``people``, in order, computed in bulk (``screen_many``)."""
        registries = [self.in_force(now), *shared]
        hits = screen_many(people, role, registries, now=now, rule_set=rule_set)
        return [
            ScreeningResult(person_id=person.id, role=role, screened_at=now, hits=found)
            for person, found in zip(people, hits, strict=True)
        ]
