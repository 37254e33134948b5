"""Sanction registry screening when a person takes up a role (G33), the registry's entries for a
case's sanctions, the minor respondent's internal-only entries (G13), and interim measures that
may only be written as internal interim entries, never as sanctions (G34).

The organisation's own entries come from cases built through the lifecycle; other
organisations' entries arrive as a feed (the registry entries they share under a data sharing
agreement). Every refusal is checked for its exact code, for leaving registries and
resolutions untouched, and for being audited.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pytest

from safecase.core import screening
from safecase.core.case import Case
from safecase.core.errors import CommandRefused, InvalidArgument
from safecase.core.people import Person
from safecase.core.plugins import get_plugins
from safecase.core.registry import (
    REGULATED_ROLES,
    DecisionRef,
    EntryScope,
    EntryStatus,
    RegistryEntry,
    RegistryPerson,
    SanctionRegistry,
    SportRole,
    interim_entry_for,
    registry_entries_for,
)
from safecase.core.ruleset import RegistryVisibility
from safecase.core.screening import (
    MANUAL_REVIEW_MESSAGE,
    MatchKind,
    Resolution,
    RoleActivation,
    ScreeningOutcome,
    ScreeningResolution,
    ScreeningResult,
    activate_role,
    normalise_name,
    resolve_screening,
    screen_many,
    screen_person,
)
from safecase.core.states import Role
from safecase.core.testing import Scenario

OTHER_ORG = "org-b"
NOT_SAME = "Dates of birth differ (1979 vs 1985), confirmed against the membership record."
CONFIRMED = "Same person: the previous club confirmed the match from the membership record."


# --- helpers -------------------------------------------------------------------------------------


def sanctioned(s: Scenario, sanction: dict[str, Any], case: Case | None = None) -> Case:
    """A MEDIUM-severity case taken through hearing and appeal window to a sanction in force."""
    case = case or s.triaged(severity="MEDIUM")
    case = s.in_hearing(s.hearing_pending(s.risk_assessed(s.concluded(s.investigating(case)))))
    return s.sanction_in_force(s.notified(s.decided(case, sanctions=[sanction])))


def own_registry(s: Scenario, *cases: Case) -> SanctionRegistry:
    """The organisation's registry holding the entries for the cases' sanctions in force."""
    registry = SanctionRegistry(s.organisation.id)
    for case in cases:
        for entry in registry_entries_for(case, s.rule_set, s.people):
            registry.record(entry, actor=s.actor(Role.DSL), audit=s.audit, now=s.clock.now)
    return registry


def feed_entry(s: Scenario, name: str, dob: date | None = None, **changes: Any) -> RegistryEntry:
    """Another organisation's active suspension of someone called ``name``."""
    person: dict[str, Any] = {
        "person_id": f"{OTHER_ORG}-person-{normalise_name(name).replace(' ', '-')}",
        "legal_name": name,
        "dob": dob,
        **changes.pop("person", {}),
    }
    data: dict[str, Any] = {
        "owner_org": OTHER_ORG,
        "person": RegistryPerson(**person),
        "status": EntryStatus.ACTIVE,
        "sanction_type": "SUSPENSION",
        "starts_at": s.clock.now - timedelta(days=30),
        "ends_at": s.clock.now + timedelta(days=300),
        "decision_ref": DecisionRef(case_id="b-case-1", decision_id="b-decision-1"),
        "visibility": RegistryVisibility.SHARED_DSA,
        **changes,
    }
    return RegistryEntry(**data)


def shared_feed(s: Scenario, *entries: RegistryEntry) -> SanctionRegistry:
    """What the other organisation shares with this one under their data sharing agreement."""
    return SanctionRegistry(OTHER_ORG, entries).shared_with(s.organisation.id, under_dsa=True)


def coach(s: Scenario, name: str, dob: date | None = None, **extra: Any) -> Person:
    """Someone the club wants to activate as a coach."""
    return s.people.add(Person(name=name, date_of_birth=dob, **extra))


