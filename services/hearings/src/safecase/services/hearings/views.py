"""Domain -> proto: a hearing file as its reader may see it, and the registry's resources.

The input is the JSON-able view of :func:`safecase.core.policy.case_view` (through
``Instance.read_case``), so a field the caller may not read is simply absent here and stays
unset in the proto. What the view cannot hold (sanction options, appeal deadlines, whether an
independent panel is needed) comes from :class:`~safecase.services.hearings.commands.FileFacts`,
computed by the core's own rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from safecase.core import policy
from safecase.core.registry import RegistryEntry
from safecase.core.screening import (
    ScreeningOutcome,
    ScreeningResolution,
    ScreeningResult,
    message_for,
    outcome_after,
)
from safecase.hearings.v1 import resources_pb2 as res
from safecase.services.common.aip import etag_for
from safecase.services.hearings.commands import FileFacts, HearingFile
from safecase.services.hearings.mapping import case_name, file_name

__all__ = ["HEARING_STATES", "hearing_file", "registry_entry", "screening_result"]

View = Mapping[str, Any]
# DOMAIN §1.2 states 10-19: the hearing context's states.
HEARING_STATES = frozenset(
    name.removeprefix("HEARING_STATE_")
    for name in res.HearingState.keys()  # noqa: SIM118 - a generated enum wrapper
    if name != "HEARING_STATE_UNSPECIFIED"
)


def instant(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _set_time(message: Any, name: str, value: object) -> None:
    when = instant(value)
    if when is not None:
        stamp = Timestamp()
        stamp.FromDatetime(when.astimezone(UTC))
        getattr(message, name).CopyFrom(stamp)


def _enum(enum: Any, prefix: str, value: object) -> Any:
    """The proto enum number of a domain value (``0`` when unknown or absent)."""
    if not value:
        return 0
    try:
        return enum.Value(f"{prefix}{value}")
    except ValueError:
        return 0


def _history(view: View, command: str) -> str | None:
    """When ``command`` last moved the case, from the view's history (states and dates)."""
    times = [r.get("at") for r in view.get("history") or [] if r.get("command") == command]
    return times[-1] if times else None


def _state(view: View) -> str | None:
    """The hearing state; after a breach sent the case back (T42), the last hearing state."""
    state = view.get("state")
    if state in HEARING_STATES:
        return str(state)
    for record in reversed(view.get("history") or []):
        if record.get("to_state") in HEARING_STATES:
            return str(record["to_state"])
    return None


# --- the parts of a file ----------------------------------------------------------------------


def _panel(base: str, panel: View, view: View) -> res.Panel:
    signed = {d.get("person_id"): d.get("signed_at") for d in view.get("coi_declarations") or []}
    out = res.Panel(
        name=f"{base}/panels/{panel.get('id', '')}",
        kind=_enum(res.PanelKind, "PANEL_KIND_", panel.get("kind")),
        nsp_substitution=bool(panel.get("nsp_substitution")),
    )
    for member in panel.get("members") or []:
        item = out.members.add(
            person=member.get("person_id") or "",
            chair=bool(member.get("chair")),
            member_type=member.get("member_type") or "",
            external=bool(member.get("external")),
        )
        _set_time(item, "declaration_sign_time", signed.get(member.get("person_id")))
    _set_time(out, "appoint_time", panel.get("appointed_at"))
    for appeal in view.get("appeals") or []:
        if appeal.get("panel_id") and appeal.get("panel_id") == panel.get("id"):
            out.appeal = f"{base}/appeals/{appeal.get('id')}"
    return out


