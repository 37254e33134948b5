"""The hearings service's units of work over the hearing context's :class:`Instance`.

The hearing context keeps its own database, with a full core instance on it: the cases there
are its projection of the cases the case context handed over. A hearing file is the view of
such a case. Each method is one use of the instance: a hearing command goes through
``Instance.execute_outcome`` (the lifecycle decides: guards, G28, audit, idempotency by
``request_id``), and a file leaves only as :func:`safecase.core.policy.case_view` shows it to
the caller (``Instance.read_case``, audited).

The sanction registry lives in the hearing tables of the same database
(:class:`~safecase.core.persistence.registry_store.RegistryStore`). Who may list, export and
screen is read from the policy's matrix (§4.2 rows 18 and 19) in :func:`registry_read` and
:func:`screening_read`, the only place this service interprets those rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from safecase.core import policy
from safecase.core.calendar import Calendar
from safecase.core.case import Case
from safecase.core.commands import COMMANDS, Actor, build_command
from safecase.core.errors import (
    CommandRefused,
    FieldViolation,
    InvalidArgument,
    NotFound,
    SafecaseError,
)
from safecase.core.guards.context import GuardContext
from safecase.core.guards.decisions import _respondent_is_minor
from safecase.core.guards.hearings import appeal_deadline
from safecase.core.instance import Instance, Unit
from safecase.core.lifecycle.table import steps_for
from safecase.core.people import Person, PersonRegistry
from safecase.core.persistence.registry_store import RegistryStore
from safecase.core.persistence.screening_store import ScreeningStore
from safecase.core.persistence.store import CaseSummary
from safecase.core.registry import RegistryEntry, SportRole
from safecase.core.ruleset import RegistryVisibility
from safecase.core.screening import (
    Resolution,
    ScreeningResolution,
    ScreeningResult,
    resolve_screening,
)
from safecase.services.common.case_listing import newest_first, readable
from safecase.services.hearings.mapping import Call
from safecase.services.hearings.status import OtherService, current_request_id

__all__ = [
    "HEARING_COMMANDS",
    "FileFacts",
    "HearingsCommands",
    "Option",
    "Screening",
    "registry_read",
    "screening_read",
    "screening_write",
]

# The hearing context's commands (DESIGN.md "Data ownership"; DOMAIN §1.3 T27-T42, §1.4):
# the hearings service runs these and refuses every other command with E_OTHER_SERVICE.
HEARING_COMMANDS = frozenset(
    {
        "appoint_panel",
        "appoint_appeal_panel",
        "sign_coi_declaration",
        "open_hearing",
        "issue_decision",
        "issue_decision_on_admission",
        "notify_parties",
        "waive_appeal",
        "grant_appeal_extension",
        "lodge_appeal",
        "appeal_window_expired",
        "open_appeal_hearing",
        "issue_appeal_decision",
        "start_monitoring",
        "complete_monitoring",
        "close_case",
        "record_condition_breach",
    }
)
View = dict[str, object]
Event = tuple[str, ...]


@dataclass(frozen=True)
class Option:
    """A sanction type the rule set offers for a case's severity, or one step from it (G38)."""

    type: str
    label: str
    step: str  # SAME | ABOVE | BELOW
    min_months: int
    max_months: int
    allowed_for_minor_respondent: bool
    removes_from_regulated_work: bool
    registry_visibility: str


