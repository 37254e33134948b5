"""Need-to-know in one place: who may run which command, and who may read which part of a case.

DOMAIN.md G28 says that every read and write follows the matrix of §4.2 and that every read of
case content needs an active assignment of the user to the case in a role that grants it. If the
lifecycle engine, the gRPC services and the portals each decided that for themselves, they would
drift apart, and the one that drifted would leak a child's disclosure. So this module is the one
place that decides it, and everything else asks it:

* :data:`MATRIX` is §4.2 transcribed cell by cell. A :class:`Cell` has a read level and a write
  level from the legend (:class:`Access`), the condition id (``c1``..``c15``) as data, and the
  cell's text as written in DOMAIN.md (``note``), which also keeps the scope an ``R`` is
  qualified with ("R (bundle)"). PCH shares the PANEL column and ACH the APANEL column, except
  for the rows where the chair alone writes (decision, appeal decision); SYS has no content.
* :func:`may_run` and :func:`commands_for` are derived from the lifecycle table, the single
  source of truth for who runs a step, so the table and the policy cannot disagree.
* :func:`is_assigned` is the per-case half of G28, the "scope of assignment" of §4.1; it is
  always false across organisations.
* :func:`case_view` is how a case leaves the core for a reader: the fields the actor's role may
  read (:data:`FIELD_RESOURCE` maps every field of :class:`~safecase.core.case.Case` to a row),
  with the conditions that can be decided on the case itself applied. It is deny-by-default: a
  field with no row, a level it does not know, or a respondent it cannot prove was notified
  (c2) shows nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import to_jsonable_python

from safecase.core.case import Case, PartyRole
from safecase.core.commands import Actor, Command, SignCoiDeclaration
from safecase.core.errors import CommandRefused
from safecase.core.hearing import PanelKind
from safecase.core.lifecycle.table import OPENING, STEPS
from safecase.core.referrals import ConsentScope
from safecase.core.states import CaseState, Role

__all__ = [
    "CONDITIONS",
    "DEFAULT_HANDOVER_ACCESS",
    "FIELD_RESOURCE",
    "MATRIX",
    "META_FIELDS",
    "PARTY_RESOURCE",
    "PUBLIC_STATUS",
    "READ_LEVELS",
    "WRITE_LEVELS",
    "Access",
    "Cell",
    "Resource",
    "case_view",
    "cell",
    "commands_for",
    "handed_over_at",
    "is_assigned",
    "may_message_reporter",
    "may_read",
    "may_run",
    "may_write",
    "public_status",
    "respondent_notice_at",
]


class Resource(StrEnum):
    """The 20 rows of DOMAIN.md §4.2, in the matrix's order."""

    CASE_METADATA = "CASE_METADATA"
    COMPLAINANT_IDENTITY = "COMPLAINANT_IDENTITY"
    RESPONDENT_IDENTITY = "RESPONDENT_IDENTITY"
    NARRATIVE = "NARRATIVE"
    EVIDENCE = "EVIDENCE"
    AGENCY_REFERRALS = "AGENCY_REFERRALS"
    CONSENT_RECORDS = "CONSENT_RECORDS"
    INVESTIGATION = "INVESTIGATION"
    RISK_ASSESSMENT = "RISK_ASSESSMENT"
    CMG_MINUTES = "CMG_MINUTES"
    INTERIM_MEASURES = "INTERIM_MEASURES"
    HEARING_BUNDLE = "HEARING_BUNDLE"
    DECISION_AND_SANCTION = "DECISION_AND_SANCTION"
    APPEAL = "APPEAL"
    ADVISORY_PACKET = "ADVISORY_PACKET"
    ADVISORY_OPINIONS = "ADVISORY_OPINIONS"
    AUDIT_LOG = "AUDIT_LOG"
    SANCTION_REGISTRY = "SANCTION_REGISTRY"
    SCREENING_RESULTS = "SCREENING_RESULTS"
    ORG_CONFIG = "ORG_CONFIG"


