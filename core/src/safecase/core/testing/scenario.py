"""A ready organisation, cast and lifecycle for any installed plugin, used by tests and the demo.

Cases are built *through* the lifecycle: every helper runs the same commands a case manager
would, as the role DOMAIN.md names, so a scenario that reaches a state proves the path exists.

A scenario runs in memory by default. Given an :class:`~safecase.core.instance.Instance`, the
same walk is persisted: the cast is added to the instance's registry, every command goes through
``Instance.open_case_outcome``/``Instance.execute_outcome`` (one transaction each), and
``scenario.audit`` reads the instance's stored audit chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from safecase.core.audit import AuditEntry, AuditLog
from safecase.core.case import Case
from safecase.core.commands import Actor, SubmitReport, build_command
from safecase.core.consent import DataSharingAgreement
from safecase.core.errors import CommandRefused
from safecase.core.investigation import Conclusion
from safecase.core.lifecycle import Lifecycle, Outcome
from safecase.core.organisation import Organisation
from safecase.core.people import Affiliation, Person, PersonRegistry
from safecase.core.plugins import Plugins, get_plugins
from safecase.core.ruleset import RuleSet
from safecase.core.states import Role
from safecase.core.testing.clock import Clock

if TYPE_CHECKING:
    from safecase.core.instance import Instance

__all__ = ["Cast", "Scenario"]

LONG_RATIONALE = (
    "The panel considered the investigation report, the risk assessment and both parties' "
    "submissions, and weighed the consistency of the accounts against the code of conduct."
)
SHORT_RATIONALE = "Assessed against the code of conduct and the statutory checks; reasons recorded."


@dataclass
class Cast:
    """Everyone a case needs, registered in the person registry."""

    dsl: Person
    intake: Person
    admin: Person
    auditor: Person
    cmg: list[Person]
    investigator: Person
    assessor: Person
    panel: list[Person]
    appeal_panel: list[Person]
    spare_panel: list[Person]
    advisers: list[Person]
    complainant: Person
    parent: Person
    respondent: Person
    witness: Person
    reporter: Person

    @classmethod
    def create(cls, people: PersonRegistry, rule_set: RuleSet, today: date) -> Cast:
        chair_type = next((p.chair_type for p in rule_set.panel.values() if p.chair_type), None)

        def add(name: str, **extra: Any) -> Person:
            return people.add(Person(name=name, **extra))

        def panellist(name: str, chair: bool) -> Person:
            return add(
                name,
                safeguarding_knowledge=True,
                panel_member_type=chair_type if chair else "ORDINARY_MEMBER",
            )

        return cls(
            dsl=add("Dana Lead", org_officer=True, email="dana.lead@example.org"),
            intake=add("Ian Take", org_officer=True),
            admin=add("Ada Admin", org_officer=True),
            auditor=add("Aud Itor"),
            cmg=[
                add("Chris Expert", independent_child_protection_expertise=True),
                add("Morgan Member", org_officer=True),
                add("Sam Member", org_officer=True),
            ],
            investigator=add("Ivy Investigator"),
            assessor=add("Rae Assessor"),
            panel=[
                panellist("Pat Chair", True),
                panellist("Quinn Panel", False),
                panellist("Robin Panel", False),
            ],
            appeal_panel=[
                panellist("Alex Appeal", True),
                panellist("Blair Appeal", False),
                panellist("Casey Appeal", False),
            ],
            spare_panel=[
                panellist("Drew Spare", True),
                panellist("Eden Spare", False),
                panellist("Finn Spare", False),
            ],
            advisers=[
                add("Vera Adviser", advisory_member=True),
                add("Wyn Adviser", advisory_member=True),
            ],
            complainant=add(
                "Jamie Swimmer",
                date_of_birth=date(today.year - 14, 5, 17),
                email="jamie@example.net",
                phone="+44 7700 900123",
                affiliations=[Affiliation(club="Riverside Swimming Club")],
            ),
            parent=add("Jo Swimmer"),
            respondent=add(
                "Morgan Coach",
                date_of_birth=date(today.year - 41, 2, 3),
                affiliations=[Affiliation(club="Riverside Swimming Club", kind="VOLUNTEER")],
            ),
            witness=add("Wren Witness", date_of_birth=date(today.year - 30, 1, 1)),
            reporter=add("Rory Reporter"),
        )


class InstanceAudit:
    """An instance's stored audit chain, read through the ``AuditLog`` methods scenarios use."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance

    def __len__(self) -> int:
        return self.instance.verify_audit()[0]

    def __iter__(self) -> Iterator[AuditEntry]:
        with self.instance.unit() as unit:
            return iter(list(unit.audit))

    def verify(self) -> int | None:
        """``None`` when the stored chain is intact, else the first broken entry."""
        return self.instance.verify_audit()[1]


