"""Sanction registry screening when a person is activated in a role (G33).

Before anyone starts in a role in sport, the organisation checks its own registry and every
registry shared with it under a data sharing agreement. A registry is only as good as its
matching: the same person appears as "Robert McDonald" in one feed and "Bob MacDonald" or
"Rob Mcdonald" in another, with or without a date of birth. So:

- an **exact** ``person_id`` hit on an entry in force whose scope covers the role refuses the
  activation at once (``E_G33_ACTIVE_SANCTION``): it is the same person, nothing to review;
- a **fuzzy** hit (normalised names with Jaro-Winkler at least the rule set's
  ``registry.fuzzy_threshold`` and compatible dates of birth, or a previous-name/alias match)
  puts the activation on hold (``E_G33_SCREENING_HOLD``) until the DSL records
  ``resolve_screening``: ``CONFIRMED_MATCH`` keeps it refused, ``NOT_SAME_PERSON`` (with a reason
  of 30+ characters, e.g. the dates of birth differ) lets it proceed.

Fuzzy matching errs towards a hold: a false hold costs a DSL a few minutes, a missed match can
put a sanctioned coach back with children. The person being screened is only ever told that
"a check needs manual review": never which registry, entry or sanction matched (G28).

:func:`screen_many` gives the same hits as :func:`screen_person` for many people at once (a
membership re-screened against a new feed): names are normalised once, dates of birth block the
legal-name comparisons, and what must still be compared is scored by rapidfuzz in bulk.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from safecase.core.audit import AuditTrail
from safecase.core.commands import Actor
from safecase.core.errors import CommandRefused, FieldViolation, InvalidArgument
from safecase.core.people import Person, new_id, sensitive
from safecase.core.registry import RegistryEntry, SanctionRegistry, SportRole, audit_attempt
from safecase.core.ruleset import RegistryRules, RuleSet
from safecase.core.states import Role

__all__ = [
    "MANUAL_REVIEW_MESSAGE",
    "NICKNAMES",
    "MatchKind",
    "Resolution",
    "RoleActivation",
    "ScreeningHit",
    "ScreeningOutcome",
    "ScreeningResolution",
    "ScreeningResult",
    "activate_role",
    "message_for",
    "normalise_name",
    "outcome_after",
    "resolve_screening",
    "screen_many",
    "screen_person",
]

# What the screened person (and an org admin, who sees "hold yes/no" only, §4.2 row 19) is told.
MANUAL_REVIEW_MESSAGE = "a check needs manual review"
CLEAR_MESSAGE = "no further checks needed"
MIN_RESOLUTION_REASON = 30
DEFAULT_THRESHOLD = RegistryRules().fuzzy_threshold

# Common English given-name variants, mapped to one form so "Bob" and "Robert" compare equal.
# Small on purpose: every entry widens matching for everyone (DOMAIN.md §6 q12: tune on data).
NICKNAMES: dict[str, str] = {
    "alex": "alexander",
    "sandy": "alexander",
    "andy": "andrew",
    "drew": "andrew",
    "ben": "benjamin",
    "bill": "william",
    "billy": "william",
    "will": "william",
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "robbie": "robert",
    "chris": "christopher",
    "dan": "daniel",
    "danny": "daniel",
    "dave": "david",
    "davie": "david",
    "jim": "james",
    "jimmy": "james",
    "jamie": "james",
    "joe": "joseph",
    "jon": "jonathan",
    "kate": "katherine",
    "katie": "katherine",
    "kath": "katherine",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "maggie": "margaret",
    "peggy": "margaret",
    "matt": "matthew",
    "mike": "michael",
    "mick": "michael",
    "nick": "nicholas",
    "pat": "patrick",
    "sam": "samuel",
    "steve": "stephen",
    "sue": "susan",
    "tom": "thomas",
    "tommy": "thomas",
    "tony": "anthony",
}
_NOT_WORD = re.compile(r"[^\w]+")
# Scottish and Irish surname prefixes written in several ways ("McDonald", "MacDonald").
_MAC = re.compile(r"^mac(?=\w{3,})")
_APOSTROPHES = str.maketrans("", "", "'’")
# Letters whose mark NFKD does not separate (a stroke, a ligature), as a plain keyboard writes
# them ("ß" needs nothing: casefold gives "ss"). Without this, "Đặng" sorts after every plain
# token and "Łukasz" never meets "Lukasz".
_UNMARKED = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ø": "o",
        "ħ": "h",
        "ŧ": "t",
        "ı": "i",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
    }
)


class MatchKind(StrEnum):
    EXACT_ID = "EXACT_ID"
    FUZZY_NAME = "FUZZY_NAME"
    ALIAS = "ALIAS"


class ScreeningOutcome(StrEnum):
    CLEAR = "CLEAR"
    SCREENING_HOLD = "SCREENING_HOLD"
    ACTIVE_SANCTION = "ACTIVE_SANCTION"


class Resolution(StrEnum):
    CONFIRMED_MATCH = "CONFIRMED_MATCH"
    NOT_SAME_PERSON = "NOT_SAME_PERSON"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScreeningHit(_Frozen):
    """One registry entry in force, covering the role, that matched the person.

    Only the DSL sees hits (§4.2 row 19); they carry ids and the kind of match, no names.
    """

    entry_id: str
    owner_org: str
    match: MatchKind
    score: float


class ScreeningResult(_Frozen):
    """The outcome of :func:`screen_person` for one person and role."""

    id: str = Field(default_factory=new_id)
    person_id: str
    role: SportRole
    screened_at: datetime
    hits: tuple[ScreeningHit, ...] = ()

    @property
    def outcome(self) -> ScreeningOutcome:
        if any(h.match is MatchKind.EXACT_ID for h in self.hits):
            return ScreeningOutcome.ACTIVE_SANCTION
        return ScreeningOutcome.SCREENING_HOLD if self.hits else ScreeningOutcome.CLEAR

    @property
    def fuzzy_hits(self) -> tuple[ScreeningHit, ...]:
        return tuple(h for h in self.hits if h.match is not MatchKind.EXACT_ID)

    @property
    def message_for_person(self) -> str:
        """What the screened person is told: never the other record's details (G33)."""
        return message_for(self.outcome)