def activate(
    s: Scenario,
    person: Person,
    registries: Sequence[SanctionRegistry],
    resolutions: Sequence[ScreeningResolution] = (),
    role: SportRole = SportRole.COACH,
) -> RoleActivation:
    return activate_role(
        person,
        role,
        registries,
        resolutions,
        s.clock.now,
        rule_set=s.rule_set,
        actor=s.actor(Role.ADMIN),
        audit=s.audit,
    )


def refused_activation(
    s: Scenario,
    person: Person,
    registries: Sequence[SanctionRegistry],
    code: str,
    resolutions: Sequence[ScreeningResolution] = (),
    role: SportRole = SportRole.COACH,
) -> CommandRefused:
    """An activation that must be refused with ``code``: nothing changed, the attempt audited."""
    before = [[e.model_dump() for e in r] for r in registries]
    resolved = [r.model_dump() for r in resolutions]
    entries = len(s.audit)
    with pytest.raises(CommandRefused) as exc:
        activate(s, person, registries, resolutions, role)
    assert exc.value.reason == code, exc.value
    assert [[e.model_dump() for e in r] for r in registries] == before
    assert [r.model_dump() for r in resolutions] == resolved
    assert len(s.audit) == entries + 1
    last = list(s.audit)[-1]
    assert last.outcome == f"REFUSED:{code}"
    assert last.command == "activate_role"
    assert last.object_id == person.id
    return exc.value


def held(s: Scenario, person: Person, registries: Sequence[SanctionRegistry]) -> ScreeningResult:
    result = screen_person(
        person, SportRole.COACH, registries, now=s.clock.now, rule_set=s.rule_set
    )
    assert result.outcome is ScreeningOutcome.SCREENING_HOLD
    return result


def resolve(
    s: Scenario, result: ScreeningResult, resolution: Resolution, reason: str
) -> ScreeningResolution:
    return resolve_screening(
        result, resolution, reason, actor=s.actor(Role.DSL), now=s.clock.now, audit=s.audit
    )


def reveals_nothing(error: CommandRefused, *secrets: str) -> None:
    """G33: the refusal never names the other record, its organisation or its sanction."""
    text = f"{error} {error.detail}"
    for secret in secrets:
        assert secret.casefold() not in text.casefold(), secret


# --- G33: exact matches --------------------------------------------------------------------------


def test_a_person_with_no_registry_entry_is_activated(scenario: Scenario) -> None:
    """G33: screening is clear, the role is activated and the attempt audited."""
    s = scenario
    case = sanctioned(s, {"type": "SUSPENSION", "months": 6})
    person = coach(s, "Taylor Newcomer", date(1990, 6, 1))
    activation = activate(s, person, [own_registry(s, case)])
    assert activation.screening.outcome is ScreeningOutcome.CLEAR
    assert activation.screening.message_for_person == "no further checks needed"
    assert list(s.audit)[-1].outcome == "ALLOWED"


def test_a_suspended_respondent_cannot_take_up_a_coaching_role(scenario: Scenario) -> None:
    """G33: an exact person_id hit on a sanction in force refuses at once, without a hold."""
    s = scenario
    registry = own_registry(s, sanctioned(s, {"type": "SUSPENSION", "months": 6}))
    result = screen_person(s.cast.respondent, SportRole.COACH, [registry], now=s.clock.now)
    assert result.outcome is ScreeningOutcome.ACTIVE_SANCTION
    assert [hit.match for hit in result.hits] == [MatchKind.EXACT_ID]
    refused_activation(s, s.cast.respondent, [registry], "E_G33_ACTIVE_SANCTION")


def test_an_exact_hit_is_refused_whatever_the_dsl_resolved(scenario: Scenario) -> None:
    """G33: an exact person_id hit needs no resolution, and no resolution lifts it."""
    s = scenario
    registry = own_registry(s, sanctioned(s, {"type": "SUSPENSION", "months": 6}))
    entry = next(iter(registry))
    cleared = ScreeningResolution(
        person_id=s.cast.respondent.id,
        entry_ids=(entry.entry_id,),
        resolution=Resolution.NOT_SAME_PERSON,
        reason=NOT_SAME,
        resolved_by=s.cast.dsl.id,
        resolved_at=s.clock.now,
    )
    refused_activation(s, s.cast.respondent, [registry], "E_G33_ACTIVE_SANCTION", [cleared])