class Scenario:
    """One organisation instance with a cast, a clock and a lifecycle.

    With ``instance``, commands run on that persisted instance; its clock must be the scenario's
    :class:`Clock` (``Instance(settings, clock=clock)``), and its plugin and organisation are used.
    """

    def __init__(
        self,
        plugin: str = "scotland",
        *,
        rule_set_id: str | None = None,
        organisation_id: str = "org-a",
        clock: Clock | None = None,
        plugins: Plugins | None = None,
        instance: Instance | None = None,
    ) -> None:
        self.instance = instance
        if instance is not None:
            if not isinstance(instance.clock, Clock) or clock not in (None, instance.clock):
                raise ValueError("a scenario on an instance needs the instance to run on its Clock")
            clock, plugins = instance.clock, plugins or instance.plugins
        self.clock = clock or Clock()
        self.plugins = plugins or get_plugins(
            plugin,
            rule_set_id=rule_set_id,
            organisation_id=organisation_id,
            overrides=self.default_overrides(plugin, rule_set_id),
        )
        self.rule_set = self.plugins.rule_set
        self.people = PersonRegistry()
        self.cast = Cast.create(self.people, self.rule_set, self.clock.now.date())
        now = self.clock.now
        self.organisation = Organisation(
            id=organisation_id,
            name="Example Swimming",
            region="east",
            data_sharing_agreements=[
                DataSharingAgreement(
                    counterparty="advisory service",
                    valid_from=now - timedelta(days=30),
                    valid_to=now + timedelta(days=365),
                )
            ],
        )
        log = AuditLog()
        self.audit: AuditLog | InstanceAudit = log
        if instance is not None:
            self.organisation = instance.organisation
            self.audit = InstanceAudit(instance)
            for person in self.people:
                instance.add_person(person)
        self.cases: dict[str, Case] = {}
        # in memory: runs the commands; on an instance: only its calendar is used
        self.lifecycle = Lifecycle(
            self.plugins,
            self.people,
            self.organisation,
            audit=log,
            clock=self.clock,
            find_case=self.cases.get,
        )
        self.last: Outcome | None = None

    @staticmethod
    def default_overrides(plugin: str, rule_set_id: str | None) -> dict[str, Any]:
        """Settings an organisation must configure before use (e.g. the NIF commencement date)."""
        rule_set = get_plugins(plugin, rule_set_id=rule_set_id).rule_set
        if (
            rule_set.intake.nif_commencement_required
            and rule_set.intake.nif_commencement_date is None
        ):
            return {"intake": {"nif_commencement_date": "2021-07-01"}}
        return {}

    @property
    def conduct_date(self) -> str:
        """When the reported conduct happened in scenarios: a month before the clock's start."""
        return (self.clock.now - timedelta(days=30)).isoformat()

    # --- running commands -------------------------------------------------------------------

    def actor(self, role: Role, person: Person | None = None) -> Actor:
        default = {
            Role.DSL: self.cast.dsl,
            Role.INTAKE: self.cast.intake,
            Role.ADMIN: self.cast.admin,
            Role.AUD: self.cast.auditor,
            Role.CMG: self.cast.cmg[0],
            Role.INV: self.cast.investigator,
            Role.RA: self.cast.assessor,
            Role.PCH: self.cast.panel[0],
            Role.PANEL: self.cast.panel[1],
            Role.ACH: self.cast.appeal_panel[0],
            Role.APANEL: self.cast.appeal_panel[1],
            Role.ADV: self.cast.advisers[0],
            Role.COMP: self.cast.complainant,
            Role.RESP: self.cast.respondent,
            Role.REP3: self.cast.reporter,
            Role.SYS: self.cast.admin,
        }
        who = person or default[role]
        person_id = "system" if role is Role.SYS and person is None else who.id
        return Actor(person_id=person_id, role=role, organisation_id=self.organisation.id)

    def run(
        self,
        case: Case,
        command: str,
        acting: Role = Role.DSL,
        person: Person | None = None,
        **data: Any,
    ) -> Case:
        """Run a command as ``acting`` and return the changed case (the stored copy is replaced)."""
        actor = self.actor(acting, person)
        if self.instance is not None:
            outcome = self.instance.execute_outcome(case.id, command, data, actor)
        else:
            outcome = self.lifecycle.execute(case, build_command(command, data), actor)
        self.last = outcome
        self.cases[outcome.case.id] = outcome.case
        return outcome.case

    def refusal(
        self,
        case: Case,
        command: str,
        acting: Role = Role.DSL,
        person: Person | None = None,
        **data: Any,
    ) -> CommandRefused:
        """Run a command that must be refused: check that it changed nothing and was audited
        as refused (G31), and return the refusal for the caller to check its code."""
        before = case.model_dump()
        stored = self.cases[case.id].model_dump() if case.id in self.cases else None
        audited = len(self.audit)
        refusal: CommandRefused | None = None
        try:
            self.run(case, command, acting, person, **data)
        except CommandRefused as exc:
            refusal = exc
        if refusal is None:
            raise AssertionError(f"{command} was allowed; it should have been refused")
        entries = list(self.audit)
        assert case.model_dump() == before, "a refused command changed the case"
        if stored is not None:
            assert self.cases[case.id].model_dump() == stored, "the stored case changed"
        assert len(entries) == audited + 1, "the refusal was not audited exactly once"
        assert entries[-1].outcome == f"REFUSED:{refusal.reason}"
        assert entries[-1].command == command
        return refusal

    def open(
        self,
        command: str = "submit_report",
        acting: Role = Role.DSL,
        person: Person | None = None,
        **data: Any,
    ) -> Case:
        actor = self.actor(acting, person)
        if self.instance is not None:
            outcome = self.instance.open_case_outcome(command, data, actor)
        else:
            built = build_command(command, data)
            assert isinstance(built, SubmitReport)
            outcome = self.lifecycle.open_case(built, actor)
        self.last = outcome
        self.cases[outcome.case.id] = outcome.case
        return outcome.case

    # --- defaults of the rule set ----------------------------------------------------------------

    def category(self, *, statutory: bool = False) -> str:
        """A category the organisation itself handles (no exclusive external body)."""
        for category in self.rule_set.categories:
            if bool(category.statutory_checks) != statutory:
                continue
            if self.rule_set.exclusive_body(frozenset({category.code}), None) is None:
                return category.code
        raise LookupError("the rule set has no such category")

    def hearing_severity(self, category: str) -> str:
        """The lowest severity with a hearing panel that the organisation itself adjudicates."""
        for severity in self.rule_set.severities:
            panel = self.rule_set.panel.get(severity)
            if (
                panel
                and panel.size >= 1
                and self.rule_set.exclusive_body(frozenset({category}), severity) is None
            ):
                return severity
        raise LookupError("the rule set has no hearing the organisation adjudicates")

    def parties(self, child: bool = True) -> list[dict[str, Any]]:
        complainant = self.cast.complainant if child else self.cast.witness
        return [
            {"person_id": complainant.id, "role": "COMPLAINANT"},
            {"person_id": self.cast.respondent.id, "role": "RESPONDENT", "position_of_trust": True},
        ]

    # --- journeys through the lifecycle ----------------------------------------------------------

    def reported(self, category: str | None = None, *, child: bool = True) -> Case:
        return self.open(
            "submit_report",
            narrative="Concern reported about a coach's conduct at training.",
            parties=self.parties(child),
            categories=[category or self.category()],
        )

    def triaged(
        self,
        case: Case | None = None,
        *,
        severity: str | None = None,
        answers: dict[str, bool] | None = None,
    ) -> Case:
        case = case or self.reported()
        categories = sorted(case.categories) or [self.category()]
        checks = self.rule_set.checks_for(frozenset(categories))
        return self.run(
            case,
            "record_triage",
            categories=categories,
            proposed_severity=severity or self.hearing_severity(categories[0]),
            statutory_answers=answers if answers is not None else {c.id: False for c in checks},
            rationale=SHORT_RATIONALE,
            decided_by=[self.cast.dsl.id],
            cmg_decision_id=None,
            conduct_date=self.conduct_date,
        )

    def with_cmg(self, case: Case, subject: str = "route and actions") -> tuple[Case, str]:
        """Assign the CMG (with declarations) if needed and record a quorate decision."""
        for member in self.cast.cmg:
            if member.id not in case.holders(Role.CMG):
                case = self.run(case, "sign_coi_declaration", person_id=member.id)
                case = self.run(case, "assign_role", person_id=member.id, role="CMG")
        case = self.run(
            case,
            "record_cmg_decision",
            Role.CMG,
            subject=subject,
            members_present=[m.id for m in self.cast.cmg],
            vote_outcome="agreed 3-0",
        )
        return case, case.cmg_decisions[-1].id

    def investigating(self, case: Case | None = None) -> Case:
        case = case or self.triaged()
        case = self.run(case, "sign_coi_declaration", person_id=self.cast.investigator.id)
        return self.run(
            case,
            "open_investigation",
            investigator_id=self.cast.investigator.id,
            terms_of_reference=["Establish what happened at training"],
            plan="Interview both parties",
        )

    def concluded(
        self, case: Case | None = None, conclusion: Conclusion = Conclusion.C3_POOR_PRACTICE_ONLY
    ) -> Case:
        case = case or self.investigating()
        investigation = case.investigation
        assert investigation is not None
        return self.run(
            case,
            "submit_investigation_report",
            Role.INV,
            conclusion=conclusion.value,
            terms_of_reference_id=investigation.terms_of_reference_id,
            tor_answers=[
                {"item_id": i.id, "addressed": True} for i in investigation.terms_of_reference
            ],
            evidence_index=["statement-1"],
            persons_interviewed=["Complainant A", "Respondent R"],
            child_voice="Spoken with directly, with a trusted adult present.",
            agency_referral_recommended=conclusion.harm_or_crime,
        )

    def risk_assessed(self, case: Case | None = None) -> Case:
        case = case or self.concluded()
        case, decision_id = self.with_cmg(case, "commission risk assessment")
        case = self.run(case, "sign_coi_declaration", person_id=self.cast.assessor.id)
        case = self.run(
            case,
            "commission_risk_assessment",
            Role.CMG,
            assessor_id=self.cast.assessor.id,
            cmg_decision_id=decision_id,
        )
        self.clock.advance(days=1)
        return self.run(
            case,
            "complete_risk_assessment",
            Role.RA,
            nature_of_behaviour="Shouting and belittling at training",
            impact="Distress and loss of confidence",
            likelihood_of_recurrence="Moderate without intervention",
            circumstances_of_recurrence="Unsupervised sessions",
            static_factors=["none identified"],
            dynamic_factors=["stress at work"],
            outcome="MEDIUM",
        )

    def panel_members(self, pool: list[Person]) -> list[dict[str, Any]]:
        case_severity = None
        for case in self.cases.values():
            case_severity = case.severity
        composition = self.rule_set.panel.get(case_severity or "")
        size = composition.size if composition else 3
        return [{"person_id": p.id, "chair": i == 0} for i, p in enumerate(pool[:size])]

    def appoint(
        self,
        case: Case,
        pool: list[Person],
        command: str = "appoint_panel",
        acting: Role = Role.CMG,
    ) -> Case:
        members = self.panel_members(pool)
        for member in members:
            case = self.run(case, "sign_coi_declaration", person_id=member["person_id"])
        return self.run(case, command, acting, members=members)

    def hearing_pending(self, case: Case | None = None) -> Case:
        case = case or self.risk_assessed()
        case = self.appoint(case, self.cast.panel)
        case, decision_id = self.with_cmg(case, "refer to disciplinary")
        return self.run(
            case,
            "refer_to_disciplinary",
            Role.CMG,
            notice_served_at=self.clock.now,
            cmg_decision_id=decision_id,
            child_supporter="Named supporter",
            respondent_support_person="Rep",
            complainant_welfare_plan=True,
            respondent_welfare_plan=True,
        )

    def in_hearing(self, case: Case | None = None) -> Case:
        case = case or self.hearing_pending()
        hearing = case.hearings[-1]
        assert hearing.notice_served_at is not None
        earliest = self.lifecycle.calendar.deadline(
            hearing.notice_served_at, self.rule_set.hearing.min_notice.period
        )
        self.clock.set(max(self.clock.now, earliest) + timedelta(hours=10))
        return self.run(case, "open_hearing", Role.PCH)

    def sanction_for(self, case: Case) -> dict[str, Any]:
        severity = case.severity or self.rule_set.severities[0]
        option = self.plugins.sanction_options(severity)[0]
        kind = self.rule_set.sanction_types[option]
        months = min(bound[0] for bound in kind.params.values()) if kind.params else None
        sanction: dict[str, Any] = {"type": option}
        if months is not None:
            sanction["months"] = max(months, 6)
        return sanction

    def decision(
        self,
        case: Case,
        *,
        sanctions: list[dict[str, Any]] | None = None,
        decided_by: list[str] | None = None,
    ) -> dict[str, Any]:
        category = sorted(case.categories)[0]
        investigation = case.investigation
        return {
            "rationale": LONG_RATIONALE,
            "decided_by": decided_by or [self.cast.panel[0].id],
            "standard_of_proof": self.rule_set.standard_of_proof.value,
            "findings": [
                {
                    "allegation": "Belittling a child at training",
                    "code_reference": category,
                    "finding": "PROVEN",
                }
            ],
            "sanctions": sanctions if sanctions is not None else [self.sanction_for(case)],
            "information_considered": [
                investigation.report.id if investigation and investigation.report else "report"
            ],
        }

    def decided(self, case: Case | None = None, **decision: Any) -> Case:
        case = case or self.in_hearing()
        return self.run(case, "issue_decision", Role.PCH, **{**self.decision(case), **decision})

    def notified(self, case: Case | None = None) -> Case:
        case = case or self.decided()
        now = self.clock.now.isoformat()
        parties = dict.fromkeys(("RESPONDENT", "COMPLAINANT", "ORG"), now)
        return self.run(case, "notify_parties", notified_at=parties)

    def after_appeal_window(self) -> datetime:
        return self.clock.advance(days=self._window_days() + 2)

    def _window_days(self) -> int:
        period = self.rule_set.appeal.window.period
        return period.amount * (31 if period.unit.value == "months" else 1) + 4

    def sanction_in_force(self, case: Case | None = None) -> Case:
        case = case or self.notified()
        self.after_appeal_window()
        return self.run(case, "appeal_window_expired", Role.SYS)