class Access(StrEnum):
    """The legend of §4.2. A cell has one read level and one write level.

    Read levels: ``NONE`` (–), ``READ`` (R), ``OWN`` (only what they themselves submitted),
    ``READ_REDACTED`` (Rr: a redacted view or a named part only), ``META`` (case id, state,
    dates, category codes, severity, owner; no narrative, no names), ``STATUS_LABEL`` (a public
    label only). Write levels: ``NONE``, ``WRITE`` (W: create/update), ``OWN`` (their own
    submissions only). "R/W" is ``READ`` + ``WRITE``; "(c)" is the cell's ``condition``.
    """

    NONE = "NONE"
    READ = "READ"
    WRITE = "WRITE"
    OWN = "OWN"
    READ_REDACTED = "READ_REDACTED"
    META = "META"
    STATUS_LABEL = "STATUS_LABEL"


READ_LEVELS = frozenset(
    {
        Access.NONE,
        Access.READ,
        Access.OWN,
        Access.READ_REDACTED,
        Access.META,
        Access.STATUS_LABEL,
    }
)
WRITE_LEVELS = frozenset({Access.NONE, Access.WRITE, Access.OWN})

# The conditions of §4.2, shortened; the cells carry the id, case_view applies what it can.
CONDITIONS: Mapping[str, str] = MappingProxyType(
    {
        "c1": "INTAKE: until handover + handover_access (72 h default); then a status label only",
        "c2": "RESP: nothing before the first notify_respondent, nor in an agency hold without "
        "scope CONTACT_RESPONDENT; the status label is frozen at the last notified state",
        "c3": "RA: who was harmed, not their contact details",
        "c4": "RESP: the complainant as named in the allegations where fairness needs it; "
        "never contact details, address or date of birth (G37)",
        "c5": "COMP: the respondent's name only if they named them; never contact data",
        "c6": "INV: agency records only under consent scope INTERNAL_INVESTIGATION, and only "
        "the parts tagged shareable with the investigator",
        "c7": "COMP: an outcome notice (upheld or not, sanctions affecting their safety)",
        "c8": "risk assessment reaches the panel only at the sanction stage (after findings); "
        "the respondent sees the parts relied on for sanction",
        "c9": "COMP: interim measures that protect them, not the full record",
        "c10": "COMP: their own statements and the parts of the bundle the panel directs",
        "c11": "REP3: a generic outcome label, never the sanction detail",
        "c12": "first-instance panel: the appeal decision on their decision, never the appeal "
        "bundle submissions",
        "c13": "panel sees no advisory material unless advisory_visible_to_panel (default false)",
        "c14": "ADMIN: the break-glass report and alarms, not the log body",
        "c15": "panel sees prior registry entries only at the sanction stage, after findings",
    }
)


@dataclass(frozen=True)
class Cell:
    """One cell of the matrix: read level, write level, condition id, and the text of §4.2."""

    read: Access = Access.NONE
    write: Access = Access.NONE
    condition: str | None = None
    note: str = "–"

    def __post_init__(self) -> None:
        if self.read not in READ_LEVELS:
            raise ValueError(f"{self.read} is not a read level")
        if self.write not in WRITE_LEVELS:
            raise ValueError(f"{self.write} is not a write level")
        if self.condition is not None and self.condition not in CONDITIONS:
            raise ValueError(f"unknown condition {self.condition!r}")


# --- the matrix of §4.2 --------------------------------------------------------------------------

_COLUMNS: tuple[Role, ...] = (
    Role.INTAKE,
    Role.DSL,
    Role.INV,
    Role.RA,
    Role.CMG,
    Role.PANEL,
    Role.APANEL,
    Role.ADV,
    Role.ADMIN,
    Role.AUD,
    Role.COMP,
    Role.RESP,
    Role.REP3,
)

_A = Access
_X = Cell()
_R = Cell(_A.READ, note="R")
_RW = Cell(_A.READ, _A.WRITE, note="R/W")
_META = Cell(_A.META, note="meta")


def _c(read: Access, write: Access = _A.NONE, condition: str | None = None, *, note: str) -> Cell:
    return Cell(read, write, condition, note)


def _row(*cells: Cell, pch: Cell | None = None, ach: Cell | None = None) -> Mapping[Role, Cell]:
    """A row in the column order of §4.2; PCH/ACH copy PANEL/APANEL unless given, SYS has none."""
    row = dict(zip(_COLUMNS, cells, strict=True))
    row[Role.PCH] = pch if pch is not None else row[Role.PANEL]
    row[Role.ACH] = ach if ach is not None else row[Role.APANEL]
    row[Role.SYS] = _X
    return MappingProxyType(row)