def test_a_warning_does_not_keep_anyone_from_a_role(scenario: Scenario) -> None:
    """G33: a warning is recorded (internal) but its scope restricts no role."""
    s = scenario
    case = sanctioned(s, {"type": "WRITTEN_WARNING"})
    registry = own_registry(s, case)
    (entry,) = registry
    assert entry.scope.roles == frozenset()
    assert entry.visibility is RegistryVisibility.ORG_INTERNAL_ONLY
    activation = activate(s, s.cast.respondent, [registry])
    assert activation.screening.outcome is ScreeningOutcome.CLEAR


def test_a_suspension_that_has_ended_no_longer_holds_an_activation(scenario: Scenario) -> None:
    """G33: only entries in force count; the clock moves past the six months."""
    s = scenario
    registry = own_registry(s, sanctioned(s, {"type": "SUSPENSION", "months": 6}))
    s.clock.advance(days=200)
    activation = activate(s, s.cast.respondent, [registry])
    assert activation.screening.hits == ()


def test_a_removal_from_regulated_work_holds_coaching_but_not_competing(
    scenario: Scenario,
) -> None:
    """G33: the scope decides which roles an entry covers."""
    s = scenario
    entry = feed_entry(
        s,
        "Sam Removed",
        person={"person_id": "p-removed"},
        sanction_type="REMOVAL_FROM_REGULATED_ROLE",
        scope=EntryScope(roles=REGULATED_ROLES),
    )
    person = coach(s, "Sam Removed", id="p-removed")
    own = SanctionRegistry(OTHER_ORG, [entry])
    activation = activate(s, person, [own], role=SportRole.ATHLETE)
    assert activation.screening.outcome is ScreeningOutcome.CLEAR
    refused_activation(s, person, [own], "E_G33_ACTIVE_SANCTION", role=SportRole.COACH)


# --- G33: fuzzy matches --------------------------------------------------------------------------


def test_a_close_spelling_with_the_same_date_of_birth_is_put_on_hold(scenario: Scenario) -> None:
    """G33: Jaro-Winkler >= 0.90 on normalised names and equal DOB -> SCREENING_HOLD."""
    s = scenario
    feed = shared_feed(s, feed_entry(s, "Morgan Coatch", date(1985, 2, 3)))
    person = coach(s, "Morgan Coach", date(1985, 2, 3))
    result = held(s, person, [feed])
    assert result.message_for_person == MANUAL_REVIEW_MESSAGE
    error = refused_activation(s, person, [feed], "E_G33_SCREENING_HOLD")
    assert error.detail == MANUAL_REVIEW_MESSAGE
    reveals_nothing(error, "Coatch", OTHER_ORG, "SUSPENSION", next(iter(feed)).entry_id)


@pytest.mark.parametrize(
    ("registered", "applying"),
    [
        ("Róisín O'Brien", "Roisin OBrien"),  # diacritics and punctuation
        ("McDonald, Robert", "Bob MacDonald"),  # token order, nickname, Mac/Mc
        ("JAMES ALLAN-REID", "Jamie Allan Reid"),  # case, hyphen, nickname
        ("Đặng Văn Dũng", "Dung Van Dang"),  # marks NFKD does not separate: Đ
        ("Łukasz Zieliński", "Lukasz Zielinski"),  # and Ł
    ],
)
def test_names_written_differently_are_still_matched(
    scenario: Scenario, registered: str, applying: str
) -> None:
    """G33: case, diacritics, punctuation, token order and common nicknames are normalised."""
    s = scenario
    feed = shared_feed(s, feed_entry(s, registered, date(1979, 4, 1)))
    person = coach(s, applying, date(1979, 4, 1))
    assert normalise_name(registered) == normalise_name(applying)
    refused_activation(s, person, [feed], "E_G33_SCREENING_HOLD")


def test_a_similar_name_with_a_different_date_of_birth_is_not_a_match(
    scenario: Scenario,
) -> None:
    """G33: the name branch needs DOB equal or missing on either side."""
    s = scenario
    feed = shared_feed(s, feed_entry(s, "Morgan Coatch", date(1979, 2, 3)))
    activation = activate(s, coach(s, "Morgan Coach", date(1985, 2, 3)), [feed])
    assert activation.screening.outcome is ScreeningOutcome.CLEAR


