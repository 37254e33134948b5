"""The intake service's units of work over one organisation's :class:`Instance`.

Each method is one use of the instance: commands go through ``Instance.open_case`` /
``Instance.execute`` (the lifecycle decides: guards, G28, audit), and a case leaves only as
:func:`safecase.core.policy.case_view` shows it to the caller (``Instance.read_case``, audited).
A command and the caller's view of its result share one transaction
(``Instance.open_case_read`` / ``Instance.execute_read``): the read is audited all the same.
What this module adds is what the core has no command for: the receipts of anonymous reports
and the messages with the reporter, kept through :class:`~safecase.core.persistence.store.CaseStore`
and audited in the same transaction.

Messages with the reporter belong to the report: a staff member may read them when the case
view the policy gives them includes the narrative, and send them when their role may also
write it (DOMAIN.md §4.2, row "narrative"). A receipt holder acts as the reporter (role REP3)
under a pseudonym derived from the receipt, never as a person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from safecase.core import policy
from safecase.core.audit import AuditLog
from safecase.core.commands import COMMANDS, Actor, build_command
from safecase.core.errors import (
    CommandRefused,
    FieldViolation,
    InvalidArgument,
    NotFound,
)
from safecase.core.instance import Instance, Read, Unit
from safecase.core.lifecycle import Lifecycle
from safecase.core.lifecycle.table import steps_for
from safecase.core.persistence.store import CaseSummary, MessageDirection, StoredMessage
from safecase.core.states import Role
from safecase.services.common.auth import AuthError
from safecase.services.common.case_listing import newest_first, readable
from safecase.services.common.sharing import SharingKeys, conflict_names, share_document
from safecase.services.intake.mapping import Call
from safecase.services.intake.receipts import (
    IssuedReceipt,
    ReceiptKeeper,
    Throttle,
    code_hash,
    format_code,
    normalise,
)
from safecase.services.intake.status import current_request_id

__all__ = [
    "HEARING_COMMANDS",
    "IntakeCommands",
    "OtherService",
    "ReceiptHolder",
    "ReceiptStatus",
    "SharePreview",
    "Submitted",
]

# The hearing context's commands (DESIGN.md "Data ownership"): the hearings service runs them.
HEARING_COMMANDS = frozenset(
    {
        "appoint_panel",
        "appoint_appeal_panel",
        "open_hearing",
        "issue_decision",
        "issue_decision_on_admission",
        "notify_parties",
        "lodge_appeal",
        "waive_appeal",
        "grant_appeal_extension",
        "appeal_window_expired",
        "open_appeal_hearing",
        "issue_appeal_decision",
    }
)
OPENING_COMMANDS = frozenset({"submit_report", "submit_disclosure"})
Event = tuple[str, ...]
View = dict[str, object]
T = TypeVar("T")


class OtherService(CommandRefused):
    """A hearing-context command sent to intake: FAILED_PRECONDITION ``E_OTHER_SERVICE``."""

    def __init__(self, command: str) -> None:
        super().__init__("E_OTHER_SERVICE", command)
        self.message = f"{command} belongs to the hearing context: send it to the hearings service"
        self.args = (self.message,)


@dataclass(frozen=True)
class Submitted:
    """A new case: as the submitter may see it, and the receipt of an anonymous report."""

    case_id: str
    view: View
    receipt: IssuedReceipt | None


@dataclass(frozen=True)
class ReceiptHolder:
    """Whoever presented a valid receipt: the reporter of one case, under a pseudonym."""

    case_id: str
    code: str
    submitted_at: datetime
    actor: Actor


@dataclass(frozen=True)
class SharePreview:
    """What a publication would send: the share as it would be, and the sealed document."""

    share: View
    document: dict[str, Any]


@dataclass(frozen=True)
class ReceiptStatus:
    code: str
    label: str
    submitted_at: datetime
    updated_at: datetime
    unread: int


def _shown(view: View) -> View:
    # A view with nothing in it (ADV and SYS, whose §4.2 row 1 is "–"; a respondent before
    # notice or during an agency hold, c2) is a refusal: an empty case in a reply or a
    # listing would still tell them that the case exists and is theirs.
    if not view:
        raise CommandRefused("E_G28_ACCESS_DENIED")
    return view


def _view_or_name(case_id: str, read: Read) -> View:
    """The caller's view after a command; only the id if they may no longer read the case."""
    try:
        return _shown(read.unwrap())
    except CommandRefused as refused:
        if refused.reason != "E_G28_ACCESS_DENIED":
            raise
        return {"id": case_id}


