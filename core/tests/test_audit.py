"""The audit log is append-only and hash-chained: any edit, deletion, insertion or reordering
is found by verification (G31)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from safecase.core.audit import AuditEntry, AuditLog
from safecase.core.errors import CommandRefused
from safecase.core.states import Role
from safecase.core.testing import Scenario


def chain(n: int = 5) -> list[AuditEntry]:
    log = AuditLog()
    for i in range(n):
        log.append(
            ts=datetime(2026, 1, 1, 9, i, tzinfo=UTC),
            org_id="org-a",
            actor_person_id=f"p{i}",
            acting_role="DSL",
            case_id="case-1",
            action="COMMAND",
            command="record_triage",
            outcome="ALLOWED",
        )
    return list(log)


def test_an_untouched_chain_verifies() -> None:
    assert AuditLog(chain()).verify() is None


def test_an_edited_entry_is_found() -> None:
    entries = chain()
    entries[2] = entries[2].model_copy(update={"outcome": "REFUSED:E_G01_INVESTIGATION_REQUIRED"})
    assert AuditLog(entries).verify() == 3


def test_a_deleted_entry_is_found() -> None:
    entries = chain()
    del entries[1]
    assert AuditLog(entries).verify() == 2


def test_an_inserted_entry_is_found() -> None:
    entries = chain()
    forged = entries[1].model_copy(update={"actor_person_id": "intruder"})
    entries.insert(2, forged)
    assert AuditLog(entries).verify() == 3


def test_reordered_entries_are_found() -> None:
    entries = chain()
    entries[1], entries[2] = entries[2], entries[1]
    assert AuditLog(entries).verify() == 2


def test_a_rehashed_edit_still_breaks_the_link_to_the_next_entry() -> None:
    from safecase.core.audit import chain_hash

    entries = chain()
    edited = entries[2].model_copy(update={"actor_person_id": "someone-else"})
    entries[2] = edited.model_copy(update={"hash": chain_hash(edited.body())})
    assert AuditLog(entries).verify() == 4


def test_every_attempt_is_audited_allowed_and_refused_with_all_failing_rules(
    scenario: Scenario,
) -> None:
    case = scenario.triaged()
    before = len(scenario.audit)
    with pytest.raises(CommandRefused):
        scenario.run(
            case, "commission_risk_assessment", Role.CMG, assessor_id=scenario.cast.assessor.id
        )
    refused = list(scenario.audit)[-1]
    assert len(scenario.audit) == before + 1
    assert refused.outcome.startswith("REFUSED:")
    assert refused.failed_rules
    scenario.run(case, "sign_coi_declaration", person_id=scenario.cast.assessor.id)
    assert list(scenario.audit)[-1].outcome == "ALLOWED"
    assert scenario.audit.verify() is None


def test_audit_entries_carry_ids_and_codes_never_case_content(scenario: Scenario) -> None:
    case = scenario.notified()
    dumped = " ".join(e.model_dump_json() for e in scenario.audit)
    for secret in (case.narrative, scenario.cast.complainant.name, scenario.cast.respondent.name):
        assert secret not in dumped
