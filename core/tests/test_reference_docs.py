"""The lifecycle documentation shows exactly what the engine executes."""

from __future__ import annotations

from pathlib import Path

from safecase.core.reference import refusal_table, transition_table

DOC = (Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md").read_text(encoding="utf-8")


def between(marker: str) -> str:
    return DOC.split(f"<!-- {marker} -->\n", 1)[1].split(f"\n<!-- /{marker} -->", 1)[0]


def test_the_documented_transition_table_is_the_one_the_engine_runs() -> None:
    assert between("transition-table") == transition_table()


def test_every_refusal_code_is_documented() -> None:
    assert between("refusal-codes") == refusal_table()
