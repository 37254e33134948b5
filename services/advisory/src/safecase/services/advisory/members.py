"""Allocation of a share to members: by the expertise asked for, never to a conflicted member.

A pure decision over the candidates (no I/O), so the rules read in one place and are tested
directly: a member affiliated with the sharing organisation, or with a club of the case (the
share's conflict tokens, :mod:`~safecase.services.advisory.conflicts`), is excluded first
(G10: a hard conflict); then an unavailable member; then one without any area asked for. For
each area asked for, up to ``per_area`` of the remaining members are allocated, the least
loaded first, so that the group's work spreads. Every candidate gets a decision, with a code
(and the affiliation's id for a conflict) saying why it was not allocated.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from safecase.services.advisory.conflicts import conflict_token

__all__ = ["Candidate", "Decision", "Exclusion", "allocate"]

ALLOCATED = "ALLOCATED"
EXCLUDED = "EXCLUDED"


class Exclusion(StrEnum):
    CONFLICT_ORGANIZATION = "CONFLICT_ORGANIZATION"
    CONFLICT_CLUB = "CONFLICT_CLUB"
    UNAVAILABLE = "UNAVAILABLE"
    NO_REQUESTED_EXPERTISE = "NO_REQUESTED_EXPERTISE"
    NOT_SELECTED = "NOT_SELECTED"


@dataclass(frozen=True)
class DeclaredAffiliation:
    id: str
    organisation_id: str | None = None
    club_digest: str | None = None


@dataclass(frozen=True)
class Candidate:
    member_id: str
    expertise: frozenset[str]
    available: bool
    affiliations: tuple[DeclaredAffiliation, ...] = ()
    load: int = 0  # shares live and allocated to the member now


@dataclass(frozen=True)
class Decision:
    member_id: str
    outcome: str
    expertise: str | None = None
    reason: Exclusion | None = None
    affiliation_id: str | None = None


def _conflict(
    candidate: Candidate, share_id: str, organisation_id: str, tokens: Collection[str]
) -> Decision | None:
    for affiliation in candidate.affiliations:
        if affiliation.organisation_id == organisation_id:
            reason = Exclusion.CONFLICT_ORGANIZATION
        elif (
            affiliation.club_digest and conflict_token(share_id, affiliation.club_digest) in tokens
        ):
            reason = Exclusion.CONFLICT_CLUB
        else:
            continue
        return Decision(candidate.member_id, EXCLUDED, reason=reason, affiliation_id=affiliation.id)
    return None


def allocate(
    candidates: Sequence[Candidate],
    *,
    share_id: str,
    organisation_id: str,
    requested: Sequence[str],
    conflict_tokens: Collection[str],
    per_area: int,
    covered: Mapping[str, int] | None = None,
) -> list[Decision]:
    """A decision for every candidate; ``covered`` counts members already allocated per area.

    An empty ``requested`` means any area: ``per_area`` members are allocated in all.
    """
    tokens = frozenset(conflict_tokens)
    areas = list(dict.fromkeys(requested))
    decisions: dict[str, Decision] = {}
    eligible: list[Candidate] = []
    for candidate in candidates:
        decided = _conflict(candidate, share_id, organisation_id, tokens)
        if decided is None and not candidate.available:
            decided = Decision(candidate.member_id, EXCLUDED, reason=Exclusion.UNAVAILABLE)
        if decided is None and areas and not candidate.expertise & set(areas):
            decided = Decision(
                candidate.member_id, EXCLUDED, reason=Exclusion.NO_REQUESTED_EXPERTISE
            )
        if decided is None:
            eligible.append(candidate)
        else:
            decisions[candidate.member_id] = decided
    eligible.sort(key=lambda c: (c.load, c.member_id))
    counts = dict(covered or {})
    wanted: list[str | None] = list(areas) or [None]
    for area in wanted:
        for candidate in eligible:
            taken = counts.get(area or "", 0)
            if taken >= per_area:
                break
            if candidate.member_id in decisions:
                continue
            if area is not None and area not in candidate.expertise:
                continue
            chosen = area or min(candidate.expertise, default=None)
            decisions[candidate.member_id] = Decision(candidate.member_id, ALLOCATED, chosen)
            counts[area or ""] = taken + 1
    for candidate in eligible:
        decisions.setdefault(
            candidate.member_id,
            Decision(candidate.member_id, EXCLUDED, reason=Exclusion.NOT_SELECTED),
        )
    return [decisions[c.member_id] for c in candidates]
