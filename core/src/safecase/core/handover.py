"""Hand-over between the case context and the hearing context of one organisation.

As services, intake owns the case context and hearings the hearing context, each in its own
database (DESIGN.md "Data ownership"); they learn of each other only through events. Events
carry ids and codes, never content, so a command that the other context must follow attaches a
**snapshot**: the parts of the case its context owns, sealed under a one-off data key wrapped
by the organisation key (both services of an organisation hold it; nobody else can read it).

- Intake sends a snapshot for every accepted command on a case that is at, or past, the point
  where a hearing becomes possible (risk assessment, a panel or a hearing on file). The hearing
  context keeps a projection of such cases and runs its commands on it with the full lifecycle.
- Hearings sends a snapshot for every accepted hearing command; intake applies the hearing
  facts and the state they moved the case to, so its case shows the decision, the sanction in
  force and the appeal outcome.

The receiver never re-runs guard rules: the sender's lifecycle already did. What it applies is
fixed here: the sender's own fields replace the receiver's, the lists both contexts write are
merged record by record, and the state follows only a command that moved it. The case
context's private parts (consents, advisory shares, the anonymous reporter's receipt) never
leave it.

Both contexts may move a case at the same moment (intake closes it on withdrawal, T46, while
the panel issues its decision). The case context owns the lifecycle, so its state wins on both
sides: the hearing context always takes the state intake sends, and intake takes the state a
hearing command moved the case to only if the case was still where that command found it
(:func:`state_conflict`); otherwise it keeps its own state and takes the hearing facts alone.
Both contexts then show the same state.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any, Literal

from safecase.core.case import Case
from safecase.core.crypto import DataKey, OrganisationKey
from safecase.core.people import Person, PersonRegistry
from safecase.core.states import CaseState

__all__ = [
    "CASE_PRIVATE",
    "HEARING_OWNED",
    "MERGED",
    "Snapshot",
    "apply_snapshot",
    "case_snapshot",
    "hearing_snapshot",
    "open_snapshot",
    "people_of",
    "seal_snapshot",
    "state_conflict",
    "wants_hearing_view",
]

Side = Literal["case", "hearing"]
Snapshot = dict[str, Any]

# What only the case context may know (DOMAIN.md §4: need to know).
CASE_PRIVATE = frozenset({"consents", "shares", "receipt_code_hash"})
# What the hearing context writes and the case context only mirrors.
HEARING_OWNED = frozenset({"monitoring_conditions"})
# Lists both contexts write, merged record by record: the panel intake's referral (T25) checks
# and the hearing record it opens, the decisions, appeals and extensions, an assignment of a
# panel member, an interim measure superseded by a sanction, a referral the sanction requires,
# a conflict declaration, the history.
MERGED = frozenset(
    {
        "panels",
        "hearings",
        "decisions",
        "appeals",
        "appeal_extensions",
        "assignments",
        "interim_measures",
        "referrals",
        "coi_declarations",
        "history",
    }
)
# States at which a case may go to a hearing: from here on the hearing context follows it.
HEARING_VIEW_FROM = frozenset({CaseState.RISK_ASSESSMENT})
SEALED_ASSOCIATED = "safecase.handover"


def wants_hearing_view(before: Case | None, after: Case) -> bool:
    """Whether the hearing context needs to hear of this change of the case."""
    cases = (after,) if before is None else (before, after)
    return any(case.state in HEARING_VIEW_FROM or case.panels or case.hearings for case in cases)


def people_of(case: Case, registry: PersonRegistry) -> list[Person]:
    """The people a case refers to (parties, people assigned, panel members) that are on file."""
    ids = {party.person_id for party in case.parties}
    ids |= {assignment.person_id for assignment in case.assignments}
    ids |= {member.person_id for panel in case.panels for member in panel.members}
    return [registry.get(person_id) for person_id in sorted(ids) if person_id in registry]


def case_snapshot(before: Case | None, after: Case, people: Iterable[Person]) -> Snapshot:
    """What the case context sends: the case without its private parts, and its people."""
    document = after.model_dump(mode="json", exclude=set(CASE_PRIVATE))
    return _snapshot("case", before, after, document, people)


def hearing_snapshot(before: Case, after: Case) -> Snapshot:
    """What the hearing context sends back: its own fields and the merged lists."""
    document = after.model_dump(mode="json", include=set(HEARING_OWNED | MERGED))
    return _snapshot("hearing", before, after, document, ())


def _snapshot(
    side: Side, before: Case | None, after: Case, document: dict[str, Any], people: Iterable[Person]
) -> Snapshot:
    return {
        "from": side,
        "case_id": after.id,
        "moved": before is None or before.state is not after.state,
        "from_state": before.state.value if before is not None else None,
        "state": after.state.value,
        "closure_reason": after.closure_reason.value if after.closure_reason else None,
        "updated_at": after.updated_at.isoformat(),
        "case": document,
        "people": [person.model_dump(mode="json") for person in people],
    }


def apply_snapshot(receiver: Case | None, snapshot: Snapshot) -> Case:
    """The receiver's case after applying ``snapshot`` (a new projection when ``None``)."""
    sent: dict[str, Any] = snapshot["case"]
    if receiver is None:
        if snapshot["from"] != "case":
            raise ValueError("a hearing snapshot cannot create a case")
        document = dict(sent)
        document["version"] = 0
        return Case.model_validate(document)
    document = receiver.model_dump(mode="json")
    owned = HEARING_OWNED if snapshot["from"] == "hearing" else _case_owned()
    for name in owned:
        if name in sent:
            document[name] = sent[name]
    for name in MERGED:
        if name in sent:
            document[name] = _merge(document.get(name) or [], sent[name])
    if snapshot["moved"] and not state_conflict(receiver, snapshot):
        document["state"] = snapshot["state"]
        document["closure_reason"] = snapshot["closure_reason"]
    document["updated_at"] = max(document["updated_at"], snapshot["updated_at"])
    return Case.model_validate(document)


