"""No identifier of a case ever reaches the support service (G12), and revocation leaves nothing
readable (G15): a property over generated cases.

Each generated case is full of canaries (names, aliases, e-mail addresses, phone numbers,
postcodes, dates of birth, club names, and free text mentioning them in many forms). The core
builds its packet (:func:`safecase.core.redaction.build_packet`, the scan of the G12 guard and
the plugin's redaction hook), the organisation's side seals it
(:func:`safecase.services.common.sharing.share_document`), and the advisory service's consumer
applies it to a real database. No canary may appear in the wire bytes, in any row of any table,
in any log record, or in the share as an allocated member reads it; after the revocation the
share's content and its data key are gone too.

``tests/benchmarks/soak_advisory_privacy.py`` runs the same property on 10,000+ cases.
"""

from __future__ import annotations

import base64
import logging
import re
import secrets
import string
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from google.protobuf import struct_pb2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, inspect, text

from safecase.core.people import Affiliation, Person
from safecase.core.persistence.database import open_engine
from safecase.core.redaction import build_packet, fold, scan_packet
from safecase.core.share import AdvisoryShare
from safecase.core.share_sealing import SupportKey, generate_support_key, open_share_key, seal_share
from safecase.core.states import Role
from safecase.core.testing import Scenario
from safecase.events.v1 import event_pb2
from safecase.services.advisory import migrate, views
from safecase.services.advisory.consumers import ShareConsumer
from safecase.services.advisory.registry import MemberRegistry
from safecase.services.advisory.store import AdvisoryStore, Caller
from safecase.services.common import sharing

ORGANISATION = "org-privacy"
MEMBER = "member-all-areas"
LETTERS = string.ascii_lowercase
ACCENTED = "éèüöñçå"

# --- canaries ------------------------------------------------------------------------------------

# Every canary word starts with "zx", which no word of an envelope, a packet, a code or a
# ciphertext's surroundings does, so a match is a leak, never a coincidence.
word = st.text(alphabet=LETTERS, min_size=6, max_size=10).map(lambda w: "zx" + w)
accented_word = st.builds(
    lambda head, accent, tail: "zx" + head + accent + tail,
    st.text(alphabet=LETTERS, min_size=4, max_size=6),
    st.sampled_from(ACCENTED),
    st.text(alphabet=LETTERS, min_size=4, max_size=6),
)
name_word = st.one_of(word, accented_word).map(str.capitalize)
postcode = st.builds(
    lambda area, district, sector, unit: f"{area}{district} {sector}{unit}",
    st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=2),
    st.integers(1, 99),
    st.integers(0, 9),
    st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=2),
)
phone = st.integers(100_000, 999_999).map(lambda n: f"+44 7700 {n}")
birthday = st.dates(min_value=date(1955, 1, 1), max_value=date(2016, 12, 31))


@dataclass(frozen=True)
class Canary:
    """One person of a generated case and every way the free text may name them."""

    first: str
    last: str
    alias: str
    email: str
    phone: str
    date_of_birth: date
    club: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def dob_forms(self) -> list[str]:
        d = self.date_of_birth
        return [
            d.isoformat(),
            f"{d.day}/{d.month}/{d.year}",
            f"{d.day:02d}/{d.month:02d}/{d.year}",
            f"{d.day} {d:%B} {d.year}",
            f"{d:%B} {d.day}, {d.year}",
        ]

    def words(self) -> list[str]:
        """Canaries matched as whole words (names, aliases)."""
        return [self.first, self.last, self.alias]

    def strings(self) -> list[str]:
        """Canaries matched as they are written (contacts, dates, the club's name)."""
        return [self.name, self.email, self.phone, self.club, *self.dob_forms()]


canary = st.builds(
    lambda first, last, alias, local, domain, tel, dob, club: Canary(
        first, last, alias, f"{local}@{domain}.org", tel, dob, f"{club} Swimming Club"
    ),
    name_word,
    name_word,
    name_word,
    word,
    word,
    phone,
    birthday,
    name_word,
)


