"""The lifecycle engine: evaluation order, refusal, audit, application of a step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from safecase.core import policy
from safecase.core.audit import Action, AuditLog, AuditTrail
from safecase.core.calendar import Calendar
from safecase.core.case import Case
from safecase.core.commands import Actor, Command, SubmitReport
from safecase.core.errors import CommandRefused, FieldViolation, InvalidArgument, SafecaseError
from safecase.core.events import DomainEvent
from safecase.core.guards import RULES, GuardContext, Refusal
from safecase.core.guards.advisory import share_revoked_for_member
from safecase.core.guards.context import rule_number
from safecase.core.guards.hearings import lodge_appeal_code
from safecase.core.guards.intake import merge_is_cross_organisation
from safecase.core.guards.withdrawal import pending_withdrawal
from safecase.core.lifecycle.effects import EFFECTS, Change, open_case
from safecase.core.lifecycle.table import FORBIDDEN, OPENING, Step, steps_for
from safecase.core.organisation import Organisation
from safecase.core.people import PersonRegistry
from safecase.core.plugins import Plugins
from safecase.core.states import CaseState, Role

__all__ = ["Lifecycle", "Outcome"]

# Rules that apply to every step of a kind, beside those the table lists.
OWNER_REQUIRED = frozenset({"record_triage", "triage_under_override", "open_investigation"})


@dataclass(frozen=True)
class Outcome:
    """An accepted command: the changed case (a new object) and the events it produced."""

    case: Case
    events: tuple[DomainEvent, ...]
    step: Step
    refusals: tuple[str, ...] = field(default=())
    replayed: bool = False  # a retried request: nothing ran again


def utc_now() -> datetime:
    return datetime.now(UTC)


class Lifecycle:
    """Runs commands against cases of one organisation under its plugin and rule set."""

    def __init__(
        self,
        plugins: Plugins,
        people: PersonRegistry,
        organisation: Organisation,
        *,
        audit: AuditTrail | None = None,
        clock: Callable[[], datetime] = utc_now,
        find_case: Callable[[str], Case | None] = lambda _id: None,
    ) -> None:
        self.plugins = plugins
        self.people = people
        self.organisation = organisation
        self.audit: AuditTrail = audit if audit is not None else AuditLog()
        self.clock = clock
        self.find_case = find_case
        self.calendar = Calendar(plugins.rule_set.calendar)

    # --- public API -------------------------------------------------------------------------

    def open_case(self, command: SubmitReport, actor: Actor) -> Outcome:
        """T01/T02: receive a disclosure or a report."""
        now = self._now()
        step = OPENING[command.name]
        self._check_actor(actor)
        draft = open_case(command, actor, self.plugins, self.people, now)
        ctx = self._context(draft, command, actor, step, now)
        if actor.role is Role.ADV:  # §1.1 step 2: G08(a) before G28, for T01/T02 too
            self._refuse(ctx, Refusal("E_G08_ADVISORY_NOT_DECISION"), ())
        if actor.role not in step.actors:
            self._refuse(ctx, Refusal("E_G28_ACCESS_DENIED"), ())
        failures = self._run_rules(ctx, ("G14",))
        if failures:
            self._refuse(ctx, failures[0], failures)
        return self._apply(ctx, from_state=None)

    def execute(self, case: Case, command: Command, actor: Actor) -> Outcome:
        """Run ``command`` on ``case``; if refused, raise :class:`CommandRefused`."""
        now = self._now()
        self._check_actor(actor)
        rows = steps_for(command.name)
        if not rows:
            raise InvalidArgument(
                [FieldViolation("command", f"{command.name} is not a case command")]
            )
        ctx = self._context(case, command, actor, rows[0], now)
        # 1-2. the two exceptions evaluated first, then G08(a), then G28
        for early in (share_revoked_for_member, merge_is_cross_organisation):
            refusal = early(ctx)
            if refusal:
                self._refuse(ctx, refusal, (refusal,))
        if actor.role is Role.ADV and rows[0].main_transition:
            self._refuse(ctx, Refusal("E_G08_ADVISORY_NOT_DECISION"), ())
        if not policy.may_act(case, actor, command, now):
            self._refuse(ctx, Refusal("E_G28_ACCESS_DENIED"), ())
        # 3. does the step exist from the current state?
        step = self._select(case, command, rows)
        if step is None:
            code = FORBIDDEN.get((command.name, case.state), "E_NO_TRANSITION")
            code = lodge_appeal_code(case, command, code)
            self._refuse(ctx, Refusal(code), ())
        assert step is not None
        ctx.step = step
        # 4. the step's rules in ascending order, then the plugin's extra guards
        failures = self._run_rules(ctx, self._rule_ids(case, step, command))
        if failures:
            self._refuse(ctx, failures[0], failures)
        violations = self.plugins.validate_transition(case, command, now)
        if violations:
            first = Refusal(violations[0].reason, violations[0].detail)
            self._refuse(ctx, first, tuple(Refusal(v.reason, v.detail) for v in violations))
        return self._apply(ctx, from_state=case.state)

    def available(self, case: Case, actor: Actor) -> list[str]:
        """Commands whose step exists from the case's state and that the actor's role may run."""
        return sorted(
            {
                row.command
                for name in policy.commands_for(actor.role)
                for row in steps_for(name)
                if case.state in row.sources
            }
        )

    # --- evaluation -------------------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the lifecycle clock must return aware UTC instants")
        return now

    def _check_actor(self, actor: Actor) -> None:
        if not actor.person_id.strip():
            raise InvalidArgument([FieldViolation("actor.person_id", "must not be empty")])

    def _context(
        self, case: Case, command: Command, actor: Actor, step: Step, now: datetime
    ) -> GuardContext:
        return GuardContext(
            case=case,
            command=command,
            actor=actor,
            step=step,
            now=now,
            plugins=self.plugins,
            people=self.people,
            organisation=self.organisation,
            calendar=self.calendar,
            find_case=self.find_case,
        )

    @staticmethod
    def _select(case: Case, command: Command, rows: tuple[Step, ...]) -> Step | None:
        for row in rows:
            if case.state in row.sources and (row.when is None or row.when(case, command)):
                return row
        return None

    @staticmethod
    def _rule_ids(case: Case, step: Step, command: Command) -> tuple[str, ...]:
        ids = set(step.guards) | {"G29"}
        if step.target is CaseState.CLOSED:
            ids.add("G35")
        if command.name in OWNER_REQUIRED:
            ids.add("G36")
        return tuple(sorted(ids, key=rule_number))

    @staticmethod
    def _run_rules(ctx: GuardContext, rule_ids: tuple[str, ...]) -> tuple[Refusal, ...]:
        failures: list[Refusal] = []
        for rule_id in rule_ids:
            checks = RULES.get(rule_id, [])
            if rule_id == "G29":
                checks = [*checks, pending_withdrawal]
            for check in checks:
                refusal = check(ctx)
                if refusal is not None:
                    failures.append(refusal)
                    break
        return tuple(failures)

    def _refuse(self, ctx: GuardContext, first: Refusal, failures: tuple[Refusal, ...]) -> None:
        codes = tuple(f.code for f in failures) or (first.code,)
        self.audit.append(
            ts=ctx.now,
            org_id=self.organisation.id,
            actor_person_id=ctx.actor.person_id,
            acting_role=ctx.actor.role.value,
            case_id=ctx.case.id,
            action="COMMAND",
            command=ctx.command.name,
            outcome=f"REFUSED:{first.code}",
            failed_rules=codes,
        )
        raise CommandRefused(first.code, first.detail, codes)

    # --- application -----------------------------------------------------------------------------

    def _apply(self, ctx: GuardContext, from_state: CaseState | None) -> Outcome:
        step, command, now = ctx.step, ctx.command, ctx.now
        # The effect changes a copy, so a refused or failed step leaves the caller's case as it
        # was. A case being opened is the draft built for this command alone: nobody else
        # holds it, and copying it would only cost time.
        case = ctx.case if from_state is None else ctx.case.model_copy(deep=True)
        change = Change(case=case, ctx=ctx, now=now)
        try:
            EFFECTS[command.name](change, command)
        except SafecaseError as error:  # e.g. an unknown measure id: audited, nothing changed
            self.audit.append(
                ts=now,
                org_id=self.organisation.id,
                actor_person_id=ctx.actor.person_id,
                acting_role=ctx.actor.role.value,
                case_id=ctx.case.id,
                action="COMMAND",
                command=command.name,
                outcome=f"REFUSED:{error.reason}",
            )
            raise
        if step.target is not None:
            change.move(step.id, step.target, step.closure, reason=change.reason)
        for follow_id, target, closure in change.follow_ups:
            change.move(follow_id, target, closure, reason="automatic")
        case.version += 1
        case.updated_at = now
        action: Action = "BREAK_GLASS" if command.name == "break_glass_read" else "COMMAND"
        self.audit.append(
            ts=now,
            org_id=self.organisation.id,
            actor_person_id=ctx.actor.person_id,
            acting_role=ctx.actor.role.value,
            case_id=case.id,
            action=action,
            command=command.name,
            outcome="ALLOWED",
        )
        events = tuple(
            DomainEvent(
                type=event_type,
                organisation_id=case.organisation_id,
                case_id=case.id,
                occurred_at=now,
                actor_id=ctx.actor.person_id,
                actor_role=ctx.actor.role.value,
                step=step_id,
                payload=payload,
            )
            for step_id, event_type, payload in [
                (
                    step.id,
                    step.event,
                    {**change.payload, "from_state": _v(from_state), "to_state": case.state.value},
                ),
                *change.extra_events,
            ]
        )
        for event in events:
            self.plugins.notify(event)
        return Outcome(case=case, events=events, step=step)


def _v(state: CaseState | None) -> str | None:
    return state.value if state is not None else None