def test_a_similar_name_is_held_when_the_registry_has_no_date_of_birth(
    scenario: Scenario,
) -> None:
    """G33: a missing DOB (common in imported feeds) does not clear a name match."""
    s = scenario
    feed = shared_feed(s, feed_entry(s, "Morgan Coatch", None))
    refused_activation(
        s, coach(s, "Morgan Coach", date(1985, 2, 3)), [feed], "E_G33_SCREENING_HOLD"
    )


def test_a_previous_name_match_is_held_even_with_a_different_date_of_birth(
    scenario: Scenario,
) -> None:
    """G33: a previous-name or alias match is a hold on its own; the DSL resolves it."""
    s = scenario
    entry = feed_entry(
        s, "Alex Married-Name", date(1979, 2, 3), person={"previous_names": ("Alex Morrison",)}
    )
    feed = shared_feed(s, entry)
    person = coach(s, "Alex Morrison", date(1985, 2, 3))
    result = held(s, person, [feed])
    assert [hit.match for hit in result.hits] == [MatchKind.ALIAS]
    refused_activation(s, person, [feed], "E_G33_SCREENING_HOLD")


def test_a_known_alias_of_the_applicant_is_matched(scenario: Scenario) -> None:
    """G33: the applicant's own alias against the registry's legal name."""
    s = scenario
    feed = shared_feed(s, feed_entry(s, "Jordan Baxter", date(1979, 2, 3)))
    person = coach(s, "Jo Smith", date(1985, 2, 3), aliases=["Jordan Baxter"])
    refused_activation(s, person, [feed], "E_G33_SCREENING_HOLD")


def test_a_clearly_different_name_is_not_a_match(scenario: Scenario) -> None:
    """G33: below the threshold nothing is held."""
    s = scenario
    feed = shared_feed(s, feed_entry(s, "Morgan Coach", None))
    activation = activate(s, coach(s, "Martin Cole", date(1985, 2, 3)), [feed])
    assert activation.screening.outcome is ScreeningOutcome.CLEAR


def test_the_fuzzy_threshold_comes_from_the_rule_set() -> None:
    """G33: ``registry.fuzzy_threshold`` (configurable, DOMAIN.md §6 q12)."""
    strict = Scenario(
        plugins=get_plugins("scotland", overrides={"registry": {"fuzzy_threshold": 0.99}})
    )
    feed = shared_feed(strict, feed_entry(strict, "Morgan Coatch", date(1985, 2, 3)))
    person = coach(strict, "Morgan Coach", date(1985, 2, 3))
    assert activate(strict, person, [feed]).screening.outcome is ScreeningOutcome.CLEAR


# --- G33: many people at once --------------------------------------------------------------------

GIVEN = ["Robert", "Bob", "Rob", "Róisín", "Roisin", "James", "Jamie", "Morgan", "Alex", "Zoë"]
GIVEN += ["Katherine", "Kate", "Li", "Mohammed", "Muhammad", "Łukasz", "Lukasz", "Ana", "Anna"]
FAMILY = ["McDonald", "MacDonald", "O'Brien", "OBrien", "Coach", "Coatch", "Allan-Reid", "Wei"]
FAMILY += ["Nguyễn", "Nguyen", "Kowalski", "Kowalsky", "Smith", "Smyth", "García", "Garcia"]
# Most dates of birth fall on a few days, so some blocks are large; the rest are spread out.
BUSY_DAYS = [date(1984, 3, 1) + timedelta(days=d) for d in range(3)]


def generated_name(rng: random.Random) -> str:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    return rng.choice([f"{given} {family}", f"{family}, {given}", f"{given} {family}".upper()])


def generated_dob(rng: random.Random) -> date | None:
    roll = rng.random()
    if roll < 0.15:
        return None
    if roll < 0.6:
        return rng.choice(BUSY_DAYS)
    return date(1970, 1, 1) + timedelta(days=rng.randrange(365 * 3))


