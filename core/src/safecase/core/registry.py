"""The sanction registry (DOMAIN.md §3.7): who may not hold which role in sport, and until when.

A registry entry is what crosses organisation boundaries instead of case content: the person,
the status, the scope, the dates and the visibility. It points back to its source by ids only
(``decision_ref``), never by content. Two rules shape what may be written:

- G34: a sanction exists only because a decision imposed it, so an entry that is not backed by
  a decision can only be an interim measure, written as ``status=INTERIM_MEASURE`` with
  ``visibility=ORG_INTERNAL_ONLY`` (and only where the rule set lets interim measures be
  written at all). Anything else is refused with ``E_G34_NO_DECISION``.
- G13: an entry about a respondent who was a minor is always ``ORG_INTERNAL_ONLY``, whatever the
  sanction type's usual visibility: a child's record is never published or shared.

Registries are kept per organisation (:class:`SanctionRegistry`); screening (G33) reads the
organisation's own registry and the views other organisations share with it under a data
sharing agreement (:meth:`SanctionRegistry.shared_with`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from safecase.core.audit import AuditTrail
from safecase.core.case import Case, PartyRole
from safecase.core.commands import Actor
from safecase.core.errors import CommandRefused
from safecase.core.hearing import Sanction
from safecase.core.interim import InterimMeasure
from safecase.core.people import PersonRegistry, new_id, sensitive
from safecase.core.ruleset import RegistryVisibility, RuleSet

__all__ = [
    "REGULATED_ROLES",
    "DecisionRef",
    "EntryScope",
    "EntryStatus",
    "RegistryEntry",
    "RegistryPerson",
    "SanctionRegistry",
    "SportRole",
    "audit_attempt",
    "default_scope",
    "interim_entry_for",
    "registry_entries_for",
]


class SportRole(StrEnum):
    """Roles a person may be activated in at a club or organisation (not case roles).

    ``ANY`` only appears in an entry's scope, meaning "every role".
    """

    COACH = "COACH"
    VOLUNTEER_WITH_CHILDREN = "VOLUNTEER_WITH_CHILDREN"
    OFFICIAL = "OFFICIAL"
    WELFARE_OFFICER = "WELFARE_OFFICER"
    ATHLETE = "ATHLETE"
    ADMINISTRATOR = "ADMINISTRATOR"
    ANY = "ANY"


# The roles G33 names as regulated (work with children or adults at risk): activating a person
# in one of them must pass screening.
REGULATED_ROLES = frozenset(
    {
        SportRole.COACH,
        SportRole.VOLUNTEER_WITH_CHILDREN,
        SportRole.OFFICIAL,
        SportRole.WELFARE_OFFICER,
    }
)


class EntryStatus(StrEnum):
    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"
    OVERTURNED = "OVERTURNED"
    INTERIM_MEASURE = "INTERIM_MEASURE"


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RegistryPerson(_Entry):
    """Who the entry is about, as screening needs it (§3.7).

    ``dob`` is optional because imported feeds often lack it; G33 then matches on names alone.
    Names are sensitive: hidden from ``repr`` so they cannot reach logs.
    """

    person_id: str
    legal_name: str = sensitive(default="")
    previous_names: tuple[str, ...] = sensitive(default=())
    known_aliases: tuple[str, ...] = sensitive(default=())
    dob: date | None = sensitive(default=None)
    sport_ids: tuple[str, ...] = ()


class EntryScope(_Entry):
    """Which roles, sports and geography the restriction covers.

    An empty ``roles`` means the entry restricts no role: it is kept as a record (e.g. a
    warning, shown to a later panel at the sanction stage) but never holds an activation.
    """

    roles: frozenset[SportRole] = frozenset({SportRole.ANY})
    sports: tuple[str, ...] = ("ANY",)
    geography: tuple[str, ...] = ("org",)

    def covers(self, role: SportRole) -> bool:
        return SportRole.ANY in self.roles or role in self.roles


class DecisionRef(_Entry):
    """Where an entry comes from, by ids only (never content): a decision or an interim measure."""

    case_id: str
    decision_id: str | None = None
    interim_measure_id: str | None = None


class RegistryEntry(_Entry):
    """One entry of an organisation's sanction registry (DOMAIN.md §3.7)."""

    entry_id: str = Field(default_factory=new_id)
    owner_org: str
    person: RegistryPerson
    status: EntryStatus
    sanction_type: str | None = None
    scope: EntryScope = EntryScope()
    starts_at: datetime
    ends_at: datetime | None = None  # None: permanent
    decision_ref: DecisionRef | None = None
    visibility: RegistryVisibility
    minor_respondent: bool = False

    @model_validator(mode="before")
    @classmethod
    def _minor_is_internal(cls, data: Any) -> Any:
        # G13: a minor respondent's entry is internal to the organisation, whatever was asked.
        if isinstance(data, dict) and data.get("minor_respondent"):
            data = {**data, "visibility": RegistryVisibility.ORG_INTERNAL_ONLY}
        return data

    def active(self, now: datetime) -> bool:
        """In force at ``now``: an active sanction or an interim measure within its dates."""
        if self.status not in {EntryStatus.ACTIVE, EntryStatus.INTERIM_MEASURE}:
            return False
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)


