"""Registry screening (G33) of a whole membership, beside a bare rapidfuzz ``cdist`` as the limit.

100,000 generated members are screened with ``screen_many`` against 10,000 sanctioned people
(fuzzy name + date of birth, previous names and aliases). The limit is what the matching
library does with no screening logic at all: one Jaro-Winkler ``cdist`` of every member's
normalised name against every sanctioned person's normalised legal name (score_cutoff, all
cores), computed in chunks of members so that the 100k x 10k float32 matrix (4 GB) is never
held at once. Targets: ``screen_many`` <= 5 s and within 2x of the limit.

Run: ``./scripts/uv run python tests/benchmarks/bench_screening.py [--members N] [--sanctioned N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from safecase.core.people import Person
from safecase.core.registry import (
    DecisionRef,
    EntryStatus,
    RegistryEntry,
    RegistryPerson,
    SanctionRegistry,
    SportRole,
)
from safecase.core.ruleset import RegistryVisibility
from safecase.core.screening import DEFAULT_THRESHOLD, NICKNAMES, normalise_name, screen_many

RESULTS = Path(__file__).parent / "results"
SEED = 33
FEED_ORG = "bench-feed"
NOW = datetime(2026, 1, 15, 12, tzinfo=UTC)
FIRST_DOB, DOB_DAYS = date(1955, 1, 1), 60 * 365  # dates of birth spread over ~60 years
MISSING_DOB = 0.005  # share of members, and of sanctioned people, without a date of birth
PLANTED = 0.01  # share of members who are near-variants of a sanctioned person
PREVIOUS_NAME, KNOWN_ALIAS, MEMBER_ALIAS = 0.03, 0.01, 0.005
LIMIT_CHUNK = 10_000  # members per cdist call of the limit (10k x 10k float32 = 400 MB)

# (given names, family names) by naming culture, combined mostly within a culture; "_" joins
# the words of one name.
_NAMES: dict[str, tuple[str, str]] = {
    "british_irish": (
        "Robert William James Andrew Alexander Benjamin Christopher Daniel David Elizabeth "
        "Katherine Margaret Matthew Michael Nicholas Patrick Samuel Stephen Susan Thomas Anthony "
        "Joseph Jonathan Emma Olivia Sophie Grace Chloe Lucy Hannah Jack Harry Oliver Charlie "
        "George Ewan Fraser Callum Iona Kirsty Eilidh Niamh Siobhán Róisín Seán Aoife Ciarán "
        "Pádraig Caoimhe",
        "Smith Jones Brown Taylor Wilson Campbell Stewart Robertson MacDonald McDonald MacKenzie "
        "O'Brien Murphy Kelly O'Neill Ryan Walsh Byrne Thomson Anderson Scott Murray Reid Clark "
        "Ross Paterson Watson Morrison Graham Young Mitchell Hughes Evans Davies Roberts "
        "Allan-Reid McLaughlin Ó_Súilleabháin Doherty",
    ),
    "iberian": (
        "José María Juan Lucía Sofía Alejandro Javier Carmen Pilar Andrés João Conceição Gonçalo "
        "Inês Raúl Begoña Íñigo Álvaro Marta Pedro",
        "García López Martínez Rodríguez Hernández González Pérez Sánchez Ramírez Díaz "
        "Fernández Gómez Silva Santos Oliveira Pereira Gonçalves Araújo Muñoz Jiménez",
    ),
    "french": (
        "François Élodie Hélène Amélie Jérôme Benoît Léa Chloé Étienne Théo Camille Julien "
        "Margaux Noël",
        "Dubois Lefèvre Moreau Girard Bonnet Mercier Rousseau Lemaire Fontaine Chevalier "
        "Bélanger Lambert Faure Gauthier",
    ),
    "german_nordic": (
        "Jürgen Jörg Björn Søren Åsa Mikael Lars Ingrid Sigríður Günter Lena Jonas Matthias "
        "Freya Henrik Sölvi",
        "Müller Schröder Schäfer Köhler Weiß Hansen Johansson Nielsen Andersson Ødegaard "
        "Lindqvist Bäckström Fischer Wagner Becker Jensen",
    ),
    "central_european": (
        "Łukasz Paweł Małgorzata Agnieszka Wojciech Zofia Jiří Tomáš Kateřina Piotr Krzysztof "
        "Magdalena",
        "Kowalski Wiśniewski Wójcik Kamiński Lewandowski Zieliński Dvořák Novák Svoboda "
        "Nowak Szymański Woźniak",
    ),
    "turkish": (
        "Mehmet Ayşe Çağlar Gülşen Emre Zeynep Burak Elif Oğuz Şule",
        "Yılmaz Kaya Demir Şahin Çelik Öztürk Aydın Arslan Doğan Kılıç",
    ),
    "vietnamese": (
        "Thị Văn Minh Anh Hương Dũng Tuấn Linh Quang Thảo",
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Võ Đặng Bùi Đỗ",
    ),
    "chinese": (
        "Wei Li Fang Jing Xiuying Hao Jun Lei Yan Ming Xin Yu",
        "Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma",
    ),
    "indian": (
        "Aarav Priya Rahul Ananya Vikram Deepika Arjun Sanjay Lakshmi Rohan Kavya Aditya",
        "Patel Sharma Singh Kumar Gupta Reddy Iyer Nair Chatterjee Mehta Joshi Rao",
    ),
    "arabic": (
        "Mohammed Ahmed Fatima Aisha Omar Youssef Layla Hassan Khalid Mariam Nour Samir",
        "Al-Sayed Haddad Khalil Mansour Nasser Saleh Abdullah Hamdan Aziz Farouk",
    ),
    "west_african": (
        "Chinedu Ngozi Adebayo Oluwaseun Emeka Folake Kwame Ama Kofi Abena Tunde Yaw",
        "Okafor Adeyemi Okonkwo Balogun Mensah Owusu Nwosu Eze Boateng Asante Adeleke",
    ),
    "japanese": (
        "Haruto Yui Sōta Hina Ren Aoi Yūto Sakura Kenji Yōko",
        "Satō Suzuki Takahashi Tanaka Watanabe Itō Yamamoto Nakamura Kobayashi Katō",
    ),
    "greek_italian": (
        "Giorgos Eleni Dimitris Nikos Sofia Giuseppe Giulia Francesco Chiara Niccolò Matteo "
        "Alessandra",
        "Papadopoulos Georgiou Nikolaidis Rossi Russo Ferrari Esposito Bianchi Romano Conti "
        "Ricci Marino",
    ),
}
CULTURES = {
    culture: tuple([name.replace("_", " ") for name in names.split()] for names in pair)
    for culture, pair in _NAMES.items()
}

# Letters NFKD does not decompose, written without their marks on a plain keyboard.
PLAIN_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "ı": "i", "đ": "d", "Đ": "D"}
)
NICKNAMES_OF: defaultdict[str, list[str]] = defaultdict(list)
for _short, _full in NICKNAMES.items():
    NICKNAMES_OF[_full].append(_short)


# --- generated data -------------------------------------------------------------------------------


def person_name(rng: random.Random) -> str:
    culture = rng.choice(list(CULTURES))
    given, family = CULTURES[culture]
    other = CULTURES[rng.choice(list(CULTURES))][1] if rng.random() < 0.15 else family
    names = [rng.choice(given)]
    if rng.random() < 0.1:
        names.append(rng.choice(given))  # a middle name
    names.append(rng.choice(other))
    if culture == "iberian" and rng.random() < 0.5:
        names.append(rng.choice(family))  # two family names
    return " ".join(names)


def dob(rng: random.Random) -> date | None:
    if rng.random() < MISSING_DOB:
        return None
    return FIRST_DOB + timedelta(days=rng.randrange(DOB_DAYS))


def typo(name: str, rng: random.Random) -> str:
    words = name.split(" ")
    k = max(range(len(words)), key=lambda i: (len(words[i]) >= 4, rng.random()))
    word, at = words[k], rng.randrange(1, max(2, len(words[k])))
    letter = rng.choice("aeinorstl")
    match rng.choice(["substitute", "delete", "insert", "transpose"]):
        case "substitute":
            word = word[:at] + letter + word[at + 1 :]
        case "delete":
            word = word[:at] + word[at + 1 :]
        case "insert":
            word = word[:at] + letter + word[at:]
        case _:
            word = word[: at - 1] + word[at : at + 1] + word[at - 1 : at] + word[at + 1 :]
    words[k] = word
    return " ".join(words)


def token_swap(name: str, rng: random.Random) -> str:
    words = name.split(" ")
    return f"{words[-1]}, {' '.join(words[:-1])}" if rng.random() < 0.5 else " ".join(words[::-1])


def nickname(name: str, rng: random.Random) -> str | None:
    words = name.split(" ")
    for k, word in enumerate(words):
        if NICKNAMES_OF.get(word.casefold()):
            words[k] = rng.choice(NICKNAMES_OF[word.casefold()]).capitalize()
            return " ".join(words)
    return None


def without_diacritics(name: str, rng: random.Random) -> str | None:
    plain = unicodedata.normalize("NFKD", name.translate(PLAIN_LETTERS))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain if plain != name else None


VARIANTS: dict[str, Callable[[str, random.Random], str | None]] = {
    "typo": typo,
    "token_swap": token_swap,
    "nickname": nickname,
    "missing_diacritic": without_diacritics,
}


def sanctioned_entries(count: int, rng: random.Random) -> list[RegistryEntry]:
    entries = []
    for n in range(count):
        name = person_name(rng)
        roll = rng.random()
        previous: tuple[str, ...] = ()
        if roll < PREVIOUS_NAME:  # e.g. a name before marriage: same given name, another family
            previous = (f"{name.split(' ')[0]} {person_name(rng).split(' ')[-1]}",)
        aliases = (person_name(rng),) if PREVIOUS_NAME <= roll < PREVIOUS_NAME + KNOWN_ALIAS else ()
        entries.append(
            RegistryEntry(
                entry_id=f"entry-{n}",
                owner_org=FEED_ORG,
                person=RegistryPerson(
                    person_id=f"sanctioned-{n}",
                    legal_name=name,
                    previous_names=previous,
                    known_aliases=aliases,
                    dob=dob(rng),
                ),
                status=EntryStatus.ACTIVE,
                sanction_type="SUSPENSION",
                starts_at=NOW - timedelta(days=rng.randrange(1, 2000)),
                ends_at=None,
                decision_ref=DecisionRef(case_id=f"case-{n}", decision_id=f"decision-{n}"),
                visibility=RegistryVisibility.SHARED_DSA,
            )
        )
    return entries


def members(
    count: int, entries: list[RegistryEntry], rng: random.Random
) -> tuple[list[Person], dict[int, tuple[str, str]]]:
    """The members, and the planted ones: member index -> (variant kind, source entry_id)."""
    dated = [e for e in entries if e.person.dob is not None]
    suited = {
        kind: [e for e in dated if make(e.person.legal_name, random.Random(0)) is not None]
        for kind, make in VARIANTS.items()
    }
    people: list[Person] = []
    planted: dict[int, tuple[str, str]] = {}
    kinds = list(VARIANTS)
    for n in range(count):
        if rng.random() < PLANTED:
            kind = kinds[len(planted) % len(kinds)]
            source = rng.choice(suited[kind])
            name = VARIANTS[kind](source.person.legal_name, rng)
            assert name is not None
            planted[n] = (kind, source.entry_id)
            people.append(Person(id=f"member-{n}", name=name, date_of_birth=source.person.dob))
            continue
        aliases = [person_name(rng)] if rng.random() < MEMBER_ALIAS else []
        people.append(
            Person(id=f"member-{n}", name=person_name(rng), date_of_birth=dob(rng), aliases=aliases)
        )
    return people, planted


# --- measured -------------------------------------------------------------------------------------


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def bare_cdist(queries: list[str], choices: list[str], threshold: float) -> int:
    """The limit: every query against every choice, counting the cells at the threshold."""
    found = 0
    for start in range(0, len(queries), LIMIT_CHUNK):
        scores = process.cdist(
            queries[start : start + LIMIT_CHUNK],
            choices,
            scorer=JaroWinkler.normalized_similarity,
            score_cutoff=threshold,
            dtype=np.float32,
            workers=-1,
        )
        found += int(np.count_nonzero(scores))
    return found


def pairs_after_blocking(people: list[Person], entries: list[RegistryEntry]) -> int:
    """The (member name or alias, entry name) pairs G33 leaves to compare once DOBs block.

    ``screen_many`` compares distinct normalised names only, so it scores fewer than this.
    """
    people_on = Counter(p.date_of_birth for p in people)
    entries_on = Counter(e.person.dob for e in entries)
    undated_people, undated_entries = people_on.pop(None, 0), entries_on.pop(None, 0)
    legal = sum(n * entries_on.get(day, 0) for day, n in people_on.items())
    legal += len(people) * undated_entries + undated_people * (len(entries) - undated_entries)
    member_aliases = sum(len(p.aliases) for p in people)
    other_names = sum(len(e.person.previous_names) + len(e.person.known_aliases) for e in entries)
    return legal + member_aliases * len(entries) + (len(people) + member_aliases) * other_names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--sanctioned", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for screen_many")
    parser.add_argument("--limit-repeat", type=int, default=1, help="best of N for the limit")
    args = parser.parse_args()
    threshold = DEFAULT_THRESHOLD

    started = time.perf_counter()
    rng = random.Random(SEED)
    entries = sanctioned_entries(args.sanctioned, rng)
    people, planted = members(args.members, entries, rng)
    registry = SanctionRegistry(FEED_ORG, entries)
    generated_s = time.perf_counter() - started

    screen_s, hits = best_of(
        args.repeat, lambda: screen_many(people, SportRole.COACH, [registry], now=NOW)
    )
    member_names = [normalise_name(p.name) for p in people]
    legal_names = [normalise_name(e.person.legal_name) for e in entries]
    limit_s, limit_cells = best_of(
        args.limit_repeat, lambda: bare_cdist(member_names, legal_names, threshold)
    )

    found_by_kind: Counter[str] = Counter()
    for member, (kind, entry_id) in planted.items():
        found_by_kind[kind] += any(h.entry_id == entry_id for h in hits[member])
    planted_by_kind = Counter(kind for kind, _ in planted.values())
    hit_kinds = Counter(h.match.value for member_hits in hits for h in member_hits)
    planted_pairs = {(member, entry_id) for member, (_, entry_id) in planted.items()}
    other_hits = sum(
        (member, h.entry_id) not in planted_pairs
        for member, member_hits in enumerate(hits)
        for h in member_hits
    )
    recall = sum(found_by_kind.values()) / max(1, len(planted))
    ratio = screen_s / limit_s
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "data": {
            "seed": SEED,
            "members": len(people),
            "sanctioned": len(entries),
            "members_without_dob": sum(p.date_of_birth is None for p in people),
            "sanctioned_without_dob": sum(e.person.dob is None for e in entries),
            "member_aliases": sum(len(p.aliases) for p in people),
            "sanctioned_other_names": sum(
                len(e.person.previous_names) + len(e.person.known_aliases) for e in entries
            ),
            "planted_variants": len(planted),
            "generated_s": round(generated_s, 2),
        },
        "threshold": threshold,
        "screen_many": {
            "seconds": round(screen_s, 3),
            "best_of": args.repeat,
            "pairs_after_blocking": pairs_after_blocking(people, entries),
            "hits": sum(hit_kinds.values()),
            "hits_by_kind": dict(sorted(hit_kinds.items())),
            "members_with_hits": sum(1 for member_hits in hits if member_hits),
            "hits_besides_planted": other_hits,
        },
        "limit": {
            "what": "bare rapidfuzz cdist, every normalised member name x every normalised "
            "legal name, Jaro-Winkler, score_cutoff, workers=-1, float32, "
            f"in chunks of {LIMIT_CHUNK} members (the full matrix would be "
            f"{len(people) * len(entries) * 4 / 1e9:.1f} GB); no DOB, no aliases",
            "seconds": round(limit_s, 3),
            "best_of": args.limit_repeat,
            "pairs_compared": len(people) * len(entries),
            "cells_at_threshold": limit_cells,
        },
        "ratio": round(ratio, 3),
        "recall": {
            "overall": round(recall, 4),
            **{
                kind: f"{found_by_kind[kind]}/{planted_by_kind[kind]}"
                for kind in sorted(planted_by_kind)
            },
        },
        "targets": {"screen_many_s": "<= 5", "ratio": "<= 2"},
        "met": screen_s <= 5 and ratio <= 2,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "screening.json").write_text(json.dumps(report, indent=2), encoding="utf-8")

    rows = [
        ("screen_many", f"{screen_s:.2f} s", f"best of {args.repeat}", "<= 5 s"),
        ("limit (bare cdist)", f"{limit_s:.2f} s", f"in {LIMIT_CHUNK:,}-member chunks", ""),
        ("ratio", f"{ratio:.2f}", "screen_many / limit", "<= 2"),
        ("pairs after blocking", f"{report['screen_many']['pairs_after_blocking']:,}", "", ""),
        ("limit pairs", f"{len(people) * len(entries):,}", "all x all", ""),
        ("recall", f"{recall:.1%}", f"{sum(found_by_kind.values())}/{len(planted)} planted", ""),
        (
            "hits",
            f"{sum(hit_kinds.values()):,}",
            ", ".join(f"{k} {v}" for k, v in hit_kinds.items()),
            "",
        ),
        ("members with hits", f"{report['screen_many']['members_with_hits']:,}", "", ""),
        ("limit cells >= t", f"{limit_cells:,}", "names only, any DOB", ""),
    ]
    print(f"G33 screening: {len(people):,} members x {len(entries):,} sanctioned, t={threshold}")
    for row in rows:
        print(f"  {row[0]:<20} {row[1]:>14}  {row[2]:<34} {row[3]}")
    print("  recall by variant: " + ", ".join(f"{k} {v}" for k, v in report["recall"].items()))
    print(
        f"  targets {'met' if report['met'] else 'NOT met'}; JSON in {RESULTS / 'screening.json'}"
    )


if __name__ == "__main__":
    main()