def _reporter(organisation_id: str, lookup_hash: str) -> Actor:
    return Actor(
        person_id=f"receipt-{lookup_hash[:24]}", role=Role.REP3, organisation_id=organisation_id
    )


class IntakeCommands:
    def __init__(
        self,
        instance: Instance,
        keeper: ReceiptKeeper | None = None,
        throttle: Throttle | None = None,
        sharing: SharingKeys | None = None,
    ) -> None:
        self.instance = instance
        self.keeper = keeper or ReceiptKeeper()
        self.throttle = throttle or Throttle(instance.clock)
        # the advice key's public half goes into a previewed share as it would into a sent one
        self.sharing = sharing or SharingKeys.in_data_dir(instance.settings.data_dir)

    @property
    def organisation_id(self) -> str:
        return self.instance.settings.organisation_id

    def now(self) -> datetime:
        return self.instance.clock()

    # --- reports ----------------------------------------------------------------------------

    def submit(self, call: Call, actor: Actor | None) -> Submitted:
        """Open a case; an anonymous report gets a receipt and a pseudonymous reporter."""
        if call.data.get("anonymous"):
            receipt = self.keeper.issue()
            data = {**call.data, "receipt_code_hash": receipt.code_hash}
            reporter = _reporter(self.organisation_id, receipt.code_hash)
            outcome = self._translated(
                call,
                lambda: self.instance.open_case_outcome(
                    call.command,
                    data,
                    reporter,
                    receipt=(receipt.code_hash, receipt.secret_hash),
                    request_id=current_request_id(),
                ),
            )
            return Submitted(
                outcome.case.id,
                {"state": outcome.case.state.value, "created_at": outcome.case.created_at},
                None if outcome.replayed else receipt,  # a receipt is shown once only
            )
        if actor is None:
            raise AuthError("a named report needs a bearer token")
        outcome, read = self._translated(
            call,
            lambda: self.instance.open_case_read(
                call.command, call.data, actor, request_id=current_request_id()
            ),
        )
        return Submitted(outcome.case.id, _view_or_name(outcome.case.id, read), None)

    # --- the receipt holder -----------------------------------------------------------------

    def holder(
        self, code: str, secret: str, source: str, *, known_parent: bool = True
    ) -> ReceiptHolder:
        """The holder of a valid receipt; any failure is the same NOT_FOUND, and is counted."""
        self.throttle.check(source)
        normalised = normalise(code)
        with self.instance.unit() as unit:
            stored = unit.store.receipt(code_hash(normalised)) if normalised else None
        valid = self.keeper.matches(stored.secret_hash if stored else None, secret)
        if stored is None or not valid or not known_parent or normalised is None:
            self.throttle.failed(source)
            raise NotFound("report")
        return ReceiptHolder(
            case_id=stored.case_id,
            code=format_code(normalised),
            submitted_at=stored.created_at,
            actor=_reporter(self.organisation_id, stored.code_hash),
        )

    def receipt_status(self, holder: ReceiptHolder) -> ReceiptStatus:
        view = self.instance.read_case(holder.case_id, holder.actor)  # a status label only
        with self.instance.unit() as unit:
            messages = unit.store.messages(holder.case_id)
        latest = max((m.created_at for m in messages), default=holder.submitted_at)
        return ReceiptStatus(
            code=holder.code,
            label=str(view.get("status", "")),
            submitted_at=holder.submitted_at,
            updated_at=max(latest, holder.submitted_at),
            unread=sum(1 for m in messages if m.direction == "TO_REPORTER" and m.read_at is None),
        )

    def add_receipt_information(self, holder: ReceiptHolder, texts: list[str]) -> None:
        """Further information from the reporter reaches the case team as their messages."""
        with self.instance.unit() as unit:
            for text in texts:
                self._store_message(unit, holder.case_id, holder.actor, "FROM_REPORTER", text)

    def send_receipt_message(self, holder: ReceiptHolder, text: str) -> StoredMessage:
        with self.instance.unit() as unit:
            return self._store_message(unit, holder.case_id, holder.actor, "FROM_REPORTER", text)

    def receipt_messages(self, holder: ReceiptHolder) -> tuple[StoredMessage, ...]:
        return self._read_messages(holder.case_id, holder.actor, "TO_REPORTER")

    # --- the case team ----------------------------------------------------------------------

    def send_to_reporter(self, case_id: str, actor: Actor, text: str) -> StoredMessage:
        with self.instance.unit() as unit:
            self._may_message(unit, case_id, actor, write=True)
            return self._store_message(unit, case_id, actor, "TO_REPORTER", text)

    def case_messages(self, case_id: str, actor: Actor) -> tuple[StoredMessage, ...]:
        with self.instance.unit() as unit:
            self._may_message(unit, case_id, actor, write=False)
        return self._read_messages(case_id, actor, "FROM_REPORTER")

    def _may_message(self, unit: Unit, case_id: str, actor: Actor, *, write: bool) -> None:
        case = unit.store.get(case_id)
        if not policy.may_message_reporter(case, actor, self.now(), write=write):
            raise CommandRefused("E_G28_ACCESS_DENIED")

    def _store_message(
        self, unit: Unit, case_id: str, actor: Actor, direction: MessageDirection, text: str
    ) -> StoredMessage:
        now = self.now()
        sender = actor.person_id if direction == "TO_REPORTER" else None
        message = unit.store.add_message(case_id, direction, text, now, sender_id=sender)
        unit.audit.append(
            ts=now,
            org_id=self.organisation_id,
            actor_person_id=actor.person_id,
            acting_role=actor.role.value,
            case_id=case_id,
            action="WRITE",
            outcome="ALLOWED",
            object_type="message",
            object_id=message.id,
            fields=("text",),
        )
        return message

    def _read_messages(
        self, case_id: str, actor: Actor, incoming: MessageDirection
    ) -> tuple[StoredMessage, ...]:
        """The case's messages; those addressed to the reader are marked read."""
        with self.instance.unit() as unit:
            now = self.now()
            unit.store.mark_read(case_id, incoming, now)
            unit.audit.append(
                ts=now,
                org_id=self.organisation_id,
                actor_person_id=actor.person_id,
                acting_role=actor.role.value,
                case_id=case_id,
                action="READ",
                outcome="ALLOWED",
                object_type="message",
                fields=("text",),
            )
            return unit.store.messages(case_id)

    # --- case steps ----------------------------------------------------------------------------

    def view(self, case_id: str, actor: Actor) -> View:
        return _shown(self.instance.read_case(case_id, actor))

    def state_of(self, case_id: str) -> str:
        """The case's main state (metadata, no content is returned)."""
        with self.instance.unit() as unit:
            return unit.store.get(case_id).state.value

    def run(
        self, case_id: str, call: Call, actor: Actor, expected_version: int | None = None
    ) -> tuple[View, Event]:
        """Run a case-context command; return the caller's view and the events' types."""
        if call.command in OPENING_COMMANDS:
            raise InvalidArgument([FieldViolation("command", "use SubmitReport to open a case")])
        if call.command in HEARING_COMMANDS:
            raise OtherService(call.command)
        if call.command not in COMMANDS:
            raise InvalidArgument([FieldViolation("command", f"unknown command {call.command!r}")])
        if call.command == "delete_case_data":  # only ever with crypto-shredding (G32)
            self._translated(call, lambda: self.instance.erase_case(case_id, actor))
            return {"id": case_id}, tuple(step.event for step in steps_for(call.command))
        outcome, read = self._translated(
            call,
            lambda: self.instance.execute_read(
                case_id,
                call.command,
                call.data,
                actor,
                expected_version,
                request_id=current_request_id(),
            ),
        )
        return _view_or_name(case_id, read), tuple(e.type for e in outcome.events)

    @staticmethod
    def _translated(call: Call, action: Callable[[], T]) -> T:
        try:
            return action()
        except InvalidArgument as invalid:
            raise call.translate(invalid) from None

    # --- advisory shares (R-AS) ------------------------------------------------------------------

    def preview_share(
        self, case_id: str, call: Call, actor: Actor, expertise: tuple[str, ...]
    ) -> SharePreview:
        """A2 run on a copy of the case and thrown away: every rule that the publication would
        meet, and the document it would seal, with nothing stored or sent.

        The read of the packet is audited (G31), allowed or refused, like any read of a case.
        """
        built = self._translated(call, lambda: build_command(call.command, call.data))
        refusal: CommandRefused | None = None
        with self.instance.unit() as unit:
            case = unit.store.get(case_id)
            now = self.now()
            dry = Lifecycle(
                self.instance.plugins,
                unit.people,
                self.instance.organisation,
                audit=AuditLog(),  # the dry run's own entries are not the record
                clock=lambda: now,
                find_case=unit.lifecycle.find_case,
            )
            try:
                outcome = dry.execute(case, built, actor)
            except CommandRefused as refused:
                refusal = refused
                self._audit_preview(unit, case_id, actor, now, f"REFUSED:{refused.reason}")
            else:
                share = outcome.case.current_share()
                assert share is not None
                document = share_document(
                    share,
                    expertise=expertise,
                    reply_to_public=self.sharing.advice_public(),
                    conflict_names=conflict_names(
                        outcome.case, unit.people, self.instance.organisation
                    ),
                )
                self._audit_preview(unit, case_id, actor, now, "ALLOWED", share.id)
                return SharePreview(share.model_dump(mode="json"), document)
        assert refusal is not None
        raise refusal

    def _audit_preview(
        self,
        unit: Unit,
        case_id: str,
        actor: Actor,
        now: datetime,
        outcome: str,
        share_id: str | None = None,
    ) -> None:
        unit.audit.append(
            ts=now,
            org_id=self.organisation_id,
            actor_person_id=actor.person_id,
            acting_role=actor.role.value,
            case_id=case_id,
            action="READ",
            outcome=outcome,
            command="preview_advisory_packet",
            object_type="advisory_share",
            object_id=share_id,
            fields=("packet",),
        )

    def advice(self, case_id: str, actor: Actor) -> list[tuple[str, dict[str, Any]]]:
        """(share id, opinion) of every advisory opinion the caller may read, oldest first.

        Read through the caller's view of the case (audited): DOMAIN §4.2 row 16 decides who
        sees advisory opinions; others who may read the case see none.
        """
        view = self.view(case_id, actor)
        shares: Any = view.get("shares") or []
        found = [
            (str(share.get("id")), opinion)
            for share in shares
            for opinion in share.get("opinions") or []
        ]
        found.sort(key=lambda item: (str(item[1].get("submitted_at")), str(item[1].get("id"))))
        return found

    # --- reading many cases --------------------------------------------------------------------

    def summaries(self, actor: Actor) -> list[CaseSummary]:
        """Every case of the organisation (metadata only), most recently updated first."""
        return newest_first(self.instance, actor)

    def views(
        self, actor: Actor, summaries: list[CaseSummary], start: int
    ) -> Iterator[tuple[int, View]]:
        """The views, with positions, of the cases from ``start`` on that ``actor`` may read."""
        return readable(summaries, start, lambda case_id: self.view(case_id, actor))

    def overdue_reviews(
        self, actor: Actor, overdue: Callable[[dict[str, Any]], bool]
    ) -> list[tuple[str, dict[str, Any]]]:
        """Interim measures the caller may see whose review is overdue, most overdue first."""
        found: list[tuple[str, dict[str, Any]]] = []
        for _, view in self.views(actor, self.summaries(actor), 0):
            measures = view.get("interim_measures")
            if isinstance(measures, list):
                found += [(str(view["id"]), m) for m in measures if overdue(m)]
        found.sort(key=lambda item: (str(item[1].get("next_review_at")), item[0]))
        return found
