"""Building a pseudonymised advisory packet and scanning it for direct identifiers (G12).

The packet is built from the whitelist of DOMAIN.md §4.3 only; free text written by the DSL
is scrubbed (persons -> packet pseudonyms, every other identifier -> ``[redacted]``), then the
whole packet is scanned again. The scan is the guard: whatever a plugin's redaction hook does,
a packet with an identifier of the case is refused.
"""

from __future__ import annotations

import re
import secrets
import string
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from safecase.core.case import Case, PartyRole
from safecase.core.organisation import Organisation
from safecase.core.people import Person, PersonRegistry
from safecase.core.share import PacketPerson, SharePacket

__all__ = ["Identifier", "age_band", "build_packet", "identifiers_of", "scan_packet", "scrub"]

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)\+?\d[\d\s().-]{7,}\d(?!\w)")
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
HANDLE = re.compile(r"(?<!\w)@\w{2,}")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
PATTERNS = {
    "email": EMAIL,
    "phone": PHONE,
    "postcode": UK_POSTCODE,
    "handle": HANDLE,
    "date": ISO_DATE,
    "numeric_date": NUMERIC_DATE,
}


@dataclass(frozen=True)
class Identifier:
    """A direct identifier of the case: its normalised text and what kind it is."""

    text: str
    kind: str
    replacement: str = "[redacted]"


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form used for matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def age_band(date_of_birth: date | None, on: date) -> str | None:
    if date_of_birth is None:
        return None
    years = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    for upper, band in ((12, "<12"), (16, "12–15"), (18, "16–17"), (26, "18–25")):
        if years < upper:
            return band
    return "26+"


def _date_forms(day: date) -> list[str]:
    return [
        day.isoformat(),
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.month}/{day.day}/{day.year}",
        f"{day.day} {day:%B} {day.year}",
        f"{day:%B} {day.day}, {day.year}",
    ]


def _person_identifiers(person: Person, pseudonym: str) -> list[Identifier]:
    found: list[Identifier] = []
    for name in [person.name, *person.aliases]:
        found.append(Identifier(fold(name), "name", pseudonym))
        found += [Identifier(fold(t), "name", pseudonym) for t in name.split() if len(t) >= 3]
    if person.date_of_birth:
        found += [Identifier(fold(f), "date_of_birth") for f in _date_forms(person.date_of_birth)]
    found += [
        Identifier(fold(v), kind)
        for kind, v in (("email", person.email), ("phone", person.phone))
        if v
    ]
    found += [Identifier(fold(a.club), "club") for a in person.affiliations]
    return found


def identifiers_of(
    case: Case, people: PersonRegistry, pseudonyms: dict[str, str]
) -> list[Identifier]:
    """The identifier set of G12: every person's names, DOBs, contacts, clubs; references."""
    found: list[Identifier] = []
    involved = set(case.party_ids()) | {a.person_id for a in case.assignments}
    for person_id in sorted(involved):
        if person_id in people:
            found += _person_identifiers(
                people.get(person_id), pseudonyms.get(person_id, "[person]")
            )
    for referral in case.referrals:
        found += [
            Identifier(fold(v), "agency_reference")
            for v in (referral.reference, referral.officer)
            if v
        ]
    # Longest first, so that a full name is replaced before its parts.
    return sorted({i.text: i for i in found if i.text.strip()}.values(), key=lambda i: -len(i.text))


def _contains(haystack: str, needle: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the index of the character of ``text``
    it came from, so a match found in the folded form can be replaced in the original."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        part = fold(char)
        folded.append(part)
        origin += [index] * len(part)
    return "".join(folded), origin


def scrub(text: str, identifiers: list[Identifier]) -> str:
    """Replace identifiers and identifier-shaped strings in free text.

    Matching ignores case and diacritics (G12), but the replacement is made in the original
    text, so what the DSL wrote (the question is shared verbatim, §4.3) keeps its own case.
    """
    result = unicodedata.normalize("NFC", text)
    for identifier in identifiers:
        pattern = re.compile(rf"(?<!\w){re.escape(identifier.text)}(?!\w)")
        folded, origin = _folded_with_origin(result)
        spans = [
            (origin[m.start()], origin[m.end() - 1] + 1)
            for m in pattern.finditer(folded)
            if m.end() > m.start()
        ]
        # Right to left, so earlier spans keep their positions; replacements are not rescanned.
        for start, end in reversed(spans):
            result = result[:start] + identifier.replacement + result[end:]
    for regex in PATTERNS.values():
        result = regex.sub("[redacted]", result)
    return result


def scan_packet(packet: SharePacket, identifiers: list[Identifier]) -> list[tuple[str, str]]:
    """``(field, kind)`` for every identifier found anywhere in the packet."""
    hits: list[tuple[str, str]] = []
    for field_name, text in packet.texts().items():
        folded = fold(text)
        hits += [(field_name, i.kind) for i in identifiers if _contains(folded, i.text)]
        hits += [(field_name, kind) for kind, p in PATTERNS.items() if p.search(text)]
    return hits


ROLE_LABEL = {
    PartyRole.COMPLAINANT: "Complainant",
    PartyRole.RESPONDENT: "Respondent",
    PartyRole.WITNESS: "Witness",
    PartyRole.REPORTER: "Reporter",
}


def assign_pseudonyms(case: Case) -> dict[str, str]:
    """Packet-local pseudonyms with random letters, never derived from ids (G12)."""
    letters = list(string.ascii_uppercase)
    secrets.SystemRandom().shuffle(letters)
    pseudonyms: dict[str, str] = {}
    for index, party in enumerate(case.parties):
        if party.person_id not in pseudonyms:
            pseudonyms[party.person_id] = f"{ROLE_LABEL[party.role]} {letters[index % 26]}"
    return pseudonyms


def build_packet(
    case: Case,
    people: PersonRegistry,
    organisation: Organisation,
    *,
    question: str,
    now: datetime,
    summary: str = "",
    chronology: str = "",
    options: str = "",
) -> tuple[SharePacket, list[Identifier]]:
    """The whitelisted, pseudonymised packet and the identifier set it was scrubbed of."""
    pseudonyms = assign_pseudonyms(case)
    identifiers = identifiers_of(case, people, pseudonyms)
    identifiers.append(Identifier(fold(organisation.name), "organisation", "the organisation"))
    persons = []
    for party in case.parties:
        person = people.get(party.person_id) if party.person_id in people else None
        persons.append(
            PacketPerson(
                pseudonym=pseudonyms[party.person_id],
                role=party.role.value,
                age_band=age_band(person.date_of_birth if person else None, now.date()),
                generic_role="adult in a position of trust" if party.position_of_trust else None,
            )
        )
    stages = tuple(f"{h.to_state.value} ({h.at:%B %Y})" for h in case.history)
    report = case.investigation.report if case.investigation else None
    packet = SharePacket(
        sharing_organisation=f"{organisation.kind}, {organisation.size_band}",
        question=scrub(question, identifiers),
        persons=tuple(persons),
        geography=organisation.region,
        categories=tuple(sorted(case.categories)),
        summary=scrub(summary, identifiers),
        chronology=scrub(chronology, identifiers),
        stage_history=stages,
        referral_types=tuple(
            sorted({f"{r.agency} referral {r.status.value.lower()}" for r in case.referrals})
        ),
        findings_summary=f"investigation concluded: {report.conclusion.value}" if report else "",
        options_under_consideration=scrub(options, identifiers),
    )
    return packet, identifiers