class ScreeningResolution(_Frozen):
    """The DSL's resolution of a screening hold: whether the person is the registry's person.

    It is about identity, so it holds for every role, but only for the entries reviewed: a new
    entry later matching the same person puts the next activation on hold again.
    """

    id: str = Field(default_factory=new_id)
    person_id: str
    entry_ids: tuple[str, ...]
    resolution: Resolution
    reason: str = sensitive()
    resolved_by: str
    resolved_at: datetime


class RoleActivation(_Frozen):
    """A role a person may now take up, with the screening that allowed it."""

    person_id: str
    role: SportRole
    activated_at: datetime
    screening: ScreeningResult


# --- matching ---------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Case, diacritics, punctuation, token order and common nicknames made irrelevant.

    ``"O'Brien, Róisín"`` and ``"roisin obrien"`` both give ``"obrien roisin"``; ``"Bob
    MacDonald"`` and ``"Robert McDonald"`` both give ``"mcdonald robert"``; ``"Đặng Văn Dũng"``
    and ``"Dung Van Dang"`` both give ``"dang dung van"``.
    """
    if name.isascii():  # most names: NFKD leaves ASCII as it is, and it has no combining marks
        plain = name.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        plain = plain.translate(_UNMARKED)
    plain = plain.translate(_APOSTROPHES)  # O'Brien -> obrien, not "o brien"
    tokens = [NICKNAMES.get(t, t) for t in _NOT_WORD.sub(" ", plain).split()]
    tokens = [_MAC.sub("mc", t) if t.startswith("mac") else t for t in tokens]
    return " ".join(sorted(tokens))


def _similarity(a: str, b: str) -> float:
    left, right = normalise_name(a), normalise_name(b)
    if not left or not right:
        return 0.0
    return float(JaroWinkler.similarity(left, right))


def _dob_compatible(a: date | None, b: date | None) -> bool:
    return a is None or b is None or a == b


def _match(person: Person, entry: RegistryEntry, threshold: float) -> ScreeningHit | None:
    """How (if at all) ``entry`` is about ``person``."""
    other = entry.person
    if other.person_id == person.id:
        return ScreeningHit(
            entry_id=entry.entry_id, owner_org=entry.owner_org, match=MatchKind.EXACT_ID, score=1.0
        )
    # The legal names, only where the dates of birth do not contradict each other.
    if _dob_compatible(person.date_of_birth, other.dob):
        score = _similarity(person.name, other.legal_name)
        if score >= threshold:
            return ScreeningHit(
                entry_id=entry.entry_id,
                owner_org=entry.owner_org,
                match=MatchKind.FUZZY_NAME,
                score=score,
            )
    # A previous name or alias on either side: a strong signal on its own, so a hold even if
    # the dates of birth differ (one of them may be wrong); the DSL resolves it.
    pairs = [(mine, theirs) for mine in person.aliases for theirs in (other.legal_name,)]
    pairs += [
        (mine, theirs)
        for mine in (person.name, *person.aliases)
        for theirs in (*other.previous_names, *other.known_aliases)
    ]
    best = max((_similarity(mine, theirs) for mine, theirs in pairs), default=0.0)
    if best >= threshold:
        return ScreeningHit(
            entry_id=entry.entry_id, owner_org=entry.owner_org, match=MatchKind.ALIAS, score=best
        )
    return None


def screen_person(
    person: Person,
    role: SportRole,
    registries: Iterable[SanctionRegistry],
    *,
    now: datetime | None = None,
    rule_set: RuleSet | None = None,
) -> ScreeningResult:
    """Check ``person`` for ``role`` against ``registries`` (G33).

    ``registries`` are the organisation's own registry and the views others share with it
    (:meth:`SanctionRegistry.shared_with`), never more. Only entries in force at ``now``
    (active sanctions and interim-measure entries, G34) whose scope covers ``role`` count;
    expired and overturned entries never hold anyone. The fuzzy threshold is the rule set's
    ``registry.fuzzy_threshold`` (0.90 when no rule set is given).
    """
    if role is SportRole.ANY:
        raise InvalidArgument([FieldViolation("role", "screen for a specific role")])
    at = now or datetime.now(UTC)
    threshold = rule_set.registry.fuzzy_threshold if rule_set else DEFAULT_THRESHOLD
    hits: list[ScreeningHit] = []
    for registry in registries:
        for entry in registry:
            if not entry.active(at) or not entry.scope.covers(role):
                continue
            hit = _match(person, entry, threshold)
            if hit is not None:
                hits.append(hit)
    return ScreeningResult(person_id=person.id, role=role, screened_at=at, hits=tuple(hits))


# --- many people at once ------------------------------------------------------------------------

_SCORER = JaroWinkler.normalized_similarity
# rapidfuzz's bulk scores (float32) only select candidates: every candidate is scored again
# exactly as screen_person scores it, so a score a hair either side of the threshold in float32
# changes nothing. The slack only lets a few more candidates through to that second look.
_SLACK = 1e-4
# A date-of-birth block with at least this many (person, entry) pairs is scored as one cdist
# matrix; smaller blocks (almost all of them) are gathered and scored pair by pair by cpdist.
_BLOCK_PAIRS = 4096
# At most this many cells per cdist call (64 MiB of float32), however many people are screened.
_CHUNK_CELLS = 1 << 24


def _matrix_candidates(
    queries: Sequence[str], choices: Sequence[str], cutoff: float
) -> Iterator[tuple[int, int]]:
    """``(query, choice)`` index pairs scoring at least ``cutoff``, in chunks of queries."""
    if not queries or not choices:
        return
    rows = max(1, _CHUNK_CELLS // len(choices))
    for start in range(0, len(queries), rows):
        scores = process.cdist(
            queries[start : start + rows],
            choices,
            scorer=_SCORER,
            score_cutoff=cutoff,
            dtype=np.float32,
            workers=-1,
        )
        found_queries, found_choices = np.nonzero(scores)  # below the cutoff scores 0
        for query, choice in zip(found_queries.tolist(), found_choices.tolist(), strict=True):
            yield start + query, choice


def _pair_candidates(queries: Sequence[str], choices: Sequence[str], cutoff: float) -> list[int]:
    """Indexes ``i`` where ``queries[i]`` and ``choices[i]`` score at least ``cutoff``."""
    if not queries:
        return []
    scores = process.cpdist(
        queries, choices, scorer=_SCORER, score_cutoff=cutoff, dtype=np.float32, workers=-1
    )
    found: list[int] = np.nonzero(scores)[0].tolist()
    return found


class _Best:
    """The best exact score of each (person, entry) pair that reaches the threshold."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.scores: dict[tuple[int, int], float] = {}

    def score(self, mine: str, theirs: str) -> float | None:
        """The score as :func:`_similarity` gives it, if it reaches the threshold."""
        score = float(JaroWinkler.similarity(mine, theirs))
        return score if score >= self.threshold else None

    def offer(self, person: int, entry: int, score: float) -> None:
        if score > self.scores.get((person, entry), -1.0):
            self.scores[person, entry] = score

    def compare(
        self, people: dict[str, list[int]], entries: dict[str, list[int]], cutoff: float
    ) -> None:
        """Every person against every entry, by their distinct normalised names."""
        mine, theirs = list(people), list(entries)
        for q, c in _matrix_candidates(mine, theirs, cutoff):
            score = self.score(mine[q], theirs[c])
            if score is not None:
                for person in people[mine[q]]:
                    for entry in entries[theirs[c]]:
                        self.offer(person, entry, score)