def _hearing(base: str, hearing: View) -> res.Hearing:
    out = res.Hearing(
        name=f"{base}/hearings/{hearing.get('id', '')}",
        panel=f"{base}/panels/{hearing['panel_id']}" if hearing.get("panel_id") else "",
        notice_waived=bool(hearing.get("notice_waived")),
        format=hearing.get("format") or "",
        child_attendance_required=bool(hearing.get("child_attendance_required")),
        alternative_evidence_offered=bool(hearing.get("alternative_evidence_offered")),
        allow_direct_questioning_by_respondent=bool(
            hearing.get("allow_direct_questioning_by_respondent")
        ),
        child_supporter=hearing.get("child_supporter") or "",
        respondent_support_person=hearing.get("respondent_support_person") or "",
        complainant_welfare_plan=bool(hearing.get("complainant_welfare_plan")),
        respondent_welfare_plan=bool(hearing.get("respondent_welfare_plan")),
    )
    _set_time(out, "notice_serve_time", hearing.get("notice_served_at"))
    _set_time(out, "schedule_time", hearing.get("scheduled_for"))
    _set_time(out, "open_time", hearing.get("opened_at"))
    return out


def _decision(base: str, decision: View, appeal: str, facts: FileFacts) -> res.Decision:
    name = f"{base}/decisions/{decision.get('id', '')}"
    out = res.Decision(
        name=name,
        kind=_enum(res.DecisionKind, "DECISION_KIND_", decision.get("kind")),
        rationale=decision.get("rationale") or "",
        standard_of_proof=_enum(
            res.StandardOfProof, "STANDARD_OF_PROOF_", decision.get("standard_of_proof")
        ),
        information_considered=list(decision.get("information_considered") or []),
        decided_by=list(decision.get("decided_by") or []),
        aggravating_factors=list(decision.get("aggravating_factors") or []),
        mitigating_factors=list(decision.get("mitigating_factors") or []),
        on_admission=bool(decision.get("on_admission")),
        appeal_result=_enum(res.AppealResult, "APPEAL_RESULT_", decision.get("appeal_result")),
        appeal=appeal,
    )
    for finding in decision.get("findings") or []:
        out.findings.add(
            allegation=finding.get("allegation") or "",
            code_reference=finding.get("code_reference") or "",
            outcome=_enum(res.FindingOutcome, "FINDING_OUTCOME_", finding.get("finding")),
        )
    for sanction in decision.get("sanctions") or []:
        item = out.sanctions.add(
            name=f"{name}/sanctions/{sanction.get('id', '')}",
            type=sanction.get("type") or "",
            months=sanction.get("months") or 0,
            conditions=sanction.get("conditions") or "",
            in_force=bool(sanction.get("in_force")),
            removes_from_regulated_work=bool(sanction.get("removes_from_regulated_work")),
        )
        _set_time(item, "start_time", sanction.get("starts_at"))
        _set_time(item, "end_time", sanction.get("ends_at"))
    waived = set(decision.get("waivers") or [])
    for party, notified in sorted((decision.get("notified_at") or {}).items()):
        deadline, extended = facts.deadlines.get((str(decision.get("id")), party), (None, False))
        notice = out.notified_parties.add(
            party=_enum(res.PartyKind, "PARTY_KIND_", party),
            appeal_extended=extended,
            appeal_waived=party in waived,
        )
        _set_time(notice, "notify_time", notified)
        _set_time(notice, "appeal_deadline_time", deadline)
    _set_time(out, "decide_time", decision.get("decided_at"))
    return out


def _appeal(base: str, appeal: View, decided: str) -> res.Appeal:
    out = res.Appeal(
        name=f"{base}/appeals/{appeal.get('id', '')}",
        decision=f"{base}/decisions/{appeal['decision_id']}" if appeal.get("decision_id") else "",
        appellant=_enum(res.PartyKind, "PARTY_KIND_", appeal.get("appellant")),
        grounds=list(appeal.get("grounds") or []),
        statement=appeal.get("statement") or "",
        panel=f"{base}/panels/{appeal['panel_id']}" if appeal.get("panel_id") else "",
        result=_enum(res.AppealResult, "APPEAL_RESULT_", appeal.get("result")),
        appeal_decision=decided,
    )
    _set_time(out, "lodge_time", appeal.get("lodged_at"))
    _set_time(out, "open_time", appeal.get("opened_at"))
    return out