_W_OWN_C1 = _c(_A.OWN, _A.WRITE, "c1", note="W/own(c1)")
_OWN_RW = _c(_A.OWN, _A.OWN, note="own R/W")
_BUNDLE = _c(_A.READ, note="R (bundle)")
_C13 = _c(_A.NONE, condition="c13", note="– (c13)")

# Columns: INTAKE, DSL, INV, RA, CMG, PANEL, APANEL, ADV, ADMIN, AUD, COMP, RESP, REP3.
# fmt: off
MATRIX: Mapping[Resource, Mapping[Role, Cell]] = MappingProxyType(
    {
        Resource.CASE_METADATA: _row(
            _c(_A.OWN, _A.OWN, "c1", note="own(c1)"), _RW, _R, _R, _R, _R, _R,
            _X, _META, _META,
            _c(_A.STATUS_LABEL, note="status label"),
            _c(_A.STATUS_LABEL, condition="c2", note="status label (c2)"),
            _c(_A.STATUS_LABEL, note="status label"),
        ),
        Resource.COMPLAINANT_IDENTITY: _row(
            _W_OWN_C1, _RW, _R, _c(_A.READ, condition="c3", note="R(c3)"), _R,
            _c(_A.READ_REDACTED, note="Rr (name only)"),
            _c(_A.READ_REDACTED, note="Rr (name only)"),
            _X, _X, _X,
            _OWN_RW, _c(_A.NONE, condition="c4", note="– (c4)"), _X,
        ),
        Resource.RESPONDENT_IDENTITY: _row(
            _W_OWN_C1, _RW, _R, _R, _R, _R, _R,
            _X, _X, _X,
            _c(_A.READ_REDACTED, condition="c5", note="name only (c5)"),
            _c(_A.OWN, _A.OWN, "c2", note="own R/W (c2)"),
            _X,
        ),
        Resource.NARRATIVE: _row(
            _W_OWN_C1, _RW, _R, _R, _R, _c(_A.READ, note="R (as charged)"), _R,
            _X, _X, _X,
            _c(_A.OWN, note="own R"),
            _c(_A.READ_REDACTED, condition="c2", note="Rr allegations as notified (c2)"),
            _c(_A.OWN, note="own R"),
        ),
        Resource.EVIDENCE: _row(
            _c(_A.NONE, _A.WRITE, note="W (attach at intake)"), _RW, _RW, _R,
            _c(_A.READ, note="R (summary)"), _BUNDLE, _BUNDLE,
            _X, _X, _X,
            _c(_A.OWN, _A.OWN, note="own W, R own"),
            _c(_A.READ_REDACTED, _A.OWN, "c2", note="W own; Rr evidence relied on (c2)"),
            _c(_A.NONE, _A.WRITE, note="W (add)"),
        ),
        Resource.AGENCY_REFERRALS: _row(
            _X, _RW, _c(_A.READ, condition="c6", note="R (scope-limited, c6)"), _X, _R, _X, _X,
            _X, _X, _X,
            _X, _X, _X,
        ),
        Resource.CONSENT_RECORDS: _row(
            _c(_A.NONE, _A.WRITE, note="W (record at intake)"), _RW, _X, _X, _R, _X, _X,
            _X, _X, _X,
            _OWN_RW, _X, _X,
        ),
        Resource.INVESTIGATION: _row(
            _X, _c(_A.READ, _A.WRITE, note="R/W (ToR)"), _RW, _R, _R, _BUNDLE, _R,
            _X, _X, _X,
            _c(_A.READ_REDACTED, condition="c7", note="outcome summary (c7)"),
            _c(_A.READ_REDACTED, condition="c2", note="Rr report as in bundle (c2)"),
            _X,
        ),
        Resource.RISK_ASSESSMENT: _row(
            _X, _R, _X, _RW, _RW, _c(_A.READ, condition="c8", note="R (sanction stage, c8)"), _R,
            _X, _X, _X,
            _X, _c(_A.READ_REDACTED, condition="c8", note="Rr (c8)"), _X,
        ),
        Resource.CMG_MINUTES: _row(
            _X, _RW, _X, _X, _RW, _X, _X,
            _X, _X, _X,
            _X, _X, _X,
        ),
        Resource.INTERIM_MEASURES: _row(
            _X, _c(_A.READ, _A.WRITE, note="R/W (emergency, G09)"), _R, _R, _RW, _R, _R,
            _X, _X, _META,
            _c(_A.READ_REDACTED, condition="c9", note="notified summary (c9)"),
            _c(_A.OWN, condition="c2", note="R own notice (c2)"),
            _X,
        ),
        Resource.HEARING_BUNDLE: _row(
            _X, _RW, _X, _X, _R, _R, _R,
            _X, _X, _X,
            _c(_A.READ_REDACTED, condition="c10", note="Rr parts relevant (c10)"),
            _c(_A.READ_REDACTED, note="Rr (G37)"),
            _X,
        ),
        Resource.DECISION_AND_SANCTION: _row(
            _X, _R, _X, _X, _R, _c(_A.READ, note="R/W (PCH)"), _R,
            _X, _X, _X,
            _c(_A.READ_REDACTED, condition="c7", note="outcome notice (c7)"),
            _R,
            _c(_A.STATUS_LABEL, condition="c11", note="outcome label (c11)"),
            pch=_c(_A.READ, _A.WRITE, note="R/W (PCH)"),
        ),
        Resource.APPEAL: _row(
            _X, _R, _X, _X, _R, _c(_A.READ, condition="c12", note="R (own decision appealed, c12)"),
            _c(_A.READ, note="R/W (ACH)"),
            _X, _X, _X,
            _c(_A.READ, _A.OWN, note="own appeal W; R decision"),
            _c(_A.READ, _A.OWN, note="own appeal W; R decision"),
            _X,
            ach=_c(_A.READ, _A.WRITE, note="R/W (ACH)"),
        ),
        Resource.ADVISORY_PACKET: _row(
            _X, _RW, _X, _X, _R, _C13, _X,
            _c(_A.READ, note="R (named, live, G15)"), _X, _X,
            _X, _X, _X,
        ),
        Resource.ADVISORY_OPINIONS: _row(
            _X, _R, _X, _X, _R, _C13, _X,
            _c(_A.OWN, _A.OWN, note="W own; R own while share live"), _X, _X,
            _X, _X, _X,
        ),
        Resource.AUDIT_LOG: _row(
            _X, _c(_A.READ, note="R (own cases' access log)"), _X, _X, _X, _X, _X,
            _X, _c(_A.NONE, condition="c14", note="– (c14)"), _c(_A.READ, note="R (all, org)"),
            _X, _X, _X,
        ),
        Resource.SANCTION_REGISTRY: _row(
            _X, _c(_A.READ, _A.WRITE, note="R/W (own org entries)"), _X, _X, _R,
            _c(_A.READ, condition="c15", note="R (respondent's prior entries, c15)"),
            _c(_A.READ, condition="c15", note="R (same)"),
            _X, _X, _META,
            _X, _c(_A.OWN, note="own entries R"), _X,
        ),
        Resource.SCREENING_RESULTS: _row(
            _X, _RW, _X, _X, _R, _X, _X,
            _X, _c(_A.META, note="meta (hold yes/no)"), _META,
            _X, _c(_A.STATUS_LABEL, note='own: "manual review" only'), _X,
        ),
        Resource.ORG_CONFIG: _row(
            _X, _R, _X, _X, _X, _X, _X,
            _X, _RW, _R,
            _X, _X, _X,
        ),
    }
)
# fmt: on