@dataclass(frozen=True)
class GeneratedCase:
    complainant: Canary
    respondent: Canary
    witness: Canary
    postcodes: tuple[str, ...]
    question: str
    summary: str
    chronology: str
    options: str

    @property
    def people(self) -> tuple[Canary, ...]:
        return (self.complainant, self.respondent, self.witness)

    def canaries(self) -> tuple[list[str], list[str]]:
        words = [w for p in self.people for w in p.words()]
        strings = [s for p in self.people for s in p.strings()] + list(self.postcodes)
        return words, strings


def _mention(person: Canary, form: int, code: str) -> str:
    forms = [
        person.name,
        person.first,
        person.last,
        person.alias,
        f"{person.name.upper()} ({person.email})",
        f"{person.first} on {person.phone}",
        f"{person.last}, born {person.dob_forms()[form % 5]}",
        f"{person.first} of {person.club}",
        f"{person.email} / {person.phone} / {code}",
    ]
    return forms[form % len(forms)]


@st.composite
def generated_cases(draw: st.DrawFn) -> GeneratedCase:
    people = [draw(canary) for _ in range(3)]
    codes = tuple(draw(st.lists(postcode, min_size=1, max_size=3)))
    filler = st.sampled_from(
        ["said", "was shouted at by", "met", "complained about", "trained with", "wrote to"]
    )

    def text_(sentences: int) -> str:
        parts = []
        for _ in range(sentences):
            a, b = draw(st.sampled_from(people)), draw(st.sampled_from(people))
            parts.append(
                f"{_mention(a, draw(st.integers(0, 20)), draw(st.sampled_from(codes)))} "
                f"{draw(filler)} "
                f"{_mention(b, draw(st.integers(0, 20)), draw(st.sampled_from(codes)))} "
                f"near {draw(st.sampled_from(codes))}."
            )
        return " ".join(parts)

    return GeneratedCase(
        complainant=people[0],
        respondent=people[1],
        witness=people[2],
        postcodes=codes,
        question="Should we restrict " + text_(1),
        summary=text_(draw(st.integers(1, 3))),
        chronology=text_(draw(st.integers(0, 2))),
        options=text_(draw(st.integers(0, 1))),
    )


# --- what the advisory side receives and keeps ---------------------------------------------------


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
        self.lines.append(repr(record.args))
        if record.exc_info:
            self.lines.append(logging.Formatter().formatException(record.exc_info))


def stored(engine: Engine) -> str:
    """Every value of every row of every table, as text."""
    parts = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    parts.append(str(value))
    return "\n".join(parts)


def leaks(haystack: str, words: list[str], strings: list[str]) -> list[str]:
    """The canaries found in ``haystack``: case ignored, each with and without its accents;
    words as whole words, the others as written."""
    folded = haystack.casefold()
    forms = {form: w for w in words for form in (w.casefold(), fold(w))}
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?!\w)"
    )
    found = [forms[m.group(1)] for m in pattern.finditer(folded)]
    return found + [s for s in strings if s.casefold() in folded or fold(s) in folded]


