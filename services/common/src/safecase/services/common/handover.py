"""The two ends of the hand-over between intake (case context) and hearings (hearing context).

:mod:`safecase.core.handover` decides what a snapshot holds and how it is applied; this module
puts a sealed snapshot on the event of an accepted command (in the command's transaction, so
the snapshot is sent if and only if the change committed) and applies the other context's
snapshots through an idempotent inbox consumer, audited as the system's doing.

Erasure follows the case too: when intake crypto-shreds a case (G32, ``CaseDataDeleted``), the
hearing context destroys the data key of its own copy, so that no readable copy outlives the
retention period in either database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from nats.js import JetStreamContext
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from safecase.core.case import Case
from safecase.core.crypto import OrganisationKey
from safecase.core.errors import CaseErased
from safecase.core.handover import (
    apply_snapshot,
    case_snapshot,
    hearing_snapshot,
    open_snapshot,
    people_of,
    seal_snapshot,
    state_conflict,
    wants_hearing_view,
)
from safecase.core.instance import AfterCommand, Unit
from safecase.core.lifecycle import Outcome
from safecase.core.people import Person
from safecase.core.persistence.audit_store import SqlAuditTrail
from safecase.core.persistence.schema import InboxRow
from safecase.core.persistence.store import CaseStore
from safecase.core.states import Role
from safecase.events.v1 import event_pb2
from safecase.services.common.inbox import InboxConsumer
from safecase.services.common.relay import ensure_stream

__all__ = ["Context", "HandoverReceiver", "after_case_command", "after_hearing_command"]

Context = Literal["case", "hearing"]
SUBJECT_SEGMENT: dict[Context, str] = {"case": "cases", "hearing": "hearings"}
SYSTEM = "system"
log = logging.getLogger("safecase.handover")
ERASED = "CaseDataDeleted"  # the event of delete_case_data: the case's content was destroyed


def _attach(
    unit: Unit, outcome: Outcome, key: OrganisationKey, snapshot: dict[str, object]
) -> None:
    if not outcome.events:
        return
    event_id = outcome.events[-1].id  # the last event: the case as the command left it
    unit.store.seal_into_event(event_id, seal_snapshot(key, event_id, snapshot))


def after_case_command(key: OrganisationKey) -> AfterCommand:
    """Intake's end: snapshot every change the hearing context must follow."""

    def attach(unit: Unit, before: Case, outcome: Outcome) -> None:
        if wants_hearing_view(before, outcome.case):
            snapshot = case_snapshot(before, outcome.case, people_of(outcome.case, unit.people))
            _attach(unit, outcome, key, snapshot)

    return attach


def after_hearing_command(key: OrganisationKey, *also: AfterCommand) -> AfterCommand:
    """Hearings' end: snapshot every accepted hearing command, then run ``also`` (the registry)."""

    def attach(unit: Unit, before: Case, outcome: Outcome) -> None:
        _attach(unit, outcome, key, hearing_snapshot(before, outcome.case))
        for then in also:
            then(unit, before, outcome)

    return attach


@dataclass
class HandoverReceiver:
    """Applies the other context's snapshots to this context's copy of the case.

    ``receives`` is the context whose snapshots are applied: intake receives ``hearing``,
    hearings receives ``case``. Events without a snapshot are recorded as seen and change
    nothing.
    """

    organisation_id: str
    organisation_key: OrganisationKey
    receives: Context
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    @property
    def durable(self) -> str:
        return f"handover-from-{self.receives}"

    @property
    def subject(self) -> str:
        return f"safecase.{self.organisation_id}.{SUBJECT_SEGMENT[self.receives]}.>"

    async def consumer(self, engine: Engine, js: JetStreamContext) -> InboxConsumer:
        stream = await ensure_stream(js, self.organisation_id)
        return InboxConsumer(
            engine,
            js,
            stream=stream,
            subject=self.subject,
            durable=self.durable,
            handler=self.apply,
            inbox_row=InboxRow,
            ordered=True,  # a snapshot never overtakes an earlier one
        )

    def apply(self, session: Session, event: event_pb2.Event) -> None:
        if event.organization != self.organisation_id:
            return
        if event.type == ERASED and self.receives == "case":
            self._erase(session, event)
            return
        if not event.HasField("sealed"):
            return
        sealed = {
            "key_id": event.sealed.key_id,
            "wrapped_key": event.sealed.wrapped_key,
            "ciphertext": event.sealed.ciphertext,
        }
        snapshot = open_snapshot(self.organisation_key, event.id, sealed)
        if snapshot["from"] != self.receives:
            return
        store = CaseStore(session, self.organisation_key, self.organisation_id)
        case_id = str(snapshot["case_id"])
        known = store.exists(case_id)
        if not known and self.receives == "hearing":
            return  # intake keeps every case it has; a hearing snapshot never creates one
        current = store.get(case_id) if known else None
        if current is not None and state_conflict(current, snapshot):
            log.warning(
                "case %s moved on here while the %s context moved it from %s to %s: "
                "the case context's state %s is kept",
                case_id,
                self.receives,
                snapshot.get("from_state"),
                snapshot["state"],
                current.state.value,
            )
        updated = apply_snapshot(current, snapshot)
        if current is None:
            store.add(updated)
        else:
            updated = updated.model_copy(update={"version": current.version + 1})
            store.save(updated, current.version)
        self._people(store, snapshot)
        self._audit(session, case_id, event)

    def _erase(self, session: Session, event: event_pb2.Event) -> None:
        """Crypto-shred this context's copy of a case intake erased; none is fine (G32)."""
        case_id = event.case.rsplit("/", 1)[-1]
        store = CaseStore(session, self.organisation_key, self.organisation_id)
        if not store.exists(case_id):
            return  # the case never reached a hearing
        try:
            store.erase(case_id)
        except CaseErased:
            return  # already erased here
        self._audit(session, case_id, event)

    def _audit(self, session: Session, case_id: str, event: event_pb2.Event) -> None:
        SqlAuditTrail(session).append(
            ts=self.clock(),
            org_id=self.organisation_id,
            actor_person_id=SYSTEM,
            acting_role=Role.SYS.value,
            case_id=case_id,
            action="WRITE",
            outcome="ALLOWED",
            command=f"handover:{event.type}",
        )

    @staticmethod
    def _people(store: CaseStore, snapshot: dict[str, object]) -> None:
        people = snapshot.get("people") or []
        assert isinstance(people, list)
        known = store.people()
        for document in people:
            person = Person.model_validate(document)
            if person.id in known:
                store.update_person(person)
            else:
                store.add_person(person)