def _refuse_without_decision(entry: RegistryEntry) -> None:
    """G34: only a decision creates a sanction; anything else is an internal interim entry."""
    decided = entry.decision_ref is not None and entry.decision_ref.decision_id is not None
    if entry.status is EntryStatus.INTERIM_MEASURE:
        if entry.visibility is not RegistryVisibility.ORG_INTERNAL_ONLY:
            raise CommandRefused(
                "E_G34_NO_DECISION", "an interim measure entry is ORG_INTERNAL_ONLY"
            )
        return
    if not decided:
        raise CommandRefused(
            "E_G34_NO_DECISION", "a sanction entry needs the decision that imposed it"
        )


def audit_attempt(
    audit: AuditTrail | None,
    actor: Actor | None,
    command: str,
    object_type: str,
    object_id: str,
    now: datetime,
    outcome: str,
) -> None:
    """Append a person-level command attempt (registry writes, screening) to the audit (G31).

    These commands concern a person or an entry, not a case, so ``case_id`` is empty and the
    object is named instead. Nothing is written when ``audit`` is ``None`` (e.g. a feed import
    that is audited as a whole).
    """
    if audit is None:
        return
    if actor is None:
        raise ValueError("an audited command needs its actor")
    refused = outcome.removeprefix("REFUSED:")
    audit.append(
        ts=now,
        org_id=actor.organisation_id,
        actor_person_id=actor.person_id,
        acting_role=actor.role.value,
        case_id=None,
        action="COMMAND",
        command=command,
        object_type=object_type,
        object_id=object_id,
        outcome=outcome,
        failed_rules=(refused,) if outcome.startswith("REFUSED:") else (),
    )


class SanctionRegistry:
    """One organisation's registry (in memory; persistence stores the same entries).

    Entries are immutable; a change of status (expiry, an appeal overturning the sanction) is
    recorded as a new version with the same ``entry_id``, which replaces the old one.
    """

    def __init__(self, owner_org: str, entries: Iterable[RegistryEntry] = ()) -> None:
        self.owner_org = owner_org
        self._entries: dict[str, RegistryEntry] = {}
        for entry in entries:
            self.record(entry)

    def record(
        self,
        entry: RegistryEntry,
        *,
        actor: Actor | None = None,
        audit: AuditTrail | None = None,
        now: datetime | None = None,
    ) -> RegistryEntry:
        """Write ``entry``; refuses entries of another organisation and breaches of G34.

        A refused write leaves the registry exactly as it was and, given ``audit``, is
        audited with its refusal code like any refused command.
        """
        at = now or datetime.now(UTC)
        try:
            if entry.owner_org != self.owner_org:
                raise CommandRefused(
                    "E_G28_ACCESS_DENIED", "an organisation writes its own entries"
                )
            _refuse_without_decision(entry)
        except CommandRefused as error:
            outcome = f"REFUSED:{error.reason}"
            audit_attempt(
                audit, actor, "record_registry_entry", "registry_entry", entry.entry_id, at, outcome
            )
            raise
        self._entries[entry.entry_id] = entry
        audit_attempt(
            audit, actor, "record_registry_entry", "registry_entry", entry.entry_id, at, "ALLOWED"
        )
        return entry

    def __iter__(self) -> Iterator[RegistryEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, entry_id: str) -> RegistryEntry | None:
        return self._entries.get(entry_id)

    def for_person(self, person_id: str) -> list[RegistryEntry]:
        return [e for e in self._entries.values() if e.person.person_id == person_id]

    def shared_with(self, org_id: str, *, under_dsa: bool) -> SanctionRegistry:
        """The view another organisation may screen against (§3.7, G13, G28).

        Only ``PUBLIC`` entries cross without an agreement; ``SHARED_DSA`` ones need
        ``under_dsa``; ``ORG_INTERNAL_ONLY`` ones (every minor respondent's) never cross. What
        crosses is the person, status, scope, dates and visibility: the sanction type and the
        reference to the source case stay with the owner.
        """
        if org_id == self.owner_org:
            return SanctionRegistry(self.owner_org, self._entries.values())
        crossing = {RegistryVisibility.PUBLIC} | (
            {RegistryVisibility.SHARED_DSA} if under_dsa else set()
        )
        view = SanctionRegistry(self.owner_org)
        for entry in self._entries.values():
            if entry.visibility in crossing:
                # bypass ``record``: the stripped copy keeps no decision_ref by design
                stripped = entry.model_copy(update={"sanction_type": None, "decision_ref": None})
                view._entries[entry.entry_id] = stripped
        return view


# --- building entries from a case -----------------------------------------------------------------