@dataclass
class Support:
    """The advisory service's side, built once for all examples (one engine, one member)."""

    engine: Engine
    store: AdvisoryStore
    consumer: ShareConsumer
    support_key: SupportKey
    advice_public: str
    scenario: Scenario
    records: Records
    shared: int = 0
    checked: list[str] = field(default_factory=list)

    def run(self, case: GeneratedCase) -> None:
        s = self.scenario
        persons: list[dict[str, object]] = []
        for person, role in zip(case.people, ("COMPLAINANT", "RESPONDENT", "WITNESS"), strict=True):
            added = s.people.add(
                Person(
                    name=person.name,
                    aliases=[person.alias],
                    email=person.email,
                    phone=person.phone,
                    date_of_birth=person.date_of_birth,
                    affiliations=[Affiliation(club=person.club)],
                )
            )
            persons.append({"person_id": added.id, "role": role})
        persons[1]["position_of_trust"] = True
        opened = s.open(
            "submit_report",
            narrative=case.summary,
            parties=persons,
            categories=[s.category()],
        )
        now = s.clock.now
        packet, identifiers = build_packet(
            opened,
            s.people,
            s.organisation,
            question=case.question,
            now=now,
            summary=case.summary,
            chronology=case.chronology,
            options=case.options,
        )
        packet = s.plugins.redact_share(opened, packet)
        assert scan_packet(packet, identifiers) == []  # what the G12 guard would refuse
        share = AdvisoryShare(
            question=packet.question,
            started_at=now,
            packet=packet,
            expires_at=now + timedelta(days=14),
        )
        document = sharing.share_document(
            share,
            expertise=["SAFEGUARDING"],
            reply_to_public=self.advice_public,
            conflict_names=sharing.conflict_names(opened, s.people, s.organisation),
        )
        sealed = seal_share(self.support_key.public_bytes, share.id, document)
        published = _event(share.id, "AdvisoryPacketPublished", now.isoformat(), sealed.as_dict())
        subject = f"safecase.advisory.shares.{ORGANISATION}.{share.id}"
        words, strings = case.canaries()
        self.records.lines.clear()

        assert not leaks(published.decode("latin-1") + subject, words, strings), "wire"
        assert self.consumer.apply_message(published, f"{subject}.published")
        view = self.store.get_share(Caller(MEMBER, Role.ADV), share.id)
        read = str(views.share(view, coordinator=False))
        assert view.packet is not None
        assert not leaks(read, words, strings), "the share as a member reads it"
        assert not leaks(stored(self.engine), words, strings), "the database"
        key = open_share_key(self.support_key, share.id, sealed).material

        revoked = _event(share.id, "AdvisoryShareRevoked", now.isoformat(), None)
        assert self.consumer.apply_message(revoked, f"{subject}.revoked")
        after = stored(self.engine)
        for secret in (sealed.ciphertext, sealed.wrapped_key, base64.b64encode(key).decode()):
            assert secret not in after, "revocation left the content or its key"
        assert key.hex() not in after
        assert not leaks("\n".join(self.records.lines), words, strings), "the logs"
        self.shared += 1


def _event(share_id: str, kind: str, expires: str, sealed: dict[str, str] | None) -> bytes:
    payload = struct_pb2.Struct()
    payload.update({"share_id": share_id, **({"expires_at": expires} if sealed else {})})
    event = event_pb2.Event(
        id=secrets.token_hex(16),
        type=kind,
        version=1,
        organization=ORGANISATION,
        actor="system",
        actor_role="SYS",
        step="A2" if sealed else "A4",
        payload=payload,
    )
    if sealed is not None:
        event.sealed.CopyFrom(event_pb2.SealedDocument(key_id="", **sealed))
    return event.SerializeToString()


def support(directory: Path) -> Support:
    """The advisory side on a fresh SQLite database in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    engine = open_engine(f"sqlite:///{directory / 'advisory.sqlite'}")
    migrate.upgrade(engine)
    scenario = Scenario("scotland", organisation_id=ORGANISATION)
    support_key = generate_support_key(directory / "keys" / "support.key")
    advice_key = generate_support_key(directory / "keys" / "advice.key")
    store = AdvisoryStore(engine, support_key, "cmss", clock=lambda: scenario.clock.now)
    MemberRegistry(store).create(
        Caller("coordinator", Role.DSL), MEMBER, list(sharing.EXPERTISE), True, [], None
    )
    records = Records()
    return Support(
        engine=engine,
        store=store,
        consumer=ShareConsumer(store, None),  # type: ignore[arg-type]  # applied directly
        support_key=support_key,
        advice_public=base64.b64encode(advice_key.public_bytes).decode("ascii"),
        scenario=scenario,
        records=records,
    )


@pytest.fixture(scope="module")
def advisory_side() -> Iterator[Support]:
    with tempfile.TemporaryDirectory() as directory:
        side = support(Path(directory))
        root = logging.getLogger()
        level = root.level
        root.addHandler(side.records)
        root.setLevel(logging.DEBUG)
        try:
            yield side
        finally:
            root.removeHandler(side.records)
            root.setLevel(level)
            side.engine.dispose()


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=generated_cases())
def test_no_identifier_of_a_case_reaches_the_advisory_side(
    advisory_side: Support, case: GeneratedCase
) -> None:
    """G12 and G15: wire, database, logs and the member's view hold no canary; after the
    revocation nothing of the share's content or key is stored."""
    advisory_side.run(case)


def test_the_property_ran_on_every_generated_case(advisory_side: Support) -> None:
    """At least 500 generated cases went through the consumer (the suite's promise)."""
    assert advisory_side.shared >= 500