def cell(role: Role, resource: Resource) -> Cell:
    """The cell of ``resource`` x ``role``."""
    return MATRIX[resource][role]


def may_read(role: Role, resource: Resource) -> bool:
    """Whether the matrix gives ``role`` any read of ``resource`` (of the level its cell says).

    This is the unconditional reading: conditions (c1..c15) and the assignment to a case are
    applied by :func:`case_view` and :func:`is_assigned`.
    """
    return MATRIX[resource][role].read is not Access.NONE


def may_write(role: Role, resource: Resource) -> bool:
    """Whether the matrix gives ``role`` any create/update of ``resource`` (unconditionally)."""
    return MATRIX[resource][role].write is not Access.NONE


# --- commands, from the lifecycle table ----------------------------------------------------------


def _command_roles() -> Mapping[str, frozenset[Role]]:
    roles: dict[str, frozenset[Role]] = {}
    for step in (*STEPS, *OPENING.values()):
        roles[step.command] = roles.get(step.command, frozenset()) | step.actors
    return MappingProxyType(roles)


_COMMAND_ROLES = _command_roles()


def may_run(role: Role, command: str) -> bool:
    """Whether some row of the lifecycle table for ``command`` lists ``role`` (exactly)."""
    return role in _COMMAND_ROLES.get(command, frozenset())