def _option(option: Any) -> res.SanctionOption:
    return res.SanctionOption(
        type=option.type,
        label=option.label,
        step=_enum(res.SeverityStep, "SEVERITY_STEP_", option.step),
        min_months=option.min_months,
        max_months=option.max_months,
        allowed_for_minor_respondent=option.allowed_for_minor_respondent,
        removes_from_regulated_work=option.removes_from_regulated_work,
        registry_visibility=_enum(
            res.RegistryVisibility, "REGISTRY_VISIBILITY_", option.registry_visibility
        ),
    )


def hearing_file(org: str, found: HearingFile) -> res.HearingFile:
    """The proto ``HearingFile`` of a case view: only what the view holds is set."""
    view: View = found.view
    facts = found.facts
    base = case_name(org, found.case_id)
    state = _state(view)
    out = res.HearingFile(
        name=file_name(org, found.case_id),
        state=_enum(res.HearingState, "HEARING_STATE_", state),
        severity=view.get("severity") or "",
        rule_set=view.get("rule_set_id") or "",
        minor_respondent=facts.minor_respondent or bool(view.get("child_respondent")),
        independent_panel_required=facts.independent_panel_required,
    )
    if state == "CLOSED":
        out.closure_reason = _enum(
            res.HearingClosureReason, "HEARING_CLOSURE_REASON_", view.get("closure_reason")
        )
    if "version" in view:
        out.version = int(view["version"])
        out.etag = etag_for(out.version)
    out.panels.extend(_panel(base, p, view) for p in view.get("panels") or [])
    out.hearings.extend(_hearing(base, h) for h in view.get("hearings") or [])
    decided = [a for a in view.get("appeals") or [] if a.get("result")]
    appeal_decisions = [d for d in view.get("decisions") or [] if d.get("kind") == "APPEAL"]
    # appeal decisions and decided appeals pair up in order: one decision decides one appeal
    pairs = dict(zip((str(a.get("id")) for a in decided), appeal_decisions, strict=False))
    decision_of_appeal = {a: f"{base}/decisions/{d.get('id')}" for a, d in pairs.items()}
    appeal_of_decision = {str(d.get("id")): f"{base}/appeals/{a}" for a, d in pairs.items()}
    out.decisions.extend(
        _decision(base, d, appeal_of_decision.get(str(d.get("id")), ""), facts)
        for d in view.get("decisions") or []
    )
    out.appeals.extend(
        _appeal(base, a, decision_of_appeal.get(str(a.get("id")), ""))
        for a in view.get("appeals") or []
    )
    for declaration in view.get("coi_declarations") or []:
        item = out.coi_declarations.add(
            person=declaration.get("person_id") or "",
            soft_conflicts_waived=bool(declaration.get("waived_soft_conflicts")),
            waiver_reason=declaration.get("waiver_reason") or "",
        )
        item.declared_conflicts.extend(
            res.DeclaredConflict(kind=kind) for kind in declaration.get("declared_conflicts") or []
        )
        _set_time(item, "sign_time", declaration.get("signed_at"))
    out.sanction_options.extend(_option(o) for o in facts.options)
    started = _history(view, "start_monitoring")
    if started or view.get("monitoring_conditions"):
        out.monitoring.conditions = view.get("monitoring_conditions") or ""
        _set_time(out.monitoring, "start_time", started)
        ended = _history(view, "complete_monitoring") or _history(view, "record_condition_breach")
        _set_time(out.monitoring, "end_time", ended)
    closes = [
        deadline
        for (decision_id, _party), (deadline, _extended) in facts.deadlines.items()
        if deadline is not None and decision_id == _latest_first_instance(view)
    ]
    if closes:
        _set_time(out, "appeal_window_close_time", max(closes))
    if view.get("state") not in HEARING_STATES and state is not None:
        _set_time(out, "return_time", _history(view, "record_condition_breach"))
    _set_time(out, "create_time", _history(view, "refer_to_disciplinary") or view.get("created_at"))
    _set_time(out, "update_time", view.get("updated_at"))
    return out


def _latest_first_instance(view: View) -> str | None:
    first = [d for d in view.get("decisions") or [] if d.get("kind") == "FIRST_INSTANCE"]
    return str(first[-1].get("id")) if first else None