def generated_entry(s: Scenario, rng: random.Random, n: int, owner: str) -> RegistryEntry:
    roll = rng.random()
    return feed_entry(
        s,
        generated_name(rng),
        generated_dob(rng),
        owner_org=owner,
        person={
            "person_id": f"{owner}-person-{n}",
            "previous_names": (generated_name(rng),) if roll < 0.2 else (),
            "known_aliases": (generated_name(rng),) if 0.15 < roll < 0.25 else (),
        },
        status=EntryStatus.EXPIRED if rng.random() < 0.05 else EntryStatus.ACTIVE,
        scope=EntryScope(roles=frozenset()) if rng.random() < 0.05 else EntryScope(),
    )


@pytest.mark.parametrize(
    ("block_pairs", "chunk_cells"),
    [(4096, 1 << 24), (0, 1 << 24), (10**9, 7)],
    ids=["default", "every-block-a-matrix", "pairs-and-tiny-chunks"],
)
def test_screening_many_people_finds_exactly_what_screening_each_finds(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch, block_pairs: int, chunk_cells: int
) -> None:
    """G33: ``screen_many`` gives each person the hits ``screen_person`` gives, in order."""
    s = scenario
    monkeypatch.setattr(screening, "_BLOCK_PAIRS", block_pairs)
    monkeypatch.setattr(screening, "_CHUNK_CELLS", chunk_cells)
    rng = random.Random(33)
    own = [generated_entry(s, rng, n, s.organisation.id) for n in range(40)]
    theirs = [generated_entry(s, rng, n, OTHER_ORG) for n in range(60)]
    registries = [SanctionRegistry(s.organisation.id, own), shared_feed(s, *theirs)]
    ids = [e.person.person_id for e in own + theirs]
    people = [
        Person(
            id=rng.choice(ids) if rng.random() < 0.05 else f"member-{n}",
            name=generated_name(rng) if n % 50 else "--",  # a name that normalises to nothing
            date_of_birth=generated_dob(rng),
            aliases=[generated_name(rng)] if rng.random() < 0.1 else [],
        )
        for n in range(300)
    ]
    bulk = screen_many(people, SportRole.COACH, registries, now=s.clock.now, rule_set=s.rule_set)
    one_by_one = [
        screen_person(
            person, SportRole.COACH, registries, now=s.clock.now, rule_set=s.rule_set
        ).hits
        for person in people
    ]
    assert bulk == one_by_one
    assert {hit.match for hits in bulk for hit in hits} == set(MatchKind)
    assert sum(1 for hits in bulk if hits) > 100
    assert any(hits for person, hits in zip(people, bulk, strict=True) if not person.date_of_birth)


# --- G33: the DSL's resolution -------------------------------------------------------------------


def test_a_hold_resolved_as_not_the_same_person_lets_the_role_start(scenario: Scenario) -> None:
    """G33: NOT_SAME_PERSON with a reason of 30+ characters."""
    s = scenario
    feed = shared_feed(s, feed_entry(s, "Morgan Coatch", None))
    person = coach(s, "Morgan Coach", date(1985, 2, 3))
    resolution = resolve(s, held(s, person, [feed]), Resolution.NOT_SAME_PERSON, NOT_SAME)
    assert list(s.audit)[-1].outcome == "ALLOWED"
    activation = activate(s, person, [feed], [resolution])
    assert activation.role is SportRole.COACH
    assert list(s.audit)[-1].outcome == "ALLOWED"


def test_a_confirmed_match_keeps_the_role_refused(scenario: Scenario) -> None:
    """G33: CONFIRMED_MATCH on an active sanction -> E_G33_ACTIVE_SANCTION."""
    s = scenario
    feed = shared_feed(s, feed_entry(s, "Morgan Coatch", None))
    person = coach(s, "Morgan Coach", date(1985, 2, 3))
    resolution = resolve(s, held(s, person, [feed]), Resolution.CONFIRMED_MATCH, CONFIRMED)
    error = refused_activation(s, person, [feed], "E_G33_ACTIVE_SANCTION", [resolution])
    reveals_nothing(error, "Coatch", OTHER_ORG, "SUSPENSION")