def commands_for(role: Role) -> frozenset[str]:
    """Every command the lifecycle table lets ``role`` run."""
    return frozenset(name for name, roles in _COMMAND_ROLES.items() if role in roles)


# --- assignment (§4.1) ---------------------------------------------------------------------------

# Roles for which an active Assignment in that very role assigns the person to the case.
_BY_ASSIGNMENT = frozenset({Role.INTAKE, Role.DSL, Role.INV, Role.RA, Role.CMG})
_PARTY_ROLE: Mapping[Role, PartyRole] = MappingProxyType(
    {
        Role.COMP: PartyRole.COMPLAINANT,
        Role.RESP: PartyRole.RESPONDENT,
        Role.REP3: PartyRole.REPORTER,
    }
)


def _on_panel(case: Case, kind: PanelKind, person_id: str, *, chair: bool) -> bool:
    panel = case.panel(kind)
    if panel is None:
        return False
    return any(m.person_id == person_id and (m.chair or not chair) for m in panel.members)


def is_assigned(case: Case, actor: Actor, now: datetime) -> bool:
    """G28's "active assignment of the user to the case in a role", per §4.1's scopes.

    Never across organisations. SYS is always assigned; ADMIN and AUD are assigned to every case
    of their organisation (for their commands and metadata: the matrix gives them no content).
    """
    if actor.organisation_id != case.organisation_id:
        return False
    person, role = actor.person_id, actor.role
    if role in _BY_ASSIGNMENT and case.assigned(person, role, now):
        return True
    match role:
        case Role.SYS | Role.ADMIN | Role.AUD:
            return True
        case Role.DSL:
            return case.owner_id == person
        case Role.INTAKE:
            return case.created_by == person
        case Role.INV:
            return case.investigation is not None and case.investigation.investigator_id == person
        case Role.RA:
            return any(r.assessor_id == person for r in case.risk_assessments)
        case Role.PANEL | Role.PCH:
            return _on_panel(case, PanelKind.DISCIPLINARY, person, chair=role is Role.PCH)
        case Role.APANEL | Role.ACH:
            return _on_panel(case, PanelKind.APPEAL, person, chair=role is Role.ACH)
        case Role.ADV:
            share = case.current_share()
            return share is not None and person in share.members
        case Role.COMP | Role.RESP:
            return person in case.party_ids(_PARTY_ROLE[role])
        case Role.REP3:
            return person in case.party_ids(PartyRole.REPORTER) or case.created_by == person
    return False


def may_act(case: Case, actor: Actor, command: Command, now: datetime) -> bool:
    """G28 for a command: the role may run it and the actor is assigned to the case.

    One exception: a person about to be appointed signs their own conflict-of-interest
    declaration before the appointment (G10 requires the declaration first), so signing for
    oneself needs no assignment yet — within the same organisation only.
    """
    if not may_run(actor.role, command.name):
        return False
    if is_assigned(case, actor, now):
        return True
    return (
        isinstance(command, SignCoiDeclaration)
        and command.person_id == actor.person_id
        and actor.organisation_id == case.organisation_id
    )


# --- the view of a case -------------------------------------------------------------------------

