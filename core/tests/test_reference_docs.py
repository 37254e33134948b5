"""The lifecycle documentation shows exactly what the engine executes."""

from __future__ import annotations

from pathlib import Path

import pytest

from safecase.core.reference import event_catalogue, refusal_table, transition_table
from safecase.core.states import Role

DOC = (Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md").read_text(encoding="utf-8")


def between(marker: str) -> str:
    return DOC.split(f"<!-- {marker} -->\n", 1)[1].split(f"\n<!-- /{marker} -->", 1)[0]


def test_the_documented_transition_table_is_the_one_the_engine_runs() -> None:
    assert between("transition-table") == transition_table()


def test_every_refusal_code_is_documented() -> None:
    assert between("refusal-codes") == refusal_table()


EVENTS = (Path(__file__).resolve().parents[2] / "docs" / "events.md").read_text(encoding="utf-8")


def test_the_documented_events_are_the_ones_the_code_raises() -> None:
    section = EVENTS.split("<!-- event-catalogue -->\n", 1)[1].split("<!-- /event-catalogue -->")[0]
    assert section.strip() == event_catalogue()


@pytest.mark.parametrize("plugin", ["scotland", "england", "singapore", "usa", "australia"])
def test_every_event_a_whole_lifecycle_raises_is_in_the_catalogue(plugin: str) -> None:
    from safecase.core.demo import run_demo

    seen: set[str] = set()
    scenario, _case, _steps = run_demo(plugin)
    original = scenario.lifecycle.execute

    def record(*args: object, **kwargs: object) -> object:
        outcome = original(*args, **kwargs)  # type: ignore[arg-type]
        seen.update(e.type for e in outcome.events)
        return outcome

    scenario.lifecycle.execute = record  # type: ignore[method-assign]
    case = scenario.notified()
    scenario.run(case, "sweep_deadlines", Role.SYS)
    scenario.sanction_in_force(case)
    catalogue = event_catalogue()
    assert seen
    assert all(f"`{event}`" in catalogue for event in seen), sorted(seen)