def test_a_resolution_needs_a_reason_of_thirty_characters(scenario: Scenario) -> None:
    """G33: a short reason -> E_G33_RESOLUTION_REASON; the hold stays."""
    s = scenario
    feed = shared_feed(s, feed_entry(s, "Morgan Coatch", None))
    person = coach(s, "Morgan Coach", date(1985, 2, 3))
    result = held(s, person, [feed])
    entries = len(s.audit)
    with pytest.raises(CommandRefused) as exc:
        resolve(s, result, Resolution.NOT_SAME_PERSON, "DOB differs")
    assert exc.value.reason == "E_G33_RESOLUTION_REASON"
    assert len(s.audit) == entries + 1
    assert list(s.audit)[-1].outcome == "REFUSED:E_G33_RESOLUTION_REASON"
    assert list(s.audit)[-1].command == "resolve_screening"
    refused_activation(s, person, [feed], "E_G33_SCREENING_HOLD")


def test_only_the_dsl_resolves_a_screening_hold(scenario: Scenario) -> None:
    """G33 (§1.4: DSL) with G28: an org admin cannot clear a hold."""
    s = scenario
    feed = shared_feed(s, feed_entry(s, "Morgan Coatch", None))
    result = held(s, coach(s, "Morgan Coach", date(1985, 2, 3)), [feed])
    with pytest.raises(CommandRefused) as exc:
        resolve_screening(
            result,
            Resolution.NOT_SAME_PERSON,
            NOT_SAME,
            actor=s.actor(Role.ADMIN),
            now=s.clock.now,
            audit=s.audit,
        )
    assert exc.value.reason == "E_G28_ACCESS_DENIED"
    assert list(s.audit)[-1].outcome == "REFUSED:E_G28_ACCESS_DENIED"


def test_a_resolution_covers_only_the_entries_the_dsl_reviewed(scenario: Scenario) -> None:
    """G33: a new matching entry after the resolution puts the next activation on hold again."""
    s = scenario
    first = feed_entry(s, "Morgan Coatch", None)
    person = coach(s, "Morgan Coach", date(1985, 2, 3))
    resolution = resolve(
        s, held(s, person, [shared_feed(s, first)]), Resolution.NOT_SAME_PERSON, NOT_SAME
    )
    later = feed_entry(s, "Morgen Coach", None, person={"person_id": "b-someone-else"})
    refused_activation(
        s, person, [shared_feed(s, first, later)], "E_G33_SCREENING_HOLD", [resolution]
    )


# --- what crosses organisations (§3.7, G13) ------------------------------------------------------


def test_another_organisations_internal_entries_are_never_screened_against(
    scenario: Scenario,
) -> None:
    """§3.7: only PUBLIC, and SHARED_DSA under an agreement, cross to another organisation."""
    s = scenario
    internal = feed_entry(s, "Morgan Coach", None, visibility=RegistryVisibility.ORG_INTERNAL_ONLY)
    dsa_only = feed_entry(s, "Morgan Coach", None, person={"person_id": "b-2"})
    public = feed_entry(
        s, "Morgan Coach", None, person={"person_id": "b-3"}, visibility=RegistryVisibility.PUBLIC
    )
    theirs = SanctionRegistry(OTHER_ORG, [internal, dsa_only, public])
    with_dsa = theirs.shared_with(s.organisation.id, under_dsa=True)
    without = theirs.shared_with(s.organisation.id, under_dsa=False)
    assert {e.entry_id for e in with_dsa} == {dsa_only.entry_id, public.entry_id}
    assert {e.entry_id for e in without} == {public.entry_id}
    assert all(e.decision_ref is None and e.sanction_type is None for e in with_dsa)