# Which row of the matrix each top-level field of Case belongs to.
FIELD_RESOURCE: Mapping[str, Resource] = MappingProxyType(
    {
        "id": Resource.CASE_METADATA,
        "organisation_id": Resource.CASE_METADATA,
        "rule_set_id": Resource.CASE_METADATA,
        "version": Resource.CASE_METADATA,
        "created_at": Resource.CASE_METADATA,
        "updated_at": Resource.CASE_METADATA,
        "state": Resource.CASE_METADATA,
        "closure_reason": Resource.CASE_METADATA,
        "intake_type": Resource.CASE_METADATA,
        "report_kind": Resource.CASE_METADATA,
        "anonymous": Resource.CASE_METADATA,
        # the reporter's lookup secret: reporting-side identity, and never shown (_NEVER_SHOWN)
        "receipt_code_hash": Resource.COMPLAINANT_IDENTITY,
        # who submitted: the intake officer or the reporter, i.e. reporting-side identity
        "created_by": Resource.COMPLAINANT_IDENTITY,
        "came_to_attention_at": Resource.CASE_METADATA,
        "incident_date": Resource.CASE_METADATA,
        "narrative": Resource.NARRATIVE,
        # refined per party by PARTY_RESOURCE
        "parties": Resource.COMPLAINANT_IDENTITY,
        # category codes plus the allegation summaries
        "concerns": Resource.NARRATIVE,
        "child_involved": Resource.CASE_METADATA,
        "child_respondent": Resource.CASE_METADATA,
        "converted": Resource.CASE_METADATA,
        "mandatory_reporting_assessed": Resource.AGENCY_REFERRALS,
        # G03: going on without the person's consent
        "override": Resource.CONSENT_RECORDS,
        "consents": Resource.CONSENT_RECORDS,
        "severity": Resource.CASE_METADATA,
        # the route decision
        "triage": Resource.CMG_MINUTES,
        "referrals": Resource.AGENCY_REFERRALS,
        "owner_id": Resource.CASE_METADATA,
        "assignments": Resource.CASE_METADATA,
        "coi_declarations": Resource.CMG_MINUTES,
        "cmg_decisions": Resource.CMG_MINUTES,
        "investigation": Resource.INVESTIGATION,
        "risk_assessments": Resource.RISK_ASSESSMENT,
        "interim_measures": Resource.INTERIM_MEASURES,
        "panels": Resource.HEARING_BUNDLE,
        "hearings": Resource.HEARING_BUNDLE,
        "decisions": Resource.DECISION_AND_SANCTION,
        "appeals": Resource.APPEAL,
        "appeal_extensions": Resource.APPEAL,
        # opinions inside a share are ADVISORY_OPINIONS (see _render)
        "shares": Resource.ADVISORY_PACKET,
        "transferred_to": Resource.CASE_METADATA,
        "merged_into": Resource.CASE_METADATA,
        # the complainant's withdrawal (G29)
        "withdrawal_pending": Resource.CONSENT_RECORDS,
        "legal_hold": Resource.CASE_METADATA,
        "evidence": Resource.EVIDENCE,
        "respondent_notified_at": Resource.CASE_METADATA,
        "respondent_portal": Resource.CASE_METADATA,
        "possible_duplicate_of": Resource.CASE_METADATA,
        "deleted_at": Resource.CASE_METADATA,
        "monitoring_conditions": Resource.DECISION_AND_SANCTION,
        # states and dates; the reasons are shown only to those who read the narrative
        "history": Resource.CASE_METADATA,
    }
)

# Identity rows per party role (reporters and witnesses have no row of their own).
PARTY_RESOURCE: Mapping[PartyRole, Resource] = MappingProxyType(
    {
        PartyRole.COMPLAINANT: Resource.COMPLAINANT_IDENTITY,
        PartyRole.REPORTER: Resource.COMPLAINANT_IDENTITY,
        PartyRole.RESPONDENT: Resource.RESPONDENT_IDENTITY,
        PartyRole.WITNESS: Resource.EVIDENCE,
    }
)

_NEVER_SHOWN = frozenset({"receipt_code_hash"})

# "meta": case id, state, dates, category codes, severity, owner (the view adds "categories").
META_FIELDS: tuple[str, ...] = (
    "id",
    "state",
    "created_at",
    "updated_at",
    "came_to_attention_at",
    "incident_date",
    "severity",
    "owner_id",
)
_INTERIM_META_FIELDS = ("id", "type", "state", "imposed_at", "next_review_at", "ended_at")

PUBLIC_STATUS: Mapping[CaseState, str] = MappingProxyType(
    {
        state: (
            "received"
            if state in {CaseState.RECEIVED_DISCLOSURE, CaseState.RECEIVED_REPORT}
            else "concluded"
            if state
            in {CaseState.SANCTION_IN_FORCE, CaseState.MONITORING, CaseState.CLOSED, CaseState.NFA}
            else "in progress"
        )
        for state in CaseState
    }
)

DEFAULT_HANDOVER_ACCESS = timedelta(hours=72)
_RESPONDENT_NOTICES = frozenset({"notify_respondent", "message_respondent"})
_CONTENT_LEVELS = frozenset({Access.READ, Access.OWN, Access.READ_REDACTED})