def panel_members(view: View) -> set[str]:
    """Everyone on a panel of the case, as far as the view shows the panels."""
    return {
        str(member.get("person_id"))
        for panel in view.get("panels") or []
        for member in panel.get("members") or []
    }


# --- the registry -----------------------------------------------------------------------------


def registry_entry(org: str, entry: RegistryEntry, now: datetime) -> res.RegistryEntry:
    person = entry.person
    out = res.RegistryEntry(
        name=f"organizations/{org}/registryEntries/{entry.entry_id}",
        owner_organization=f"organizations/{entry.owner_org}",
        person=res.RegistryPerson(
            person=person.person_id,
            legal_name=person.legal_name,
            previous_names=list(person.previous_names),
            known_aliases=list(person.known_aliases),
            birth_date=person.dob.isoformat() if person.dob else "",
            sport_ids=list(person.sport_ids),
        ),
        status=_enum(res.RegistryEntryStatus, "REGISTRY_ENTRY_STATUS_", entry.status.value),
        sanction_type=entry.sanction_type or "",
        scope=res.RegistryScope(
            roles=sorted(_enum(res.SportRole, "SPORT_ROLE_", r.value) for r in entry.scope.roles),
            sports=list(entry.scope.sports),
            geography=list(entry.scope.geography),
        ),
        visibility=_enum(res.RegistryVisibility, "REGISTRY_VISIBILITY_", entry.visibility.value),
        minor_respondent=entry.minor_respondent,
        in_force=entry.active(now),
    )
    ref = entry.decision_ref
    if ref is not None and ref.decision_id and entry.owner_org == org:
        out.decision = f"{case_name(org, ref.case_id)}/decisions/{ref.decision_id}"
    _set_time(out, "start_time", entry.starts_at)
    _set_time(out, "end_time", entry.ends_at)
    return out


def screening_result(
    org: str,
    result: ScreeningResult,
    level: policy.Access,
    person: str,
    resolutions: Sequence[ScreeningResolution] = (),
) -> res.ScreeningResult:
    """A screening as the caller may see it: the hits, an active sanction and the reason of a
    resolution for a full reader (§4.2 row 19, READ) only; everyone else learns whether a
    manual review is needed. A DSL's resolution decides the outcome (G33)."""
    full = level is policy.Access.READ
    outcome = outcome_after(result, resolutions)
    if outcome is ScreeningOutcome.CLEAR:
        shown = res.SCREENING_OUTCOME_CLEAR
    elif full and outcome is ScreeningOutcome.ACTIVE_SANCTION:
        shown = res.SCREENING_OUTCOME_ACTIVE_SANCTION
    else:
        shown = res.SCREENING_OUTCOME_MANUAL_REVIEW
    out = res.ScreeningResult(
        name=f"organizations/{org}/screeningResults/{result.id}",
        person=person,
        role=_enum(res.SportRole, "SPORT_ROLE_", result.role.value),
        outcome=shown,
        message_for_person=message_for(outcome),
    )
    owners = {hit.entry_id: hit.owner_org for hit in result.hits}
    if full:
        for hit in result.hits:
            out.hits.add(
                registry_entry=f"organizations/{hit.owner_org}/registryEntries/{hit.entry_id}",
                owner_organization=f"organizations/{hit.owner_org}",
                match=_enum(res.MatchKind, "MATCH_KIND_", hit.match.value),
                score=hit.score,
            )
    if resolutions:
        latest = resolutions[-1]
        out.resolution.type = _enum(
            res.ScreeningResolutionType, "SCREENING_RESOLUTION_TYPE_", latest.resolution.value
        )
        out.resolution.resolved_by = latest.resolved_by
        _set_time(out.resolution, "resolve_time", latest.resolved_at)
        if full:
            out.resolution.reason = latest.reason
            out.resolution.registry_entries.extend(
                f"organizations/{owners.get(entry, org)}/registryEntries/{entry}"
                for entry in latest.entry_ids
            )
    _set_time(out, "screen_time", result.screened_at)
    return out