def state_conflict(receiver: Case, snapshot: Snapshot) -> bool:
    """Whether a hearing snapshot moved the case from a state the case context has since left.

    The case context's own move wins; a snapshot from the case context never conflicts.
    """
    if snapshot["from"] != "hearing" or not snapshot["moved"]:
        return False
    found = snapshot.get("from_state")  # absent from snapshots sent before it was recorded
    return found is not None and receiver.state.value != found


def _case_owned() -> frozenset[str]:
    fields = frozenset(Case.model_fields)
    return fields - HEARING_OWNED - MERGED - CASE_PRIVATE - {"version", "state", "closure_reason"}


def _merge(mine: list[Any], theirs: list[Any]) -> list[Any]:
    """Both lists' records once each; the sender's copy of a record both have wins."""
    merged: dict[str, Any] = {_identity(item): item for item in mine}
    merged.update({_identity(item): item for item in theirs})
    items = list(merged.values())
    if items and isinstance(items[0], dict) and "at" in items[0]:
        items.sort(key=lambda item: str(item.get("at")))
    return items


def _identity(item: Any) -> str:
    if isinstance(item, dict) and "id" in item:
        return str(item["id"])
    if isinstance(item, dict) and "signed_at" in item and "person_id" in item:
        return "coi:" + str(item["person_id"])  # one declaration per person, the latest
    return json.dumps(item, sort_keys=True)


# --- sealing ------------------------------------------------------------------------------------


def seal_snapshot(key: OrganisationKey, event_id: str, snapshot: Snapshot) -> dict[str, str]:
    """``snapshot`` sealed for the organisation's own services, bound to its event."""
    data_key = DataKey.generate()
    return {
        "key_id": key.key_id,
        "wrapped_key": base64.b64encode(key.wrap(data_key)).decode("ascii"),
        "ciphertext": data_key.seal(
            json.dumps(snapshot, separators=(",", ":")).encode("utf-8"),
            f"{SEALED_ASSOCIATED}:{event_id}",
        ),
    }


def open_snapshot(key: OrganisationKey, event_id: str, sealed: dict[str, str]) -> Snapshot:
    """The snapshot sealed into event ``event_id`` (refused if moved to another event)."""
    data_key = key.unwrap(base64.b64decode(sealed["wrapped_key"]), sealed.get("key_id") or None)
    plain = data_key.open(sealed["ciphertext"], f"{SEALED_ASSOCIATED}:{event_id}")
    snapshot: Snapshot = json.loads(plain)
    return snapshot