def public_status(state: CaseState) -> str:
    """The label a party or a reporter sees: never the internal state (e.g. an agency hold)."""
    return PUBLIC_STATUS[state]


def respondent_notice_at(case: Case) -> datetime | None:
    """When the respondent was last given notice (c2), or ``None`` if that cannot be shown.

    Notice is ``notify_respondent``/``message_respondent`` (``respondent_notified_at`` or the
    history), and also a hearing notice served or a decision notified to the respondent: both
    are notices to them, and a case can reach them without a separate ``notify_respondent``.
    """
    times = [r.at for r in case.history if r.command in _RESPONDENT_NOTICES]
    if case.respondent_notified_at is not None:
        times.append(case.respondent_notified_at)
    times += [h.notice_served_at for h in case.hearings if h.notice_served_at is not None]
    times += [d.notified_at["RESPONDENT"] for d in case.decisions if "RESPONDENT" in d.notified_at]
    return max(times, default=None)


def handed_over_at(case: Case) -> datetime | None:
    """When intake handed the case to a DSL (c1): the first DSL assignment, else creation."""
    since = [a.since for a in case.assignments if a.role is Role.DSL]
    if since:
        return min(since)
    if case.owner_id is not None:
        return case.created_at  # an owner but no record of when: assume at once
    return None


def _state_at(case: Case, when: datetime) -> CaseState:
    """The main state at ``when``, from the case's history."""
    earlier = [r for r in case.history if r.at <= when]
    if earlier:
        return earlier[-1].to_state
    if case.history:
        first = case.history[0]
        return first.from_state if first.from_state is not None else first.to_state
    return case.state


def _held_from_respondent(case: Case) -> bool:
    """c2/G04: in an agency hold without the agency's consent to contact the respondent."""
    return case.agency_hold_active() and not any(
        r.consents_to(ConsentScope.CONTACT_RESPONDENT) for r in case.referrals
    )


def _findings_made(case: Case) -> bool:
    """c8/c15: the sanction stage, i.e. a first-instance decision with findings exists."""
    return any(d.kind == "FIRST_INSTANCE" and d.findings for d in case.decisions)


def _is_sensitive(info: FieldInfo) -> bool:
    extra = info.json_schema_extra
    return isinstance(extra, dict) and extra.get("sensitive") is True


def _jsonable(value: object, *, redact: bool = False) -> object:
    """JSON-able form; ``redact`` drops every field marked sensitive, at any depth."""
    if isinstance(value, BaseModel):
        if not redact:
            dumped: object = value.model_dump(mode="json")
            return dumped
        return {
            name: _jsonable(getattr(value, name), redact=True)
            for name, info in type(value).model_fields.items()
            if not _is_sensitive(info)
        }
    if isinstance(value, set | frozenset):
        return sorted((_jsonable(v, redact=redact) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_jsonable(v, redact=redact) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v, redact=redact) for k, v in value.items()}
    converted: object = to_jsonable_python(value)
    return converted


def _pick(model: BaseModel, names: Iterable[str]) -> dict[str, object]:
    return {name: _jsonable(getattr(model, name)) for name in names}


def _status_view(case: Case, role: Role, state: CaseState) -> dict[str, object]:
    status = public_status(state)
    outcome = MATRIX[Resource.DECISION_AND_SANCTION][role]
    if outcome.condition == "c11" and status == "concluded" and case.sanctions():
        status = "action taken"
    return {"id": case.id, "status": status}


def _meta_view(case: Case, role: Role) -> dict[str, object]:
    view = _pick(case, META_FIELDS)
    view["categories"] = sorted(case.categories)
    if MATRIX[Resource.INTERIM_MEASURES][role].read is Access.META:
        view["interim_measures"] = [_pick(m, _INTERIM_META_FIELDS) for m in case.interim_measures]
    return view


_HIDDEN = object()


def _read_level(the_cell: Cell, *, advisory_visible_to_panel: bool) -> Access:
    """The cell's read level, with c13's rule-set flag applied."""
    if the_cell.condition == "c13" and advisory_visible_to_panel:
        return Access.READ
    return the_cell.read