def default_scope(sanction_type: str, rule_set: RuleSet) -> EntryScope:
    """Which roles a sanction of ``sanction_type`` restricts (a safecase default).

    DOMAIN.md gives the scope per entry but no scope per sanction type, so the rule set's flags
    decide: a type that removes the person from regulated work covers the regulated roles; a
    type the rule set keeps ``ORG_INTERNAL_ONLY`` (warnings, training, mentoring, monitoring in
    every reference rule set) restricts no role; any other (suspension, restriction, ban,
    ineligibility) covers every role. The decision can always say otherwise through
    ``scope_of`` in :func:`registry_entries_for`.
    """
    kind = rule_set.sanction_types.get(sanction_type)
    if kind is None:
        return EntryScope()
    if kind.removes_from_regulated_work:
        return EntryScope(roles=REGULATED_ROLES)
    if kind.registry_visibility is RegistryVisibility.ORG_INTERNAL_ONLY:
        return EntryScope(roles=frozenset())
    return EntryScope()


def _respondents(case: Case, people: PersonRegistry | None) -> list[tuple[RegistryPerson, bool]]:
    found: list[tuple[RegistryPerson, bool]] = []
    for party in case.parties_in(PartyRole.RESPONDENT):
        minor = case.child_respondent or party.minor_at_incident
        person = people.get(party.person_id) if people and party.person_id in people else None
        found.append(
            (
                RegistryPerson(
                    person_id=party.person_id,
                    legal_name=person.name if person else "",
                    known_aliases=tuple(person.aliases) if person else (),
                    dob=person.date_of_birth if person else None,
                ),
                minor,
            )
        )
    return found


def registry_entries_for(
    case: Case,
    rule_set: RuleSet,
    people: PersonRegistry | None = None,
    *,
    scope_of: Callable[[Sanction], EntryScope] | None = None,
) -> list[RegistryEntry]:
    """The registry entries for the sanctions in force on ``case`` (state 17, §1.2).

    One entry per respondent and sanction in force, with the visibility the rule set gives the
    sanction type, forced to ``ORG_INTERNAL_ONLY`` for a minor respondent (G13). Where the rule
    set allows it (``interim.write_to_registry``), interim measures still in force are added
    as internal ``INTERIM_MEASURE`` entries (G34). ``people`` supplies the names and date of
    birth that other organisations' screening matches on; without it entries carry the
    ``person_id`` only (enough for this organisation's own exact-match screening).
    """
    decision = case.effective_decision()
    scope = scope_of or (lambda sanction: default_scope(sanction.type, rule_set))
    entries: list[RegistryEntry] = []
    for person, minor in _respondents(case, people):
        if decision is not None:
            for sanction in decision.sanctions:
                if not sanction.in_force or sanction.starts_at is None:
                    continue
                kind = rule_set.sanction_types.get(sanction.type)
                entries.append(
                    RegistryEntry(
                        owner_org=case.organisation_id,
                        person=person,
                        status=EntryStatus.ACTIVE,
                        sanction_type=sanction.type,
                        scope=scope(sanction),
                        starts_at=sanction.starts_at,
                        ends_at=sanction.ends_at,
                        decision_ref=DecisionRef(case_id=case.id, decision_id=decision.id),
                        visibility=(
                            kind.registry_visibility
                            if kind
                            else RegistryVisibility.ORG_INTERNAL_ONLY
                        ),
                        minor_respondent=minor,
                    )
                )
        if rule_set.interim.write_to_registry:
            entries += [
                _interim_entry(case, measure, person, minor)
                for measure in case.interim_measures
                if measure.in_force
            ]
    return entries


def _interim_entry(
    case: Case,
    measure: InterimMeasure,
    person: RegistryPerson,
    minor: bool,
    roles: frozenset[SportRole] = REGULATED_ROLES,
) -> RegistryEntry:
    return RegistryEntry(
        owner_org=case.organisation_id,
        person=person,
        status=EntryStatus.INTERIM_MEASURE,
        sanction_type=measure.type,
        scope=EntryScope(roles=roles),
        starts_at=measure.imposed_at,
        ends_at=None,
        decision_ref=DecisionRef(case_id=case.id, interim_measure_id=measure.id),
        visibility=RegistryVisibility.ORG_INTERNAL_ONLY,
        minor_respondent=minor,
    )


def interim_entry_for(
    case: Case,
    measure: InterimMeasure,
    rule_set: RuleSet,
    people: PersonRegistry | None = None,
    *,
    roles: frozenset[SportRole] = REGULATED_ROLES,
) -> list[RegistryEntry]:
    """Internal screening entries for an interim measure, one per respondent (G34).

    An interim measure is not a finding, so it is never a sanction entry: it is written only as
    ``INTERIM_MEASURE`` / ``ORG_INTERNAL_ONLY``, and only if the rule set allows it; otherwise
    ``E_G34_NO_DECISION``. By default it covers the regulated roles, so a new regulated role
    elsewhere in the organisation waits for the case.
    """
    if not rule_set.interim.write_to_registry:
        raise CommandRefused(
            "E_G34_NO_DECISION", "the rule set does not write interim measures to the registry"
        )
    if not measure.in_force:
        raise CommandRefused("E_G34_NO_DECISION", "the interim measure is no longer in force")
    return [
        _interim_entry(case, measure, person, minor, roles)
        for person, minor in _respondents(case, people)
    ]