def test_a_minor_respondents_entry_stays_internal_to_the_organisation(
    scenario: Scenario,
) -> None:
    """G13: a 16-year-old's suspension is ORG_INTERNAL_ONLY although SUSPENSION is SHARED_DSA."""
    s = scenario
    junior = s.people.add(
        Person(name="Kit Junior", date_of_birth=date(s.clock.now.year - 16, 1, 1))
    )
    report = s.open(
        "submit_report",
        narrative="A junior helper pushed a younger swimmer at training.",
        parties=[
            {"person_id": s.cast.complainant.id, "role": "COMPLAINANT"},
            {"person_id": junior.id, "role": "RESPONDENT", "position_of_trust": True},
        ],
        categories=[s.category()],
    )
    case = sanctioned(s, {"type": "SUSPENSION", "months": 6}, s.triaged(report, severity="MEDIUM"))
    assert s.rule_set.sanction_types["SUSPENSION"].registry_visibility is (
        RegistryVisibility.SHARED_DSA
    )
    registry = own_registry(s, case)
    (entry,) = registry
    assert entry.minor_respondent
    assert entry.visibility is RegistryVisibility.ORG_INTERNAL_ONLY
    assert list(registry.shared_with(OTHER_ORG, under_dsa=True)) == []
    refused_activation(s, junior, [registry], "E_G33_ACTIVE_SANCTION", role=SportRole.ATHLETE)


def test_a_minor_flag_forces_internal_visibility_on_any_entry(scenario: Scenario) -> None:
    """G13: whatever visibility is asked for, a minor respondent's entry is internal."""
    s = scenario
    entry = feed_entry(
        s, "Kit Junior", None, visibility=RegistryVisibility.PUBLIC, minor_respondent=True
    )
    assert entry.visibility is RegistryVisibility.ORG_INTERNAL_ONLY


def test_the_organisations_entries_for_a_sanction_name_the_decision_not_its_content(
    scenario: Scenario,
) -> None:
    """§3.7/G34: the entry points at its decision by ids and carries the rule set's visibility."""
    s = scenario
    case = sanctioned(s, {"type": "SUSPENSION", "months": 6})
    (entry,) = registry_entries_for(case, s.rule_set, s.people)
    decision = case.effective_decision()
    assert decision is not None
    assert entry.decision_ref == DecisionRef(case_id=case.id, decision_id=decision.id)
    assert entry.status is EntryStatus.ACTIVE
    assert entry.visibility is RegistryVisibility.SHARED_DSA
    assert entry.person.person_id == s.cast.respondent.id
    assert entry.person.dob == s.cast.respondent.date_of_birth
    assert entry.scope.covers(SportRole.COACH)


# --- G34: interim measures in the registry -------------------------------------------------------


def interim_case(s: Scenario) -> Case:
    case, decision = s.with_cmg(s.triaged())
    return s.run(
        case,
        "impose_interim_measure",
        Role.CMG,
        type="TEMPORARY_SUSPENSION",
        reason="Risk to children while the concern is looked into",
        cmg_decision_id=decision,
        next_review_at=(s.clock.now + timedelta(days=21)).isoformat(),
        notify_plan="Respondent told in writing; club told of the restriction only",
    )


def interim_scenario() -> Scenario:
    return Scenario(
        plugins=get_plugins("scotland", overrides={"interim": {"write_to_registry": True}})
    )


def write_refused(s: Scenario, registry: SanctionRegistry, entry: RegistryEntry) -> None:
    """A registry write that must be refused with E_G34_NO_DECISION; nothing written."""
    before = [e.model_dump() for e in registry]
    entries = len(s.audit)
    with pytest.raises(CommandRefused) as exc:
        registry.record(entry, actor=s.actor(Role.DSL), audit=s.audit, now=s.clock.now)
    assert exc.value.reason == "E_G34_NO_DECISION"
    assert [e.model_dump() for e in registry] == before
    assert len(s.audit) == entries + 1
    assert list(s.audit)[-1].outcome == "REFUSED:E_G34_NO_DECISION"
    assert list(s.audit)[-1].object_id == entry.entry_id


def test_an_interim_measure_is_written_as_an_internal_interim_entry() -> None:
    """G34: INTERIM_MEASURE + ORG_INTERNAL_ONLY, where the rule set allows it; it holds roles."""
    s = interim_scenario()
    case = interim_case(s)
    (entry,) = interim_entry_for(case, case.interim_measures[0], s.rule_set, s.people)
    assert entry.status is EntryStatus.INTERIM_MEASURE
    assert entry.visibility is RegistryVisibility.ORG_INTERNAL_ONLY
    assert entry.decision_ref is not None
    assert entry.decision_ref.decision_id is None
    registry = SanctionRegistry(s.organisation.id)
    registry.record(entry, actor=s.actor(Role.DSL), audit=s.audit, now=s.clock.now)
    assert list(s.audit)[-1].outcome == "ALLOWED"
    assert registry_entries_for(case, s.rule_set, s.people)[0].status is EntryStatus.INTERIM_MEASURE
    refused_activation(s, s.cast.respondent, [registry], "E_G33_ACTIVE_SANCTION")


