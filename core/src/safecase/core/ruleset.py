"""The rule-set schema of DOMAIN.md §3.1: a jurisdiction's or organisation's rules as data.

A plugin ships its rule set as a YAML document; :func:`load_rule_set` validates it against
this schema, so a malformed rule set fails when the plugin is loaded, never in the middle of a
case. Every timeline is a :class:`Figure` that keeps its source and whether the number was
verified: unverified figures stay configurable and are listed by :meth:`RuleSet.unverified`.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from safecase.core.errors import RuleSetInvalid
from safecase.core.periods import Period, PeriodUnit, parse_period

__all__ = [
    "AppealRules",
    "Category",
    "Figure",
    "InterimRules",
    "PanelRule",
    "RegistryVisibility",
    "RuleSet",
    "SanctionType",
    "StandardOfProof",
    "StatutoryCheck",
    "load_rule_set",
    "parse_rule_set",
]

INTERIM_MEASURE_TYPES = frozenset(
    {
        "TEMPORARY_SUSPENSION",
        "RESTRICTION_OF_ACTIVITIES",
        "NO_CONTACT_WITH_NAMED_PERSONS",
        "SUPERVISED_PRACTICE_ONLY",
        "SEPARATION",
        "CHANGE_OF_TRAINING_GROUP",
        "PROVISIONAL_ACTION",
        "TEMPORARY_MEASURE",
    }
)
DEFAULT_APPEAL_GROUNDS = (
    "PROCEDURAL_UNFAIRNESS",
    "NEW_EVIDENCE",
    "DECISION_UNREASONABLE_ON_EVIDENCE",
    "SANCTION_DISPROPORTIONATE",
    "PANEL_CONFLICT",
)


class StandardOfProof(StrEnum):
    BALANCE_OF_PROBABILITIES = "BALANCE_OF_PROBABILITIES"
    PREPONDERANCE_OF_EVIDENCE = "PREPONDERANCE_OF_EVIDENCE"
    BEYOND_REASONABLE_DOUBT = "BEYOND_REASONABLE_DOUBT"


class RegistryVisibility(StrEnum):
    PUBLIC = "PUBLIC"
    SHARED_DSA = "SHARED_DSA"
    ORG_INTERNAL_ONLY = "ORG_INTERNAL_ONLY"


class ConsentGiver(StrEnum):
    SELF = "SELF"
    PARENT_GUARDIAN = "PARENT_GUARDIAN"
    AUTHORISED_REPRESENTATIVE = "AUTHORISED_REPRESENTATIVE"


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Figure(_Rule):
    """A timeline figure with its provenance.

    ``value`` is ``None`` when the source gives no computable period ("per state law"); the
    wording is then kept in ``text``. YAML may give a bare string, read as an unverified figure.
    """

    value: Period | None = None
    text: str | None = None
    verified: bool = False
    src: str | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str | int):
            data = {"value": str(data)}
        if isinstance(data, dict) and isinstance(data.get("value"), str | int):
            raw = str(data["value"])
            data = dict(data)
            try:
                data["value"] = parse_period(raw)
            except ValueError:
                data["value"] = None
                data.setdefault("text", raw)
        return data

    @property
    def period(self) -> Period:
        """The computable period; refuses figures that have none (a rule-set error)."""
        if self.value is None:
            raise ValueError(f"figure {self.text!r} has no computable period")
        return self.value

    def __str__(self) -> str:
        return str(self.value) if self.value is not None else str(self.text)


def _figure(text: str, *, verified: bool = False, src: str = "safecase default") -> Figure:
    return Figure(value=parse_period(text), verified=verified, src=src)


class CalendarSpec(_Rule):
    tz: str
    holidays: str = Field(description="country[-subdivision] for the holidays library, e.g. GB-SCT")
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)


class ConsentRules(_Rule):
    child_policy: str
    child_given_by: tuple[ConsentGiver, ...] = (ConsentGiver.SELF, ConsentGiver.PARENT_GUARDIAN)
    verified: bool = False


class IntakeRules(_Rule):
    disclosure_supported: bool = True
    anonymous_reports: bool = True
    anonymous_complaints: bool = True
    acknowledge_within: Figure = _figure("2 working days")
    handover_access: Figure = _figure("72 hours")
    complaint_standing: str | None = None
    nif_commencement_date: date | None = None
    nif_commencement_required: bool = False


class Category(_Rule):
    code: str
    label: str = ""
    policy_ref: str | None = None
    default_severity_floor: str | None = None
    statutory_checks: tuple[str, ...] = ()
    parent: str | None = None


class Routing(_Rule):
    handled_by: str
    body: str | None = None
    level: str | None = None
    note: str | None = None


class ExclusiveJurisdiction(_Rule):
    categories: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    body: str
    org_may: tuple[str, ...] = ()
    when: str | None = None
    src: str | None = None
    verified: bool = False
    note: str | None = None

    def matches(self, categories: frozenset[str], severity: str | None) -> bool:
        """Whether a case with these categories and severity falls to ``body``.

        Entries with a ``when`` condition are applied by a person, not automatically.
        """
        if self.when is not None:
            return False
        if self.categories and not any(
            fnmatch.fnmatchcase(code, pattern) for code in categories for pattern in self.categories
        ):
            return False
        return not (self.severities and severity not in self.severities)


class StatutoryCheck(_Rule):
    id: str
    question: str
    agency: str
    deadline: Figure
    clock_starts: str = "came_to_attention_at"
    after_sanction: bool = False
    src: str | None = None
    verified: bool = False
    note: str | None = None


class MandatoryReporting(_Rule):
    bases: tuple[str, ...]


class InformalResolution(_Rule):
    allowed_severities: tuple[str, ...]
    mediation_allowed: bool = False
    outcomes: tuple[str, ...] = ()
    verified: bool = False


class SanctionType(_Rule):
    label: str = ""
    params: Mapping[str, tuple[int, int]] = Field(default_factory=dict)
    allowed_for_minor_respondent: bool
    registry_visibility: RegistryVisibility
    removes_from_regulated_work: bool = False


class InterimRules(_Rule):
    label: str | None = None
    ratify_within: Figure = _figure("2 working days")
    max_review_interval: Figure = _figure("28 days")
    escalate_admin_after: Figure = _figure("7 days")
    auto_lapse_on_overdue: bool = False
    types: tuple[str, ...] = tuple(sorted(INTERIM_MEASURE_TYPES))
    write_to_registry: bool = False
    respondent_may_challenge: str | None = None
    imposed_by: str | None = None
    requires_in_scope_complaint: bool = False
    src: str | None = None
    verified: bool = False


class CmgRules(_Rule):
    quorum: int = 3
    independent_cp_expert_required: bool = True


class PanelRule(_Rule):
    size: int
    independent_required: bool = False
    chair_safeguarding_knowledge: bool = False
    chair_type: str | None = None
    other: tuple[str, ...] = ()
    source_pool: str | None = None
    note: str | None = None
    verified: bool = False


class HearingRules(_Rule):
    min_notice: Figure = _figure("14 days")


class AppealRules(_Rule):
    window: Figure = _figure("14 days")
    who_may_appeal: tuple[Literal["RESPONDENT", "COMPLAINANT", "ORG"], ...] = (
        "RESPONDENT",
        "COMPLAINANT",
        "ORG",
    )
    levels: int = 1
    grounds: tuple[str, ...] = DEFAULT_APPEAL_GROUNDS
    body: str | None = None
    verified: bool = False
    note: str | None = None


class RetentionRules(_Rule):
    allegation_rule: str = "max(respondent normal pension age, allegation_date + 10y)"
    allegation_years: int = 10
    pension_age: int = 67
    disclosure_only: Figure = _figure("6 years")
    malicious_false: Figure = _figure("6 years")
    src: str | None = None
    verified: bool = False


class AdvisoryRules(_Rule):
    service: str | None = None
    max_share_duration: Figure = _figure("30 days")
    revoke_sla: Figure = _figure("PT5M")
    requires_dsa: bool = True
    visible_to_panel: bool = False


class RegistryRules(_Rule):
    feeds: tuple[str, ...] = ("org_internal",)
    fuzzy_threshold: float = 0.90


class ReturnRules(_Rule):
    assessment_window: Figure = _figure("P60D")


class CoiRules(_Rule):
    same_club_lookback: Figure = _figure("24 months")


class WithdrawalRules(_Rule):
    decide_within: Figure = _figure("2 working days")


class RuleSet(_Rule):
    """One jurisdiction's or organisation's rules (DOMAIN.md §3.1), validated as a whole."""

    id: str = Field(pattern=r"^[a-z0-9-]+@\d+$")
    jurisdiction: Literal["SCO", "ENG", "US", "SG", "AU"]
    title: str = ""
    standard_of_proof: StandardOfProof
    age_of_majority: int = 18
    calendar: CalendarSpec
    consent: ConsentRules
    intake: IntakeRules = IntakeRules()
    categories: tuple[Category, ...]
    severities: tuple[str, ...]
    severity_routing: Mapping[str, Routing] = Field(default_factory=dict)
    exclusive_jurisdiction: tuple[ExclusiveJurisdiction, ...] = ()
    statutory_checks: tuple[StatutoryCheck, ...] = ()
    mandatory_reporting: MandatoryReporting
    informal_resolution: InformalResolution
    sanction_types: Mapping[str, SanctionType]
    sanctions_by_severity: Mapping[str, tuple[str, ...]]
    interim: InterimRules = InterimRules()
    cmg: CmgRules = CmgRules()
    route_decision_by: Literal["DSL", "CMG"] = "DSL"
    panel: Mapping[str, PanelRule]
    nsp_substitution: bool = False
    hearing: HearingRules = HearingRules()
    appeal: AppealRules = AppealRules()
    sanction_effective_pending_appeal: Mapping[str, bool] = Field(default_factory=dict)
    retention: RetentionRules = RetentionRules()
    advisory: AdvisoryRules = AdvisoryRules()
    registry: RegistryRules = RegistryRules()
    return_to_sport: ReturnRules = Field(default=ReturnRules(), alias="return")
    coi: CoiRules = CoiRules()
    withdrawal: WithdrawalRules = WithdrawalRules()
    allow_investigator_as_assessor: bool = False
    admission_shortcut: bool = False
    timelines: Mapping[str, Figure] = Field(default_factory=dict)
    risk_flags: tuple[str, ...] = ()
    outcome_labels: tuple[str, ...] = ()

    @field_validator("standard_of_proof")
    @classmethod
    def _civil_standard(cls, value: StandardOfProof) -> StandardOfProof:
        if value is StandardOfProof.BEYOND_REASONABLE_DOUBT:
            raise ValueError("sport adjudicates on the civil standard, not beyond reasonable doubt")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        problems: list[str] = []
        severities = set(self.severities)
        checks = {check.id for check in self.statutory_checks}
        codes = [category.code for category in self.categories]
        if len(codes) != len(set(codes)):
            problems.append("category codes must be unique")
        for category in self.categories:
            problems += [
                f"category {category.code} names unknown statutory check {check}"
                for check in category.statutory_checks
                if check not in checks
            ]
            floor = category.default_severity_floor
            if floor is not None and floor not in severities:
                problems.append(f"category {category.code} has unknown severity floor {floor}")
        for severity, sanctions in self.sanctions_by_severity.items():
            if severity not in severities:
                problems.append(f"sanctions_by_severity names unknown severity {severity}")
            problems += [
                f"sanctions_by_severity[{severity}] names unknown sanction type {code}"
                for code in sanctions
                if code not in self.sanction_types
            ]
        problems += [
            f"severity {severity} has no sanction options"
            for severity in self.severities
            if not self.sanctions_by_severity.get(severity)
        ]
        problems += [
            f"panel rule for unknown severity {severity}"
            for severity in self.panel
            if severity not in severities
        ]
        problems += [
            f"informal resolution allows unknown severity {severity}"
            for severity in self.informal_resolution.allowed_severities
            if severity not in severities
        ]
        problems += [
            f"unknown interim measure type {kind}"
            for kind in self.interim.types
            if kind not in INTERIM_MEASURE_TYPES
        ]
        for key in self.sanction_effective_pending_appeal:
            if key != "default" and key not in self.sanction_types:
                problems.append(f"sanction_effective_pending_appeal names unknown type {key}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # --- queries used by guards and hooks -------------------------------------------------

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def statutory_check(self, check_id: str) -> StatutoryCheck | None:
        return next((c for c in self.statutory_checks if c.id == check_id), None)

    def checks_for(self, categories: frozenset[str]) -> tuple[StatutoryCheck, ...]:
        """The statutory checks the DSL must answer at triage for these categories (G17)."""
        wanted = {
            check_id
            for category in self.categories
            if category.code in categories
            for check_id in category.statutory_checks
        }
        return tuple(c for c in self.statutory_checks if c.id in wanted)

    def exclusive_body(
        self, categories: frozenset[str], severity: str | None
    ) -> ExclusiveJurisdiction | None:
        """The external body with exclusive jurisdiction over such a case, if any (G18)."""
        return next(
            (e for e in self.exclusive_jurisdiction if e.matches(categories, severity)), None
        )

    def severity_rank(self, severity: str) -> int:
        return self.severities.index(severity)

    def effective_pending_appeal(self, sanction_type: str) -> bool:
        return self.sanction_effective_pending_appeal.get(
            sanction_type, self.sanction_effective_pending_appeal.get("default", False)
        )

    def figures(self) -> Iterator[tuple[str, Figure]]:
        """Every timeline figure with a dotted path, for listings and conformance checks."""
        yield from _figures(self, "")

    def unverified(self) -> list[str]:
        """Dotted paths of timeline figures whose number no source confirmed (configurable)."""
        return [path for path, figure in self.figures() if not figure.verified]


def _figures(model: BaseModel, prefix: str) -> Iterator[tuple[str, Figure]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, Figure):
            yield path, value
        elif isinstance(value, BaseModel):
            yield from _figures(value, f"{path}.")
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, BaseModel):
                    key = getattr(item, "id", None) or getattr(item, "code", "")
                    yield from _figures(item, f"{path}[{key}].")
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(item, Figure):
                    yield f"{path}.{key}", item
                elif isinstance(item, BaseModel):
                    yield from _figures(item, f"{path}.{key}.")


def parse_rule_set(data: Mapping[str, Any], *, source: str = "<data>") -> RuleSet:
    """Validate rule-set data; raise :class:`RuleSetInvalid` listing every problem."""
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
            for err in exc.errors()
        )
        raise RuleSetInvalid(f"rule set in {source} is invalid: {details}") from None


def load_rule_set(path: Path) -> RuleSet:
    """Read and validate a rule set from a YAML file shipped by a plugin."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping):
        raise RuleSetInvalid(f"rule set in {path.name} is not a mapping")
    return parse_rule_set(data, source=path.name)


