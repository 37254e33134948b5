"""Soak of the advisory privacy property (G12, G15): 10,000+ generated cases, on demand.

The same property as ``tests/integration/test_advisory_privacy.py`` (500 cases in the suite):
cases full of canary identifiers are packed by the core, sealed as the organisation does,
applied by the advisory consumer to a real SQLite database, read back as an allocated member
would and revoked; no canary may reach the wire, any row, any log record or the member's view,
and nothing of the content or its key may outlive the revocation. Prints the figures and writes
``tests/benchmarks/results/advisory-privacy-soak.json``.

Run: ``./scripts/uv run python tests/benchmarks/soak_advisory_privacy.py [--cases N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).parent / "results"
ROTATE = 1000
sys.path.insert(0, str(ROOT / "tests" / "integration"))

import test_advisory_privacy as prop  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="generated cases (>= 10,000)")
    parser.add_argument("--seed", type=int, default=12, help="hypothesis seed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        # A fresh database every ROTATE cases keeps the scan of every row per case bounded.
        sides = [prop.support(Path(directory) / "0")]
        root = logging.getLogger()
        root.setLevel(logging.DEBUG)
        root.addHandler(sides[-1].records)

        @seed(args.seed)
        @settings(
            max_examples=args.cases,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=prop.generated_cases())
        def soak(case: prop.GeneratedCase) -> None:
            if sides[-1].shared >= ROTATE:
                root.removeHandler(sides[-1].records)
                sides[-1].engine.dispose()
                sides.append(prop.support(Path(directory) / str(len(sides))))
                root.addHandler(sides[-1].records)
            sides[-1].run(case)

        started = time.perf_counter()
        try:
            soak()
        finally:
            root.removeHandler(sides[-1].records)
            sides[-1].engine.dispose()
        elapsed = time.perf_counter() - started
    checked = sum(side.shared for side in sides)
    figures = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "cases_requested": args.cases,
        "cases_checked": checked,
        "databases": len(sides),
        "seed": args.seed,
        "seconds": round(elapsed, 1),
        "ms_per_case": round(1000 * elapsed / max(checked, 1), 2),
        "leaks": 0,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "advisory-privacy-soak.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    return 0 if checked >= args.cases else 1


if __name__ == "__main__":
    sys.exit(main())