def test_an_interim_measure_is_not_written_where_the_rule_set_does_not_allow_it(
    scenario: Scenario,
) -> None:
    """G34: Scotland does not write interim measures to the registry."""
    s = scenario
    case = interim_case(s)
    assert not s.rule_set.interim.write_to_registry
    with pytest.raises(CommandRefused) as exc:
        interim_entry_for(case, case.interim_measures[0], s.rule_set, s.people)
    assert exc.value.reason == "E_G34_NO_DECISION"
    assert registry_entries_for(case, s.rule_set, s.people) == []


def test_an_interim_measure_is_never_shared_as_an_interim_entry() -> None:
    """G34: an INTERIM_MEASURE entry with any visibility but ORG_INTERNAL_ONLY is refused."""
    s = interim_scenario()
    case = interim_case(s)
    (entry,) = interim_entry_for(case, case.interim_measures[0], s.rule_set, s.people)
    shared = entry.model_copy(update={"visibility": RegistryVisibility.SHARED_DSA})
    write_refused(s, SanctionRegistry(s.organisation.id), shared)


def test_an_interim_measure_is_never_written_as_a_sanction() -> None:
    """G34: an ACTIVE (sanction) entry whose source is an interim measure, not a decision."""
    s = interim_scenario()
    case = interim_case(s)
    (entry,) = interim_entry_for(case, case.interim_measures[0], s.rule_set, s.people)
    as_sanction = entry.model_copy(update={"status": EntryStatus.ACTIVE})
    registry = own_registry(s, sanctioned(s, {"type": "SUSPENSION", "months": 6}))
    write_refused(s, registry, as_sanction)


def test_a_sanction_entry_without_any_decision_is_refused(scenario: Scenario) -> None:
    """G34: no decision reference at all."""
    s = scenario
    entry = RegistryEntry(
        owner_org=s.organisation.id,
        person=RegistryPerson(person_id=s.cast.respondent.id),
        status=EntryStatus.ACTIVE,
        sanction_type="SUSPENSION",
        starts_at=s.clock.now,
        visibility=RegistryVisibility.SHARED_DSA,
    )
    write_refused(s, SanctionRegistry(s.organisation.id), entry)


def test_a_decided_sanction_is_written_to_the_registry(scenario: Scenario) -> None:
    """G34: a sanction from a decision, in force after the appeal window, is written."""
    s = scenario
    registry = own_registry(s, sanctioned(s, {"type": "SUSPENSION", "months": 6}))
    assert len(registry) == 1
    assert list(s.audit)[-1].command == "record_registry_entry"
    assert list(s.audit)[-1].outcome == "ALLOWED"


def test_no_organisation_writes_into_another_organisations_registry(scenario: Scenario) -> None:
    """G28: an organisation writes its own entries only."""
    s = scenario
    theirs = SanctionRegistry(OTHER_ORG)
    (entry,) = registry_entries_for(
        sanctioned(s, {"type": "SUSPENSION", "months": 6}), s.rule_set, s.people
    )
    with pytest.raises(CommandRefused) as exc:
        theirs.record(entry, actor=s.actor(Role.DSL), audit=s.audit, now=s.clock.now)
    assert exc.value.reason == "E_G28_ACCESS_DENIED"
    assert len(theirs) == 0
    assert list(s.audit)[-1].outcome == "REFUSED:E_G28_ACCESS_DENIED"


def test_screening_is_for_a_specific_role(scenario: Scenario) -> None:
    """G33: ``ANY`` is a scope, not a role anyone is activated in."""
    s = scenario
    with pytest.raises(InvalidArgument, match="specific role"):
        screen_person(s.cast.witness, SportRole.ANY, [], now=s.clock.now)
    with pytest.raises(InvalidArgument, match="specific role"):
        screen_many([s.cast.witness], SportRole.ANY, [], now=s.clock.now)