def is_immediate(figure: Figure) -> bool:
    return figure.value is not None and figure.value.unit is PeriodUnit.IMMEDIATE


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, Mapping) and isinstance(override, Mapping):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return override


def apply_overrides(rule_set: RuleSet, overrides: Mapping[str, Any]) -> RuleSet:
    """An organisation's rule set: the plugin's rule set with its configurable fields overridden.

    Organisations may add categories (with ``parent``) and narrow sanction lists; they may not
    change the standard of proof, widen ``sanctions_by_severity`` or touch statutory checks
    (DOMAIN.md §3.9). Anything else refused raises :class:`RuleSetInvalid` naming the field.
    """
    if not overrides:
        return rule_set
    refused = [
        key
        for key in ("standard_of_proof", "statutory_checks", "id", "jurisdiction")
        if key in overrides
    ]
    if refused:
        raise RuleSetInvalid(f"an organisation may not override {', '.join(refused)}")
    data = rule_set.model_dump(mode="json", by_alias=True, exclude_none=True)
    merged = _merge(data, dict(overrides))
    if "categories" in overrides:
        known = {c.code for c in rule_set.categories}
        added = [c for c in overrides["categories"] if isinstance(c, Mapping)]
        if any(c.get("parent") not in known for c in added):
            raise RuleSetInvalid("added categories must name a rule-set category as parent")
        merged["categories"] = [*data["categories"], *added]
    result = parse_rule_set(merged, source=f"overrides of {rule_set.id}")
    for severity, sanctions in result.sanctions_by_severity.items():
        if not set(sanctions) <= set(rule_set.sanctions_by_severity.get(severity, ())):
            raise RuleSetInvalid(f"sanctions_by_severity[{severity}] may only be narrowed")
    return result
