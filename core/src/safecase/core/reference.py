"""Markdown reference tables rendered from the code (the transition table, the refusal codes),
so the documentation cannot drift from what the engine executes: a test compares them."""

from __future__ import annotations

from safecase.core.errors import REFUSAL_MESSAGES
from safecase.core.lifecycle.table import OPENING, STEPS, Step
from safecase.core.states import STATE_NUMBER, CaseState

__all__ = ["refusal_table", "transition_table"]


def _states(states: frozenset[CaseState]) -> str:
    if not states:
        return "—"
    if len(states) == len(CaseState):
        return "any"
    numbers = sorted(STATE_NUMBER[s] for s in states)
    if len(numbers) > 4 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"states {numbers[0]}–{numbers[-1]}"
    return ", ".join(f"`{s.value}`" for s in sorted(states, key=STATE_NUMBER.__getitem__))


def _row(step: Step) -> str:
    target = f"`{step.target.value}`" if step.target else "(unchanged)"
    if step.closure:
        target += f" ({step.closure.value})"
    actors = ", ".join(sorted(r.value for r in step.actors))
    guards = ", ".join(step.guards) or "—"
    cells = (step.id, f"`{step.command}`", _states(step.sources), target, actors, guards)
    return "| " + " | ".join(cells) + " |"


def transition_table() -> str:
    lines = [
        "| step | command | from | to | who | guards |",
        "|---|---|---|---|---|---|",
        *(_row(step) for step in OPENING.values()),
        *(_row(step) for step in STEPS),
    ]
    return "\n".join(lines)


def refusal_table() -> str:
    lines = ["| code | meaning |", "|---|---|"]
    lines += [f"| `{code}` | {message} |" for code, message in sorted(REFUSAL_MESSAGES.items())]
    return "\n".join(lines)