def _by_name(named: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    """Indexes by normalised name, without the empty name (it scores 0.0: never a match)."""
    groups: defaultdict[str, list[int]] = defaultdict(list)
    for name, index in named:
        if name:
            groups[name].append(index)
    return groups


def _bulk_hits(
    people: Sequence[Person], entries: Sequence[RegistryEntry], threshold: float
) -> list[tuple[ScreeningHit, ...]]:
    """:func:`_match` of every person against every entry, without comparing every pair."""
    cache: dict[str, str] = {}

    def norm(name: str) -> str:
        found = cache.get(name)
        if found is None:
            found = cache[name] = normalise_name(name)
        return found

    cutoff = max(threshold - _SLACK, 0.0)
    names = [norm(person.name) for person in people]
    legal = [norm(entry.person.legal_name) for entry in entries]
    everyone = _by_name(zip(names, range(len(people)), strict=True))
    every_entry = _by_name(zip(legal, range(len(entries)), strict=True))

    # Legal names, only where the dates of birth do not contradict each other: equal dates of
    # birth (blocked), or a date of birth missing on either side (compared with everything).
    named = _Best(threshold)
    people_on: defaultdict[date, list[int]] = defaultdict(list)
    entries_on: defaultdict[date, list[int]] = defaultdict(list)
    undated_people: list[int] = []
    undated_entries: list[int] = []
    for i, person in enumerate(people):
        if names[i]:
            dob = person.date_of_birth
            (undated_people if dob is None else people_on[dob]).append(i)
    for j, entry in enumerate(entries):
        if legal[j]:
            dob = entry.person.dob
            (undated_entries if dob is None else entries_on[dob]).append(j)
    pair_people: list[int] = []
    pair_entries: list[int] = []
    for dob, block_people in people_on.items():
        block_entries = entries_on.get(dob)
        if not block_entries:
            continue
        if len(block_people) * len(block_entries) < _BLOCK_PAIRS:
            for i in block_people:
                pair_people += [i] * len(block_entries)
                pair_entries += block_entries
        else:
            named.compare(
                _by_name((names[i], i) for i in block_people),
                _by_name((legal[j], j) for j in block_entries),
                cutoff,
            )
    pair_names = [names[i] for i in pair_people]
    pair_legal = [legal[j] for j in pair_entries]
    for k in _pair_candidates(pair_names, pair_legal, cutoff):
        score = named.score(pair_names[k], pair_legal[k])
        if score is not None:
            named.offer(pair_people[k], pair_entries[k], score)
    named.compare(everyone, _by_name((legal[j], j) for j in undated_entries), cutoff)
    named.compare(
        _by_name((names[i], i) for i in undated_people),
        _by_name((legal[j], j) for block in entries_on.values() for j in block),
        cutoff,
    )

    # Previous names and aliases, whatever the dates of birth: the person's aliases against the
    # legal names, and the person's name and aliases against the entry's other names.
    aliased = _Best(threshold)
    aliases = _by_name((norm(a), i) for i, person in enumerate(people) for a in person.aliases)
    others = _by_name(
        (norm(other), j)
        for j, entry in enumerate(entries)
        for other in (*entry.person.previous_names, *entry.person.known_aliases)
    )
    aliased.compare(aliases, every_entry, cutoff)
    names_and_aliases = {name: list(indexes) for name, indexes in everyone.items()}
    for name, indexes in aliases.items():
        names_and_aliases.setdefault(name, []).extend(indexes)
    aliased.compare(names_and_aliases, others, cutoff)

    # As _match decides: an exact person_id first, then the legal name, then the other names.
    found: defaultdict[int, dict[int, tuple[MatchKind, float]]] = defaultdict(dict)
    for (i, j), score in aliased.scores.items():
        found[i][j] = (MatchKind.ALIAS, score)
    for (i, j), score in named.scores.items():
        found[i][j] = (MatchKind.FUZZY_NAME, score)
    entries_of: defaultdict[str, list[int]] = defaultdict(list)
    for j, entry in enumerate(entries):
        entries_of[entry.person.person_id].append(j)
    for i, person in enumerate(people):
        for j in entries_of.get(person.id, ()):
            found[i][j] = (MatchKind.EXACT_ID, 1.0)
    made: dict[tuple[int, MatchKind, float], ScreeningHit] = {}  # frozen: shared where equal

    def hit(j: int, kind: MatchKind, score: float) -> ScreeningHit:
        shared = made.get((j, kind, score))
        if shared is None:
            entry = entries[j]
            shared = made[j, kind, score] = ScreeningHit(
                entry_id=entry.entry_id, owner_org=entry.owner_org, match=kind, score=score
            )
        return shared

    hits: list[tuple[ScreeningHit, ...]] = [()] * len(people)
    for i, matches in found.items():
        hits[i] = tuple(hit(j, kind, score) for j, (kind, score) in sorted(matches.items()))
    return hits


def screen_many(
    people: Sequence[Person],
    role: SportRole,
    registries: Iterable[SanctionRegistry],
    *,
    now: datetime | None = None,
    rule_set: RuleSet | None = None,
) -> list[tuple[ScreeningHit, ...]]:
    """The hits of :func:`screen_person` for each of ``people``, in order, computed in bulk.

    ``screen_many(people, role, registries)[i]`` equals ``screen_person(people[i], role,
    registries).hits``: the same entries, kinds, scores and order. Wrap a person's hits in a
    :class:`ScreeningResult` (or call :func:`activate_role`) for the ones acted on.

    Each name is normalised once. Legal names are compared only within a date-of-birth block
    (equal dates) plus, on either side, those without a date of birth, which are compared with
    everything; previous names and aliases are compared with everything, as the rule requires.
    The comparisons are rapidfuzz ``cdist``/``cpdist`` calls on all cores over distinct
    normalised names (people who share a name are scored once), and every candidate they find
    is scored again exactly as :func:`screen_person` scores it. Memory stays bounded: matrices
    are computed in chunks of at most ``_CHUNK_CELLS`` cells.
    """
    if role is SportRole.ANY:
        raise InvalidArgument([FieldViolation("role", "screen for a specific role")])
    at = now or datetime.now(UTC)
    threshold = rule_set.registry.fuzzy_threshold if rule_set else DEFAULT_THRESHOLD
    entries = [
        entry
        for registry in registries
        for entry in registry
        if entry.active(at) and entry.scope.covers(role)
    ]
    if threshold <= 0:  # every pair matches (even empty names): nothing to prune
        return [
            tuple(h for e in entries if (h := _match(person, e, threshold)) is not None)
            for person in people
        ]
    return _bulk_hits(people, entries, threshold)


# --- the two person-level commands ---------------------------------------------------------------


def resolve_screening(
    result: ScreeningResult,
    resolution: Resolution,
    reason: str,
    *,
    actor: Actor,
    now: datetime,
    audit: AuditTrail | None = None,
) -> ScreeningResolution:
    """The DSL's ``resolve_screening(CONFIRMED_MATCH | NOT_SAME_PERSON, reason)`` on a hold.

    Only a DSL resolves (``E_G28_ACCESS_DENIED`` otherwise), and only with a reason of 30+
    characters (``E_G33_RESOLUTION_REASON``): the resolution lets a person near children, or
    keeps them away, so it must say why (e.g. "dates of birth differ: 1984 vs 1991, confirmed
    against the membership record").
    """
    try:
        if actor.role is not Role.DSL:
            raise CommandRefused("E_G28_ACCESS_DENIED")
        if not result.fuzzy_hits:
            raise InvalidArgument([FieldViolation("result", "there is no screening hold")])
        if len(" ".join(reason.split())) < MIN_RESOLUTION_REASON:
            raise CommandRefused("E_G33_RESOLUTION_REASON")  # its message names the minimum
    except (CommandRefused, InvalidArgument) as error:
        outcome = f"REFUSED:{error.reason}"
        audit_attempt(audit, actor, "resolve_screening", "person", result.person_id, now, outcome)
        raise
    audit_attempt(audit, actor, "resolve_screening", "person", result.person_id, now, "ALLOWED")
    return ScreeningResolution(
        person_id=result.person_id,
        entry_ids=tuple(h.entry_id for h in result.fuzzy_hits),
        resolution=resolution,
        reason=reason,
        resolved_by=actor.person_id,
        resolved_at=now,
    )


def _refusal(result: ScreeningResult, resolutions: Iterable[ScreeningResolution]) -> str | None:
    """The refusal code for activating after ``result``, given the DSL's resolutions."""
    if result.outcome is ScreeningOutcome.ACTIVE_SANCTION:
        return "E_G33_ACTIVE_SANCTION"
    latest: dict[str, Resolution] = {}
    for resolved in sorted(resolutions, key=lambda r: r.resolved_at):
        if resolved.person_id == result.person_id:
            latest.update(dict.fromkeys(resolved.entry_ids, resolved.resolution))
    decided = [latest.get(hit.entry_id) for hit in result.fuzzy_hits]
    if Resolution.CONFIRMED_MATCH in decided:
        return "E_G33_ACTIVE_SANCTION"
    if None in decided:
        return "E_G33_SCREENING_HOLD"
    return None


def message_for(outcome: ScreeningOutcome) -> str:
    """What the screened person is told of ``outcome``: never whether a sanction matched (G33)."""
    return CLEAR_MESSAGE if outcome is ScreeningOutcome.CLEAR else MANUAL_REVIEW_MESSAGE


def outcome_after(
    result: ScreeningResult, resolutions: Iterable[ScreeningResolution]
) -> ScreeningOutcome:
    """What ``result`` means once the DSL's ``resolutions`` are taken into account: a confirmed
    match is an active sanction, a hold every hit of which is not the same person is clear."""
    code = _refusal(result, resolutions)
    if code == "E_G33_ACTIVE_SANCTION":
        return ScreeningOutcome.ACTIVE_SANCTION
    return ScreeningOutcome.SCREENING_HOLD if code else ScreeningOutcome.CLEAR


def activate_role(
    person: Person,
    role: SportRole,
    registries: Iterable[SanctionRegistry],
    resolutions: Iterable[ScreeningResolution],
    now: datetime,
    *,
    rule_set: RuleSet | None = None,
    actor: Actor | None = None,
    audit: AuditTrail | None = None,
) -> RoleActivation:
    """Activate ``person`` in ``role`` after screening them (G33).

    Every activation is screened (G33 requires it for the regulated roles; an entry whose scope
    covers every role, such as a suspension, matters for the others too). Raises
    :class:`CommandRefused` with ``E_G33_ACTIVE_SANCTION`` for an exact hit or a confirmed
    match, and ``E_G33_SCREENING_HOLD`` while a fuzzy hit is unresolved. The refusal's detail
    is the same for everyone: it never names the matching record.
    """
    result = screen_person(person, role, registries, now=now, rule_set=rule_set)
    code = _refusal(result, resolutions)
    if code is not None:
        audit_attempt(audit, actor, "activate_role", "person", person.id, now, f"REFUSED:{code}")
        raise CommandRefused(code, MANUAL_REVIEW_MESSAGE if code == "E_G33_SCREENING_HOLD" else "")
    audit_attempt(audit, actor, "activate_role", "person", person.id, now, "ALLOWED")
    return RoleActivation(person_id=person.id, role=role, activated_at=now, screening=result)