@dataclass(frozen=True)
class FileFacts:
    """What a hearing file shows beside the case view, derived from the rule set and the case.

    ``deadlines`` maps (decision id, party) to the party's appeal deadline (G06) and whether
    an extension set it; the view shows them only for decisions the caller may read.
    """

    minor_respondent: bool = False
    independent_panel_required: bool = False
    options: tuple[Option, ...] = ()
    deadlines: dict[tuple[str, str], tuple[datetime | None, bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class Screening:
    """A screening with the DSL's resolutions of it, oldest first, and the caller's read level."""

    result: ScreeningResult
    resolutions: list[ScreeningResolution]
    level: policy.Access
    person: str  # the person id, when the person screened is in the person register


@dataclass(frozen=True)
class HearingFile:
    """A hearing file as its reader may see it."""

    case_id: str
    view: View
    facts: FileFacts


def registry_read(actor: Actor) -> policy.Access:
    """The caller's read of the organisation's sanction registry (§4.2 row 18).

    A panel's read (c15) is bound to the case it hears: the respondent's prior entries at the
    sanction stage. No case is named at the organisation's level, so it gives nothing here.
    """
    cell = policy.cell(actor.role, policy.Resource.SANCTION_REGISTRY)
    if cell.read is policy.Access.NONE or cell.condition == "c15":
        raise CommandRefused("E_G28_ACCESS_DENIED")
    return cell.read


def screening_read(actor: Actor) -> policy.Access:
    """The caller's read of screening results (§4.2 row 19): READ shows the hits (ids and the
    kind of match, never names); any other level only whether a manual review is needed."""
    cell = policy.cell(actor.role, policy.Resource.SCREENING_RESULTS)
    if cell.read is policy.Access.NONE:
        raise CommandRefused("E_G28_ACCESS_DENIED")
    return cell.read


def screening_write(actor: Actor) -> policy.Access:
    """The caller's read of screening results, if they may also resolve them (§4.2 row 19)."""
    if not policy.may_write(actor.role, policy.Resource.SCREENING_RESULTS):
        raise CommandRefused("E_G28_ACCESS_DENIED")
    return screening_read(actor)


def _shown(view: View) -> View:
    # A view with nothing in it (ADV and SYS; a respondent before notice, c2) is a refusal: an
    # empty file in a reply or a listing would still tell them that the case exists.
    if not view:
        raise CommandRefused("E_G28_ACCESS_DENIED")
    return view


class HearingsCommands:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance

    @property
    def organisation_id(self) -> str:
        return self.instance.settings.organisation_id

    def now(self) -> datetime:
        return self.instance.clock()

    # --- hearing files --------------------------------------------------------------------------

    def file(self, case_id: str, actor: Actor) -> HearingFile:
        view = _shown(self.instance.read_case(case_id, actor))
        return HearingFile(case_id, view, self._facts(case_id, actor, view))

    def _facts(self, case_id: str, actor: Actor, view: View) -> FileFacts:
        if "severity" not in view:  # a status label only: nothing about the case's rules
            return FileFacts()
        with self.instance.unit() as unit:
            case = unit.store.get(case_id)
            ctx = self._context(unit, case, actor)
            minor = _respondent_is_minor(ctx)
            deadlines: dict[tuple[str, str], tuple[datetime | None, bool]] = {}
            if "decisions" in view:
                for decision in case.decisions:
                    extended = {
                        e.party for e in case.appeal_extensions if e.decision_id == decision.id
                    }
                    for party in decision.notified_at:
                        deadline = appeal_deadline(ctx, decision, party)
                        deadlines[(decision.id, party)] = (deadline, party in extended)
            return FileFacts(
                minor_respondent=minor,
                independent_panel_required=self._independent(case),
                options=self._options(case.severity, minor),
                deadlines=deadlines,
            )

    def _context(self, unit: Unit, case: Case, actor: Actor) -> GuardContext:
        """The guards' view of ``case`` now, to ask the core's own rules (G06, G13)."""
        plugins = self.instance.plugins
        return GuardContext(
            case=case,
            command=build_command("appeal_window_expired", {}),
            actor=actor,
            step=steps_for("appeal_window_expired")[0],
            now=self.now(),
            plugins=plugins,
            people=unit.people,
            organisation=self.instance.organisation,
            calendar=Calendar(plugins.rule_set.calendar),
        )

    def _independent(self, case: Case) -> bool:
        plugins = self.instance.plugins
        composition = plugins.rule_set.panel.get(case.severity or "")
        return plugins.independent_panel_required(case) or bool(
            composition and composition.independent_required
        )

    def _options(self, severity: str | None, minor: bool) -> tuple[Option, ...]:
        plugins = self.instance.plugins
        rule_set = plugins.rule_set
        if severity is None or severity not in rule_set.severities:
            return ()
        rank = rule_set.severity_rank(severity)
        same = list(plugins.sanction_options(severity, minor_respondent=minor))
        steps: list[tuple[str, str]] = [(t, "SAME") for t in same]
        for step, other in (("ABOVE", rank + 1), ("BELOW", rank - 1)):
            if 0 <= other < len(rule_set.severities):
                listed = rule_set.sanctions_by_severity.get(rule_set.severities[other], ())
                steps += [(t, step) for t in listed if t not in same and (t, step) not in steps]
        options: list[Option] = []
        seen: set[str] = set()
        for kind_code, step in steps:
            kind = rule_set.sanction_types.get(kind_code)
            if kind is None or kind_code in seen:
                continue
            if minor and not kind.allowed_for_minor_respondent:
                continue
            seen.add(kind_code)
            low, high = kind.params.get("months", (0, 0))
            visibility = RegistryVisibility.ORG_INTERNAL_ONLY if minor else kind.registry_visibility
            options.append(
                Option(
                    type=kind_code,
                    label=kind.label,
                    step=step,
                    min_months=low,
                    max_months=high,
                    allowed_for_minor_respondent=kind.allowed_for_minor_respondent,
                    removes_from_regulated_work=kind.removes_from_regulated_work,
                    registry_visibility=visibility.value,
                )
            )
        return tuple(options)

    def run(
        self, case_id: str, call: Call, actor: Actor, expected_version: int | None = None
    ) -> tuple[HearingFile, Event]:
        """Run a hearing command; return the caller's file after it (only the name if they may
        no longer read it) and the events' types. The command and the read of its result share
        one transaction."""
        if call.command in COMMANDS and call.command not in HEARING_COMMANDS:
            raise OtherService(call.command)
        if call.command not in COMMANDS:
            raise InvalidArgument([FieldViolation("command", f"unknown command {call.command!r}")])
        try:
            outcome, read = self.instance.execute_read(
                case_id,
                call.command,
                call.data,
                actor,
                expected_version,
                request_id=current_request_id(),
            )
        except InvalidArgument as invalid:
            raise call.translate(invalid) from None
        events = tuple(e.type for e in outcome.events)
        try:
            view = _shown(read.unwrap())
        except CommandRefused as refused:
            if refused.reason != "E_G28_ACCESS_DENIED":
                raise
            return HearingFile(case_id, {"id": case_id}, FileFacts()), events
        return HearingFile(case_id, view, self._facts(case_id, actor, view)), events

    # --- reading many files ---------------------------------------------------------------------

    def summaries(self, actor: Actor) -> list[CaseSummary]:
        """Every case of the hearing context (metadata only), most recently updated first."""
        return newest_first(self.instance, actor)

    def files(
        self, actor: Actor, summaries: list[CaseSummary], start: int
    ) -> Iterator[tuple[int, HearingFile]]:
        """The files, with positions, from ``start`` on that ``actor`` may read."""
        return readable(summaries, start, lambda case_id: self.file(case_id, actor))

    # --- the sanction registry ----------------------------------------------------------------

    def _audit(
        self,
        unit: Unit,
        actor: Actor,
        action: Any,
        command: str,
        object_type: str,
        outcome: str = "ALLOWED",
        object_id: str | None = None,
    ) -> None:
        refused = outcome.removeprefix("REFUSED:")
        unit.audit.append(
            ts=self.now(),
            org_id=self.organisation_id,
            actor_person_id=actor.person_id,
            acting_role=actor.role.value,
            case_id=None,
            action=action,
            command=command,
            object_type=object_type,
            object_id=object_id,
            outcome=outcome,
            failed_rules=(refused,) if outcome.startswith("REFUSED:") else (),
        )

    def _checked(
        self, actor: Actor, check: Any, action: Any, command: str, object_type: str
    ) -> policy.Access:
        """``check(actor)``; a refusal is audited (G31) before it is raised."""
        try:
            level: policy.Access = check(actor)
        except CommandRefused as refused:
            with self.instance.unit() as unit:
                outcome = f"REFUSED:{refused.reason}"
                self._audit(unit, actor, action, command, object_type, outcome)
            raise
        return level

    def registry(self, actor: Actor, *, include_ended: bool = False) -> list[RegistryEntry]:
        """The organisation's entries the caller may read, in force unless ``include_ended``;
        latest start first. A reader at ``META`` level gets them without the person (§4.2)."""
        level = self._checked(actor, registry_read, "READ", "list_registry", "registry")
        now = self.now()
        with self.instance.unit() as unit:
            store = self._store(unit)
            entries = store.entries(in_force_on=None if include_ended else now)
            self._audit(unit, actor, "READ", "list_registry", "registry")
        if level is policy.Access.OWN:
            entries = [e for e in entries if e.person.person_id == actor.person_id]
        elif level is policy.Access.META:
            entries = [e.model_copy(update={"person": _nobody(e)}) for e in entries]
        return sorted(entries, key=lambda e: (e.starts_at, e.entry_id), reverse=True)

    def export(
        self, actor: Actor, visibilities: frozenset[str], *, include_ended: bool
    ) -> list[RegistryEntry]:
        """The entries an export may carry (names leave the organisation in it: a full read);
        an internal entry is asked for only by a writer of the registry (the DSL)."""
        level = self._checked(actor, registry_read, "EXPORT", "export_registry", "registry")
        internal = RegistryVisibility.ORG_INTERNAL_ONLY.value in visibilities
        if level is not policy.Access.READ or (
            internal and not policy.may_write(actor.role, policy.Resource.SANCTION_REGISTRY)
        ):
            with self.instance.unit() as unit:
                outcome = "REFUSED:E_G28_ACCESS_DENIED"
                self._audit(unit, actor, "EXPORT", "export_registry", "registry", outcome)
            raise CommandRefused("E_G28_ACCESS_DENIED")
        now = self.now()
        with self.instance.unit() as unit:
            entries = self._store(unit).entries(in_force_on=None if include_ended else now)
            self._audit(unit, actor, "EXPORT", "export_registry", "registry")
        return [e for e in entries if e.visibility.value in visibilities]

    def screen(
        self,
        actor: Actor,
        *,
        person_id: str,
        legal_name: str,
        other_names: list[str],
        birth_date: Any,
        role: SportRole,
    ) -> tuple[ScreeningResult, policy.Access]:
        """Screen a person for a role against the registry in force (G33), audited."""
        level = self._checked(actor, screening_read, "COMMAND", "screen_person", "person")
        if level is policy.Access.STATUS_LABEL and person_id != actor.person_id:
            with self.instance.unit() as unit:
                outcome = "REFUSED:E_G28_ACCESS_DENIED"
                self._audit(unit, actor, "COMMAND", "screen_person", "person", outcome)
            raise CommandRefused("E_G28_ACCESS_DENIED", "a person sees only their own screening")
        now = self.now()
        with self.instance.unit() as unit:
            person = _screened(unit.people, person_id, legal_name, other_names, birth_date)
            result = self._store(unit).screen(person, role, now, self.instance.plugins.rule_set)
            self._screenings(unit).record(result)
            self._audit(unit, actor, "COMMAND", "screen_person", "person", object_id=person.id)
        return result, level

    def resolve_screening(
        self,
        actor: Actor,
        result_id: str,
        resolution: Resolution,
        reason: str,
        request_id: str | None = None,
    ) -> Screening:
        """The DSL's resolution of a screening hold (G33), stored and audited.

        A retry of the same ``request_id`` returns what the first call stored (AIP-155). A
        refusal (not a DSL, no hold to resolve, a reason under 30 characters) commits its audit
        entry alone.
        """
        level = self._checked(actor, screening_write, "COMMAND", "resolve_screening", "person")
        refusal: SafecaseError | None = None
        with self.instance.unit() as unit:
            screenings = self._screenings(unit)
            replay = screenings.replayed(request_id) if request_id else None
            if replay is not None:
                result_id = replay[0]
            result = screenings.get(result_id)
            if result is None:
                raise NotFound("screening result")
            if replay is not None:  # the stored resolution is read again (G31)
                self._audit(unit, actor, "READ", "resolve_screening", "person", object_id=result_id)
            else:
                try:
                    resolved = resolve_screening(
                        result, resolution, reason, actor=actor, now=self.now(), audit=unit.audit
                    )
                except InvalidArgument:  # a result without a hold: name the request's field
                    no_hold = FieldViolation("name", "this screening has no hold to resolve")
                    refusal = InvalidArgument([no_hold])
                except CommandRefused as refused:
                    refusal = refused
                else:
                    screenings.resolve(result_id, resolved, request_id)
            if refusal is None:
                resolutions = screenings.resolutions(result_id=result_id)
                person = result.person_id if result.person_id in unit.people else ""
                return Screening(result, resolutions, level, person)
        raise refusal

    def _screenings(self, unit: Unit) -> ScreeningStore:
        return ScreeningStore(unit.session, self.instance.organisation_key, self.organisation_id)

    def _store(self, unit: Unit) -> RegistryStore:
        return RegistryStore(unit.session, self.instance.organisation_key, self.organisation_id)


def _nobody(entry: RegistryEntry) -> Any:
    """An entry's person reduced to nothing: metadata readers see no names (§4.2 "meta")."""
    return entry.person.model_copy(
        update={
            "person_id": "",
            "legal_name": "",
            "previous_names": (),
            "known_aliases": (),
            "dob": None,
            "sport_ids": (),
        }
    )


def _screened(
    people: PersonRegistry,
    person_id: str,
    legal_name: str,
    other_names: list[str],
    birth_date: Any,
) -> Person:
    """The person to screen: the registry's record of ``person_id`` (its name unless another is
    given), else one described by the request alone."""
    if person_id and person_id in people:
        known = people.get(person_id)
        return known.model_copy(
            update={
                "name": legal_name or known.name,
                "aliases": [*known.aliases, *other_names],
                "date_of_birth": birth_date or known.date_of_birth,
            }
        )
    fields: dict[str, Any] = {"name": legal_name, "aliases": other_names}
    if person_id:
        fields["id"] = person_id
    if birth_date:
        fields["date_of_birth"] = birth_date
    return Person(**fields)