def _render(case: Case, name: str, role: Role, *, advisory_visible_to_panel: bool) -> object:
    """One field of the content view, or ``_HIDDEN``."""
    if name in _NEVER_SHOWN or name not in FIELD_RESOURCE:
        return _HIDDEN
    the_cell = MATRIX[FIELD_RESOURCE[name]][role]
    level = _read_level(the_cell, advisory_visible_to_panel=advisory_visible_to_panel)
    if level not in _CONTENT_LEVELS:
        return _HIDDEN
    value = getattr(case, name)
    redact = level is Access.READ_REDACTED
    match the_cell.condition, name:
        case "c6", "referrals":
            return [
                _jsonable(r, redact=True)
                for r in case.referrals
                if r.consents_to(ConsentScope.INTERNAL_INVESTIGATION)
            ]
        case "c6", _:
            return _HIDDEN
        case "c8", _ if not _findings_made(case):
            return _HIDDEN
        case "c12", "appeals":
            return [_pick(a, ("id", "decision_id", "result")) for a in case.appeals]
        case "c12", _:
            return _HIDDEN
    if name == "parties":
        return _parties(case, role)
    if name == "history":
        narrative = MATRIX[Resource.NARRATIVE][role].read is Access.READ
        return _jsonable(value, redact=redact or not narrative)
    opinions = MATRIX[Resource.ADVISORY_OPINIONS][role]
    if (
        name == "shares"
        and _read_level(opinions, advisory_visible_to_panel=advisory_visible_to_panel)
        not in _CONTENT_LEVELS
    ):
        return [
            {k: v for k, v in _pick(s, type(s).model_fields).items() if k != "opinions"}
            for s in case.shares
        ]
    return _jsonable(value, redact=redact)


def _parties(case: Case, role: Role) -> list[object]:
    shown: list[object] = []
    for party in case.parties:
        level = MATRIX[PARTY_RESOURCE[party.role]][role].read
        if level in {Access.READ, Access.OWN}:
            shown.append(_jsonable(party))
        elif level is Access.READ_REDACTED:
            shown.append(_pick(party, ("person_id", "role")))
    return shown


def case_view(
    case: Case,
    actor: Actor,
    now: datetime,
    *,
    handover_access: timedelta = DEFAULT_HANDOVER_ACCESS,
    advisory_visible_to_panel: bool = False,
) -> dict[str, object]:
    """The case as ``actor`` may read it: a JSON-able dict, or ``E_G28_ACCESS_DENIED``.

    ADMIN and AUD get metadata only; COMP and REP3 (and INTAKE after c1) a public status label;
    RESP the status label frozen at the last notice, and nothing before it or while an agency
    holds the case (c2); ADV and SYS nothing (advisory members see packets, not cases); staff
    roles the fields of the rows they may read, Rr rows without sensitive fields, with c6, c8,
    c12 and c13 applied. ``handover_access`` and ``advisory_visible_to_panel`` are the rule
    set's figures (``intake.handover_access``, c13's flag).
    """
    if not is_assigned(case, actor, now):
        raise CommandRefused("E_G28_ACCESS_DENIED")
    role = actor.role
    if role is Role.RESP:
        notice = respondent_notice_at(case)
        if notice is None or _held_from_respondent(case):
            return {}
        return _status_view(case, role, _state_at(case, notice))
    if role is Role.INTAKE:
        handover = handed_over_at(case)
        if handover is not None and now >= handover + handover_access:
            return _status_view(case, role, case.state)
    level = MATRIX[Resource.CASE_METADATA][role].read
    if level is Access.STATUS_LABEL:
        return _status_view(case, role, case.state)
    if level is Access.META:
        return _meta_view(case, role)
    if level not in _CONTENT_LEVELS:
        return {}
    view: dict[str, object] = {}
    for name in type(case).model_fields:
        rendered = _render(case, name, role, advisory_visible_to_panel=advisory_visible_to_panel)
        if rendered is not _HIDDEN:
            view[name] = rendered
    return view


def may_message_reporter(case: Case, actor: Actor, now: datetime, *, write: bool) -> bool:
    """Messages with the reporter follow the narrative row (§4.2 row 4): reading them needs the
    narrative in the actor's view of the case; sending one needs write access to it as well."""
    try:
        view = case_view(case, actor, now)
    except CommandRefused:
        return False
    return "narrative" in view and (not write or may_write(actor.role, Resource.NARRATIVE))
